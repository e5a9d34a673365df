// Rollover: the rules on small reports, seeds 000 and 001 against reviewed golden files, from JSON and from the PDF,
// twice, and the command's refusals, through the real binary.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/todo.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

// The binary must find only its own plugins, whatever the environment says.
const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

const std::string kSeed000 = "examples/ostersund/san-tertial-1-2020.json";
const std::string kSeed001 = "examples/ostersund/san-verksamhetsplan-2022.json";
const std::string kGolden000 = "tests/data/rollover/san-tertial-1-2021.json";
const std::string kGolden001 = "tests/data/rollover/san-verksamhetsplan-2023.json";

fs::path source(const std::string& relative) {
    return fs::path(TERTIAL_SOURCE_DIR) / relative;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items())
        out += fmt::format("{}[{}] {}: {}\n", to_string(x.severity), x.code, x.pointer, x.message);
    return out;
}

// ---- the rules, on a small report --------------------------------------------------------

// A tertialrapport with one of everything rollover treats: a drift table
// with all five period roles, a named figure, a check, a goal with an
// uppdrag, a cover letter with signatures and a diarienummer.
const char* kSmall = R"J({
  "format": "tertial-report", "format_version": "1.0",
  "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
           "committee": {"name": "Testnämnden", "short_name": "TN"},
           "kind": "tertialrapport", "title": "Tertialrapport 1 2020", "period": {"year": 2020, "end": "2020-04-30"},
           "date": "2020-05-11", "dnr": "TN 2020/12", "status": "faststalld",
           "signatories": [{"id": "chef", "name": "Anna Berg", "title": "Förvaltningschef"}]},
  "figures": [{"id": "atgard", "label": "Åtgärdsplan 2020", "unit": "mnkr", "value": "4.4"},
              {"id": "netto", "unit": "mnkr", "calc": "drift.resultat.utfall - atgard"}],
  "checks": [{"id": "samma", "left": "drift.resultat.utfall_2019", "right": "drift.resultat.utfall_2019"}],
  "cover_letter": {"title": "Tertialrapport 1 2020",
                   "summary": [{"type": "paragraph", "text": "Underskott med {{drift.resultat.utfall|abs}}."}],
                   "proposals": ["Rapporten godkänns."],
                   "basis": ["Tjänsteskrivelse 2020-05-11", "Socialtjänstlag (2001:453)"],
                   "signatures": ["chef"]},
  "body": [
    {"type": "section", "title": "Mål", "body": [
      {"type": "section", "title": "Mål 1", "goal": {"id": "mal1", "status": "uppnas"}, "body": [
        {"type": "assignments", "source": "kf", "items": [{"text": "Gör X", "comment": ["Vi gjorde X år 2020."]}]}]}]},
    {"type": "section", "title": "Ekonomi 2020", "body": [
      {"type": "table", "id": "drift", "caption": "Drift 2020 (mnkr)", "unit": "mnkr",
       "columns": [{"id": "post", "title": "Post", "kind": "label"},
                   {"id": "budget", "title": "Budget 2020", "role": {"type": "budget", "year": 2020}},
                   {"id": "utfall", "title": "Utfall 200430", "role": {"type": "outcome", "until": "2020-04-30"}},
                   {"id": "prognos", "title": "Prognos 2020", "role": {"type": "forecast", "year": 2020}},
                   {"id": "utfall_fg", "title": "Utfall 190430",
                    "role": {"type": "outcome_same_period_last_year", "until": "2019-04-30"}},
                   {"id": "utfall_2019", "title": "Utfall 2019", "role": {"type": "outcome_last_year", "year": 2019}},
                   {"id": "kommentar", "title": "Kommentar", "kind": "text"}],
       "rows": [{"id": "intakter", "label": "Intäkter",
                 "cells": {"budget": "10", "utfall": "3", "prognos": "10", "utfall_fg": "2", "utfall_2019": "9",
                           "kommentar": "Som väntat."}},
                {"id": "kostnader", "label": "Kostnader",
                 "cells": {"budget": "10", "utfall": "4", "prognos": "11", "utfall_fg": "3", "utfall_2019": "10"}},
                {"id": "resultat", "label": "Resultat", "kind": "total", "calc": "intakter - kostnader",
                 "cells": {"budget": "0", "utfall": "-1", "prognos": "-1", "utfall_fg": "-1", "utfall_2019": "-1"}}]},
      {"type": "paragraph", "text": "Utfallet {{drift.resultat.utfall_2019}} för 2019."}]}]
})J";

Report read(const std::string& json) {
    auto r = json::read_report(json);
    EXPECT_TRUE(r.report) << messages(r.diagnostics);
    return r.report ? *r.report : Report{};
}

const Table& table_at(const Report& r, std::size_t section, std::size_t block) {
    return std::get<Table>(std::get<Section>(r.body[section].content).body[block].content);
}

const Cell* cell(const Table& t, const std::string& row, const std::string& column) {
    for (const auto& r : t.rows)
        if (r.id == row) return r.cell(column);
    return nullptr;
}

