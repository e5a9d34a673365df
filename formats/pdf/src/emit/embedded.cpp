// read_attachment(): an embedded file out of one of our own PDFs, through
// the EmbeddedFiles name tree.
#include "tertial/pdf/embedded.hpp"

#include <podofo/podofo.h>

#include <memory>
#include <stdexcept>

#include "emit_impl.hpp"
#include "emit_module.hpp"

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

// PoDoFo's error as a reader of the message would put it.
std::string podofo_problem(EPdfError code) {
    switch (code) {
        case ePdfError_NoPdfFile:
            return "not a PDF (no %PDF- header)";
        case ePdfError_NoEOFToken:
        case ePdfError_UnexpectedEOF:
            return "the file is truncated or damaged (it does not end as a PDF does)";
        case ePdfError_NoXRef:
        case ePdfError_InvalidXRef:
        case ePdfError_InvalidXRefStream:
        case ePdfError_InvalidXRefType:
        case ePdfError_NoTrailer:
        case ePdfError_InvalidTrailerSize:
            return "its cross-reference table or trailer is damaged";
        case ePdfError_InvalidPassword:
        case ePdfError_InvalidEncryptionDict:
        case ePdfError_CannotEncryptedForUpdate:
            return "the PDF is encrypted";
        case ePdfError_OutOfMemory:
            return "out of memory while reading it";
        default: {
            const char* message = PdfError::ErrorMessage(code);
            const char* name = PdfError::ErrorName(code);
            return std::string("the PDF is damaged: ") +
                   (message ? message : name ? name : "PoDoFo reports an unknown error");
        }
    }
}

}  // namespace

std::optional<std::string> emit_detail::module_read_attachment(const std::string& pdf_bytes, const std::string& name) {
    if (auto why = not_a_pdf(pdf_bytes)) throw std::runtime_error(*why);
    emit_detail::prepare_libraries();
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
        throw std::runtime_error(podofo_problem(e.GetError()));
    }
}

}  // namespace tertial::pdf
