// Rollover's rules for meta, the cover letter and named figures.
#include "rollover_roller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace tertial::detail {

namespace {

// `v` in `from` as a value in `to`: the same value when the units agree,
// converted exactly between kr, tkr and mnkr; nullopt for any other pair.
std::optional<Decimal> in_unit(const Decimal& v, Unit from, Unit to) {
    if (from == to) return v;
    auto a = krona_exponent(from), b = krona_exponent(to);
    if (!a || !b) return std::nullopt;
    Decimal factor = *Decimal::parse(*a > *b ? "1" + std::string(static_cast<std::size_t>(*a - *b), '0')
                                             : "0." + std::string(static_cast<std::size_t>(*b - *a - 1), '0') + "1");
    Decimal out = v * factor;
    // 2.1 mnkr is 2100 tkr, not 2100.0: the zeros a larger unit adds are not decimals anyone entered.
    return *a > *b ? out.rounded(std::max(0, v.scale() - (*a - *b))) : out;
}

}  // namespace

void Roller::meta(Meta& m) {
    const Meta& old = last_.meta;
    m.title = label(m.title, "/meta/title", "title");
    m.period = {to_.year, to_};
    log_.add(RolloverAction::updated, "/meta/period",
             fmt::format("period {} → {}", old.period.end.to_string(), to_.to_string()));
    std::set<MetaTodo> todo(old.todo.begin(), old.todo.end());
    todo.insert(MetaTodo::date);
    if (old.date.year) {
        m.date = shift_.date(old.date);
        log_.add(RolloverAction::cleared, "/meta/date",
                 fmt::format("date {} → {}, to fill in: it is last year's date a year on", old.date.to_string(),
                             m.date.to_string()));
    }  // else a draft's date still to fill in: it stays so
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

// Named figures are last year's numbers: to fill in again, unless one is
// last year's value of another (its role), which last year's report holds.
// Calculations stay.
void Roller::named_figures(Report& next) {
    for (std::size_t i = 0; i < next.figures.size(); ++i) {
        Figure& f = next.figures[i];
        std::string p = pointer_join("/figures", i);
        if (f.label) f.label = label(*f.label, pointer_join(p, "label"), "figure label");
        if (f.role && !f.calc) {
            carry_figure(f, last_.figures[i], p);
        } else if (f.value) {
            log_.add(RolloverAction::emptied, p,
                     fmt::format("figure '{}' ({}) emptied, to fill in", f.id, f.value->to_string()));
            f.value.reset();
            f.todo = true;
        }
    }
}

// The value of the figure `old` is last year's value of, as last year's
// report has it (entered, or computed), in this figure's unit: exactly, so
// that 2.1 mnkr becomes 2100 tkr. Without one the figure stays to fill in,
// and the log and a warning say why.
void Roller::carry_figure(Figure& f, const Figure& old, const std::string& p) {
    const std::string& of = old.role->last_year_of;
    const ResolvedFigure* source = figures_.find(of);
    std::optional<Decimal> value;
    if (source && source->value) value = in_unit(*source->value, source->unit, f.unit);
    if (value) {
        log_.add(
            RolloverAction::carried, p,
            fmt::format("figure '{}' ← last year's '{}' ({} {})", f.id, of, value->to_string(), unit_name(f.unit)));
        f.value = value;
        f.todo = false;
        return;
    }
    f.value.reset();
    f.todo = true;
    std::string why = fmt::format(
        "figure '{}' is last year's '{}', but last year's report has no value for it{}: it stays "
        "to fill in",
        f.id, of, source && source->source == FigureSource::todo ? " (it was still to fill in)" : "");
    log_.add(RolloverAction::emptied, p, why);
    diags_.warning("rollover.last_year_missing", p, why);
}

}  // namespace tertial::detail
