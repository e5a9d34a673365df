// Tables: report tables, uppdrag/kommentar, nyckeltal, each given to the
// grid (layout_grid.cpp) with the columns empty in every row left out.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "layout_engine.hpp"

namespace tertial::pdf {
namespace {

// Swedish writes some abbreviations with spaces: "fr o m", "t o m", "t ex",
// "m fl". A column title wraps between its words, and "GILTIGHETSTID Fr o"
// | "m – t o m" is no way to read one: the spaces between two words of one
// or two letters, one of them a single letter, become no-break spaces.
std::string keep_spaced_abbreviations(const std::string& title) {
    auto letters = [](std::string_view w) -> std::size_t {  // 0 unless all letters
        std::size_t n = 0;
        for (unsigned char ch : w) {
            if (ch < 0x80 && !std::isalpha(ch)) return 0;
            if (ch >= 0xC0 && ch != 0xC3) return 0;  // beyond Latin-1's letters (å, ä, ö, é: 0xC3 ..): a dash, a sign
            if (ch < 0x80 || ch == 0xC3) ++n;         // a character's first byte
        }
        return n;
    };
    std::vector<std::string_view> words;
    for (std::size_t begin = 0;;) {
        std::size_t end = title.find(' ', begin);
        words.push_back(std::string_view(title).substr(begin, end == std::string::npos ? std::string::npos : end - begin));
        if (end == std::string::npos) break;
        begin = end + 1;
    }
    std::string out(words.front());
    for (std::size_t i = 1; i < words.size(); ++i) {
        std::size_t before = letters(words[i - 1]), after = letters(words[i]);
        bool bind = before && after && before <= 2 && after <= 2 && (before == 1 || after == 1);
        out += bind ? "\u00A0" : " ";
        out += words[i];
    }
    return out;
}

}  // namespace

// Columns empty in every row are left out, in every kind of table (issue
// 19): a column is printed when some row has something in it (a figure, a
// figure still to be filled in -- a to-do: an "Utfall" column before the
// books close --, or a text, even an empty one: "" is a blank left to fill
// in by hand), or when it is always printed (the rows' labels). A row
// across the table (a group's heading) has no columns to count. Returns
// which of the columns were kept.
std::vector<bool> Layouter::leave_out_empty_columns(Grid& g) const {
    const std::size_t n = g.sizing.size();
    std::vector<bool> keep = g.always;
    keep.resize(n, false);
    for (const auto& row : g.rows)
        if (!row.spanning)
            for (std::size_t c = 0; c < n && c < row.cells.size(); ++c) keep[c] = keep[c] || row.cells[c].given;
    auto kept = [&](auto& v) {
        std::size_t to = 0;
        for (std::size_t c = 0; c < n && c < v.size(); ++c)
            if (keep[c]) {
                if (to != c) v[to] = std::move(v[c]);  // never onto itself: a string moved onto itself is emptied
                ++to;
            }
        v.resize(to);
    };
    kept(g.header.cells);
    for (auto& row : g.rows)
        if (!row.spanning) kept(row.cells);
    // (vector<bool> has no move of its elements: copied by hand.)
    auto kept_flags = [&](std::vector<bool>& v) {
        std::vector<bool> out;
        for (std::size_t c = 0; c < n; ++c)
            if (keep[c]) out.push_back(v[c]);
        v = std::move(out);
    };
    kept(g.sizing);
    kept_flags(g.row_header);
    kept_flags(g.always);
    return keep;
}

void Layouter::table(const Table& t, const std::string& p, std::size_t parent) {
    Grid g;
    g.header = GridRow{{}, true, false, false, {}};
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const Column& col = t.columns[c];
        g.header.cells.push_back({keep_spaced_abbreviations(render(pointer_join(pointer_join(pointer_join(p, "columns"), c), "title"), col.title)),
                                  true, col.kind == ColumnKind::amount, 0, true});
        g.sizing.push_back(col.kind == ColumnKind::amount ? fixed : flexible);
        g.row_header.push_back(col.kind == ColumnKind::label);
        g.always.push_back(col.kind == ColumnKind::label);
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const TableRow& row = t.rows[r];
        std::string rp = pointer_join(pointer_join(p, "rows"), r);
        bool total = row.kind == RowKind::total || row.kind == RowKind::subtotal;
        GridRow gr{{}, false, total, false, in_.anchors ? rp : std::string()};
        for (const Column& col : t.columns) {
            CellContent cell;
            const Cell* given = row.cell(col.id);
            if (col.kind == ColumnKind::label) {
                cell.text = render(pointer_join(rp, "label"), row.label);
                cell.bold = row.kind == RowKind::heading || total;
                cell.indent = row.kind == RowKind::varav ? 10 : 0;
            } else if (col.kind == ColumnKind::text) {
                const auto* s = given ? std::get_if<std::string>(given) : nullptr;
                if (s) cell.text = render(pointer_join(pointer_join(rp, "cells"), col.id), *s);
                cell.given = s != nullptr;
            } else {
                const std::string id = t.id + "." + row.id + "." + col.id;
                const ResolvedFigure* f = in_.resolution.find(id);
                cell.text = figure_text(id);
                // A row in a unit of its own (1.3) says it at each figure:
                // the caption and column titles name the table's.
                if (row.unit && *row.unit != col.unit.value_or(t.unit.value_or(Unit::unknown)) && !cell.text.empty())
                    if (auto suffix = unit_suffix(*row.unit); !suffix.empty()) cell.text += "\u00A0" + std::string(suffix);
                cell.right = true;
                cell.given = (f && (f->value || f->source == FigureSource::todo)) || (given && std::holds_alternative<CellTodo>(*given));
            }
            gr.cells.push_back(std::move(cell));
        }
        g.rows.push_back(std::move(gr));
    }
    // A table with no rows, or nothing in any row but its labels, is not
    // printed: a sentence says so.
    const std::vector<bool> keep = leave_out_empty_columns(g);
    std::size_t kept_values = 0, values = 0;
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].kind != ColumnKind::label) ++values, kept_values += keep[c];
    if (t.rows.empty() || (values > 0 && kept_values == 0)) {
        std::string what = t.caption ? render(pointer_join(p, "caption"), *t.caption) + ": inga" : "Inga";
        paragraph_text(element("P", parent), what + " uppgifter att redovisa.", styles_.body, 0, styles_.paragraph_gap);
        if (t.note) paragraph_text(element("P", parent), render(pointer_join(p, "note"), *t.note), styles_.small, 0, styles_.paragraph_gap);
        return;
    }
    std::size_t tab = element("Table", parent);
    const GridRow& header = g.header;
    const std::vector<GridRow>& rows = g.rows;
    const std::vector<int>& sizing = g.sizing;
    const std::vector<bool>& row_header = g.row_header;
    // A wide table (twelve months and more) steps down its type size until
    // its columns fit, so figures never wrap; then the size is restored.
    const TextStyle normal = styles_.table, normal_bold = styles_.table_bold;
    // Never below 7.5 pt: a table too wide for a portrait page at 7.5 pt
    // gets a landscape page (or pages) of its own; the text after it goes on
    // on a new portrait page.
    std::vector<double> widths;
    auto fit = [&] {
        for (double size : {8.5, 8.0, 7.5}) {
            styles_.table.size = styles_.table_bold.size = size;
            styles_.table.leading = styles_.table_bold.leading = size * 1.3;
            widths = column_widths(rows, header, sizing);
            if (fits_unscaled_) break;
        }
    };
    fit();
    const bool turn = !fits_unscaled_ && !landscape_;
    if (turn) {
        turn_page_with_heading();
        fit();
    }
    too_wide(widths, pointer_join(p, "columns"));
    if (t.caption) {
        // The caption stays with the header row and the first row.
        std::string caption = render(pointer_join(p, "caption"), *t.caption);
        double caption_h = static_cast<double>(wrap(caption, styles_.table_bold, content_width()).size()) * styles_.table_bold.leading;
        ensure(table_start_height(header, rows, widths, caption_h + 3));
        place_paragraph(element("Caption", tab), {{caption, styles_.table_bold.font, styles_.table_bold.size}}, styles_.table_bold, 0, 3);
    }
    grid(tab, widths, header, g.rows, row_header, pointer_join(p, "columns"), t.caption.has_value());
    styles_.table = normal;
    styles_.table_bold = normal_bold;
    // The table's note is a paragraph after it (a Note would need an /ID, and
    // a Table holds only rows and its Caption).
    if (t.note) paragraph_text(element("P", parent), render(pointer_join(p, "note"), *t.note), styles_.small, 0, styles_.paragraph_gap);
    source_lines(t, p, parent);
    // After a landscape table the text goes on on a portrait page; but what
    // is left of its document before the next page break that comes anyway
    // (a signature, "Datum", "Underskrift": the attestantförteckning's last
    // lines), when it fits under the table, stays there, set at the portrait
    // measure, rather than alone on a page of its own.
    if (turn) {
        landscape_ = false;
        const double portrait_measure = a4_short - margin_left - margin_right;
        auto rest = rest_of_part_height(portrait_measure);
        if (rest && *rest <= y_ - margin_bottom) measure_cap_ = portrait_measure;
        else new_page();
    }
}

