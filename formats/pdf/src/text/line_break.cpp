// Breaking a paragraph of styled spans into lines: UAX #14 break
// opportunities from libunibreak, Swedish hyphenation points, and as a last
// resort breaks between characters; lines chosen by total fit (least sum of
// squared slack over the paragraph, last line free), with '\n' forced breaks.
//
// Every piece of text between two break opportunities is shaped once; a line
// is made of slices of those shapes, so the width the fitting measures is the
// width of the line it returns. At a break inside a word the glyph before the
// break loses its kerning with the (now next-line) glyph after it.
#include <linebreak.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tertial/pdf/text.hpp"
#include "text_cache_impl.hpp"
#include "text_impl.hpp"

namespace tertial::pdf {

using namespace text_detail;

namespace {

constexpr double eps = 1e-9;
// Costs, in units of 100 * (slack / width)^2 for one line.
constexpr double hyphen_penalty = 4;          // about a line 20 % short
constexpr double double_hyphen_penalty = 10;  // two hyphenated lines in a row
constexpr double final_hyphen_penalty = 6;    // hyphen on the next-to-last line
constexpr double char_break_penalty = 1000;   // a word cut between letters
constexpr double overflow_penalty = 1e9;      // a line wider than the measure

void init_unibreak() {
    static std::once_flag once;
    std::call_once(once, [] { init_linebreak(); });
}

bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// An e-mail or web address ("karin.fjall-berg@harnosand.se",
// "https://www.harnosand.se/...") is one word that UAX #14 would break after
// a hyphen or a slash: a line ending "karin.fjall-" reads as a hyphenated
// word. Its breaks are taken out, so it is never broken where it fits a
// line; one too long for any line is cut at a "/" or before a "." (see
// solve()), never with a hyphen added.
void keep_addresses_whole(const std::vector<Utf8Char>& chars, std::vector<char>& brks) {
    auto starts_with = [&](std::size_t at, std::size_t end, std::u32string_view prefix) {
        if (end - at < prefix.size()) return false;
        for (std::size_t k = 0; k < prefix.size(); ++k) {
            char32_t c = chars[at + k].cp;
            if ((c >= U'A' && c <= U'Z' ? c + 32 : c) != prefix[k]) return false;
        }
        return true;
    };
    for (std::size_t begin = 0; begin < chars.size();) {
        std::size_t end = begin;
        while (end < chars.size() && !is_breaking_space(chars[end].cp) && !is_newline(chars[end].cp)) ++end;
        std::size_t at = begin;
        while (at < end && (chars[at].cp == U'(' || chars[at].cp == U'<' || chars[at].cp == U'[')) ++at;
        bool address = starts_with(at, end, U"http://") || starts_with(at, end, U"https://") || starts_with(at, end, U"www.");
        for (std::size_t k = at + 1; !address && k + 1 < end; ++k) address = chars[k].cp == U'@';
        if (address)
            for (std::size_t k = begin; k + 1 < end; ++k)
                if (brks[k] == LINEBREAK_ALLOWBREAK) brks[k] = LINEBREAK_NOBREAK;
        begin = end + 1;
    }
}

// UAX #14 break opportunities after each character (LINEBREAK_*).
//
// libunibreak is given the code points Tertial decoded, never bytes, so
// both agree on what a character is. Two kinds of character never reach it,
// because libunibreak 1.1 (Debian 12) aborts on them:
// - U+FFFF is its end-of-string mark (EOS in linebreakdef.h): the text
//   seems to end early and set_linebreaks fails `posLast == posCur - 1 &&
//   posCur <= len`. Later releases moved EOS past Unicode (0xFFFFFFFF).
//   It and every other code point UAX #14 leaves unknown (XX, which
//   resolves to AL) is passed as a letter.
// - Regional indicators (flags, U+1F1E6..U+1F1FF) have a class (RI) past
//   the end of its pair table: `lbcNew <= LBP_JT` fails. They are passed
//   as an ideograph, which breaks the same way on both sides (LB31), and
//   the pairs are then joined as LB30a says: no break inside a flag.
std::vector<char> break_opportunities(const std::vector<Utf8Char>& chars) {
    init_unibreak();
    std::vector<utf32_t> cps;
    cps.reserve(chars.size());
    for (const auto& c : chars) {
        char32_t cp = c.cp;
        if (is_regional_indicator(cp))
            cp = U'\u4E00';  // CJK ideograph one: class ID
        else if (cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFDD0 && cp <= 0xFDEF))
            cp = U'A';  // noncharacters and surrogates: class XX, read as AL
        cps.push_back(static_cast<utf32_t>(cp));
    }
    std::vector<char> brks(cps.size());
    if (!cps.empty()) set_linebreaks_utf32(cps.data(), cps.size(), "sv", brks.data());
    std::size_t run = 0;  // regional indicators in a row so far
    for (std::size_t i = 0; i < chars.size(); ++i) {
        run = is_regional_indicator(chars[i].cp) ? run + 1 : 0;
        if (run % 2 == 1 && i + 1 < chars.size() && is_regional_indicator(chars[i + 1].cp)) brks[i] = LINEBREAK_NOBREAK;
    }
    keep_addresses_whole(chars, brks);
    return brks;
}

bool is_hangul(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xD7B0 && cp <= 0xD7FF);
}

