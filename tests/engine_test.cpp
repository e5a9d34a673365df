// The calculation engine: every calculation, empty cells, entered-vs-computed checks, cycles, text.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>

#include "tertial/expr.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/text_refs.hpp"

namespace tertial {
namespace {

// A minimal report around the given body/figures JSON fragments.
std::string report_json(const std::string& body, const std::string& figures = "[]") {
    return fmt::format(R"J({{
  "format": "tertial-report", "format_version": "1.0",
  "meta": {{"municipality": {{"name": "Testby kommun", "scb_code": "9999"}},
            "committee": {{"name": "Testnämnden", "short_name": "TN"}},
            "kind": "tertialrapport", "title": "Test", "period": {{"year": 2020, "end": "2020-04-30"}},
            "date": "2020-05-11", "status": "utkast"}},
  "figures": {},
  "body": {}
}})J",
                       figures, body);
}

struct Checked {
    Resolution resolution;
    Diagnostics diagnostics;
    std::string value(const std::string& id) const {
        const auto* f = resolution.find(id);
        return f && f->value ? f->value->to_string() : "(empty)";
    }
    std::string text(const std::string& id) const {
        const auto* f = resolution.find(id);
        return f ? f->text(NumberStyle::plain) : "(none)";
    }
    std::vector<std::string> codes() const {
        std::vector<std::string> out;
        for (const auto& d : diagnostics.items()) out.push_back(d.code);
        return out;
    }
    std::string messages() const {
        std::string out;
        for (const auto& d : diagnostics.items()) out += d.code + " " + d.pointer + ": " + d.message + "\n";
        return out;
    }
};

Checked check(const std::string& json) {
    auto read = json::read_report(json);
    Checked c;
    if (!read.report) {
        c.diagnostics = read.diagnostics;
        ADD_FAILURE() << "report did not read:\n" << Checked{{}, read.diagnostics}.messages();
        return c;
    }
    c.resolution = check_report(*read.report, c.diagnostics);
    return c;
}

// A driftredovisning-shaped table: intäkter, kostnader with a varav row, result, deviation and share columns.
const std::string drift_table = R"J([{"type": "table", "id": "t", "unit": "mnkr",
  "columns": [{"id": "post", "title": "Post", "kind": "label"},
              {"id": "budget", "title": "Budget"}, {"id": "utfall", "title": "Utfall"},
              {"id": "prognos", "title": "Prognos"},
              {"id": "avvikelse", "title": "Avvikelse", "calc": "budget - prognos"},
              {"id": "andel", "title": "Andel", "unit": "%", "decimals": 1, "calc": "share(utfall, budget)"}],
  "rows": [
    {"id": "a", "label": "Intäkt A", "cells": {"budget": "1.7", "utfall": "1", "prognos": "1.7"}},
    {"id": "b", "label": "Intäkt B", "cells": {"budget": "11.5", "utfall": "4", "prognos": "11.5"}},
    {"id": "tom", "label": "Tom rad", "cells": {}},
    {"id": "intakter", "label": "SUMMA INTÄKTER", "kind": "total", "calc": "sum(a..tom)"},
    {"id": "k", "label": "Personal", "cells": {"budget": "10.0", "utfall": "4", "prognos": "12.5"}},
    {"id": "varav", "label": "- varav arvoden", "kind": "varav", "cells": {"budget": "2.0", "utfall": "1", "prognos": "2.0"}},
    {"id": "kop", "label": "Köp", "cells": {"budget": "3.2", "utfall": "1.9", "prognos": "3.2"}},
    {"id": "kostnader", "label": "SUMMA KOSTNADER", "kind": "total", "calc": "sum(k..kop)"},
    {"id": "resultat", "label": "RESULTAT", "kind": "total", "calc": "intakter - kostnader"}
  ]}])J";