// "Källa: Ekonomisystemet, huvudbok-2020-04.csv, hämtad 2020-05-04" under
// the table, for each import the report asks to print: a paragraph of its
// own after the table (a P, not part of the Table's structure). With
// several, each names its column.
void Layouter::source_lines(const Table& t, const std::string& p, std::size_t parent) {
    std::size_t printed = std::count_if(t.sources.begin(), t.sources.end(), [](const Source& s) { return s.print; });
    for (const auto& s : t.sources) {
        if (!s.print) continue;
        std::string what = "Källa";
        if (printed > 1 && s.column)
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                if (t.columns[c].id == *s.column)
                    what += ", " + render(pointer_join(pointer_join(pointer_join(p, "columns"), c), "title"), t.columns[c].title);
        std::string text = what + ": " + (s.system ? *s.system + ", " : "") + s.file + ", hämtad " + s.date.to_string();
        paragraph_text(element("P", parent), text, styles_.small, 0, styles_.paragraph_gap);
    }
}

// Uppdrag and kommentar side by side, as in seed 000. The kommentar column
// is left out when no uppdrag has one (a verksamhetsplan gives the uppdrag
// only), unless one is to be written (a carried-over uppdrag under review)
// or is given as a blank paragraph ("comment": [""]) to fill in by hand.
void Layouter::assignments(const Assignments& a, const std::string& p, std::size_t parent) {
    Grid g{{{{"Uppdrag", true, false, 0, true}, {"Kommentar", true, false, 0, true}}, true, false, false, {}},
           {},
           {flexible, flexible},
           {false, false},
           {true, false}};
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        const Assignment& as = a.items[i];
        std::string ip = pointer_join(pointer_join(p, "items"), i);
        std::string left = render(pointer_join(ip, "text"), as.text);
        if (as.clarification) left += "\nFörtydligande: " + render(pointer_join(ip, "clarification"), *as.clarification);
        if (as.note) left += "\nNotering: " + render(pointer_join(ip, "note"), *as.note);
        std::string right;
        for (std::size_t k = 0; k < as.comment.size(); ++k) {
            if (k) right += '\n';
            right += render(pointer_join(pointer_join(ip, "comment"), k), as.comment[k]);
        }
        const bool commented = !as.comment.empty() || as.review.has_value();
        g.rows.push_back({{{left, false, false, 0, true}, {right, false, false, 0, commented}}, false, false, false, {}});
    }
    if (g.rows.empty()) g.rows.push_back({{{"Inga uppdrag.", false, false, 0, true}, {"", false, false, 0, false}}, false, false, false, {}});
    const bool with_comment = leave_out_empty_columns(g)[1];
    std::size_t tab = element("Table", parent);
    figure_tails_.assign(g.sizing.size(), 0);
    double w = content_width();
    grid(tab, with_comment ? std::vector<double>{w * 0.4, w * 0.6} : std::vector<double>{w}, g.header, g.rows, g.row_header, p);
}