// Whether a word may be cut before chars[c]: between grapheme clusters
// (UAX #29 in the main), so a cut never parts a letter from its accent, a
// flag's two halves, an emoji from its modifier or a joined emoji sequence.
bool grapheme_boundary(const std::vector<Utf8Char>& chars, std::size_t c) {
    char32_t cp = chars[c].cp, before = chars[c - 1].cp;
    if (is_mark(cp) || is_invisible(cp)) return false;                       // GB9, GB9a (and nothing to see)
    if ((cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF))
        return false;                                                        // modifiers, tags, variation selectors
    if (before == 0x200D) return false;                                      // GB11: after a zero-width joiner
    if (is_regional_indicator(cp) && is_regional_indicator(before)) {       // GB12, GB13: flags are pairs
        std::size_t run = 0;
        for (std::size_t k = c; k-- > 0 && is_regional_indicator(chars[k].cp);) ++run;
        return run % 2 == 0;
    }
    bool jamo_vt = (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF);
    bool jamo_l = (before >= 0x1100 && before <= 0x115F) || (before >= 0xA960 && before <= 0xA97F);
    if ((jamo_vt && is_hangul(before)) || (jamo_l && is_hangul(cp))) return false;  // GB6-GB8
    return true;
}

struct SpanRange {
    std::size_t begin, end;  // bytes of the paragraph text
    const Font* font;
    double size;
};

// Shaped text between two paragraph offsets: the shape and measures of the
// text, shared with the text cache (or, without one or across spans, kept
// by the breaker), so a piece holds no copy of them. Its source offset 0 is
// the piece's `begin` (content) or `content_end` (space).
struct Shaped {
    const Measured* m = nullptr;
    double width() const { return m->width; }
};

// The text between two break opportunities: content, then breaking spaces
// (and newlines) that vanish at a line end. A paragraph has one per word,
// so a piece is kept small (32 bytes): offsets in 32 bits (decode_utf8(),
// which reads the whole paragraph first, refuses a text of 4 GB or more).
struct Piece {
    std::uint32_t begin = 0, content_end = 0, end = 0;
    bool forced = false;  // a newline: the line must end here
    bool soft_hyphen = false;  // content ends with U+00AD: a break here shows '-'
    Shaped content, space;
};

enum class Kind : std::uint8_t { boundary, hyphen, character };

struct Candidate {
    Candidate() = default;
    Candidate(std::size_t pos_, std::size_t piece_, Kind kind_, double penalty_ = 0)
        : pos(static_cast<std::uint32_t>(pos_)), piece(static_cast<std::uint32_t>(piece_)), kind(kind_),
          penalty(penalty_) {}
    std::uint32_t pos = 0;    // paragraph byte offset of the break
    std::uint32_t piece = 0;  // boundary: the piece starting here; else the piece broken inside
    Kind kind = Kind::boundary;
    double penalty = 0;  // for a break here, on top of the slack
};

// A word that starts with a capital letter (a name) or holds a digit (a
// code, "74101"): BreakOptions::whole_names keeps it whole, unless it is
// wider than any line (then a hyphen is better than a cut between letters).
bool looks_like_name_or_code(std::string_view s) {
    auto chars = decode_utf8(s);
    for (const auto& c : chars)
        if (c.cp >= U'0' && c.cp <= U'9') return true;
    for (const auto& c : chars)
        if (is_letter(c.cp)) return is_capital(c.cp);
    return false;
}

