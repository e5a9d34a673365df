// Grids, the drawing under every kind of table: column widths from their
// content, rows drawn and paged. A row moves to the next page whole; only a
// row taller than a page is split, between its lines. The header row
// repeats on every page; figures in tabular digits aligned on the decimal
// comma, a clear gap between figure columns; totals bold. A table whose
// columns cannot fit the page width is an error.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

#include "layout_engine.hpp"

namespace tertial::pdf {
namespace {

constexpr double pad_x = 3, pad_y = 2.5;
// The narrowest a text column may become: four or five letters at 6 pt.
constexpr double min_text_column = 14 + 2 * pad_x;

// Where a figure's decimal comma is ("−16,8", "33,3 %"): the byte offset of
// the comma before its decimals, or, for a whole number, just after its
// last digit ("1 200", "85 %"); the end for a figure without digits ("–").
std::size_t decimal_point(const std::string& text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == ',' && i > 0 && text[i + 1] >= '0' && text[i + 1] <= '9') return i;
    std::size_t last = text.find_last_of("0123456789");
    return last == std::string::npos ? text.size() : last + 1;
}

}  // namespace

// A figure on one line, in tabular digits without kerning. In a report of
// at most short_table_rows rows (see seen_once()) it is kept in the text
// cache: it is measured and drawn in each of the two passes, and reports
// built together share it (seed 000's 84 different figures were shaped 628
// times). In a longer one it is shaped where it is measured and where it
// is drawn: a long table's figures are nearly all different, and a cached
// one took 330 bytes (its entry and runs) beside the 96 its drawn copy
// holds; shaping one takes a microsecond or two. `integer` is its width up
// to its decimal comma (see decimal_point): its first glyphs', when it is
// one run of its own characters (tabular digits are not kerned, so they
// are the glyphs of that part shaped alone); else that part shaped.
Layouter::FigureShape Layouter::shape_figure(const std::string& text, const TextStyle& st) const {
    FigureShape f;
    if (text.empty()) return f;
    f.runs = cache_short_cells_
                 ? in_.resources.text_cache().shape(text, *st.font, st.size, fonts_, nullptr, Figures::tabular)
                 : shape(text, *st.font, st.size, fonts_, nullptr, Figures::tabular);
    f.width = width_of(f.runs);
    const std::size_t point = decimal_point(text);
    if (f.runs.size() == 1 && f.runs.front().text == text) {
        const GlyphRun& run = f.runs.front();
        std::size_t k = 0;
        while (k < run.glyphs.size() && run.glyphs[k].cluster < point) ++k;
        f.integer = run.width(k);
    } else if (point > 0) {
        f.integer = width_of(shape(std::string_view(text).substr(0, point), *st.font, st.size, fonts_, nullptr, Figures::tabular));
    }
    return f;
}

// The least space between the figures of two columns side by side: about
// five word spaces ("3 389 338" and "2 851 079" must not read as one number).
double Layouter::figure_gap() const { return 2 * pad_x + 0.6 * styles_.table.size; }

