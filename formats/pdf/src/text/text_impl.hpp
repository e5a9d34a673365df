// Text engine internals shared by shaping, hyphenation and line breaking: UTF-8 and character classes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/pdf/text.hpp"

namespace tertial::pdf::text_detail {

// 12 bytes: a long paragraph is decoded whole, a character per byte of it.
struct Utf8Char {
    char32_t cp;
    std::uint32_t offset;  // bytes from the start of the decoded text
    std::uint32_t length;  // bytes; an invalid byte is one U+FFFD of length 1
};

// Throws std::length_error for a text of 4 GB or more.
std::vector<Utf8Char> decode_utf8(std::string_view s);
// The character at byte `i` (< s.size()), as decode_utf8() decodes it.
Utf8Char next_utf8(std::string_view s, std::uint32_t i);
// decode_utf8()'s code points alone: 4 bytes a character, not 12 (a long
// paragraph is decoded whole). Throws as decode_utf8() does.
std::vector<char32_t> decode_code_points(std::string_view s);
void append_utf8(std::string& out, char32_t cp);

bool is_newline(char32_t cp);         // LF, VT, FF, CR, NEL, LS, PS
bool is_breaking_space(char32_t cp);  // space, tab and the other spaces a line may break after
bool is_invisible(char32_t cp);       // controls and format characters shaping drops (soft hyphen, ZWSP...)
bool is_mark(char32_t cp);
bool is_letter(char32_t cp);
bool is_capital(char32_t cp);  // an upper-case or title-case letter

// Where each character of a run's text came from: (byte offset in the run's
// text, byte offset in the text given to shape()), in text order.
// Both fit 32 bits, as a glyph's cluster does: decode_utf8(), which
// shape_mapped() calls first, refuses a text of 4 GB or more.
struct CharSource {
    std::uint32_t text_offset;
    std::uint32_t source_offset;
};
using SourceMap = std::vector<CharSource>;

struct MappedRuns {
    std::vector<GlyphRun> runs;
    // One per run; none for a single run whose every character is where it
    // was in the text given (nearly every word: one font, nothing dropped
    // or put in another's place), whose map is then the identity.
    std::vector<SourceMap> maps;
    bool identity() const { return maps.empty(); }
};

// Run r's map, made for an identity (its characters' offsets in its text).
SourceMap source_map(const MappedRuns& m, std::size_t r);

// A glyph's own advance in font units, as shaping sees it (no kerning).
std::int32_t plain_advance(const Font& font, std::uint16_t gid);

// One glyph of shaped text, flattened over its runs, for measuring: 16
// bytes. Its advance is in Measured::prefix.
struct Measure {
    std::uint32_t source;  // byte offset of its character in the shaped text
    // Points a break after it adds back: its own advance less its kerned
    // one (its kerning with the next glyph). Computed once, as line
    // breaking reads it in its innermost loop.
    double kerning;
};

// Shaped text with what line breaking measures of it, made once per text
// (and remembered by the text cache), so that a paragraph's pieces can
// point at it instead of each holding a copy.
struct Measured {
    MappedRuns runs;
    std::vector<Measure> glyphs;  // in source order
    std::vector<double> prefix;   // prefix[i] = sum of advances of glyphs[0..i)
    double width = 0;
};

// Fills `glyphs`, `prefix` and `width` from `runs`.
void measure(Measured& m);

// shape(), also telling where every character of every run came from.
MappedRuns shape_mapped(std::string_view text, const Font& font, double size, const FontSet& fonts,
                        std::vector<char32_t>* missing, Figures figures = Figures::text);

}  // namespace tertial::pdf::text_detail