// Addresses, paths and identifiers are cut, if they must be, without hyphens.
bool looks_like_address(std::string_view s) {
    return s.find_first_of("/@_\\") != std::string_view::npos || s.find("www.") != std::string_view::npos;
}

class Breaker {
public:
    Breaker(const std::vector<Span>& spans, const BreakOptions& options) : options_(options) {
        if (options.fonts) fonts_ = *options.fonts;
        for (const auto& span : spans) {
            if (span.text.empty()) continue;
            const Font* font = span.font ? span.font : fonts_.regular;
            if (!font) throw std::invalid_argument("break_lines: a span has no font: \"" + span.text + "\"");
            spans_.push_back({text_.size(), text_.size() + span.text.size(), font, span.size});
            text_ += span.text;
        }
    }

    std::vector<Line> run();

private:
    const SpanRange& span_at(std::size_t pos) const {
        for (const auto& s : spans_)
            if (pos < s.end) return s;
        return spans_.back();
    }
    Shaped shape_range(std::size_t a, std::size_t b);
    const Measured& shaped_span(std::string_view text, const SpanRange& s);
    void make_pieces();
    double content_width(const Piece& p, std::size_t a, std::size_t b) const;
    double hyphen_width(std::size_t before);
    const GlyphRun& hyphen_run(std::size_t before);
    Line build(const Candidate& from, const Candidate& to);
    void slice(const Piece& p, std::size_t a, std::size_t b, Line& line) const;
    void break_chunk(std::size_t first, std::size_t last, std::vector<Line>& lines);
    std::vector<std::size_t> solve(std::size_t first, std::size_t last, std::size_t start, bool hyphenate,
                                   std::vector<Candidate>& cands);
    double span_width(const Candidate& at, std::size_t e, std::size_t b) const;
    bool acceptable(const std::vector<Candidate>& cands, const std::vector<std::size_t>& path) const;

    const BreakOptions& options_;
    FontSet fonts_;
    std::string text_;
    std::vector<SpanRange> spans_;
    std::vector<Piece> pieces_;
    std::vector<double> full_;  // full_[k] = widths of pieces [0, k), content and spaces
    std::map<std::pair<const Font*, double>, GlyphRun> hyphens_;
    std::deque<Measured> owned_;  // shapes no cache holds (deque: pointers to them stay good)
    static const Measured nothing_;
};

const Measured Breaker::nothing_ = [] {
    Measured m;
    m.prefix.push_back(0);
    return m;
}();

const Measured& Breaker::shaped_span(std::string_view text, const SpanRange& s) {
    if (options_.cache) return options_.cache->impl().mapped(text, *s.font, s.size, fonts_, options_.missing);
    Measured& m = owned_.emplace_back();
    m.runs = shape_mapped(text, *s.font, s.size, fonts_, options_.missing);
    measure(m);
    return m;
}

Shaped Breaker::shape_range(std::size_t a, std::size_t b) {
    if (a >= b) return {&nothing_};
    const SpanRange* only = nullptr;
    std::size_t count = 0;
    for (const auto& s : spans_)
        if (std::max(a, s.begin) < std::min(b, s.end)) only = &s, ++count;
    std::string_view whole(text_);
    if (count == 1) return {&shaped_span(whole.substr(a, b - a), *only)};
    // Across spans (a word partly bold): the spans' runs joined, offsets from `a`.
    Measured joined;
    for (const auto& s : spans_) {
        std::size_t from = std::max(a, s.begin), to = std::min(b, s.end);
        if (from >= to) continue;
        const MappedRuns& part = shaped_span(whole.substr(from, to - from), s).runs;
        for (std::size_t r = 0; r < part.runs.size(); ++r) {
            joined.runs.runs.push_back(part.runs[r]);
            SourceMap& map = joined.runs.maps.emplace_back(source_map(part, r));
            for (auto& c : map) c.source_offset += static_cast<std::uint32_t>(from - a);
        }
    }
    measure(joined);
    return {&owned_.emplace_back(std::move(joined))};
}