// The rows, then the header: measured where they are (a copy of a table of
// 10 000 rows with its header added held 3.9 MB while it was measured).
std::vector<double> Layouter::column_widths(const std::vector<GridRow>& rows, const GridRow& header,
                                            const std::vector<int>& sizing) {
    std::size_t n = sizing.size();
    std::vector<double> natural(n, 0), longest_word(n, 0), integer(n, 0), title(n, 0);
    figure_tails_.assign(n, 0);
    for (std::size_t r = 0; r <= rows.size(); ++r) {
        const GridRow& row = r < rows.size() ? rows[r] : header;
        if (row.spanning) continue;
        for (std::size_t c = 0; c < n && c < row.cells.size(); ++c) {
            const TextStyle& st = cell_style(row, c);
            if (row.cells[c].right && !row.header) {
                // A figure: its part up to the decimal comma and the part
                // after it are measured apart, the column holds the widest of each.
                const FigureShape f = shape_figure(row.cells[c].text, st);
                const double whole = f.width, before = f.integer;
                integer[c] = std::max(integer[c], before);
                figure_tails_[c] = std::max(figure_tails_[c], whole - before);
                natural[c] = std::max(natural[c], integer[c] + figure_tails_[c]);
                continue;
            }
            // A header wraps at its words; a figure never wraps.
            std::string text = row.cells[c].text;
            const bool keep = !seen_once(text, row.header);
            if (row.header) {
                std::string one_line = text;
                std::replace(one_line.begin(), one_line.end(), '\n', ' ');
                title[c] = text_width(one_line, st);
            }
            std::size_t start = 0;
            while (start <= text.size()) {
                std::size_t end = row.header ? text.find_first_of(" \n", start) : text.find('\n', start);
                if (end == std::string::npos) end = text.size();
                double w = text_width(text.substr(start, end - start), st, Figures::text, keep) + row.cells[c].indent;
                natural[c] = std::max(natural[c], w);
                if (row.header) longest_word[c] = std::max(longest_word[c], w);
                start = end + 1;
            }
            if (!row.header && sizing[c] == flexible) {
                std::size_t w0 = 0;
                while (w0 < text.size()) {
                    std::size_t w1 = text.find_first_of(" \n", w0);
                    if (w1 == std::string::npos) w1 = text.size();
                    longest_word[c] = std::max(longest_word[c], text_width(text.substr(w0, w1 - w0), st, Figures::text, keep));
                    w0 = w1 + 1;
                }
            }
        }
    }
    // What each column needs at the least not to print over the next: a
    // figure never wraps (it may take the padding); a text column may wrap
    // down to min_text_column (or its longest word).
    min_widths_.assign(n, 0);
    for (std::size_t c = 0; c < n; ++c)
        min_widths_[c] = sizing[c] == fixed ? natural[c] : std::min(longest_word[c] + 2 * pad_x, min_text_column);
    std::vector<double> widths(n, 0);
    double fixed_total = 0;
    for (std::size_t c = 0; c < n; ++c)
        if (sizing[c] == fixed) {
            widths[c] = std::max(natural[c], longest_word[c]) + std::max(figure_gap(), 2 * pad_x + 2);
            fixed_total += widths[c];
        }
    // The text columns share what the figures leave, by their natural
    // width; but a label or text column never gets narrower than its longest
    // word (at most 90 pt): "Summa kostnader" must not break every few
    // letters. A column held at that least width leaves the share, and the
    // others divide the rest again, so the table fits whenever its least
    // widths do.
    double rest = std::max(content_width() - fixed_total, 0.0);
    std::vector<bool> held(n, false);
    for (bool again = true; again;) {
        again = false;
        double share = rest, w = 0;
        for (std::size_t c = 0; c < n; ++c)
            if (sizing[c] == flexible) {
                if (held[c]) share -= widths[c];
                else w += std::clamp(natural[c], 40.0, 320.0);
            }
        for (std::size_t c = 0; c < n; ++c) {
            if (sizing[c] != flexible || held[c]) continue;
            widths[c] = w > 0 ? std::max(share, 0.0) * std::clamp(natural[c], 40.0, 320.0) / w : 0;
            double least = std::min(longest_word[c] + 2 * pad_x, 90.0);
            if (widths[c] < least) widths[c] = least, held[c] = true, again = true;
        }
    }
    // A figure column's title takes about two lines when the text
    // columns have width they do not need (wider than their widest line):
    // "Vård utanför eget hem enligt SoL" was six lines of a word each.
    double spare = 0, wanted = 0;
    for (std::size_t c = 0; c < n; ++c) {
        if (sizing[c] == flexible) spare += std::max(widths[c] - std::max(natural[c] + 2 * pad_x, 40.0), 0.0);
        else wanted += std::max(std::min(title[c] / 2 + 2 * pad_x + 4, 90.0) - widths[c], 0.0);
    }
    if (wanted > 0 && spare > 0) {
        double give = std::min(spare, wanted);
        for (std::size_t c = 0; c < n; ++c) {
            if (sizing[c] == flexible)
                widths[c] -= std::max(widths[c] - std::max(natural[c] + 2 * pad_x, 40.0), 0.0) * give / spare;
            else
                widths[c] += std::max(std::min(title[c] / 2 + 2 * pad_x + 4, 90.0) - widths[c], 0.0) * give / wanted;
        }
    }
    // If the columns are wider than the page, shrink them all alike (the
    // caller first tries a smaller type size).
    double total = std::accumulate(widths.begin(), widths.end(), 0.0);
    fits_unscaled_ = total <= content_width() + 0.01;
    if (total > content_width())
        for (auto& w : widths) w *= content_width() / total;
    return widths;
}