std::string amount(const Cell* c) {
    if (!c) return "(none)";
    if (const auto* d = std::get_if<Decimal>(c)) return d->to_string();
    if (std::holds_alternative<CellTodo>(*c)) return "todo";
    return "(other)";
}

class SmallRollover : public ::testing::Test {
protected:
    void SetUp() override {
        last_ = read(kSmall);
        Diagnostics d;
        check_report(last_, d);
        ASSERT_EQ(d.count(Severity::error), 0u) << messages(d);
        result_ = rollover(last_, {{2021, 4, 30}});
        ASSERT_TRUE(result_.report) << messages(result_.diagnostics);
        next_ = *result_.report;
    }
    Report last_, next_;
    RolloverResult result_;
};

TEST_F(SmallRollover, ColumnsShiftByTheirRoles) {
    const Table& t = table_at(next_, 1, 0);
    std::vector<std::string> titles, ids;
    for (const auto& c : t.columns) {
        titles.push_back(c.title);
        ids.push_back(c.id);
    }
    EXPECT_EQ(titles, (std::vector<std::string>{"Post", "Budget 2021", "Utfall 210430", "Prognos 2021", "Utfall 200430",
                                                "Utfall 2020", "Kommentar"}));
    // The id that named the year names the new one; the others stay.
    EXPECT_EQ(ids, (std::vector<std::string>{"post", "budget", "utfall", "prognos", "utfall_fg", "utfall_2020",
                                             "kommentar"}));
    EXPECT_EQ(t.columns[1].role, (ColumnRole{ColumnRoleType::budget, 2021, std::nullopt}));
    EXPECT_EQ(t.columns[2].role, (ColumnRole{ColumnRoleType::outcome, std::nullopt, Date{2021, 4, 30}}));
    EXPECT_EQ(t.columns[4].role,
              (ColumnRole{ColumnRoleType::outcome_same_period_last_year, std::nullopt, Date{2020, 4, 30}}));
    EXPECT_EQ(t.columns[5].role, (ColumnRole{ColumnRoleType::outcome_last_year, 2020, std::nullopt}));
    EXPECT_EQ(*t.caption, "Drift 2021 (mnkr)");
    EXPECT_EQ(std::get<Section>(next_.body[1].content).title, "Ekonomi 2021");
}

TEST_F(SmallRollover, LastYearsUtfallBecomesTheSamePeriodLastYear) {
    const Table& t = table_at(next_, 1, 0);
    for (const char* c : {"budget", "utfall", "prognos", "utfall_2020"}) {
        EXPECT_EQ(amount(cell(t, "intakter", c)), "todo") << c;
        EXPECT_EQ(amount(cell(t, "kostnader", c)), "todo") << c;
        EXPECT_EQ(cell(t, "resultat", c), nullptr) << c << ": a total is computed again, not entered";
    }
    EXPECT_EQ(amount(cell(t, "intakter", "utfall_fg")), "3");
    EXPECT_EQ(amount(cell(t, "kostnader", "utfall_fg")), "4");
    EXPECT_EQ(amount(cell(t, "resultat", "utfall_fg")), "-1") << "last year's printed total is a fact too";
}

TEST_F(SmallRollover, ReferencesStayBoundAndComputedFiguresRecompute) {
    EXPECT_EQ(next_.checks[0].left, "drift.resultat.utfall_2020");
    EXPECT_EQ(std::get<Paragraph>(std::get<Section>(next_.body[1].content).body[1].content).text,
              "Utfallet {{drift.resultat.utfall_2020}} för 2019.");
    Diagnostics d;
    Resolution r = check_report(next_, d);
    EXPECT_EQ(d.count(Severity::error), 0u) << messages(d);
    EXPECT_EQ(r.find("drift.resultat.utfall_fg")->value->to_string(), "-1");
    // A total of figures still to fill in is itself still to come, not a partial sum.
    EXPECT_EQ(r.find("drift.resultat.budget")->source, FigureSource::todo);
    EXPECT_FALSE(r.find("drift.resultat.budget")->value);
    EXPECT_EQ(r.find("netto")->source, FigureSource::todo);
}

TEST_F(SmallRollover, NarrativeIsKeptForReviewWithLastYearsText) {
    const auto& summary = std::get<Paragraph>(next_.cover_letter->summary[0].content);
    EXPECT_EQ(summary.text, "Underskott med {{drift.resultat.utfall|abs}}.");
    ASSERT_TRUE(summary.review);
    EXPECT_EQ(summary.review->previous, std::vector<std::string>{"Underskott med 1\u00A0mnkr."});
    const auto& goal = std::get<Section>(std::get<Section>(next_.body[0].content).body[0].content);
    EXPECT_EQ(goal.goal->status, GoalStatus::ej_bedomd);
    const auto& uppdrag = std::get<Assignments>(goal.body[0].content).items[0];
    EXPECT_EQ(uppdrag.text, "Gör X");
    EXPECT_TRUE(uppdrag.comment.empty());
    EXPECT_EQ(uppdrag.review->previous, std::vector<std::string>{"Vi gjorde X år 2020."});
    const Table& t = table_at(next_, 1, 0);
    EXPECT_EQ(std::get<std::string>(*cell(t, "intakter", "kommentar")), "Som väntat.");
    ASSERT_EQ(t.rows[0].review.size(), 1u);
    EXPECT_EQ(t.rows[0].review[0].first, "kommentar");
}