// "Källa: Kolada, hämtad 2021-05-03" for the sources marked to print, each
// system and date once; nullopt when none is.
static std::optional<std::string> key_figure_source_line(const std::vector<Source>& sources) {
    std::vector<std::string> parts;
    for (const auto& s : sources) {
        if (!s.print) continue;
        std::string part = fmt::format("{}, hämtad {}", s.system.value_or(s.file), s.date.to_string());
        if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
    }
    if (parts.empty()) return std::nullopt;
    return fmt::format("Källa: {}", fmt::join(parts, "; "));
}

// Nyckeltal grouped by goal: a row across the table names the goal. The
// year, outcome and comment columns are left out when empty in every row (a
// verksamhetsplan's catalogue of key figures names them only); an outcome
// still to be filled in (`"todo": true`) keeps the outcome and its year.
void Layouter::key_figures(const KeyFigures& k, const std::string& p, std::size_t parent) {
    Grid g{{{{"Nyckeltal", true, false, 0, true}, {"År", true, false, 0, true}, {"Utfall", true, true, 0, true},
             {"Kommentar", true, false, 0, true}},
            true, false, false, {}},
           {},
           {flexible, fixed, fixed, flexible},
           {true, false, false, false},
           {true, false, false, false}};
    for (std::size_t gi = 0; gi < k.groups.size(); ++gi) {
        const auto& group = k.groups[gi];
        if (!group.goal.empty()) g.rows.push_back({{{group.goal, true, false, 0, true}}, false, false, true, {}});
        for (std::size_t i = 0; i < group.items.size(); ++i) {
            const KeyFigure& kf = group.items[i];
            std::string ip = pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), gi), "items"), i);
            const ResolvedFigure* f = in_.resolution.find(kf.id);
            std::string value = f && f->value ? format_amount(*f->value, f->unit, f->display) : "";
            const bool todo = kf.todo || (f && f->source == FigureSource::todo);
            std::string comment = render(pointer_join(ip, "comment"), kf.comment);
            const bool commented = !comment.empty() || kf.review.has_value();
            g.rows.push_back({{{kf.name, false, false, 0, true},
                               {kf.year, false, false, 0, !kf.year.empty() || todo},
                               {value, false, true, 0, !value.empty() || todo},
                               {std::move(comment), false, false, 0, commented}},
                              false,
                              false,
                              false,
                              {}});
        }
    }
    leave_out_empty_columns(g);
    std::size_t tab = element("Table", parent);
    auto widths = column_widths(g.rows, g.header, g.sizing);
    too_wide(widths, p);
    grid(tab, widths, g.header, g.rows, g.row_header, p);
    // Where imported values came from, as a paragraph after the table.
    if (auto line = key_figure_source_line(k.sources))
        paragraph_text(element("P", parent), *line, styles_.small, 0, styles_.paragraph_gap);
}


}  // namespace tertial::pdf