// The index refers to the figures' own ids: a copy gets its own, and the
// places dropped after diagnostics leave every figure found.
TEST(Resolution, ACopyHasItsOwnIndexAndDroppedPlacesLeaveFiguresFound) {
    auto copy = std::make_unique<Resolution>();
    {
        Resolution original;
        for (int i = 0; i < 100; ++i) {
            ResolvedFigure f;
            f.id = fmt::format("tabell.rad{}.kolumn_med_ett_langt_namn", i);  // longer than a string holds in place
            f.pointer = fmt::format("/body/0/rows/{}/cells/kolumn_med_ett_langt_namn", i);
            f.label = fmt::format("tabell: Rad {} / Kolumn", i);
            f.value = Decimal::parse(std::to_string(i));
            original.figures.push_back(std::move(f));
        }
        original.index();
        *copy = original;
        Resolution moved = std::move(original);
        ASSERT_NE(moved.find("tabell.rad7.kolumn_med_ett_langt_namn"), nullptr);
        EXPECT_EQ(moved.find("tabell.rad7.kolumn_med_ett_langt_namn")->value->to_string(), "7");
    }  // the original's figures are gone
    const ResolvedFigure* f = copy->find("tabell.rad42.kolumn_med_ett_langt_namn");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f, &copy->figures[42]);
    EXPECT_EQ(f->label, "tabell: Rad 42 / Kolumn");
    copy->drop_places();
    EXPECT_TRUE(copy->figures[42].pointer.empty());
    EXPECT_TRUE(copy->figures[42].label.empty());
    EXPECT_EQ(copy->find("tabell.rad42.kolumn_med_ett_langt_namn"), &copy->figures[42]);
    EXPECT_EQ(copy->find("tabell.rad100.kolumn_med_ett_langt_namn"), nullptr);
}

// The index is the figures in the order of their ids: every id is found,
// whatever its place in the document; of two equal ids the first (as the
// checks report the second); nothing for an id between two others.
TEST(Resolution, FindsEveryIdTheFirstOfTwoEqualOnesAndNoneBetween) {
    Resolution r;
    for (const char* id : {"t.b.utfall", "t.a.utfall", "t.c.budget", "t.a.budget", "t.b.utfall", "nyckeltal.x"}) {
        ResolvedFigure f;
        f.id = id;
        f.pointer = fmt::format("/figure/{}", r.figures.size());
        r.figures.push_back(std::move(f));
    }
    r.index();
    for (std::size_t i = 0; i < r.figures.size(); ++i) {
        if (i != 4) {
            EXPECT_EQ(r.find(r.figures[i].id), &r.figures[i]) << r.figures[i].id;
        }
    }
    EXPECT_EQ(r.find("t.b.utfall"), &r.figures[0]) << "the first of two";
    for (const char* none : {"", "t.a", "t.b.utfall2", "t.bb.utfall", "z", "nyckeltal"}) EXPECT_EQ(r.find(none), nullptr) << none;
}

TEST(Engine, SumOfRowsSkipsVaravRowsAndEmptyCells) {
    auto c = check(report_json(drift_table));
    EXPECT_EQ(c.value("t.intakter.budget"), "13.2");
    EXPECT_EQ(c.value("t.intakter.utfall"), "5");
    EXPECT_EQ(c.value("t.kostnader.budget"), "13.2");  // 10.0 + 3.2, not + 2.0
    EXPECT_EQ(c.value("t.kostnader.utfall"), "5.9");
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

TEST(Engine, ResultIsIncomeMinusCostsKeepingTheInputsDecimals) {
    auto c = check(report_json(drift_table));
    EXPECT_EQ(c.value("t.resultat.budget"), "0.0");
    EXPECT_EQ(c.value("t.resultat.utfall"), "-0.9");
    EXPECT_EQ(c.text("t.resultat.utfall"), "-0,9");
    EXPECT_EQ(c.value("t.resultat.prognos"), "-2.5");
}

TEST(Engine, DeviationAgainstBudgetIsAColumnCalculation) {
    auto c = check(report_json(drift_table));
    EXPECT_EQ(c.value("t.k.avvikelse"), "-2.5");
    EXPECT_EQ(c.value("t.resultat.avvikelse"), "2.5");  // column calc wins over the row's
}

TEST(Engine, ShareOfBudgetInPercent) {
    auto c = check(report_json(drift_table));
    EXPECT_EQ(c.text("t.intakter.andel"), "37,9");  // 5 / 13.2
    EXPECT_EQ(c.resolution.find("t.intakter.andel")->unit, Unit::percent);
}

TEST(Engine, EmptyCellIsNotZero) {
    auto c = check(report_json(drift_table));
    EXPECT_EQ(c.value("t.tom.budget"), "(empty)");
    EXPECT_EQ(c.value("t.tom.avvikelse"), "(empty)");  // empty − empty is empty, not 0
    EXPECT_EQ(c.value("t.tom.andel"), "(empty)");
}

TEST(Engine, SeedShareOfAnnualBudget) {
    // Seed 002: Summa intäkter 238 833 of 724 091 = 33,0 %.
    auto c = check(report_json(R"J([{"type": "table", "id": "m", "unit": "tkr",
      "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "budget", "title": "Årsbudget"},
                  {"id": "utfall", "title": "Utfall"},
                  {"id": "andel", "title": "Andel", "unit": "%", "decimals": 1, "calc": "share(utfall, budget)"}],
      "rows": [{"id": "intakter", "label": "Summa intäkter", "cells": {"budget": "724091", "utfall": "238833"}}]}])J"));
    EXPECT_EQ(c.text("m.intakter.andel"), "33,0");
}