const TextStyle& Layouter::cell_style(const GridRow& row, std::size_t c) const {
    return row.cells[c].bold || row.header || row.total ? styles_.table_bold : styles_.table;
}

Layouter::CellLines Layouter::row_lines(const GridRow& row, const std::vector<double>& widths) {
    CellLines out;
    double full = std::accumulate(widths.begin(), widths.end(), 0.0);
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
        double w = (row.spanning ? full : widths[c]) - 2 * pad_x - row.cells[c].indent;
        if (row.cells[c].right && !row.header) {
            out.push_back({nullptr, 0, 1});  // a figure: one line, shaped when drawn
        } else {
            out.push_back(wrap_cell(row.cells[c].text, cell_style(row, c), std::max(w, 10.0), row.header));
        }
        if (row.spanning) break;
    }
    return out;
}

double Layouter::lines_height(const GridRow& row, const CellLines& lines) const {
    double h = 0;
    for (std::size_t c = 0; c < lines.size(); ++c)
        h = std::max(h, static_cast<double>(lines[c].count) * cell_style(row, c).leading);
    return h + 2 * pad_y;
}

// Columns shrunk to fit the page below what they need (a figure wider
// than its column, text a few letters a line) would print over each other:
// the table is refused, saying how many of its columns fit.
void Layouter::too_wide(const std::vector<double>& widths, const std::string& pointer) const {
    bool fits = true;
    for (std::size_t c = 0; c < widths.size(); ++c) fits &= widths[c] + 0.01 >= min_widths_[c];
    if (fits) return;
    std::size_t n = 0;
    for (double used = 0; n < min_widths_.size() && used + min_widths_[n] <= content_width() + 0.01; ++n) used += min_widths_[n];
    throw LayoutError(pointer, "layout.table_too_wide",
                      fmt::format("the table's {} columns do not fit the {} width even in {} pt type; the first {} fit: "
                                  "split it into narrower tables",
                                  widths.size(), landscape_ ? "landscape page's" : "page", styles_.table.size, n));
}

double Layouter::row_height(const GridRow& row, const std::vector<double>& widths) {
    return lines_height(row, row_lines(row, widths));
}

