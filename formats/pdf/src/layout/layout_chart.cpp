// Charts: vector bar and line charts from a table's figures, as a reader
// expects them: the categories (years, months) along the x-axis, months
// with their year beneath, a year not yet over marked "2021 (jan–apr)",
// the unit above the y-axis, values on the bars when there are few. The
// first series is in the house style's primary colour, the second in its
// accent; dash patterns and marker shapes keep them apart in black and
// white. The text alternative comes with the chart; the numbers themselves
// are in the table it draws from.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "layout_engine.hpp"

namespace tertial::pdf {
namespace {

constexpr double chart_height = 190;
constexpr std::size_t max_labelled_bars = 16;  // more, and the values crowd: the table has them

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

const char* const month_names[] = {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

// One place along the x-axis: a column (series in rows) or a row.
struct Category {
    std::string id;
    std::string label;
    std::optional<YearMonth> month;  // a month's figure: drawn as "apr", its year beneath
};

struct Series {
    std::string name;
    std::vector<std::optional<double>> values;
    std::vector<std::string> texts;  // as printed in the table
};

// A year's column that does not cover the whole year gets the months it
// does ("2021 (jan–apr)"): an outcome until a date, or an outcome of the
// report's own year in a report whose period ends before December.
std::string year_label(const Column& c, const Period& period) {
    if (!c.role || !c.role->year) return c.title;
    int year = *c.role->year;
    std::optional<Date> until = c.role->until;
    if (!until && c.role->type == ColumnRoleType::outcome && year == period.year) until = period.end;
    if (!until || until->year != year || (until->month == 12 && until->day == 31)) return c.title;
    std::string months = fmt::format("jan–{}", month_names[until->month - 1]);
    std::string y = std::to_string(year);
    if (c.title.starts_with(y)) return y + " (" + months + ")" + c.title.substr(y.size());
    return fmt::format("{} ({} {})", c.title, months, year);
}

// A monthly column: an outcome until a month's last day, not of a year.
std::optional<YearMonth> column_month(const Column& c) {
    if (!c.role || c.role->year || !c.role->until) return std::nullopt;
    const Date& d = *c.role->until;
    if (d.day != days_in_month(d.year, d.month)) return std::nullopt;
    return YearMonth{d.year, d.month};
}

// Consecutive months of one year along the axis: their indices and months.
struct YearSpan {
    std::size_t first = 0, last = 0;
    int year = 0, from_month = 1, to_month = 12;
};

std::vector<YearSpan> year_spans(const std::vector<Category>& categories) {
    std::vector<YearSpan> spans;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const YearMonth& m = *categories[i].month;
        if (spans.empty() || spans.back().year != m.year) spans.push_back({i, i, m.year, m.month, m.month});
        spans.back().last = i;
        spans.back().to_month = m.month;
    }
    return spans;
}

bool charted_column(const Column& c, const Table& t) {
    return c.kind == ColumnKind::amount && !c.calc && (!c.unit || c.unit == t.unit);
}
bool charted_row(const TableRow& r) { return r.kind == RowKind::normal || r.kind == RowKind::varav; }

// What the y-axis counts, written above it: the unit ("Tkr", "Antal").
std::string unit_title(std::optional<Unit> unit) {
    if (!unit || *unit == Unit::unknown || *unit == Unit::index) return "";
    std::string name(*unit == Unit::antal ? "antal" : unit_name(*unit));
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

Colour lighter(const Colour& c, double amount) {
    return {c.r + (1 - c.r) * amount, c.g + (1 - c.g) * amount, c.b + (1 - c.b) * amount};
}

}  // namespace

void Layouter::chart(const Chart& c, const std::string& p, std::size_t parent) {
    const Report& r = in_.report;
    const Table* t = find_table(r.body, c.table);
    if (!t && r.cover_letter) t = find_table(r.cover_letter->background, c.table);
    if (!t) return;  // check reports a chart without its table
    const Period& period = r.meta.period;
    std::vector<Category> categories;
    std::vector<Series> series;
    auto chosen = [&](const std::string& id) {
        return c.categories.empty() || std::find(c.categories.begin(), c.categories.end(), id) != c.categories.end();
    };
    auto add_value = [&](Series& s, const std::string& row, const std::string& col) {
        const ResolvedFigure* f = in_.resolution.find(t->id + "." + row + "." + col);
        bool has = f && f->value;
        s.values.push_back(has ? std::optional<double>(to_double(*f->value)) : std::nullopt);
        s.texts.push_back(has ? f->text(NumberStyle::print) : "");
    };
    if (c.series_in == SeriesIn::rows) {
        for (const auto& col : t->columns)
            if (charted_column(col, *t) && chosen(col.id)) {
                auto month = column_month(col);
                categories.push_back({col.id, month ? month_names[month->month - 1] : year_label(col, period), month});
            }
        for (const auto& id : c.series)
            for (const auto& row : t->rows)
                if (row.id == id) {
                    Series s{row.label, {}, {}};
                    for (const auto& cat : categories) add_value(s, row.id, cat.id);
                    series.push_back(std::move(s));
                }
    } else {
        for (const auto& row : t->rows)
            if (charted_row(row) && chosen(row.id))
                categories.push_back({row.id, row.month ? month_names[row.month->month - 1] : row.label, row.month});
        for (const auto& id : c.series)
            for (const auto& col : t->columns)
                if (col.id == id) {
                    Series s{year_label(col, period), {}, {}};
                    for (const auto& cat : categories) add_value(s, cat.id, col.id);
                    series.push_back(std::move(s));
                }
    }
    if (categories.empty() || series.empty()) return;
    std::optional<Unit> unit = t->unit;
    if (c.series_in == SeriesIn::columns)
        for (const auto& col : t->columns)
            if (col.id == c.series.front() && col.unit) unit = col.unit;

    const TextStyle& label_style = styles_.small;
    // Months along the axis get their year on a second line.
    bool by_month = std::all_of(categories.begin(), categories.end(), [](const Category& k) { return k.month.has_value(); });
    double title_h = styles_.table_bold.leading + 4, legend_h = label_style.leading + 8;
    double x_labels_h = label_style.leading * (by_month ? 2 : 1) + 4;
    ensure(title_h + chart_height + x_labels_h + legend_h + 10);
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
        label_w = std::max(label_w, text_width(tick_text(v), label_style));
    double left = margin_left + label_w + 6, right = page_width() - margin_right - 4;
    // The unit above the axis labels, the plot under it.
    std::string y_title = unit_title(unit);
    double top_y = y_, plot_top = top_y - (y_title.empty() ? 4 : label_style.leading + 4);
    if (!y_title.empty()) {
        place_runs(fig, shape_line(y_title, label_style), margin_left, top_y - label_style.size, label_style.colour);
    }
    double bottom = top_y - chart_height + x_labels_h;
    double plot_h = plot_top - bottom, plot_w = right - left;
    auto ypos = [&](double v) { return bottom + (v - axis.low) / (axis.high - axis.low) * plot_h; };

    // Grid and axis labels.
    for (double v = axis.low; v <= axis.high + axis.step / 2; v += axis.step) {
        double yy = ypos(v);
        bool zero = std::abs(v) < axis.step / 1000;
        add_item(fig, LineItem{left, yy, right, yy, zero ? 0.8 : 0.3, zero ? Colour{0.2, 0.2, 0.2} : styles_.light_rule, {}});
        const Line tick = shape_line(tick_text(v), label_style);
        place_runs(fig, tick, left - 4 - tick.width, yy - label_style.size / 3, label_style.colour);
    }
    double slot = plot_w / static_cast<double>(categories.size());
    // Label every category if they fit, else every second, third, ...
    double widest = 0;
    for (const auto& cat : categories) widest = std::max(widest, text_width(cat.label, label_style));
    std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 4) / slot)));
    double label_y = bottom - label_style.leading;
    for (std::size_t i = 0; i < categories.size(); i += every) {
        const Line cat = shape_line(categories[i].label, label_style);
        double cx = left + slot * (static_cast<double>(i) + 0.5);
        place_runs(fig, cat, cx - cat.width / 2, label_y, label_style.colour);
    }
    if (by_month && c.series_in == SeriesIn::rows) {
        // Each year's months: the year beneath them, with the months it has
        // when not all twelve ("2020 (apr–dec)"); a tick where years meet.
        for (const YearSpan& span : year_spans(categories)) {
            std::string text = std::to_string(span.year);
            if (span.from_month != 1 || span.to_month != 12)
                text += fmt::format(" ({}–{})", month_names[span.from_month - 1], month_names[span.to_month - 1]);
            const Line run = shape_line(text, label_style);
            double cx = left + slot * (static_cast<double>(span.first + span.last) / 2 + 0.5);
            place_runs(fig, run, cx - run.width / 2, label_y - label_style.leading, label_style.colour);
            if (span.first > 0) {
                double x = left + slot * static_cast<double>(span.first);
                add_item(fig, LineItem{x, bottom, x, label_y - label_style.leading - 2, 0.4, styles_.rule_colour, {}});
            }
        }
    }

    std::vector<Colour> colours{styles_.primary, styles_.accent, {0.55, 0.55, 0.55}, {0.8, 0.8, 0.8}, {0.35, 0.35, 0.35}};
    static const std::vector<std::vector<double>> dashes = {{}, {5, 2}, {1.5, 1.5}, {6, 2, 1.5, 2}};
    auto bar_colour = [&](std::size_t s) { return s == 1 ? lighter(colours[1], 0.35) : colours[s % colours.size()]; };
    bool values_on_bars = c.kind == ChartKind::bar && categories.size() * series.size() <= max_labelled_bars;
    for (std::size_t s = 0; s < series.size(); ++s) {
        Colour colour = colours[s % colours.size()];
        if (c.kind == ChartKind::bar) {
            double bar_w = slot * 0.75 / static_cast<double>(series.size());
            for (std::size_t i = 0; i < categories.size(); ++i) {
                const auto& v = series[s].values[i];
                if (!v) continue;
                double x = left + slot * static_cast<double>(i) + slot * 0.125 + bar_w * static_cast<double>(s);
                double y0 = ypos(0), y1 = ypos(*v);
                add_item(fig, RectItem{x, std::min(y0, y1), bar_w, std::abs(y1 - y0), bar_colour(s), Colour{0, 0, 0}, 0.4});
                if (!values_on_bars) continue;
                const Line text = shape_line(series[s].texts[i], label_style);
                double ty = *v >= 0 ? y1 + 2.5 : y1 - label_style.size - 1.5;
                place_runs(fig, text, x + bar_w / 2 - text.width / 2, ty, label_style.colour);
            }
        } else {
            PathItem line;
            line.stroke = colour;
            line.stroke_width = 1.4;
            line.dash = dashes[s % dashes.size()];
            std::vector<PathItem> markers;
            for (std::size_t i = 0; i < categories.size(); ++i) {
                const auto& v = series[s].values[i];
                if (!v) continue;
                double x = left + slot * (static_cast<double>(i) + 0.5), yy = ypos(*v);
                line.points.emplace_back(x, yy);
                // A marker shape per series: square, diamond, triangle.
                PathItem marker;
                marker.closed = true;
                marker.fill = colour;
                marker.stroke = Colour{0, 0, 0};
                marker.stroke_width = 0.4;
                double m = 2.3;
                if (s % 3 == 0) marker.points = {{x - m, yy - m}, {x + m, yy - m}, {x + m, yy + m}, {x - m, yy + m}};
                else if (s % 3 == 1) marker.points = {{x, yy - m - 0.6}, {x + m + 0.6, yy}, {x, yy + m + 0.6}, {x - m - 0.6, yy}};
                else marker.points = {{x - m, yy - m}, {x + m, yy - m}, {x, yy + m + 0.8}};
                markers.push_back(std::move(marker));
            }
            if (line.points.size() > 1) add_item(fig, line);
            for (auto& m : markers) add_item(fig, std::move(m));
        }
    }
    // Legend: a swatch (or line sample) and the series name, under the plot.
    double lx = left, ly = bottom - x_labels_h - 8;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const Line name = shape_line(series[s].name, label_style);
        if (lx > left && lx + 18 + name.width > right) lx = left, ly -= label_style.leading + 2;
        if (c.kind == ChartKind::bar)
            add_item(fig, RectItem{lx, ly - 1, 9, 7, bar_colour(s), Colour{0, 0, 0}, 0.4});
        else
            add_item(fig, LineItem{lx, ly + 2.5, lx + 14, ly + 2.5, 1.4, colours[s % colours.size()], dashes[s % dashes.size()]});
        place_runs(fig, name, lx + 18, ly, label_style.colour);
        lx += 18 + name.width + 16;
    }
    y_ = ly - label_style.leading;
    move_down(styles_.paragraph_gap);
}

}  // namespace tertial::pdf
