// Text for print: fonts, shaping (HarfBuzz), Swedish hyphenation (Liang's patterns),
// line breaking (libunibreak) into lines of positioned glyphs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tertial::pdf {

class FontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A TrueType font file, loaded once: its HarfBuzz face and its metrics.
class Font {
public:
    static std::unique_ptr<Font> load(const std::string& path);  // throws FontError naming the file
    ~Font();

    const std::string& path() const;
    const std::string& postscript_name() const;
    int units_per_em() const;
    int ascender() const;   // font units, positive
    int descender() const;  // font units, negative
    int line_gap() const;
    int cap_height() const;
    // 0 when the font has no glyph for the code point.
    std::uint16_t glyph_id(char32_t cp) const;
    int advance(std::uint16_t gid) const;  // font units, unkerned

    struct Impl;
    const Impl& impl() const { return *impl_; }

private:
    explicit Font(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The fonts a document uses: regular and bold of the house family, plus a
// fallback used for any character the main font lacks (never a .notdef box).
struct FontSet {
    const Font* regular = nullptr;
    const Font* bold = nullptr;
    const Font* italic = nullptr;
    const Font* fallback = nullptr;
    bool operator==(const FontSet&) const = default;
};

// One glyph after shaping, in font units; `cluster` is the byte offset of the
// first UTF-8 character it came from in the run's text. 12 bytes: a
// report's text is held as glyphs (the text cache's words, the lines made
// of them); the rare offsets are in GlyphRun::offsets.
struct Glyph {
    std::uint32_t cluster = 0;
    std::int32_t x_advance = 0;
    std::uint16_t gid = 0;
};

// Where a glyph is drawn from its pen position, in font units (a mark put
// over its letter).
struct GlyphOffset {
    std::int32_t x = 0, y = 0;
    bool operator==(const GlyphOffset&) const = default;
};

// A run of glyphs in one font and size, with the text it shows (UTF-8), so
// the PDF can map glyphs back to characters for copying and search.
struct GlyphRun {
    const Font* font = nullptr;
    double size = 10;       // points
    std::string text;       // exactly the characters the glyphs show
    std::vector<Glyph> glyphs;
    // Empty when no glyph is offset (nearly every run), else one per glyph.
    std::vector<GlyphOffset> offsets;
    double width() const;   // points, with kerning
    double width(std::size_t count) const;  // of the first `count` glyphs
    GlyphOffset offset(std::size_t k) const { return offsets.empty() ? GlyphOffset{} : offsets[k]; }
    // Appends glyph `g` with its offset `o`, keeping `offsets` as above.
    void push(const Glyph& g, GlyphOffset o = {});
};

// The width in points of runs set one after another (a text shaped into
// several runs where a fallback font draws some of its characters).
double width_of(const std::vector<GlyphRun>& runs);

// How digits are set. In running text: the font's own figures, kerned. In a
// table's figure column: tabular figures (OpenType `tnum`, where the font
// has it) without kerning, so every digit is as wide as every other and
// digits stand in columns ("11" as wide as "48").
enum class Figures : std::uint8_t { text, tabular };

// Shapes `text` (UTF-8) with kerning, without ligatures (so every glyph maps
// to one character). Characters the font lacks come from `fonts.fallback`;
// a no-break space the font lacks becomes a space of the same width. May
// return several runs when a fallback is used.
// Never emits glyph 0 (.notdef): a character neither font has is drawn as
// '?' (the run's text then says "?" too) and, when `missing` is given, its
// code point is appended there (each code point once). Control and format
// characters (soft hyphen, zero-width space, bidi marks...) are dropped; a
// tab is drawn as a space. A narrow no-break space the font lacks is a space
// glyph as wide as the font's thin space (or 1/5 em).
// With Figures::tabular, tabular figures and no kerning.
std::vector<GlyphRun> shape(std::string_view text, const Font& font, double size, const FontSet& fonts,
                            std::vector<char32_t>* missing = nullptr, Figures figures = Figures::text);

// Swedish hyphenation from Debian's hyphen-sv patterns (hyph_sv_SE.dic).
class Hyphenator {
public:
    // Reads the patterns (0.5-0.9 ms); throws std::runtime_error naming the
    // file (and its line) when they cannot be read.
    static std::unique_ptr<Hyphenator> load(const std::string& dic_path);
    // Reads `dic_path` now, for the next load() of that file to take over:
    // a build does it on the thread that sets up the fonts, while the
    // reports are read. A file it cannot read is left to load() to report.
    static void prepare(const std::string& dic_path);
    // Frees patterns prepare() read that no load() took.
    static void discard_prepared();
    ~Hyphenator();
    // Byte offsets inside `word` (UTF-8) where a hyphen may go, respecting
    // at least two characters before and three after.
    std::vector<std::size_t> points(std::string_view word) const;
    // Frees the parsed patterns (about 0.7 MB) and keeps the points of
    // every word asked for so far: a word not asked before parses them
    // again (under 1 ms). The second layout pass asks for none.
    void release_patterns() const;
    // Whether the parsed patterns are in memory.
    bool holds_patterns() const;

    struct Impl;

private:
    explicit Hyphenator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A piece of a paragraph in one style.
struct Span {
    std::string text;  // UTF-8
    const Font* font = nullptr;
    double size = 10;
};

struct Line {
    std::vector<GlyphRun> runs;  // left to right; spaces between words included
    double width = 0;            // points
    bool hyphenated = false;     // ends with an inserted hyphen
    // Broken at a space or a newline, which the line leaves out (it has no
    // width at a line end); whoever draws the line may show a space there, so
    // that extracted and tagged text keeps the words apart ("nämnden, april",
    // not "nämnden,april"; "Tjänsteskrivelse Datum", not "TjänsteskrivelseDatum").
    bool ends_at_space = false;
};

// Remembers shaped text and broken paragraphs, so that text laid out again
// costs a lookup: the same words all through a report, a paragraph broken
// in both layout passes, a table row measured and then drawn, many reports
// rendered in one run. The results are exactly those of shape() and
// break_lines(). Keyed by the fonts' addresses: use one cache only while the
// fonts it has seen live (Resources owns both). Not thread-safe.
class TextCache {
public:
    TextCache();
    ~TextCache();
    TextCache(const TextCache&) = delete;
    TextCache& operator=(const TextCache&) = delete;

    // shape(), remembered.
    const std::vector<GlyphRun>& shape(std::string_view text, const Font& font, double size, const FontSet& fonts,
                                       std::vector<char32_t>* missing = nullptr, Figures figures = Figures::text);
    // The width in points of shape()'s runs, all of them. A text of
    // several words only measured (a table cell sizing its column) is
    // remembered as a number (about 70 bytes), not as its glyphs (about
    // 400); a single word goes into shape()'s entries, where line breaking
    // finds it when the cell is broken. Taken from shape()'s entry when
    // the text has one. With `store` false, a text not already held is
    // measured and not kept (one seen once, such as a table row's label).
    double width(std::string_view text, const Font& font, double size, const FontSet& fonts,
                 Figures figures = Figures::text, bool store = true);
    std::size_t entries() const;  // for tests and benchmarks: shapes and paragraphs (not widths)
    void clear();

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

struct BreakOptions {
    double width = 400;                    // points available
    const Hyphenator* hyphenator = nullptr;  // none: no hyphenation
    const FontSet* fonts = nullptr;        // for fallback glyphs
    std::vector<char32_t>* missing = nullptr;  // characters no font has (drawn as '?'), see shape()
    TextCache* cache = nullptr;            // none: nothing remembered
    // Never hyphenate a word that starts with a capital letter (a name:
    // "Tjernlund", "Östersunds") or holds a digit (a code: "74101",
    // "LSS-beslut 2021") that fits a line: for table cells, where a hyphen
    // in a surname or a code reads as part of it.
    bool whole_names = false;
    // With false, a word holding a digit (a row's number, an account, a
    // date) is shaped for this paragraph alone, not kept in `cache`: such
    // words are seldom seen twice (a 10 000-row table's labels: 0.7 KB a
    // row in the cache). Lines are the same either way.
    bool cache_numbers = true;
};

// Breaks a paragraph into lines no wider than `width` (a single word wider
// than the line is split by hyphenation, or at last by characters), at the
// break opportunities of UAX #14 (libunibreak), hyphenating Swedish words
// where that fills lines better. Explicit '\n' forces a break.
std::vector<Line> break_lines(const std::vector<Span>& spans, const BreakOptions& options);

// A paragraph as line breaking left it: where each line begins and ends in
// the paragraph's shaped words, not the lines' glyphs. A line is made (its
// glyphs copied out of the words) each time it is asked for, so a long
// paragraph's glyphs are held once, in its words (12 bytes a glyph a line
// held took the 3 MB paragraph 34 MB). Keeps alive what it points into (the
// text cache's shapes, even once the cache is cleared or gone); the fonts
// must outlive it. Never changed once made: lines may be asked for from
// several threads at once.
class BrokenLines {
public:
    ~BrokenLines();
    BrokenLines(const BrokenLines&) = delete;
    BrokenLines& operator=(const BrokenLines&) = delete;

    std::size_t size() const;
    bool empty() const { return size() == 0; }
    // Line `k` (< size()), exactly as break_lines() returns it.
    Line line(std::size_t k) const;
    std::vector<Line> lines() const;  // all of them
    // line(k).runs[index] alone (index < its runs), its line not measured:
    // what a text item drawn from a line draws.
    GlyphRun run(std::size_t k, std::size_t index) const;

    struct Impl;
    explicit BrokenLines(std::unique_ptr<Impl> impl);

private:
    std::unique_ptr<Impl> impl_;
};

// break_lines() through `cache` (options.cache is ignored), as the cache
// keeps it: the same object for whoever asks again for the same paragraph
// at the same width (both layout passes), shared with whoever keeps the
// pointer (a laid-out document keeps the paragraphs it draws).
std::shared_ptr<const BrokenLines> break_lines_cached(const std::vector<Span>& spans, const BreakOptions& options,
                                                      TextCache& cache);
// break_lines() into an object no cache keeps (its words' shapes still
// come from options.cache when it is set): for a short text broken once
// for where it is drawn, such as a table row's label.
std::shared_ptr<const BrokenLines> break_lines_alone(const std::vector<Span>& spans, const BreakOptions& options);

}  // namespace tertial::pdf
