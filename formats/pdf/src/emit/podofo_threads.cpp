// PoDoFo's (and libdeflate's) process-wide state, made safe for PDFs written on several threads at once.
#include <mutex>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

using namespace PoDoFo;

// PoDoFo 0.9.8 makes its global encodings on first use by double-checked
// locking on a plain pointer, builds a simple encoding's table the same
// way, and sets its debug and logging flags as plain globals: written by
// one thread while another reads them is a data race (helgrind shows each).
// libdeflate picks its CPU-specific functions on first use the same way.
// All of it is done here once, before any PDF is made; after that the
// threads only read it.
void prepare_libraries() {
    static std::once_flag once;
    std::call_once(once, [] {
        PdfError::EnableDebug(false);
        PdfError::EnableLogging(false);
        PdfEncodingFactory::GlobalIdentityEncodingInstance();
        for (const PdfEncoding* e : {PdfEncodingFactory::GlobalPdfDocEncodingInstance(),
                                     PdfEncodingFactory::GlobalWinAnsiEncodingInstance()})
            e->ConvertToEncoding(PdfString("A"), nullptr);  // builds its table
        deflate("warm up");  // libdeflate's CPU features and Adler-32
    });
}

// PdfMemDocument's constructor stamps the Info dictionary with the time
// through localtime() and gmtime(), which share one static buffer: two
// documents made at once race on it (the dates are replaced by the
// report's own afterwards, but the race is there). Documents are made one
// at a time; what they do afterwards is their own.
std::unique_lock<std::mutex> document_creation() {
    static std::mutex creating;
    return std::unique_lock<std::mutex>(creating);
}

}  // namespace tertial::pdf::emit_detail
