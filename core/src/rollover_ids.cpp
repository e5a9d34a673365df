// Rollover, renaming: ids that name a period year, and every calculation, text and chart that refers to them.
#include "rollover_roller.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "tertial/walk.hpp"

namespace tertial::detail {

namespace {

bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

}  // namespace

// The names in a calculation, each looked up in `map` ("sum(ar2020, 0)" →
// "sum(ar2021, 0)"). Function names and numbers are left alone.
std::string rename_in_calc(const std::string& calc, const IdMap& map) {
    std::string out;
    std::size_t i = 0;
    while (i < calc.size()) {
        char c = calc[i];
        if (is_digit(c)) {  // a number, with its decimals
            std::size_t j = i;
            while (j < calc.size() &&
                   (is_digit(calc[j]) || (calc[j] == '.' && j + 1 < calc.size() && is_digit(calc[j + 1]))))
                ++j;
            out.append(calc, i, j - i);
            i = j;
            continue;
        }
        if (!(c >= 'a' && c <= 'z')) {
            out += c;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < calc.size() && (id_char(calc[j]) || (calc[j] == '.' && j + 1 < calc.size() && id_char(calc[j + 1]))))
            ++j;
        std::string name = calc.substr(i, j - i);
        auto it = map.find(name);
        out += it == map.end() ? name : it->second;
        i = j;
    }
    return out;
}

// "{{drift.resultat.utfall_2019|abs}}" → "{{drift.resultat.utfall_2020|abs}}".
std::string rename_in_text(const std::string& text, const IdMap& figures) {
    if (figures.empty() || text.find("{{") == std::string::npos) return text;
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t open = text.find("{{", pos);
        std::size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
        if (close == std::string::npos) break;
        std::size_t id_start = open + 2;
        while (id_start < close && (text[id_start] == ' ' || text[id_start] == '\t')) ++id_start;
        std::size_t id_end = id_start;
        while (id_end < close && (id_char(text[id_end]) || text[id_end] == '.')) ++id_end;
        out.append(text, pos, id_start - pos);
        std::string id = text.substr(id_start, id_end - id_start);
        auto it = figures.find(id);
        out += it == figures.end() ? id : it->second;
        out.append(text, id_end, close + 2 - id_end);
        pos = close + 2;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

// Renames, within one namespace, every id that names a period year, if
// the renamed ids stay unique; returns old → new for those that change.
IdMap Roller::rename_set(const std::vector<std::string>& ids) {
    IdMap map;
    std::set<std::string> after;
    for (const auto& id : ids) {
        std::string moved = shift_.id(id);
        if (moved != id) map.emplace(id, moved);
        after.insert(moved);
    }
    if (after.size() != std::set<std::string>(ids.begin(), ids.end()).size()) return {};
    return map;
}

void Roller::rename_ids(Report& next) {
    std::vector<Table*> tables;
    std::vector<std::string> pointers;
    for_each_block(next, [&](Block& b, const std::string& p) {
        if (auto* t = std::get_if<Table>(&b.content)) {
            tables.push_back(t);
            pointers.push_back(p);
        }
    });
    std::vector<std::string> table_ids, figure_ids;
    for (auto* t : tables) table_ids.push_back(t->id);
    IdMap table_map = rename_set(table_ids);
    IdMap figures;
    std::map<std::string, std::pair<IdMap, IdMap>> inside;  // new table id -> column map, row map
    for (std::size_t k = 0; k < tables.size(); ++k) {
        Table& t = *tables[k];
        std::vector<std::string> cols, rows;
        for (const auto& c : t.columns) cols.push_back(c.id);
        for (const auto& r : t.rows) rows.push_back(r.id);
        IdMap col_map = rename_set(cols), row_map = rename_set(rows);
        std::string old_table = t.id;
        auto get = [](const IdMap& m, const std::string& id) {
            auto it = m.find(id);
            return it == m.end() ? id : it->second;
        };
        std::string new_table = get(table_map, old_table);
        if (!col_map.empty() || !row_map.empty() || new_table != old_table) {
            for (const auto& r : t.rows)
                for (const auto& c : t.columns)
                    if (c.kind == ColumnKind::amount)
                        figures.emplace(fmt::format("{}.{}.{}", old_table, r.id, c.id),
                                        fmt::format("{}.{}.{}", new_table, get(row_map, r.id), get(col_map, c.id)));
            std::vector<std::string> changes;
            if (new_table != old_table) changes.push_back(fmt::format("table '{}' → '{}'", old_table, new_table));
            for (const auto& c : cols)
                if (col_map.count(c)) changes.push_back(fmt::format("column '{}' → '{}'", c, col_map.at(c)));
            for (const auto& r : rows)
                if (row_map.count(r)) changes.push_back(fmt::format("row '{}' → '{}'", r, row_map.at(r)));
            log_.add(RolloverAction::renamed, pointers[k], fmt::format("{}", fmt::join(changes, ", ")));
        }
        t.id = new_table;
        for (auto& c : t.columns) {
            c.id = get(col_map, c.id);
            if (c.calc) c.calc = rename_in_calc(*c.calc, col_map);
        }
        for (auto& r : t.rows) {
            r.id = get(row_map, r.id);
            if (r.calc) r.calc = rename_in_calc(*r.calc, row_map);
            for (auto& [id, cell] : r.cells) id = get(col_map, id);
            for (auto& [id, review] : r.review) id = get(col_map, id);
        }
        inside.emplace(new_table, std::make_pair(std::move(col_map), std::move(row_map)));
    }
    for (const auto& f : next.figures) figure_ids.push_back(f.id);
    for_each_block(next, [&](Block& b, const std::string&) {
        if (auto* k = std::get_if<KeyFigures>(&b.content))
            for (auto& g : k->groups)
                for (auto& i : g.items) figure_ids.push_back(i.id);
    });
    IdMap named = rename_set(figure_ids);
    for (const auto& id : figure_ids)  // in document order, so the log is the same each time
        if (auto it = named.find(id); it != named.end()) {
            figures.emplace(id, it->second);
            log_.add(RolloverAction::renamed, "", fmt::format("figure '{}' → '{}'", id, it->second));
        }
    if (figures.empty() && table_map.empty()) return;
    apply_renames(next, figures, table_map, inside);
}

void Roller::apply_renames(Report& next, const IdMap& figures, const IdMap& tables,
                           const std::map<std::string, std::pair<IdMap, IdMap>>& inside) {
    auto get = [](const IdMap& m, const std::string& id) {
        auto it = m.find(id);
        return it == m.end() ? id : it->second;
    };
    for (auto& f : next.figures) {
        f.id = get(figures, f.id);
        if (f.calc) f.calc = rename_in_calc(*f.calc, figures);
        if (f.role) f.role->last_year_of = get(figures, f.role->last_year_of);
    }
    for (auto& c : next.checks) {
        c.left = get(figures, c.left);
        c.right = get(figures, c.right);
    }
    for_each_text(next, [&](std::string& text, const std::string&) { text = rename_in_text(text, figures); });
    for_each_block(next, [&](Block& b, const std::string&) {
        if (auto* t = std::get_if<Table>(&b.content)) {
            for (auto& r : t->rows)
                for (auto& [id, cell] : r.cells)
                    if (auto* c = std::get_if<CellCalc>(&cell)) c->calc = rename_in_calc(c->calc, figures);
        } else if (auto* k = std::get_if<KeyFigures>(&b.content)) {
            for (auto& g : k->groups)
                for (auto& i : g.items) i.id = get(figures, i.id);
        } else if (auto* c = std::get_if<Chart>(&b.content)) {
            c->table = get(tables, c->table);
            auto it = inside.find(c->table);
            if (it == inside.end()) return;
            const IdMap& series = c->series_in == SeriesIn::columns ? it->second.first : it->second.second;
            const IdMap& across = c->series_in == SeriesIn::columns ? it->second.second : it->second.first;
            for (auto& s : c->series) s = get(series, s);
            for (auto& k : c->categories) k = get(across, k);
        }
    });
}

}  // namespace tertial::detail