TEST_F(SmallRollover, DecisionDataIsClearedAndTheReportIsADraft) {
    const Meta& m = next_.meta;
    EXPECT_EQ(m.title, "Tertialrapport 1 2021");
    EXPECT_EQ(m.period, (Period{2021, {2021, 4, 30}}));
    EXPECT_EQ(m.status, ReportStatus::utkast);
    EXPECT_FALSE(m.dnr);
    EXPECT_EQ(m.date, (Date{2021, 5, 11}));
    EXPECT_EQ(m.todo, (std::vector<MetaTodo>{MetaTodo::date, MetaTodo::dnr, MetaTodo::signatures}));
    EXPECT_EQ(m.signatories, last_.meta.signatories) << "who may sign is kept; who signs this report is to fill in";
    EXPECT_TRUE(next_.cover_letter->signatures.empty());
    EXPECT_EQ(next_.cover_letter->proposals, last_.cover_letter->proposals);
    EXPECT_EQ(next_.cover_letter->proposals_review->previous, std::vector<std::string>{"Rapporten godkänns."});
    // A label naming the document's date moves on; a law's SFS number does not.
    EXPECT_EQ(next_.cover_letter->basis,
              (std::vector<std::string>{"Tjänsteskrivelse 2021-05-11", "Socialtjänstlag (2001:453)"}));
    EXPECT_EQ(next_.figures[0].label, "Åtgärdsplan 2021");
    EXPECT_TRUE(next_.figures[0].todo);
    EXPECT_FALSE(next_.figures[0].value);
    EXPECT_EQ(next_.figures[1].calc, "drift.resultat.utfall - atgard");
    EXPECT_EQ(next_.version_minor, format_version_minor);
}

TEST_F(SmallRollover, WhatIsLeftIsListedBySection) {
    auto todo = todo_list(next_);
    auto groups = group_todos(todo);
    std::vector<std::string> titles;
    for (const auto& g : groups) titles.push_back(fmt::format("{}: {}", g.title, g.items.size()));
    // Mål 1: the uppdrag to review, and the goal, ej_bedomd again, to assess.
    EXPECT_EQ(titles,
              (std::vector<std::string>{"Report details (meta): 3", "Named figures: 1",
                                        "Cover letter (tjänsteskrivelse): 2", "1.1 Mål 1: 2", "2 Ekonomi 2021: 10"}));
    EXPECT_EQ(todo.front().message, "to fill in: the document's date (meta.date is 2021-05-11 for now)");
    EXPECT_TRUE(has_open_items(next_));
    EXPECT_FALSE(has_open_items(last_));
}

TEST_F(SmallRollover, RollingTwiceKeepsWhatWasNeverReviewed) {
    RolloverResult again = rollover(next_, {{2022, 4, 30}});
    ASSERT_TRUE(again.report) << messages(again.diagnostics);
    const auto& summary = std::get<Paragraph>(again.report->cover_letter->summary[0].content);
    EXPECT_EQ(summary.review->previous, std::vector<std::string>{"Underskott med 1\u00A0mnkr."})
        << "never reviewed: the older wording is still the reference";
    const Table& t = table_at(*again.report, 1, 0);
    EXPECT_EQ(t.columns[5].id, "utfall_2021");
    EXPECT_EQ(amount(cell(t, "intakter", "utfall_fg")), "todo") << "last year's utfall was never filled in";
    Diagnostics d;
    check_report(*again.report, d);
    EXPECT_EQ(d.count(Severity::error), 0u) << messages(d);
}

