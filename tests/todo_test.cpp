// The to-do list is complete: what a draft still lacks (goals ej_bedomd, no förslag till beslut, nobody to sign, no
// signatures in the cover letter, uppdrag without kommentar), meta.todo entries that clear themselves, and the
// skeleton of `tertial new`, each with its exact text.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/todo.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

// The binary must find only its own plugins, whatever the environment says.
const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

// A tertialrapport with one of each: a goal not assessed, an uppdrag without kommentar and one with, a cover letter
// without förslag or signatures, one signatory.
std::string report(const std::string& status, const std::string& kind = "tertialrapport",
                   const std::string& signatories = R"([{"id": "chef", "name": "Anna Berg", "title": "Förvaltningschef"}])",
                   const std::string& cover_letter = R"({"title": "T1 2021", "summary": [], "proposals": []})") {
    return fmt::format(R"J({{
  "format": "tertial-report", "format_version": "1.1",
  "meta": {{"municipality": {{"name": "Testby kommun", "scb_code": "9999"}},
           "committee": {{"name": "Testnämnden", "short_name": "TN"}}, "kind": "{}",
           "title": "T1 2021", "period": {{"year": 2021, "end": "2021-04-30"}}, "date": "2021-05-11",
           "status": "{}", "signatories": {}}},
  "cover_letter": {},
  "body": [
    {{"type": "section", "title": "Mål", "body": [
      {{"type": "section", "title": "Trygg uppväxt", "goal": {{"id": "mal1", "status": "ej_bedomd"}}, "body": [
        {{"type": "assignments", "source": "kf", "items": [
          {{"text": "Minska placeringarna", "comment": []}},
          {{"text": "Öka hemmaplanslösningarna", "comment": ["Arbetet pågår."]}}]}}]}},
      {{"type": "section", "title": "Hållbar ekonomi", "goal": {{"id": "mal2", "status": "uppnas"}}, "body": []}}]}}]
}})J",
                       kind, status, signatories, cover_letter);
}

Report read(const std::string& json) {
    auto r = json::read_report(json);
    EXPECT_TRUE(r.report) << (r.diagnostics.items().empty() ? "" : r.diagnostics.items().front().message);
    return r.report ? *r.report : Report{};
}

// `json` with the first `from` replaced by `to`; `from` must be there.
std::string replaced(std::string json, const std::string& from, const std::string& to) {
    auto at = json.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? json : json.replace(at, from.size(), to);
}

std::string todos(const Report& r) {
    std::string out;
    for (const auto& t : todo_list(r)) out += fmt::format("{} [{}] {}\n", t.pointer, to_string(t.kind), t.message);
    return out;
}

TEST(TodoList, ADraftListsWhatItStillLacks) {
    EXPECT_EQ(todos(read(report("utkast"))),
              "/cover_letter/proposals [to write] to write: förslag till beslut (cover_letter.proposals)\n"
              "/cover_letter/signatures [to fill in] to fill in: who signs the cover letter (cover_letter.signatures, "
              "ids from meta.signatories)\n"
              "/body/0/body/0/goal/status [to fill in] to fill in: whether goal \"Trygg uppväxt\" is met (its status "
              "is ej_bedomd)\n"
              "/body/0/body/0/body/0/items/0/comment [to write] to write: the kommentar on uppdrag \"Minska "
              "placeringarna\"\n");
}

TEST(TodoList, NobodyToSignIsATodo) {
    Report r = read(report("utkast", "tertialrapport", "[]",
                           R"({"title": "T1 2021", "summary": [], "proposals": ["Rapporten godkänns."]})"));
    std::string list = todos(r);
    EXPECT_TRUE(list.starts_with("/meta/signatories [to fill in] to fill in: who signs the report (meta.signatories)\n"))
        << list;
    EXPECT_EQ(list.find("/cover_letter/"), std::string::npos) << "förslag written; no signatories to name yet\n" << list;
}

TEST(TodoList, AFaststalldReportIsWhatWasDecided) {
    EXPECT_EQ(todos(read(report("faststalld"))), "");
    EXPECT_FALSE(has_open_items(read(report("faststalld"))));
}

TEST(TodoList, AVerksamhetsplanAssessesNoGoalsYet) {
    EXPECT_EQ(todos(read(report("utkast", "verksamhetsplan"))),
              "/cover_letter/proposals [to write] to write: förslag till beslut (cover_letter.proposals)\n"
              "/cover_letter/signatures [to fill in] to fill in: who signs the cover letter (cover_letter.signatures, "
              "ids from meta.signatories)\n");
}

