// Review marks: where each is, the texts it is about, whether they changed, accepting one; word diffs.
#include "tertial/review.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <type_traits>

#include "tertial/diagnostics.hpp"
#include "tertial/text_refs.hpp"
#include "tertial/todo.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {

// Where a mark is: the block it belongs to and what in it.
struct Place {
    enum class Kind { proposals, block, assignment, key_figure, cell } kind = Kind::block;
    std::string block;  // the block's pointer (empty for the proposals)
    std::size_t group = 0, index = 0;
    std::string column;
};

std::optional<Place> parse_place(const std::string& pointer) {
    static const std::regex cell(R"(^(.*)/rows/(\d+)/review/([^/]+)$)");
    static const std::regex key_figure(R"(^(.*)/groups/(\d+)/items/(\d+)/review$)");
    static const std::regex assignment(R"(^(.*)/items/(\d+)/review$)");
    static const std::regex block(R"(^(.*)/review$)");
    if (pointer == "/cover_letter/proposals_review") return Place{Place::Kind::proposals, "", 0, 0, ""};
    std::smatch m;
    auto index = [](const std::ssub_match& s) { return static_cast<std::size_t>(std::stoull(s.str())); };
    if (std::regex_match(pointer, m, cell)) return Place{Place::Kind::cell, m[1], 0, index(m[2]), m[3]};
    if (std::regex_match(pointer, m, key_figure))
        return Place{Place::Kind::key_figure, m[1], index(m[2]), index(m[3]), ""};
    if (std::regex_match(pointer, m, assignment)) return Place{Place::Kind::assignment, m[1], 0, index(m[2]), ""};
    if (std::regex_match(pointer, m, block)) return Place{Place::Kind::block, m[1], 0, 0, ""};
    return std::nullopt;
}

// Calls `f` with the block at `pointer`; false if there is none.
template <class R, class F>
bool with_block(R& report, const std::string& pointer, F&& f) {
    using B = std::conditional_t<std::is_const_v<R>, const Block, Block>;
    bool found = false;
    for_each_block(report, std::function<void(B&, const std::string&)>([&](B& b, const std::string& p) {
        if (!found && p == pointer) {
            found = true;
            f(b);
        }
    }));
    return found;
}

const Column* column_of(const Table& t, const std::string& id) {
    for (const auto& c : t.columns)
        if (c.id == id) return &c;
    return nullptr;
}

// The texts of `list` with their pointers under `base`.
void add_texts(ReviewMark& m, const std::vector<std::string>& list, const std::string& base) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        m.current.push_back(list[i]);
        m.fields.push_back(pointer_join(base, i));
    }
}

void add_text(ReviewMark& m, const std::string& text, const std::string& pointer) {
    m.current.push_back(text);
    m.fields.push_back(pointer);
}

