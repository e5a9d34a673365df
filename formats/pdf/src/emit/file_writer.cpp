// Writing the PDF file from PoDoFo's objects, with object streams and a
// cross-reference stream (PDF 1.5+, allowed by PDF/A-2 and -3). PoDoFo
// 0.9.8 can only write one top-level object per dictionary and a classic
// xref table; a tagged report has hundreds of small structure elements,
// which in object streams take about half the bytes. Every object's
// syntax is PoDoFo's byte for byte (append_syntax), whether it is one of
// PoDoFo's objects or was written ahead (WrittenObjects, merged in by
// number); the file is:
//   header, stream objects (each with an EOL before `endstream`, as PDF/A
//   wants), object streams of up to 100 plain objects, the xref stream.
// The /ID is the MD5 of everything before the xref stream, so the same
// document gives the same bytes.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

using namespace PoDoFo;

namespace {

constexpr std::size_t objects_per_stream = 100;

// A value's syntax as PoDoFo writes it (ePdfWriteMode_Clean).
void append_podofo(std::string& out, const PdfVariant& value) {
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    value.PdfVariant::Write(&device, ePdfWriteMode_Clean, nullptr, PdfName::KeyNull);
    out.append(buffer.GetBuffer(), device.GetLength());
}

template <typename T>
void append_number(std::string& out, T value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

// A PoDoFo value's PDF syntax, byte for byte what PoDoFo 0.9.8's
// PdfVariant::Write gives in clean mode (dictionaries: "<<\n", /Type first,
// then the keys in their map's order, one "/Key value\n" each, ">>"; arrays:
// "[ ", each element followed by a space or, after every tenth, a newline,
// "]"; reals "%f"; references "N G R"), without its printf for every token,
// which was most of the writing of a long report. Strings and raw data go
// to PoDoFo itself. file_writer's output is compared with `cmp` against
// PoDoFo's for every example (bench/issue-21-scaling.md).
}  // namespace

void append_syntax(std::string& out, const PdfVariant& value) {
    switch (value.GetDataType()) {
        case ePdfDataType_Bool:
            out += value.GetBool() ? "true" : "false";
            return;
        case ePdfDataType_Number:
            append_integer(out, static_cast<long long>(value.GetNumber()));
            return;
        case ePdfDataType_Real: {
            char digits[400];
            auto end = std::to_chars(digits, digits + sizeof digits, value.GetReal(), std::chars_format::fixed, 6).ptr;
            out.append(digits, end);
            return;
        }
        case ePdfDataType_Name:
            append_name(out, value.GetName().GetName());
            return;
        case ePdfDataType_Reference:
            append_reference(out, value.GetReference().ObjectNumber(), value.GetReference().GenerationNumber());
            return;
        case ePdfDataType_Null:
            out += "null";
            return;
        case ePdfDataType_Array: {
            out += "[ ";
            std::size_t count = 0;
            for (const PdfObject& element : value.GetArray()) {
                append_syntax(out, element);
                append_array_separator(out, ++count);
            }
            out += ']';
            return;
        }
        case ePdfDataType_Dictionary: {
            out += "<<\n";
            const TKeyMap& keys = value.GetDictionary().GetKeys();
            auto type = keys.find(PdfName::KeyType);
            if (type != keys.end()) {
                out += "/Type ";
                append_syntax(out, *type->second);
                out += '\n';
            }
            for (const auto& [key, object] : keys) {
                if (key == PdfName::KeyType) continue;
                append_name(out, key.GetName());
                out += ' ';
                append_syntax(out, *object);
                out += '\n';
            }
            out += ">>";
            return;
        }
        default:  // strings, raw data
            append_podofo(out, value);
            return;
    }
}

// A name as PoDoFo 0.9.8 writes it: '/' and its bytes, when none needs
// escaping (printable ASCII, no delimiter, no '#'); else PoDoFo's own escaping.
void append_name(std::string& out, std::string_view name) {
    for (unsigned char c : name) {
        if (c <= 32 || c >= 127 || std::strchr("()<>[]{}/%#", c)) {
            PdfRefCountedBuffer buffer;
            PdfOutputDevice device(&buffer);
            PdfName(name.data(), static_cast<long>(name.size())).Write(&device, ePdfWriteMode_Clean, nullptr);
            out.append(buffer.GetBuffer(), device.GetLength());
            return;
        }
    }
    out += '/';
    out += name;
}

// As PoDoFo writes them: the object number as an int, the generation as a short.
void append_reference(std::string& out, std::uint32_t number, std::uint16_t generation) {
    append_number(out, static_cast<int>(number));
    out += ' ';
    append_number(out, static_cast<short>(generation));
    out += " R";
}

void append_integer(std::string& out, long long value) { append_number(out, value); }

namespace {

struct Entry {
    int type = 0;                // 0 free, 1 at an offset, 2 in an object stream
    std::size_t field2 = 0;      // offset, or the object stream's number
    std::size_t field3 = 0;      // index in the object stream
};

void put_big_endian(std::string& out, std::size_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

int bytes_for(std::size_t value) {
    int n = 1;
    while (n < 8 && (value >> (8 * n)) != 0) ++n;
    return n;
}

}  // namespace

void WrittenObjects::reserve(std::size_t objects) {
    numbers_.reserve(objects);
    ends_.reserve(objects);
}

void WrittenObjects::add(std::uint32_t number, std::string_view syntax) {
    if (!numbers_.empty() && number <= numbers_.back())
        throw std::logic_error("written objects must come in ascending numbers");
    constexpr std::size_t block_size = 4 * 1024;
    if (blocks_.empty() || blocks_.back().bytes.capacity() - blocks_.back().bytes.size() < syntax.size()) {
        blocks_.push_back({{}, numbers_.size()});
        blocks_.back().bytes.reserve(std::max(block_size, syntax.size()));
    }
    std::string& bytes = blocks_.back().bytes;
    bytes += syntax;
    numbers_.push_back(number);
    ends_.push_back(static_cast<std::uint32_t>(bytes.size()));
}

std::string_view WrittenObjects::syntax(std::size_t i) const {
    auto block = std::prev(std::upper_bound(blocks_.begin(), blocks_.end(), i,
                                            [](std::size_t index, const Block& b) { return index < b.first; }));
    std::size_t begin = i == block->first ? 0 : ends_[i - 1];
    return std::string_view(block->bytes).substr(begin, ends_[i] - begin);
}

void WrittenObjects::release(std::size_t i) {
    for (; released_ + 1 < blocks_.size() && blocks_[released_ + 1].first <= i; ++released_)
        std::string().swap(blocks_[released_].bytes);
    if (!blocks_.empty() && i >= numbers_.size()) std::string().swap(blocks_.back().bytes);
}

// PdfVecObjects (0.9.8) gives a new object its free list's first number,
// else m_nObjectCount, which every object added raises to one past its own
// number (SetObjectCount). An object added with the last number reserved
// and taken out again without freeing its number (RemoveObject(ref, false))
// leaves the count past the range and nothing else behind.
std::uint32_t reserve_object_numbers(PdfVecObjects& objects, std::size_t count) {
    if (objects.GetCanReuseObjectNumbers() && !objects.GetFreeObjects().empty())
        throw std::logic_error("PoDoFo has free object numbers to reuse: it would not number new objects in order");
    auto first = static_cast<std::uint32_t>(objects.GetObjectCount());
    if (count == 0) return first;
    PdfReference last(static_cast<pdf_objnum>(first + count - 1), 0);
    objects.push_back(new PdfObject(last, static_cast<const char*>(nullptr)));
    delete objects.RemoveObject(last, false);
    if (objects.GetObjectCount() != first + count) throw std::logic_error("PoDoFo did not reserve the object numbers");
    return first;
}

std::string object_syntax(const PdfVariant& value) {
    std::string out;
    append_syntax(out, value);
    return out;
}

std::string write_file(PdfMemDocument& doc, WrittenObjects written) {
    PdfVecObjects& objects = doc.GetObjects();
    const PdfDictionary& trailer = doc.GetTrailer()->GetDictionary();
    const PdfObject* root = trailer.GetKey("Root");
    const PdfObject* info = trailer.GetKey("Info");
    if (!root || !root->IsReference()) throw std::logic_error("the PDF has no catalog");

    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::size_t highest = 0;
    std::vector<const PdfObject*> plain;
    std::vector<Entry> entries;
    auto entry = [&](std::size_t number) -> Entry& {
        if (entries.size() <= number) entries.resize(number + 1);
        return entries[number];
    };
    for (const PdfObject* object : objects) {
        const PdfReference& ref = object->Reference();
        highest = std::max<std::size_t>(highest, ref.ObjectNumber());
        if (!object->HasStream() && ref.GenerationNumber() == 0) {
            plain.push_back(object);
            continue;
        }
        // A stream (or an object that cannot be compressed): on its own.
        entry(ref.ObjectNumber()) = {1, out.size(), 0};
        out += std::to_string(ref.ObjectNumber()) + " " + std::to_string(ref.GenerationNumber()) + " obj\n";
        if (object->HasStream()) {
            const auto* stream = dynamic_cast<const PdfMemStream*>(object->GetStream());
            if (!stream) throw std::logic_error("a PDF stream is not held in memory");
            PdfObject copy(object->GetDictionary());
            copy.GetDictionary().AddKey(PdfName::KeyLength, static_cast<pdf_int64>(stream->GetLength()));
            append_syntax(out, copy);
            out += "\nstream\n";
            out.append(stream->Get(), static_cast<std::size_t>(stream->GetLength()));
            out += "\nendstream\nendobj\n";
        } else {
            append_syntax(out, *object);
            out += "\nendobj\n";
        }
    }

    if (written.size() > 0) highest = std::max<std::size_t>(highest, written.number(written.size() - 1));

    // The plain objects, PoDoFo's and the written ones in number order, a
    // hundred to an object stream, numbered after them.
    std::size_t next = highest + 1;
    std::size_t total = plain.size() + written.size();
    std::size_t p = 0, w = 0;  // the next of PoDoFo's plain objects, of the written ones
    for (std::size_t first = 0; first < total; first += objects_per_stream) {
        std::size_t count = std::min(objects_per_stream, total - first);
        std::size_t stream_number = next++;
        std::string index, body;
        for (std::size_t k = 0; k < count; ++k) {
            std::size_t number;
            std::size_t podofo_number = p < plain.size() ? plain[p]->Reference().ObjectNumber() : SIZE_MAX;
            if (w < written.size() && written.number(w) <= podofo_number) {
                number = written.number(w);
                if (number == podofo_number || entry(number).type != 0)
                    throw std::logic_error("object " + std::to_string(number) + " is both written and PoDoFo's");
                index += std::to_string(number) + " " + std::to_string(body.size()) + " ";
                body += written.syntax(w);
                written.release(++w);
            } else {
                number = podofo_number;
                index += std::to_string(number) + " " + std::to_string(body.size()) + " ";
                append_syntax(body, *plain[p++]);
            }
            body += '\n';
            entry(number) = {2, stream_number, k};
        }
        index += '\n';
        // At the level of every other stream: one compressor for the whole
        // file (a second, at level 9, held 0.4 MB more at the run's peak for
        // files 0.3 % smaller).
        std::string packed = deflate(index + body);
        entry(stream_number) = {1, out.size(), 0};
        out += std::to_string(stream_number) + " 0 obj\n<< /Type /ObjStm /N " + std::to_string(count) + " /First " +
               std::to_string(index.size()) + " /Filter /FlateDecode /Length " + std::to_string(packed.size()) +
               " >>\nstream\n";
        out += packed;
        out += "\nendstream\nendobj\n";
    }

    // The cross-reference stream, which is also the trailer.
    std::size_t xref_number = next++;
    std::size_t xref_offset = out.size();
    entry(xref_number) = {1, xref_offset, 0};
    entry(0) = {0, 0, 65535};
    std::size_t widest2 = 0, widest3 = 0;
    for (const auto& e : entries) widest2 = std::max(widest2, e.field2), widest3 = std::max(widest3, e.field3);
    int w2 = bytes_for(widest2), w3 = bytes_for(widest3);
    std::string rows;
    for (const auto& e : entries) {
        rows += static_cast<char>(e.type);
        put_big_endian(rows, e.field2, w2);
        put_big_endian(rows, e.field3, w3);
    }
    std::string packed = deflate(rows);
    auto digest = md5(out);
    std::string id;
    for (unsigned char b : digest) {
        id += "0123456789abcdef"[b >> 4];
        id += "0123456789abcdef"[b & 0xF];
    }
    out += std::to_string(xref_number) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(entries.size()) + " /W [ 1 " +
           std::to_string(w2) + " " + std::to_string(w3) + " ] /Root " + std::to_string(root->GetReference().ObjectNumber()) +
           " " + std::to_string(root->GetReference().GenerationNumber()) + " R";
    if (info && info->IsReference())
        out += " /Info " + std::to_string(info->GetReference().ObjectNumber()) + " " +
               std::to_string(info->GetReference().GenerationNumber()) + " R";
    out += " /ID [ <" + id + "> <" + id + "> ] /Filter /FlateDecode /Length " + std::to_string(packed.size()) +
           " >>\nstream\n";
    out += packed;
    out += "\nendstream\nendobj\nstartxref\n" + std::to_string(xref_offset) + "\n%%EOF\n";
    return out;
}

}  // namespace tertial::pdf::emit_detail
