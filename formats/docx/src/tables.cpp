// A Word table as a Tertial table: header rows, label and amount columns, unit, decimals, period roles.
#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parts.hpp"
#include "tertial/date.hpp"
#include "tertial/format.hpp"

namespace tertial::docx {
namespace {

std::vector<std::string> words(std::string_view folded) {
    std::vector<std::string> out;
    std::string w;
    for (char c : folded) {
        if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) w += c;
        else if (!w.empty()) out.push_back(std::exchange(w, {}));
    }
    if (!w.empty()) out.push_back(w);
    return out;
}

bool has_word(const std::vector<std::string>& ws, std::string_view w) { return std::find(ws.begin(), ws.end(), w) != ws.end(); }
bool has_prefix(const std::vector<std::string>& ws, std::string_view p) {
    return std::any_of(ws.begin(), ws.end(), [&](const std::string& w) { return w.starts_with(p); });
}

std::optional<int> month_in(const std::vector<std::string>& ws) {
    for (const auto& w : ws)
        for (int m = 1; m <= 12; ++m)  // "april" or "apr": every month's short form is its first three letters
            if (w == swedish_month_name(m) || w == swedish_month_name(m).substr(0, 3)) return m;
    return std::nullopt;
}

std::optional<int> year_in(const std::vector<std::string>& ws) {
    for (const auto& w : ws)
        if (w.size() == 4 && std::all_of(w.begin(), w.end(), ::isdigit)) {
            int y = std::stoi(w);
            if (y >= 1990 && y <= 2100) return y;
        }
    return std::nullopt;
}

// "200430" in a header: 2020-04-30.
std::optional<Date> yymmdd_in(const std::vector<std::string>& ws) {
    for (const auto& w : ws)
        if (w.size() == 6 && std::all_of(w.begin(), w.end(), ::isdigit)) {
            Date d{2000 + std::stoi(w.substr(0, 2)), std::stoi(w.substr(2, 2)), std::stoi(w.substr(4, 2))};
            if (Date::parse(d.to_string())) return d;
        }
    return std::nullopt;
}

Date month_end(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d = days[month - 1];
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) d = 29;
    return Date{year, month, d};
}

bool placeholder(std::string_view t) {
    return t.empty() || t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94" || t == "\xE2\x88\x92";
}

std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

// A column's role from its header words; `month_year` is the year a bare month header is in.
std::optional<ColumnRole> role_of(const std::string& title, const TableContext& ctx, std::optional<int> month_year) {
    auto ws = words(fold(title));
    auto year = year_in(ws);
    int Y = ctx.year;
    using T = ColumnRoleType;
    if (has_prefix(ws, "avvikelse") || has_prefix(ws, "skillnad") || has_prefix(ws, "differens") || has_prefix(ws, "förändring"))
        return ColumnRole{T::deviation, {}, {}};
    if (has_word(ws, "andel") || title.find('%') != std::string::npos) return ColumnRole{T::share, {}, {}};
    if (has_prefix(ws, "tilläggsanslag") && !has_prefix(ws, "budget")) return ColumnRole{T::additional_appropriation, year.value_or(Y), {}};
    if (has_word(ws, "ny") && has_prefix(ws, "budget")) return ColumnRole{T::revised_budget, year.value_or(Y), {}};
    if (has_prefix(ws, "budget") || has_prefix(ws, "årsbudget")) return ColumnRole{T::budget, year.value_or(Y), {}};
    if (has_prefix(ws, "prognos")) return ColumnRole{T::forecast, year.value_or(Y), {}};
    if (has_word(ws, "plan")) return ColumnRole{T::plan, year.value_or(Y + 1), {}};
    if (has_word(ws, "bokslut")) return ColumnRole{T::outcome_last_year, year.value_or(Y - 1), {}};
    if (has_word(ws, "summa") || has_word(ws, "totalt") || has_word(ws, "totalsumma") || has_word(ws, "total"))
        return ColumnRole{T::other, {}, {}};
    std::optional<Date> until = yymmdd_in(ws);
    if (!until)
        if (auto m = month_in(ws)) until = month_end(year.value_or(month_year.value_or(Y)), *m);
    if (until) {
        if (until->year < Y && until->month == ctx.period_end.month && until->day == ctx.period_end.day)
            return ColumnRole{T::outcome_same_period_last_year, {}, until};
        if (until->year < Y && until->month == 12) return ColumnRole{T::outcome_last_year, until->year, {}};
        return ColumnRole{T::outcome, {}, until};
    }
    if (year) {
        if (*year >= Y) return ColumnRole{T::outcome, {}, ctx.period_end};
        return ColumnRole{T::outcome_last_year, *year, {}};
    }
    if (has_prefix(ws, "utfall") || has_prefix(ws, "utbetalt") || has_prefix(ws, "beviljat"))
        return ColumnRole{T::outcome, {}, ctx.period_end};
    return std::nullopt;
}

