// Rollover carries figures forward: a named figure whose role says it is last year's value of another figure is
// filled from last year's report (entered or computed, converted exactly between kr, tkr and mnkr), and stays to
// fill in, with a warning, when last year's report has no value for it; the role's own checks and format version.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/todo.hpp"

namespace tertial::test {
namespace {

// The binary must find only its own plugins, whatever the environment says.
const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items())
        out += fmt::format("{}[{}] {}: {}\n", to_string(x.severity), x.code, x.pointer, x.message);
    return out;
}

// A report of 2020 whose figures are given as `figures` (a JSON array).
std::string report_with(const std::string& figures, const std::string& version = "1.2") {
    return fmt::format(R"J({{
  "format": "tertial-report", "format_version": "{}",
  "meta": {{"municipality": {{"name": "Testby kommun", "scb_code": "9999"}},
           "committee": {{"name": "Testnämnden", "short_name": "TN"}}, "kind": "tertialrapport",
           "title": "T1 2020", "period": {{"year": 2020, "end": "2020-04-30"}}, "date": "2020-05-11",
           "status": "faststalld"}},
  "figures": {},
  "body": []
}})J",
                       version, figures);
}

Report read(const std::string& json) {
    auto r = json::read_report(json);
    EXPECT_TRUE(r.report) << messages(r.diagnostics);
    return r.report ? *r.report : Report{};
}

const Figure* figure(const Report& r, const std::string& id) {
    for (const auto& f : r.figures)
        if (f.id == id) return &f;
    return nullptr;
}

std::string value(const Report& r, const std::string& id) {
    const Figure* f = figure(r, id);
    if (!f) return "(no such figure)";
    if (f->value) return f->value->to_string();
    return f->todo ? "todo" : "(empty)";
}

std::string log_of(const RolloverLog& log, RolloverAction action) {
    std::string out;
    for (const auto& n : log.notes)
        if (n.action == action && n.pointer.starts_with("/figures")) out += n.pointer + ": " + n.message + "\n";
    return out;
}

RolloverResult roll(const std::string& json) {
    Report last = read(json);
    Diagnostics d;
    check_report(last, d);
    EXPECT_EQ(d.count(Severity::error), 0u) << messages(d);
    return rollover(last, {{2021, 4, 30}});
}

TEST(RolloverFigures, ALastYearFigureGetsLastYearsValueExactly) {
    RolloverResult r = roll(report_with(R"J([
      {"id": "eb_utfall", "label": "Ekonomiskt bistånd T1 2020", "unit": "mnkr", "value": "19.60"},
      {"id": "eb_utfall_fg", "label": "Ekonomiskt bistånd T1 2019", "unit": "mnkr", "value": "17.5",
       "role": {"last_year_of": "eb_utfall"}},
      {"id": "eb_okning", "unit": "mnkr", "calc": "eb_utfall - eb_utfall_fg"}])J"));
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    EXPECT_EQ(messages(r.diagnostics), "");
    EXPECT_EQ(value(*r.report, "eb_utfall_fg"), "19.60") << "last year's value as entered, its decimals too";
    EXPECT_EQ(value(*r.report, "eb_utfall"), "todo");
    EXPECT_EQ(value(*r.report, "eb_okning"), "(empty)") << "a calculation stays a calculation";
    EXPECT_EQ(figure(*r.report, "eb_utfall_fg")->label, "Ekonomiskt bistånd T1 2020");
    ASSERT_TRUE(figure(*r.report, "eb_utfall_fg")->role);
    EXPECT_EQ(figure(*r.report, "eb_utfall_fg")->role->last_year_of, "eb_utfall") << "so that it carries next year";
    EXPECT_EQ(log_of(r.log, RolloverAction::carried), "/figures/1: figure 'eb_utfall_fg' ← last year's 'eb_utfall' (19.60 mnkr)\n");
    // It is not a to-do: only this year's own figure is.
    std::string todos;
    for (const auto& t : todo_list(*r.report))
        if (t.pointer.starts_with("/figures")) todos += t.pointer + " " + t.message + "\n";
    EXPECT_EQ(todos, "/figures/0 to fill in: Ekonomiskt bistånd T1 2021\n");
}

