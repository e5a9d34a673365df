// Dates that disagree: the tjänsteskrivelse's date in the text against
// meta.date, a follow-up dated before its period ends, a period end that is
// not one of the report kind's.
#include <fmt/format.h>

#include <algorithm>

#include "check_content.hpp"

namespace tertial::detail {
namespace {

bool date_is_todo(const Report& report) {
    return std::find(report.meta.todo.begin(), report.meta.todo.end(), MetaTodo::date) != report.meta.todo.end();
}

// The days a kind's period may end on (month, day); empty: any day.
std::vector<std::pair<int, int>> period_ends(ReportKind kind) {
    switch (kind) {
        case ReportKind::tertialrapport:
            return {{4, 30}, {8, 31}};
        case ReportKind::delarsrapport:
            return {{6, 30}, {8, 31}};
        case ReportKind::verksamhetsplan:
        case ReportKind::verksamhetsberattelse:
            return {{12, 31}};
        default:
            return {};
    }
}

std::string day_month(int month, int day) {
    static const char* const months[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                         "juli",    "augusti",  "september", "oktober", "november", "december"};
    return fmt::format("{} {}", day, months[month - 1]);
}

void check_period_end(const Report& report, Diagnostics& diags) {
    auto ends = period_ends(report.meta.kind);
    const Date& end = report.meta.period.end;
    if (ends.empty() || !end.year) return;
    for (const auto& [m, d] : ends)
        if (end.month == m && end.day == d) return;
    std::vector<std::string> allowed;
    for (const auto& [m, d] : ends) allowed.push_back(day_month(m, d));
    diags.warning("meta.period_end", "/meta/period/end",
                  fmt::format("a {} ends on {}, not on {}", to_string(report.meta.kind), fmt::join(allowed, " or "),
                              end.to_string()));
}

// A follow-up (not a plan, which is written before its year) is dated once
// its period has ended.
void check_document_date(const Report& report, Diagnostics& diags) {
    const Meta& m = report.meta;
    if (m.kind == ReportKind::verksamhetsplan || !m.date.year || !m.period.end.year || date_is_todo(report)) return;
    if (m.date < m.period.end)
        diags.warning("meta.date", "/meta/date",
                      fmt::format("the report is dated {}, before its period ends on {}", m.date.to_string(),
                                  m.period.end.to_string()));
}

// "tjänsteskrivelse 2021-05-11", "tjänsteskrivelse daterad 2021-05-11": the
// cover letter is this document, dated meta.date.
void check_cover_letter_dates(const Report& report, const std::vector<ContentText>& texts, Diagnostics& diags) {
    if (!report.cover_letter || !report.meta.date.year || date_is_todo(report)) return;
    // Other tjänsteskrivelser may be among the underlag: only the one of
    // this report's förvaltning ("Socialförvaltningens tjänsteskrivelse …").
    std::string own;
    if (report.meta.administration) {
        auto words = split_words(*report.meta.administration).sentences;
        if (!words.empty() && !words.front().empty()) own = words.front().back().text;
    }
    auto names_own = [&](const Sentence& s) {
        return own.empty() || std::any_of(s.begin(), s.end(), [&](const Token& t) { return t.text.starts_with(own); });
    };
    for (const auto& t : texts)
        for (const auto& s : t.words.sentences)
            for (std::size_t k = 0; k < s.size(); ++k) {
                if (s[k].kind != TokenKind::word || !s[k].text.starts_with("tjänsteskrivelse") || !names_own(s)) continue;
                std::size_t j = k + 1;
                while (j < s.size() && j <= k + 2 && s[j].kind != TokenKind::number) ++j;
                if (j >= s.size() || s[j].text.size() != 10) continue;
                auto d = Date::parse(s[j].text);
                if (!d || *d == report.meta.date) continue;
                diags.warning_at("text.document_date", t.pointer, s[j].offset,
                                 fmt::format("'{}' but the report is dated {} (meta.date)", quote(t, s[k].offset, s[j]),
                                             report.meta.date.to_string()));
            }
}

}  // namespace

void check_dates(const Report& report, const std::vector<ContentText>& texts, Diagnostics& diagnostics) {
    check_period_end(report, diagnostics);
    check_document_date(report, diagnostics);
    check_cover_letter_dates(report, texts, diagnostics);
}

}  // namespace tertial::detail
