// Rollover's rules for tables: each amount column carried, proposed, kept or emptied by its period role.
#include "rollover_roller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace tertial::detail {

namespace {

// ---- what a column holds, and where last year's report had it -----------------------------

Date dec31(int year) {
    return {year, 12, 31};
}

// A role reduced to what its figures measure and when: last year's "utfall
// t.o.m. 2020-04-30" and this year's "utfall samma period förra året" are
// the same figures.
struct Measure {
    ColumnRoleType type = ColumnRoleType::unknown;  // outcome for all three outcome roles
    std::optional<int> year;
    std::optional<Date> until;
    bool operator==(const Measure&) const = default;
};

Measure measure(const ColumnRole& r, const Period& period) {
    switch (r.type) {
        case ColumnRoleType::outcome:
            // A year without a day: the whole year, or the report's year so far.
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            if (r.year)
                return {ColumnRoleType::outcome, std::nullopt, *r.year == period.year ? period.end : dec31(*r.year)};
            return {ColumnRoleType::outcome, std::nullopt, period.end};
        case ColumnRoleType::outcome_same_period_last_year: {
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            int y = r.year.value_or(period.year - 1);
            int day = std::min(period.end.day, days_in_month(y, period.end.month));
            return {ColumnRoleType::outcome, std::nullopt, Date{y, period.end.month, day}};
        }
        case ColumnRoleType::outcome_last_year:
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            return {ColumnRoleType::outcome, std::nullopt, dec31(r.year.value_or(period.year - 1))};
        case ColumnRoleType::budget:
        case ColumnRoleType::plan:
        case ColumnRoleType::forecast:
        case ColumnRoleType::additional_appropriation:
        case ColumnRoleType::revised_budget:
            return {r.type, r.year.value_or(period.year), std::nullopt};
        default:
            return {r.type, r.year, r.until};
    }
}

// Does a role name a period at all? deviation, share and other may not.
bool dated(const ColumnRole& r) {
    switch (r.type) {
        case ColumnRoleType::deviation:
        case ColumnRoleType::share:
        case ColumnRoleType::other:
        case ColumnRoleType::unknown:
            return r.year.has_value() || r.until.has_value();
        default:
            return true;
    }
}

std::string role_name(const ColumnRole& r) {
    std::string out(to_string(r.type));
    if (r.year) out += fmt::format(" {}", *r.year);
    if (r.until) out += " until " + r.until->to_string();
    return out;
}

bool has_entry(const Cell* c) {
    return c && !std::holds_alternative<std::monostate>(*c);
}

}  // namespace

void Roller::table(Table& t, const Table& old, const std::string& p) {
    // Last year's imports: their figures are carried into other columns or
    // emptied, and this year's come from this year's files.
    t.sources.clear();
    if (t.caption) t.caption = label(*t.caption, pointer_join(p, "caption"), "caption");
    if (t.note) t.note = label(*t.note, pointer_join(p, "note"), "table note");
    std::vector<Plan> plans(t.columns.size());
    std::vector<std::string> roleless;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        Column& col = t.columns[c];
        std::string cp = pointer_join(pointer_join(p, "columns"), c);
        col.title = label(col.title, pointer_join(cp, "title"), "column title");
        if (col.kind != ColumnKind::amount) continue;
        if (!old.columns[c].role) {
            if (!col.calc) roleless.push_back(old.columns[c].id);
            continue;
        }
        col.role = shifted(*old.columns[c].role);
        plans[c] = plan(t, old, c);
        // A computed column is computed again: nothing to carry or fill in.
        if (!col.calc) describe_plan(t, old, c, plans[c], cp);
    }
    if (!roleless.empty()) {
        std::vector<std::string> quoted;
        for (const auto& id : roleless) quoted.push_back("'" + id + "'");
        diags_.warning(
            "rollover.no_role", p,
            fmt::format("table '{}' has no period role on its amount column{} {}, so rollover cannot tell which "
                        "period their figures belong to: they are emptied, to fill in. Give each amount column "
                        "a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not "
                        "depend on the period) to have its figures carried over or shifted",
                        old.id, roleless.size() == 1 ? "" : "s", fmt::join(quoted, ", ")));
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) row(t, old, r, plans, pointer_join(pointer_join(p, "rows"), r));
}

