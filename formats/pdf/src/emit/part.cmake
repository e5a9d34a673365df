# The emit part of formats/pdf: the laid-out Document as tagged PDF/A-3
# (PoDoFo), and reading our own attachments back. OpenSSL for MD5
# (attachment checksums, name-based UUIDs): PoDoFo does not export its own.
# libpng decodes PNG logos (their transparency becomes a soft mask).
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng)
# HarfBuzz's subsetter cuts the embedded TrueType fonts (emit_fonts.cpp).
pkg_check_modules(HARFBUZZ_SUBSET REQUIRED IMPORTED_TARGET harfbuzz-subset)
list(APPEND TERTIAL_PDF_SOURCES src/emit/emit.cpp src/emit/emit_checks.cpp src/emit/emit_content.cpp src/emit/emit_fonts.cpp src/emit/emit_meta.cpp src/emit/page_drafts.cpp src/emit/file_writer.cpp src/emit/struct_syntax.cpp src/emit/embedded.cpp src/emit/images.cpp)
list(APPEND TERTIAL_PDF_SOURCES src/emit/page_tree.cpp src/emit/podofo_threads.cpp)
list(APPEND TERTIAL_PDF_LIBS PkgConfig::LIBCRYPTO PkgConfig::LIBPNG PkgConfig::HARFBUZZ_SUBSET)
