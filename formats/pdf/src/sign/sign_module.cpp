// Signing and verifying through the modules: parse_signed_pdf(),
// sign_pdf(), verify_pdf(), Credentials and the rest in the signature module
// (libqpdf and OpenSSL); Credentials::from_pkcs11() in the libp11 module.
// Each is loaded from the directory of this library the first time it is
// needed, so that a command that never signs loads neither.
#include "sign_module.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "module_loader.hpp"

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
using sign_detail::SignModule;

const SignModule& module() {
    using namespace sign_detail;
    return once<SignModule>(sign_module_file, sign_module_symbol, sign_module_version, "PDF signature module");
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

VerifyResult verify_pdf(const std::string& bytes, const std::vector<TrustAnchor>& anchors, const PdfParser& parse) {
    return module().verify_signatures(bytes, TrustSettings{anchors, {}}, parse);
}

VerifyResult verify_pdf_against(const std::string& bytes, const TrustSettings& trust, const PdfParser& parse) {
    return module().verify_signatures(bytes, trust, parse);
}

// ---- Credentials: its key and certificates are OpenSSL's, made and read in the module

void Credentials::ImplDeleter::operator()(Impl* impl) const {
    module().free_credentials(impl);
}

Credentials::Credentials(Impl* impl) : impl_(impl) {}
Credentials::Credentials(Credentials&&) noexcept = default;
Credentials& Credentials::operator=(Credentials&&) noexcept = default;
Credentials::~Credentials() = default;

Credentials Credentials::from_pkcs12(const std::string& der, const std::string& source,
                                     const PasswordSource& password) {
    return Credentials(module().credentials_from_pkcs12(der, source, password));
}

Credentials Credentials::from_pem(const std::string& cert_pem, const std::string& cert_source,
                                  const std::string& key_pem, const std::string& key_source,
                                  const PasswordSource& password) {
    return Credentials(module().credentials_from_pem(cert_pem, cert_source, key_pem, key_source, password));
}

Credentials Credentials::from_pkcs11(const Pkcs11Key& key, const PasswordSource& pin) {
    // The signature module first, by its path: the libp11 module links it
    // (a missing one is named here, not as a library the loader cannot
    // find), and it frees the key.
    module();
    return Credentials(pkcs11_module().credentials(key, pin));
}

std::string Credentials::subject() const {
    return module().credentials_subject(*impl_);
}
std::string Credentials::common_name() const {
    return module().credentials_common_name(*impl_);
}
std::string Credentials::key_description() const {
    return module().credentials_key_description(*impl_);
}
void Credentials::check_usable_at(const SigningTime& t) const {
    module().check_credentials_usable(*impl_, t);
}
void Credentials::check_usable_now() const {
    module().check_credentials_usable(*impl_, std::nullopt);
}

}  // namespace tertial::pdf
