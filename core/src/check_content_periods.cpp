// Stale periods: "helåret 2020" or "samma period 2019" left in a 2021
// report's running text, unless the sentence marks it as a comparison.
#include <fmt/format.h>

#include <set>

#include "check_content.hpp"

namespace tertial::detail {
namespace {

enum class PhraseKind {
    own,          // the report's own period: "helåret 2020", "prognosen för 2020", "t.o.m. april 2020"
    tertial,      // a tertial of a year, often compared with: "tertial 1 2020", "T1 2020"
    same_period,  // the same period a year earlier: "samma period 2019", "motsvarande period 2019"
};

struct Phrase {
    PhraseKind kind;
    std::size_t first;  // index of its first token in the sentence
};

const std::set<std::string, std::less<>> own_words = {
    "helår", "helåret", "helårsprognos", "helårsprognosen", "årsprognos", "årsprognosen", "prognos", "prognosen",
    "budget", "budgeten", "tilläggsbudget", "tilläggsbudgeten", "tilläggsanslag", "budgetår", "budgetåret",
    "tertialrapport", "tertialrapporten", "delårsrapport", "delårsrapporten",
    "fyramånadersrapport", "fyramånadersrapporten", "delårsbokslut", "delårsbokslutet"};

// Words that make a sentence compare with an earlier period, from where they stand on.
const std::set<std::string, std::less<>> comparing_words = {
    "jämfört", "jämföra", "jämföras", "jämförelse", "jämförelsevis", "jämförbar", "jämförbara", "jämförbart",
    "förhållande", "än", "mot", "från", "mellan", "sedan", "ifjol", "fjol", "föregående", "förra", "tidigare",
    "motsvarande", "samma", "liksom"};
// Words that make the whole sentence a comparison with last year, wherever they stand.
const std::set<std::string, std::less<>> last_year_words = {"föregående", "förra", "fjol", "ifjol"};

bool is_word(const Token& t, std::string_view w) { return t.kind == TokenKind::word && t.text == w; }

// Steps back from token `i` over words that sit between a period's name and
// its year: "helåret år 2020", "T 1, 2020", "tertial 1 åren 2019".
std::size_t skip_back(const Sentence& s, std::size_t i) {
    while (i > 0) {
        const Token& t = s[i - 1];
        if (is_word(t, "år") || is_word(t, "året") || is_word(t, "åren") || is_word(t, "för") || (t.kind == TokenKind::mark && t.text == ","))
            --i;
        else
            break;
    }
    return i;
}

// The phrase that ends with the year at `k`, if the year names a period.
std::optional<Phrase> phrase_before(const Sentence& s, std::size_t k, int end_month) {
    std::size_t i = skip_back(s, k);
    if (i == 0) return std::nullopt;
    const Token& w = s[i - 1];
    if (w.kind == TokenKind::word && own_words.count(w.text)) return Phrase{PhraseKind::own, i - 1};
    if ((is_word(w, "period") || is_word(w, "perioden")) && i >= 2 &&
        (is_word(s[i - 2], "samma") || is_word(s[i - 2], "motsvarande")))
        return Phrase{PhraseKind::same_period, i - 2};
    if (w.kind == TokenKind::word && (w.text == "t1" || w.text == "t2" || w.text == "t3"))
        return Phrase{PhraseKind::tertial, i - 1};
    if (w.kind == TokenKind::number && (w.text == "1" || w.text == "2" || w.text == "3") && i >= 2 &&
        (is_word(s[i - 2], "tertial") || is_word(s[i - 2], "t")))
        return Phrase{PhraseKind::tertial, i - 2};
    if ((is_word(w, "tertialen") || is_word(w, "tertialet")) && i >= 2) return Phrase{PhraseKind::tertial, i - 2};
    // "t.o.m. april 2020", "per den 30 april 2020", "januari till april 2020":
    // the month the report's period ends in, as the end of a period.
    if (w.kind == TokenKind::word && end_month >= 1 && w.text == swedish_month_name(end_month) && i >= 2) {
        std::size_t j = i - 1;
        if (s[j - 1].kind == TokenKind::number) --j;  // the day
        if (j >= 1 && is_word(s[j - 1], "den")) --j;
        if (j == 0) return std::nullopt;
        const Token& b = s[j - 1];
        if (is_word(b, "tom") || is_word(b, "per") || is_word(b, "januari")) return Phrase{PhraseKind::own, j - 1};
        if (is_word(b, "till") && j >= 2 && is_word(s[j - 2], "januari")) return Phrase{PhraseKind::own, j - 2};
        if (b.kind == TokenKind::mark && b.text == "-" && j >= 2 && is_word(s[j - 2], "januari"))
            return Phrase{PhraseKind::own, j - 2};
        if (is_word(b, "med") && j >= 3 && is_word(s[j - 2], "och") && is_word(s[j - 3], "till"))
            return Phrase{PhraseKind::own, j - 3};
        // "t.o.m.", "t. o. m."
        if (b.kind == TokenKind::mark && b.text == "." && j >= 6 && is_word(s[j - 2], "m") && is_word(s[j - 4], "o") &&
            is_word(s[j - 6], "t"))
            return Phrase{PhraseKind::own, j - 6};
    }
    return std::nullopt;
}

bool compares_before(const Sentence& s, std::size_t first) {
    for (std::size_t i = 0; i < first; ++i)
        if (s[i].kind == TokenKind::word && comparing_words.count(s[i].text)) return true;
    return false;
}

bool compares_last_year(const Sentence& s) {
    for (const auto& t : s)
        if (t.kind == TokenKind::word && last_year_words.count(t.text)) return true;
    return false;
}

bool mentions_year(const ContentText& t, int year) {
    for (const auto& s : t.words.sentences)
        for (const auto& tok : s)
            if (year_of(tok) == year) return true;
    return false;
}

class PeriodChecker {
public:
    PeriodChecker(const Report& report, Diagnostics& diags) : report_(report), diags_(diags) {
        year_ = report.meta.period.year;
        // A plan is written the year before its own: that year's prognosis
        // and budget are its present.
        own_ = report.meta.kind == ReportKind::verksamhetsplan ? year_ - 1 : year_;
    }