TEST(Engine, ChangeAgainstLastYearInKronorAndPercentAndTertialSums) {
    // Seed 002, ekonomiskt bistånd: T1 2020 7 808 020, T1 2021 6 285 656, −19 %, −1 522 364.
    auto c = check(report_json(R"J([{"type": "table", "id": "eb", "unit": "kr",
      "columns": [{"id": "manad", "title": "Månad", "kind": "label"},
                  {"id": "ar2020", "title": "2020"}, {"id": "ar2021", "title": "2021"},
                  {"id": "diff_kr", "title": "Diff kr", "calc": "ar2021 - ar2020"},
                  {"id": "diff_pct", "title": "Diff %", "unit": "%", "decimals": 0, "calc": "change_pct(ar2021, ar2020)"}],
      "rows": [
        {"id": "jan", "label": "Januari", "month": "2021-01", "cells": {"ar2020": "1900000", "ar2021": "1600000"}},
        {"id": "feb", "label": "Februari", "month": "2021-02", "cells": {"ar2020": "1950000", "ar2021": "1550000"}},
        {"id": "mar", "label": "Mars", "month": "2021-03", "cells": {"ar2020": "2000000", "ar2021": "1585656"}},
        {"id": "apr", "label": "April", "month": "2021-04", "cells": {"ar2020": "1958020", "ar2021": "1550000"}},
        {"id": "maj", "label": "Maj", "month": "2021-05", "cells": {"ar2020": "2100000"}},
        {"id": "t1", "label": "Summa T1", "kind": "subtotal", "calc": "tertial(1)"},
        {"id": "t2", "label": "Summa T2", "kind": "subtotal", "calc": "tertial(2)"}
      ]}])J"));
    EXPECT_EQ(c.value("eb.t1.ar2020"), "7808020");
    EXPECT_EQ(c.value("eb.t1.ar2021"), "6285656");
    EXPECT_EQ(c.value("eb.t1.diff_kr"), "-1522364");
    EXPECT_EQ(c.text("eb.t1.diff_pct"), "-19");
    EXPECT_EQ(c.value("eb.t2.ar2020"), "2100000");
    EXPECT_EQ(c.value("eb.t2.ar2021"), "(empty)");
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

TEST(Engine, EnteredTotalThatAgreesAsPrintedIsAccepted) {
    // A printed 187 agrees with a computed 186.9 rounded to the printed decimals.
    auto c = check(report_json(R"J([{"type": "table", "id": "t", "unit": "mnkr",
      "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "utfall", "title": "Utfall 190430"}],
      "rows": [{"id": "a", "label": "A", "cells": {"utfall": "63"}},
               {"id": "b", "label": "B", "cells": {"utfall": "123.9"}},
               {"id": "summa", "label": "SUMMA", "kind": "total", "calc": "sum(a..b)", "cells": {"utfall": "187"}}]}])J"));
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
    EXPECT_EQ(c.value("t.summa.utfall"), "186.9");  // the exact value is kept ...
    EXPECT_EQ(c.text("t.summa.utfall"), "187");      // ... and shown as printed
}

