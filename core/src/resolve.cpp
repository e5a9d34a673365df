// The calculation engine: collects figures, evaluates calculations in
// dependency order, checks entered totals, ids and references, renders text.
#include "tertial/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "tertial/expr.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/suggest.hpp"
#include "tertial/todo.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {

constexpr int division_scale = 10;
// A longer cycle is named by its first figures and its count.
constexpr std::size_t max_cycle_named = 8;

// What the names in a calculation refer to.
enum class Context { global, row, column };

struct Calc {
    ExprPtr expr;
    std::string source;
    std::string pointer;
    Context context = Context::global;
    const Table* table = nullptr;
    std::size_t row = 0, column = 0;
};

struct Definition {
    ResolvedFigure figure;
    std::optional<Decimal> entered;
    std::string entered_pointer;
    std::string id_pointer;  // where the id is written, if it is written as one
    std::optional<Calc> calc;
    bool todo = false;
    bool rounded = false;                 // its table's figures are rounded
    std::optional<std::string> waiver;    // entered as printed; check waived
    std::string unreadable_calc;          // the pointer of its calculation, if that did not parse
    bool value_or_todo() const { return figure.value || todo; }
};

struct Value {
    std::optional<Decimal> number;
    std::optional<Unit> unit;  // none for plain numbers and ratios
};

std::string plain(const Decimal& d) { return format_number(d, {}, NumberStyle::plain); }

// "at character N" counts characters as a writer sees them, so åäö count once.
std::size_t character_number(std::string_view text, std::size_t byte_offset) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    return n;
}

class Engine {
public:
    Engine(const Report& report, Diagnostics& diags, const Extensions* ext) : report_(report), diags_(&diags), ext_(ext) {}

    Resolution run() {
        collect();
        for (std::size_t i = 0; i < defs_.size(); ++i) evaluate(i);
        Resolution out;
        for (auto& d : defs_) out.figures.push_back(std::move(d.figure));
        out.index();
        run_checks(out);
        render_texts(out);
        out.sections = section_numbers(report_);
        return out;
    }

private:
    // ---- collecting figures ------------------------------------------------

    void add(Definition d) {
        auto [it, inserted] = index_.emplace(d.figure.id, defs_.size());
        if (!inserted) {
            diags_->error("figure.duplicate", d.id_pointer.empty() ? d.figure.pointer : d.id_pointer,
                         fmt::format("figure id '{}' is already used at {}", d.figure.id, defs_[it->second].figure.pointer));
            return;
        }
        defs_.push_back(std::move(d));
    }

    std::optional<Calc> parse_calc(const std::string& source, const std::string& pointer, Context ctx,
                                   const Table* table = nullptr, std::size_t row = 0, std::size_t column = 0) {
        auto parsed = parse_expr(source);
        if (parsed.too_deep) {
            // Not quoted: a calculation nested this deep is long.
            diags_->error_at("calc.depth", pointer, parsed.error_offset,
                          fmt::format("the calculation nests brackets, function calls and minus signs more than {} deep "
                                      "(at character {}); a report's calculations nest two or three",
                                      max_calc_nesting, character_number(source, parsed.error_offset)));
            return std::nullopt;
        }
        if (!parsed.expr) {
            diags_->error_at("calc.syntax", pointer, parsed.error_offset,
                             fmt::format("in calculation '{}' at character {}: {}", source, parsed.error_offset + 1, parsed.error));
            return std::nullopt;
        }
        return Calc{parsed.expr, source, pointer, ctx, table, row, column};
    }

    void collect() {
        for (std::size_t i = 0; i < report_.figures.size(); ++i) collect_named(report_.figures[i], pointer_join("/figures", i));
        std::set<std::string> table_ids;
        for_each_block(report_, [&](const Block& b, const std::string& p) {
            if (const auto* t = std::get_if<Table>(&b.content)) {
                if (!table_ids.insert(t->id).second)
                    diags_->error("table.duplicate", pointer_join(p, "id"), fmt::format("table id '{}' is used twice", t->id));
                else
                    collect_table(*t, p);
                tables_.emplace(t->id, t);
            } else if (const auto* k = std::get_if<KeyFigures>(&b.content)) {
                collect_key_figures(*k, p);
            } else if (const auto* c = std::get_if<Chart>(&b.content)) {
                charts_.emplace_back(c, p);
            }
        });
    }

