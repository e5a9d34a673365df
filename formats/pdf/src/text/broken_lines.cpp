// A paragraph as line breaking left it (BrokenLines): its lines made, when
// asked for, from the pieces' shapes -- their glyphs copied out, a cut
// word's last glyph given its own advance, spaces and hyphens put in.
#include <algorithm>
#include <memory>
#include <vector>

#include "line_break_impl.hpp"

namespace tertial::pdf {

using namespace text_detail;
using namespace line_break_detail;

namespace line_break_detail {

void append_to_line(Line& line, const GlyphRun& run, std::uint32_t t0, std::uint32_t t1, std::size_t g0, std::size_t g1,
                    std::size_t room) {
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

}  // namespace line_break_detail

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

Line BrokenLines::Impl::make(const At& at, bool measured) const {
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
    if (!measured) return line;

    line.width = width_of(line.runs);
    line.hyphenated = hyphen;
    // A forced break (a newline) counts as well: its lines are read as words apart too.
    line.ends_at_space = to.kind == Kind::boundary && !hyphen && to.piece < pieces.size() &&
                         piece_end(pieces, e, size) > pieces[e].content_end;
    return line;
}

BrokenLines::BrokenLines(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BrokenLines::~BrokenLines() = default;

std::size_t BrokenLines::size() const { return impl_->lines.size(); }

Line BrokenLines::line(std::size_t k) const { return impl_->make(impl_->lines.at(k)); }

GlyphRun BrokenLines::run(std::size_t k, std::size_t index) const {
    return std::move(impl_->make(impl_->lines.at(k), false).runs.at(index));
}

std::vector<Line> BrokenLines::lines() const {
    std::vector<Line> all;
    all.reserve(impl_->lines.size());
    for (const auto& at : impl_->lines) all.push_back(impl_->make(at));
    return all;
}

}  // namespace tertial::pdf
