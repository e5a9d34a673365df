# The sign part of formats/pdf: PAdES B-B signatures as incremental updates
# (libqpdf reads, OpenSSL signs) and their verification. Needs the emit and
# layout parts (the visible signature is drawn by emit_pdf).
#
# Every file that uses libqpdf or OpenSSL is in a module of its own,
# libtertial_pdf_sign.so, which libtertial_pdf loads the first time a
# signature is made or read (sign_module.cpp): libqpdf and the seven
# libraries it brings (GnuTLS among them) cost every other command about
# 6 ms of start-up, and OpenSSL's libcrypto 0.9 ms. libtertial_pdf keeps the
# calls into it, signing times and the verdict (sign_plain.cpp), and the
# wire form of a parsed PDF (sign_wire.cpp). Shared rather than a plain
# module, as the PKCS#11 module below links it.
pkg_check_modules(QPDF REQUIRED IMPORTED_TARGET libqpdf)
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
list(APPEND TERTIAL_PDF_SOURCES src/sign/sign_plain.cpp src/sign/sign_wire.cpp src/sign/sign_module.cpp)
list(APPEND TERTIAL_PDF_LIBS nlohmann_json::nlohmann_json ${CMAKE_DL_LIBS})
set(TERTIAL_PDF_SIGN_SOURCES src/sign/sign_parse.cpp src/sign/sign_changes.cpp src/sign/sign_update.cpp src/sign/sign_dss.cpp
    src/sign/sign_credentials.cpp src/sign/sign_verify.cpp src/sign/sign_revocation.cpp src/sign/sign_module_main.cpp)
set(TERTIAL_PDF_QPDF_SOURCES src/sign/sign_parse.cpp src/sign/sign_changes.cpp src/sign/sign_update.cpp src/sign/sign_dss.cpp)
# qpdf 11's smart pointers are std::shared_ptr (no PointerHolder), whatever
# a file includes first.
set_property(SOURCE ${TERTIAL_PDF_QPDF_SOURCES} APPEND PROPERTY COMPILE_DEFINITIONS POINTERHOLDER_TRANSITION=4)
# clang 14 cannot compile qpdf 11's JSON.hh in C++20 (a defaulted destructor
# of std::vector<JSON> is instantiated while JSON is incomplete); the fuzz
# build uses clang, so there these files are C++17, which they keep to.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set_property(SOURCE ${TERTIAL_PDF_QPDF_SOURCES} APPEND PROPERTY COMPILE_OPTIONS -std=c++17)
endif()
# Keys on smart cards and HSMs (PKCS#11) through libp11: docs/pkcs11.md. A
# module of its own too, libtertial_pdf_pkcs11.so, loaded by
# Credentials::from_pkcs11() (sign_module.cpp): only `sign` with a token
# maps libp11.
pkg_check_modules(LIBP11 REQUIRED IMPORTED_TARGET libp11)
set(TERTIAL_PDF_PKCS11_SOURCES src/sign/sign_pkcs11.cpp src/sign/sign_pkcs11_module_main.cpp)