    void text(const ContentText& t) {
        for (const auto& s : t.words.sentences)
            for (std::size_t k = 0; k < s.size(); ++k) {
                if (auto y = year_of(s[k])) year(t, s, k, *y);
                if (s[k].kind == TokenKind::number && s[k].text.size() == 10) date(t, s, k);
            }
    }

private:
    void year(const ContentText& t, const Sentence& s, std::size_t k, int y) {
        auto p = phrase_before(s, k, report_.meta.period.end.month);
        if (!p || y >= own_) return;
        std::string phrase = quote(t, s[p->first].offset, s[k]);
        if (p->kind == PhraseKind::same_period) {
            if (y >= year_ - 1) return;
            diags_.warning_at("text.stale_period", t.pointer, s[k].offset,
                              fmt::format("'{}' in a report for {}: the same period a year earlier is {}", phrase, year_, year_ - 1));
            return;
        }
        if (compares_before(s, p->first) || compares_last_year(s)) return;
        // "Under T1 år 2020 beviljades …" beside "T1 2021" in one paragraph compares the two.
        if (p->kind == PhraseKind::tertial && y == year_ - 1 && mentions_year(t, year_)) return;
        warn(t, s[k], phrase);
    }

    // An ISO date on the day and month the report's period ends, of an earlier year.
    void date(const ContentText& t, const Sentence& s, std::size_t k) {
        auto d = Date::parse(std::string(s[k].text));
        const Date& end = report_.meta.period.end;
        if (!d || d->month != end.month || d->day != end.day || d->year >= own_) return;
        if (compares_before(s, k) || compares_last_year(s)) return;
        warn(t, s[k], s[k].text);
    }

    void warn(const ContentText& t, const Token& at, std::string_view phrase) {
        diags_.warning_at("text.stale_period", t.pointer, at.offset,
                          fmt::format("'{}' in a report for {}: an earlier period than the report's; if it is a comparison, "
                                      "say so (\"jämfört med\", \"föregående år\")",
                                      phrase, year_));
    }

    const Report& report_;
    Diagnostics& diags_;
    int year_ = 0, own_ = 0;
};

}  // namespace

void check_periods(const Report& report, const std::vector<ContentText>& texts, Diagnostics& diagnostics) {
    if (!report.meta.period.year) return;
    PeriodChecker checker(report, diagnostics);
    for (const auto& t : texts) checker.text(t);
}

}  // namespace tertial::detail
