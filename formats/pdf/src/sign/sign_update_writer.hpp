// The incremental update as we write it: changed and new objects appended
// to the unchanged input, and a cross reference of the input's own form
// (table or stream) chained by /Prev. Used by sign_pdf() and by
// add_validation_data() (the DSS).
#pragma once

#include <qpdf/QPDFObjectHandle.hh>

#include <cctype>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "sign_impl.hpp"

namespace tertial::pdf::sign_detail {

// Where the last cross-reference section starts, and whether it is a stream.
struct LastXref {
    std::int64_t offset = 0;
    bool stream = false;
};

inline LastXref last_xref(const std::string& pdf) {
    std::size_t at = pdf.rfind("startxref");
    if (at == std::string::npos || pdf.size() - at > 2048)
        throw SignError(SignError::Kind::not_signable, "no startxref at the end of the PDF");
    std::size_t i = at + 9;
    while (i < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[i]))) ++i;
    std::int64_t offset = 0;
    std::size_t digits = 0;
    for (; i < pdf.size() && std::isdigit(static_cast<unsigned char>(pdf[i])) && digits < 18; ++i, ++digits)
        offset = offset * 10 + (pdf[i] - '0');
    if (digits == 0 || offset >= static_cast<std::int64_t>(pdf.size()))
        throw SignError(SignError::Kind::not_signable, "the PDF's startxref does not point into the file");
    bool table = pdf.compare(static_cast<std::size_t>(offset), 4, "xref") == 0;
    return {offset, !table};
}

inline std::string big_endian(std::uint64_t v, int bytes) {
    std::string out(static_cast<std::size_t>(bytes), '\0');
    for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
    return out;
}

class UpdateWriter {
public:
    explicit UpdateWriter(std::string base) : out_(std::move(base)) {
        if (out_.empty() || (out_.back() != '\n' && out_.back() != '\r')) out_ += '\n';
    }

    void object(QPDFObjectHandle o) {
        begin(o.getObjGen());
        if (o.isStream()) {
            auto raw = o.getRawStreamData();
            QPDFObjectHandle dict = o.getDict();
            dict.replaceKey("/Length", QPDFObjectHandle::newInteger(static_cast<long long>(raw->getSize())));
            out_ += dict.unparseResolved() + "\nstream\n";
            out_.append(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
            out_ += "\nendstream\nendobj\n";
        } else {
            out_ += o.unparseResolved() + "\nendobj\n";
        }
    }

    // The signature dictionary, with room for the byte range and the CMS.
    void signature(QPDFObjGen og, const std::string& dict_without_end, std::size_t contents_bytes) {
        begin(og);
        out_ += dict_without_end + " /ByteRange ";
        range_at_ = out_.size();
        out_ += std::string(range_width, ' ');
        out_ += " /Contents ";
        contents_at_ = out_.size();
        out_ += "<" + std::string(2 * contents_bytes, '0') + ">";
        contents_end_ = out_.size();
        out_ += " >>\nendobj\n";
    }

    void xref(const LastXref& prev, QPDFObjectHandle trailer, int xref_stream_id) {
        std::string keys;
        for (const char* key : {"/Root", "/Info", "/ID"})
            if (trailer.hasKey(key)) keys += std::string(" ") + key + " " + trailer.getKey(key).unparse();
        int size = std::max<int>(static_cast<int>(trailer.getKey("/Size").getIntValue()),
                                 (offsets_.empty() ? 0 : offsets_.rbegin()->first.getObj()) + 1);
        if (prev.stream) {
            size = std::max(size, xref_stream_id + 1);
            QPDFObjGen self(xref_stream_id, 0);
            std::size_t start = out_.size();
            offsets_[self] = start;
            int width = out_.size() > 0xFFFFFFFFu ? 8 : 4;
            std::string data, index;
            for (auto run = offsets_.begin(); run != offsets_.end();) {
                auto end = run;
                int count = 0;
                while (end != offsets_.end() && end->first.getObj() == run->first.getObj() + count) ++end, ++count;
                index += (index.empty() ? "" : " ") + std::to_string(run->first.getObj()) + " " + std::to_string(count);
                for (auto e = run; e != end; ++e)
                    data += big_endian(1, 1) + big_endian(e->second, width) +
                            big_endian(static_cast<std::uint64_t>(e->first.getGen()), 2);
                run = end;
            }
            out_ += std::to_string(xref_stream_id) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(size) +
                    " /Index [" + index + "] /W [1 " + std::to_string(width) + " 2]" + keys + " /Prev " +
                    std::to_string(prev.offset) + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
                    "\nendstream\nendobj\n";
            out_ += "startxref\n" + std::to_string(start) + "\n%%EOF\n";
        } else {
            std::size_t start = out_.size();
            out_ += "xref\n";
            for (auto run = offsets_.begin(); run != offsets_.end();) {
                auto end = run;
                int count = 0;
                while (end != offsets_.end() && end->first.getObj() == run->first.getObj() + count) ++end, ++count;
                out_ += std::to_string(run->first.getObj()) + " " + std::to_string(count) + "\n";
                for (auto e = run; e != end; ++e) {
                    char line[32];
                    std::snprintf(line, sizeof line, "%010llu %05d n\r\n", static_cast<unsigned long long>(e->second),
                                  e->first.getGen());
                    out_ += line;
                }
                run = end;
            }
            out_ += "trailer\n<< /Size " + std::to_string(size) + keys + " /Prev " + std::to_string(prev.offset) +
                    " >>\nstartxref\n" + std::to_string(start) + "\n%%EOF\n";
        }
    }

    // Fills in the byte range, then the signature over it.
    template <typename Sign>
    std::string finish(Sign sign) {
        std::int64_t a = static_cast<std::int64_t>(contents_at_), b = static_cast<std::int64_t>(contents_end_);
        std::vector<std::int64_t> range = {0, a, b, static_cast<std::int64_t>(out_.size()) - b};
        std::string text =
            "[0 " + std::to_string(range[1]) + " " + std::to_string(range[2]) + " " + std::to_string(range[3]) + "]";
        if (text.size() > range_width) throw std::runtime_error("the PDF is too large to sign");
        out_.replace(range_at_, text.size(), text);
        std::string cms = sign(byte_range_data(out_, range));
        std::size_t room = (contents_end_ - contents_at_ - 2) / 2;
        if (cms.size() > room)
            throw std::runtime_error("the signature (" + std::to_string(cms.size()) + " bytes) does not fit the " +
                                     std::to_string(room) + " bytes reserved");
        static const char* hex = "0123456789ABCDEF";
        for (std::size_t i = 0; i < cms.size(); ++i) {
            auto c = static_cast<unsigned char>(cms[i]);
            out_[contents_at_ + 1 + 2 * i] = hex[c >> 4];
            out_[contents_at_ + 2 + 2 * i] = hex[c & 0xF];
        }
        return std::move(out_);
    }

    // The update as it is, for one without a signature.
    std::string take() { return std::move(out_); }

private:
    static constexpr std::size_t range_width = 60;

    void begin(QPDFObjGen og) {
        offsets_[og] = out_.size();
        out_ += std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " obj\n";
    }

    std::string out_;
    std::map<QPDFObjGen, std::size_t> offsets_;
    std::size_t range_at_ = 0, contents_at_ = 0, contents_end_ = 0;
};

}  // namespace tertial::pdf::sign_detail