// `lines` are the row's lines to draw here (all of them, or a page's share
// of a split row); `cells` its cells' structure elements, made by the
// first part drawn.
void Layouter::draw_row(std::optional<std::size_t> tr, const GridRow& row, const std::vector<double>& widths,
                        const CellLines& lines_here, std::vector<std::optional<std::size_t>>& cells,
                        const std::vector<bool>& row_header_column, bool artifact) {
    double h = lines_height(row, lines_here);
    double full = std::accumulate(widths.begin(), widths.end(), 0.0);
    double top_y = y_;
    if (row.header) add_item(std::nullopt, RectItem{margin_left, top_y - h, full, h, styles_.shade, std::nullopt, 0});
    double x = margin_left;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const CellContent& cell = row.cells[c];
        double w = row.spanning ? full : widths[c];
        if (cells.size() <= c) {
            std::optional<std::size_t> e;
            if (!artifact && tr) {
                // A row across the table (a group's heading) is a header
                // cell spanning every column, so every row has as many.
                bool is_th = row.header || row.spanning || (c < row_header_column.size() && row_header_column[c]);
                e = element(is_th ? "TH" : "TD", *tr);
                if (is_th) structure_[*e].scope = row.header ? "Column" : "Row";
                if (row.spanning) structure_[*e].col_span = widths.size();
            }
            cells.push_back(e);
        }
        std::optional<std::size_t> e = cells[c];
        const TextStyle& st = cell_style(row, c);
        const CellText& lines = lines_here[c];
        double baseline = top_y - pad_y - st.size;
        // Header cells sit at the bottom of the header row, like the seeds.
        if (row.header) baseline -= h - 2 * pad_y - static_cast<double>(lines.count) * st.leading;
        if (cell.right && !row.header) {
            // A figure's decimal comma (or the end of a whole number) stands
            // where the column's widest decimals leave it.
            double tail = c < figure_tails_.size() ? figure_tails_[c] : 0;
            if (lines.count > 0) {
                FigureShape f = shape_figure(cell.text, st);
                double fx = x + w - pad_x - tail - f.integer;
                for (auto& run : f.runs) {
                    if (run.glyphs.empty()) continue;
                    const double advance = run.width();
                    place_text(e, TextItem{std::move(run), fx, baseline, st.colour});
                    fx += advance;
                }
            }
        } else if (lines.text) {
            const BrokenLines* from = lines.alone ? nullptr : lines.text.get();  // else copied
            if (from && lines.count > 0 && lines.first < lines.text->size()) keep_.push_back(lines.text);  // drawn from (TextItem::lines)
            for (std::size_t k = lines.first; k < lines.first + lines.count; ++k, baseline -= st.leading) {
                if (k >= lines.text->size()) continue;  // an empty cell's one line
                const Line line = lines.text->line(k);
                double lx = cell.right ? x + w - pad_x - line.width : x + pad_x + cell.indent;
                place_line(e, line, lx, baseline, st.colour, from, k);
            }
        }
        x += w;
        if (row.spanning) break;
    }
    const Colour& rule = row.header || row.total ? styles_.rule_colour : styles_.light_rule;
    if (row.total) add_item(std::nullopt, LineItem{margin_left, top_y, margin_left + full, top_y, 0.8, styles_.rule_colour, {}});
    add_item(std::nullopt, LineItem{margin_left, top_y - h, margin_left + full, top_y - h, row.header ? 0.8 : 0.3, rule, {}});
    y_ -= h;
}

// What of a table must be on the page where it starts: `above` (its
// caption), its header row and its first two rows, or all its rows when
// they fit a page and it has at most eight (a small table is never split)
// or it opens its section and less than a third of them fit here.
double Layouter::table_start_height(const GridRow& header, const std::vector<GridRow>& rows, const std::vector<double>& widths,
                                    double above) {
    const double header_h = row_height(header, widths);
    const double room = top() - margin_bottom - header_h;
    const double least = 2 * styles_.table_bold.leading + 2 * pad_y;  // a split row's smallest part
    double all = 0, first_two = 0, here = y_ - margin_bottom - above - header_h;
    std::size_t fit_here = 0;  // the rows that would fit on this page
    for (std::size_t r = 0; r < rows.size(); ++r) {
        double h = row_height(rows[r], widths);
        all += h;
        if (r < 2) first_two += std::min(h, r == 0 ? std::max(room - least, least) : least);
        if (fit_here == r && all <= here) ++fit_here;
    }
    // A section that opens with a table that fits a page of its own does
    // not start at a page's foot with a few of its rows (the driftredovis-
    // ning's header and two rows under "5 Ekonomi", twenty-one overleaf):
    // when less than a third of them fit here, the headings and the table
    // go to the next page. (After text, a table may start at the foot: the
    // page is full, and moving it would push the next table over.)
    const bool fits_a_page = above + header_h + all <= fresh_room();
    const bool opens_section = heading_run_ends_page();
    const bool whole = fits_a_page && (rows.size() <= 8 || (opens_section && 3 * fit_here < rows.size()));
    return above + header_h + (whole ? all : std::min(first_two, std::max(room - least, least)));
}

