// A table mapped onto the municipality's layout for it (its driftredovisning rows) by row labels.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parts.hpp"

namespace tertial::docx {
namespace {

// "- varav arvoden, …" and " - varav arvoden, …" are one label; so are "SUMMA INTÄKTER" and "Summa intäkter".
std::string label_key(std::string_view label) {
    std::string f = fold(label), out;
    std::size_t i = 0;
    while (i < f.size() && (f[i] == ' ' || f[i] == '-')) ++i;
    if (f.compare(i, 3, "\xE2\x80\x93") == 0 || f.compare(i, 3, "\xE2\x88\x92") == 0) i += 3;
    for (; i < f.size(); ++i) {
        if (f[i] == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += f[i];
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

std::optional<std::string> map_layout(TableImport& t, const LoadedPlugin& municipality, std::set<std::string>& table_ids) {
    Table& table = t.table;
    const TableLayout* best = nullptr;
    std::size_t best_matches = 0;
    for (const auto& layout : municipality.layouts) {
        std::set<std::string> keys;
        for (const auto& row : layout.table.rows) keys.insert(label_key(row.label));
        std::size_t matches = 0;
        for (const auto& row : table.rows) matches += keys.count(label_key(row.label));
        if (matches >= 3 && matches * 10 >= layout.table.rows.size() * 6 && matches > best_matches) {
            best = &layout;
            best_matches = matches;
        }
    }
    if (!best) return std::nullopt;
    const Table& l = best->table;
    std::string old_id = table.id;
    if (!table_ids.count(l.id)) {
        table_ids.erase(table.id);
        table_ids.insert(l.id);
        table.id = l.id;
    }
    // Rows: the layout's ids where the labels match; the others keep theirs, made unique.
    std::map<std::string, const TableRow*> by_label;
    for (const auto& row : l.rows) by_label.emplace(label_key(row.label), &row);
    std::set<std::string> taken, used;
    std::vector<std::string> extra;
    std::vector<bool> matched(table.rows.size(), false);
    for (std::size_t i = 0; i < table.rows.size(); ++i)
        if (auto it = by_label.find(label_key(table.rows[i].label)); it != by_label.end() && !used.count(it->second->id)) {
            table.rows[i].id = it->second->id;
            used.insert(table.rows[i].id);
            matched[i] = true;
        }
    taken = used;
    for (std::size_t i = 0; i < table.rows.size(); ++i)
        if (!matched[i]) {
            table.rows[i].id = unique_id(table.rows[i].id, taken);
            extra.push_back(fmt::format("'{}'", table.rows[i].label));
        }
    std::vector<std::string> missing;
    for (const auto& row : l.rows)
        if (!used.count(row.id)) missing.push_back(fmt::format("'{}'", row.label));
    // Columns: the layout's label column's id, and by role where the role is
    // one column's alone in both tables (a monthly table's twelve outcome
    // columns keep their own ids); never an id another column has.
    auto count_role = [](const std::vector<Column>& cols, const ColumnRole& role) {
        return std::count_if(cols.begin(), cols.end(), [&](const Column& c) { return c.role && c.role->type == role.type; });
    };
    std::map<std::string, std::string> renamed;
    for (auto& col : table.columns) {
        const Column* match = nullptr;
        // A column titled as the layout's ("Jan", "Summa", "%") is that column.
        for (const auto& lc : l.columns)
            if (col.kind == lc.kind && !col.title.empty() && fold(col.title) == fold(lc.title)) match = &lc;
        for (const auto& lc : l.columns) {
            if (match) break;
            bool same = col.kind == ColumnKind::label
                            ? lc.kind == ColumnKind::label
                            : (col.role && lc.role && col.role->type == lc.role->type && col.kind == lc.kind &&
                               col.role->type != ColumnRoleType::other && count_role(table.columns, *col.role) == 1 &&
                               count_role(l.columns, *lc.role) == 1);
            if (same) {
                match = &lc;
                break;
            }
        }
        if (!match || match->id == col.id) continue;
        bool taken = std::any_of(table.columns.begin(), table.columns.end(), [&](const Column& c) { return c.id == match->id; });
        if (taken) continue;
        renamed[col.id] = match->id;
        col.id = match->id;
    }
    for (auto& row : table.rows)
        for (auto& [id, cell] : row.cells)
            if (auto it = renamed.find(id); it != renamed.end()) id = it->second;
    return fmt::format("{}: mapped onto {}'s layout '{}' by row labels ({} of its {} rows){}; not in the layout: {}; "
                       "not in the document: {}",
                       table.id == old_id ? table.id : fmt::format("{} (was {})", table.id, old_id), municipality.id,
                       best->name, used.size(), l.rows.size(),
                       table.id == l.id ? "" : fmt::format(" (its id '{}' is another table's, kept '{}')", l.id, table.id),
                       extra.empty() ? "nothing" : fmt::format("{}", fmt::join(extra, ", ")),
                       missing.empty() ? "nothing" : fmt::format("{}", fmt::join(missing, ", ")));
}

}  // namespace tertial::docx
