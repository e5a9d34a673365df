// Checks on content (issue 17): stale periods, copies left behind, sign words
// against their figure, dates that disagree, texts still last year's; each
// with its code, message and the word it points at, in the engine and
// through the real binary on rolled-over seeds.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"

namespace tertial::test {
namespace {

struct Meta {
    std::string kind = "tertialrapport";
    int year = 2021;
    std::string end = "2021-04-30";
    std::string date = "2021-05-11";
};

// A small report with a cover letter: `summary` and `body` are block lists,
// `figures` the named figures, `basis` the underlag lines.
std::string report(const Meta& m, const std::string& summary, const std::string& body,
                   const std::string& figures = "[]", const std::string& basis = "[]") {
    return fmt::format(R"J({{
  "format": "tertial-report", "format_version": "1.1",
  "meta": {{"municipality": {{"name": "Testby kommun", "scb_code": "9999"}},
            "committee": {{"name": "Testnämnden", "short_name": "TN"}},
            "administration": "Testförvaltningen",
            "kind": "{}", "title": "Test", "period": {{"year": {}, "end": "{}"}},
            "date": "{}", "status": "utkast"}},
  "figures": {},
  "cover_letter": {{"title": "Test", "summary": {}, "proposals": ["Nämnden godkänner rapporten."], "basis": {}}},
  "body": {}
}})J",
                       m.kind, m.year, m.end, m.date, figures, summary, basis, body);
}

// A JSON list of blocks.
std::string blocks(const std::vector<std::string>& items) { return fmt::format("[{}]", fmt::join(items, ", ")); }

std::string paragraph(const std::string& text) { return fmt::format(R"J({{"type": "paragraph", "text": "{}"}})J", text); }
std::string section(const std::string& title, const std::string& blocks) {
    return fmt::format(R"J({{"type": "section", "title": "{}", "body": [{}]}})J", title, blocks);
}

// Every diagnostic of a code family as "code pointer @offset: message", the
// offset as the word it points at.
std::vector<std::string> found(const std::string& json, const std::string& prefix) {
    auto read = json::read_report(json);
    if (!read.report) {
        ADD_FAILURE() << "does not read";
        for (const auto& d : read.diagnostics.items()) ADD_FAILURE() << d.code << " " << d.pointer << ": " << d.message;
        return {};
    }
    Diagnostics diags;
    check_report(*read.report, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.items()) {
        if (!d.code.starts_with(prefix)) continue;
        std::string at;
        if (d.offset != Diagnostic::no_offset) {
            // The text is taken from the report so that the test sees the word.
            std::string text;
            auto doc = nlohmann::json::parse(json);
            text = doc.at(nlohmann::json::json_pointer(d.pointer)).get<std::string>();
            std::size_t end = text.find_first_of(" .,", d.offset);
            at = fmt::format(" @{}", text.substr(d.offset, end == std::string::npos ? std::string::npos : end - d.offset));
        }
        out.push_back(fmt::format("{} {}{}: {}", d.code, d.pointer, at, d.message));
    }
    return out;
}

using Lines = std::vector<std::string>;

// ---- stale periods ------------------------------------------------------------

TEST(StalePeriod, LastYearsFullYearAndSamePeriodInARunningText) {
    std::string body = section("Ekonomi", paragraph("Nämndens prognostiserade resultat för helåret 2020 pekar på ett underskott. "
                                                    "Kostnaden var 19,6 mnkr för samma period 2019."));
    EXPECT_EQ(found(report({}, "[]", blocks({body})), "text.stale"),
              (Lines{"text.stale_period /body/0/body/0/text @2020: 'helåret 2020' in a report for 2021: an earlier period than "
                     "the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")",
                     "text.stale_period /body/0/body/0/text @2019: 'samma period 2019' in a report for 2021: the same period a "
                     "year earlier is 2020"}));
}

