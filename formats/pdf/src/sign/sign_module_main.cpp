// The entry point of libtertial_pdf_sign.so (see sign_module.hpp).
#include "sign_impl.hpp"
#include "sign_module.hpp"
#include "sign_qpdf.hpp"

extern "C" __attribute__((visibility("default"))) const tertial::pdf::sign_detail::SignModule*
tertial_pdf_sign_module() {
    using namespace tertial::pdf::sign_detail;
    static const SignModule module{sign_module_version,
                                   qpdf_parse_signed_pdf,
                                   qpdf_sign_pdf,
                                   qpdf_pdf_differences,
                                   qpdf_add_validation_data,
                                   credentials_from_pkcs12,
                                   credentials_from_pem,
                                   free_credentials,
                                   credentials_subject,
                                   credentials_common_name,
                                   credentials_key_description,
                                   check_credentials_usable,
                                   verify_signatures};
    return &module;
}
