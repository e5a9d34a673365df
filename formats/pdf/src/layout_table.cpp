// Tables: report tables, uppdrag/kommentar, nyckeltal. Rows never split;
// the header row repeats on every page; numbers right-aligned; totals bold.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "layout_engine.hpp"

namespace tertial::pdf {
namespace {

constexpr double pad_x = 3, pad_y = 2.5;
enum ColumnSizing { flexible = 0, fixed = 1 };

}  // namespace

std::vector<double> Layouter::column_widths(const std::vector<GridRow>& rows, const std::vector<int>& sizing) {
    std::size_t n = sizing.size();
    std::vector<double> natural(n, 0), longest_word(n, 0);
    for (const auto& row : rows) {
        if (row.spanning) continue;
        for (std::size_t c = 0; c < n && c < row.cells.size(); ++c) {
            const TextStyle& st = row.cells[c].bold || row.header ? styles_.table_bold : styles_.table;
            // A header wraps at its words; a figure never wraps.
            std::string text = row.cells[c].text;
            std::size_t start = 0;
            while (start <= text.size()) {
                std::size_t end = row.header ? text.find_first_of(" \n", start) : text.find('\n', start);
                if (end == std::string::npos) end = text.size();
                double w = shape_one(text.substr(start, end - start), st).width() + row.cells[c].indent;
                natural[c] = std::max(natural[c], w);
                if (row.header) longest_word[c] = std::max(longest_word[c], w);
                start = end + 1;
            }
            if (!row.header && sizing[c] == flexible) {
                std::size_t w0 = 0;
                while (w0 < text.size()) {
                    std::size_t w1 = text.find_first_of(" \n", w0);
                    if (w1 == std::string::npos) w1 = text.size();
                    longest_word[c] = std::max(longest_word[c], shape_one(text.substr(w0, w1 - w0), st).width());
                    w0 = w1 + 1;
                }
            }
        }
    }
    std::vector<double> widths(n, 0);
    double fixed_total = 0, weight = 0;
    for (std::size_t c = 0; c < n; ++c)
        if (sizing[c] == fixed) {
            widths[c] = std::max(natural[c], longest_word[c]) + 2 * pad_x + 2;
            fixed_total += widths[c];
        } else {
            weight += std::clamp(natural[c], 40.0, 320.0);
        }
    double rest = std::max(content_width() - fixed_total, 0.0);
    for (std::size_t c = 0; c < n; ++c)
        if (sizing[c] == flexible) widths[c] = weight > 0 ? rest * std::clamp(natural[c], 40.0, 320.0) / weight : 0;
    // A label or text column never gets narrower than its longest word (at
    // most 90 pt): "Summa kostnader" must not break every few letters.
    for (std::size_t c = 0; c < n; ++c)
        if (sizing[c] == flexible) widths[c] = std::max(widths[c], std::min(longest_word[c] + 2 * pad_x, 90.0));
    // If the columns are wider than the page, shrink them all alike (the
    // caller first tries a smaller type size).
    double total = std::accumulate(widths.begin(), widths.end(), 0.0);
    fits_unscaled_ = total <= content_width() + 0.01;
    if (total > content_width())
        for (auto& w : widths) w *= content_width() / total;
    return widths;
}

double Layouter::row_height(const GridRow& row, const std::vector<double>& widths) {
    double h = 0;
    double full = std::accumulate(widths.begin(), widths.end(), 0.0);
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const TextStyle& st = row.cells[c].bold || row.header || row.total ? styles_.table_bold : styles_.table;
        double w = (row.spanning ? full : widths[c]) - 2 * pad_x - row.cells[c].indent;
        auto lines = wrap(row.cells[c].text, st, std::max(w, 10.0));
        h = std::max(h, static_cast<double>(lines.size()) * st.leading);
    }
    return h + 2 * pad_y;
}