// The plan's five columns, as the issue puts it: utfall 2020, budget 2021,
// budget 2022, plan 2023, plan 2024 → utfall 2021, budget 2022, budget 2023
// proposed from plan 2023, plan 2024, plan 2025 empty.
TEST(Rollover, PlanColumnsShiftTheirYears) {
    Report last = read(R"J({
      "format": "tertial-report", "format_version": "1.0",
      "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
               "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "verksamhetsplan",
               "title": "Verksamhetsplan 2022", "period": {"year": 2022, "end": "2022-12-31"}, "date": "2021-11-30",
               "status": "faststalld"},
      "body": [{"type": "table", "id": "drift", "unit": "mnkr",
        "columns": [{"id": "post", "title": "Post", "kind": "label"},
                    {"id": "utfall_2020", "title": "Utfall 2020", "role": {"type": "outcome_last_year", "year": 2020}},
                    {"id": "budget_2021", "title": "Budget 2021", "role": {"type": "budget", "year": 2021}},
                    {"id": "budget_2022", "title": "Budget 2022", "role": {"type": "budget", "year": 2022}},
                    {"id": "plan_2023", "title": "Plan 2023", "role": {"type": "plan", "year": 2023}},
                    {"id": "plan_2024", "title": "Plan 2024", "role": {"type": "plan", "year": 2024}}],
        "rows": [{"id": "a", "label": "A", "cells": {"utfall_2020": "1", "budget_2021": "2", "budget_2022": "3",
                                                    "plan_2023": "4", "plan_2024": "5"}}]}]})J");
    RolloverResult r = rollover(last, {{2023, 12, 31}});
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    const Table& t = std::get<Table>(r.report->body[0].content);
    std::vector<std::string> got;
    for (const auto& c : t.columns)
        if (c.kind == ColumnKind::amount)
            got.push_back(fmt::format("{} {}={}", c.title, c.id, amount(t.rows[0].cell(c.id))));
    EXPECT_EQ(got, (std::vector<std::string>{"Utfall 2021 utfall_2021=todo", "Budget 2022 budget_2022=3",
                                             "Budget 2023 budget_2023=4", "Plan 2024 plan_2024=5",
                                             "Plan 2025 plan_2025=todo"}));
    ASSERT_EQ(t.rows[0].review.size(), 2u);
    EXPECT_EQ(t.rows[0].review[0].first, "budget_2023");
    EXPECT_EQ(t.rows[0].review[0].second.note, "föreslagen från Plan 2023 i Verksamhetsplan 2022");
    EXPECT_EQ(t.rows[0].review[1].first, "plan_2024");
    EXPECT_EQ(r.log.count(RolloverAction::proposed), 2u);
}

TEST(Rollover, AChartsCategoriesFollowTheRenamedColumns) {
    // Years along the x-axis are the table's columns: renamed with them, so the chart still draws them.
    Report last = read(R"J({
      "format": "tertial-report", "format_version": "1.3",
      "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
               "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "verksamhetsplan",
               "title": "Verksamhetsplan 2022", "period": {"year": 2022, "end": "2022-12-31"}, "date": "2021-11-30",
               "status": "faststalld"},
      "body": [{"type": "table", "id": "drift", "unit": "mnkr",
        "columns": [{"id": "post", "title": "Post", "kind": "label"},
                    {"id": "budget_2022", "title": "Budget 2022", "role": {"type": "budget", "year": 2022}},
                    {"id": "plan_2023", "title": "Plan 2023", "role": {"type": "plan", "year": 2023}},
                    {"id": "plan_2024", "title": "Plan 2024", "role": {"type": "plan", "year": 2024}}],
        "rows": [{"id": "netto", "label": "Netto", "cells": {"budget_2022": "3", "plan_2023": "4", "plan_2024": "5"}}]},
       {"type": "chart", "id": "netto_diagram", "kind": "bar", "title": "Nettokostnad per år", "table": "drift",
        "series_in": "rows", "series": ["netto"], "categories": ["budget_2022", "plan_2023", "plan_2024"],
        "alt": "Nettokostnaden per år."}]})J");
    RolloverResult r = rollover(last, {{2023, 12, 31}});
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    const Table& t = std::get<Table>(r.report->body[0].content);
    const Chart& c = std::get<Chart>(r.report->body[1].content);
    std::vector<std::string> columns;
    for (const auto& col : t.columns)
        if (col.kind == ColumnKind::amount) columns.push_back(col.id);
    EXPECT_EQ(columns, (std::vector<std::string>{"budget_2023", "plan_2024", "plan_2025"}));
    EXPECT_EQ(c.categories, columns);
    EXPECT_EQ(c.series, (std::vector<std::string>{"netto"}));
    Diagnostics d;
    check_report(*r.report, d);
    EXPECT_FALSE(d.has_errors()) << messages(d);
}

TEST(Rollover, TablesWithoutPeriodRolesAreNamed) {
    Report last = read(R"J({
      "format": "tertial-report", "format_version": "1.0",
      "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
               "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "tertialrapport",
               "title": "T1 2020", "period": {"year": 2020, "end": "2020-04-30"}, "date": "2020-05-11", "status": "faststalld"},
      "body": [{"type": "section", "title": "Covid", "body": [
        {"type": "table", "id": "covid", "unit": "mnkr",
         "columns": [{"id": "post", "title": "", "kind": "label"}, {"id": "belopp", "title": "Belopp"},
                     {"id": "andel", "title": "Andel", "unit": "%", "calc": "share(belopp, belopp)"}],
         "rows": [{"id": "merkostnad", "label": "Merkostnad", "cells": {"belopp": "0.3"}}]},
        {"type": "table", "id": "antal", "unit": "antal",
         "columns": [{"id": "post", "title": "", "kind": "label"}, {"id": "lvu", "title": "LVU"}, {"id": "sol", "title": "SoL"}],
         "rows": [{"id": "barn", "label": "Barn", "cells": {"lvu": "4", "sol": "7"}}]}]}]})J");
    RolloverResult r = rollover(last, {{2021, 4, 30}});
    ASSERT_TRUE(r.report) << "a table without roles is no reason to refuse: its figures are to fill in";
    EXPECT_EQ(
        messages(r.diagnostics),
        "warning[rollover.no_role] /body/0/body/0: table 'covid' has no period role on its amount column 'belopp', "
        "so rollover cannot tell which period their figures belong to: they are emptied, to fill in. Give each amount "
        "column a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not depend on the "
        "period) to have its figures carried over or shifted\n"
        "warning[rollover.no_role] /body/0/body/1: table 'antal' has no period role on its amount columns 'lvu', "
        "'sol', so rollover cannot tell which period their figures belong to: they are emptied, to fill in. Give each "
        "amount column a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not depend on "
        "the period) to have its figures carried over or shifted\n");
    const Table& t = std::get<Table>(std::get<Section>(r.report->body[0].content).body[0].content);
    EXPECT_EQ(amount(t.rows[0].cell("belopp")), "todo");
}