// Years for bare month headers ("Apr", "Maj", ... "Apr"): the last is the
// period's month or before it; earlier ones step back through the months.
std::vector<std::optional<int>> month_years(const std::vector<std::string>& titles, const TableContext& ctx) {
    std::vector<std::optional<int>> out(titles.size());
    std::vector<std::pair<std::size_t, int>> months;
    for (std::size_t c = 0; c < titles.size(); ++c) {
        auto ws = words(fold(titles[c]));
        if (year_in(ws) || yymmdd_in(ws)) continue;
        if (auto m = month_in(ws)) months.emplace_back(c, *m);
    }
    if (months.empty()) return out;
    if (months.size() <= 12 && months.front().second == 1) {
        for (auto [c, m] : months) out[c] = ctx.year;
        return out;
    }
    int year = months.back().second <= ctx.period_end.month ? ctx.year : ctx.year - 1;
    for (std::size_t k = months.size(); k-- > 0;) {
        if (k + 1 < months.size() && months[k].second >= months[k + 1].second) --year;
        out[months[k].first] = year;
    }
    return out;
}

bool is_year_header(std::string_view text) {
    auto v = parse_printed(text);
    return v && v->scale() == 0 && v->cmp(Decimal::from_int(1990)) >= 0 && v->cmp(Decimal::from_int(2100)) <= 0 &&
           text.find(' ') == std::string_view::npos;
}

}  // namespace

std::optional<Unit> unit_named(std::string_view text) {
    auto ws = words(fold(text));
    if (has_word(ws, "mnkr") || has_word(ws, "mkr") || (has_word(ws, "miljoner") && has_word(ws, "kronor"))) return Unit::mnkr;
    if (has_word(ws, "tkr") || (has_word(ws, "tusen") && has_word(ws, "kronor"))) return Unit::tkr;
    if (has_word(ws, "kr") || has_word(ws, "kronor")) return Unit::kr;
    if (has_word(ws, "timmar") || has_word(ws, "tim")) return Unit::timmar;
    if (has_word(ws, "dygn") || has_word(ws, "dagar")) return Unit::dagar;
    if (has_word(ws, "antal")) return Unit::antal;
    return std::nullopt;
}

