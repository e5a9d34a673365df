// Rollover: last year's report turned into this year's template, driven by column roles.
//
// A pure function of the report: structure, goals, assignments and texts
// are carried forward; every period-bound column is shifted by its role;
// last year's facts move into the columns that now hold them (this year's
// "utfall samma period förra året" is last year's utfall); what the new
// period needs is marked to fill in; texts are kept and marked to review
// with last year's wording kept for reference. Plugins add rules of their
// own (RolloverRuleDef in plugin.hpp), run after these.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/model.hpp"

namespace tertial {

struct Extensions;

enum class RolloverAction {
    updated,   // a title or label that named the old period
    renamed,   // an id that named a year, with every reference to it
    carried,   // last year's figures moved into the column that now holds them
    proposed,  // figures proposed from last year's plan, to review
    emptied,   // figures of the new period, to fill in
    kept,      // figures that do not depend on the period, to review
    review,    // texts kept and marked to review
    cleared,   // decision data: date, diarienummer, signatures, goal status
    added      // something a rule added (a plugin's new goal, say)
};
std::string_view to_string(RolloverAction action);

struct RolloverNote {
    RolloverAction action = RolloverAction::updated;
    std::string pointer;  // where, in the new report
    std::string message;
};

// What rollover did, in the order it did it: core's rules, then each
// plugin's. `tertial rollover -v` prints it.
struct RolloverLog {
    std::vector<RolloverNote> notes;
    void add(RolloverAction action, std::string pointer, std::string message) {
        notes.push_back({action, std::move(pointer), std::move(message)});
    }
    std::size_t count(RolloverAction action) const;
};

// What a plugin's rollover rule sees besides the new report.
struct RolloverContext {
    const Report& previous;    // last year's report, as read
    int years = 1;             // how many years the report moves on
    RolloverLog& log;          // record what the rule changed
    Diagnostics& diagnostics;  // warnings about what the rule could not settle
};

struct RolloverRequest {
    Date to;  // the end of the new period: the same day of a later year
};

struct RolloverResult {
    std::optional<Report> report;  // empty when there were errors
    RolloverLog log;
    // Errors (a bad request, a plugin rule that failed) and warnings (tables
    // whose amount columns have no period role). Pointers are those of last
    // year's report, whose structure rollover keeps.
    Diagnostics diagnostics;
};

// The report rolled forward to `request.to`. `extensions` supplies the
// calculations needed to render last year's texts, and the plugins' rules.
RolloverResult rollover(const Report& last, const RolloverRequest& request, const Extensions* extensions = nullptr);

// The new period end for a `--to` value: a date, or a year meaning the same
// day of that year (the last day of the month stays the last day). Returns
// nullopt and sets `error` when it is neither, or is not the same day of a
// later year than `from`.
std::optional<Date> rollover_target(const Period& from, std::string_view to, std::string& error);

}  // namespace tertial