ColumnRole Roller::shifted(const ColumnRole& r) const {
    ColumnRole out = r;
    if (r.year) out.year = *r.year + shift_.years();
    if (r.until) out.until = shift_.date(*r.until);
    return out;
}

// Where the figures of new column `c` were in last year's table.
Plan Roller::plan(const Table& t, const Table& old, std::size_t c) const {
    const ColumnRole& role = *t.columns[c].role;
    Period next{to_.year, to_};
    if (!dated(role)) {
        if (role.type == ColumnRoleType::other) return {Plan::Kind::keep, c, "oförändrat från förra årets rapport"};
        return {};  // a deviation or share entered by hand belongs to the period
    }
    Measure want = measure(role, next);
    auto candidates = [&](ColumnRoleType type) {
        std::vector<std::size_t> out;
        for (std::size_t k = 0; k < old.columns.size(); ++k) {
            const Column& oc = old.columns[k];
            if (oc.kind != ColumnKind::amount || !oc.role) continue;
            Measure m = measure(*oc.role, last_.meta.period);
            Measure w = want;
            w.type = type;
            if (m == w) out.push_back(k);
        }
        return out;
    };
    auto pick = [&](const std::vector<std::size_t>& found) -> std::optional<std::size_t> {
        if (found.size() == 1) return found.front();
        for (auto k : found)
            if (old.columns[k].id == t.columns[c].id) return k;
        for (auto k : found)
            if (old.columns[k].title == t.columns[c].title) return k;
        return std::nullopt;
    };
    bool estimate = role.type == ColumnRoleType::plan || role.type == ColumnRoleType::forecast;
    if (auto k = pick(candidates(want.type)))
        return estimate
                   ? Plan{Plan::Kind::propose, *k, fmt::format("från {} i {}", old.columns[*k].title, last_.meta.title)}
                   : Plan{Plan::Kind::carry, *k, {}};
    // A budget not yet decided: last year's plan for that year is the proposal.
    if (role.type == ColumnRoleType::budget)
        if (auto k = pick(candidates(ColumnRoleType::plan)))
            return {Plan::Kind::propose, *k,
                    fmt::format("föreslagen från {} i {}", old.columns[*k].title, last_.meta.title)};
    return {};
}

void Roller::describe_plan(const Table& t, const Table& old, std::size_t c, const Plan& plan, const std::string& cp) {
    const Column& col = t.columns[c];
    std::string what = fmt::format("{}: '{}' ({})", t.id, col.title, role_name(*col.role));
    switch (plan.kind) {
        case Plan::Kind::fill:
            log_.add(RolloverAction::emptied, cp, what + " to fill in");
            break;
        case Plan::Kind::carry:
            log_.add(RolloverAction::carried, cp,
                     fmt::format("{} ← last year's '{}' ({})", what, old.columns[plan.source].title,
                                 role_name(*old.columns[plan.source].role)));
            break;
        case Plan::Kind::propose:
            log_.add(RolloverAction::proposed, cp,
                     fmt::format("{} ← last year's '{}' ({}), to review", what, old.columns[plan.source].title,
                                 role_name(*old.columns[plan.source].role)));
            break;
        case Plan::Kind::keep:
            log_.add(RolloverAction::kept, cp, what + " kept as it was, to review");
            break;
    }
}