TEST(Rollover, LabelsThatAreRunningTextAreReviewedNotRewritten) {
    Report last = read(R"J({
      "format": "tertial-report", "format_version": "1.0",
      "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
               "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "tertialrapport",
               "title": "T1 2020", "period": {"year": 2020, "end": "2020-04-30"}, "date": "2020-05-11", "status": "faststalld"},
      "body": [{"type": "table", "id": "eff", "unit": "mnkr",
         "columns": [{"id": "atgard", "title": "Åtgärd", "kind": "label"},
                     {"id": "budget", "title": "Budget 2020", "role": {"type": "budget", "year": 2020}},
                     {"id": "datum", "title": "Per 2020-02-29", "role": {"type": "outcome", "until": "2020-02-29"}}],
         "rows": [{"id": "moms", "label": "Moms. Bokslutet för år 2018 gav ett överskott. För år 2020 blir det en besparing.",
                   "cells": {"budget": "2.0"}},
                  {"id": "lag", "label": "Enligt Förvaltningslag (2017:900) år 2020", "cells": {"budget": "1.0"}}]}]})J");
    RolloverResult r = rollover(last, {{2021, 4, 30}});
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    const Table& t = std::get<Table>(r.report->body[0].content);
    EXPECT_EQ(t.columns[2].title, "Per 2021-02-28") << "the last day of February stays the last day";
    EXPECT_EQ(t.rows[0].label, last.body.empty() ? "" : std::get<Table>(last.body[0].content).rows[0].label)
        << "its years are facts of their own";
    ASSERT_EQ(t.rows[0].review.size(), 1u);
    EXPECT_EQ(t.rows[0].review[0].first, "atgard");
    EXPECT_EQ(t.rows[1].label, "Enligt Förvaltningslag (2017:900) år 2021");
}

TEST(Rollover, TheNewPeriodIsTheSameDayOfALaterYear) {
    Period t1{2020, {2020, 4, 30}}, plan{2022, {2022, 12, 31}}, leap{2020, {2020, 2, 29}};
    std::string error;
    EXPECT_EQ(rollover_target(t1, "2021-04-30", error), (Date{2021, 4, 30}));
    EXPECT_EQ(rollover_target(t1, "2021", error), (Date{2021, 4, 30}));
    EXPECT_EQ(rollover_target(plan, "2023", error), (Date{2023, 12, 31}));
    EXPECT_EQ(rollover_target(leap, "2021", error), (Date{2021, 2, 28}));
    EXPECT_EQ(rollover_target(t1, "2021-08-31", error), std::nullopt);
    EXPECT_EQ(
        error,
        "the report runs until 2020-04-30, so the new period must end on the same day of a later year (2021-04-30), "
        "not 2021-08-31: rollover keeps the kind of period (a tertial stays a tertial)");
    EXPECT_EQ(rollover_target(t1, "2020", error), std::nullopt);
    EXPECT_EQ(
        error,
        "the report runs until 2020-04-30; rollover moves it to the same period of a later year, e.g. 2021-04-30");
    EXPECT_EQ(rollover_target(t1, "april", error), std::nullopt);
    EXPECT_EQ(error, "'april' is neither a date (YYYY-MM-DD) nor a year: give the new period's end, e.g. 2021-04-30");
}

TEST(RolloverFormat, AKeyOfVersion1_1InA1_0FileIsRefused) {
    auto r = json::read_report(R"J({
  "format": "tertial-report", "format_version": "1.0",
  "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
           "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "tertialrapport",
           "title": "T1", "period": {"year": 2021, "end": "2021-04-30"}, "date": "2021-05-11", "status": "utkast"},
  "body": [{"type": "paragraph", "text": "Text", "review": {"previous": ["Text"]}}]
})J");
    EXPECT_FALSE(r.report);
    EXPECT_EQ(messages(r.diagnostics),
              "error[json.version] /body/0/review: 'review' is new in format version 1.1, but this file says "
              "\"format_version\": \"1.0\"; write \"1.1\"\n");
}

// ---- the command, through the real binary --------------------------------------------------

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