TEST(Engine, EnteredTotalThatDisagreesIsAnErrorNamingBothNumbersAndTheRows) {
    auto c = check(report_json(R"J([{"type": "table", "id": "t", "unit": "mnkr",
      "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "utfall", "title": "Utfall"}],
      "rows": [{"id": "a", "label": "Personalkostnader", "cells": {"utfall": "63.0"}},
               {"id": "b", "label": "Köp av verksamhet", "cells": {"utfall": "123.9"}},
               {"id": "summa", "label": "SUMMA KOSTNADER", "kind": "total", "calc": "sum(a..b)", "cells": {"utfall": "187.0"}}]}])J"));
    ASSERT_EQ(c.codes(), std::vector<std::string>{"check.total"});
    const auto& d = c.diagnostics.items().front();
    EXPECT_EQ(d.pointer, "/body/0/rows/2/cells/utfall");
    EXPECT_EQ(d.message,
              "t: SUMMA KOSTNADER / Utfall is entered as 187,0 but sum(a..b) gives 186,9 "
              "(from Personalkostnader / Utfall = 63,0; Köp av verksamhet / Utfall = 123,9)");
}

TEST(Engine, NamedFiguresCalculateFromFigureIds) {
    auto c = check(report_json(drift_table, R"J([
        {"id": "atgardsplan", "unit": "mnkr", "decimals": 1, "value": "4.4"},
        {"id": "utan_atgard", "unit": "mnkr", "calc": "t.resultat.prognos - atgardsplan"},
        {"id": "att_fylla", "unit": "mnkr", "todo": true}])J"));
    EXPECT_EQ(c.value("utan_atgard"), "-6.9");
    EXPECT_EQ(c.codes(), std::vector<std::string>{"todo"});
}

TEST(Engine, CircularCalculationNamesTheCycle) {
    auto c = check(report_json("[]", R"J([
        {"id": "a", "unit": "kr", "calc": "b + 1"},
        {"id": "b", "unit": "kr", "calc": "a + 1"}])J"));
    ASSERT_EQ(c.codes(), std::vector<std::string>{"calc.cycle"});
    EXPECT_EQ(c.diagnostics.items()[0].message, "circular calculation: a → b → a");
    EXPECT_EQ(c.value("a"), "(empty)");
}

TEST(Engine, UnitsMustAgree) {
    auto c = check(report_json("[]", R"J([
        {"id": "a", "unit": "kr", "value": "1"}, {"id": "b", "unit": "tkr", "value": "1"},
        {"id": "c", "unit": "kr", "calc": "a + b"}])J"));
    ASSERT_EQ(c.codes(), std::vector<std::string>{"calc.unit"});
    EXPECT_EQ(c.diagnostics.items()[0].message, "in calculation 'a + b': cannot add kr and tkr");
}

TEST(Engine, EqualityChecks) {
    auto json = report_json(drift_table, R"J([{"id": "x", "unit": "mnkr", "value": "-2.4"}])J");
    json.insert(json.rfind("\"body\""), R"J("checks": [{"id": "lika", "left": "x", "right": "t.resultat.prognos", "message": "Ska stämma"}],
  )J");
    auto d = check(json);
    ASSERT_EQ(d.codes(), std::vector<std::string>{"check.equal"});
    EXPECT_EQ(d.diagnostics.items()[0].message, "Ska stämma: x is -2,4 but t.resultat.prognos is -2,5");
}

TEST(Engine, TextIsRenderedFromFiguresWithFilters) {
    auto c = check(report_json(R"J([{"type": "paragraph", "text": "Underskott med {{t.resultat.prognos|abs}}, exakt {{t.resultat.prognos|number}}, heltal {{t.resultat.prognos|decimals=0}}."}, )J" +
                               drift_table.substr(1)));
    ASSERT_EQ(c.resolution.texts.size(), 1u);
    EXPECT_EQ(c.resolution.texts[0].first, "/body/0/text");
    EXPECT_EQ(c.resolution.texts[0].second,
              "Underskott med 2,5\u00A0mnkr, exakt \u22122,5, heltal \u22123\u00A0mnkr.");
}