TEST(TodoList, ADraftWithEverythingFilledInHasNothingLeft) {
    std::string json = report("utkast", "tertialrapport",
                              R"([{"id": "chef", "name": "Anna Berg", "title": "Förvaltningschef"}])",
                              R"({"title": "T1 2021", "summary": [], "proposals": ["Rapporten godkänns."],
                                  "signatures": ["chef"]})");
    json = replaced(json, "\"ej_bedomd\"", "\"uppnas_delvis\"");
    json = replaced(json, "\"comment\": []", "\"comment\": [\"Placeringarna minskar.\"]");
    EXPECT_EQ(todos(read(json)), "");
}

TEST(TodoList, AnUppdragWhoseReviewAsksForANewKommentarIsListedOnce) {
    std::string json = replaced(report("utkast"), R"({"text": "Minska placeringarna", "comment": []})",
                                R"({"text": "Minska placeringarna", "comment": [], "review": {"previous": ["Förra årets."]}})");
    std::string list = todos(read(json));
    EXPECT_NE(list.find("/body/0/body/0/body/0/items/0/review [to review] to review: uppdrag \"Minska placeringarna\", "
                        "and write its kommentar (last year's is kept)\n"),
              std::string::npos)
        << list;
    EXPECT_EQ(list.find("items/0/comment"), std::string::npos) << list;
}

// ---- meta.todo clears itself ---------------------------------------------------------------

const char* kRolled = R"J({
  "format": "tertial-report", "format_version": "1.1",
  "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
           "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "tertialrapport",
           "title": "T1 2021", "period": {"year": 2021, "end": "2021-04-30"}, "date": "2021-05-11",
           "status": "utkast", "signatories": [{"id": "chef", "name": "Anna Berg", "title": "Förvaltningschef"}],
           "todo": ["date", "dnr", "signatures"]},
  "cover_letter": {"title": "T1 2021", "summary": [], "proposals": ["Rapporten godkänns."]},
  "body": []
})J";

TEST(MetaTodo, AnEntryWhoseFieldIsFilledInIsNoLongerListed) {
    Report r = read(kRolled);
    EXPECT_EQ(todos(r),
              "/meta/todo/0 [to fill in] to fill in: the document's date (meta.date is 2021-05-11 for now)\n"
              "/meta/todo/1 [to fill in] to fill in: the diarienummer (meta.dnr)\n"
              "/meta/todo/2 [to fill in] to fill in: who signs the report (cover_letter.signatures, ids from "
              "meta.signatories)\n");
    r.meta.dnr = "TN 2021/7";
    r.cover_letter->signatures = {"chef"};
    EXPECT_EQ(todos(r), "/meta/todo/0 [to fill in] to fill in: the document's date (meta.date is 2021-05-11 for now)\n");
    r.meta.dnr = "";
    EXPECT_EQ(todos(r),
              "/meta/todo/0 [to fill in] to fill in: the document's date (meta.date is 2021-05-11 for now)\n"
              "/meta/todo/1 [to fill in] to fill in: the diarienummer (meta.dnr)\n")
        << "an empty diarienummer is not one";
}

TEST(MetaTodo, AnEditThatFillsAFieldRemovesItsEntry) {
    const Report before = read(kRolled);
    Report after = before;
    after.meta.date = {2021, 5, 17};
    clear_filled_meta_todos(before, after);
    EXPECT_EQ(after.meta.todo, (std::vector<MetaTodo>{MetaTodo::dnr, MetaTodo::signatures}));
    Report next = after;
    next.meta.dnr = "TN 2021/7";
    next.cover_letter->signatures = {"chef"};
    clear_filled_meta_todos(after, next);
    EXPECT_TRUE(next.meta.todo.empty());
    // An edit of the list itself is taken as it is.
    Report own = before;
    own.meta.todo = {MetaTodo::date};
    own.meta.date = {2021, 5, 17};
    clear_filled_meta_todos(before, own);
    EXPECT_EQ(own.meta.todo, (std::vector<MetaTodo>{MetaTodo::date}));
}

// ---- the skeleton of `tertial new` -----------------------------------------------------------

TEST(TodoCommand, NewListsFörslagAndWhoSigns) {
    TempDir tmp;
    RunResult made = run_tertial({"new", "--municipality", "ostersund", "--committee", "social_services", "--kind",
                                  "tertialrapport", "--period", "2021-04-30", "-o", "san.json"},
                                 tmp.path().string());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    RunResult listed = run_tertial({"check", "--todo", "san.json"}, tmp.path().string());
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    // Where the key is missing, the place is the object it belongs in. The
    // date is the draft's to fill in (format 1.3): no --date was given.
    for (const char* item : {"\nReport details (meta): 2 to fill in\n"
                             "  san.json:26:7: to fill in: the document's date (meta.date, none yet)\n"
                             "  san.json:4:3: to fill in: who signs the report (meta.signatories)\n",
                             "\n  san.json:38:5: to write: förslag till beslut (cover_letter.proposals)\n"})
        EXPECT_NE(listed.out.find(item), std::string::npos) << item << "\n" << listed.out;
}

}  // namespace
}  // namespace tertial::test