const std::string kCovidWarning =
    ":1434:17: warning[rollover.no_role]: /body/4/body/0/body/7/body/1: table 'covid' has no period role on its amount "
    "column 'belopp', so rollover cannot tell which period their figures belong to: they are emptied, to fill in. Give "
    "each amount column a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not depend on "
    "the "
    "period) to have its figures carried over or shifted\n";

// Seed 000's PDF, built once by the real binary.
const fs::path& seed000_pdf() {
    static TempDir* dir = new TempDir;  // kept for the whole run
    static fs::path pdf = [] {
        RunResult r = run_tertial({"build", "--format", "pdf", kSeed000, "--out", dir->path().string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return dir->path() / "san-tertial-1-2020.pdf";
    }();
    return pdf;
}

TEST(RolloverCommand, Seed000MatchesItsReviewedGoldenFile) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed000, "--to", "2021-04-30", "-o", tmp / "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
    EXPECT_EQ(r.err, kSeed000 + kCovidWarning);
    EXPECT_TRUE(
        r.out.starts_with(fmt::format("wrote {}: Delårsrapport Tertial 1 för Social- och arbetsmarknadsnämnden, "
                                      "april 2021, period ending 2021-04-30\n",
                                      tmp / "t1.json")))
        << r.out;
}

TEST(RolloverCommand, Seed001MatchesItsReviewedGoldenFile) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed001, "--to", "2023", "-o", tmp / "vp.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(slurp(tmp.path() / "vp.json"), slurp(source(kGolden001)));
}

TEST(RolloverCommand, FromThePdfGivesExactlyWhatTheSourceGives) {
    TempDir tmp;
    const std::string pdf = seed000_pdf().string();
    RunResult r = run_tertial({"rollover", pdf, "--to", "2021", "-o", tmp / "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
    EXPECT_EQ(r.err, pdf + "(report.json)" + kCovidWarning) << "unsigned: nothing said about signatures";
}

// A signature dictionary and a signed field appended to seed 000's PDF as
// an incremental update, the catalogue's AcroForm pointing at the field:
// what a signing tool leaves, without a valid CMS in it.
std::string with_fake_signature(const std::string& pdf) {
    // The last of each: the newest revision's.
    auto last = [&](const char* pattern) {
        std::regex re(pattern);
        std::string found;
        for (std::sregex_iterator it(pdf.begin(), pdf.end(), re), end; it != end; ++it) found = (*it)[1];
        return found;
    };
    std::string startxref = last(R"(startxref\s+(\d+))"), size = last(R"(/Size (\d+))"),
                root = last(R"(/Root (\d+) 0 R)");
    EXPECT_FALSE(startxref.empty() || size.empty() || root.empty());
    TempDir tmp;
    write_file(tmp.path() / "in.pdf", pdf);
    // The catalogue as it is, with an AcroForm added.
    std::string show =
        "qpdf --show-object=" + root + " " + shell_quote(tmp / "in.pdf") + " > " + shell_quote(tmp / "root");
    EXPECT_EQ(std::system(show.c_str()), 0);
    std::string catalog = slurp(tmp.path() / "root");
    while (!catalog.empty() && std::isspace(static_cast<unsigned char>(catalog.back()))) catalog.pop_back();
    int n = std::stoi(size);
    catalog.insert(catalog.rfind(">>"), fmt::format(" /AcroForm << /Fields [{} 0 R] /SigFlags 3 >> ", n + 1));
    std::string out = pdf;
    if (out.back() != '\n') out += '\n';
    std::vector<std::size_t> offsets;
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", root, catalog);
    offsets.push_back(out.size());
    out += fmt::format(
        "{} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
        "/ByteRange [0 10 20 30] /Contents <00> >>\nendobj\n",
        n);
    offsets.push_back(out.size());
    out += fmt::format(
        "{} 0 obj\n<< /FT /Sig /T (forvaltningschef) /V {} 0 R /Type /Annot /Subtype /Widget "
        "/Rect [0 0 0 0] >>\nendobj\n",
        n + 1, n);
    std::size_t xref = out.size();
    out +=
        fmt::format("xref\n0 1\n0000000000 65535 f \n{} 1\n{:010} 00000 n \n{} 2\n{:010} 00000 n \n{:010} 00000 n \n",
                    root, offsets[0], n, offsets[1], offsets[2]);
    out += fmt::format("trailer\n<< /Size {} /Root {} 0 R /Prev {} >>\nstartxref\n{}\n%%EOF\n", n + 2, root, startxref,
                       xref);
    return out;
}

TEST(RolloverCommand, APdfWhoseSignatureDoesNotVerifyIsRefused) {
    TempDir tmp;
    write_file(tmp.path() / "signed.pdf", with_fake_signature(slurp(seed000_pdf())));
    // Poppler sees the signature too (and, rightly, that it does not verify).
    std::string pdfsig =
        "pdfsig " + shell_quote(tmp / "signed.pdf") + " > " + shell_quote(tmp / "pdfsig.txt") + " 2>&1";
    [[maybe_unused]] int ignored = std::system(pdfsig.c_str());
    EXPECT_TRUE(contains(slurp(tmp.path() / "pdfsig.txt"), "Signature #1")) << slurp(tmp.path() / "pdfsig.txt");

    RunResult r = run_tertial({"rollover", "signed.pdf", "--to", "2021-04-30", "-o", "t1.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("signed.pdf: error: the PDF's signatures are not intact: 1 signature: "
                                  "forvaltningschef ("))
        << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "t1.json"));
}