TEST(Engine, SectionsAreNumberedFromTheirNesting) {
    auto c = check(report_json(R"J([
      {"type": "section", "title": "Ett", "body": [
         {"type": "section", "title": "Ett.ett", "body": []},
         {"type": "section", "title": "Onumrerad", "numbered": false, "body": []},
         {"type": "section", "title": "Ett.två", "body": [{"type": "section", "title": "Ett.två.ett", "body": []}]}]},
      {"type": "section", "title": "Två", "body": []}])J"));
    std::vector<std::pair<std::string, std::string>> expected{{"/body/0", "1"},
                                                              {"/body/0/body/0", "1.1"},
                                                              {"/body/0/body/2", "1.2"},
                                                              {"/body/0/body/2/body/0", "1.2.1"},
                                                              {"/body/1", "2"}};
    EXPECT_EQ(c.resolution.sections, expected);
}

TEST(Expr, ParsesPrecedenceRangesAndCalls) {
    auto r = parse_expr("sum(a..b, c) - 2 * d / (e + 1)");
    ASSERT_TRUE(r.expr) << r.error;
    EXPECT_EQ(r.expr->kind, Expr::Kind::chain);
    EXPECT_EQ(r.expr->ops, std::vector<Expr::Op>{Expr::Op::subtract});
    EXPECT_EQ(r.expr->args[0]->kind, Expr::Kind::call);
    EXPECT_EQ(r.expr->args[0]->args[0]->kind, Expr::Kind::range);
    EXPECT_EQ(r.expr->args[1]->kind, Expr::Kind::chain);
    EXPECT_EQ(r.expr->args[1]->ops, (std::vector<Expr::Op>{Expr::Op::multiply, Expr::Op::divide}));
    std::vector<std::string> names;
    collect_names(*r.expr, names);
    EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    EXPECT_TRUE(parse_expr("drift.resultat.prognos - atgardsplan").expr);
}

TEST(Expr, ReportsWhereItFails) {
    auto r = parse_expr("sum(a, b");
    EXPECT_FALSE(r.expr);
    EXPECT_EQ(r.error, "expected ',' or ')'");
    EXPECT_EQ(r.error_offset, 8u);
    EXPECT_EQ(parse_expr("a + * b").error, "unexpected '*'");
    EXPECT_EQ(parse_expr("").error, "expression ends too early");
}

