// The seams between libtertial_pdf and its two signing modules, beside it:
// the signature module (libtertial_pdf_sign.so: libqpdf and OpenSSL) and the
// libp11 one (libtertial_pdf_pkcs11.so). Each has one C symbol that returns
// the module's functions. Both sides are built from this tree together.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::sign_detail {

struct SignModule {
    int version;  // sign_module_version, so a module from another build is refused
    ParsedPdf (*parse_signed_pdf)(const std::string& bytes);
    std::string (*sign_pdf)(const std::string& input, const SignRequest& request, const Credentials& credentials);
    std::vector<std::string> (*pdf_differences)(const std::string& expected, const std::string& actual);
    std::string (*add_validation_data)(const std::string& input, const ValidationData& data);
    // Credentials' members: a key made here is freed by free_credentials.
    Credentials::Impl* (*credentials_from_pkcs12)(const std::string& der, const std::string& source,
                                                  const PasswordSource& password);
    Credentials::Impl* (*credentials_from_pem)(const std::string& cert_pem, const std::string& cert_source,
                                               const std::string& key_pem, const std::string& key_source,
                                               const PasswordSource& password);
    void (*free_credentials)(Credentials::Impl* impl);
    std::string (*credentials_subject)(const Credentials::Impl& c);
    std::string (*credentials_common_name)(const Credentials::Impl& c);
    std::string (*credentials_key_description)(const Credentials::Impl& c);
    void (*check_credentials_usable)(const Credentials::Impl& c, const std::optional<SigningTime>& when);
    VerifyResult (*verify_signatures)(const std::string& bytes, const TrustSettings& trust, const PdfParser& parse);
};

// Raised whenever the functions or their types change.
inline constexpr int sign_module_version = 4;
inline constexpr const char* sign_module_file = "libtertial_pdf_sign.so";
inline constexpr const char* sign_module_symbol = "tertial_pdf_sign_module";

// The key on a token (Credentials::from_pkcs11), in the libp11 module; the
// caller's, to free through the signature module's free_credentials.
Credentials::Impl* pkcs11_credentials(const Pkcs11Key& key, const PasswordSource& pin);

struct Pkcs11Module {
    int version;  // pkcs11_module_version
    Credentials::Impl* (*credentials)(const Pkcs11Key& key, const PasswordSource& pin);
};

inline constexpr int pkcs11_module_version = 2;
inline constexpr const char* pkcs11_module_file = "libtertial_pdf_pkcs11.so";
inline constexpr const char* pkcs11_module_symbol = "tertial_pdf_pkcs11_module";

}  // namespace tertial::pdf::sign_detail

extern "C" const tertial::pdf::sign_detail::SignModule* tertial_pdf_sign_module();
extern "C" const tertial::pdf::sign_detail::Pkcs11Module* tertial_pdf_pkcs11_module();
