// Format 1.3 (issue 20, point 4): a draft's date still to fill in, waivers on named figures and checks with the
// arithmetic they accept, a unit per table row; each refused in a file that says an older version.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/todo.hpp"

namespace tertial {
namespace {

// A waived cell is boxed in the model (a cell is 48 bytes, not 128): it
// copies, compares and is read as the value it holds.
// A row's rare parts are boxed (OptionalBox): read, copied, compared and
// assigned as the optional they stand for.
TEST(OptionalBox, IsReadCopiedComparedAndAssignedAsAnOptional) {
    static_assert(sizeof(OptionalBox<std::string>) == sizeof(void*));
    TableRow a;
    EXPECT_FALSE(a.calc);
    EXPECT_FALSE(a.calc.has_value());
    a.calc = std::optional<std::string>("kostnader - intakter");
    a.kolada = std::string("N00001");
    ASSERT_TRUE(a.calc);
    EXPECT_EQ(*a.calc, "kostnader - intakter");
    EXPECT_EQ(a.kolada->size(), 6u);
    TableRow b = a;
    EXPECT_EQ(b, a);
    EXPECT_NE(&*b.calc, &*a.calc) << "a copy holds its own value";
    b.calc = std::nullopt;
    EXPECT_NE(b, a);
    EXPECT_FALSE(b.calc);
    b = a;
    EXPECT_EQ(b, a);
    TableRow moved = std::move(b);
    EXPECT_EQ(moved, a);
}

TEST(WaivedCell, IsBoxedYetCopiedComparedAndReadAsAValue) {
    static_assert(sizeof(Cell) <= 48, "a cell is no larger than a figure or a text");
    const CellWaived printed{*Decimal::parse("586"), "Tryckt så i källan", Decimal::parse("604")};
    Cell cell = printed;
    ASSERT_NE(waived(cell), nullptr);
    EXPECT_EQ(*waived(cell), printed);
    Cell copy = cell;
    EXPECT_NE(waived(copy), waived(cell)) << "a copy holds its own value";
    EXPECT_EQ(copy, cell);
    copy = CellWaived{*Decimal::parse("586"), "Annat skäl", std::nullopt};
    EXPECT_NE(copy, cell);
    EXPECT_EQ(waived(cell)->reason, "Tryckt så i källan");
    EXPECT_EQ(waived(Cell{*Decimal::parse("586")}), nullptr);
}

using test::run_tertial;
using test::TempDir;

// A report of `version` with the given meta tail, figures, checks and body.
std::string report_json(const std::string& version, const std::string& figures, const std::string& checks,
                        const std::string& body, const std::string& date = R"("date": "2020-05-11", "status": "utkast")") {
    return fmt::format(R"J({{
  "format": "tertial-report", "format_version": "{}",
  "meta": {{"municipality": {{"name": "Testby kommun", "scb_code": "9999"}},
            "committee": {{"name": "Testnämnden", "short_name": "TN"}},
            "kind": "tertialrapport", "title": "Test", "period": {{"year": 2020, "end": "2020-04-30"}},
            {}}},
  "figures": {},
  "checks": {},
  "body": {}
}}
)J",
                       version, date, figures, checks, body);
}

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items()) out += fmt::format("{}[{}] {}: {}\n", to_string(x.severity), x.code, x.pointer, x.message);
    return out;
}

std::string errors(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items())
        if (x.severity == Severity::error) out += fmt::format("{} {}: {}\n", x.code, x.pointer, x.message);
    return out;
}

struct Checked {
    std::optional<Report> report;
    Resolution resolution;
    Diagnostics diagnostics;
};

Checked check(const std::string& json) {
    Checked c;
    auto read = json::read_report(json);
    c.diagnostics = read.diagnostics;
    if (!read.report) return c;
    c.report = read.report;
    c.resolution = check_report(*read.report, c.diagnostics);
    return c;
}

// ---- a draft's date ---------------------------------------------------------------------

const std::string kDraftNoDate = R"("status": "utkast", "todo": ["date"])";

TEST(DraftDate, ADraftMayLeaveItsDateToFillIn) {
    auto c = check(report_json("1.3", "[]", "[]", "[]", kDraftNoDate));
    ASSERT_TRUE(c.report) << messages(c.diagnostics);
    EXPECT_EQ(c.report->meta.date.year, 0);
    EXPECT_EQ(errors(c.diagnostics), "");
    auto todo = todo_list(*c.report);
    ASSERT_EQ(todo.size(), 1u);
    EXPECT_EQ(todo[0].pointer, "/meta/todo/0");
    EXPECT_EQ(todo[0].message, "to fill in: the document's date (meta.date, none yet)");
    // Written back without a date, and read again the same.
    std::string written = json::write_report(*c.report);
    EXPECT_EQ(written.find("\"date\":"), std::string::npos) << written;
    auto again = json::read_report(written);
    ASSERT_TRUE(again.report);
    EXPECT_EQ(*again.report, *c.report);
}