TEST(StalePeriod, ComparisonsAndTheReportsOwnPeriodsAreNotStale) {
    std::string body = blocks({paragraph("Prognosen för helåret 2021 är bättre än helåret 2020."),
                       paragraph("Jämfört med helåret 2019 är kostnaderna lägre."),
                       paragraph("Kostnaden var 19,6 mnkr för samma period 2020."),
                       paragraph("Under T1 år 2020 beviljades 10 placeringar och under T1 2021 beviljades 12."),
                       paragraph("Under 2019 startade projektet, som pågår till och med 2023.")});
    EXPECT_EQ(found(report({}, "[]", body), "text.stale"), Lines{});
}

TEST(StalePeriod, TertialAndPeriodEndOfAnEarlierYear) {
    std::string body = blocks({paragraph("Tertial 1 2020 hade vi 77 barn placerade."),
                       paragraph("Resultatet t.o.m. april 2020 är ett underskott."),
                       paragraph("Utfallet per 2020-04-30 visar ett underskott.")});
    EXPECT_EQ(found(report({}, "[]", body), "text.stale"),
              (Lines{"text.stale_period /body/0/text @2020: 'Tertial 1 2020' in a report for 2021: an earlier period than "
                     "the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")",
                     "text.stale_period /body/1/text @2020: 't.o.m. april 2020' in a report for 2021: an earlier period than "
                     "the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")",
                     "text.stale_period /body/2/text @2020-04-30: '2020-04-30' in a report for 2021: an earlier period than "
                     "the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")"}));
}

