// The calculation engine's entry points: resolve(), check_report(), and the figures and texts they give.
#include "tertial/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "resolve_engine.hpp"
#include "tertial/todo.hpp"
#include "tertial/walk.hpp"

namespace tertial::detail {

std::string plain(const Decimal& d) { return format_number(d, {}, NumberStyle::plain); }

std::size_t character_number(std::string_view text, std::size_t byte_offset) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    return n;
}

Resolution Engine::run() {
    collect();
    for (std::size_t i = 0; i < defs_.size(); ++i) evaluate(i);
    Resolution out;
    out.figures.reserve(defs_.size());  // exactly: kept for the whole run
    for (auto& d : defs_) out.figures.push_back(std::move(d.figure));
    out.index();
    run_checks(out);
    out.waivers = std::move(waivers_);
    render_texts(out);
    out.sections = section_numbers(report_);
    return out;
}

}  // namespace tertial::detail

namespace tertial {

std::string shorten(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return s.substr(0, cut) + "…";
}

std::string cell_label(const Table& t, const TableRow& r, const Column& c) {
    return fmt::format("{}: {} / {}", t.id, shorten(r.label, 60), c.title);
}

std::string_view to_string(FigureSource s) {
    switch (s) {
        case FigureSource::entered:
            return "entered";
        case FigureSource::computed:
            return "computed";
        case FigureSource::todo:
            return "todo";
        case FigureSource::empty:
            break;
    }
    return "empty";
}

std::string ResolvedFigure::text(NumberStyle style) const { return value ? format_number(*value, display, style) : ""; }

Resolution::Resolution(const Resolution& other)
    : figures(other.figures), waivers(other.waivers), texts(other.texts), sections(other.sections) {
    index();
}

Resolution& Resolution::operator=(const Resolution& other) {
    if (this != &other) *this = Resolution(other);
    return *this;
}

const ResolvedFigure* Resolution::find(const std::string& id) const {
    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                               [&](std::uint32_t i, const std::string& wanted) { return figures[i].id < wanted; });
    return it == by_id_.end() || figures[*it].id != id ? nullptr : &figures[*it];
}

void Resolution::index() {
    if (figures.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("too many figures to index");
    by_id_.resize(figures.size());
    std::iota(by_id_.begin(), by_id_.end(), std::uint32_t{0});
    std::stable_sort(by_id_.begin(), by_id_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return figures[a].id < figures[b].id; });
}

void Resolution::drop_places() {
    for (auto& f : figures) {
        std::string().swap(f.pointer);
        std::string().swap(f.label);
    }
}

std::string render_text(const ParsedText& parsed, const Resolution& resolution) {
    std::string out;
    for (const auto& piece : parsed.pieces) {
        if (const auto* s = std::get_if<std::string>(&piece)) {
            out += *s;
            continue;
        }
        const auto& ref = std::get<TextRef>(piece);
        const ResolvedFigure* f = resolution.find(ref.figure_id);
        if (!f || !f->value) {
            out += "[" + ref.figure_id + "]";
            continue;
        }
        Decimal v = ref.abs ? f->value->abs() : *f->value;
        Display d = f->display;
        if (ref.decimals) d.decimals = ref.decimals;
        out += ref.number ? format_number(v, d) : format_amount(v, f->unit, d);
    }
    return out;
}

Resolution resolve(const Report& report, Diagnostics& diagnostics, const Extensions* extensions) {
    return detail::Engine(report, diagnostics, extensions).run();
}

Resolution check_report(const Report& report, Diagnostics& diagnostics, const Extensions* extensions) {
    Resolution r = resolve(report, diagnostics, extensions);
    check_text_amounts(report, r, diagnostics);
    check_content(report, r, diagnostics, extensions ? extensions->period_ends : std::vector<PeriodEnd>{});
    for (const auto& item : todo_list(report)) diagnostics.warning("todo", item.pointer, item.message);
    if (extensions)
        for (const auto& [plugin, check] : extensions->checks) {
            Diagnostics found;
            try {
                check->run(report, r, found);
            } catch (const std::exception& e) {
                diagnostics.error("plugin.check", "", fmt::format("check '{}' of plugin '{}' failed: {}", check->id, plugin, e.what()));
            }
            // A plugin's findings carry its name: "social_services.<code>".
            for (auto d : found.items()) {
                d.code = plugin + "." + d.code;
                diagnostics.add(std::move(d));
            }
        }
    return r;
}

}  // namespace tertial
