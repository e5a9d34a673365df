// Line breaking's internals, shared by its parts: the pieces a paragraph
// is cut into and the places a line may end (line_break.cpp, which breaks
// a paragraph), UAX #14 and grapheme boundaries (break_opportunities.cpp),
// and a paragraph as broken, whose lines are made when asked for
// (broken_lines.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "tertial/pdf/text.hpp"
#include "text_impl.hpp"

namespace tertial::pdf {
namespace line_break_detail {

// Costs, in units of 100 * (slack / width)^2 for one line (the others are line_break.cpp's).
inline constexpr double char_break_penalty = 1000;  // a word cut between letters

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
    const text_detail::Measured* m = nullptr;
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
inline std::size_t piece_end(const std::vector<Piece>& pieces, std::size_t k, std::size_t size) {
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

inline LineEnd line_end(const std::vector<Piece>& pieces, const Candidate& to) {
    if (to.kind == Kind::boundary) {
        const Piece& p = pieces[to.piece - 1];
        return {to.piece - 1, p.content_end, p.soft_hyphen};
    }
    return {to.piece, to.pos, to.kind == Kind::hyphen};
}

// ---- break_opportunities.cpp -----------------------------------------------------------

// libunibreak's tables, set up once (break_opportunities() does it first);
// called before threads that break lines start, so that a race checker
// (helgrind) sees them set up before (it does not follow call_once).
void prepare_line_breaking();
// UAX #14's break opportunities of `cps` (libunibreak's LINEBREAK_* per
// code point), with flags kept whole and addresses' breaks taken out; the
// code points are changed for the call and put back.
std::vector<char> break_opportunities(std::vector<char32_t>& cps);
// Whether a word may be cut before chars[c] (c > 0): between grapheme clusters.
bool grapheme_boundary(const std::vector<text_detail::Utf8Char>& chars, std::size_t c);

// ---- broken_lines.cpp ------------------------------------------------------------------

// Appends glyphs [g0, g1) of `run` showing its text [t0, t1) to the line:
// onto its last run when that has the same font and size, else as a new run.
// A new run reserves room for `room` glyphs and bytes.
void append_to_line(Line& line, const GlyphRun& run, std::uint32_t t0, std::uint32_t t1, std::size_t g0, std::size_t g1,
                    std::size_t room = 0);
void append_to_line(Line& line, const GlyphRun& run);  // the whole run

}  // namespace line_break_detail


// A broken paragraph: its pieces (pointing at their shapes) and where each
// line begins and ends among them; a line is made from these when asked for.
struct BrokenLines::Impl {
    static constexpr std::uint32_t no_hyphen = std::numeric_limits<std::uint32_t>::max();
    struct At {  // a line: from one break to the next (32 bytes)
        line_break_detail::Candidate from, to;
        std::uint32_t hyphen = no_hyphen;  // drawn at its end: an index into `hyphens`
        bool blank = false;                // a newline's empty line
    };
    std::shared_ptr<const void> shapes;  // the text cache's, which the pieces point into
    std::vector<line_break_detail::Piece> pieces;
    std::vector<const text_detail::Measured*> spaces;  // Piece::space
    std::size_t size = 0;  // the paragraph's bytes
    std::vector<std::unique_ptr<text_detail::Measured>> owned;  // shapes no cache holds
    // A hyphen in each font and size a line ends with one in (nearly
    // always one or none: a table cell's paragraph holds no map).
    std::vector<GlyphRun> hyphens;
    std::vector<At> lines;

    // Without `measured`, the line's width and flags are left unset.
    Line make(const At& at, bool measured = true) const;
    // `room`: about how many glyphs the line holds (its bytes), reserved
    // for its first run.
    void slice(const line_break_detail::Piece& p, std::size_t a, std::size_t b, Line& line, std::size_t room) const;
};

}  // namespace tertial::pdf