// Rows move to the next page whole, and the header row is drawn again there
// as an artifact (the structure has it once). A row taller than a page
// below the header is split between lines: each page takes as many of
// every cell's lines as it has room for, the rest go on.
void Layouter::grid(std::size_t table_element, const std::vector<double>& widths, const GridRow& header,
                    std::vector<GridRow>& rows, const std::vector<bool>& row_header_column,
                    const std::string& pointer, bool start_ensured) {
    const CellLines header_lines = row_lines(header, widths);
    const double header_h = lines_height(header, header_lines);
    const double room = top() - margin_bottom - header_h;  // for rows, on a page of its own
    const double least = 2 * styles_.table_bold.leading + 2 * pad_y;  // a split row's smallest part
    auto repeat_header = [&] {
        new_page();
        std::vector<std::optional<std::size_t>> none;
        draw_row(std::nullopt, header, widths, header_lines, none, row_header_column, true);
    };
    if (room < 3 * least)
        throw LayoutError(pointer, "layout.table_header_too_tall",
                          fmt::format("the column titles make a header row {:.0f} pt tall, more than a page can repeat "
                                      "above the rows (at most {:.0f} pt): shorten them",
                                      header_h, top() - margin_bottom - 3 * least));
    if (!start_ensured) ensure(table_start_height(header, rows, widths, 0));
    std::vector<std::optional<std::size_t>> header_cells;
    // THead with the header row (repeated on later pages as an artifact), TBody with the rest.
    draw_row(element("TR", element("THead", table_element)), header, widths, header_lines, header_cells, row_header_column, false);
    const std::size_t body = element("TBody", table_element);
    // A row drawn is not read again (only the next one is looked at ahead):
    // its cells go, so that a long table's texts are not all held until its
    // end beside the pages made of them (10 000 rows: 1.9 MB).
    for (std::size_t r = 0; r < rows.size(); std::vector<CellContent>().swap(rows[r++].cells)) {
        const GridRow& row = rows[r];
        if (!row.pointer.empty()) anchor(row.pointer);  // the editor's page map; flushed with the row's first item
        CellLines lines = row_lines(row, widths);
        double h = lines_height(row, lines);
        std::vector<std::optional<std::size_t>> cells;
        if (h <= room) {
            // A group's heading row stays with the row after it.
            double with = h;
            if (row.spanning && r + 1 < rows.size()) with += std::min(row_height(rows[r + 1], widths), room - h);
            // Nor does the last row go alone to the next page: the one before it goes along.
            if (r + 2 == rows.size() && r > 0) {
                double last = row_height(rows[r + 1], widths);
                if (y_ - h - last < margin_bottom && h + last <= room) with = std::max(with, h + last);
            }
            if (y_ - with < margin_bottom) repeat_header();
            draw_row(element("TR", body), row, widths, lines, cells, row_header_column, false);
            continue;
        }
        std::size_t tr = element("TR", body);
        if (y_ - least < margin_bottom) repeat_header();
        std::vector<std::size_t> next(lines.size(), 0);  // per cell: its first line not drawn yet
        for (;;) {
            CellLines part(lines.size());
            bool more = false;
            for (std::size_t c = 0; c < lines.size(); ++c) {
                auto fit = static_cast<std::size_t>(std::max((y_ - margin_bottom - 2 * pad_y) / cell_style(row, c).leading + 1e-9, 1.0));
                std::size_t end = std::min(lines[c].count, next[c] + fit);
                part[c] = {lines[c].text, lines[c].first + next[c], end - next[c], lines[c].alone};
                next[c] = end;
                more |= end < lines[c].count;
            }
            draw_row(tr, row, widths, part, cells, row_header_column, false);
            if (!more) break;
            repeat_header();
        }
    }
    move_down(styles_.paragraph_gap + 3);
}

}  // namespace tertial::pdf