TEST(RolloverFigures, AComputedFigureIsCarriedAsTheNumberItWas) {
    RolloverResult r = roll(report_with(R"J([
      {"id": "hushall_jan", "unit": "antal", "value": "580"},
      {"id": "hushall_feb", "unit": "antal", "value": "590"},
      {"id": "hushall_mar", "unit": "antal", "value": "589"},
      {"id": "hushall", "label": "Hushåll, snitt per månad 2020", "unit": "antal",
       "calc": "(hushall_jan + hushall_feb + hushall_mar) / 3"},
      {"id": "hushall_fg", "label": "Hushåll, snitt per månad 2019", "unit": "antal", "decimals": 0, "value": "553",
       "role": {"last_year_of": "hushall"}}])J"));
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    // 1759 / 3, as the engine computed it: ten decimals, not rounded to what was printed (586).
    EXPECT_EQ(value(*r.report, "hushall_fg"), "586.3333333333");
    EXPECT_EQ(figure(*r.report, "hushall_fg")->display.decimals, 0) << "printed as before";
    EXPECT_EQ(log_of(r.log, RolloverAction::carried),
              "/figures/4: figure 'hushall_fg' ← last year's 'hushall' (586.3333333333 antal)\n");
}

TEST(RolloverFigures, KronorAreConvertedExactly) {
    RolloverResult r = roll(report_with(R"J([
      {"id": "sjuklon", "unit": "mnkr", "value": "2.1"},
      {"id": "sjuklon_fg", "unit": "tkr", "value": "100", "role": {"last_year_of": "sjuklon"}},
      {"id": "bidrag", "unit": "tkr", "value": "1234.5"},
      {"id": "bidrag_fg", "unit": "mnkr", "value": "1.1", "role": {"last_year_of": "bidrag"}}])J"));
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    EXPECT_EQ(value(*r.report, "sjuklon_fg"), "2100");
    EXPECT_EQ(value(*r.report, "bidrag_fg"), "1.2345");
}

TEST(RolloverFigures, WithoutLastYearsValueItStaysToFillInAndSaysWhy) {
    RolloverResult r = roll(report_with(R"J([
      {"id": "eb_utfall", "unit": "mnkr", "todo": true},
      {"id": "eb_utfall_fg", "unit": "mnkr", "value": "17.5", "role": {"last_year_of": "eb_utfall"}},
      {"id": "hushall", "unit": "antal", "value": null},
      {"id": "hushall_fg", "unit": "antal", "value": "553", "role": {"last_year_of": "hushall"}}])J"));
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    EXPECT_EQ(value(*r.report, "eb_utfall_fg"), "todo") << "never last year's own last-year value";
    EXPECT_EQ(value(*r.report, "hushall_fg"), "todo");
    EXPECT_EQ(messages(r.diagnostics),
              "warning[rollover.last_year_missing] /figures/1: figure 'eb_utfall_fg' is last year's 'eb_utfall', but "
              "last year's report has no value for it (it was still to fill in): it stays to fill in\n"
              "warning[rollover.last_year_missing] /figures/3: figure 'hushall_fg' is last year's 'hushall', but last "
              "year's report has no value for it: it stays to fill in\n");
    EXPECT_EQ(log_of(r.log, RolloverAction::carried), "");
    EXPECT_EQ(log_of(r.log, RolloverAction::emptied),
              "/figures/1: figure 'eb_utfall_fg' is last year's 'eb_utfall', but last year's report has no value for "
              "it (it was still to fill in): it stays to fill in\n"
              "/figures/3: figure 'hushall_fg' is last year's 'hushall', but last year's report has no value for it: "
              "it stays to fill in\n");
}