TEST(RolloverCommand, ASignedPdfIsVerifiedThenRolled) {
    TempDir tmp;
    std::string make_key = "cd " + shell_quote(tmp.path()) +
                           " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem "
                           "-out cert.pem -days 3650 -subj '/CN=Helén Eurenius' -utf8 -set_serial 7 > openssl.log 2>&1";
    ASSERT_EQ(std::system(make_key.c_str()), 0) << slurp(tmp.path() / "openssl.log");
    fs::copy_file(seed000_pdf(), tmp.path() / "report.pdf");
    RunResult signed_ = run_tertial({"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "cert.pem", "--key",
                                     "key.pem", "-o", "signed.pdf"},
                                    tmp.path().string());
    ASSERT_EQ(signed_.exit_code, 0) << signed_.err;

    RunResult r = run_tertial({"rollover", "signed.pdf", "--to", "2021-04-30", "-o", "t1.json"}, tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.starts_with("signed.pdf: signatures intact: 1 signature: forvaltningschef\n")) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
}

TEST(RolloverCommand, APdfWithoutAReportIsRefused) {
    TempDir tmp;
    // A one-page PDF that no Tertial made.
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> at;
    auto obj = [&](const std::string& body) {
        at.push_back(pdf.size());
        pdf += fmt::format("{} 0 obj\n{}\nendobj\n", at.size(), body);
    };
    obj("<< /Type /Catalog /Pages 2 0 R >>");
    obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    std::size_t xref = pdf.size();
    pdf += "xref\n0 4\n0000000000 65535 f \n";
    for (auto o : at) pdf += fmt::format("{:010} 00000 n \n", o);
    pdf += fmt::format("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", xref);
    write_file(tmp.path() / "other.pdf", pdf);
    RunResult r = run_tertial({"rollover", "other.pdf", "--to", "2021", "-o", "new.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(
        r.err,
        "other.pdf: error: this PDF carries no Tertial report (no embedded report.json), so there is nothing to roll "
        "over; roll over the report's JSON file instead\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "new.json"));
}

TEST(RolloverCommand, RollingTheRolledReportAgainWorks) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kGolden000, "--to", "2022", "-o", tmp / "t2022.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    RunResult checked = run_tertial({"check", tmp / "t2022.json"});
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    EXPECT_FALSE(contains(checked.err, "error")) << checked.err;
    auto rolled = json::read_report(slurp(tmp.path() / "t2022.json"));
    ASSERT_TRUE(rolled.report);
    EXPECT_EQ(rolled.report->meta.title, "Delårsrapport Tertial 1 för Social- och arbetsmarknadsnämnden, april 2022");
    RunResult vp = run_tertial({"rollover", kGolden001, "--to", "2024", "-o", tmp / "vp2024.json"});
    ASSERT_EQ(vp.exit_code, 0) << vp.err;
    EXPECT_EQ(run_tertial({"check", tmp / "vp2024.json"}).exit_code, 0);
}

TEST(RolloverCommand, NeverOverwritesItsInput) {
    TempDir tmp;
    fs::copy_file(source(kSeed000), tmp.path() / "t1.json");
    const std::string before = slurp(tmp.path() / "t1.json");
    RunResult same =
        run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "./t1.json", "--force"}, tmp.path().string());
    EXPECT_EQ(same.exit_code, 2);
    EXPECT_EQ(same.err,
              "tertial rollover: error: ./t1.json is the input; the input is never overwritten: choose another -o\n");
    write_file(tmp.path() / "new.json", "{}");
    RunResult exists = run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json"}, tmp.path().string());
    EXPECT_EQ(exists.exit_code, 2);
    EXPECT_EQ(exists.err,
              "tertial rollover: error: new.json exists; choose another file or pass --force to replace it\n");
    EXPECT_EQ(slurp(tmp.path() / "new.json"), "{}");
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), before);
    // Only the output in the directory, and no temporary file left behind.
    RunResult ok =
        run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json", "--force"}, tmp.path().string());
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"new.json", "t1.json"}));
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), before);
}

TEST(RolloverCommand, ABadTargetIsAUsageError) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed000, "--to", "2021-08-31", "-o", tmp / "x.json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(
        r.err,
        "tertial rollover: error: --to 2021-08-31: the report runs until 2020-04-30, so the new period must end on the "
        "same day of a later year (2021-04-30), not 2021-08-31: rollover keeps the kind of period (a tertial stays a "
        "tertial)\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "x.json"));
}