TEST(StalePeriod, APlanSpeaksOfTheYearBeforeItsOwn) {
    Meta plan{"verksamhetsplan", 2022, "2022-12-31", "2021-11-30"};
    std::string body = blocks({paragraph("Prognosen för helåret 2021 visar ett underskott."),
                       paragraph("Budgeten för 2020 räckte inte.")});
    EXPECT_EQ(found(report(plan, "[]", body), "text.stale"),
              (Lines{"text.stale_period /body/1/text @2020: 'Budgeten för 2020' in a report for 2022: an earlier period "
                     "than the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")"}));
}

// ---- copies left behind ------------------------------------------------------

TEST(StaleCopy, TheCoverLetterWasUpdatedAndTheSectionNot) {
    std::string updated = "Nämndens prognostiserade resultat för helåret 2021 pekar på ett underskott med {{x|abs}}.";
    std::string left = "Nämndens prognostiserade resultat för helåret 2020 pekar på ett underskott med {{x|abs}}.";
    std::string figures = R"J([{"id": "x", "unit": "mnkr", "value": "-15.0"}])J";
    auto json = report({}, blocks({paragraph(updated)}), blocks({section("Ekonomi", paragraph(left))}), figures);
    EXPECT_EQ(found(json, "text.stale_copy"),
              (Lines{"text.stale_copy /body/0/body/0/text @2020: this sentence is also at /cover_letter/summary/0/text with "
                     "'2021' where it has '2020' here: this copy was not brought up to date"}));
}

TEST(StaleCopy, OtherFiguresInTwoCopiesAreNamed) {
    std::string figures = R"J([{"id": "x", "unit": "mnkr", "value": "-15.0"}, {"id": "y", "unit": "mnkr", "value": "-4.0"}])J";
    auto json = report({}, blocks({paragraph("Nämndens prognostiserade resultat för helåret pekar på ett underskott med {{x|abs}}.")}),
                       blocks({paragraph("Nämndens prognostiserade resultat för helåret pekar på ett underskott med {{y|abs}}.")}),
                       figures);
    EXPECT_EQ(found(json, "text.stale_copy"),
              (Lines{"text.stale_copy /body/0/text @{{y|abs}}: this sentence is also at /cover_letter/summary/0/text with "
                     "'{{x|abs}}' where it has '{{y|abs}}' here: one of the two was changed and the other not"}));
}

TEST(StaleCopy, TheCopyStillAsLastYearsIsTheOneLeftBehind) {
    // After rollover both carry last year's text in `previous`; the summary's
    // copy was changed to another figure, the section's not.
    std::string figures = R"J([{"id": "x", "unit": "mnkr", "value": "-15.0"}, {"id": "y", "unit": "mnkr", "value": "-4.0"}])J";
    std::string prev = R"J("review": {"previous": ["Nämndens prognostiserade resultat för helåret pekar på ett underskott med 15,0 mnkr."]})J";
    std::string a = R"J({"type": "paragraph", "text": "Nämndens prognostiserade resultat för helåret pekar på ett underskott med {{y|abs}}.", )J" + prev + std::string("}");
    std::string b = R"J({"type": "paragraph", "text": "Nämndens prognostiserade resultat för helåret pekar på ett underskott med {{x|abs}}.", )J" + prev + std::string("}");
    EXPECT_EQ(found(report({}, blocks({a}), blocks({b}), figures), "text.stale_copy"),
              (Lines{"text.stale_copy /body/0/text @{{x|abs}}: this sentence is also at /cover_letter/summary/0/text with "
                     "'{{y|abs}}' where it has '{{x|abs}}' here: this copy was not brought up to date"}));
}

TEST(StaleCopy, SameSentenceSameFactsOrOtherWordsIsNoFinding) {
    std::string s = "Nämndens prognostiserade resultat för helåret 2021 pekar på ett underskott.";
    std::string t = "Nämndens prognostiserade resultatet för helåret 2021 pekar på ett underskott.";
    EXPECT_EQ(found(report({}, blocks({paragraph(s)}), blocks({paragraph(s), paragraph(t)})), "text.stale_copy"),
              Lines{});
}

// ---- sign words --------------------------------------------------------------

TEST(SignWords, DeficitPrintingASurplusAndHigherPrintingAFall) {
    std::string figures = R"J([{"id": "resultat", "unit": "mnkr", "decimals": 1, "value": "4.1"},
                              {"id": "forandring", "unit": "tkr", "value": "-250"}])J";
    std::string body = blocks({paragraph("Prognosen visar ett underskott med {{resultat|abs}} vid årets slut."),
                       paragraph("Intäkterna är {{forandring|abs}} högre än samma period föregående år."),
                       paragraph("Det är en minskning med {{forandring|abs}} och ett överskott på {{resultat}}.")});
    EXPECT_EQ(found(report({}, "[]", body, figures), "text.sign"),
              (Lines{"text.sign /body/0/text @underskott: 'underskott med {{resultat|abs}}' says the figure is negative, but "
                     "{{resultat}} is 4,1 (|abs prints it without its sign)",
                     "text.sign /body/1/text @högre: '{{forandring|abs}} högre' says the figure is positive, but {{forandring}} "
                     "is -250 (|abs prints it without its sign)"}));
}

// ---- dates -------------------------------------------------------------------

TEST(Dates, TheTjansteskrivelseInTheUnderlagIsNotTheReportsDate) {
    auto json = report({}, "[]", "[]", "[]",
                       R"J(["Testförvaltningens tjänsteskrivelse 2021-05-10.", "Ekonomienhetens tjänsteskrivelse 2021-04-02."])J");
    EXPECT_EQ(found(json, "text.document_date"),
              (Lines{"text.document_date /cover_letter/basis/0 @2021-05-10: 'tjänsteskrivelse 2021-05-10' but the report is "
                     "dated 2021-05-11 (meta.date)"}));
}

