// Rollover: every period-bound part of a report moved on by whole years, driven by column roles, never by table names.
#include "tertial/rollover.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rollover_roller.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/walk.hpp"

namespace tertial::detail {

Report Roller::run() {
    Report next = last_;
    next.version_major = format_version_major;
    next.version_minor = format_version_minor;
    rename_ids(next);
    meta(next.meta);
    named_figures(next);
    if (next.cover_letter) cover_letter(*next.cover_letter);
    for_each_block(next, [&](Block& b, const std::string& p) { block(b, p); });
    return next;
}

// Last year's text at `pointer` as it was printed.
std::string Roller::printed(const std::string& pointer, const std::string& raw) const {
    auto it = rendered_.find(pointer);
    return it == rendered_.end() ? raw : it->second;
}

std::string Roller::label(const std::string& text, const std::string& pointer, const char* what) {
    if (running_text(text)) return text;
    std::string moved = shift_.label(text);
    if (moved != text) log_.add(RolloverAction::updated, pointer, fmt::format("{} '{}' → '{}'", what, text, moved));
    return moved;
}

// A review mark for a text that was `previous` last year. A mark nobody
// has cleared yet keeps its older wording: the text was never reviewed.
Review Roller::review_of(const std::optional<Review>& old, std::vector<std::string> previous) {
    if (old) return *old;
    return Review{std::nullopt, std::move(previous)};
}

}  // namespace tertial::detail

namespace tertial {

std::string_view to_string(RolloverAction action) {
    switch (action) {
        case RolloverAction::updated:
            return "updated";
        case RolloverAction::renamed:
            return "renamed";
        case RolloverAction::carried:
            return "carried";
        case RolloverAction::proposed:
            return "proposed";
        case RolloverAction::emptied:
            return "emptied";
        case RolloverAction::kept:
            return "kept";
        case RolloverAction::review:
            return "review";
        case RolloverAction::cleared:
            return "cleared";
        case RolloverAction::added:
            return "added";
    }
    return "unknown";
}

std::size_t RolloverLog::count(RolloverAction action) const {
    return static_cast<std::size_t>(
        std::count_if(notes.begin(), notes.end(), [&](const RolloverNote& n) { return n.action == action; }));
}

std::optional<Date> rollover_target(const Period& from, std::string_view to, std::string& error) {
    const Date& end = from.end;
    std::optional<Date> target;
    bool is_year = to.size() == 4 && std::all_of(to.begin(), to.end(), detail::is_digit);
    if (is_year) {
        int year = std::stoi(std::string(to));
        target = detail::Shift(from, Date{year, 1, 1}).date(end);  // too early or too late: said below
    } else {
        target = Date::parse(to);
    }
    if (target && target->year > 2999) {  // the report format's limit on every year (/meta/period/year)
        error = fmt::format("{} is past 2999, the last year a report can have: give the new period's end, e.g. {}",
                            target->year, detail::Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    if (!target) {
        bool date_shaped = to.size() == 10 && to[4] == '-' && to[7] == '-' &&
                           std::all_of(to.begin(), to.end(), [](char c) { return c == '-' || detail::is_digit(c); });
        error = fmt::format("'{}' is {}: give the new period's end, e.g. {}", to,
                            date_shaped ? "not a day of the calendar" : "neither a date (YYYY-MM-DD) nor a year",
                            detail::Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    Date same_day = detail::Shift(from, *target).date(end);
    if (target->year <= end.year) {
        error = fmt::format("the report runs until {}; rollover moves it to the same period of a later year, e.g. {}",
                            end.to_string(), detail::Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    if (*target != same_day) {
        error = fmt::format(
            "the report runs until {}, so the new period must end on the same day of a later year ({}), "
            "not {}: rollover keeps the kind of period (a tertial stays a tertial)",
            end.to_string(), same_day.to_string(), target->to_string());
        return std::nullopt;
    }
    return target;
}

RolloverResult rollover(const Report& last, const RolloverRequest& request, const Extensions* extensions) {
    RolloverResult out;
    std::string error;
    if (!rollover_target(last.meta.period, request.to.to_string(), error)) {
        out.diagnostics.error("rollover.period", "/meta/period", error);
        return out;
    }
    Diagnostics found;
    Resolution figures = resolve(last, found, extensions);
    if (found.has_errors()) {
        out.diagnostics.error(
            "rollover.input", "",
            fmt::format("last year's report has {} error{}: fix them (tertial check) before rolling it over",
                        found.count(Severity::error), found.count(Severity::error) == 1 ? "" : "s"));
        return out;
    }
    Report next = detail::Roller(last, figures, request.to, out.log, out.diagnostics).run();
    if (extensions) {
        int years = request.to.year - last.meta.period.end.year;
        for (const auto& [plugin, rule] : extensions->rollover_rules) {
            RolloverContext context{last, years, out.log, out.diagnostics};
            std::size_t before = out.diagnostics.items().size();
            try {
                rule->apply(next, context);
            } catch (const std::exception& e) {
                out.diagnostics.error(
                    "plugin.rollover", "",
                    fmt::format("rollover rule '{}' of plugin '{}' failed: {}", rule->id, plugin, e.what()));
            }
            // A rule's warnings carry its name, as a plugin check's do.
            Diagnostics named;
            for (std::size_t i = 0; i < out.diagnostics.items().size(); ++i) {
                Diagnostic d = out.diagnostics.items()[i];
                if (i >= before && !d.code.starts_with("plugin.")) d.code = plugin + "." + d.code;
                named.add(std::move(d));
            }
            out.diagnostics = std::move(named);
        }
    }
    if (!out.diagnostics.has_errors()) out.report = std::move(next);
    return out;
}

}  // namespace tertial
