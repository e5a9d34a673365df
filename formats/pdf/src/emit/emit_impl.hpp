// Internals of the PDF emitter shared by its parts: number and string
// formatting, the fonts table (subsets, widths, ToUnicode), metadata.
#pragma once

#include <podofo/podofo.h>

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "packing.hpp"
#include "tertial/pdf/display.hpp"

namespace tertial::pdf::emit_detail {

// A number for a content stream or array: at most three decimals, no
// exponent, no "-0". Throws std::invalid_argument for NaN and infinity.
std::string num(double v);
double round3(double v);

// UTF-8 to code points; invalid bytes become U+FFFD.
std::u32string decode_utf8(std::string_view s);
// The same, appended to `out` (whose memory a caller may reuse).
void decode_utf8(std::string_view s, std::u32string& out);
// UTF-16BE hex digits of code points (surrogate pairs outside the BMP).
std::string utf16be_hex(const std::u32string& s);

// Bytes written as they are (compact arrays of numbers).
inline PoDoFo::PdfVariant raw(const std::string& pdf) { return PoDoFo::PdfVariant(PoDoFo::PdfData(pdf.c_str())); }

// A PDF text string: PDFDocEncoding when plain ASCII, UTF-16BE otherwise.
PoDoFo::PdfString text_string(const std::string& utf8);

// Checks the laid-out document before any of it is written (the structure
// is a tree, content and links are in its elements, signature fields can be
// made), throwing std::invalid_argument that says where. Returns which
// structure elements the tree reaches.
std::vector<bool> check_document(const Document& d);

// Sets a stream's data, Flate-compressed.
void set_deflated(PoDoFo::PdfObject& object, std::string_view data);
// Sets a stream's data to `packed`, Flate-compressed already (deflate()).
void set_packed(PoDoFo::PdfObject& object, std::string_view packed);

// Plain objects (no stream) whose syntax is written when they are made,
// never held by PoDoFo: a long table's structure elements, some 70 bytes
// of syntax each, cost what their bytes do. Added in ascending object
// numbers, their bytes in blocks of 4 KiB (an object whole in one; small
// enough to fit where the layout's memory was freed: 64 KiB blocks made
// the run's peak RSS 1.5 MB higher at 10 000 rows), which write_file frees
// as it copies them into the file.
class WrittenObjects {
public:
    void reserve(std::size_t objects);
    // Object `number`, above every number added before, with this syntax.
    void add(std::uint32_t number, std::string_view syntax);
    std::size_t size() const { return numbers_.size(); }
    std::uint32_t number(std::size_t i) const { return numbers_[i]; }
    // Object i's syntax, until release() passes it.
    std::string_view syntax(std::size_t i) const;
    // Frees the blocks that hold only objects before object i.
    void release(std::size_t i);

private:
    struct Block {
        std::string bytes;
        std::size_t first = 0;  // the index of its first object
    };
    std::vector<Block> blocks_;
    std::size_t released_ = 0;  // blocks freed
    std::vector<std::uint32_t> numbers_;
    std::vector<std::uint32_t> ends_;  // where each object ends in its block
};

// `count` object numbers that PoDoFo will never give an object of its own,
// the numbers its next `count` CreateObject calls would have given: the
// first of them. For objects in WrittenObjects, whose numbers must be the
// same as if PoDoFo had made them.
std::uint32_t reserve_object_numbers(PoDoFo::PdfVecObjects& objects, std::size_t count);

// The whole file: header, stream objects, the other objects (PoDoFo's and
// `written`, in object-number order) in object streams, a cross-reference
// stream with a content-derived /ID. No number may be in both.
std::string write_file(PoDoFo::PdfMemDocument& doc, WrittenObjects written = {});
// One value's syntax as write_file writes it: byte for byte PoDoFo 0.9.8's
// PdfVariant::Write in clean mode (tests/pdf_file_writer_test.cpp holds them side by side).
std::string object_syntax(const PoDoFo::PdfVariant& value);
void append_syntax(std::string& out, const PoDoFo::PdfVariant& value);
// Parts of that syntax: a name (its bytes, unescaped), "N G R", an integer,
// and the separator after an array's n-th element (counted from 1).
void append_name(std::string& out, std::string_view name);
void append_reference(std::string& out, std::uint32_t number, std::uint16_t generation = 0);
void append_integer(std::string& out, long long value);
inline void append_array_separator(std::string& out, std::size_t n) { out += n % 10 == 0 ? '\n' : ' '; }

// PoDoFo's global state (encodings, error flags) and libdeflate's CPU
// dispatch set up once, so that PDFs
// can be made and read on several threads at once (podofo_threads.cpp).
void prepare_libraries();
// Held while a PdfMemDocument is constructed (its constructor is not
// thread-safe: PdfInfo reads the clock through localtime()).
std::unique_lock<std::mutex> document_creation();

// The document's page tree over `pages` (page objects, in order, with no
// /Parent yet): balanced, at most 64 kids per node (page_tree.cpp).
void build_page_tree(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& pages);
// "xxxxxxxx-xxxx-3xxx-yxxx-xxxxxxxxxxxx" from the MD5 of `name` (name-based, version 3).
std::string uuid_from(std::string_view name);

// The report date in both forms the PDF needs (equal instants).
struct Dates {
    std::string pdf;  // D:YYYYMMDDHHmmSS+HH'mm'
    std::string xmp;  // YYYY-MM-DDTHH:MM:SS+HH:MM
};
// Accepts YYYY-MM-DD, optionally followed by THH:MM[:SS] and Z or ±HH:MM.
// Throws std::invalid_argument for anything else.
Dates parse_date(const std::string& iso);

std::string xmp_packet(const Metadata& m, const std::optional<Dates>& dates);

// A TrueType font's objects: Type0 -> CIDFontType2 -> FontDescriptor ->
// FontFile2 (emit_fonts.cpp).
struct TrueTypeObjects {
    PoDoFo::PdfObject *file, *descriptor, *cid, *type0;
};

// One PDF font per distinct font file: the glyphs used, what they show,
// and, once created, its font dictionary.
class FontTable {
public:
    struct Entry {
        const Font* font = nullptr;
        std::string resource;                           // "F1"
        std::map<std::uint16_t, std::u32string> texts;  // gid -> characters (ToUnicode)
        std::map<std::uint16_t, double> widths;         // gid -> /W width, 1/1000 em, 3 decimals
        std::vector<const std::u32string*> text_of;     // texts by gid, for drawing (none: null)
        std::vector<double> width_of;                   // widths by gid, for drawing (none: NaN)
        PoDoFo::PdfObject* type0 = nullptr;             // the font dictionary pages name
    };