TEST(Dates, DatedBeforeThePeriodEndsAndAnEndNotOfTheKind) {
    EXPECT_EQ(found(report({"tertialrapport", 2021, "2021-04-30", "2021-04-20"}, "[]", "[]"), "meta."),
              (Lines{"meta.date /meta/date: the report is dated 2021-04-20, before its period ends on 2021-04-30"}));
    EXPECT_EQ(found(report({"tertialrapport", 2021, "2021-05-31", "2021-06-10"}, "[]", "[]"), "meta."),
              (Lines{"meta.period_end /meta/period/end: a tertialrapport ends on 30 April or 31 August, not on 2021-05-31"}));
    // A plan is written before its year; a delårsrapport may end in June.
    EXPECT_EQ(found(report({"verksamhetsplan", 2022, "2022-12-31", "2021-11-30"}, "[]", "[]"), "meta."), Lines{});
    EXPECT_EQ(found(report({"delarsrapport", 2021, "2021-06-30", "2021-08-20"}, "[]", "[]"), "meta."), Lines{});
}


// ---- through the binary, on seed 000 rolled over to 2021 -------------------

using ojson = nlohmann::ordered_json;

// Seed 000 rolled over to 2021 into `dir`/r.json, read back as JSON.
ojson rolled_seed_000(const TempDir& dir) {
    auto r = run_tertial({"rollover", "examples/ostersund/san-tertial-1-2020.json", "--to", "2021", "-o", dir / "r.json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ojson::parse(slurp(dir / "r.json"));
}

void write(const TempDir& dir, const ojson& doc) {
    std::ofstream(dir / "r.json") << doc.dump(2) << "\n";
}

// Every review mark removed, as by someone who has "dealt with" them all.
void remove_review_marks(ojson& j) {
    if (j.is_object()) {
        j.erase("review");
        j.erase("proposals_review");
        for (auto& [k, v] : j.items()) remove_review_marks(v);
    } else if (j.is_array()) {
        for (auto& v : j) remove_review_marks(v);
    }
}

void replace_in(ojson& doc, const std::string& pointer, const std::string& from, const std::string& to) {
    auto& text = doc.at(ojson::json_pointer(pointer));
    std::string s = text.get<std::string>();
    auto at = s.find(from);
    ASSERT_NE(at, std::string::npos) << pointer << " has no '" << from << "'";
    text = s.replace(at, from.size(), to);
}

// The stderr lines with one of `codes`.
Lines lines_with(const std::string& err, const std::vector<std::string>& codes) {
    Lines out;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);)
        for (const auto& c : codes)
            if (line.find(fmt::format("[{}]", c)) != std::string::npos) out.push_back(line);
    return out;
}

// Seed 002's own slip: the 2021 report says "Under T1 år 2020 beviljades 10
// vuxna HVB …", then "två placeringar fler i förhållande till T1 2020".
TEST(ContentChecksCli, SeedTwoSaysLastYearsTertialForThisYears) {
    auto r = run_tertial({"check", "examples/harnosand/son-fyramanadersrapport-2021.json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(lines_with(r.err, {"text.stale_period", "text.stale_copy", "text.sign", "text.document_date", "meta.date",
                                 "meta.period_end"}),
              (Lines{"examples/harnosand/son-fyramanadersrapport-2021.json:3834:36: warning[text.stale_period]: "
                     "/body/6/body/2/body/0/text: 'T1 år 2020' in a report for 2021: an earlier period than the report's; if "
                     "it is a comparison, say so (\"jämfört med\", \"föregående år\")"}));
}