void Layouter::draw_row(std::optional<std::size_t> tr, const GridRow& row, const std::vector<double>& widths,
                        const std::vector<bool>& row_header_column, bool artifact) {
    double h = row_height(row, widths);
    double full = std::accumulate(widths.begin(), widths.end(), 0.0);
    double top_y = y_;
    if (row.header) add_item(std::nullopt, RectItem{margin_left, top_y - h, full, h, styles_.shade, std::nullopt, 0});
    double x = margin_left;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const CellContent& cell = row.cells[c];
        double w = row.spanning ? full : widths[c];
        std::optional<std::size_t> e;
        if (!artifact && tr) {
            bool is_th = row.header || (c < row_header_column.size() && row_header_column[c] && !row.spanning);
            e = element(is_th ? "TH" : "TD", *tr);
            if (is_th) structure_[*e].scope = row.header ? "Column" : "Row";
        }
        const TextStyle& st = cell.bold || row.header || row.total ? styles_.table_bold : styles_.table;
        double inner = std::max(w - 2 * pad_x - cell.indent, 10.0);
        auto lines = wrap(cell.text, st, inner);
        double baseline = top_y - pad_y - st.size;
        // Header cells sit at the bottom of the header row, like the seeds.
        if (row.header) baseline -= h - 2 * pad_y - static_cast<double>(lines.size()) * st.leading;
        for (const auto& line : lines) {
            double lx = cell.right ? x + w - pad_x - line.width : x + pad_x + cell.indent;
            place_line(e, line, lx, baseline, st.colour);
            baseline -= st.leading;
        }
        x += w;
        if (row.spanning) break;
    }
    const Colour& rule = row.header || row.total ? styles_.rule_colour : styles_.light_rule;
    if (row.total) add_item(std::nullopt, LineItem{margin_left, top_y, margin_left + full, top_y, 0.8, styles_.rule_colour, {}});
    add_item(std::nullopt, LineItem{margin_left, top_y - h, margin_left + full, top_y - h, row.header ? 0.8 : 0.3, rule, {}});
    y_ -= h;
}

// Rows move to the next page whole, and the header row is drawn again there
// as an artifact (the structure has it once).
void Layouter::grid(std::size_t table_element, const std::vector<double>& widths, const GridRow& header,
                    const std::vector<GridRow>& rows, const std::vector<bool>& row_header_column) {
    double header_h = row_height(header, widths);
    double first_h = rows.empty() ? 0 : row_height(rows.front(), widths);
    ensure(header_h + first_h);
    draw_row(element("TR", table_element), header, widths, row_header_column, false);
    for (const auto& row : rows) {
        double h = row_height(row, widths);
        if (y_ - h < margin_bottom) {
            new_page();
            draw_row(std::nullopt, header, widths, row_header_column, true);
        }
        if (!row.pointer.empty()) anchor(row.pointer);
        draw_row(element("TR", table_element), row, widths, row_header_column, false);
    }
    move_down(styles_.paragraph_gap + 3);
}