    // The text each glyph of the run shows, by its cluster: the first glyph
    // of a cluster gets the cluster's characters, the others nothing.
    static std::vector<std::u32string> glyph_texts(const GlyphRun& run);

    // Registers the run's font and glyphs (first pass, before any PDF object).
    void scan(const GlyphRun& run);
    // Creates the fonts, in order of first use: each glyph's width and
    // text (what drawing a page needs), and the font's objects. A font with
    // TrueType outlines is written as Type0/CIDFontType2, its objects made
    // empty here and filled by cut(); any other (CFF outlines) is left to
    // PoDoFo, here.
    void create(PoDoFo::PdfMemDocument& doc);
    // Cuts each TrueType font created to the glyphs drawn (hb-subset,
    // without hinting) and fills its objects. Pages may be drawn meanwhile:
    // it changes none of what drawing reads.
    void cut();
    // After EmbedSubsetFonts(): our own /W and /ToUnicode, no CIDSet.
    void finish(PoDoFo::PdfMemDocument& doc);

    Entry& entry(const Font* font);
    const std::vector<Entry>& entries() const { return entries_; }
    // Whether the glyphs of the run give back `text` through ToUnicode.
    bool extracts(const GlyphRun& run, std::u32string_view text);

private:
    // A TrueType font's objects, made empty by create() for cut() to fill
    // (made then, so they are numbered as the fonts are first used).
    struct Uncut {
        const Font* font;
        std::string name;
        std::vector<std::uint16_t> glyphs;
        TrueTypeObjects objects;
    };
    std::vector<Uncut> uncut_;
    std::vector<Entry> entries_;
    std::map<std::string, std::size_t> by_path_;
    std::map<const Font*, std::size_t> by_font_;
    // gid -> candidate texts in order of first use
    std::vector<std::map<std::uint16_t, std::vector<std::u32string>>> candidates_;
    // The same lists by gid, found without searching the map (scan() sees
    // every glyph drawn); a map's nodes stay where they are.
    std::vector<std::vector<std::vector<std::u32string>*>> candidate_slots_;
};

// An image written as an XObject, and the box its own coordinates span
// (the unit square for a picture, the page's box for a PDF form).
struct EmbeddedImage {
    PoDoFo::PdfReference object;
    double x = 0, y = 0, w = 1, h = 1;
};
// Throws std::invalid_argument naming the image when it cannot be used.
EmbeddedImage embed_image(PoDoFo::PdfMemDocument& doc, const Image& image);

}  // namespace tertial::pdf::emit_detail
