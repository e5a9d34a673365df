// Rollover: the rules on small reports, in process: columns shifted by their roles, references kept bound,
// texts kept for review with last year's, decision data cleared, charts renamed with their tables. The
// command through the real binary is in rollover_command_test.cpp.
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

// A fastställd verksamhetsplan 2022 of format `version` with `body`.
std::string plan_2022(const std::string& version, const std::string& body) {
    return R"J({"format": "tertial-report", "format_version": ")J" + version + R"J(",
      "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
               "committee": {"name": "Testnämnden", "short_name": "TN"}, "kind": "verksamhetsplan",
               "title": "Verksamhetsplan 2022", "period": {"year": 2022, "end": "2022-12-31"}, "date": "2021-11-30",
               "status": "faststalld"},
      "body": )J" + body + "}";
}

// The plan's five columns, as the issue puts it: utfall 2020, budget 2021,
// budget 2022, plan 2023, plan 2024 → utfall 2021, budget 2022, budget 2023
// proposed from plan 2023, plan 2024, plan 2025 empty.
TEST(Rollover, PlanColumnsShiftTheirYears) {
    Report last = read(plan_2022("1.0", R"J([{"type": "table", "id": "drift", "unit": "mnkr",
        "columns": [{"id": "post", "title": "Post", "kind": "label"},
                    {"id": "utfall_2020", "title": "Utfall 2020", "role": {"type": "outcome_last_year", "year": 2020}},
                    {"id": "budget_2021", "title": "Budget 2021", "role": {"type": "budget", "year": 2021}},
                    {"id": "budget_2022", "title": "Budget 2022", "role": {"type": "budget", "year": 2022}},
                    {"id": "plan_2023", "title": "Plan 2023", "role": {"type": "plan", "year": 2023}},
                    {"id": "plan_2024", "title": "Plan 2024", "role": {"type": "plan", "year": 2024}}],
        "rows": [{"id": "a", "label": "A", "cells": {"utfall_2020": "1", "budget_2021": "2", "budget_2022": "3",
                                                    "plan_2023": "4", "plan_2024": "5"}}]}])J"));
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
    Report last = read(plan_2022("1.3", R"J([{"type": "table", "id": "drift", "unit": "mnkr",
        "columns": [{"id": "post", "title": "Post", "kind": "label"},
                    {"id": "budget_2022", "title": "Budget 2022", "role": {"type": "budget", "year": 2022}},
                    {"id": "plan_2023", "title": "Plan 2023", "role": {"type": "plan", "year": 2023}},
                    {"id": "plan_2024", "title": "Plan 2024", "role": {"type": "plan", "year": 2024}}],
        "rows": [{"id": "netto", "label": "Netto", "cells": {"budget_2022": "3", "plan_2023": "4", "plan_2024": "5"}}]},
       {"type": "chart", "id": "netto_diagram", "kind": "bar", "title": "Nettokostnad per år", "table": "drift",
        "series_in": "rows", "series": ["netto"], "categories": ["budget_2022", "plan_2023", "plan_2024"],
        "alt": "Nettokostnaden per år."}])J"));
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

}  // namespace
}  // namespace tertial::test