std::string repeated(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// Operators of one level are a loop, not a tree as deep as the sum is long:
// 20 000 terms parse, evaluate and free without recursion per term.
TEST(Expr, LongFlatSumIsOneChain) {
    std::string sum = "1";  // appended, not "1" + ...: GCC 12's -Wrestrict false positive (bug 105329)
    sum += repeated(" + 1", 19999);
    sum += " - 2 * 3";
    auto r = parse_expr(sum);
    ASSERT_TRUE(r.expr) << r.error;
    EXPECT_EQ(r.expr->args.size(), 20001u);
    auto c = check(report_json("[]", std::string(R"J([{"id": "a", "unit": "kr", "calc": "1)J") + repeated("+1", 19999) + R"J("}])J"));
    EXPECT_EQ(c.value("a"), "20000");
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

// Brackets, calls and minus signs nest by recursion: beyond 64 levels the
// calculation is refused, at the character that opens level 65.
TEST(Expr, NestingDeeperThanTheLimitIsRefused) {
    EXPECT_TRUE(parse_expr(repeated("(", 64) + "1" + repeated(")", 64)).expr);
    // Level 65 opens at: the 65th '(' or '-', the 65th call's '(', the 33rd '-'.
    for (const auto& [open, at] : std::vector<std::pair<std::string, std::size_t>>{
             {"(", 64}, {"-", 64}, {"abs(", 64 * 4 + 3}, {"- (", 32 * 3}}) {
        auto r = parse_expr(repeated(open, 20000) + "1");
        EXPECT_FALSE(r.expr) << open;
        EXPECT_TRUE(r.too_deep) << open;
        EXPECT_EQ(r.error, "nested more than 64 deep") << open;
        EXPECT_EQ(r.error_offset, at) << open;
    }
    auto c = check(report_json("[]", R"J([{"id": "a", "unit": "kr", "calc": "x + )J" + repeated("abs(", 70) + "1" +
                                         repeated(")", 70) + R"J("}])J"));
    ASSERT_EQ(c.codes(), std::vector<std::string>{"calc.depth"});
    EXPECT_EQ(c.diagnostics.items()[0].pointer, "/figures/0/calc");
    EXPECT_EQ(c.diagnostics.items()[0].message,
              "the calculation nests brackets, function calls and minus signs more than 64 deep (at character 264); "
              "a report's calculations nest two or three");
}

// figures "f0".."f{n-1}", each the next one plus 1; the last refers to
// `last` (a value ends the chain, "f0" closes a cycle).
std::string figure_chain(std::size_t n, const std::string& last) {
    std::string figures = "[";
    for (std::size_t i = 0; i < n; ++i)
        figures += fmt::format(R"J({{"id": "f{}", "unit": "kr", "calc": "{} + 1"}},)J", i, i + 1 < n ? fmt::format("f{}", i + 1) : last);
    return figures + R"J({"id": "start", "unit": "kr", "value": "1"}])J";
}

// A chain of references is evaluated with an explicit stack: its length is
// not limited by the stack (it overflowed at 8 000 figures).
TEST(Engine, LongChainOfReferencesIsEvaluatedWithoutRecursion) {
    auto c = check(report_json("[]", figure_chain(20000, "start")));
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
    EXPECT_EQ(c.value("f0"), "20001");
    EXPECT_EQ(c.value("f19999"), "2");
}

TEST(Engine, LongCycleIsNamedByItsFirstFiguresAndCount) {
    auto c = check(report_json("[]", figure_chain(10000, "f0")));
    ASSERT_EQ(c.codes(), std::vector<std::string>{"calc.cycle"});
    EXPECT_EQ(c.diagnostics.items()[0].pointer, "/figures/0/calc");
    EXPECT_EQ(c.diagnostics.items()[0].message,
              "circular calculation through 10000 figures: f0 → f1 → f2 → f3 → … → f9999 → f0");
    EXPECT_EQ(c.value("f5000"), "(empty)");
}

// What a calculation refers to is found before it is computed; a cycle
// through a range, or one reached only after an error, is still the cycle.
TEST(Engine, CyclesThroughRangesAndAfterOtherErrors) {
    auto c = check(report_json(R"J([{"type": "table", "id": "t", "unit": "kr",
      "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "v", "title": "V"}],
      "rows": [{"id": "a", "label": "A", "cells": {"v": {"calc": "t.s.v"}}},
               {"id": "s", "label": "S", "kind": "total", "calc": "sum(a..a)"}]}])J",
                               R"J([{"id": "x", "unit": "kr", "calc": "nosuch + y"},
                                   {"id": "y", "unit": "kr", "calc": "x"}])J"));
    EXPECT_EQ(c.messages(),
              "calc.cycle /figures/0/calc: circular calculation: x → y → x\n"
              "calc.unknown_name /figures/0/calc: in calculation 'nosuch + y' at character 1: unknown figure 'nosuch'\n"
              "calc.cycle /body/0/rows/0/cells/v/calc: circular calculation: t.a.v → t.s.v → t.a.v\n");
}

std::string read_errors(const std::string& json) {
    std::string out;
    auto read = json::read_report(json);
    for (const auto& d : read.diagnostics.items())
        out += d.code + " " + d.pointer + ": " + d.message + "\n";
    return out;
}

// A C1 control is named with the Windows-1252 character it stood for; a
// carriage return is told that a line break is \n.
TEST(Reader, ControlCharactersAreRefusedWithWhatWasMeant) {
    auto with_title = [](const std::string& title) {
        std::string json = report_json("[]");
        json.replace(json.find("\"Test\""), 6, "\"" + title + "\"");
        return json;
    };
    EXPECT_EQ(read_errors(with_title("Budget \\u0096 prognos")),
              "json.control_character /meta/title: the string holds a control character U+0096 at character 8; text "
              "converted from Windows-1252 by mistake holds it in place of '–': write that\n");
    EXPECT_EQ(read_errors(with_title("Rad\\r\\nrad")),
              "json.control_character /meta/title: the string holds a control character U+000D (CR) at character 4; a "
              "line break is \\n alone\n");
    EXPECT_EQ(read_errors(with_title("Tab\\toch\\nrad")), "");
    // Written as the bytes themselves, not as escapes: the reader looks at
    // the strings only when the text's bytes say one may hold a control.
    EXPECT_EQ(read_errors(with_title("Budget \xC2\x96 prognos")),
              "json.control_character /meta/title: the string holds a control character U+0096 at character 8; text "
              "converted from Windows-1252 by mistake holds it in place of '–': write that\n");
    const std::string remove =
        "; remove it (the only control characters a string may hold are tab and line feed, \\t and \\n)\n";
    EXPECT_EQ(read_errors(with_title("Rad\x7F")),
              "json.control_character /meta/title: the string holds a control character U+007F (DEL) at character 4" + remove);
    EXPECT_EQ(read_errors(with_title("Rad\\bx")),
              "json.control_character /meta/title: the string holds a control character U+0008 (BS) at character 4" + remove);
    EXPECT_EQ(read_errors(with_title("Rad\\fx")),
              "json.control_character /meta/title: the string holds a control character U+000C (FF) at character 4" + remove);
    // A backslash written as \\ before an r is a backslash and an r.
    EXPECT_EQ(read_errors(with_title("C:\\\\rapport\\\\\\\\")), "");
}

