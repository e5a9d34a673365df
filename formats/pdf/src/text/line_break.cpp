// Breaking a paragraph of styled spans into lines: UAX #14 break
// opportunities from libunibreak, Swedish hyphenation points, and as a last
// resort breaks between characters; lines chosen by total fit (least sum of
// squared slack over the paragraph, last line free), with '\n' forced breaks.
//
// Every piece of text between two break opportunities is shaped once; a line
// is made of slices of those shapes, so the width the fitting measures is the
// width of the line it returns. At a break inside a word the glyph before the
// break loses its kerning with the (now next-line) glyph after it.
//
// Where a line may end: break_opportunities.cpp; the lines made from where
// this breaks them: broken_lines.cpp.
#include <linebreak.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "line_break_impl.hpp"
#include "tertial/pdf/text.hpp"
#include "text_cache_impl.hpp"

namespace tertial::pdf {

using namespace text_detail;
using namespace line_break_detail;

namespace {

constexpr double eps = 1e-9;
// Costs, in units of 100 * (slack / width)^2 for one line.
constexpr double hyphen_penalty = 4;          // about a line 20 % short
constexpr double double_hyphen_penalty = 10;  // two hyphenated lines in a row
constexpr double final_hyphen_penalty = 6;    // hyphen on the next-to-last line
constexpr double overflow_penalty = 1e9;      // a line wider than the measure

// Whether `s` holds an ASCII digit (UTF-8 puts no other character in the
// bytes '0'..'9').
bool holds_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A word that starts with a capital letter (a name) or holds a digit (a
// code, "74101"): BreakOptions::whole_names keeps it whole, unless it is
// wider than any line (then a hyphen is better than a cut between letters).
bool looks_like_name_or_code(std::string_view s) {
    if (holds_digit(s)) return true;
    auto chars = decode_utf8(s);
    for (const auto& c : chars)
        if (is_letter(c.cp)) return is_capital(c.cp);
    return false;
}

// Addresses, paths and identifiers are cut, if they must be, without hyphens.
bool looks_like_address(std::string_view s) {
    return s.find_first_of("/@_\\") != std::string_view::npos || s.find("www.") != std::string_view::npos;
}

}  // namespace

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
    // span_width()'s parts: what a line from `at` holds of the piece it
    // starts in (its content from there, and its spaces), and of piece `e`
    // up to byte `b`; and the whole from them.
    double line_start(const Candidate& at) const;
    double line_end_part(std::size_t e, std::size_t b) const;
    double span_width(const Candidate& at, double start, std::size_t e, std::size_t b, double end) const;
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
    if (options_.cache && (options_.cache_numbers || !holds_digit(text)))
        return options_.cache->impl().mapped(text, *s.font, s.size, fonts_, options_.missing);
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
    // A paragraph's spaces are nearly all one " " in one style: its shape is
    // looked up once, not again for every word.
    std::string_view last_space;
    const SpanRange* last_space_span = nullptr;
    const Measured* last_space_shape = nullptr;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
        Piece& p = pieces_[k];
        p.content = shape_range(p.begin, p.content_end);
        const std::size_t a = p.content_end, b = piece_end(pieces_, k, text_.size());
        const SpanRange* span = a < b ? &span_at(a) : nullptr;
        if (span && b > span->end) span = nullptr;  // spaces across spans: shaped as they come
        const std::string_view spaces = text_.substr(a, b - a);
        const Measured* space = nullptr;
        if (span && last_space_shape && spaces == last_space && span->font == last_space_span->font &&
            span->size == last_space_span->size) {
            space = last_space_shape;
        } else {
            space = shape_range(a, b).m;
            if (span) last_space = spaces, last_space_span = span, last_space_shape = space;
        }
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
    // From the cache when there is one: every paragraph that breaks a word
    // needs one (seed 000 has dozens).
    const std::vector<GlyphRun> runs = options_.cache
                                           ? options_.cache->shape("-", *s.font, s.size, fonts_, options_.missing)
                                           : shape("-", *s.font, s.size, fonts_, options_.missing);
    hyphens_.push_back(runs.empty() ? GlyphRun{s.font, s.size, "", {}, {}} : runs.front());
    hyphen_styles_.emplace_back(s.font, s.size);
    return static_cast<std::uint32_t>(hyphens_.size() - 1);
}

double Breaker::hyphen_width(std::size_t before) { return hyphens_[hyphen_index(before)].width(); }

}  // namespace

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
    // A piece's breaks inside it, by position; a hyphenation point takes the
    // place of a cut between characters at the same place.
    std::vector<Candidate> inner;
    for (std::size_t k = first; k <= last; ++k) {
        const Piece& p = pieces_[k];
        std::string_view content = text_.substr(p.begin, p.content_end - p.begin);
        inner.clear();
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
                inner.push_back({pos, k, Kind::character,
                                 address_seam  ? Cut::address_seam
                                 : after_space ? Cut::after_space
                                               : Cut::letters});
            }
        }
        // Not in addresses, nor in a number and unit held by no-break spaces.
        bool held = content.find("\u00A0") != std::string_view::npos || content.find("\u202F") != std::string_view::npos;
        if (hyphenate && options_.hyphenator && !content.empty() && !held && !looks_like_address(content) &&
            !(options_.whole_names && p.content.width() <= width + eps && looks_like_name_or_code(content))) {
            for (std::size_t off : options_.hyphenator->points(content))
                if (off > 0 && off < content.size()) inner.push_back({p.begin + off, k, Kind::hyphen});
        }
        // In order of position, the last added of those at one position kept.
        std::stable_sort(inner.begin(), inner.end(),
                         [](const Candidate& a, const Candidate& b) { return a.pos < b.pos; });
        for (std::size_t c = 0; c < inner.size(); ++c)
            if (c + 1 == inner.size() || inner[c + 1].pos != inner[c].pos) cands.push_back(inner[c]);
        cands.push_back({piece_end(pieces_, k, text_.size()), k + 1, Kind::boundary});
    }

    const std::size_t n = cands.size();
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("break_lines: a paragraph too long");
    std::vector<std::uint32_t> from(n, 0);  // 4 bytes a candidate (with `best`, 8): held for the whole paragraph
    // The start of a line from each candidate (line_start()) is measured
    // once, and held for the candidates a line may still start at: from the
    // lowest one the last line end reached (those before it are too far
    // back for any later end), so a long paragraph holds a line's worth,
    // not one for each of its candidates.
    std::deque<double> head;
    std::size_t head_first = 0;  // the candidate head.front() is for
    best[0] = 0;
    for (std::size_t j = 1; j < n; ++j) {
        head.push_back(line_start(cands[j - 1]));
        const Candidate& to = cands[j];
        const auto [e, b, hyphen] = line_end(pieces_, to);
        double tail = hyphen && b > 0 ? hyphen_width(b - 1) : 0;
        const double end = line_end_part(e, b);  // of every line ending here
        bool final_line = j + 1 == n;
        std::size_t lowest = j;  // the lowest candidate looked at
        for (std::size_t i = j; i-- > 0;) {
            const Candidate& at = cands[i];
            lowest = i;
            const double start = i >= head_first ? head[i - head_first] : line_start(at);
            double w = span_width(at, start, e, b, end) + tail;
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
        // A line ending further on is wider from each candidate, so it
        // reaches back no further than this one did.
        for (; head_first < lowest; ++head_first) head.pop_front();
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
    return at.piece == e ? content_width(pieces_[e], at.pos, b)
                         : span_width(at, line_start(at), e, b, line_end_part(e, b));
}

double Breaker::line_start(const Candidate& at) const {
    const Piece& ps = pieces_[at.piece];
    return content_width(ps, at.pos, ps.content_end) + spaces_[ps.space]->width;
}

double Breaker::line_end_part(std::size_t e, std::size_t b) const {
    return content_width(pieces_[e], pieces_[e].begin, b);
}

// The parts summed in one order, so a width is the same to the last bit
// however its parts were had.
double Breaker::span_width(const Candidate& at, double start, std::size_t e, std::size_t b, double end) const {
    const std::size_t s = at.piece;
    if (s == e) return content_width(pieces_[s], at.pos, b);
    return start + (full_[e] - full_[s + 1]) + end;
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

std::vector<Line> break_lines(const std::vector<Span>& spans, const BreakOptions& options) {
    if (!options.cache) return BrokenLines(Breaker(spans, options).run()).lines();
    return break_lines_cached(spans, options, *options.cache)->lines();
}

std::shared_ptr<const BrokenLines> break_lines_alone(const std::vector<Span>& spans, const BreakOptions& options) {
    return std::make_shared<const BrokenLines>(Breaker(spans, options).run());
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