void Breaker::make_pieces() {
    auto chars = decode_utf8(text_);
    std::vector<char> brks = break_opportunities(chars);
    // As many pieces as breaks (and the end): room for exactly that many,
    // not up to twice it for a long paragraph.
    pieces_.reserve(static_cast<std::size_t>(std::count_if(brks.begin(), brks.end(), [](char br) {
                        return br == LINEBREAK_MUSTBREAK || br == LINEBREAK_ALLOWBREAK;
                    })) + 1);
    std::size_t begin = 0;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const auto& c = chars[i];
        char br = brks[i];
        bool last = i + 1 == chars.size();
        if (!last && br != LINEBREAK_MUSTBREAK && br != LINEBREAK_ALLOWBREAK) continue;
        Piece p;
        p.begin = static_cast<std::uint32_t>(begin);
        p.end = static_cast<std::uint32_t>(c.offset + c.length);
        p.forced = is_newline(c.cp);
        std::size_t k = i + 1;
        while (k > 0 && chars[k - 1].offset >= begin && (is_breaking_space(chars[k - 1].cp) || is_newline(chars[k - 1].cp)))
            --k;
        p.content_end = static_cast<std::uint32_t>(
            k > 0 && chars[k - 1].offset >= begin ? chars[k - 1].offset + chars[k - 1].length : begin);
        p.soft_hyphen = p.content_end > begin && k > 0 && chars[k - 1].cp == 0x00AD;
        pieces_.push_back(std::move(p));
        begin = c.offset + c.length;
    }
    // The characters (12 bytes each) go before the words are shaped.
    std::vector<Utf8Char>().swap(chars);
    std::vector<char>().swap(brks);
    full_.reserve(pieces_.size() + 1);
    full_.assign(1, 0);
    for (auto& p : pieces_) {
        p.content = shape_range(p.begin, p.content_end);
        p.space = shape_range(p.content_end, p.end);
        full_.push_back(full_.back() + p.content.width() + p.space.width());
    }
}

// Width of the content bytes [a, b) of a piece; a break at b inside the
// content takes back the kerning of the glyph before it.
double Breaker::content_width(const Piece& p, std::size_t a, std::size_t b) const {
    const Measured& m = *p.content.m;
    const auto& g = m.glyphs;
    const std::size_t base = p.begin;  // a and b are never before it
    // The whole content (nearly every call from the fitting): its width, which
    // is exactly what the sum below gives (prefix[n] - prefix[0], and prefix[0] is 0).
    if (a == base && b == p.content_end) return m.width;
    auto lo = std::lower_bound(g.begin(), g.end(), a - base, [](const Measure& x, std::size_t v) { return x.source < v; });
    auto hi = std::lower_bound(lo, g.end(), b - base, [](const Measure& x, std::size_t v) { return x.source < v; });
    if (lo == hi) return 0;
    double w = m.prefix[hi - g.begin()] - m.prefix[lo - g.begin()];
    if (b < p.content_end) w += std::prev(hi)->kerning;
    return w;
}

const GlyphRun& Breaker::hyphen_run(std::size_t before) {
    const SpanRange& s = span_at(before);
    auto key = std::make_pair(s.font, s.size);
    auto it = hyphens_.find(key);
    if (it == hyphens_.end()) {
        auto runs = shape("-", *s.font, s.size, fonts_, options_.missing);
        it = hyphens_.emplace(key, runs.empty() ? GlyphRun{s.font, s.size, "", {}} : runs.front()).first;
    }
    return it->second;
}

double Breaker::hyphen_width(std::size_t before) { return hyphen_run(before).width(); }

namespace {

// Appends glyphs [g0, g1) of `run` showing its text [t0, t1) to the line:
// onto its last run when that has the same font and size, else as a new run.
void append_to_line(Line& line, const GlyphRun& run, std::uint32_t t0, std::uint32_t t1, std::size_t g0, std::size_t g1) {
    if (g0 == g1) return;
    if (!line.runs.empty() && line.runs.back().font == run.font && line.runs.back().size == run.size) {
        GlyphRun& into = line.runs.back();
        auto at = static_cast<std::uint32_t>(into.text.size());
        into.text.append(run.text, t0, t1 - t0);
        for (std::size_t k = g0; k < g1; ++k) {
            Glyph g = run.glyphs[k];
            g.cluster = g.cluster - t0 + at;
            into.push(g, run.offset(k));
        }
    } else {
        GlyphRun& into = line.runs.emplace_back();
        into.font = run.font;
        into.size = run.size;
        into.text.assign(run.text, t0, t1 - t0);
        into.glyphs.reserve(g1 - g0);
        for (std::size_t k = g0; k < g1; ++k) {
            Glyph g = run.glyphs[k];
            g.cluster -= t0;
            into.push(g, run.offset(k));
        }
    }
}

void append_to_line(Line& line, const GlyphRun& run) {
    append_to_line(line, run, 0, static_cast<std::uint32_t>(run.text.size()), 0, run.glyphs.size());
}

}  // namespace

