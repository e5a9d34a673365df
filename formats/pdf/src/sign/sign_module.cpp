// parse_signed_pdf(), sign_pdf() and the rest: the libqpdf module; and
// Credentials::from_pkcs11(): the libp11 module. Each is loaded from the
// directory of this library the first time it is needed.
#include "sign_module.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "module_loader.hpp"
#include "sign_impl.hpp"

namespace tertial::pdf {

std::string module_detail::module_path(const char* file) {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<const void*>(&load_signature_module), &info) == 0 || !info.dli_fname)
        throw std::runtime_error("cannot find where Tertial's libraries are installed");
    // Loaded through the run path, it is ".../bin/../lib/libtertial_pdf.so".
    return (std::filesystem::path(info.dli_fname).parent_path() / file).lexically_normal().string();
}

namespace {

using module_detail::once;

using sign_detail::Pkcs11Module;
using sign_detail::QpdfModule;

const QpdfModule& module() {
    using namespace sign_detail;
    return once<QpdfModule>(qpdf_module_file, qpdf_module_symbol, qpdf_module_version, "PDF signature module");
}

const Pkcs11Module& pkcs11_module() {
    using namespace sign_detail;
    return once<Pkcs11Module>(pkcs11_module_file, pkcs11_module_symbol, pkcs11_module_version,
                              "PKCS#11 signing module");
}

}  // namespace

ModuleError::~ModuleError() = default;

void load_signature_module() {
    module();
}

ParsedPdf parse_signed_pdf(const std::string& bytes) {
    return module().parse_signed_pdf(bytes);
}

std::vector<std::string> pdf_differences(const std::string& expected, const std::string& actual) {
    return module().pdf_differences(expected, actual);
}

std::string sign_pdf(const std::string& pdf, const SignRequest& request, const Credentials& credentials) {
    return module().sign_pdf(pdf, request, credentials);
}

std::string add_validation_data(const std::string& pdf, const ValidationData& data) {
    return module().add_validation_data(pdf, data);
}

Credentials Credentials::from_pkcs11(const Pkcs11Key& key, const PasswordSource& pin) {
    return Credentials(pkcs11_module().credentials(key, pin));
}

}  // namespace tertial::pdf
