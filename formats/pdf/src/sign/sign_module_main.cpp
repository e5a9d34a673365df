// The entry point of libtertial_pdf_qpdf.so (see sign_module.hpp).
#include "sign_module.hpp"
#include "sign_qpdf.hpp"

extern "C" __attribute__((visibility("default"))) const tertial::pdf::sign_detail::QpdfModule*
tertial_pdf_qpdf_module() {
    using namespace tertial::pdf::sign_detail;
    static const QpdfModule module{qpdf_module_version, qpdf_parse_signed_pdf, qpdf_sign_pdf,
                                     qpdf_pdf_differences, qpdf_add_validation_data};
    return &module;
}