// Appends the content bytes [a, b) of a piece to the line; a break at b
// inside the content gives the glyph before it its own advance (no kerning
// with the glyph now on the next line).
void Breaker::slice(const Piece& p, std::size_t a, std::size_t b, Line& line) const {
    const auto& runs = p.content.m->runs;
    const bool cut = b < p.content_end;
    a -= p.begin;  // from here on offsets in the shaped text
    b -= p.begin;
    bool appended = false;
    for (std::size_t r = 0; r < runs.runs.size(); ++r) {
        const GlyphRun& run = runs.runs[r];
        // The run's text [t0, t1): its characters from [a, b) of the source
        // (a and b are where characters begin; in an identity, at the same
        // offsets, and past the run's text only characters it dropped).
        std::uint32_t t0, t1;
        if (runs.identity()) {
            t0 = static_cast<std::uint32_t>(a);
            t1 = static_cast<std::uint32_t>(std::min(b, run.text.size()));
            if (t0 >= t1) continue;
        } else {
            const SourceMap& map = runs.maps[r];
            std::size_t first = map.size(), stop = map.size();
            for (std::size_t k = 0; k < map.size(); ++k) {
                if (map[k].source_offset >= a && map[k].source_offset < b) {
                    if (first == map.size()) first = k;
                    stop = k + 1;
                }
            }
            if (first == map.size()) continue;
            t0 = map[first].text_offset;
            t1 = stop < map.size() ? map[stop].text_offset : static_cast<std::uint32_t>(run.text.size());
        }
        // The glyphs of clusters [t0, t1), in the run's order; a run's
        // clusters need not rise (right-to-left), so each is looked at.
        std::size_t g0 = run.glyphs.size(), g1 = 0, count = 0;
        for (std::size_t k = 0; k < run.glyphs.size(); ++k)
            if (run.glyphs[k].cluster >= t0 && run.glyphs[k].cluster < t1) g0 = std::min(g0, k), g1 = k + 1, ++count;
        if (count == 0) continue;
        if (count == g1 - g0) {
            append_to_line(line, run, t0, t1, g0, g1);
        } else {
            // Not one stretch of glyphs: copied one by one, as they come.
            GlyphRun piece{run.font, run.size, run.text.substr(t0, t1 - t0), {}};
            for (std::size_t k = 0; k < run.glyphs.size(); ++k) {
                Glyph copy = run.glyphs[k];
                if (copy.cluster < t0 || copy.cluster >= t1) continue;
                copy.cluster -= t0;
                piece.push(copy, run.offset(k));
            }
            append_to_line(line, piece);
        }
        appended = true;
    }
    if (appended && cut) {
        Glyph& last = line.runs.back().glyphs.back();
        last.x_advance = plain_advance(*line.runs.back().font, last.gid);
    }
}

Line Breaker::build(const Candidate& from, const Candidate& to) {
    Line line;
    std::size_t i = from.piece;
    std::size_t e = to.kind == Kind::boundary ? to.piece - 1 : to.piece;
    std::size_t b = to.kind == Kind::boundary ? pieces_[e].content_end : to.pos;
    bool hyphen = to.kind == Kind::hyphen || (to.kind == Kind::boundary && pieces_[e].soft_hyphen);
    for (std::size_t k = i; k <= e; ++k) {
        const Piece& p = pieces_[k];
        slice(p, k == i ? from.pos : p.begin, k == e ? b : p.content_end, line);
        if (k != e)
            for (const auto& r : p.space.m->runs.runs) append_to_line(line, r);
    }
    if (hyphen && b > 0) append_to_line(line, hyphen_run(b - 1));

    for (const auto& r : line.runs) line.width += r.width();
    line.hyphenated = hyphen;
    // The line is kept (in the text cache, for the whole run): without the
    // room its runs grew into, which is up to half of its glyphs.
    for (auto& r : line.runs) r.glyphs.shrink_to_fit(), r.offsets.shrink_to_fit();
    line.runs.shrink_to_fit();
    // A forced break (a newline) counts as well: its lines are read as words apart too.
    line.ends_at_space = to.kind == Kind::boundary && !hyphen && to.piece < pieces_.size() &&
                         pieces_[e].end > pieces_[e].content_end;
    return line;
}

