// The seams between libtertial_pdf and its two modules, beside it: the
// libqpdf one (libtertial_pdf_qpdf.so) and the libp11 one
// (libtertial_pdf_pkcs11.so). Each has one C symbol that returns the
// module's functions. Both sides are built from this tree together.
#pragma once

#include <memory>
#include <string>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::sign_detail {

struct QpdfModule {
    int version;  // qpdf_module_version, so a module from another build is refused
    ParsedPdf (*parse_signed_pdf)(const std::string& bytes);
    std::string (*sign_pdf)(const std::string& input, const SignRequest& request, const Credentials& credentials);
    std::vector<std::string> (*pdf_differences)(const std::string& expected, const std::string& actual);
    std::string (*add_validation_data)(const std::string& input, const ValidationData& data);
};

// Raised whenever the functions or their types change.
inline constexpr int qpdf_module_version = 3;
inline constexpr const char* qpdf_module_file = "libtertial_pdf_qpdf.so";
inline constexpr const char* qpdf_module_symbol = "tertial_pdf_qpdf_module";

// The key on a token (Credentials::from_pkcs11), in the libp11 module.
std::unique_ptr<Credentials::Impl> pkcs11_credentials(const Pkcs11Key& key, const PasswordSource& pin);

struct Pkcs11Module {
    int version;  // pkcs11_module_version
    std::unique_ptr<Credentials::Impl> (*credentials)(const Pkcs11Key& key, const PasswordSource& pin);
};

inline constexpr int pkcs11_module_version = 1;
inline constexpr const char* pkcs11_module_file = "libtertial_pdf_pkcs11.so";
inline constexpr const char* pkcs11_module_symbol = "tertial_pdf_pkcs11_module";

}  // namespace tertial::pdf::sign_detail

extern "C" const tertial::pdf::sign_detail::QpdfModule* tertial_pdf_qpdf_module();
extern "C" const tertial::pdf::sign_detail::Pkcs11Module* tertial_pdf_pkcs11_module();