TableImport import_table(const DocTable& source, const TableContext& ctx) {
    TableImport out;
    Table& t = out.table;
    t.id = ctx.id;
    t.caption = ctx.caption;
    // The grid, every row as wide as the widest; empty rows dropped.
    std::size_t width = 0;
    for (const auto& r : source.rows) width = std::max(width, r.size());
    struct Line {
        std::vector<std::string> cells;
        std::vector<DocCell::Merge> merged;
        bool bold = false;
        std::size_t number = 0;  // 1-based row of the Word table
    };
    std::vector<Line> lines;
    for (std::size_t i = 0; i < source.rows.size(); ++i) {
        Line l;
        l.number = i + 1;
        bool any = false, all_bold = true;
        for (std::size_t c = 0; c < width; ++c) {
            const DocCell* cell = c < source.rows[i].size() ? &source.rows[i][c] : nullptr;
            l.cells.push_back(cell && cell->merged != DocCell::Merge::vertical ? cell->text() : "");
            l.merged.push_back(cell ? cell->merged : DocCell::Merge::none);
            if (!l.cells.back().empty()) {
                any = true;
                if (cell->merged == DocCell::Merge::none && !cell->bold()) all_bold = false;
            }
        }
        l.bold = any && all_bold;
        if (any) lines.push_back(std::move(l));
    }
    if (lines.empty()) throw DocxError(fmt::format("table {} is empty", source.index));
    // Header rows: the first row unless it holds amounts that are not years; then rows without amounts, at most three.
    auto has_amounts = [&](const Line& l, bool years_too) {
        for (std::size_t c = 1; c < l.cells.size(); ++c)
            if (!placeholder(l.cells[c]) && parse_printed(l.cells[c]) && (years_too || !is_year_header(l.cells[c])))
                return true;
        return false;
    };
    std::size_t header = 0;
    if (!has_amounts(lines[0], false)) {
        header = 1;
        // A further header row has two titles at least: a row with a label alone ("INTÄKTER") is a heading of the body.
        auto titles_in = [&](const Line& l) {
            return std::count_if(l.cells.begin(), l.cells.end(), [](const std::string& s) { return !s.empty(); });
        };
        auto short_titles = [](const Line& l) {
            return std::all_of(l.cells.begin(), l.cells.end(), [](const std::string& s) { return s.size() <= 40; });
        };
        while (header < lines.size() - 1 && header < 3 && !has_amounts(lines[header], true) && titles_in(lines[header]) >= 2 &&
               short_titles(lines[header]))
            ++header;
    }
    for (std::size_t i = header; i < lines.size(); ++i)
        for (std::size_t c = 0; c < width; ++c) {
            auto merge = lines[i].merged[c];
            if (merge == DocCell::Merge::none) continue;
            std::size_t from = c;  // the cell a horizontal merge starts at
            while (merge == DocCell::Merge::horizontal && from > 0 && lines[i].merged[from] == DocCell::Merge::horizontal) --from;
            std::size_t span = 1;
            while (merge == DocCell::Merge::horizontal && from + span < width && lines[i].merged[from + span] == DocCell::Merge::horizontal) ++span;
            throw DocxError(fmt::format(
                "table {}, row {}, column {}: {}; Tertial reads one figure per cell: split the cells in Word (Layout › "
                "Dela celler) and import again",
                source.index, lines[i].number, from + 1,
                merge == DocCell::Merge::horizontal ? fmt::format("a cell merged across {} columns (gridSpan)", span)
                                                    : std::string("a cell merged with the one above it (vMerge)")));
        }
    std::vector<std::string> titles(width);
    for (std::size_t h = 0; h < header; ++h)
        for (std::size_t c = 0; c < width; ++c) {
            std::string s = one_line(lines[h].cells[c]);
            if (s.empty() || titles[c] == s || titles[c].ends_with(" " + s)) continue;
            titles[c] += (titles[c].empty() ? "" : " ") + s;
        }
    // Column kinds.
    std::vector<ColumnKind> kinds(width, ColumnKind::text);
    std::vector<std::size_t> filled(width, 0);
    std::vector<bool> percent_cells(width, false);
    for (std::size_t c = 0; c < width; ++c) {
        std::size_t numbers = 0, texts = 0;
        for (std::size_t i = header; i < lines.size(); ++i) {
            const auto& s = lines[i].cells[c];
            if (!s.empty()) ++filled[c];
            if (placeholder(s)) continue;
            bool pct = false;
            if (parse_printed(s, &pct)) {
                ++numbers;
                if (pct) percent_cells[c] = true;
            } else {
                ++texts;
            }
        }
        std::string ft = fold(titles[c]);
        if (numbers > 0 && texts == 0 && ft != "år" && ft != "ar") kinds[c] = ColumnKind::amount;
    }
    std::optional<std::size_t> label;
    for (std::size_t c = 0; c < width; ++c)
        if (kinds[c] != ColumnKind::amount && (!label || filled[c] > filled[*label])) label = c;
    if (label) kinds[*label] = ColumnKind::label;
    // Unit, roles, decimals, ids.
    std::optional<Unit> unit = ctx.caption ? unit_named(*ctx.caption) : std::nullopt;
    if (!unit && label) unit = unit_named(titles[*label]);
    for (std::size_t c = 0; c < width && !unit; ++c) unit = unit_named(titles[c]);
    t.unit = unit.value_or(Unit::antal);
    auto years = month_years(titles, ctx);
    std::set<std::string> column_ids;
    std::vector<std::string> roles_said;
    for (std::size_t c = 0; c < width; ++c) {
        Column col;
        col.title = one_line(titles[c]);
        col.kind = kinds[c];
        if (col.kind == ColumnKind::label) {
            col.id = unique_id(col.title.empty() ? "post" : slug(col.title, "post"), column_ids);
        } else if (auto role = role_of(col.title, ctx, years[c]); role && role->until && years[c] && words(fold(col.title)).size() == 1) {
            // A bare month in a rolling table: the month it is ("Maj" -> m2020_05), as the months repeat.
            col.id = unique_id(fmt::format("m{}_{:02}", role->until->year, role->until->month), column_ids);
        } else {
            col.id = unique_id(slug(col.title, fmt::format("kolumn_{}", c + 1)), column_ids);
        }
        if (col.kind == ColumnKind::amount) {
            auto ws = words(fold(col.title));
            bool pct = percent_cells[c] || col.title.find('%') != std::string::npos || has_word(ws, "andel") ||
                       has_word(ws, "procent");
            if (pct && t.unit != Unit::percent) col.unit = Unit::percent;
            else if (auto u = unit_named(col.title); u && u != t.unit && c != 0) col.unit = u;
            col.role = role_of(col.title, ctx, years[c]);
            if (!col.role) col.role = ColumnRole{ColumnRoleType::other, {}, {}};
            std::optional<int> decimals;
            bool uniform = true;
            for (std::size_t i = header; i < lines.size(); ++i) {
                if (placeholder(lines[i].cells[c])) continue;
                int d = parse_printed(lines[i].cells[c])->scale();
                if (decimals && *decimals != d) uniform = false;
                decimals = d;
            }
            if (uniform && decimals) col.display.decimals = decimals;
            roles_said.push_back(fmt::format("{} ({})", col.id, to_string(col.role->type)));
        }
        t.columns.push_back(std::move(col));
    }
    // Rows.
    std::set<std::string> row_ids;
    for (std::size_t i = header; i < lines.size(); ++i) {
        TableRow row;
        row.label = label ? one_line(lines[i].cells[*label]) : "";
        row.id = unique_id(slug(row.label, fmt::format("rad_{}", i - header + 1)), row_ids);
        std::string f = fold(row.label);
        std::string_view rest = f;
        while (!rest.empty() && (rest.front() == '-' || rest.front() == ' ' || static_cast<unsigned char>(rest.front()) >= 0x80) &&
               !rest.starts_with("v"))
            rest.remove_prefix(rest.starts_with("\xE2") ? 3 : 1);
        if (rest.starts_with("varav ") || rest.starts_with("därav ")) row.kind = RowKind::varav;
        bool any_amount = false;
        for (std::size_t c = 0; c < width; ++c) {
            if (kinds[c] == ColumnKind::label) continue;
            const auto& s = lines[i].cells[c];
            if (kinds[c] == ColumnKind::amount) {
                if (placeholder(s)) continue;
                row.cells.emplace_back(t.columns[c].id, Cell{*parse_printed(s)});
                any_amount = true;
            } else if (!s.empty()) {
                row.cells.emplace_back(t.columns[c].id, Cell{s});
            }
        }
        bool upper = std::none_of(row.label.begin(), row.label.end(), [](unsigned char ch) { return std::islower(ch); }) &&
                     fold(row.label) != row.label;
        if (!any_amount && row.kind == RowKind::normal && (upper || lines[i].bold) && i + 1 < lines.size())
            row.kind = RowKind::heading;
        t.rows.push_back(std::move(row));
        out.bold.push_back(lines[i].bold);
    }
    out.summary = roles_said.empty()
                      ? fmt::format("{}: {} columns, {} rows, text only", t.id, t.columns.size(), t.rows.size())
                      : fmt::format("{}: {} columns (amounts: {}), {} rows, unit {}", t.id, t.columns.size(),
                                    fmt::join(roles_said, ", "), t.rows.size(), unit_name(*t.unit));
    return out;
}

}  // namespace tertial::docx