TEST(DraftDate, OnlyADraftThatListsItMayLeaveItOut) {
    auto final = json::read_report(report_json("1.3", "[]", "[]", "[]", R"("status": "faststalld", "todo": ["date"])"));
    EXPECT_FALSE(final.report);
    EXPECT_EQ(errors(final.diagnostics),
              "json.missing_key /meta: missing required key 'date' (only a draft, status \"utkast\", may leave it to fill "
              "in; this report is \"faststalld\")\n");
    auto unlisted = json::read_report(report_json("1.3", "[]", "[]", "[]", R"("status": "utkast")"));
    EXPECT_FALSE(unlisted.report);
    EXPECT_EQ(errors(unlisted.diagnostics),
              "json.missing_key /meta: missing required key 'date' (a draft may leave it to fill in: list \"date\" in "
              "\"todo\")\n");
    auto old = json::read_report(report_json("1.2", "[]", "[]", "[]", kDraftNoDate));
    EXPECT_FALSE(old.report);
    EXPECT_EQ(errors(old.diagnostics),
              "json.version /meta/todo: a date still to fill in (no \"date\") is new in format version 1.3, but this file "
              "says \"format_version\": \"1.2\"; write \"1.3\"\n");
}

TEST(DraftDate, FillingItInClearsTheTodo) {
    auto c = check(report_json("1.3", "[]", "[]", "[]", kDraftNoDate));
    ASSERT_TRUE(c.report);
    Report after = *c.report;
    after.meta.date = {2020, 5, 11};
    clear_filled_meta_todos(*c.report, after);
    EXPECT_TRUE(after.meta.todo.empty());
}

// `tertial new` without --date: the date is the draft's to-do; a PDF of it says so.
TEST(DraftDate, NewLeavesTheDateToFillInAndTheSkeletonBuilds) {
    TempDir tmp;
    auto made = run_tertial({"new", "--municipality", "ostersund", "--committee", "SAN", "--kind", "tertialrapport", "--period",
                             "2021-04-30", "-o", "r.json"},
                            tmp.path().string());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::string text = test::slurp(tmp.path() / "r.json");
    EXPECT_EQ(text.find("\"date\":"), std::string::npos);
    EXPECT_NE(text.find("\"todo\": [\n      \"date\"\n    ]"), std::string::npos) << text.substr(0, 900);
    auto checked = run_tertial({"check", "--todo", "r.json"}, tmp.path().string());
    EXPECT_NE(checked.out.find("to fill in: the document's date (meta.date, none yet)"), std::string::npos) << checked.out;
    auto built = run_tertial({"build", "r.json", "--out", "out"}, tmp.path().string());
    ASSERT_EQ(built.exit_code, 0) << built.err;
    auto pdf = test::run_shell("pdftotext -enc UTF-8 " + test::shell_quote((tmp.path() / "out/r.pdf").string()) + " -");
    EXPECT_NE(pdf.out.find("Datum ej satt"), std::string::npos);
    auto dated = run_tertial({"new", "--municipality", "ostersund", "--committee", "SAN", "--kind", "tertialrapport", "--period",
                              "2021-04-30", "--date", "2021-05-11", "-o", "d.json"},
                             tmp.path().string());
    ASSERT_EQ(dated.exit_code, 0) << dated.err;
    EXPECT_NE(test::slurp(tmp.path() / "d.json").find("\"date\": \"2021-05-11\""), std::string::npos);
}

// ---- waivers on named figures and checks ------------------------------------------------

const std::string kParts = R"([
    {"id": "bakgrund", "unit": "mnkr", "value": "4.4"},
    {"id": "sammanfattning", "unit": "mnkr", "value": "4.3"})";

TEST(Waivers, ANamedFigureKeptAsPrintedIsListedWithTheArithmeticItAccepts) {
    auto c = check(report_json("1.3", kParts + R"(,
    {"id": "atgardsplan", "unit": "mnkr", "calc": "bakgrund", "value": "4.3", "waiver": "Tryckt så i beslutet", "accepts": "4.4"}])",
                               "[]", "[]"));
    ASSERT_TRUE(c.report) << messages(c.diagnostics);
    EXPECT_EQ(errors(c.diagnostics), "");
    EXPECT_EQ(c.resolution.find("atgardsplan")->value->to_string(), "4.3");
    ASSERT_EQ(c.resolution.waivers.size(), 1u);
    EXPECT_EQ(c.resolution.waivers[0],
              (Waived{"/figures/2/value", "atgardsplan", "printed 4,3; bakgrund gives 4,4", "Tryckt så i beslutet"}));
    // The same figure without the waiver is an error, as before.
    auto unwaived = json::read_report(report_json("1.3", kParts + R"(,
    {"id": "atgardsplan", "unit": "mnkr", "calc": "bakgrund", "value": "4.3"}])",
                                                  "[]", "[]"));
    EXPECT_EQ(errors(unwaived.diagnostics),
              "figure.definition /figures/2: figure 'atgardsplan' needs exactly one of \"value\", \"calc\" or \"todo\": true\n");
}

