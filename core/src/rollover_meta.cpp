// Rollover's rules for meta, the cover letter and named figures.
#include "rollover_roller.hpp"

#include <fmt/format.h>

#include <set>

namespace tertial::detail {

void Roller::meta(Meta& m) {
    const Meta& old = last_.meta;
    m.title = label(m.title, "/meta/title", "title");
    m.period = {to_.year, to_};
    log_.add(RolloverAction::updated, "/meta/period",
             fmt::format("period {} → {}", old.period.end.to_string(), to_.to_string()));
    m.date = shift_.date(old.date);
    std::set<MetaTodo> todo(old.todo.begin(), old.todo.end());
    todo.insert(MetaTodo::date);
    log_.add(RolloverAction::cleared, "/meta/date",
             fmt::format("date {} → {}, to fill in: it is last year's date a year on", old.date.to_string(),
                         m.date.to_string()));
    if (m.dnr) {
        log_.add(RolloverAction::cleared, "/meta/dnr", fmt::format("diarienummer '{}' cleared, to fill in", *m.dnr));
        m.dnr.reset();
        todo.insert(MetaTodo::dnr);
    }
    if (m.status != ReportStatus::utkast)
        log_.add(RolloverAction::cleared, "/meta/status", fmt::format("status {} → utkast", to_string(m.status)));
    m.status = ReportStatus::utkast;
    if (last_.cover_letter && !last_.cover_letter->signatures.empty()) todo.insert(MetaTodo::signatures);
    todo.erase(MetaTodo::unknown);
    m.todo.assign(todo.begin(), todo.end());
}

void Roller::cover_letter(CoverLetter& c) {
    const CoverLetter& old = *last_.cover_letter;
    c.title = label(c.title, "/cover_letter/title", "cover letter title");
    for (std::size_t i = 0; i < c.basis.size(); ++i)
        c.basis[i] = label(c.basis[i], pointer_join("/cover_letter/basis", i), "underlag");
    if (!c.proposals.empty() || old.proposals_review) {
        std::vector<std::string> previous;
        for (std::size_t i = 0; i < old.proposals.size(); ++i)
            previous.push_back(printed(pointer_join("/cover_letter/proposals", i), old.proposals[i]));
        c.proposals_review = review_of(old.proposals_review, std::move(previous));
        log_.add(RolloverAction::review, "/cover_letter/proposals_review",
                 fmt::format("{} förslag till beslut kept, to review", c.proposals.size()));
    }
    if (!c.signatures.empty()) {
        log_.add(RolloverAction::cleared, "/cover_letter/signatures",
                 fmt::format("signatures ({}) cleared, to fill in", fmt::join(c.signatures, ", ")));
        c.signatures.clear();
    }
}

// Named figures are last year's numbers: to fill in again. Calculations stay.
void Roller::named_figures(Report& next) {
    for (std::size_t i = 0; i < next.figures.size(); ++i) {
        Figure& f = next.figures[i];
        std::string p = pointer_join("/figures", i);
        if (f.label) f.label = label(*f.label, pointer_join(p, "label"), "figure label");
        if (f.value) {
            log_.add(RolloverAction::emptied, p,
                     fmt::format("figure '{}' ({}) emptied, to fill in", f.id, f.value->to_string()));
            f.value.reset();
            f.todo = true;
        }
    }
}

}  // namespace tertial::detail