// The best breaks of pieces [first, last] from byte `start`, as indices
// into `cands` (which this fills): total fit by dynamic programming.
// Without `hyphenate`, words break only at their boundaries (and a word too
// long for any line between its characters).
std::vector<std::size_t> Breaker::solve(std::size_t first, std::size_t last, std::size_t start, bool hyphenate,
                                        std::vector<Candidate>& cands) {
    const double width = std::max(options_.width, 1e-6);  // no line has room: one piece a line
    cands.clear();
    cands.push_back({start, first, Kind::boundary});
    for (std::size_t k = first; k <= last; ++k) {
        const Piece& p = pieces_[k];
        std::string_view content = std::string_view(text_).substr(p.begin, p.content_end - p.begin);
        std::map<std::size_t, Candidate> inner;
        if (p.content.width() > width + eps) {
            // Too long for any line: it may break between any two characters,
            // best after a no-break space ("350 000 | kronor"), and an address
            // after a "/" or before a "." ("www.harnosand | .se").
            auto chars = decode_utf8(content);
            const bool address = looks_like_address(content);
            for (std::size_t c = 1; c < chars.size(); ++c) {
                if (!grapheme_boundary(chars, c)) continue;
                bool after_space = chars[c - 1].cp == 0x00A0 || chars[c - 1].cp == 0x202F;
                bool address_seam = address && ((chars[c - 1].cp == U'/' && chars[c].cp != U'/') || chars[c].cp == U'.');
                std::size_t pos = p.begin + chars[c].offset;
                inner[pos] = {pos, k, Kind::character,
                              address_seam ? char_break_penalty / 10 : after_space ? char_break_penalty / 2 : char_break_penalty};
            }
        }
        // Not in addresses, nor in a number and unit held by no-break spaces.
        bool held = content.find("\u00A0") != std::string_view::npos || content.find("\u202F") != std::string_view::npos;
        if (hyphenate && options_.hyphenator && !content.empty() && !held && !looks_like_address(content) &&
            !(options_.whole_names && p.content.width() <= width + eps && looks_like_name_or_code(content))) {
            for (std::size_t off : options_.hyphenator->points(content))
                if (off > 0 && off < content.size()) inner[p.begin + off] = {p.begin + off, k, Kind::hyphen, 0};
        }
        for (const auto& [pos, c] : inner) cands.push_back(c);
        cands.push_back({p.end, k + 1, Kind::boundary});
    }

    const std::size_t n = cands.size();
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> from(n, 0);
    best[0] = 0;
    for (std::size_t j = 1; j < n; ++j) {
        const Candidate& to = cands[j];
        std::size_t e = to.kind == Kind::boundary ? to.piece - 1 : to.piece;
        std::size_t b = to.kind == Kind::boundary ? pieces_[e].content_end : to.pos;
        bool hyphen = to.kind == Kind::hyphen || (to.kind == Kind::boundary && pieces_[e].soft_hyphen);
        double tail = hyphen && b > 0 ? hyphen_width(b - 1) : 0;
        bool final_line = j + 1 == n;
        for (std::size_t i = j; i-- > 0;) {
            const Candidate& at = cands[i];
            double w = span_width(at, e, b) + tail;
            double cost;
            if (w > width + eps) {
                if (i + 1 != j) break;  // wider still further back
                cost = overflow_penalty;
            } else if (final_line) {
                cost = 0;
            } else {
                double slack = (width - w) / width;
                cost = 100 * slack * slack;
            }
            if (hyphen) {
                cost += hyphen_penalty;
                bool previous_hyphen = at.kind == Kind::hyphen ||
                                       (at.kind == Kind::boundary && at.piece > 0 && pieces_[at.piece - 1].soft_hyphen &&
                                        i > 0);
                if (previous_hyphen) cost += double_hyphen_penalty;
            }
            cost += to.penalty;
            if (final_line && (at.kind == Kind::hyphen)) cost += final_hyphen_penalty;
            double total = best[i] + cost;
            if (total < best[j]) {
                best[j] = total;
                from[j] = i;
            }
        }
    }

    std::vector<std::size_t> path;
    for (std::size_t j = n - 1; j != 0; j = from[j]) path.push_back(j);
    path.push_back(0);
    std::reverse(path.begin(), path.end());
    return path;
}

