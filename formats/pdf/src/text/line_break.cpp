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
#include <unordered_map>
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
void keep_addresses_whole(const std::vector<char32_t>& cps, std::vector<char>& brks) {
    auto starts_with = [&](std::size_t at, std::size_t end, std::u32string_view prefix) {
        if (end - at < prefix.size()) return false;
        for (std::size_t k = 0; k < prefix.size(); ++k) {
            char32_t c = cps[at + k];
            if ((c >= U'A' && c <= U'Z' ? c + 32 : c) != prefix[k]) return false;
        }
        return true;
    };
    for (std::size_t begin = 0; begin < cps.size();) {
        std::size_t end = begin;
        while (end < cps.size() && !is_breaking_space(cps[end]) && !is_newline(cps[end])) ++end;
        std::size_t at = begin;
        while (at < end && (cps[at] == U'(' || cps[at] == U'<' || cps[at] == U'[')) ++at;
        bool address = starts_with(at, end, U"http://") || starts_with(at, end, U"https://") || starts_with(at, end, U"www.");
        for (std::size_t k = at + 1; !address && k + 1 < end; ++k) address = cps[k] == U'@';
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
//
// The code points are changed in place for the call and put back after it
// (a long paragraph's are not copied: 4 bytes a character).
std::vector<char> break_opportunities(std::vector<char32_t>& cps) {
    init_unibreak();
    std::vector<std::pair<std::size_t, char32_t>> changed;  // (index, code point): rare
    for (std::size_t i = 0; i < cps.size(); ++i) {
        char32_t cp = cps[i];
        if (is_regional_indicator(cp))
            cps[i] = U'\u4E00';  // CJK ideograph one: class ID
        else if (cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFDD0 && cp <= 0xFDEF))
            cps[i] = U'A';  // noncharacters and surrogates: class XX, read as AL
        else
            continue;
        changed.emplace_back(i, cp);
    }
    static_assert(sizeof(char32_t) == sizeof(utf32_t));
    std::vector<char> brks(cps.size());
    if (!cps.empty())
        set_linebreaks_utf32(reinterpret_cast<const utf32_t*>(cps.data()), cps.size(), "sv", brks.data());
    for (const auto& [i, cp] : changed) cps[i] = cp;
    std::size_t run = 0;  // regional indicators in a row so far
    for (std::size_t i = 0; i < cps.size(); ++i) {
        run = is_regional_indicator(cps[i]) ? run + 1 : 0;
        if (run % 2 == 1 && i + 1 < cps.size() && is_regional_indicator(cps[i + 1])) brks[i] = LINEBREAK_NOBREAK;
    }
    keep_addresses_whole(cps, brks);
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
// held as long as the paragraph is, so a piece is kept small (24 bytes):
// offsets in 32 bits (make_pieces() refuses a text of 4 GB or more), its
// spaces' shape as an index (a paragraph's spaces take a few shapes), and
// its end not held: it is where the next piece begins (piece_end()).
struct Piece {
    std::uint32_t begin = 0, content_end = 0;
    std::uint32_t space = 0;  // its spaces' shape: an index into the paragraph's
    bool forced = false;  // a newline: the line must end here
    bool soft_hyphen = false;  // content ends with U+00AD: a break here shows '-'
    Shaped content;
};
static_assert(sizeof(Piece) <= 24);

// Where piece `k` ends: where the next begins, or at the paragraph's end
// (`size`, its bytes).
std::size_t piece_end(const std::vector<Piece>& pieces, std::size_t k, std::size_t size) {
    return k + 1 < pieces.size() ? pieces[k + 1].begin : size;
}

enum class Kind : std::uint8_t { boundary, hyphen, character };

// Where a word too long for any line is cut (Kind::character): best after a
// no-break space ("350 000 | kronor"), and an address after a "/" or
// before a "." ("www.harnosand | .se").
enum class Cut : std::uint8_t { none, letters, after_space, address_seam };

// A place a line may end. 12 bytes: a long paragraph has one per word and
// per hyphenation point, all held while the best breaks are sought.
struct Candidate {
    Candidate() = default;
    Candidate(std::size_t pos_, std::size_t piece_, Kind kind_, Cut cut_ = Cut::none)
        : pos(static_cast<std::uint32_t>(pos_)), piece(static_cast<std::uint32_t>(piece_)), kind(kind_), cut(cut_) {}
    std::uint32_t pos = 0;    // paragraph byte offset of the break
    std::uint32_t piece = 0;  // boundary: the piece starting here; else the piece broken inside
    Kind kind = Kind::boundary;
    Cut cut = Cut::none;
    // For a break here, on top of the slack.
    double penalty() const {
        switch (cut) {
            case Cut::letters: return char_break_penalty;
            case Cut::after_space: return char_break_penalty / 2;
            case Cut::address_seam: return char_break_penalty / 10;
            case Cut::none: break;
        }
        return 0;
    }
};

// How a line that breaks at `to` ends: in piece `piece`, at byte `at` (a
// boundary's content end, or the break inside the piece), and whether it
// shows a hyphen there (a hyphenation point, or a soft hyphen before the boundary).
struct LineEnd {
    std::size_t piece, at;
    bool hyphen;
};

LineEnd line_end(const std::vector<Piece>& pieces, const Candidate& to) {
    if (to.kind == Kind::boundary) {
        const Piece& p = pieces[to.piece - 1];
        return {to.piece - 1, p.content_end, p.soft_hyphen};
    }
    return {to.piece, to.pos, to.kind == Kind::hyphen};
}

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

}  // namespace

// A broken paragraph: its pieces (pointing at their shapes) and where each
// line begins and ends among them; a line is made from these when asked for.
struct BrokenLines::Impl {
    static constexpr std::uint32_t no_hyphen = std::numeric_limits<std::uint32_t>::max();
    struct At {  // a line: from one break to the next (32 bytes)
        Candidate from, to;
        std::uint32_t hyphen = no_hyphen;  // drawn at its end: an index into `hyphens`
        bool blank = false;                // a newline's empty line
    };
    std::shared_ptr<const void> shapes;  // the text cache's, which the pieces point into
    std::vector<Piece> pieces;
    std::vector<const Measured*> spaces;  // Piece::space
    std::size_t size = 0;  // the paragraph's bytes
    std::vector<std::unique_ptr<Measured>> owned;  // shapes no cache holds
    // A hyphen in each font and size a line ends with one in (nearly
    // always one or none: a table cell's paragraph holds no map).
    std::vector<GlyphRun> hyphens;
    std::vector<At> lines;

    Line make(const At& at) const;
    // `room`: about how many glyphs the line holds (its bytes), reserved
    // for its first run.
    void slice(const Piece& p, std::size_t a, std::size_t b, Line& line, std::size_t room) const;
};

namespace {

class Breaker {
public:
    Breaker(const Breaker&) = delete;
    Breaker& operator=(const Breaker&) = delete;
    Breaker(const std::vector<Span>& spans, const BreakOptions& options)
        : options_(options), out_(std::make_unique<BrokenLines::Impl>()) {
        if (options.fonts) fonts_ = *options.fonts;
        std::size_t size = 0;
        const std::string* only = nullptr;
        for (const auto& span : spans) {
            if (span.text.empty()) continue;
            const Font* font = span.font ? span.font : fonts_.regular;
            if (!font) throw std::invalid_argument("break_lines: a span has no font: \"" + span.text + "\"");
            spans_.push_back({size, size + span.text.size(), font, span.size});
            size += span.text.size();
            only = &span.text;
        }
        if (spans_.size() == 1) {
            text_ = *only;
        } else {
            joined_.reserve(size);
            for (const auto& span : spans) joined_ += span.text;
            text_ = joined_;
        }
    }

    // Breaks the paragraph: where its lines begin and end, with the shapes
    // they are made of.
    std::unique_ptr<BrokenLines::Impl> run();

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
    std::uint32_t hyphen_index(std::size_t before);
    void add_line(const Candidate& from, const Candidate& to);
    void break_chunk(std::size_t first, std::size_t last);
    std::vector<std::size_t> solve(std::size_t first, std::size_t last, std::size_t start, bool hyphenate,
                                   std::deque<Candidate>& cands);
    double span_width(const Candidate& at, std::size_t e, std::size_t b) const;
    bool acceptable(const std::deque<Candidate>& cands, const std::vector<std::size_t>& path) const;

    const BreakOptions& options_;
    FontSet fonts_;
    // The paragraph: the one span's own text (the spans outlive the
    // breaker: no copy of a long paragraph), or the spans' joined.
    std::string joined_;
    std::string_view text_;
    std::vector<SpanRange> spans_;
    std::vector<Piece> pieces_;
    std::vector<double> full_;  // full_[k] = widths of pieces [0, k), content and spaces
    std::vector<GlyphRun> hyphens_;  // BrokenLines::Impl::hyphens
    std::vector<std::pair<const Font*, double>> hyphen_styles_;  // the span style of each
    // Shapes no cache holds, each on its own (pointers to them stay good). Not
    // a deque, which takes 600 bytes even empty: a table has a paragraph per cell.
    std::vector<std::unique_ptr<Measured>> owned_;
    std::vector<const Measured*> spaces_;  // Piece::space
    std::unique_ptr<BrokenLines::Impl> out_;
    static const Measured nothing_;
};

const Measured Breaker::nothing_ = [] {
    Measured m;
    m.prefix.push_back(0);
    return m;
}();

const Measured& Breaker::shaped_span(std::string_view text, const SpanRange& s) {
    if (options_.cache) return options_.cache->impl().mapped(text, *s.font, s.size, fonts_, options_.missing);
    Measured& m = *owned_.emplace_back(std::make_unique<Measured>());
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
    std::string_view whole = text_;
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
    return {owned_.emplace_back(std::make_unique<Measured>(std::move(joined))).get()};
}

void Breaker::make_pieces() {
    // The code points, then the breaks between them (1 byte); offsets and
    // lengths are read again from the text as the pieces are made, not held
    // for every character (12 bytes more).
    const std::string_view text = text_;
    std::vector<char32_t> cps = decode_code_points(text);
    std::vector<char> brks = break_opportunities(cps);
    // As many pieces as breaks (and the end): room for exactly that many,
    // not up to twice it for a long paragraph.
    pieces_.reserve(static_cast<std::size_t>(std::count_if(brks.begin(), brks.end(), [](char br) {
                        return br == LINEBREAK_MUSTBREAK || br == LINEBREAK_ALLOWBREAK;
                    })) + 1);
    std::uint32_t begin = 0, at = 0;
    // The end of the piece's content so far: of its last character that is
    // not a breaking space or a newline (which vanish at a line end).
    std::uint32_t content_end = 0;
    bool soft_hyphen = false;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t cp = cps[i];
        const std::uint32_t end = at + next_utf8(text, at).length;
        at = end;
        if (!is_breaking_space(cp) && !is_newline(cp)) content_end = end, soft_hyphen = cp == 0x00AD;
        char br = brks[i];
        bool last = i + 1 == cps.size();
        if (!last && br != LINEBREAK_MUSTBREAK && br != LINEBREAK_ALLOWBREAK) continue;
        Piece p;
        p.begin = begin;
        p.forced = is_newline(cp);
        p.content_end = content_end;
        p.soft_hyphen = soft_hyphen;
        pieces_.push_back(std::move(p));
        begin = content_end = end;
        soft_hyphen = false;
    }
    // The characters go before the words are shaped.
    std::vector<char32_t>().swap(cps);
    std::vector<char>().swap(brks);
    full_.reserve(pieces_.size() + 1);
    full_.assign(1, 0);
    std::unordered_map<const Measured*, std::uint32_t> space_index;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
        Piece& p = pieces_[k];
        p.content = shape_range(p.begin, p.content_end);
        const Measured* space = shape_range(p.content_end, piece_end(pieces_, k, text_.size())).m;
        auto [it, added] = space_index.try_emplace(space, static_cast<std::uint32_t>(spaces_.size()));
        if (added) spaces_.push_back(space);
        p.space = it->second;
        full_.push_back(full_.back() + p.content.width() + space->width);
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

// The hyphen a line ending before byte `before` + 1 shows, in its span's
// font and size.
std::uint32_t Breaker::hyphen_index(std::size_t before) {
    const SpanRange& s = span_at(before);
    for (std::size_t k = 0; k < hyphen_styles_.size(); ++k)
        if (hyphen_styles_[k].first == s.font && hyphen_styles_[k].second == s.size) return static_cast<std::uint32_t>(k);
    auto runs = shape("-", *s.font, s.size, fonts_, options_.missing);
    hyphens_.push_back(runs.empty() ? GlyphRun{s.font, s.size, "", {}, {}} : runs.front());
    hyphen_styles_.emplace_back(s.font, s.size);
    return static_cast<std::uint32_t>(hyphens_.size() - 1);
}

double Breaker::hyphen_width(std::size_t before) { return hyphens_[hyphen_index(before)].width(); }

// Appends glyphs [g0, g1) of `run` showing its text [t0, t1) to the line:
// onto its last run when that has the same font and size, else as a new run.
// A new run reserves room for `room` glyphs and bytes.
void append_to_line(Line& line, const GlyphRun& run, std::uint32_t t0, std::uint32_t t1, std::size_t g0, std::size_t g1,
                    std::size_t room = 0) {
    if (g0 == g1) return;
    GlyphRun* into = nullptr;
    if (!line.runs.empty() && line.runs.back().font == run.font && line.runs.back().size == run.size) {
        into = &line.runs.back();
    } else {
        into = &line.runs.emplace_back();
        into->font = run.font;
        into->size = run.size;
        into->glyphs.reserve(std::max(room, g1 - g0));
        into->text.reserve(std::max<std::size_t>(room, t1 - t0));
    }
    const auto at = static_cast<std::uint32_t>(into->text.size());
    into->text.append(run.text, t0, t1 - t0);
    if (run.offsets.empty() && into->offsets.empty()) {
        // Nearly every word: its glyphs copied at once, their clusters moved.
        const std::size_t first = into->glyphs.size();
        into->glyphs.insert(into->glyphs.end(), run.glyphs.begin() + static_cast<std::ptrdiff_t>(g0),
                            run.glyphs.begin() + static_cast<std::ptrdiff_t>(g1));
        for (std::size_t k = first; k < into->glyphs.size(); ++k) into->glyphs[k].cluster = into->glyphs[k].cluster - t0 + at;
        return;
    }
    for (std::size_t k = g0; k < g1; ++k) {
        Glyph g = run.glyphs[k];
        g.cluster = g.cluster - t0 + at;
        into->push(g, run.offset(k));
    }
}

void append_to_line(Line& line, const GlyphRun& run) {
    append_to_line(line, run, 0, static_cast<std::uint32_t>(run.text.size()), 0, run.glyphs.size());
}

}  // namespace

// Appends the content bytes [a, b) of a piece to the line; a break at b
// inside the content gives the glyph before it its own advance (no kerning
// with the glyph now on the next line).
void BrokenLines::Impl::slice(const Piece& p, std::size_t a, std::size_t b, Line& line, std::size_t room) const {
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
            append_to_line(line, run, t0, t1, g0, g1, line.runs.empty() ? room : 0);
        } else {
            // Not one stretch of glyphs: copied one by one, as they come.
            GlyphRun piece{run.font, run.size, run.text.substr(t0, t1 - t0), {}, {}};
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

Line BrokenLines::Impl::make(const At& at) const {
    Line line;
    if (at.blank) return line;
    const Candidate& from = at.from;
    const Candidate& to = at.to;
    std::size_t i = from.piece;
    const auto [e, b, hyphen] = line_end(pieces, to);
    for (std::size_t k = i; k <= e; ++k) {
        const Piece& p = pieces[k];
        slice(p, k == i ? from.pos : p.begin, k == e ? b : p.content_end, line, b - from.pos + 1);
        if (k != e)
            for (const auto& r : spaces[p.space]->runs.runs) append_to_line(line, r);
    }
    if (at.hyphen != no_hyphen) append_to_line(line, hyphens[at.hyphen]);

    for (const auto& r : line.runs) line.width += r.width();
    line.hyphenated = hyphen;
    // A forced break (a newline) counts as well: its lines are read as words apart too.
    line.ends_at_space = to.kind == Kind::boundary && !hyphen && to.piece < pieces.size() &&
                         piece_end(pieces, e, size) > pieces[e].content_end;
    return line;
}

namespace {

// Records the line from `from` to `to`, with the hyphen it ends with.
void Breaker::add_line(const Candidate& from, const Candidate& to) {
    const auto [e, b, hyphen] = line_end(pieces_, to);
    out_->lines.push_back({from, to, hyphen && b > 0 ? hyphen_index(b - 1) : BrokenLines::Impl::no_hyphen, false});
}

// The best breaks of pieces [first, last] from byte `start`, as indices
// into `cands` (which this fills): total fit by dynamic programming.
// Without `hyphenate`, words break only at their boundaries (and a word too
// long for any line between its characters).
std::vector<std::size_t> Breaker::solve(std::size_t first, std::size_t last, std::size_t start, bool hyphenate,
                                        std::deque<Candidate>& cands) {
    const double width = std::max(options_.width, 1e-6);  // no line has room: one piece a line
    cands.clear();
    cands.push_back({start, first, Kind::boundary});
    for (std::size_t k = first; k <= last; ++k) {
        const Piece& p = pieces_[k];
        std::string_view content = text_.substr(p.begin, p.content_end - p.begin);
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
                              address_seam ? Cut::address_seam : after_space ? Cut::after_space : Cut::letters};
            }
        }
        // Not in addresses, nor in a number and unit held by no-break spaces.
        bool held = content.find("\u00A0") != std::string_view::npos || content.find("\u202F") != std::string_view::npos;
        if (hyphenate && options_.hyphenator && !content.empty() && !held && !looks_like_address(content) &&
            !(options_.whole_names && p.content.width() <= width + eps && looks_like_name_or_code(content))) {
            for (std::size_t off : options_.hyphenator->points(content))
                if (off > 0 && off < content.size()) inner[p.begin + off] = {p.begin + off, k, Kind::hyphen};
        }
        for (const auto& [pos, c] : inner) cands.push_back(c);
        cands.push_back({piece_end(pieces_, k, text_.size()), k + 1, Kind::boundary});
    }

    const std::size_t n = cands.size();
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("break_lines: a paragraph too long");
    std::vector<std::uint32_t> from(n, 0);  // 4 bytes a candidate (with `best`, 8): held for the whole paragraph
    best[0] = 0;
    for (std::size_t j = 1; j < n; ++j) {
        const Candidate& to = cands[j];
        const auto [e, b, hyphen] = line_end(pieces_, to);
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
            cost += to.penalty();
            if (final_line && (at.kind == Kind::hyphen)) cost += final_hyphen_penalty;
            double total = best[i] + cost;
            if (total < best[j]) {
                best[j] = total;
                from[j] = static_cast<std::uint32_t>(i);
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
    return content_width(ps, at.pos, ps.content_end) + spaces_[ps.space]->width + (full_[e] - full_[s + 1]) +
           content_width(pieces_[e], pieces_[e].begin, b);
}

// Whether lines broken without hyphenation are good enough to keep: no
// line over the measure, no word cut between letters, and every line but
// the last filled to within `pretolerance` of the measure. Only then is
// hyphenation not tried (as TeX's first pass): most paragraphs and nearly
// every table cell end here, and hyphens stay where they help.
bool Breaker::acceptable(const std::deque<Candidate>& cands, const std::vector<std::size_t>& path) const {
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

void Breaker::break_chunk(std::size_t first, std::size_t last) {
    // Leading spaces (at the paragraph's start or after a newline) go.
    while (first < last && pieces_[first].content_end == pieces_[first].begin) ++first;
    if (pieces_[first].content_end == pieces_[first].begin && first == last) {
        if (pieces_[last].forced) out_->lines.push_back({{}, {}, BrokenLines::Impl::no_hyphen, true});
        return;
    }
    const double width = std::max(options_.width, 1e-6);

    // ... and so do spaces at the start of the first piece's content.
    std::size_t start = pieces_[first].begin;
    for (const auto& c : decode_utf8(text_.substr(start, pieces_[first].content_end - start))) {
        if (!is_breaking_space(c.cp)) break;
        start += c.length;
    }

    // All on one line when it fits: the best any breaking could do.
    Candidate begin{start, first, Kind::boundary};
    Candidate end{piece_end(pieces_, last, text_.size()), last + 1, Kind::boundary};
    if (!pieces_[last].soft_hyphen && span_width(begin, last, pieces_[last].content_end) <= width + eps) {
        add_line(begin, end);
        return;
    }

    std::deque<Candidate> cands;  // grows without a copy of all it holds
    std::vector<std::size_t> path = solve(first, last, start, false, cands);
    if (options_.hyphenator && !acceptable(cands, path)) path = solve(first, last, start, true, cands);
    out_->lines.reserve(out_->lines.size() + path.size() - 1);
    for (std::size_t k = 0; k + 1 < path.size(); ++k) add_line(cands[path[k]], cands[path[k + 1]]);
}

std::unique_ptr<BrokenLines::Impl> Breaker::run() {
    if (options_.cache) out_->shapes = options_.cache->impl().shapes;
    if (text_.empty()) return std::move(out_);
    make_pieces();
    std::size_t first = 0;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
        if (pieces_[k].forced || k + 1 == pieces_.size()) {
            break_chunk(first, k);
            first = k + 1;
        }
    }
    // What the lines are made of goes with them; the measures of the
    // fitting (full_) and the text do not.
    out_->lines.shrink_to_fit();
    out_->pieces = std::move(pieces_);
    out_->spaces = std::move(spaces_);
    out_->size = text_.size();
    out_->owned = std::move(owned_);
    out_->hyphens = std::move(hyphens_);
    return std::move(out_);
}

}  // namespace

BrokenLines::BrokenLines(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BrokenLines::~BrokenLines() = default;

std::size_t BrokenLines::size() const { return impl_->lines.size(); }

Line BrokenLines::line(std::size_t k) const { return impl_->make(impl_->lines.at(k)); }

std::vector<Line> BrokenLines::lines() const {
    std::vector<Line> all;
    all.reserve(impl_->lines.size());
    for (const auto& at : impl_->lines) all.push_back(impl_->make(at));
    return all;
}

std::vector<Line> break_lines(const std::vector<Span>& spans, const BreakOptions& options) {
    if (!options.cache) return BrokenLines(Breaker(spans, options).run()).lines();
    return break_lines_cached(spans, options, *options.cache)->lines();
}

std::shared_ptr<const BrokenLines> break_lines_cached(const std::vector<Span>& spans, const BreakOptions& options,
                                                      TextCache& text_cache) {
    auto& cache = text_cache.impl();
    std::string key = TextCache::Impl::paragraph_key(spans, options);
    if (auto lines = cache.find_paragraph(key, options.missing)) return lines;
    std::vector<char32_t> missing;
    BreakOptions fresh = options;
    fresh.missing = &missing;
    fresh.cache = &text_cache;
    auto lines = std::make_shared<const BrokenLines>(Breaker(spans, fresh).run());
    return cache.store_paragraph(std::move(key), std::move(lines), std::move(missing), options.missing);
}

}  // namespace tertial::pdf
