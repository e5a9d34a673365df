// Rollover's rules for blocks: sections and goals, paragraphs, lists, uppdrag, key figures, charts.
#include "rollover_roller.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <variant>

namespace tertial::detail {

void Roller::block(Block& b, const std::string& p) {
    const Block* old = old_blocks_.at(p);
    std::visit(
        [&](auto& x) {
            using T = std::decay_t<decltype(x)>;
            const T& o = std::get<T>(old->content);
            if constexpr (std::is_same_v<T, Section>) {
                section(x, p);
            } else if constexpr (std::is_same_v<T, Paragraph>) {
                if (x.todo || x.text.empty()) return;
                x.review = review_of(o.review, {printed(pointer_join(p, "text"), o.text)});
                log_.add(RolloverAction::review, p, "paragraph kept, to review");
            } else if constexpr (std::is_same_v<T, List>) {
                std::vector<std::string> previous;
                for (std::size_t i = 0; i < o.items.size(); ++i)
                    previous.push_back(printed(pointer_join(pointer_join(p, "items"), i), o.items[i]));
                x.review = review_of(o.review, std::move(previous));
                log_.add(RolloverAction::review, p, "list kept, to review");
            } else if constexpr (std::is_same_v<T, Assignments>) {
                assignments(x, o, p);
            } else if constexpr (std::is_same_v<T, KeyFigures>) {
                key_figures(x, o, p);
            } else if constexpr (std::is_same_v<T, Chart>) {
                x.title = label(x.title, pointer_join(p, "title"), "chart title");
                if (!x.alt.empty()) x.review = review_of(o.review, {printed(pointer_join(p, "alt"), o.alt)});
                log_.add(RolloverAction::review, p, "chart's text alternative kept, to review");
            } else if constexpr (std::is_same_v<T, Table>) {
                table(x, o, p);
            }
        },
        b.content);
}

void Roller::section(Section& s, const std::string& p) {
    s.title = label(s.title, pointer_join(p, "title"), "heading");
    if (s.goal && s.goal->status != GoalStatus::ej_bedomd) {
        log_.add(RolloverAction::cleared, pointer_join(p, "goal"),
                 fmt::format("goal status {} → ej_bedomd", to_string(s.goal->status)));
        s.goal->status = GoalStatus::ej_bedomd;
    }
}

// Uppdrag keep their text; the kommentar is written anew, last year's kept for reference.
void Roller::assignments(Assignments& a, const Assignments& old, const std::string& p) {
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        std::string ip = pointer_join(pointer_join(p, "items"), i);
        const Assignment& o = old.items[i];
        std::vector<std::string> previous;
        for (std::size_t k = 0; k < o.comment.size(); ++k)
            previous.push_back(printed(pointer_join(pointer_join(ip, "comment"), k), o.comment[k]));
        a.items[i].review = o.comment.empty() && o.review ? *o.review : Review{std::nullopt, std::move(previous)};
        a.items[i].comment.clear();
        log_.add(RolloverAction::review, ip, "uppdrag kept, to review; kommentar emptied, to write");
    }
}

void Roller::key_figures(KeyFigures& k, const KeyFigures& old, const std::string& p) {
    k.sources.clear();  // every value is emptied: last year's import no longer says where any came from
    for (std::size_t g = 0; g < k.groups.size(); ++g) {
        std::string gp = pointer_join(pointer_join(p, "groups"), g);
        k.groups[g].goal = label(k.groups[g].goal, pointer_join(gp, "goal"), "goal");
        for (std::size_t i = 0; i < k.groups[g].items.size(); ++i) {
            KeyFigure& kf = k.groups[g].items[i];
            const KeyFigure& o = old.groups[g].items[i];
            std::string ip = pointer_join(pointer_join(gp, "items"), i);
            kf.name = label(kf.name, pointer_join(ip, "name"), "key figure");
            // The latest outcome is usually a year later than last year's.
            kf.year = label(kf.year, pointer_join(ip, "year"), "key figure year");
            kf.value.reset();
            kf.todo = true;
            if (!kf.comment.empty()) kf.review = review_of(o.review, {printed(pointer_join(ip, "comment"), o.comment)});
            log_.add(RolloverAction::emptied, ip,
                     fmt::format("key figure '{}' to fill in; its comment kept, to review", kf.id));
        }
    }
}

}  // namespace tertial::detail
