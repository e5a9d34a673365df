// The entry point of libtertial_pdf_pkcs11.so (see sign_module.hpp).
#include "sign_impl.hpp"
#include "sign_module.hpp"

extern "C" __attribute__((visibility("default"))) const tertial::pdf::sign_detail::Pkcs11Module*
tertial_pdf_pkcs11_module() {
    using namespace tertial::pdf::sign_detail;
    static const Pkcs11Module module{pkcs11_module_version, pkcs11_credentials};
    return &module;
}