TEST(Reader, Utf16AndUtf32AreNamed) {
    auto encode = [](const std::string& ascii, std::size_t width, bool big_endian, const std::string& bom) {
        std::string out = bom;
        for (char c : ascii) {
            std::string unit(width, '\0');
            unit[big_endian ? width - 1 : 0] = c;
            out += unit;
        }
        return out;
    };
    const std::string json = "{\"format\": \"tertial-report\"}";
    EXPECT_EQ(read_errors(encode(json, 2, true, "")), "json.encoding : the file is UTF-16 (big endian); save it as UTF-8\n");
    EXPECT_EQ(read_errors(encode(json, 2, true, "\xFE\xFF")),
              "json.encoding : the file is UTF-16 (big endian); save it as UTF-8\n");
    EXPECT_EQ(read_errors(encode(json, 4, false, std::string("\xFF\xFE\0\0", 4))),
              "json.encoding : the file is UTF-32 (little endian); save it as UTF-8\n");
    EXPECT_EQ(read_errors(encode(json, 4, false, "")),
              "json.encoding : the file is UTF-32 (little endian); save it as UTF-8\n");
    EXPECT_EQ(read_errors("\xEF\xBB\xBF" + report_json("[]")), "");  // UTF-8 with a byte order mark
}

// Keys written with escapes are the same key.
TEST(Reader, DuplicateKeysAreFoundThroughEscapes) {
    std::string json = report_json("[]");
    json.replace(json.find("\"title\": \"Test\""), 15, "\"title\": \"Test\", \"tit\\u006ce\": \"Test\"");
    auto read = json::read_report(json);
    ASSERT_EQ(read.diagnostics.items().size(), 1u);
    const auto& d = read.diagnostics.items()[0];
    EXPECT_EQ(d.code, "json.duplicate_key");
    EXPECT_EQ(d.pointer, "/meta/title");
    EXPECT_EQ(d.message, "the key 'title' is written twice in this object, first at line 5, column 39; write it once");
    EXPECT_EQ(d.line, 5u);
    EXPECT_EQ(d.column, 56u);
}

TEST(TextRefs, ParsesReferencesAndFilters) {
    auto p = parse_text_refs("Med {{ a.b | abs | decimals=1 }} och {{c|number}}.");
    ASSERT_FALSE(p.error);
    ASSERT_EQ(p.pieces.size(), 5u);
    const auto& ref = std::get<TextRef>(p.pieces[1]);
    EXPECT_EQ(ref.figure_id, "a.b");
    EXPECT_TRUE(ref.abs);
    EXPECT_EQ(ref.decimals, 1);
    EXPECT_TRUE(std::get<TextRef>(p.pieces[3]).number);
}

TEST(TextRefs, RejectsMalformedReferences) {
    EXPECT_EQ(parse_text_refs("a {{x").error->message, "'{{' is not closed with '}}'");
    EXPECT_EQ(parse_text_refs("a }} b").error->message, "'}}' without a matching '{{'");
    EXPECT_EQ(parse_text_refs("{{X}}").error->message, "'X' is not a figure id (lowercase letters, digits, '_' and '.')");
    EXPECT_EQ(parse_text_refs("{{x|round}}").error->message, "unknown filter 'round' (known: abs, number, decimals=N)");
}

}  // namespace
}  // namespace tertial

