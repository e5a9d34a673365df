// The days each kind of report may end its period on: Tertial's own, and a
// municipality's (Registrar::add_period_end). `tertial new` refuses another
// day; `tertial check` warns about one.
#pragma once

#include <string>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/model.hpp"

namespace tertial {

// A day a kind of report may end its period on besides Tertial's own
// (docs/plugins.md, "Report periods"): {ReportKind::delarsrapport, 4, 30}
// for a municipality whose delårsrapport follows the first tertial.
struct PeriodEnd {
    ReportKind kind = ReportKind::unknown;
    int month = 0;
    int day = 0;
    bool operator==(const PeriodEnd&) const = default;
};

// The days (month, day) a `kind` may end on, in the year's order: a
// tertialrapport 30 April or 31 August, a delårsrapport 30 June or
// 31 August, a verksamhetsplan and a verksamhetsberättelse 31 December,
// each with the municipality's own days of that kind added. Empty: any day
// (a kvalitetsrapport reports what it names).
std::vector<std::pair<int, int>> period_ends(ReportKind kind, const std::vector<PeriodEnd>& own = {});

// Whether `end` is one of them (always, when any day will do).
bool is_period_end(ReportKind kind, const Date& end, const std::vector<PeriodEnd>& own = {});

// "30 april or 31 augusti", as the messages say it.
std::string period_ends_text(ReportKind kind, const std::vector<PeriodEnd>& own = {});

}  // namespace tertial
