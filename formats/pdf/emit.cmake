# The emit part of formats/pdf: the laid-out Document as tagged PDF/A-3
# (PoDoFo), and reading our own attachments back. OpenSSL for MD5
# (attachment checksums, name-based UUIDs): PoDoFo does not export its own.
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
list(APPEND TERTIAL_PDF_SOURCES src/emit.cpp src/emit_fonts.cpp src/emit_meta.cpp src/embedded.cpp)
list(APPEND TERTIAL_PDF_LIBS PkgConfig::LIBCRYPTO)
list(APPEND TERTIAL_PDF_SOURCES src/signature_fields.cpp)  # rollover: is an input PDF signed?
