// Applying a mapping: every export line to one row, an exclusion or "övrigt"; reconciled; cells and source set.
#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "amount.hpp"
#include "text.hpp"
#include "tertial/ledger/ledger.hpp"
#include "tertial/units.hpp"
#include "tertial/walk.hpp"

namespace tertial::ledger {
namespace {

struct CompiledMatch {
    std::vector<CodePattern> of[3];
    bool matches(const ExportLine& l) const {
        for (int f = 0; f < 3; ++f) {
            if (of[f].empty()) continue;
            if (std::none_of(of[f].begin(), of[f].end(), [&](const CodePattern& p) { return p.matches(l.codes[f]); }))
                return false;
        }
        return true;
    }
};

CompiledMatch compile(const CodeMatch& m) {
    CompiledMatch c;
    for (LedgerField f : ledger_fields)
        for (const auto& t : m.of(f)) {
            std::string why;
            c.of[static_cast<int>(f)].push_back(*CodePattern::parse(t, why));  // checked when the mapping was read
        }
    return c;
}

// "konto 4610, ansvar 743020": the codes of a line the export has.
std::string codes_text(const ExportLine& l, const Export& data) {
    std::vector<std::string> parts;
    for (LedgerField f : ledger_fields)
        if (data.has_field[static_cast<int>(f)])
            parts.push_back(fmt::format("{} {}", to_string(f), l.codes[static_cast<int>(f)].empty() ? "(empty)" : l.codes[static_cast<int>(f)]));
    return fmt::format("{}", fmt::join(parts, ", "));
}

// The exact value with no trailing zeros after the point: 126.00000000 -> 126.
Decimal trimmed(const Decimal& d) {
    std::string s = d.to_string();
    if (s.find('.') != std::string::npos) {
        while (s.ends_with('0')) s.pop_back();
        if (s.ends_with('.')) s.pop_back();
    }
    return *Decimal::parse(s);
}

Decimal scaled(const Decimal& v, int exponent_difference) {
    if (exponent_difference == 0) return v;
    std::string factor = exponent_difference > 0 ? "0." + std::string(static_cast<std::size_t>(exponent_difference - 1), '0') + "1"
                                                 : "1" + std::string(static_cast<std::size_t>(-exponent_difference), '0');
    return v * *Decimal::parse(factor);
}

std::string month_name(const YearMonth& m) { return m.to_string(); }

struct Window {
    YearMonth from, to;
    std::string text() const {
        return from == to ? month_name(from) : fmt::format("{} – {}", month_name(from), month_name(to));
    }
};

Window column_window(const Report& report, const Table& table, const Column& column, const LedgerMapping& m) {
    Date end = report.meta.period.end;
    if (column.role && column.role->until) end = *column.role->until;
    else if (m.period == LedgerPeriod::month)
        throw LedgerError(fmt::format("error: column '{}' of table '{}' says no month (its role has no \"until\"), so a "
                                      "monthly export cannot be checked against it",
                                      column.id, table.id));
    else if (column.role && column.role->year && *column.role->year != end.year)
        end = Date{*column.role->year, 12, 31};
    YearMonth to{end.year, end.month};
    return {m.period == LedgerPeriod::month ? to : YearMonth{end.year, 1}, to};
}

bool same_municipality(const std::string& in_export, const Municipality& m) {
    std::string e = header_key(in_export), name = header_key(m.name);
    if (e == name || e == m.scb_code || e.starts_with(m.scb_code + " ")) return true;
    // "Östersund" for "Östersunds kommun"
    return !e.empty() && name.starts_with(e);
}

struct Target {
    TableRow* row = nullptr;
    bool varav = false;
};

}  // namespace

ImportResult apply_import(Report& report, const LedgerMapping& m, const ImportInput& in) {
    const Export& data = in.data;
    Table* table = nullptr;
    for_each_block(report, [&](Block& b, const std::string&) {
        if (auto* t = std::get_if<Table>(&b.content); t && t->id == m.table && !table) table = t;
    });
    if (!table) throw LedgerError(fmt::format("{}: error: the report has no table '{}' (the mapping's table)", in.report_name, m.table));
    auto col = std::find_if(table->columns.begin(), table->columns.end(), [&](const Column& c) { return c.id == m.column; });
    if (col == table->columns.end()) {
        std::vector<std::string> ids;
        for (const auto& c : table->columns)
            if (c.kind == ColumnKind::amount) ids.push_back(c.id);
        throw LedgerError(fmt::format("{}: error: table '{}' has no column '{}'; its amount columns: {}", in.report_name,
                                      m.table, m.column, fmt::join(ids, ", ")));
    }
    if (col->kind != ColumnKind::amount)
        throw LedgerError(fmt::format("{}: error: column '{}' of table '{}' holds text, not amounts", in.report_name, col->id, table->id));
    if (col->calc)
        throw LedgerError(fmt::format("{}: error: column '{}' of table '{}' is computed ({}): import into the columns it is "
                                      "computed from",
                                      in.report_name, col->id, table->id, *col->calc));
    Unit table_unit = col->unit ? *col->unit : table->unit.value_or(Unit::unknown);
    if (!krona_exponent(table_unit))
        throw LedgerError(fmt::format("{}: error: column '{}' of table '{}' is in {}, not kr, tkr, mnkr or mkr", in.report_name,
                                      col->id, table->id, unit_name(table_unit)));

    // The export's own words about whom and when it is for.
    if (data.municipality && !same_municipality(*data.municipality, report.meta.municipality))
        throw LedgerError(fmt::format("{}: error: the export is for '{}', but the report is {}'s (SCB {})",
                                      in.grid.place(in.grid.rows[data.municipality_row], 0), *data.municipality,
                                      report.meta.municipality.name, report.meta.municipality.scb_code));
    Window window = column_window(report, *table, *col, m);
    if (data.period_to) {
        bool ok = *data.period_to == window.to && data.period_from->year == window.to.year &&
                  *data.period_from >= window.from && *data.period_from <= *data.period_to;
        if (!ok)
            throw LedgerError(fmt::format("{}: error: the export is for {}, but column '{}' of table '{}' is for {}",
                                          in.grid.place(in.grid.rows[data.period_row], 0),
                                          Window{*data.period_from, *data.period_to}.text(), col->id, table->id, window.text()));
    }
    for (const auto& l : data.lines)
        if (l.month && (*l.month < window.from || *l.month > window.to))
            throw LedgerError(fmt::format("{}: error: a line of {}, outside {} (column '{}' of table '{}')",
                                          in.grid.place(in.grid.rows[l.row], 0), month_name(*l.month), window.text(),
                                          col->id, table->id));

    // The rows the rules fill: each one entered, in this table.
    auto find_row = [&](const std::string& id, const std::string& what) -> Target {
        auto r = std::find_if(table->rows.begin(), table->rows.end(), [&](const TableRow& x) { return x.id == id; });
        if (r == table->rows.end())
            throw LedgerError(fmt::format("{}: error: {} names row '{}', which table '{}' does not have", in.report_name, what, id, table->id));
        if (r->calc || r->kind == RowKind::total || r->kind == RowKind::subtotal)
            throw LedgerError(fmt::format("{}: error: {} names row '{}' of table '{}', whose figures are computed{}; map its "
                                          "parts instead",
                                          in.report_name, what, id, table->id, r->calc ? " (" + *r->calc + ")" : ""));
        if (r->kind == RowKind::heading)
            throw LedgerError(fmt::format("{}: error: {} names row '{}' of table '{}', a heading without figures", in.report_name, what, id, table->id));
        if (const Cell* c = r->cell(col->id); c && std::holds_alternative<CellCalc>(*c))
            throw LedgerError(fmt::format("{}: error: {} names the cell {}/{}/{}, which is computed ({}); it cannot be imported",
                                          in.report_name, what, table->id, id, col->id, std::get<CellCalc>(*c).calc));
        return {&*r, r->kind == RowKind::varav};
    };
    std::vector<Target> targets;
    std::vector<CompiledMatch> rules, exclusions;
    for (std::size_t i = 0; i < m.rules.size(); ++i) {
        targets.push_back(find_row(m.rules[i].row, fmt::format("rule {}", i + 1)));
        rules.push_back(compile(m.rules[i].codes));
    }
    std::optional<Target> other;
    if (m.other_row) other = find_row(*m.other_row, "the \"other\" row");
    for (const auto& e : m.excluded) exclusions.push_back(compile(e.codes));

    // Every line to exactly one place: a rule, an exclusion or "övrigt".
    std::vector<Decimal> rule_sums(rules.size()), excluded_sums(exclusions.size());
    std::vector<std::size_t> rule_lines(rules.size()), excluded_lines(exclusions.size());
    Decimal other_sum;
    std::size_t other_lines = 0;
    std::map<std::string, std::pair<Decimal, std::size_t>> unmapped;
    auto rule_name = [&](std::size_t i) { return fmt::format("rule {} (row '{}')", i + 1, m.rules[i].row); };
    for (const auto& l : data.lines) {
        std::vector<std::string> hits;
        std::optional<std::size_t> main_rule, exclusion;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            if (!rules[i].matches(l)) continue;
            if (targets[i].varav) {
                rule_sums[i] = rule_sums[i] + l.amount;
                ++rule_lines[i];
                continue;
            }
            hits.push_back(rule_name(i));
            main_rule = i;
        }
        for (std::size_t i = 0; i < exclusions.size(); ++i)
            if (exclusions[i].matches(l)) {
                hits.push_back(fmt::format("exclusion {} ({})", i + 1, m.excluded[i].reason));
                exclusion = i;
            }
        if (hits.size() > 1)
            throw LedgerError(fmt::format("{}: error: {} matches both {} and {}; a code may go to one place only",
                                          in.grid.place(in.grid.rows[l.row], 0), codes_text(l, data), hits[0], hits[1]));
        if (main_rule) {
            rule_sums[*main_rule] = rule_sums[*main_rule] + l.amount;
            ++rule_lines[*main_rule];
        } else if (exclusion) {
            excluded_sums[*exclusion] = excluded_sums[*exclusion] + l.amount;
            ++excluded_lines[*exclusion];
        } else if (other) {
            other_sum = other_sum + l.amount;
            ++other_lines;
        } else {
            auto& u = unmapped[codes_text(l, data)];
            u.first = u.first + l.amount;
            ++u.second;
        }
    }
    ImportResult result;
    result.table_unit = table_unit;
    Reconciliation& rec = result.reconciliation;
    rec.rows = data.lines.size();
    rec.total = data.sum;
    int shift = *krona_exponent(table_unit) - *krona_exponent(m.unit);
    // The value of each row in the table's unit and sign.
    std::vector<std::pair<TableRow*, Decimal>> values;
    auto add = [&](TableRow* row, const Decimal& exported, bool negate, bool varav, std::size_t lines, std::string what) {
        Decimal v = trimmed(scaled(negate ? -exported : exported, shift));
        values.emplace_back(row, v);
        if (!varav) rec.imported = rec.imported + exported;
        rec.parts.push_back({std::move(what), exported, lines, row->id, ""});
    };
    for (std::size_t i = 0; i < rules.size(); ++i) {
        // Rules naming the same row add up in it.
        auto same = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == targets[i].row; });
        bool negate = m.rules[i].negate.value_or(m.negate);
        if (same != values.end()) {
            same->second = trimmed(same->second + scaled(negate ? -rule_sums[i] : rule_sums[i], shift));
            if (!targets[i].varav) rec.imported = rec.imported + rule_sums[i];
            rec.parts.push_back({rule_name(i), rule_sums[i], rule_lines[i], m.rules[i].row, ""});
            continue;
        }
        add(targets[i].row, rule_sums[i], negate, targets[i].varav, rule_lines[i], rule_name(i));
    }
    if (other) {
        auto same = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == other->row; });
        if (same != values.end()) {
            same->second = trimmed(same->second + scaled(m.negate ? -other_sum : other_sum, shift));
            rec.imported = rec.imported + other_sum;
            rec.parts.push_back({fmt::format("övrigt (row '{}')", other->row->id), other_sum, other_lines, other->row->id, ""});
        } else {
            add(other->row, other_sum, m.negate, false, other_lines, fmt::format("övrigt (row '{}')", other->row->id));
        }
    }
    for (std::size_t i = 0; i < exclusions.size(); ++i) {
        rec.excluded = rec.excluded + excluded_sums[i];
        rec.parts.push_back({fmt::format("left out: {}", m.excluded[i].reason), excluded_sums[i], excluded_lines[i], "",
                             m.excluded[i].reason});
    }
    if (!unmapped.empty()) {
        std::vector<std::string> lines;
        std::vector<Reconciliation::Part> parts;
        for (const auto& [codes, s] : unmapped) {
            lines.push_back(fmt::format("  {}: {} {} ({} line{})", codes, swedish(s.first), unit_name(m.unit), s.second,
                                        s.second == 1 ? "" : "s"));
            parts.push_back({codes, s.first, s.second, "", ""});
        }
        throw UnmappedCodes(fmt::format("{}: error: {} code{} no rule of mapping '{}' maps (give {} a rule, an exclusion with "
                                        "its reason, or name an \"other\" row):\n{}",
                                        in.grid.file, unmapped.size(), unmapped.size() == 1 ? "" : "s", m.id,
                                        unmapped.size() == 1 ? "it" : "them", fmt::join(lines, "\n")),
                            rec, std::move(parts));
    }
    if (!(rec.imported + rec.excluded).numerically_equal(rec.total))
        throw std::logic_error("ledger import: the reconciliation does not balance");  // every line went somewhere once

    // The cells, and the printed figures of computed rows in the column.
    for (auto& [row, v] : values) {
        auto it = std::find_if(row->cells.begin(), row->cells.end(), [&](const auto& c) { return c.first == col->id; });
        std::optional<Decimal> before;
        if (it != row->cells.end()) {
            if (auto* d = std::get_if<Decimal>(&it->second)) before = *d;
            if (const auto* w = waived(it->second)) before = w->value;
        }
        bool unchanged = it != row->cells.end() && std::holds_alternative<Decimal>(it->second) && before->numerically_equal(v);
        if (!unchanged) result.changes.push_back({row->id, row->label, before, v, false, col->id});
        if (it == row->cells.end()) row->cells.emplace_back(col->id, v);
        else it->second = v;
        std::erase_if(row->review, [&](const auto& r) { return r.first == col->id; });
    }
    // A computed cell may carry its figure as printed, checked against the
    // calculation: those that depend on the imported cells (the column's
    // totals, the computed columns of the filled rows and of totals) would
    // now disagree, so they are left to be computed.
    auto computed_column = [&](const std::string& id) {
        auto c = std::find_if(table->columns.begin(), table->columns.end(), [&](const Column& x) { return x.id == id; });
        return c != table->columns.end() && c->calc.has_value();
    };
    // (A re-import that changes no figure leaves them as they are.)
    if (!result.changes.empty()) {
        for (auto& row : table->rows) {
            bool filled = std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == &row; });
            std::erase_if(row.cells, [&](const std::pair<std::string, Cell>& c) {
                if (!std::holds_alternative<Decimal>(c.second)) return false;
                bool depends = (row.calc && (c.first == col->id || computed_column(c.first))) ||
                               (filled && computed_column(c.first));
                if (!depends) return false;
                result.changes.push_back({row.id, row.label, std::get<Decimal>(c.second), std::nullopt, true, c.first});
                return true;
            });
        }
    }

    // "As entered" means nothing for exact imported figures: a column that
    // set no decimals shows mnkr with one, tkr and kr with none.
    if (!col->display.decimals) {
        col->display.decimals = *krona_exponent(table_unit) == 6 ? 1 : 0;
        result.decimals_set = col->display.decimals;
    }

    Source& s = result.source;
    s.kind = SourceKind::ledger;
    s.column = col->id;
    s.file = in.file;
    s.sha256 = in.sha256;
    s.rows = data.lines.size();
    s.sum = data.sum;
    s.date = in.date;
    s.system = m.system;
    s.print = m.print;
    auto old = std::find_if(table->sources.begin(), table->sources.end(), [&](const Source& x) { return x.column == col->id; });
    if (old != table->sources.end()) *old = s;
    else table->sources.push_back(s);
    if (report.version_major == 1 && report.version_minor < 2) report.version_minor = 2;
    return result;
}

}  // namespace tertial::ledger