// Issue 17's report: the tjänsteskrivelse brought up to date, section 5.1
// not, every review mark removed; `check --strict` passed it.
TEST(ContentChecksCli, SectionLeftAsLastYearsAfterTheCoverLetterWasUpdated) {
    TempDir dir;
    ojson doc = rolled_seed_000(dir);
    for (const char* p : {"/cover_letter/summary/1/text", "/cover_letter/background/0/text"})
        replace_in(doc, p, "helåret 2020", "helåret 2021");
    replace_in(doc, "/cover_letter/background/4/text", "samma period 2019", "samma period 2020");
    remove_review_marks(doc);
    write(dir, doc);
    auto r = run_tertial({"check", "--strict", "r.json"}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(lines_with(r.err, {"text.stale_period", "text.stale_copy"}), (Lines{"r.json:188:143: warning[text.stale_period]: /cover_letter/proposals/1: 'tilläggsbudget för år 2020' in a report "
                     "for 2021: an earlier period than the report's; if it is a comparison, say so (\"jämfört med\", "
                     "\"föregående år\")",
                     "r.json:1372:180: warning[text.stale_period]: /body/4/body/0/body/1/text: 'helåret 2020' in a report for "
                     "2021: an earlier period than the report's; if it is a comparison, say so (\"jämfört med\", \"föregående "
                     "år\")",
                     "r.json:1372:180: warning[text.stale_copy]: /body/4/body/0/body/1/text: this sentence is also at "
                     "/cover_letter/background/0/text with '2021' where it has '2020' here: this copy was not brought up to date",
                     "r.json:1384:180: warning[text.stale_period]: /body/4/body/0/body/4/text: 'samma period 2019' in a report "
                     "for 2021: the same period a year earlier is 2020",
                     "r.json:1384:180: warning[text.stale_copy]: /body/4/body/0/body/4/text: this sentence is also at "
                     "/cover_letter/background/4/text with '2020' where it has '2019' here: this copy was not brought up to date"}));
}

// A review mark removed while the text is still last year's: known by
// comparing with last year's report.
TEST(ContentChecksCli, PreviousReportShowsTextsWhoseMarkWasRemovedUnread) {
    TempDir dir;
    ojson doc = rolled_seed_000(dir);
    remove_review_marks(doc);
    write(dir, doc);
    std::string last = fmt::format("{}/examples/ostersund/san-tertial-1-2020.json", TERTIAL_SOURCE_DIR);
    auto plain = run_tertial({"check", "r.json"}, dir.path().string());
    EXPECT_EQ(lines_with(plain.err, {"text.unreviewed"}), Lines{});
    auto r = run_tertial({"check", "--previous", last, "r.json"}, dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto found = lines_with(r.err, {"text.unreviewed"});
    EXPECT_EQ(found.size(), 41u);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front(), fmt::format("r.json:183:71: warning[text.unreviewed]: /cover_letter/summary/1/text: this text "
                                         "is last year's word for word (/cover_letter/summary/1/text in {}) and has no review "
                                         "mark left: was it brought up to date?",
                                         last));
    // Still marked, as rollover left it: a to-do, not this warning.
    ASSERT_EQ(run_tertial({"rollover", "examples/ostersund/san-tertial-1-2020.json", "--to", "2021", "-o", dir / "m.json"}).exit_code, 0);
    auto marked = run_tertial({"check", "--previous", last, dir / "m.json"});
    EXPECT_EQ(lines_with(marked.err, {"text.unreviewed"}), Lines{});
}

TEST(ContentChecksCli, PreviousThatIsNoReportIsRefused) {
    TempDir dir;
    std::ofstream(dir / "last.json") << "{\"format\": \"tertial-report\"";
    auto r = run_tertial({"check", "--previous", dir / "last.json", "examples/ostersund/san-tertial-1-2020.json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.err.ends_with(fmt::format("tertial check: --previous {} does not read as a report\n", dir / "last.json")))
        << r.err;
}

// The column is the word's, counted in characters of the file as written:
// escapes ("\u00e5", "\"") count as they are written.
TEST(ContentChecksCli, PositionIsTheWordInsideTheString) {
    TempDir dir;
    std::string text = R"(Nämndens \"prognos\" för hel\u00e5ret 2020 pekar på ett underskott.)";
    std::ofstream(dir / "r.json") << report({}, "[]", blocks({paragraph(text)}));
    auto r = run_tertial({"check", "r.json"}, dir.path().string());
    EXPECT_EQ(lines_with(r.err, {"text.stale_period"}),
              (Lines{"r.json:10:81: warning[text.stale_period]: /body/0/text: 'helåret 2020' in a report for 2021: an "
                     "earlier period than the report's; if it is a comparison, say so (\"jämfört med\", \"föregående år\")"}));
}

}  // namespace
}  // namespace tertial::test