// Fills in the mark's texts from the model; false if the place holds no mark.
bool describe(const Report& report, const Place& place, ReviewMark& m) {
    m.removal = m.pointer;
    if (place.kind == Place::Kind::proposals) {
        if (!report.cover_letter || !report.cover_letter->proposals_review) return false;
        const auto& review = *report.cover_letter->proposals_review;
        m.note = review.note;
        m.previous = review.previous;
        add_texts(m, report.cover_letter->proposals, "/cover_letter/proposals");
        return true;
    }
    bool ok = false;
    with_block(report, place.block, [&](const Block& b) {
        const std::optional<Review>* review = nullptr;
        if (const auto* p = std::get_if<Paragraph>(&b.content); p && place.kind == Place::Kind::block) {
            review = &p->review;
            add_text(m, p->text, pointer_join(place.block, "text"));
        } else if (const auto* l = std::get_if<List>(&b.content); l && place.kind == Place::Kind::block) {
            review = &l->review;
            add_texts(m, l->items, pointer_join(place.block, "items"));
        } else if (const auto* c = std::get_if<Chart>(&b.content); c && place.kind == Place::Kind::block) {
            review = &c->review;
            add_text(m, c->alt, pointer_join(place.block, "alt"));
        } else if (const auto* a = std::get_if<Assignments>(&b.content);
                   a && place.kind == Place::Kind::assignment && place.index < a->items.size()) {
            const Assignment& item = a->items[place.index];
            review = &item.review;
            add_texts(m, item.comment, pointer_join(pointer_join(pointer_join(place.block, "items"), place.index), "comment"));
        } else if (const auto* k = std::get_if<KeyFigures>(&b.content);
                   k && place.kind == Place::Kind::key_figure && place.group < k->groups.size() &&
                   place.index < k->groups[place.group].items.size()) {
            const KeyFigure& kf = k->groups[place.group].items[place.index];
            review = &kf.review;
            add_text(m, kf.comment, m.pointer.substr(0, m.pointer.size() - 7) + "/comment");
        } else if (const auto* t = std::get_if<Table>(&b.content);
                   t && place.kind == Place::Kind::cell && place.index < t->rows.size()) {
            const TableRow& row = t->rows[place.index];
            const Column* col = column_of(*t, place.column);
            std::string rp = pointer_join(pointer_join(place.block, "rows"), place.index);
            for (const auto& [id, r] : row.review) {
                if (id != place.column || !col) continue;
                ok = true;
                m.note = r.note;
                m.previous = r.previous;
                m.removal = row.review.size() == 1 ? pointer_join(rp, "review") : m.pointer;
                if (col->kind == ColumnKind::label) {
                    add_text(m, row.label, pointer_join(rp, "label"));
                } else if (col->kind == ColumnKind::amount) {
                    m.figure = true;
                    m.fields.push_back(pointer_join(pointer_join(rp, "cells"), col->id));
                } else {
                    const Cell* cell = row.cell(col->id);
                    const auto* text = cell ? std::get_if<std::string>(cell) : nullptr;
                    add_text(m, text ? *text : std::string(), pointer_join(pointer_join(rp, "cells"), col->id));
                }
            }
            return;
        }
        if (review && *review) {
            ok = true;
            m.note = (*review)->note;
            m.previous = (*review)->previous;
        }
    });
    return ok;
}

// True if the pieces from `i` on, with a {{reference}} standing for any
// non-empty text, print as `printed` from `at` on. `failed` remembers the
// (piece, position) pairs that cannot, so that no pair is tried twice.
bool same_words(const std::vector<TextPiece>& pieces, std::size_t i, std::string_view printed, std::size_t at,
                std::set<std::pair<std::size_t, std::size_t>>& failed) {
    if (i == pieces.size()) return at == printed.size();
    if (failed.count({i, at})) return false;
    bool ok = false;
    if (const auto* literal = std::get_if<std::string>(&pieces[i])) {
        ok = printed.substr(at, literal->size()) == *literal &&
             same_words(pieces, i + 1, printed, at + literal->size(), failed);
    } else if (i + 1 == pieces.size()) {
        ok = at < printed.size();
    } else if (const auto* next = std::get_if<std::string>(&pieces[i + 1])) {
        for (auto pos = printed.find(*next, at + 1); !ok && pos != std::string_view::npos; pos = printed.find(*next, pos + 1))
            ok = same_words(pieces, i + 1, printed, pos, failed);
    } else {
        for (std::size_t end = at + 1; !ok && end <= printed.size(); ++end) ok = same_words(pieces, i + 1, printed, end, failed);
    }
    if (!ok) failed.insert({i, at});
    return ok;
}

bool unchanged_text(const std::string& now, const std::string& before) {
    if (now == before) return true;
    ParsedText parsed = parse_text_refs(now);
    std::size_t refs = std::count_if(parsed.pieces.begin(), parsed.pieces.end(),
                                     [](const TextPiece& p) { return std::holds_alternative<TextRef>(p); });
    if (parsed.error || refs == 0) return false;
    std::set<std::pair<std::size_t, std::size_t>> failed;
    return same_words(parsed.pieces, 0, before, 0, failed);
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    while (i < text.size()) {
        while (i < text.size() && blank(text[i])) ++i;
        std::size_t start = i;
        while (i < text.size() && !blank(text[i])) ++i;
        if (i > start) out.push_back(text.substr(start, i - start));
    }
    return out;
}