TEST(RolloverCommand, CheckTodoListsWhatIsLeftBySection) {
    RunResult r = run_tertial({"check", "--todo", kGolden001});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out.starts_with(kGolden001 + ": ")) << r.out;
    EXPECT_TRUE(contains(r.out, "\nReport details (meta): 1 to fill in\n  " + kGolden001 + ":")) << r.out;
    EXPECT_TRUE(contains(r.out, "\n5.1 Driftsredovisning: ")) << r.out;
    EXPECT_TRUE(contains(r.out,
                         ": to review: drift: Taxor och avgifter / Budget 2023: föreslagen från Plan 2023 i Nämndens "
                         "verksamhetsplan 2022\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, ": to fill in: drift: Taxor och avgifter / Plan 2025\n")) << r.out;
    // Every to-do `check` warns about is in the list, and no more.
    RunResult all = run_tertial({"check", kGolden001});
    std::size_t warnings = 0, items = 0;
    for (std::size_t at = all.err.find("warning[todo]"); at != std::string::npos;
         at = all.err.find("warning[todo]", at + 1))
        ++warnings;
    for (std::size_t at = r.out.find("\n  "); at != std::string::npos; at = r.out.find("\n  ", at + 1)) ++items;
    EXPECT_EQ(items, warnings);
    EXPECT_TRUE(contains(all.out, fmt::format("{}: {} left to do: ", kGolden001, warnings))) << all.out;
    // A finished report has nothing left.
    RunResult done = run_tertial({"check", "--todo", kSeed001});
    EXPECT_EQ(done.out, kSeed001 + ": nothing left to do\n");
}

std::string pdf_text(const fs::path& pdf) {
    TempDir tmp;
    std::string cmd = "pdftotext " + shell_quote(pdf.string()) + " " + shell_quote(tmp / "t.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return slurp(tmp.path() / "t.txt");
}

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
    return n;
}

TEST(RolloverCommand, APdfOfADraftSaysUtkastOnEveryPage) {
    TempDir tmp;
    RunResult r = run_tertial({"build", "--format", "pdf", kGolden000, "--out", tmp.path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    fs::path pdf = tmp.path() / "san-tertial-1-2021.pdf";
    std::string text = pdf_text(pdf);
    std::size_t pages = occurrences(text, "\f");
    EXPECT_GT(pages, 10u);
    EXPECT_EQ(occurrences(text, "UTKAST"), pages);
    EXPECT_EQ(occurrences(pdf_text(seed000_pdf()), "UTKAST"), 0u) << "a finished report is no draft";
}

// The Östersund plugin's rule: goals follow fullmäktige's goal list for the new year.
TEST(RolloverCommand, OstersundsGoalListRule) {
    TempDir tmp;
    std::string text = slurp(source(kSeed000));
    auto replace = [&](const std::string& from, const std::string& to) {
        auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
    };
    // An old wording of goal 2, goal 5 missing, and a goal that is not on the list.
    replace(
        "\"title\": \"I Östersunds kommun har vi en trygg och tillgänglig infrastruktur där både stad och landsbygd "
        "växer på "
        "ett smart och hållbart sätt\"",
        "\"title\": \"Trygg och tillgänglig infrastruktur\"");
    replace("\"id\": \"mal5\"", "\"id\": \"mal9\"");
    write_file(tmp.path() / "t1.json", text);
    RunResult r = run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json", "-v"}, tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(
        contains(r.err,
                 "t1.json:598:9: warning[ostersund.goal_list]: /body/2/body/4: goal 'mal9' (\"I Östersunds "
                 "kommun finns goda förutsättningar för en meningsfull fritid och ett aktivt liv\") is not among "
                 "Östersunds kommun's goals for 2021: move its uppdrag to the goals they now serve, or remove "
                 "the section\n"))
        << r.err;
    EXPECT_TRUE(contains(r.out,
                         "  updated: /body/2/body/1/title: goal 'mal2' worded as on the goal list for 2020: 'I "
                         "Östersunds kommun har vi en trygg och tillgänglig infrastruktur där både stad och landsbygd "
                         "växer på ett smart och hållbart sätt'\n"))
        << r.out;
    EXPECT_TRUE(
        contains(r.out,
                 "  added: /body/2/body/5: goal 'mal5' is on the goal list for 2020: a section for it, uppdrag to "
                 "fill in\n"))
        << r.out;
    auto rolled = json::read_report(slurp(tmp.path() / "new.json"));
    ASSERT_TRUE(rolled.report);
    const auto& goals = std::get<Section>(rolled.report->body[2].content).body;
    std::vector<std::string> ids;
    for (const auto& b : goals)
        if (const auto* s = std::get_if<Section>(&b.content); s && s->goal) ids.push_back(*s->goal->id);
    EXPECT_EQ(ids, (std::vector<std::string>{"mal1", "mal2", "mal3", "mal4", "mal9", "mal5", "mal6", "mal7", "mal8"}));
}

}  // namespace
}  // namespace tertial::test