    // A chart draws from a table: the table and every series must exist.
    void check_chart(const Chart& c, const std::string& p) {
        auto it = tables_.find(c.table);
        if (it == tables_.end()) {
            std::vector<std::string> ids;
            for (const auto& [id, t] : tables_) ids.push_back(id);
            diags_->error("chart.unknown_table", pointer_join(p, "table"),
                         fmt::format("chart '{}' draws from table '{}', which does not exist{}", c.id, c.table,
                                     did_you_mean(c.table, ids)));
            return;
        }
        const Table& t = *it->second;
        bool rows = c.series_in == SeriesIn::rows;
        auto known = rows ? row_ids(t) : column_ids(t);
        for (std::size_t i = 0; i < c.series.size(); ++i)
            if (std::find(known.begin(), known.end(), c.series[i]) == known.end())
                diags_->error("chart.unknown_series", pointer_join(pointer_join(p, "series"), i),
                             fmt::format("table '{}' has no {} '{}'{}", t.id, rows ? "row" : "column", c.series[i],
                                         did_you_mean(c.series[i], known)));
        if (c.series.empty()) diags_->error("chart.no_series", pointer_join(p, "series"), fmt::format("chart '{}' has no series", c.id));
    }

    void collect_named(const Figure& f, const std::string& p) {
        Definition d;
        d.figure = {f.id, p, f.label.value_or(f.id), f.unit, f.display, std::nullopt, FigureSource::empty};
        d.entered = f.value;
        d.entered_pointer = pointer_join(p, "value");
        d.id_pointer = pointer_join(p, "id");
        d.todo = f.todo;
        if (f.calc) d.calc = parse_calc(*f.calc, pointer_join(p, "calc"), Context::global);
        if (f.calc && !d.calc) d.unreadable_calc = pointer_join(p, "calc");
        add(std::move(d));
    }