// Width of a line from candidate `at` to byte `b` of piece `e`, without any
// hyphen at its end.
double Breaker::span_width(const Candidate& at, std::size_t e, std::size_t b) const {
    std::size_t s = at.piece;
    if (s == e) return content_width(pieces_[s], at.pos, b);
    const Piece& ps = pieces_[s];
    return content_width(ps, at.pos, ps.content_end) + ps.space.width() + (full_[e] - full_[s + 1]) +
           content_width(pieces_[e], pieces_[e].begin, b);
}

// Whether lines broken without hyphenation are good enough to keep: no
// line over the measure, no word cut between letters, and every line but
// the last filled to within `pretolerance` of the measure. Only then is
// hyphenation not tried (as TeX's first pass): most paragraphs and nearly
// every table cell end here, and hyphens stay where they help.
bool Breaker::acceptable(const std::vector<Candidate>& cands, const std::vector<std::size_t>& path) const {
    constexpr double pretolerance = 0.1;
    const double width = std::max(options_.width, 1e-6);
    for (std::size_t k = 0; k + 1 < path.size(); ++k) {
        const Candidate& at = cands[path[k]];
        const Candidate& to = cands[path[k + 1]];
        if (to.kind != Kind::boundary) return false;
        std::size_t e = to.piece - 1;
        double w = span_width(at, e, pieces_[e].content_end);
        if (w > width + eps) return false;
        bool final_line = k + 2 == path.size();
        if (!final_line && (width - w) / width > pretolerance) return false;
    }
    return true;
}

void Breaker::break_chunk(std::size_t first, std::size_t last, std::vector<Line>& lines) {
    // Leading spaces (at the paragraph's start or after a newline) go.
    while (first < last && pieces_[first].content_end == pieces_[first].begin) ++first;
    if (pieces_[first].content_end == pieces_[first].begin && first == last) {
        if (pieces_[last].forced) lines.push_back(Line{});
        return;
    }
    const double width = std::max(options_.width, 1e-6);

    // ... and so do spaces at the start of the first piece's content.
    std::size_t start = pieces_[first].begin;
    for (const auto& c : decode_utf8(std::string_view(text_).substr(start, pieces_[first].content_end - start))) {
        if (!is_breaking_space(c.cp)) break;
        start += c.length;
    }

    // All on one line when it fits: the best any breaking could do.
    Candidate begin{start, first, Kind::boundary};
    Candidate end{pieces_[last].end, last + 1, Kind::boundary};
    if (!pieces_[last].soft_hyphen && span_width(begin, last, pieces_[last].content_end) <= width + eps) {
        lines.push_back(build(begin, end));
        return;
    }

    std::vector<Candidate> cands;
    std::vector<std::size_t> path = solve(first, last, start, false, cands);
    if (options_.hyphenator && !acceptable(cands, path)) path = solve(first, last, start, true, cands);
    // The chosen breaks only, before the lines are made: every candidate
    // (a word's end, each hyphenation point) goes first, so a long
    // paragraph never holds them and its lines at once.
    std::vector<Candidate> breaks;
    breaks.reserve(path.size());
    for (std::size_t k : path) breaks.push_back(cands[k]);
    std::vector<Candidate>().swap(cands);
    for (std::size_t k = 0; k + 1 < breaks.size(); ++k) lines.push_back(build(breaks[k], breaks[k + 1]));
}

std::vector<Line> Breaker::run() {
    std::vector<Line> lines;
    if (text_.empty()) return lines;
    make_pieces();
    std::size_t first = 0;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
        if (pieces_[k].forced || k + 1 == pieces_.size()) {
            break_chunk(first, k, lines);
            first = k + 1;
        }
    }
    return lines;
}

}  // namespace

std::vector<Line> break_lines(const std::vector<Span>& spans, const BreakOptions& options) {
    if (!options.cache) return Breaker(spans, options).run();
    return *break_lines_cached(spans, options, *options.cache);
}

std::shared_ptr<const std::vector<Line>> break_lines_cached(const std::vector<Span>& spans, const BreakOptions& options,
                                                            TextCache& text_cache) {
    auto& cache = text_cache.impl();
    std::string key = TextCache::Impl::paragraph_key(spans, options);
    if (auto lines = cache.find_paragraph(key, options.missing)) return lines;
    std::vector<char32_t> missing;
    BreakOptions fresh = options;
    fresh.missing = &missing;
    fresh.cache = &text_cache;
    std::vector<Line> lines = Breaker(spans, fresh).run();
    return cache.store_paragraph(std::move(key), std::move(lines), std::move(missing), options.missing);
}

}  // namespace tertial::pdf
