// The emitter's small parts: numbers, strings, dates, identifiers and the
// XMP packet (PDF/A-3 level A, PDF/UA-1, equal to the Info dictionary).
#include <charconv>
#include <map>
#include <memory>
#include <cmath>
#include <stdexcept>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

double round3(double v) {
    double r = std::round(v * 1000.0) / 1000.0;
    return r == 0 ? 0.0 : r;  // no negative zero
}

std::string num(double v) {
    if (!std::isfinite(v)) throw std::invalid_argument("a coordinate or size is not a finite number");
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, round3(v), std::chars_format::fixed, 3);
    if (ec != std::errc()) throw std::invalid_argument("a number is out of range for PDF");
    std::string s(buf, end);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    decode_utf8(s, out);
    return out;
}

void decode_utf8(std::string_view s, std::u32string& out) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += c;
            ++i;
            continue;
        }
        std::size_t extra;
        char32_t cp, least;
        if ((c >> 5) == 0x6) extra = 1, cp = c & 0x1F, least = 0x80;
        else if ((c >> 4) == 0xE) extra = 2, cp = c & 0x0F, least = 0x800;
        else if ((c >> 3) == 0x1E) extra = 3, cp = c & 0x07, least = 0x10000;
        else extra = 0, cp = 0, least = 1;
        bool ok = extra > 0 && i + extra < s.size();
        for (std::size_t k = 1; ok && k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 0x2) ok = false;
            else cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok || cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        out += cp;
        i += extra + 1;
    }
}

std::string utf16be_hex(const std::u32string& s) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    auto unit = [&](unsigned u) {
        for (int shift = 12; shift >= 0; shift -= 4) out += digits[(u >> shift) & 0xF];
    };
    for (char32_t c : s) {
        if (c >= 0x10000) {
            unsigned v = static_cast<unsigned>(c) - 0x10000;
            unit(0xD800 + (v >> 10));
            unit(0xDC00 + (v & 0x3FF));
        } else {
            unit(static_cast<unsigned>(c));
        }
    }
    return out;
}

PoDoFo::PdfString text_string(const std::string& utf8) {
    bool ascii = true;
    for (char c : utf8)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) ascii = false;
    if (ascii) return PoDoFo::PdfString(utf8);
    return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
}

void set_deflated(PoDoFo::PdfObject& object, std::string_view data) { set_packed(object, deflate(data)); }

void set_packed(PoDoFo::PdfObject& object, std::string_view packed) {
    PoDoFo::PdfMemoryInputStream in(packed.data(), static_cast<PoDoFo::pdf_long>(packed.size()));
    object.GetStream()->SetRawData(&in, static_cast<PoDoFo::pdf_long>(packed.size()));
    object.GetDictionary().AddKey(PoDoFo::PdfName::KeyFilter, PoDoFo::PdfName("FlateDecode"));
}

std::string uuid_from(std::string_view name) {
    auto d = md5(name);
    d[6] = static_cast<unsigned char>((d[6] & 0x0F) | 0x30);  // version 3 (MD5, name-based)
    d[8] = static_cast<unsigned char>((d[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += digits[d[i] >> 4];
        out += digits[d[i] & 0xF];
    }
    return out;
}

Dates parse_date(const std::string& iso) {
    auto bad = [&]() { return std::invalid_argument("metadata date '" + iso + "' is not an ISO date (YYYY-MM-DD)"); };
    auto digits = [&](std::size_t pos, std::size_t n) {
        if (pos + n > iso.size()) throw bad();
        for (std::size_t i = pos; i < pos + n; ++i)
            if (iso[i] < '0' || iso[i] > '9') throw bad();
        return iso.substr(pos, n);
    };
    std::string y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2);
    if (iso[4] != '-' || iso[7] != '-') throw bad();
    std::string h = "00", mi = "00", s = "00", sign = "+", oh = "00", om = "00";
    std::size_t pos = 10;
    if (pos < iso.size() && iso[pos] == 'T') {
        h = digits(pos + 1, 2);
        if (iso.size() <= pos + 3 || iso[pos + 3] != ':') throw bad();
        mi = digits(pos + 4, 2);
        pos += 6;
        if (pos < iso.size() && iso[pos] == ':') {
            s = digits(pos + 1, 2);
            pos += 3;
        }
        if (pos < iso.size() && iso[pos] == 'Z') {
            ++pos;
        } else if (pos < iso.size() && (iso[pos] == '+' || iso[pos] == '-')) {
            sign = iso.substr(pos, 1);
            oh = digits(pos + 1, 2);
            if (iso.size() <= pos + 3 || iso[pos + 3] != ':') throw bad();
            om = digits(pos + 4, 2);
            pos += 6;
        }
    }
    if (pos != iso.size()) throw bad();
    int month = std::stoi(mo), day = std::stoi(d);
    if (month < 1 || month > 12 || day < 1 || day > 31 || std::stoi(h) > 23 || std::stoi(mi) > 59 ||
        std::stoi(s) > 59 || std::stoi(oh) > 23 || std::stoi(om) > 59)
        throw bad();
    return {"D:" + y + mo + d + h + mi + s + sign + oh + "'" + om + "'",
            y + "-" + mo + "-" + d + "T" + h + ":" + mi + ":" + s + sign + oh + ":" + om};
}

namespace {

std::string xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                // XML 1.0 has no place for other C0 controls.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
                else out += c;
        }
    }
    return out;
}

}  // namespace

std::string xmp_packet(const Metadata& m, const std::optional<Dates>& dates) {
    std::string x =
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
        "<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n"
        "</rdf:Description>\n"
        "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n"
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<dc:format>application/pdf</dc:format>\n";
    if (!m.title.empty())
        x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(m.title) + "</rdf:li></rdf:Alt></dc:title>\n";
    if (!m.author.empty()) x += "<dc:creator><rdf:Seq><rdf:li>" + xml(m.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!m.subject.empty())
        x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(m.subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    if (!m.language.empty()) x += "<dc:language><rdf:Bag><rdf:li>" + xml(m.language) + "</rdf:li></rdf:Bag></dc:language>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n";
    if (dates)
        x += "<xmp:CreateDate>" + dates->xmp + "</xmp:CreateDate>\n<xmp:ModifyDate>" + dates->xmp +
             "</xmp:ModifyDate>\n<xmp:MetadataDate>" + dates->xmp + "</xmp:MetadataDate>\n";
    if (!m.creator.empty()) x += "<xmp:CreatorTool>" + xml(m.creator) + "</xmp:CreatorTool>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n";
    if (!m.producer.empty()) x += "<pdf:Producer>" + xml(m.producer) + "</pdf:Producer>\n";
    if (!m.keywords.empty()) x += "<pdf:Keywords>" + xml(m.keywords) + "</pdf:Keywords>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
         "<xmpMM:DocumentID>uuid:" + uuid_from("tertial-document:" + m.document_id) + "</xmpMM:DocumentID>\n"
         "<xmpMM:InstanceID>uuid:" + uuid_from("tertial-instance:" + m.document_id) + "</xmpMM:InstanceID>\n"
         "</rdf:Description>\n"
         // pdfuaid is not one of the schemas PDF/A predefines: describe it.
         "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
         " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
         " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
         "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
         "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
         "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
         "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
         "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
         "<pdfaProperty:name>part</pdfaProperty:name>\n"
         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
         "<pdfaProperty:category>internal</pdfaProperty:category>\n"
         "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
         "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
         "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
         "</rdf:Description>\n"
         "</rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
    return x;
}

}  // namespace tertial::pdf::emit_detail
