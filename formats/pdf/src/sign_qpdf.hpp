// What signing and verifying read from a PDF through libqpdf: signature
// fields and embedded files.
#pragma once

#ifndef POINTERHOLDER_TRANSITION
#define POINTERHOLDER_TRANSITION 4  // qpdf 11: std::shared_ptr throughout
#endif
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <optional>
#include <string>
#include <vector>

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

}  // namespace tertial::pdf::sign_detail
