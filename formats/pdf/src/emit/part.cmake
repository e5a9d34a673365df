# The emit part of formats/pdf: the laid-out Document as tagged PDF/A-3
# (PoDoFo), and reading our own attachments back. A module of its own,
# libtertial_pdf_emit.so (TERTIAL_PDF_EMIT_SOURCES), which libtertial_pdf
# loads the first time a PDF is made or read, or ahead on a thread
# (emit_module.cpp): PoDoFo and the twenty libraries it brings (libtiff and
# its codecs, libjpeg, libidn, ...) cost every process about 1.6 ms of
# start-up, which `tertial build` now spends while it reads the report.
#
# In libtertial_pdf itself: the calls into the module, and compression and
# digests (packing.cpp: libdeflate, and Nettle for MD5, which PoDoFo does
# not export), which also pack a report's source before the module is needed.
# Nettle, not OpenSSL's libcrypto: loading libcrypto costs a process about
# 0.9 ms of start-up (Nettle 0.1), and only the signature module needs it.
# libpng decodes PNG logos (their transparency becomes a soft mask).
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng)
# HarfBuzz's subsetter cuts the embedded TrueType fonts (emit_fonts.cpp).
pkg_check_modules(HARFBUZZ_SUBSET REQUIRED IMPORTED_TARGET harfbuzz-subset)
list(APPEND TERTIAL_PDF_SOURCES src/emit/emit_module.cpp src/emit/packing.cpp)
list(APPEND TERTIAL_PDF_LIBS PkgConfig::NETTLE)
set(TERTIAL_PDF_EMIT_SOURCES src/emit/emit.cpp src/emit/emit_checks.cpp src/emit/emit_content.cpp src/emit/emit_fonts.cpp
    src/emit/emit_meta.cpp src/emit/page_drafts.cpp src/emit/file_writer.cpp src/emit/struct_syntax.cpp src/emit/embedded.cpp
    src/emit/images.cpp src/emit/page_tree.cpp src/emit/podofo_threads.cpp src/emit/emit_module_main.cpp)
set(TERTIAL_PDF_EMIT_LIBS PkgConfig::PODOFO PkgConfig::LIBPNG PkgConfig::HARFBUZZ_SUBSET PkgConfig::HARFBUZZ PkgConfig::FREETYPE
    PkgConfig::LIBDEFLATE Threads::Threads fmt::fmt)
