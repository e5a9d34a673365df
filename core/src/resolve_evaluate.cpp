// The calculation engine, evaluating: figures in dependency order, cycles, entered totals against their calculations.
#include "resolve_engine.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tertial/suggest.hpp"

namespace tertial::detail {

// Evaluates figure `root` after every figure its calculation refers to,
// with an explicit stack rather than recursion: a chain of references is
// as long as the report makes it. stack_ holds the figures under way,
// waiting_ what each still waits for.
void Engine::evaluate(std::size_t root) {
    if (state_.size() < defs_.size()) state_.resize(defs_.size(), State::pending);
    if (empty_cause_.size() < defs_.size()) empty_cause_.resize(defs_.size());
    const std::size_t base = stack_.size();
    visit(root);
    while (stack_.size() > base) {
        Waiting& w = waiting_.back();
        if (w.next < w.figures.size()) {
            visit(w.figures[w.next++]);
            continue;
        }
        std::size_t i = stack_.back();
        compute(i, state_[i] == State::active);
        state_[i] = State::done;
        stack_.pop_back();
        waiting_.pop_back();
    }
}

void Engine::visit(std::size_t i) {
    if (state_[i] == State::done || state_[i] == State::cyclic) return;
    if (state_[i] == State::active) return report_cycle(i);
    Definition& d = defs_[i];
    if (!d.calc) {
        finish_plain(d);
        if (!d.value_or_todo()) empty_cause_[i] = d.unreadable_calc;
        state_[i] = State::done;
        return;
    }
    state_[i] = State::active;
    stack_.push_back(i);
    waiting_.push_back({references(d), 0});
}

// The figures a calculation refers to, in the order eval() meets them:
// eval() itself, run without values and with its messages set aside.
// Which figures it looks up never depends on their values.
std::vector<std::size_t> Engine::references(const Definition& d) {
    std::vector<std::size_t> found;
    Diagnostics ignored;
    auto* outer_diags = std::exchange(diags_, &ignored);
    probe_ = &found;
    try {
        eval(*d.calc->expr, *d.calc);
    } catch (const DecimalOverflow&) {
        // reported when it is computed
    }
    probe_ = nullptr;
    diags_ = outer_diags;
    return found;
}

// Every figure it refers to is done: its value, and the checks on it.
// A figure in a cycle only has its calculation's own problems reported.
void Engine::compute(std::size_t i, bool keep) {
    Definition& d = defs_[i];
    std::size_t reported = diags_->items().size();
    std::vector<std::string> operands;
    auto* outer_operands = std::exchange(operands_, &operands);
    bool pending = false;
    auto* outer_pending = std::exchange(pending_, &pending);
    Value v;
    try {
        v = eval(*d.calc->expr, *d.calc);
    } catch (const DecimalOverflow&) {
        diags_->error("calc.overflow", d.calc->pointer, fmt::format("calculation '{}' overflows", d.calc->source));
        v = {};
    }
    operands_ = outer_operands;
    pending_ = outer_pending;
    if (!v.number) empty_cause_[i] = diags_->items().size() > reported ? d.calc->pointer : operand_cause(i);
    if (!keep) return;
    if (pending)
        finish_pending(d);
    else
        finish_computed(d, v, operands, empty_cause_[i]);
}

std::string Engine::empty_cause_of(const std::string& id) const {
    auto it = index_.find(id);
    return it != index_.end() && it->second < empty_cause_.size() ? empty_cause_[it->second] : "";
}

// The error that left an operand of figure `i` empty, if one did.
const std::string& Engine::operand_cause(std::size_t i) {
    static const std::string none;
    for (std::size_t operand : references(defs_[i]))
        if (!empty_cause_[operand].empty()) return empty_cause_[operand];
    return none;
}

void Engine::report_cycle(std::size_t i) {
    auto start = std::find(stack_.begin(), stack_.end(), i);
    std::vector<std::string> ids;
    for (auto it = start; it != stack_.end(); ++it) ids.push_back(defs_[*it].figure.id);
    // A cycle through thousands of figures is named by its first few.
    diags_->error("calc.cycle", defs_[i].calc->pointer,
                  ids.size() <= max_cycle_named
                      ? fmt::format("circular calculation: {} → {}", fmt::join(ids, " → "), ids.front())
                      : fmt::format("circular calculation through {} figures: {} → … → {} → {}", ids.size(),
                                    fmt::join(ids.begin(), ids.begin() + 4, " → "), ids.back(), ids.front()));
    // Every figure in the cycle stays empty, and is not reported again.
    for (auto it = start; it != stack_.end(); ++it) {
        state_[*it] = State::cyclic;
        empty_cause_[*it] = defs_[i].calc->pointer;
    }
}

void Engine::finish_plain(Definition& d) {
    d.figure.value = d.entered;
    d.figure.source = d.entered ? FigureSource::entered : d.todo ? FigureSource::todo : FigureSource::empty;
}

// A calculation over a figure still to fill in is not known yet either:
// a total of parts of which one is missing would print a wrong number.
// An entered value stands, unchecked until every part is there.
void Engine::finish_pending(Definition& d) {
    d.figure.value = d.entered;
    d.figure.source = d.entered ? FigureSource::entered : FigureSource::todo;
    if (d.entered && !d.figure.display.decimals) d.figure.display.decimals = d.entered->scale();
}

void Engine::finish_computed(Definition& d, const Value& v, const std::vector<std::string>& operands,
                             const std::string& cause) {
    if (v.unit && d.figure.unit != Unit::unknown && *v.unit != d.figure.unit) {
        diags_->error("calc.unit", d.calc->pointer,
                     fmt::format("calculation '{}' gives {} but {} is in {}", d.calc->source, unit_name(*v.unit),
                                 d.figure.label, unit_name(d.figure.unit)));
    }
    d.figure.value = v.number;
    d.figure.source = v.number ? FigureSource::computed : FigureSource::empty;
    if (!d.entered) return;
    if (!d.figure.display.decimals) d.figure.display.decimals = d.entered->scale();
    if (d.waiver) return finish_waived(d, v);
    // "; " between operands: a Swedish number has its own comma ("1,7").
    std::string from = operands.empty() ? "" : fmt::format(" (from {})", fmt::join(operands, "; "));
    if (!v.number) {
        diags_->add({Severity::error, "check.total", d.entered_pointer,
                     fmt::format("{} is entered as {} but '{}' has no values to compute it from", d.figure.label,
                                 plain(*d.entered), d.calc->source),
                     0, 0, Diagnostic::no_offset, cause});
    } else if (v.number->rounded(d.entered->scale()).numerically_equal(*d.entered)) {
        // Agrees as printed: the exact computed value is kept.
    } else if (within_rounding(d, *v.number, operands.size())) {
        // The printed total is the exact total rounded once; the sum of
        // rounded parts is further off. Print, and compute on, the total.
        d.figure.value = d.entered;
        d.figure.source = FigureSource::entered;
    } else {
        diags_->error("check.total", d.entered_pointer,
                     fmt::format("{} is entered as {} but {} gives {}{}", d.figure.label, plain(*d.entered),
                                 d.calc->source, plain(*v.number), from));
    }
}

// Kept as printed, on purpose and visibly: the file says why, and what the
// calculation gave then. While it still gives that (or the waiver names no
// value), the waiver holds and is listed; once it gives another, the parts
// have changed since, and the figure is checked again.
void Engine::finish_waived(Definition& d, const Value& v) {
    d.figure.value = d.entered;
    d.figure.source = FigureSource::entered;
    std::string gives = v.number ? plain(*v.number) : "nothing";
    if (d.accepts && !(v.number && v.number->numerically_equal(*d.accepts))) {
        diags_->error("check.waiver", d.entered_pointer,
                      fmt::format("{} is waived as printed ({}) while '{}' gives {}, but it now gives {}: check the figure, "
                                  "then write \"accepts\": \"{}\" or remove the waiver",
                                  d.figure.label, plain(*d.entered), d.calc->source, plain(*d.accepts), gives,
                                  v.number ? v.number->to_string() : ""));
        return;
    }
    waivers_.push_back({d.entered_pointer, d.figure.label,
                        fmt::format("printed {}; {} gives {}", plain(*d.entered), d.calc->source, gives), *d.waiver});
}

// In a table of rounded figures, each of the n parts and the total itself
// may be off by half a unit of the last printed decimal: the total
// agrees if the difference is within (n + 1) halves.
bool Engine::within_rounding(const Definition& d, const Decimal& computed, std::size_t parts) {
    if (!d.rounded || parts == 0) return false;
    auto scale = static_cast<std::size_t>(d.entered->scale());
    Decimal half_unit = *Decimal::parse("0." + std::string(scale, '0') + "5");
    Decimal limit = half_unit * Decimal::from_int(static_cast<std::int64_t>(parts + 1));
    return (computed - *d.entered).abs().cmp(limit) <= 0;
}

// The figure a name stands for, in the calculation's context.
std::optional<std::size_t> Engine::lookup(const std::string& name, const Calc& calc, std::size_t at) {
    std::string id;
    const Table* t = calc.table;
    if (calc.context == Context::global) {
        id = name;
    } else if (calc.context == Context::row) {
        if (!row_index(*t, name)) {
            unknown_name(calc, at, name, "row", row_ids(*t));
            return std::nullopt;
        }
        id = fmt::format("{}.{}.{}", t->id, name, t->columns[calc.column].id);
    } else {
        auto c = column_index(*t, name);
        if (!c || t->columns[*c].kind != ColumnKind::amount) {
            unknown_name(calc, at, name, "amount column", column_ids(*t));
            return std::nullopt;
        }
        id = fmt::format("{}.{}.{}", t->id, t->rows[calc.row].id, name);
    }
    auto it = index_.find(id);
    if (it == index_.end()) {
        if (calc.context == Context::global) {
            std::vector<std::string> ids;
            for (const auto& d : defs_) ids.push_back(d.figure.id);
            unknown_name(calc, at, name, "figure", ids);
        } else {
            diags_->error("calc.unknown_name", calc.pointer,
                         fmt::format("in calculation '{}': '{}' is a heading row and has no figures", calc.source, name));
        }
        return std::nullopt;
    }
    return it->second;
}

void Engine::unknown_name(const Calc& calc, std::size_t at, const std::string& name, std::string_view what,
                          const std::vector<std::string>& known) {
    std::string where = calc.table ? fmt::format(" in table '{}'", calc.table->id) : "";
    diags_->error_at("calc.unknown_name", calc.pointer, at,
                 fmt::format("in calculation '{}' at character {}: unknown {} '{}'{}{}", calc.source, at + 1, what, name,
                             where, did_you_mean(name, known)));
}

std::optional<std::size_t> Engine::row_index(const Table& t, const std::string& id) {
    auto [it, fresh] = row_indexes_.try_emplace(&t);
    auto& rows = it->second;
    if (fresh)
        for (std::size_t i = 0; i < t.rows.size(); ++i) rows.try_emplace(t.rows[i].id, i);  // the first of a duplicate, as before
    auto found = rows.find(id);
    if (found == rows.end()) return std::nullopt;
    return found->second;
}

std::optional<std::size_t> Engine::column_index(const Table& t, const std::string& id) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].id == id) return i;
    return std::nullopt;
}

std::vector<std::string> Engine::row_ids(const Table& t) {
    std::vector<std::string> out;
    for (const auto& r : t.rows) out.push_back(r.id);
    return out;
}

std::vector<std::string> Engine::column_ids(const Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.id);
    return out;
}

Value Engine::value_of(std::size_t i) {
    const auto& f = defs_[i].figure;
    std::optional<Unit> unit = f.unit == Unit::unknown ? std::nullopt : std::optional<Unit>(f.unit);
    if (probe_) {
        probe_->push_back(i);
        return {std::nullopt, unit};
    }
    evaluate(i);  // done already, unless references() missed it
    if (pending_ && f.source == FigureSource::todo) *pending_ = true;
    if (operands_ && f.value) operands_->push_back(fmt::format("{} = {}", operand_label(f), plain(*f.value)));
    return {f.value, unit};
}

// The label without its table, shortened: effektiviseringar rows are
// whole paragraphs, and a message must stay readable.
std::string Engine::operand_label(const ResolvedFigure& f) {
    auto colon = f.label.find(": ");
    std::string label = colon == std::string::npos ? f.label : f.label.substr(colon + 2);
    return shorten(label, 80);
}

}  // namespace tertial::detail