namespace tertial {
namespace {

const std::string rounded_table = R"J([{"type": "table", "id": "m", "unit": "tkr", "rounded": ROUNDED,
  "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "summa", "title": "Summa"}],
  "rows": [{"id": "a", "label": "Skattemedel", "cells": {"summa": "52118"}},
           {"id": "b", "label": "Bidrag", "cells": {"summa": "51105"}},
           {"id": "c", "label": "Övrigt", "cells": {"summa": "SMALL"}},
           {"id": "t", "label": "Summa", "kind": "total", "calc": "sum(a..c)", "cells": {"summa": "TOTAL"}}]}])J";

std::string with(std::string s, const std::string& rounded, const std::string& small, const std::string& total) {
    for (auto [key, value] : {std::pair<std::string, std::string>{"ROUNDED", rounded}, {"SMALL", small}, {"TOTAL", total}})
        s.replace(s.find(key), key.size(), value);
    return s;
}

// Rounded parts: 52 118 + 51 105 + 49 511 = 152 734, printed as 152 735.
TEST(Engine, RoundedTableAcceptsATotalWithinTheRoundingOfItsParts) {
    auto strict = check(report_json(with(rounded_table, "false", "49511", "152735")));
    EXPECT_EQ(strict.codes(), std::vector<std::string>{"check.total"});
    auto rounded = check(report_json(with(rounded_table, "true", "49511", "152735")));
    EXPECT_TRUE(rounded.diagnostics.empty()) << rounded.messages();
    EXPECT_EQ(rounded.value("m.t.summa"), "152735");  // the printed total, not the sum of rounded parts
    // Three parts and the total: at most two units off; three is an error.
    auto two_off = check(report_json(with(rounded_table, "true", "49511", "152736")));
    EXPECT_TRUE(two_off.diagnostics.empty()) << two_off.messages();
    auto three_off = check(report_json(with(rounded_table, "true", "49511", "152737")));
    EXPECT_EQ(three_off.codes(), std::vector<std::string>{"check.total"});
}

TEST(Engine, AWaivedCellKeepsThePrintedFigureWithoutAnError) {
    auto table = with(rounded_table, "false", "49511", "152735");
    table.replace(table.find("\"152735\""), 8, R"J({"value": "152735", "waiver": "Tryckt så i källan"})J");
    auto c = check(report_json(table));
    EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
    EXPECT_EQ(c.value("m.t.summa"), "152735");
    EXPECT_EQ(c.resolution.find("m.t.summa")->source, FigureSource::entered);
}

// Every unit the typed-amount check knows is still found (the check skips
// texts without a digit and "kr", "%" or "procent" before its pattern), and
// texts with digits but no unit, or a unit but no digit, hold none.
TEST(Engine, TypedAmountsInEveryUnitAndNoneWithoutDigitOrUnit) {
    Resolution none;
    auto shown = [&](const std::string& text) {
        std::vector<std::string> out;
        for (const auto& a : find_typed_amounts(text, none)) out.push_back(a.shown);
        return out;
    };
    EXPECT_EQ(shown("Kostnaden blev 4,4 mnkr och 3 mkr, 120 tkr, 5 kr och 2 kronor."),
              (std::vector<std::string>{"4,4 mnkr", "3 mkr", "120 tkr", "5 kr", "2 kronor"}));
    EXPECT_EQ(shown("Ökningen var 12 %."), (std::vector<std::string>{"12 %"}));
    EXPECT_EQ(shown("Ökningen var 7 procent."), (std::vector<std::string>{"7 procent"}));
    EXPECT_EQ(shown("Det blev 2 miljoner kronor och 40 tusen kronor."),
              (std::vector<std::string>{"2 miljoner kronor", "40 tusen kronor"}));
    EXPECT_EQ(shown("Underskott -1 200 kr"), (std::vector<std::string>{"-1 200 kr"}));
    EXPECT_TRUE(shown("Verksamhet 1987 och 2020").empty());
    EXPECT_TRUE(shown("Några kronor och procent, utan siffror.").empty());
    EXPECT_TRUE(shown("").empty());
}

}  // namespace
}  // namespace tertial