TEST(Waivers, AWaiverNoLongerHoldsOnceTheArithmeticChanges) {
    std::string parts = kParts;
    parts.replace(parts.find("\"4.4\""), 5, "\"4.6\"");
    auto c = check(report_json("1.3", parts + R"(,
    {"id": "atgardsplan", "unit": "mnkr", "calc": "bakgrund", "value": "4.3", "waiver": "Tryckt så i beslutet", "accepts": "4.4"}])",
                               "[]", "[]"));
    ASSERT_TRUE(c.report);
    EXPECT_EQ(errors(c.diagnostics),
              "check.waiver /figures/2/value: atgardsplan is waived as printed (4,3) while 'bakgrund' gives 4,4, but it now "
              "gives 4,6: check the figure, then write \"accepts\": \"4.6\" or remove the waiver\n");
    EXPECT_TRUE(c.resolution.waivers.empty());
}

TEST(Waivers, ACheckIsWaivedForTheValuesItAccepts) {
    const std::string waived_check = R"([{"id": "lika", "left": "sammanfattning", "right": "bakgrund",
      "waiver": "Beslutet trycktes med 4,3 och 4,4", "accepts": {"left": "4.3", "right": "4.4"}}])";
    auto c = check(report_json("1.3", kParts + "]", waived_check, "[]"));
    ASSERT_TRUE(c.report) << messages(c.diagnostics);
    EXPECT_EQ(errors(c.diagnostics), "");
    ASSERT_EQ(c.resolution.waivers.size(), 1u);
    EXPECT_EQ(c.resolution.waivers[0], (Waived{"/checks/0", "check 'lika'", "sammanfattning is 4,3 but bakgrund is 4,4",
                                               "Beslutet trycktes med 4,3 och 4,4"}));
    std::string changed = kParts;
    changed.replace(changed.find("\"4.3\""), 5, "\"4.2\"");
    auto stale = check(report_json("1.3", changed + "]", waived_check, "[]"));
    EXPECT_EQ(errors(stale.diagnostics),
              "check.waiver /checks/0: check 'lika' is waived for sammanfattning = 4,3 and bakgrund = 4,4, but now "
              "sammanfattning is 4,2 but bakgrund is 4,4: check the figures, then change \"accepts\" or remove the waiver\n");
    // Round trip keeps the waiver and what it accepts.
    std::string written = json::write_report(*c.report);
    auto again = json::read_report(written);
    ASSERT_TRUE(again.report);
    EXPECT_EQ(*again.report, *c.report);
    EXPECT_NE(written.find("\"accepts\": {\n        \"left\": \"4.3\",\n        \"right\": \"4.4\"\n      }"), std::string::npos)
        << written;
}

const std::string kTable = R"J([{"type": "table", "id": "t", "unit": "tkr",
  "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "v", "title": "Utfall"}],
  "rows": [{"id": "a", "label": "A", "cells": {"v": "100"}},
           {"id": "b", "label": "B", "cells": {"v": "200"}},
           {"id": "s", "label": "Summa", "kind": "total", "calc": "sum(a..b)", "cells": {"v": SUMMA}}]}])J";

std::string table_with(const std::string& summa) {
    std::string t = kTable;
    return t.replace(t.find("SUMMA"), 5, summa);
}

TEST(Waivers, ACellWaiverMayNameWhatItAccepts) {
    auto c = check(report_json("1.3", "[]", "[]", table_with(R"({"value": "310", "waiver": "Tryckt så", "accepts": "300"})")));
    ASSERT_TRUE(c.report) << messages(c.diagnostics);
    EXPECT_EQ(errors(c.diagnostics), "");
    ASSERT_EQ(c.resolution.waivers.size(), 1u);
    EXPECT_EQ(c.resolution.waivers[0].arithmetic, "printed 310; sum(a..b) gives 300");
    auto stale = check(report_json("1.3", "[]", "[]", table_with(R"({"value": "310", "waiver": "Tryckt så", "accepts": "290"})")));
    EXPECT_EQ(errors(stale.diagnostics),
              "check.waiver /body/0/rows/2/cells/v: t: Summa / Utfall is waived as printed (310) while 'sum(a..b)' gives 290, "
              "but it now gives 300: check the figure, then write \"accepts\": \"300\" or remove the waiver\n");
    // A waiver without "accepts" holds whatever the parts give, as in 1.2.
    auto open = check(report_json("1.2", "[]", "[]", table_with(R"({"value": "310", "waiver": "Tryckt så"})")));
    EXPECT_EQ(errors(open.diagnostics), "");
    EXPECT_EQ(open.resolution.waivers.size(), 1u);
}

