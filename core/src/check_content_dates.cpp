// Dates that disagree: the tjänsteskrivelse's date in the text against
// meta.date, a follow-up dated before its period ends, a period end that is
// not one of the report kind's.
#include <fmt/format.h>

#include <algorithm>

#include "check_content.hpp"
#include "tertial/period_ends.hpp"

namespace tertial::detail {
namespace {

bool date_is_todo(const Report& report) {
    return std::find(report.meta.todo.begin(), report.meta.todo.end(), MetaTodo::date) != report.meta.todo.end();
}

void check_period_end(const Report& report, const std::vector<PeriodEnd>& own, Diagnostics& diags) {
    const Date& end = report.meta.period.end;
    if (!end.year || is_period_end(report.meta.kind, end, own)) return;
    diags.warning("meta.period_end", "/meta/period/end",
                  fmt::format("a {} ends on {}, not on {}", to_string(report.meta.kind), period_ends_text(report.meta.kind, own),
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
        const Words split = split_words(*report.meta.administration);  // the tokens are views into it
        const auto& words = split.sentences;
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

void check_dates(const Report& report, const std::vector<ContentText>& texts, const std::vector<PeriodEnd>& own_period_ends,
                 Diagnostics& diagnostics) {
    check_period_end(report, own_period_ends, diagnostics);
    check_document_date(report, diagnostics);
    check_cover_letter_dates(report, texts, diagnostics);
}

}  // namespace tertial::detail
