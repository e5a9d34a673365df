// find_signatures(): every signature field and signature dictionary of a PDF, through PoDoFo's object list.
#include "tertial/pdf/signature_fields.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <stdexcept>

namespace tertial::pdf {
namespace {

using namespace PoDoFo;

const PdfObject* resolved(const PdfMemDocument& doc, const PdfObject* o) {
    if (o && o->IsReference()) return doc.GetObjects().GetObject(o->GetReference());
    return o;
}

bool has_name(const PdfDictionary& d, const char* key, const char* value) {
    const PdfObject* o = d.GetKey(PdfName(key));
    return o && o->IsName() && o->GetName().GetName() == value;
}

// A signature dictionary holds the signed byte ranges; an empty field has none.
bool is_signature(const PdfObject* o) {
    return o && o->IsDictionary() && o->GetDictionary().HasKey(PdfName("ByteRange"));
}

}  // namespace

FoundSignatures find_signatures(const std::string& pdf_bytes) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    FoundSignatures out;
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(pdf_bytes.data(), static_cast<long>(pdf_bytes.size()));
        // Every object, not only the AcroForm's fields: a signature whose
        // field was dropped from the form is still a signature.
        for (const PdfObject* o : doc.GetObjects()) {
            if (!o || !o->IsDictionary()) continue;
            const PdfDictionary& d = o->GetDictionary();
            if (is_signature(o)) ++out.signatures;
            if (!has_name(d, "FT", "Sig")) continue;
            SignatureField field;
            if (const PdfObject* t = d.GetKey(PdfName("T")); t && t->IsString())
                field.name = t->GetString().GetStringUtf8();
            field.signed_ = is_signature(resolved(doc, d.GetKey(PdfName("V"))));
            out.fields.push_back(std::move(field));
        }
    } catch (const PdfError& e) {
        const char* what = PdfError::ErrorName(e.GetError());
        throw std::runtime_error(std::string("cannot read the PDF: ") + (what ? what : "unknown PoDoFo error"));
    }
    std::sort(out.fields.begin(), out.fields.end(),
              [](const SignatureField& a, const SignatureField& b) { return a.name < b.name; });
    return out;
}

}  // namespace tertial::pdf