TEST(Waivers, CheckListsThemWithTheirPlaceArithmeticAndReason) {
    TempDir tmp;
    std::string text = report_json("1.3", "[]", "[]", table_with(R"({"value": "310", "waiver": "Tryckt så", "accepts": "300"})"));
    std::ofstream(tmp.path() / "r.json") << text;
    // The waived cell's place: its line, and the column its key starts in.
    std::size_t at = text.find(R"("v": {"value": "310")");
    std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
    std::size_t column = at - text.rfind('\n', at);
    auto r = run_tertial({"check", "r.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, fmt::format("r.json: 0 errors, 0 warnings\n"
                                 "r.json: 1 waiver, kept as printed on purpose:\n"
                                 "  r.json:{}:{}: t: Summa / Utfall: printed 310; sum(a..b) gives 300: Tryckt så\n",
                                 line, column));
}

// ---- a unit per row -----------------------------------------------------------------------

TEST(RowUnit, ARowInAUnitOfItsOwnIsComputedAndCheckedInIt) {
    std::string body = R"J([{"type": "table", "id": "t", "unit": "tkr",
  "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "v", "title": "Utfall"}],
  "rows": [{"id": "a", "label": "A", "cells": {"v": "100"}},
           {"id": "b", "label": "B", "cells": {"v": "200"}},
           {"id": "andel", "label": "A av B", "unit": "%", "cells": {"v": {"calc": "share(t.a.v, t.b.v)"}}}]}])J";
    auto c = check(report_json("1.3", "[]", "[]", body));
    ASSERT_TRUE(c.report) << messages(c.diagnostics);
    EXPECT_EQ(errors(c.diagnostics), "");
    EXPECT_EQ(c.resolution.find("t.andel.v")->unit, Unit::percent);
    EXPECT_EQ(c.resolution.find("t.a.v")->unit, Unit::tkr);
    EXPECT_TRUE(c.resolution.find("t.andel.v")->value->numerically_equal(Decimal::from_int(50)));
    // Adding it to the tkr rows is a unit error.
    std::string mixed = body;
    const std::string share = R"J({"calc": "share(t.a.v, t.b.v)"})J";
    mixed.replace(mixed.find(share), share.size(), R"({"calc": "t.a.v + t.b.v"})");
    auto bad = check(report_json("1.3", "[]", "[]", mixed));
    EXPECT_NE(errors(bad.diagnostics).find("calc.unit"), std::string::npos) << messages(bad.diagnostics);
    // Round trip, and refused in 1.2.
    std::string written = json::write_report(*c.report);
    EXPECT_NE(written.find("\"unit\": \"%\""), std::string::npos);
    auto old = json::read_report(report_json("1.2", "[]", "[]", body));
    EXPECT_EQ(errors(old.diagnostics),
              "json.version /body/0/rows/2/unit: 'unit' is new in format version 1.3, but this file says \"format_version\": "
              "\"1.2\"; write \"1.3\"\n");
}

TEST(Version13, EachNewKeyIsRefusedInAnOlderFile) {
    auto figure = json::read_report(report_json("1.2", kParts + R"(,
    {"id": "atgardsplan", "unit": "mnkr", "calc": "bakgrund", "value": "4.3", "waiver": "Tryckt så"}])",
                                                "[]", "[]"));
    EXPECT_NE(errors(figure.diagnostics)
                  .find("json.version /figures/2/waiver: 'waiver' is new in format version 1.3, but this file says "
                        "\"format_version\": \"1.2\"; write \"1.3\""),
              std::string::npos)
        << messages(figure.diagnostics);
    auto check_waiver = json::read_report(
        report_json("1.1", kParts + "]", R"([{"id": "lika", "left": "sammanfattning", "right": "bakgrund", "waiver": "x"}])", "[]"));
    EXPECT_EQ(errors(check_waiver.diagnostics),
              "json.version /checks/0/waiver: 'waiver' is new in format version 1.3, but this file says \"format_version\": "
              "\"1.1\"; write \"1.3\"\n");
    auto cell = json::read_report(report_json("1.2", "[]", "[]", table_with(R"({"value": "310", "waiver": "x", "accepts": "300"})")));
    EXPECT_EQ(errors(cell.diagnostics),
              "json.version /body/0/rows/2/cells/v/accepts: 'accepts' is new in format version 1.3, but this file says "
              "\"format_version\": \"1.2\"; write \"1.3\"\n");
}

}  // namespace
}  // namespace tertial
