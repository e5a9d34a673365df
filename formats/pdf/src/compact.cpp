// Rewriting the PDF with object streams (libqpdf): PoDoFo 0.9.8 writes
// every structure element as its own top-level object, which roughly halves
// in object streams. PDF/A-2 and -3 allow them; the endstream EOL rule
// still holds, and the XMP stream is left uncompressed by qpdf.
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

#include <stdexcept>

#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::pdf {

std::string compact_pdf(const std::string& pdf) {
    try {
        QPDF doc;
        doc.setSuppressWarnings(true);
        doc.processMemoryFile("tertial.pdf", pdf.data(), pdf.size());
        Pl_Flate::setCompressionLevel(9);
        QPDFWriter writer(doc);
        writer.setOutputMemory();
        writer.setObjectStreamMode(qpdf_o_generate);
        writer.setRecompressFlate(true);
        writer.setNewlineBeforeEndstream(true);  // PDF/A: an EOL before every endstream
        writer.setDeterministicID(true);         // the same content, the same /ID
        writer.write();
        auto buffer = writer.getBufferSharedPointer();
        return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("cannot compact the PDF: ") + e.what());
    }
}

}  // namespace tertial::pdf