void Roller::row(Table& t, const Table& old, std::size_t r, const std::vector<Plan>& plans, const std::string& rp) {
    TableRow& row = t.rows[r];
    const TableRow& o = old.rows[r];
    row.label = label(row.label, pointer_join(rp, "label"), "row label");
    std::map<std::string, Cell> cells;
    std::vector<std::pair<std::string, Review>> reviews;
    // A row label that is running text (a measure described in a
    // paragraph) is narrative: kept, not moved on, and reviewed.
    if (running_text(row.label))
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c].kind == ColumnKind::label) {
                const Review* before = nullptr;
                for (const auto& [id, rv] : o.review)
                    if (id == old.columns[c].id) before = &rv;
                reviews.emplace_back(
                    t.columns[c].id,
                    before ? *before : Review{std::nullopt, {printed(pointer_join(rp, "label"), o.label)}});
            }
    if (row.month) row.month = YearMonth{row.month->year + shift_.years(), row.month->month};
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const Column& col = t.columns[c];
        const Column& oc = old.columns[c];
        const Cell* own = o.cell(oc.id);  // this position, last year
        if (col.kind == ColumnKind::text) {
            if (!own) continue;
            cells.emplace(col.id, *row.cell(col.id));  // with its references renamed
            const auto* text = std::get_if<std::string>(own);
            if (text && !text->empty()) {
                const Review* before = nullptr;
                for (const auto& [id, rv] : o.review)
                    if (id == oc.id) before = &rv;
                std::string cell_p = pointer_join(pointer_join(rp, "cells"), oc.id);
                reviews.emplace_back(col.id, before ? *before : Review{std::nullopt, {printed(cell_p, *text)}});
            }
            continue;
        }
        if (col.kind != ColumnKind::amount || row.kind == RowKind::heading) {
            if (const Cell* now = row.cell(col.id)) cells.emplace(col.id, *now);
            continue;
        }
        if (own && std::holds_alternative<CellCalc>(*own)) {  // a formula stays in its place
            cells.emplace(col.id, *row.cell(col.id));
            continue;
        }
        bool computed = row.calc.has_value() || col.calc.has_value();
        const Plan& plan = plans[c];
        const Cell* source = plan.kind == Plan::Kind::fill ? nullptr : o.cell(old.columns[plan.source].id);
        switch (plan.kind) {
            case Plan::Kind::fill:
                if (!computed && has_entry(own)) cells.emplace(col.id, CellTodo{});
                break;
            case Plan::Kind::carry:
                // Last year's printed totals are facts too, and still agree with their parts.
                if (auto v = carried(old, o, plan.source, source, computed)) {
                    cells.emplace(col.id, *v);
                    // A figure still under review last year (a proposal nobody
                    // confirmed) stays under review.
                    for (const auto& [id, rv] : o.review)
                        if (id == old.columns[plan.source].id) reviews.emplace_back(col.id, rv);
                }
                break;
            case Plan::Kind::propose:
            case Plan::Kind::keep:
                // Totals are recomputed, so that changing a proposed part never contradicts them.
                if (computed) break;
                if (auto v = carried(old, o, plan.source, source, computed)) {
                    if (!std::holds_alternative<CellTodo>(*v)) reviews.emplace_back(col.id, Review{plan.note, {}});
                    cells.emplace(col.id, *v);
                }
                break;
        }
    }
    row.cells.clear();
    for (const auto& col : t.columns)
        if (auto it = cells.find(col.id); it != cells.end()) row.cells.emplace_back(col.id, it->second);
    row.review.clear();
    for (const auto& col : t.columns)
        for (auto& [id, rv] : reviews)
            if (id == col.id) row.review.emplace_back(id, rv);
}

// Last year's cell at (row, column k) as this year's entry, if it has one.
std::optional<Cell> Roller::carried(const Table& old, const TableRow& o, std::size_t k, const Cell* source,
                                    bool computed) const {
    if (!source) return std::nullopt;
    if (std::holds_alternative<Decimal>(*source) || std::holds_alternative<Boxed<CellWaived>>(*source)) return *source;
    if (computed) return std::nullopt;
    if (std::holds_alternative<CellTodo>(*source)) return *source;
    if (std::holds_alternative<CellCalc>(*source)) {
        // A figure computed last year is carried as the number it was.
        const ResolvedFigure* f = figures_.find(fmt::format("{}.{}.{}", old.id, o.id, old.columns[k].id));
        if (f && f->value) return Cell{*f->value};
    }
    return std::nullopt;
}

}  // namespace tertial::detail
