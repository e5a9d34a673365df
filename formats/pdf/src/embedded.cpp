// read_attachment(): an embedded file out of one of our own PDFs, through
// the EmbeddedFiles name tree.
#include "tertial/pdf/embedded.hpp"

#include <podofo/podofo.h>

#include <memory>
#include <stdexcept>

namespace tertial::pdf {
namespace {

using namespace PoDoFo;

std::string text_of(const PdfObject* o) {
    if (!o || !o->IsString()) return {};
    return o->GetString().GetStringUtf8();
}

std::string stream_bytes(const PdfObject* file) {
    if (!file || !file->HasStream()) throw std::runtime_error("the PDF's attachment has no data stream");
    char* buffer = nullptr;
    pdf_long length = 0;
    file->GetStream()->GetFilteredCopy(&buffer, &length);
    std::unique_ptr<char, void (*)(void*)> owned(buffer, podofo_free);
    return std::string(buffer ? buffer : "", buffer ? static_cast<std::size_t>(length) : 0);
}

}  // namespace

std::optional<std::string> read_attachment(const std::string& pdf_bytes, const std::string& name) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(pdf_bytes.data(), static_cast<long>(pdf_bytes.size()));
        PdfNamesTree* names = doc.GetNamesTree(ePdfDontCreateObject);
        if (!names) return std::nullopt;
        PdfDictionary files;
        names->ToDictionary(PdfName("EmbeddedFiles"), files);
        for (const auto& [key, value] : files.GetKeys()) {
            const PdfObject* spec = value;
            if (spec && spec->IsReference()) spec = doc.GetObjects().GetObject(spec->GetReference());
            if (!spec || !spec->IsDictionary()) continue;
            bool match = text_of(spec->GetDictionary().GetKey("UF")) == name ||
                         text_of(spec->GetDictionary().GetKey("F")) == name;
            if (!match) continue;
            const PdfObject* ef = spec->GetIndirectKey("EF");
            if (!ef || !ef->IsDictionary()) throw std::runtime_error("the PDF's attachment '" + name + "' is not embedded");
            const PdfObject* file = ef->GetIndirectKey("F");
            if (!file) file = ef->GetIndirectKey("UF");
            return stream_bytes(file);
        }
        return std::nullopt;
    } catch (const PdfError& e) {
        const char* what = PdfError::ErrorName(e.GetError());
        const char* message = PdfError::ErrorMessage(e.GetError());
        throw std::runtime_error(std::string("cannot read the PDF: ") + (what ? what : "unknown PoDoFo error") +
                                 (message ? std::string(" (") + message + ")" : std::string()));
    }
}

}  // namespace tertial::pdf