void push(std::vector<DiffPiece>& out, DiffPiece::Kind kind, std::string_view word) {
    if (!out.empty() && out.back().kind == kind) {
        out.back().text += ' ';
        out.back().text += word;
    } else {
        out.push_back({kind, std::string(word)});
    }
}

}  // namespace

std::vector<ReviewMark> review_marks(const Report& report) {
    std::vector<ReviewMark> out;
    for (auto& item : todo_list(report)) {
        if (item.kind != TodoKind::review) continue;
        ReviewMark m;
        m.pointer = item.pointer;
        m.message = std::move(item.message);
        m.group = std::move(item.group);
        m.group_pointer = std::move(item.group_pointer);
        auto place = parse_place(m.pointer);
        if (place && describe(report, *place, m)) out.push_back(std::move(m));
    }
    return out;
}

ReviewChange review_change(const ReviewMark& mark) {
    if (mark.figure) return ReviewChange::changed;
    bool now_empty = std::all_of(mark.current.begin(), mark.current.end(), [](const auto& s) { return s.empty(); });
    bool had_text = std::any_of(mark.previous.begin(), mark.previous.end(), [](const auto& s) { return !s.empty(); });
    if (now_empty && had_text) return ReviewChange::empty;
    if (mark.current.size() != mark.previous.size()) return ReviewChange::changed;
    for (std::size_t i = 0; i < mark.current.size(); ++i)
        if (!unchanged_text(mark.current[i], mark.previous[i])) return ReviewChange::changed;
    return ReviewChange::unchanged;
}

bool accept_review(Report& report, std::string_view pointer_view) {
    std::string pointer(pointer_view);
    auto place = parse_place(pointer);
    if (!place) return false;
    if (place->kind == Place::Kind::proposals) {
        if (!report.cover_letter || !report.cover_letter->proposals_review) return false;
        report.cover_letter->proposals_review.reset();
        return true;
    }
    bool removed = false;
    auto clear = [&](std::optional<Review>& r) {
        removed = r.has_value();
        r.reset();
    };
    with_block(report, place->block, [&](Block& b) {
        using K = Place::Kind;
        if (auto* p = std::get_if<Paragraph>(&b.content); p && place->kind == K::block) clear(p->review);
        else if (auto* l = std::get_if<List>(&b.content); l && place->kind == K::block) clear(l->review);
        else if (auto* c = std::get_if<Chart>(&b.content); c && place->kind == K::block) clear(c->review);
        else if (auto* a = std::get_if<Assignments>(&b.content);
                 a && place->kind == K::assignment && place->index < a->items.size())
            clear(a->items[place->index].review);
        else if (auto* k = std::get_if<KeyFigures>(&b.content);
                 k && place->kind == K::key_figure && place->group < k->groups.size() &&
                 place->index < k->groups[place->group].items.size())
            clear(k->groups[place->group].items[place->index].review);
        else if (auto* t = std::get_if<Table>(&b.content); t && place->kind == K::cell && place->index < t->rows.size()) {
            auto& marks = t->rows[place->index].review;
            auto n = std::erase_if(marks, [&](const auto& m) { return m.first == place->column; });
            removed = n > 0;
        }
    });
    return removed;
}

std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after) {
    auto a = words(before), b = words(after);
    std::vector<DiffPiece> out;
    // Longest common subsequence of words; a paragraph has a few hundred.
    // Beyond that the texts are shown as replaced whole rather than spend
    // memory quadratic in their length.
    constexpr std::size_t limit = 4000;
    if (a.size() > limit || b.size() > limit) {
        for (auto w : a) push(out, DiffPiece::Kind::removed, w);
        for (auto w : b) push(out, DiffPiece::Kind::added, w);
        return out;
    }
    std::vector<std::vector<std::uint32_t>> lcs(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            push(out, DiffPiece::Kind::same, a[i]);
            ++i, ++j;
        } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
            push(out, DiffPiece::Kind::removed, a[i++]);
        } else {
            push(out, DiffPiece::Kind::added, b[j++]);
        }
    }
    return out;
}

}  // namespace tertial