TEST(RolloverFigures, TheRoleFollowsARenamedFigure) {
    RolloverResult r = roll(report_with(R"J([
      {"id": "eb_pension_2019", "label": "Bistånd T1 2019", "unit": "tkr", "value": "79",
       "role": {"last_year_of": "eb_pension_2020"}},
      {"id": "eb_pension_2020", "label": "Bistånd T1 2020", "unit": "tkr", "value": "131"}])J"));
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    // Ids that name their years move on with the report: this year's 2020 is last year's 2020.
    EXPECT_EQ(value(*r.report, "eb_pension_2020"), "131");
    EXPECT_EQ(figure(*r.report, "eb_pension_2020")->role->last_year_of, "eb_pension_2021");
    EXPECT_EQ(value(*r.report, "eb_pension_2021"), "todo");
    EXPECT_EQ(log_of(r.log, RolloverAction::carried),
              "/figures/0: figure 'eb_pension_2020' ← last year's 'eb_pension_2020' (131 tkr)\n");
}

TEST(RolloverFigures, ARoleNamesAFigureOfTheReportInAUnitThatCanCarry) {
    Report bad = read(report_with(R"J([
      {"id": "eb_utfall", "unit": "mnkr", "value": "19.6"},
      {"id": "andel", "unit": "%", "value": "5"},
      {"id": "a", "unit": "mnkr", "value": "1", "role": {"last_year_of": "eb_utfal"}},
      {"id": "b", "unit": "mnkr", "value": "1", "role": {"last_year_of": "b"}},
      {"id": "c", "unit": "mnkr", "value": "1", "role": {"last_year_of": "andel"}},
      {"id": "d", "unit": "tkr", "value": "1", "role": {"last_year_of": "eb_utfall"}}])J"));
    Diagnostics d;
    resolve(bad, d);
    EXPECT_EQ(messages(d),
              "error[figure.role] /figures/2/role/last_year_of: figure 'a' is last year's value of 'eb_utfal', which is "
              "not a figure of this report, did you mean 'eb_utfall'?\n"
              "error[figure.role] /figures/3/role/last_year_of: figure 'b' cannot be last year's value of itself\n"
              "error[figure.role] /figures/4/role/last_year_of: figure 'c' is in mnkr but 'andel', whose last year's "
              "value it is, is in %\n");
    RolloverResult r = rollover(bad, {{2021, 4, 30}});
    EXPECT_FALSE(r.report);
    EXPECT_EQ(messages(r.diagnostics),
              "error[rollover.input] : last year's report has 3 errors: fix them (tertial check) before rolling it "
              "over\n");
}

TEST(RolloverFigures, TheRoleIsNewInFormat1_2AndNotForACalculation) {
    auto old = json::read_report(report_with(
        R"J([{"id": "x", "unit": "mnkr", "value": "1"},
             {"id": "x_fg", "unit": "mnkr", "value": "1", "role": {"last_year_of": "x"}}])J",
        "1.1"));
    EXPECT_FALSE(old.report);
    EXPECT_EQ(messages(old.diagnostics),
              "error[json.version] /figures/1/role: 'role' is new in format version 1.2, but this file says "
              "\"format_version\": \"1.1\"; write \"1.2\"\n");
    auto calc = json::read_report(report_with(
        R"J([{"id": "x", "unit": "mnkr", "value": "1"},
             {"id": "x_fg", "unit": "mnkr", "calc": "x - 1", "role": {"last_year_of": "x"}},
             {"id": "y_fg", "unit": "mnkr", "todo": true, "role": {"of": "x"}}])J"));
    EXPECT_FALSE(calc.report);
    EXPECT_EQ(messages(calc.diagnostics),
              "error[figure.role] /figures/1/role: figure 'x_fg' is computed (\"calc\"), so rollover computes it "
              "again: a role is for an entered figure, or one still to fill in\n"
              "error[json.unknown_key] /figures/2/role/of: unknown key 'of'\n"
              "error[json.missing_key] /figures/2/role: missing required key 'last_year_of'\n");
}