    void collect_key_figures(const KeyFigures& k, const std::string& p) {
        for (std::size_t g = 0; g < k.groups.size(); ++g)
            for (std::size_t i = 0; i < k.groups[g].items.size(); ++i) {
                const auto& kf = k.groups[g].items[i];
                std::string ip = pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), g), "items"), i);
                Definition d;
                d.figure = {kf.id, ip, kf.name, kf.unit, kf.display, std::nullopt, FigureSource::empty};
                d.entered = kf.value;
                d.entered_pointer = pointer_join(ip, "value");
                d.id_pointer = pointer_join(ip, "id");
                d.todo = kf.todo;
                add(std::move(d));
            }
    }

    bool check_unique_ids(const Table& t, const std::string& p) {
        bool ok = true;
        std::set<std::string> seen;
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (!seen.insert(t.columns[c].id).second) {
                diags_->error("table.duplicate_column", pointer_join(pointer_join(pointer_join(p, "columns"), c), "id"),
                             fmt::format("column id '{}' is used twice in table '{}'", t.columns[c].id, t.id));
                ok = false;
            }
        seen.clear();
        for (std::size_t r = 0; r < t.rows.size(); ++r)
            if (!seen.insert(t.rows[r].id).second) {
                diags_->error("table.duplicate_row", pointer_join(pointer_join(pointer_join(p, "rows"), r), "id"),
                             fmt::format("row id '{}' is used twice in table '{}'", t.rows[r].id, t.id));
                ok = false;
            }
        return ok;
    }

    void collect_table(const Table& t, const std::string& p) {
        if (!check_unique_ids(t, p)) return;
        std::vector<std::optional<Calc>> column_calcs(t.columns.size());
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Column& col = t.columns[c];
            std::string cp = pointer_join(pointer_join(p, "columns"), c);
            if (col.kind == ColumnKind::amount && !col.unit && !t.unit)
                diags_->error("table.unit", cp,
                             fmt::format("amount column '{}' of table '{}' has no unit: set the column's or the table's unit",
                                         col.id, t.id));
            if (col.calc) column_calcs[c] = parse_calc(*col.calc, pointer_join(cp, "calc"), Context::column, &t, 0, c);
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const TableRow& row = t.rows[r];
            std::string rp = pointer_join(pointer_join(p, "rows"), r);
            std::optional<Calc> row_calc;
            if (row.calc) row_calc = parse_calc(*row.calc, pointer_join(rp, "calc"), Context::row, &t, r, 0);
            for (const auto& [col_id, cell] : row.cells) {
                const std::string& id = col_id;  // a structured binding cannot be captured before clang 16
                auto it = std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.id == id; });
                if (it == t.columns.end() || it->kind == ColumnKind::label) {
                    std::vector<std::string> ids;
                    for (const auto& c : t.columns)
                        if (c.kind != ColumnKind::label) ids.push_back(c.id);
                    diags_->error("table.unknown_column", pointer_join(pointer_join(rp, "cells"), col_id),
                                 fmt::format("table '{}' has no {}column '{}'{}", t.id,
                                             it == t.columns.end() ? "" : "data ", col_id, did_you_mean(col_id, ids)));
                }
            }
            if (row.kind == RowKind::heading) continue;
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                const Column& col = t.columns[c];
                if (col.kind != ColumnKind::amount) continue;
                collect_cell(t, row, col, rp, r, c, row_calc, column_calcs[c]);
            }
        }
    }

    void collect_cell(const Table& t, const TableRow& row, const Column& col, const std::string& rp,
                      std::size_t r, std::size_t c, const std::optional<Calc>& row_calc,
                      const std::optional<Calc>& column_calc) {
        Definition d;
        const Cell* cell = row.cell(col.id);
        std::string cell_p = pointer_join(pointer_join(rp, "cells"), col.id);
        d.figure.id = fmt::format("{}.{}.{}", t.id, row.id, col.id);
        d.figure.pointer = cell ? cell_p : rp;
        d.figure.label = cell_label(t, row, col);
        d.figure.unit = col.unit ? *col.unit : t.unit.value_or(Unit::unknown);
        d.figure.display = col.display;
        d.entered_pointer = cell_p;
        d.rounded = t.rounded;
        if (cell) {
            if (const auto* v = std::get_if<Decimal>(cell)) d.entered = *v;
            if (const auto* w = std::get_if<CellWaived>(cell)) {
                d.entered = w->value;
                d.waiver = w->reason;
            }
            if (std::holds_alternative<CellTodo>(*cell)) d.todo = true;
            if (const auto* cc = std::get_if<CellCalc>(cell)) {
                d.calc = parse_calc(cc->calc, pointer_join(cell_p, "calc"), Context::global);
                if (!d.calc) d.unreadable_calc = pointer_join(cell_p, "calc");
            }
        }
        if (!d.calc && column_calc) {
            d.calc = column_calc;
            d.calc->row = r;
        }
        if (!d.calc && row_calc) {
            d.calc = row_calc;
            d.calc->column = c;
        }
        add(std::move(d));
    }

    // ---- evaluation ----------------------------------------------------------

    // cyclic: under way, but part of a reported cycle; it stays empty.
    enum class State { pending, active, cyclic, done };

    // Evaluates figure `root` after every figure its calculation refers to,
    // with an explicit stack rather than recursion: a chain of references is
    // as long as the report makes it. stack_ holds the figures under way,
    // waiting_ what each still waits for.
    void evaluate(std::size_t root) {
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

    struct Waiting {
        std::vector<std::size_t> figures;
        std::size_t next = 0;
    };

    void visit(std::size_t i) {
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
    std::vector<std::size_t> references(const Definition& d) {
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
    void compute(std::size_t i, bool keep) {
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

    std::string empty_cause_of(const std::string& id) const {
        auto it = index_.find(id);
        return it != index_.end() && it->second < empty_cause_.size() ? empty_cause_[it->second] : "";
    }

    // The error that left an operand of figure `i` empty, if one did.
    const std::string& operand_cause(std::size_t i) {
        static const std::string none;
        for (std::size_t operand : references(defs_[i]))
            if (!empty_cause_[operand].empty()) return empty_cause_[operand];
        return none;
    }

    void report_cycle(std::size_t i) {
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

    void finish_plain(Definition& d) {
        d.figure.value = d.entered;
        d.figure.source = d.entered ? FigureSource::entered : d.todo ? FigureSource::todo : FigureSource::empty;
    }

    // A calculation over a figure still to fill in is not known yet either:
    // a total of parts of which one is missing would print a wrong number.
    // An entered value stands, unchecked until every part is there.
    void finish_pending(Definition& d) {
        d.figure.value = d.entered;
        d.figure.source = d.entered ? FigureSource::entered : FigureSource::todo;
        if (d.entered && !d.figure.display.decimals) d.figure.display.decimals = d.entered->scale();
    }

    void finish_computed(Definition& d, const Value& v, const std::vector<std::string>& operands, const std::string& cause) {
        if (v.unit && d.figure.unit != Unit::unknown && *v.unit != d.figure.unit) {
            diags_->error("calc.unit", d.calc->pointer,
                         fmt::format("calculation '{}' gives {} but {} is in {}", d.calc->source, unit_name(*v.unit),
                                     d.figure.label, unit_name(d.figure.unit)));
        }
        d.figure.value = v.number;
        d.figure.source = v.number ? FigureSource::computed : FigureSource::empty;
        if (!d.entered) return;
        if (!d.figure.display.decimals) d.figure.display.decimals = d.entered->scale();
        if (d.waiver) {
            // Kept as printed, on purpose and visibly: the file says why.
            d.figure.value = d.entered;
            d.figure.source = FigureSource::entered;
            return;
        }
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

    // In a table of rounded figures, each of the n parts and the total itself
    // may be off by half a unit of the last printed decimal: the total
    // agrees if the difference is within (n + 1) halves.
    static bool within_rounding(const Definition& d, const Decimal& computed, std::size_t parts) {
        if (!d.rounded || parts == 0) return false;
        auto scale = static_cast<std::size_t>(d.entered->scale());
        Decimal half_unit = *Decimal::parse("0." + std::string(scale, '0') + "5");
        Decimal limit = half_unit * Decimal::from_int(static_cast<std::int64_t>(parts + 1));
        return (computed - *d.entered).abs().cmp(limit) <= 0;
    }

    // The figure a name stands for, in the calculation's context.
    std::optional<std::size_t> lookup(const std::string& name, const Calc& calc, std::size_t at) {
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

    void unknown_name(const Calc& calc, std::size_t at, const std::string& name, std::string_view what,
                      const std::vector<std::string>& known) {
        std::string where = calc.table ? fmt::format(" in table '{}'", calc.table->id) : "";
        diags_->error_at("calc.unknown_name", calc.pointer, at,
                     fmt::format("in calculation '{}' at character {}: unknown {} '{}'{}{}", calc.source, at + 1, what, name,
                                 where, did_you_mean(name, known)));
    }

    static std::optional<std::size_t> row_index(const Table& t, const std::string& id) {
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.rows[i].id == id) return i;
        return std::nullopt;
    }
    static std::optional<std::size_t> column_index(const Table& t, const std::string& id) {
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].id == id) return i;
        return std::nullopt;
    }
    static std::vector<std::string> row_ids(const Table& t) {
        std::vector<std::string> out;
        for (const auto& r : t.rows) out.push_back(r.id);
        return out;
    }
    static std::vector<std::string> column_ids(const Table& t) {
        std::vector<std::string> out;
        for (const auto& c : t.columns) out.push_back(c.id);
        return out;
    }

    Value value_of(std::size_t i) {
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
    static std::string operand_label(const ResolvedFigure& f) {
        auto colon = f.label.find(": ");
        std::string label = colon == std::string::npos ? f.label : f.label.substr(colon + 2);
        return shorten(label, 80);
    }


    Value eval(const Expr& e, const Calc& calc) {
        switch (e.kind) {
            case Expr::Kind::number:
                return {e.number, std::nullopt};
            case Expr::Kind::name: {
                auto i = lookup(e.name, calc, e.offset);
                return i ? value_of(*i) : Value{};
            }
            case Expr::Kind::range:
                diags_->error("calc.syntax", calc.pointer,
                             fmt::format("in calculation '{}': a range '{}..{}' is only allowed inside sum()", calc.source, e.name,
                                         e.range_end));
                return {};
            case Expr::Kind::negate: {
                Value v = eval(*e.args[0], calc);
                if (v.number) v.number = -*v.number;
                return v;
            }
            case Expr::Kind::chain: {
                Value v = eval(*e.args[0], calc);
                for (std::size_t k = 0; k < e.ops.size(); ++k) v = apply(e.ops[k], v, eval(*e.args[k + 1], calc), calc);
                return v;
            }
            case Expr::Kind::call:
                return call(e, calc);
        }
        return {};
    }

    bool same_unit(const Calc& calc, const Value& a, const Value& b, std::string_view what) {
        if (a.unit && b.unit && *a.unit != *b.unit) {
            diags_->error("calc.unit", calc.pointer,
                         fmt::format("in calculation '{}': cannot {} {} and {}", calc.source, what, unit_name(*a.unit),
                                     unit_name(*b.unit)));
            return false;
        }
        return true;
    }

    Value apply(Expr::Op op, const Value& a, const Value& b, const Calc& calc) {
        if (op == Expr::Op::add || op == Expr::Op::subtract) return additive(op == Expr::Op::add, a, b, calc);
        return multiplicative(op == Expr::Op::multiply, a, b, calc);
    }

    Value additive(bool add, const Value& a, const Value& b, const Calc& calc) {
        if (!same_unit(calc, a, b, add ? "add" : "subtract")) return {};
        Value out{std::nullopt, a.unit ? a.unit : b.unit};
        if (a.number && b.number) out.number = add ? *a.number + *b.number : *a.number - *b.number;
        return out;
    }

    Value multiplicative(bool multiply, const Value& a, const Value& b, const Calc& calc) {
        Value out;
        if (multiply) {
            if (a.unit && b.unit) {
                diags_->error("calc.unit", calc.pointer,
                             fmt::format("in calculation '{}': cannot multiply {} by {}", calc.source, unit_name(*a.unit),
                                         unit_name(*b.unit)));
                return {};
            }
            out.unit = a.unit ? a.unit : b.unit;
            if (a.number && b.number) out.number = *a.number * *b.number;
            return out;
        }
        if (b.unit && a.unit != b.unit) {
            diags_->error("calc.unit", calc.pointer,
                         fmt::format("in calculation '{}': cannot divide {} by {}", calc.source,
                                     a.unit ? unit_name(*a.unit) : "a number", unit_name(*b.unit)));
            return {};
        }
        out.unit = b.unit ? std::nullopt : a.unit;
        if (a.number && b.number) out.number = divide(*a.number, *b.number, calc);
        return out;
    }

    std::optional<Decimal> divide(const Decimal& a, const Decimal& b, const Calc& calc) {
        if (b.is_zero()) {
            diags_->error("calc.division_by_zero", calc.pointer,
                         fmt::format("in calculation '{}': division by zero", calc.source));
            return std::nullopt;
        }
        return a.divide(b, division_scale);
    }

    // The values a sum() argument stands for: a range gives several.
    std::vector<Value> expand(const Expr& arg, const Calc& calc) {
        if (arg.kind != Expr::Kind::range) return {eval(arg, calc)};
        std::vector<Value> out;
        if (calc.context == Context::global) {
            diags_->error("calc.syntax", calc.pointer,
                         fmt::format("in calculation '{}': a range needs a row or column calculation", calc.source));
            return out;
        }
        const Table& t = *calc.table;
        bool rows = calc.context == Context::row;
        auto first = rows ? row_index(t, arg.name) : column_index(t, arg.name);
        auto last = rows ? row_index(t, arg.range_end) : column_index(t, arg.range_end);
        if (!first || !last) {
            const std::string& bad = first ? arg.range_end : arg.name;
            unknown_name(calc, arg.offset, bad, rows ? "row" : "column", rows ? row_ids(t) : column_ids(t));
            return out;
        }
        if (*first > *last) {
            diags_->error("calc.range", calc.pointer,
                         fmt::format("in calculation '{}': '{}' comes after '{}'", calc.source, arg.name, arg.range_end));
            return out;
        }
        for (std::size_t i = *first; i <= *last; ++i) {
            if (rows && (t.rows[i].kind == RowKind::varav || t.rows[i].kind == RowKind::heading)) continue;
            if (!rows && t.columns[i].kind != ColumnKind::amount) continue;
            auto j = lookup(rows ? t.rows[i].id : t.columns[i].id, calc, arg.offset);
            if (j) out.push_back(value_of(*j));
        }
        return out;
    }

    Value sum(const std::vector<Value>& values, const Calc& calc) {
        Value out;
        for (const auto& v : values) {
            if (!same_unit(calc, out, v, "add")) return {};
            if (!out.unit) out.unit = v.unit;
            if (v.number) out.number = out.number ? *out.number + *v.number : *v.number;
        }
        return out;
    }

    Value call(const Expr& e, const Calc& calc) {
        auto arity = [&](std::size_t n) {
            if (e.args.size() == n) return true;
            diags_->error("calc.arity", calc.pointer,
                         fmt::format("in calculation '{}': {}() takes {} argument{}, not {}", calc.source, e.name, n,
                                     n == 1 ? "" : "s", e.args.size()));
            return false;
        };
        if (e.name == "sum") {
            std::vector<Value> all;
            for (const auto& a : e.args) {
                auto vs = expand(*a, calc);
                all.insert(all.end(), vs.begin(), vs.end());
            }
            return sum(all, calc);
        }
        if (e.name == "share" || e.name == "change_pct") {
            if (!arity(2)) return {};
            Value a = eval(*e.args[0], calc), b = eval(*e.args[1], calc);
            if (!same_unit(calc, a, b, "compare")) return {};
            Value out{std::nullopt, Unit::percent};
            // A share of, or change from, zero is not a number: the cell is
            // left empty, as a printed report leaves it blank (a RESULTAT row
            // with budget 0,0 has no "andel av budget").
            if (!a.number || !b.number || b.number->is_zero()) return out;
            Decimal top = e.name == "share" ? *a.number : *a.number - *b.number;
            out.number = divide(top * Decimal::from_int(100), *b.number, calc);
            return out;
        }
        if (e.name == "abs") {
            if (!arity(1)) return {};
            Value v = eval(*e.args[0], calc);
            if (v.number) v.number = v.number->abs();
            return v;
        }
        if (e.name == "tertial") return tertial(e, calc, arity);
        if (const CalculationDef* def = ext_ ? ext_->calculation(e.name) : nullptr) return plugin_call(e, calc, *def);
        std::vector<std::string_view> known = expr_functions();
        if (ext_)
            for (const auto* c : ext_->calculations) known.push_back(c->name);
        diags_->error("calc.unknown_function", calc.pointer,
                     fmt::format("in calculation '{}': unknown function '{}'{}", calc.source, e.name,
                                 did_you_mean(e.name, known)));
        return {};
    }

    // A calculation a plugin provides: typed arguments, a typed result.
    Value plugin_call(const Expr& e, const Calc& calc, const CalculationDef& def) {
        if (e.args.size() != def.inputs.size()) {
            diags_->error("calc.arity", calc.pointer,
                         fmt::format("in calculation '{}': {}() takes {} argument{}, not {}", calc.source, def.name,
                                     def.inputs.size(), def.inputs.size() == 1 ? "" : "s", e.args.size()));
            return {};
        }
        std::vector<Decimal> args;
        bool complete = true;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            Value v = eval(*e.args[i], calc);
            if (v.unit && *v.unit != def.inputs[i]) {
                diags_->error("calc.unit", calc.pointer,
                             fmt::format("in calculation '{}': argument {} of {}() must be in {}, not {}", calc.source, i + 1,
                                         def.name, unit_name(def.inputs[i]), unit_name(*v.unit)));
                return {};
            }
            if (v.number)
                args.push_back(*v.number);
            else
                complete = false;
        }
        Value out{std::nullopt, def.output};
        if (!complete || probe_) return out;
        try {
            out.number = def.compute(args, CalculationContext{report_});
        } catch (const std::exception& ex) {
            diags_->error("calc.plugin", calc.pointer,
                         fmt::format("in calculation '{}': {}() failed: {}", calc.source, def.name, ex.what()));
        }
        return out;
    }

    template <class Arity>
    Value tertial(const Expr& e, const Calc& calc, const Arity& arity) {
        if (!arity(1)) return {};
        const Expr& n = *e.args[0];
        std::optional<int> which;
        for (int k = 1; k <= 3; ++k)
            if (n.kind == Expr::Kind::number && n.number.numerically_equal(Decimal::from_int(k))) which = k;
        if (!which || calc.context != Context::row) {
            diags_->error("calc.tertial", calc.pointer,
                         fmt::format("in calculation '{}': tertial(N) takes 1, 2 or 3 and is only for row calculations",
                                     calc.source));
            return {};
        }
        std::vector<Value> values;
        for (const auto& row : calc.table->rows)
            if (row.month && row.month->tertial() == *which && row.kind != RowKind::varav && row.kind != RowKind::heading)
                if (auto j = lookup(row.id, calc, e.offset)) values.push_back(value_of(*j));
        return sum(values, calc);
    }

    // ---- checks and text -------------------------------------------------------

    void run_checks(const Resolution& res) {
        std::set<std::string> signatories;
        for (std::size_t i = 0; i < report_.meta.signatories.size(); ++i)
            if (!signatories.insert(report_.meta.signatories[i].id).second)
                diags_->error("meta.duplicate_signatory", pointer_join(pointer_join("/meta/signatories", i), "id"),
                             fmt::format("signatory id '{}' is used twice", report_.meta.signatories[i].id));
        if (report_.cover_letter)
            for (std::size_t i = 0; i < report_.cover_letter->signatures.size(); ++i) {
                const auto& id = report_.cover_letter->signatures[i];
                if (!signatories.count(id))
                    diags_->error("meta.unknown_signatory", pointer_join("/cover_letter/signatures", i),
                                 fmt::format("'{}' is not among meta.signatories{}", id,
                                             did_you_mean(id, std::vector<std::string>(signatories.begin(), signatories.end()))));
            }
        for (std::size_t i = 0; i < report_.checks.size(); ++i) equality_check(report_.checks[i], pointer_join("/checks", i), res);
        for (const auto& [chart, p] : charts_) check_chart(*chart, p);
    }

    void equality_check(const EqualityCheck& c, const std::string& p, const Resolution& res) {
        const ResolvedFigure* sides[2] = {res.find(c.left), res.find(c.right)};
        const std::string* names[2] = {&c.left, &c.right};
        for (int k = 0; k < 2; ++k)
            if (!sides[k]) {
                std::vector<std::string> ids;
                for (const auto& f : res.figures) ids.push_back(f.id);
                diags_->error("check.unknown_figure", pointer_join(p, k == 0 ? "left" : "right"),
                             fmt::format("unknown figure '{}'{}", *names[k], did_you_mean(*names[k], ids)));
                return;
            }
        if (!sides[0]->value || !sides[1]->value) return;
        if (!sides[0]->value->numerically_equal(*sides[1]->value))
            diags_->error("check.equal", p,
                         fmt::format("{}{}{} is {} but {} is {}", c.message ? *c.message : "", c.message ? ": " : "", c.left,
                                     plain(*sides[0]->value), c.right, plain(*sides[1]->value)));
    }

    void render_texts(Resolution& res) {
        std::vector<std::string> ids;
        for (const auto& f : res.figures) ids.push_back(f.id);
        for_each_text(report_, [&](const std::string& text, const std::string& p) {
            if (text.find("{{") == std::string::npos && text.find("}}") == std::string::npos) return;
            ParsedText parsed = parse_text_refs(text);
            if (parsed.error) {
                diags_->error_at("text.reference", p, parsed.error->offset,
                             fmt::format("at character {}: {}", character_number(text, parsed.error->offset),
                                         parsed.error->message));
                return;
            }
            for (const auto& piece : parsed.pieces)
                if (const auto* ref = std::get_if<TextRef>(&piece)) check_reference(*ref, p, res, ids);
            res.texts.emplace_back(p, render_text(parsed, res));
        });
    }

    void check_reference(const TextRef& ref, const std::string& p, const Resolution& res, const std::vector<std::string>& ids) {
        const ResolvedFigure* f = res.find(ref.figure_id);
        if (!f)
            diags_->error_at("text.unknown_figure", p, ref.offset,
                         fmt::format("'{{{{{}}}}}' refers to no figure{}", ref.figure_id, did_you_mean(ref.figure_id, ids)));
        else if (!f->value && f->source != FigureSource::todo)
            diags_->add({Severity::error, "text.empty_figure", p,
                         fmt::format("'{{{{{}}}}}' refers to {}, which has no value", ref.figure_id, f->label), 0, 0,
                         ref.offset, empty_cause_of(ref.figure_id)});
    }

    const Report& report_;
    Diagnostics* diags_;  // a scratch sink while probing
    const Extensions* ext_;
    std::vector<Definition> defs_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<State> state_;
    std::vector<std::string> empty_cause_;  // per figure: the pointer of the error that left it empty
    std::vector<std::size_t> stack_;
    std::vector<Waiting> waiting_;
    std::vector<std::size_t>* probe_ = nullptr;  // set while references() collects what a calculation refers to
    std::vector<std::string>* operands_ = nullptr;
    bool* pending_ = nullptr;  // set when the calculation being evaluated meets a figure to fill in
    std::map<std::string, const Table*> tables_;
    std::vector<std::pair<const Chart*, std::string>> charts_;
};

}  // namespace

std::string shorten(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return s.substr(0, cut) + "…";
}

std::string cell_label(const Table& t, const TableRow& r, const Column& c) {
    return fmt::format("{}: {} / {}", t.id, shorten(r.label, 60), c.title);
}

std::string_view to_string(FigureSource s) {
    switch (s) {
        case FigureSource::entered:
            return "entered";
        case FigureSource::computed:
            return "computed";
        case FigureSource::todo:
            return "todo";
        case FigureSource::empty:
            break;
    }
    return "empty";
}

std::string ResolvedFigure::text(NumberStyle style) const { return value ? format_number(*value, display, style) : ""; }

const ResolvedFigure* Resolution::find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &figures[it->second];
}

void Resolution::index() {
    by_id_.clear();
    for (std::size_t i = 0; i < figures.size(); ++i) by_id_.emplace(figures[i].id, i);
}

std::string render_text(const ParsedText& parsed, const Resolution& resolution) {
    std::string out;
    for (const auto& piece : parsed.pieces) {
        if (const auto* s = std::get_if<std::string>(&piece)) {
            out += *s;
            continue;
        }
        const auto& ref = std::get<TextRef>(piece);
        const ResolvedFigure* f = resolution.find(ref.figure_id);
        if (!f || !f->value) {
            out += "[" + ref.figure_id + "]";
            continue;
        }
        Decimal v = ref.abs ? f->value->abs() : *f->value;
        Display d = f->display;
        if (ref.decimals) d.decimals = ref.decimals;
        out += ref.number ? format_number(v, d) : format_amount(v, f->unit, d);
    }
    return out;
}

Resolution resolve(const Report& report, Diagnostics& diagnostics, const Extensions* extensions) {
    return Engine(report, diagnostics, extensions).run();
}

Resolution check_report(const Report& report, Diagnostics& diagnostics, const Extensions* extensions) {
    Resolution r = resolve(report, diagnostics, extensions);
    check_text_amounts(report, r, diagnostics);
    check_content(report, r, diagnostics);
    for (const auto& item : todo_list(report)) diagnostics.warning("todo", item.pointer, item.message);
    if (extensions)
        for (const auto& [plugin, check] : extensions->checks) {
            Diagnostics found;
            try {
                check->run(report, r, found);
            } catch (const std::exception& e) {
                diagnostics.error("plugin.check", "", fmt::format("check '{}' of plugin '{}' failed: {}", check->id, plugin, e.what()));
            }
            // A plugin's findings carry its name: "social_services.<code>".
            for (auto d : found.items()) {
                d.code = plugin + "." + d.code;
                diagnostics.add(std::move(d));
            }
        }
    return r;
}

}  // namespace tertial
