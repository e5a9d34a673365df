// Checks on content: the report's running texts read once, then each family
// of checks (periods, signs, dates, duplicates) over them.
#include "check_content.hpp"

#include "tertial/walk.hpp"

namespace tertial {
namespace detail {

std::map<std::string, const Review*> reviewable_texts(const Report& report) {
    std::map<std::string, const Review*> out;
    auto mark = [](const std::optional<Review>& r) { return r ? &*r : nullptr; };
    if (report.cover_letter)
        for (std::size_t i = 0; i < report.cover_letter->proposals.size(); ++i)
            out[pointer_join("/cover_letter/proposals", i)] = mark(report.cover_letter->proposals_review);
    for_each_block(report, [&](const Block& b, const std::string& p) {
        if (const auto* para = std::get_if<Paragraph>(&b.content)) {
            out[p + "/text"] = mark(para->review);
        } else if (const auto* list = std::get_if<List>(&b.content)) {
            for (std::size_t i = 0; i < list->items.size(); ++i) out[pointer_join(p + "/items", i)] = mark(list->review);
        } else if (const auto* as = std::get_if<Assignments>(&b.content)) {
            for (std::size_t i = 0; i < as->items.size(); ++i)
                for (std::size_t k = 0; k < as->items[i].comment.size(); ++k)
                    out[pointer_join(pointer_join(p + "/items", i) + "/comment", k)] = mark(as->items[i].review);
        } else if (const auto* kf = std::get_if<KeyFigures>(&b.content)) {
            for (std::size_t g = 0; g < kf->groups.size(); ++g)
                for (std::size_t k = 0; k < kf->groups[g].items.size(); ++k)
                    out[pointer_join(pointer_join(p + "/groups", g) + "/items", k) + "/comment"] =
                        mark(kf->groups[g].items[k].review);
        } else if (const auto* chart = std::get_if<Chart>(&b.content)) {
            out[p + "/alt"] = mark(chart->review);
        } else if (const auto* t = std::get_if<Table>(&b.content)) {
            for (std::size_t r = 0; r < t->rows.size(); ++r)
                for (const auto& [col, cell] : t->rows[r].cells) {
                    if (!std::holds_alternative<std::string>(cell)) continue;
                    const Review* review = nullptr;
                    for (const auto& [c, rv] : t->rows[r].review)
                        if (c == col) review = &rv;
                    out[pointer_join(pointer_join(p + "/rows", r) + "/cells", col)] = review;
                }
        }
    });
    return out;
}

std::vector<ContentText> content_texts(const Report& report) {
    auto marks = reviewable_texts(report);
    std::vector<ContentText> out;
    for_each_text(report, [&](const std::string& text, const std::string& pointer) {
        if (!is_running_text(pointer)) return;
        ContentText t{pointer, &text, split_words(text), {}, nullptr};
        if (t.words.parsed.error) return;
        if (pointer.starts_with("/cover_letter")) {
            t.part = "/cover_letter";
        } else {
            auto body = pointer.find('/', 6);  // "/body/N"
            t.part = pointer.substr(0, body);
        }
        if (auto it = marks.find(pointer); it != marks.end()) t.review = it->second;
        out.push_back(std::move(t));
    });
    return out;
}

std::string quote(const ContentText& t, std::size_t from, const Token& last) {
    std::size_t end = last.offset;
    if (last.kind == TokenKind::reference)
        end = t.source->find("}}", end) + 2;
    else
        end += last.text.size();  // words are lowercased, not changed in length
    return t.source->substr(from, end - from);
}

}  // namespace detail

void check_content(const Report& report, const Resolution& resolution, Diagnostics& diagnostics,
                   const std::vector<PeriodEnd>& own_period_ends) {
    auto texts = detail::content_texts(report);
    detail::check_periods(report, texts, diagnostics);
    detail::check_signs(resolution, texts, diagnostics);
    detail::check_dates(report, texts, own_period_ends, diagnostics);
    detail::check_duplicates(resolution, texts, diagnostics);
}

}  // namespace tertial
