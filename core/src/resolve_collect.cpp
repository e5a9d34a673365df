// The calculation engine, collecting: every named figure, key figure and table cell, with its calculation parsed.
#include "resolve_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tertial/suggest.hpp"
#include "tertial/walk.hpp"

namespace tertial::detail {

void Engine::add(Definition d) {
    auto [it, inserted] = index_.emplace(d.figure.id, defs_.size());
    if (!inserted) {
        diags_->error("figure.duplicate", d.id_pointer.empty() ? d.figure.pointer : d.id_pointer,
                     fmt::format("figure id '{}' is already used at {}", d.figure.id, defs_[it->second].figure.pointer));
        return;
    }
    defs_.push_back(std::move(d));
}

std::optional<Calc> Engine::parse_calc(const std::string& source, const std::string& pointer, Context ctx,
                                       const Table* table, std::size_t row, std::size_t column) {
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

void Engine::collect() {
    // Room for every figure at once: a definition is 544 bytes, and a
    // 10 000-row table's 20 000 grown by doubling held 17.8 MB, copied
    // into each new buffer, for 10.9 MB of figures. An amount cell of a
    // row that is not a heading is a figure, as is a key figure.
    std::size_t expected = report_.figures.size();
    for_each_block(report_, [&](const Block& b, const std::string&) {
        if (const auto* t = std::get_if<Table>(&b.content)) {
            auto amounts = std::count_if(t->columns.begin(), t->columns.end(),
                                         [](const Column& c) { return c.kind == ColumnKind::amount; });
            auto rows = std::count_if(t->rows.begin(), t->rows.end(), [](const TableRow& r) { return r.kind != RowKind::heading; });
            expected += static_cast<std::size_t>(amounts) * static_cast<std::size_t>(rows);
        } else if (const auto* k = std::get_if<KeyFigures>(&b.content)) {
            for (const auto& g : k->groups) expected += g.items.size();
        }
    });
    defs_.reserve(expected);
    index_.reserve(expected);
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

void Engine::collect_named(const Figure& f, const std::string& p) {
    Definition d;
    d.figure = {f.id, p, f.label.value_or(f.id), f.unit, f.display, std::nullopt, FigureSource::empty};
    d.entered = f.value;
    d.entered_pointer = pointer_join(p, "value");
    d.id_pointer = pointer_join(p, "id");
    d.todo = f.todo;
    d.waiver = f.waiver;
    d.accepts = f.accepts;
    if (f.calc) d.calc = parse_calc(*f.calc, pointer_join(p, "calc"), Context::global);
    if (f.calc && !d.calc) d.unreadable_calc = pointer_join(p, "calc");
    add(std::move(d));
}

void Engine::collect_key_figures(const KeyFigures& k, const std::string& p) {
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

bool Engine::check_unique_ids(const Table& t, const std::string& p) {
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

void Engine::collect_table(const Table& t, const std::string& p) {
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

void Engine::collect_cell(const Table& t, const TableRow& row, const Column& col, const std::string& rp, std::size_t r,
                          std::size_t c, const std::optional<Calc>& row_calc, const std::optional<Calc>& column_calc) {
    Definition d;
    const Cell* cell = row.cell(col.id);
    std::string cell_p = pointer_join(pointer_join(rp, "cells"), col.id);
    d.figure.id = fmt::format("{}.{}.{}", t.id, row.id, col.id);
    d.figure.pointer = cell ? cell_p : rp;
    d.figure.label = cell_label(t, row, col);
    d.figure.unit = row.unit ? *row.unit : col.unit ? *col.unit : t.unit.value_or(Unit::unknown);
    d.figure.display = col.display;
    d.entered_pointer = cell_p;
    d.rounded = t.rounded;
    if (cell) {
        if (const auto* v = std::get_if<Decimal>(cell)) d.entered = *v;
        if (const auto* w = waived(*cell)) {
            d.entered = w->value;
            d.waiver = w->reason;
            d.accepts = w->accepts;
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

}  // namespace tertial::detail