void Layouter::table(const Table& t, const std::string& p, std::size_t parent) {
    std::size_t tab = element("Table", parent);
    GridRow header{{}, true, false, false};
    std::vector<int> sizing;
    std::vector<bool> row_header;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const Column& col = t.columns[c];
        header.cells.push_back({render(pointer_join(pointer_join(pointer_join(p, "columns"), c), "title"), col.title), true,
                                col.kind == ColumnKind::amount, 0});
        sizing.push_back(col.kind == ColumnKind::amount ? fixed : flexible);
        row_header.push_back(col.kind == ColumnKind::label);
    }
    std::vector<GridRow> rows;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const TableRow& row = t.rows[r];
        std::string rp = pointer_join(pointer_join(p, "rows"), r);
        bool total = row.kind == RowKind::total || row.kind == RowKind::subtotal;
        GridRow g{{}, false, total, false, rp};
        for (const auto& col : t.columns) {
            CellContent cell;
            if (col.kind == ColumnKind::label) {
                cell.text = render(pointer_join(rp, "label"), row.label);
                cell.bold = row.kind == RowKind::heading || total;
                cell.indent = row.kind == RowKind::varav ? 10 : 0;
            } else if (col.kind == ColumnKind::text) {
                const Cell* c = row.cell(col.id);
                if (const auto* s = c ? std::get_if<std::string>(c) : nullptr)
                    cell.text = render(pointer_join(pointer_join(rp, "cells"), col.id), *s);
            } else {
                cell.text = figure_text(t.id + "." + row.id + "." + col.id);
                cell.right = true;
            }
            g.cells.push_back(std::move(cell));
        }
        rows.push_back(std::move(g));
    }
    std::vector<GridRow> all = rows;
    all.push_back(header);
    // A wide table (twelve months and more) steps down its type size until
    // its columns fit, so figures never wrap; then the size is restored.
    const TextStyle normal = styles_.table, normal_bold = styles_.table_bold;
    std::vector<double> widths;
    for (double size : {8.5, 7.5, 6.5, 6.0}) {
        styles_.table.size = styles_.table_bold.size = size;
        styles_.table.leading = styles_.table_bold.leading = size * 1.3;
        widths = column_widths(all, sizing);
        if (fits_unscaled_) break;
    }
    if (t.caption) {
        // The caption stays with the header row and the first row.
        std::string caption = render(pointer_join(p, "caption"), *t.caption);
        double caption_h = static_cast<double>(wrap(caption, styles_.table_bold, content_width()).size()) * styles_.table_bold.leading;
        ensure(caption_h + 3 + row_height(header, widths) + (rows.empty() ? 0 : row_height(rows.front(), widths)));
        place_paragraph(element("Caption", tab), {{caption, styles_.table_bold.font, styles_.table_bold.size}}, styles_.table_bold, 0, 3);
    }
    grid(tab, widths, header, rows, row_header);
    styles_.table = normal;
    styles_.table_bold = normal_bold;
    if (t.note) paragraph_text(element("Note", tab), render(pointer_join(p, "note"), *t.note), styles_.small, 0, styles_.paragraph_gap);
}

// Uppdrag and kommentar side by side, as in seed 000.
void Layouter::assignments(const Assignments& a, const std::string& p, std::size_t parent) {
    std::size_t tab = element("Table", parent);
    GridRow header{{{"Uppdrag", true, false, 0}, {"Kommentar", true, false, 0}}, true, false, false};
    std::vector<GridRow> rows;
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
        rows.push_back({{{left, false, false, 0}, {right, false, false, 0}}, false, false, false});
    }
    if (rows.empty()) rows.push_back({{{"Inga uppdrag.", false, false, 0}, {"", false, false, 0}}, false, false, false});
    double w = content_width();
    grid(tab, {w * 0.4, w * 0.6}, header, rows, {false, false});
}

// Nyckeltal grouped by goal: a row across the table names the goal.
void Layouter::key_figures(const KeyFigures& k, const std::string& p, std::size_t parent) {
    std::size_t tab = element("Table", parent);
    GridRow header{{{"Nyckeltal", true, false, 0}, {"År", true, false, 0}, {"Utfall", true, true, 0}, {"Kommentar", true, false, 0}},
                   true, false, false};
    std::vector<GridRow> rows;
    for (std::size_t g = 0; g < k.groups.size(); ++g) {
        const auto& group = k.groups[g];
        if (!group.goal.empty()) rows.push_back({{{group.goal, true, false, 0}}, false, false, true});
        for (std::size_t i = 0; i < group.items.size(); ++i) {
            const KeyFigure& kf = group.items[i];
            std::string ip = pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), g), "items"), i);
            const ResolvedFigure* f = in_.resolution.find(kf.id);
            std::string value = f && f->value ? format_amount(*f->value, f->unit, f->display) : "";
            rows.push_back({{{kf.name, false, false, 0},
                             {kf.year, false, false, 0},
                             {value, false, true, 0},
                             {render(pointer_join(ip, "comment"), kf.comment), false, false, 0}},
                            false,
                            false,
                            false});
        }
    }
    std::vector<GridRow> all = rows;
    all.push_back(header);
    grid(tab, column_widths(all, {flexible, fixed, fixed, flexible}), header, rows, {true, false, false, false});
}

}  // namespace tertial::pdf
