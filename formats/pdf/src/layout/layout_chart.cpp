// Charts: vector bar and line charts from a table's figures, readable in
// black and white (grey levels, dash patterns, marker shapes), with a text
// alternative; the numbers themselves are in the table the chart draws from.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "layout_engine.hpp"

namespace tertial::pdf {
namespace {

constexpr double chart_height = 190;

// For geometry only: figures themselves are never doubles.
double to_double(const Decimal& d) { return std::strtod(d.to_string().c_str(), nullptr); }

struct Axis {
    double low = 0, high = 1, step = 1;
};

// Round tick steps (1, 2, 2,5 or 5 × 10^k) giving about five intervals.
Axis nice_axis(double low, double high) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
    if (high - low <= 0) high = low + 1;
    double raw = (high - low) / 5;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

const Table* find_table(const Blocks& blocks, const std::string& id) {
    for (const auto& b : blocks) {
        if (const auto* t = std::get_if<Table>(&b.content); t && t->id == id) return t;
        if (const auto* s = std::get_if<Section>(&b.content))
            if (const Table* t = find_table(s->body, id)) return t;
    }
    return nullptr;
}

struct Series {
    std::string name;
    std::vector<std::optional<double>> values;
};

}  // namespace

void Layouter::chart(const Chart& c, const std::string& p, std::size_t parent) {
    const Report& r = in_.report;
    const Table* t = find_table(r.body, c.table);
    if (!t && r.cover_letter) t = find_table(r.cover_letter->background, c.table);
    if (!t) return;  // check reports a chart without its table
    std::vector<std::string> categories;
    std::vector<Series> series;
    auto value = [&](const std::string& row, const std::string& col) -> std::optional<double> {
        const ResolvedFigure* f = in_.resolution.find(t->id + "." + row + "." + col);
        return f && f->value ? std::optional<double>(to_double(*f->value)) : std::nullopt;
    };
    if (c.series_in == SeriesIn::rows) {
        for (const auto& col : t->columns)
            if (col.kind == ColumnKind::amount && !col.calc) categories.push_back(col.title);
        for (const auto& id : c.series)
            for (const auto& row : t->rows)
                if (row.id == id) {
                    Series s{row.label, {}};
                    for (const auto& col : t->columns)
                        if (col.kind == ColumnKind::amount && !col.calc) s.values.push_back(value(row.id, col.id));
                    series.push_back(std::move(s));
                }
    } else {
        for (const auto& row : t->rows)
            if (row.kind == RowKind::normal || row.kind == RowKind::varav) categories.push_back(row.label);
        for (const auto& id : c.series)
            for (const auto& col : t->columns)
                if (col.id == id) {
                    Series s{col.title, {}};
                    for (const auto& row : t->rows)
                        if (row.kind == RowKind::normal || row.kind == RowKind::varav) s.values.push_back(value(row.id, col.id));
                    series.push_back(std::move(s));
                }
    }
    if (categories.empty() || series.empty()) return;

    const TextStyle& label_style = styles_.small;
    double title_h = styles_.table_bold.leading + 4, legend_h = label_style.leading + 8;
    ensure(title_h + chart_height + legend_h + 10);
    // The title is read first, then the chart's text alternative.
    std::size_t cap = element("P", parent);
    place_paragraph(cap, {{render(pointer_join(p, "title"), c.title), styles_.table_bold.font, styles_.table_bold.size}},
                    styles_.table_bold, 0, 4);
    std::size_t fig = element("Figure", parent);
    structure_[fig].alt = render(pointer_join(p, "alt"), c.alt) +
                          fmt::format(" Siffrorna finns i tabellen {}.", t->caption ? *t->caption : t->id);

    double lo = 0, hi = 0;
    for (const auto& s : series)
        for (const auto& v : s.values)
            if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
    Axis axis = nice_axis(lo, hi);
    auto tick_text = [&](double v) {
        auto d = Decimal::parse(fmt::format("{:.{}f}", v, axis.step < 1 ? 1 : 0));
        return d ? format_number(*d, {}) : std::string();
    };
    double label_w = 0;
    for (double v = axis.low; v <= axis.high + axis.step / 2; v += axis.step)
        label_w = std::max(label_w, shape_one(tick_text(v), label_style).width());
    double left = margin_left + label_w + 6, right = page_width() - margin_right - 4;
    double top_y = y_, bottom = y_ - chart_height + label_style.leading + 4;
    double plot_top = top_y - 4, plot_h = plot_top - bottom, plot_w = right - left;
    auto ypos = [&](double v) { return bottom + (v - axis.low) / (axis.high - axis.low) * plot_h; };

    // Grid and axis labels.
    for (double v = axis.low; v <= axis.high + axis.step / 2; v += axis.step) {
        double yy = ypos(v);
        add_item(fig, LineItem{left, yy, right, yy, std::abs(v) < axis.step / 1000 ? 0.8 : 0.3,
                               std::abs(v) < axis.step / 1000 ? Colour{0.2, 0.2, 0.2} : styles_.light_rule, {}});
        GlyphRun tick = shape_one(tick_text(v), label_style);
        add_item(fig, TextItem{tick, left - 4 - tick.width(), yy - label_style.size / 3, label_style.colour});
    }
    double slot = plot_w / static_cast<double>(categories.size());
    // Label every category if they fit, else every second, third, ...
    double widest = 0;
    for (const auto& cat : categories) widest = std::max(widest, shape_one(cat, label_style).width());
    std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 4) / slot)));
    for (std::size_t i = 0; i < categories.size(); i += every) {
        GlyphRun cat = shape_one(categories[i], label_style);
        double cx = left + slot * (static_cast<double>(i) + 0.5);
        add_item(fig, TextItem{cat, cx - cat.width() / 2, bottom - label_style.leading, label_style.colour});
    }

    static const double greys[] = {0.2, 0.55, 0.8, 0.4, 0.7};
    static const std::vector<std::vector<double>> dashes = {{}, {5, 2}, {1.5, 1.5}, {6, 2, 1.5, 2}};
    for (std::size_t s = 0; s < series.size(); ++s) {
        Colour colour{greys[s % 5], greys[s % 5], greys[s % 5]};
        if (c.kind == ChartKind::bar) {
            double bar_w = slot * 0.75 / static_cast<double>(series.size());
            for (std::size_t i = 0; i < categories.size(); ++i) {
                const auto& v = series[s].values[i];
                if (!v) continue;
                double x = left + slot * static_cast<double>(i) + slot * 0.125 + bar_w * static_cast<double>(s);
                double y0 = ypos(0), y1 = ypos(*v);
                add_item(fig, RectItem{x, std::min(y0, y1), bar_w, std::abs(y1 - y0), colour, Colour{0, 0, 0}, 0.4});
            }
        } else {
            PathItem line;
            line.stroke = Colour{0, 0, 0};
            line.stroke_width = 1.2;
            line.dash = dashes[s % dashes.size()];
            for (std::size_t i = 0; i < categories.size(); ++i) {
                const auto& v = series[s].values[i];
                if (!v) continue;
                double x = left + slot * (static_cast<double>(i) + 0.5), yy = ypos(*v);
                line.points.emplace_back(x, yy);
                // A marker shape per series: square, circle-ish diamond, triangle.
                PathItem marker;
                marker.closed = true;
                marker.fill = colour;
                marker.stroke = Colour{0, 0, 0};
                marker.stroke_width = 0.4;
                double m = 2.3;
                if (s % 3 == 0) marker.points = {{x - m, yy - m}, {x + m, yy - m}, {x + m, yy + m}, {x - m, yy + m}};
                else if (s % 3 == 1) marker.points = {{x, yy - m - 0.6}, {x + m + 0.6, yy}, {x, yy + m + 0.6}, {x - m - 0.6, yy}};
                else marker.points = {{x - m, yy - m}, {x + m, yy - m}, {x, yy + m + 0.8}};
                add_item(fig, marker);
            }
            if (line.points.size() > 1) add_item(fig, line);
        }
    }
    // Legend: a swatch (or line sample) and the series name, under the plot.
    double lx = left, ly = bottom - label_style.leading - 12;
    for (std::size_t s = 0; s < series.size(); ++s) {
        Colour colour{greys[s % 5], greys[s % 5], greys[s % 5]};
        if (c.kind == ChartKind::bar)
            add_item(fig, RectItem{lx, ly - 1, 9, 7, colour, Colour{0, 0, 0}, 0.4});
        else
            add_item(fig, LineItem{lx, ly + 2.5, lx + 14, ly + 2.5, 1.2, Colour{0, 0, 0}, dashes[s % dashes.size()]});
        GlyphRun name = shape_one(series[s].name, label_style);
        add_item(fig, TextItem{name, lx + 18, ly, label_style.colour});
        lx += 18 + name.width() + 16;
    }
    y_ = ly - label_style.leading;
    move_down(styles_.paragraph_gap);
}

}  // namespace tertial::pdf