// Last year's imports say where last year's figures came from: once the
// figures are carried into other columns or emptied, the sources go too.
TEST(RolloverFigures, LastYearsImportSourcesAreDropped) {
    std::string json = report_with("[]");
    const std::string sha = std::string(64, 'a');
    json.replace(json.find("\"body\": []"), 10, fmt::format(R"J("body": [
    {{"type": "table", "id": "drift", "unit": "mnkr",
     "columns": [{{"id": "post", "title": "Post", "kind": "label"}},
                 {{"id": "utfall", "title": "Utfall 200430", "role": {{"type": "outcome", "until": "2020-04-30"}}}},
                 {{"id": "utfall_fg", "title": "Utfall 190430", "role": {{"type": "outcome_same_period_last_year", "until": "2019-04-30"}}}}],
     "rows": [{{"id": "taxor", "label": "Taxor", "cells": {{"utfall": "1.7", "utfall_fg": "1.5"}}}}],
     "sources": [{{"kind": "ledger", "column": "utfall", "file": "huvudbok.csv", "sha256": "{0}", "rows": 3, "date": "2020-05-04", "print": true}}]}},
    {{"type": "key_figures", "groups": [{{"goal": "Mål", "items": [{{"id": "kf", "name": "Andel", "unit": "%", "year": "2019", "value": "80.1", "comment": ""}}]}}],
     "sources": [{{"kind": "kolada", "file": "kolada.json", "sha256": "{0}", "rows": 1, "date": "2020-05-03"}}]}}])J", sha));
    Report last = read(json);
    ASSERT_EQ(std::get<Table>(last.body.at(0).content).sources.size(), 1u);
    RolloverResult r = roll(json);
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    const Table& t = std::get<Table>(r.report->body.at(0).content);
    EXPECT_EQ(t.rows.at(0).cell("utfall_fg")->index(), 1u) << "last year's utfall is carried";
    EXPECT_TRUE(t.sources.empty());
    EXPECT_TRUE(std::get<KeyFigures>(r.report->body.at(1).content).sources.empty());
}

TEST(RolloverFigures, WrittenAndReadBack) {
    Report r = read(report_with(R"J([{"id": "x", "unit": "mnkr", "value": "1"},
      {"id": "x_fg", "unit": "mnkr", "todo": true, "role": {"last_year_of": "x"}}])J"));
    std::string written = json::write_report(r);
    EXPECT_NE(written.find("\"todo\": true,\n      \"role\": {\n        \"last_year_of\": \"x\"\n      }"),
              std::string::npos)
        << written;
    EXPECT_EQ(read(written), r);
}

// Seed 000 through the real binary: Östersund's T1 2020 holds eb_utfall (19,6 mnkr) and hushall_eb (586); the
// rolled T1 2021 has them as last year's figures, and the text that compares with them prints them.
TEST(RolloverFiguresCommand, Seed000CarriesItsLastYearFigures) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", "-v", "examples/ostersund/san-tertial-1-2020.json", "--to", "2021-04-30",
                               "-o", tmp / "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  carried: /figures/9: figure 'eb_utfall_fg' ← last year's 'eb_utfall' (19.6 mnkr)\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  carried: /figures/11: figure 'hushall_eb_fg' ← last year's 'hushall_eb' (586 antal)\n"),
              std::string::npos)
        << r.out;
    auto next = json::read_report(slurp(tmp.path() / "t1.json"));
    ASSERT_TRUE(next.report);
    EXPECT_EQ(value(*next.report, "eb_utfall_fg"), "19.6");
    EXPECT_EQ(value(*next.report, "hushall_eb_fg"), "586");
    EXPECT_EQ(value(*next.report, "eb_utfall"), "todo");
}

}  // namespace
}  // namespace tertial::test
