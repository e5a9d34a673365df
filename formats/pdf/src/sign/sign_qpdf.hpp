// The libqpdf part of signing, in the signature module
// (libtertial_pdf_sign.so), loaded only by the commands that sign or read
// signatures: libqpdf and the GnuTLS it links cost every other run about
// 6 ms of start-up. What it reads from a PDF: signature fields and
// embedded files.
#pragma once

#ifndef POINTERHOLDER_TRANSITION
#define POINTERHOLDER_TRANSITION 4  // qpdf 11: std::shared_ptr throughout
#endif
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::sign_detail {

struct SignatureFieldRef {
    std::string name;         // full name ("parent.child")
    QPDFObjectHandle field;   // the field dictionary (indirect)
    QPDFObjectHandle widget;  // its widget: the field itself when merged, else its first kid widget
};

// Every signature field (/FT /Sig, inherited or not) reachable from the
// AcroForm's /Fields, in tree order. Cycles and very deep trees are cut.
std::vector<SignatureFieldRef> signature_fields(QPDF& pdf);

// The decoded bytes of the embedded file `name`; nullopt when there is none.
std::optional<std::string> embedded_file(QPDF& pdf, const std::string& name);

// The objects of a signature filled in by a later revision.
struct NewSignature {
    QPDFObjGen field, widget, value;  // in the later revision
};

// What changed from `before` to `after` that is not one of `signatures`
// being filled in, each described ("page 3 (object 12) was changed").
// `after_bytes` is the later file; its part from `before_end` on is what
// was added (sign_changes.cpp).
std::vector<std::string> other_changes(QPDF& before, QPDF& after, const std::string& after_bytes, std::size_t before_end,
                                       const std::vector<NewSignature>& signatures);

// The name qpdf gives the bytes it reads (it puts it into its messages),
// and a qpdf exception's message without it: the caller names the file.
inline constexpr const char* qpdf_buffer_name = "the PDF";
std::string qpdf_message(const std::exception& e);

// What the module exports (sign_module_main.cpp): parse_signed_pdf() and
// sign_pdf() of sign.hpp, which load the module and call these.
ParsedPdf qpdf_parse_signed_pdf(const std::string& bytes);
std::string qpdf_sign_pdf(const std::string& input, const SignRequest& request, const Credentials& credentials);
std::vector<std::string> qpdf_pdf_differences(const std::string& expected, const std::string& actual);

std::string qpdf_add_validation_data(const std::string& input, const ValidationData& data);

// ---- the document security store (sign_dss.cpp) ----

// The certificates and CRLs of the catalog's /DSS, as written (DER).
void read_dss(QPDF& pdf, std::vector<std::string>& certificates, std::vector<std::string>& crls);
// Whether the catalog's /DSS differs from `before` to `after`.
bool dss_changed(QPDF& before, QPDF& after);
// When the DSS changed from `before` to `after` and the new objects it
// reaches are validation data and nothing else (streams of certificates,
// CRLs and OCSP responses, the dictionaries and arrays that list them,
// none of them an object number `before` used or referred to): those
// objects, which are then no change to the signed document. Otherwise
// none, with why in `problems`.
std::set<QPDFObjGen> validation_data_objects(QPDF& before, QPDF& after, std::vector<std::string>& problems);

}  // namespace tertial::pdf::sign_detail
