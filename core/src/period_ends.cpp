// The days each kind of report may end its period on.
#include "tertial/period_ends.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tertial {

std::vector<std::pair<int, int>> period_ends(ReportKind kind, const std::vector<PeriodEnd>& own) {
    std::vector<std::pair<int, int>> out;
    switch (kind) {
        case ReportKind::tertialrapport:
            out = {{4, 30}, {8, 31}};
            break;
        case ReportKind::delarsrapport:
            out = {{6, 30}, {8, 31}};
            break;
        case ReportKind::verksamhetsplan:
        case ReportKind::verksamhetsberattelse:
            out = {{12, 31}};
            break;
        default:
            return {};
    }
    for (const auto& e : own)
        if (e.kind == kind && std::find(out.begin(), out.end(), std::pair{e.month, e.day}) == out.end())
            out.emplace_back(e.month, e.day);
    std::sort(out.begin(), out.end());
    return out;
}

bool is_period_end(ReportKind kind, const Date& end, const std::vector<PeriodEnd>& own) {
    auto ends = period_ends(kind, own);
    return ends.empty() || std::find(ends.begin(), ends.end(), std::pair{end.month, end.day}) != ends.end();
}

std::string period_ends_text(ReportKind kind, const std::vector<PeriodEnd>& own) {
    // A message of the command line, so in English like the rest of it.
    static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    std::vector<std::string> days;
    for (const auto& [m, d] : period_ends(kind, own)) days.push_back(fmt::format("{} {}", d, months[m - 1]));
    if (days.empty()) return "any day";
    std::string out = days.front();
    for (std::size_t i = 1; i < days.size(); ++i) out += (i + 1 == days.size() ? " or " : ", ") + days[i];
    return out;
}

}  // namespace tertial
