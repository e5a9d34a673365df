// `tertial import ledger`: every dialect fills the same cells and reconciles; bad exports change nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_binary.hpp"
#include "tertial/ledger/ledger.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kData = fs::path(TERTIAL_SOURCE_DIR) / "tests/data/ledger";
const fs::path kOstersund = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
const fs::path kHarnosand = fs::path(TERTIAL_SOURCE_DIR) / "examples/harnosand/son-fyramanadersrapport-2021.json";

// ---- the parts ---------------------------------------------------------------------

TEST(LedgerAmounts, SwedishAndOtherWritings) {
    using ledger::LedgerError;
    ledger::Grid g = ledger::read_csv("Konto;Belopp\n4010;\"1 234,50\"\n4020;(1.000,25)\n4030;\xE2\x88\x92" "7\xC2\xA0" "000,00\n",
                                      "x.csv");
    LedgerMapping m;
    auto e = ledger::interpret(g, m);
    ASSERT_EQ(e.lines.size(), 3u);
    EXPECT_EQ(e.lines[0].amount.to_string(), "1234.50");
    EXPECT_EQ(e.lines[1].amount.to_string(), "-1000.25");
    EXPECT_EQ(e.lines[2].amount.to_string(), "-7000.00");
    EXPECT_EQ(e.sum.to_string(), "-6765.75");
}

// Numbers as a workbook stores them: the decimal text, an exponent applied to
// the digits, and a double's 17 digits taken at Excel's 15.
TEST(LedgerAmounts, WorkbookNumbersAsStored) {
    ledger::Grid g;
    g.xlsx = true;
    g.file = "x.xlsx";
    g.sheet = "Blad1";
    g.rows = {{{{"Konto", false}, {"Belopp", false}}, 1},
              {{{"4010", false}, {"1234.5699999999999", true}}, 2},
              {{{"4020", false}, {"1.5E-2", true}}, 3},
              {{{"4030", false}, {"-98765432.1", true}}, 4}};
    auto e = ledger::interpret(g, LedgerMapping{});
    ASSERT_EQ(e.lines.size(), 3u);
    EXPECT_EQ(e.lines[0].amount.to_string(), "1234.57");
    EXPECT_EQ(e.lines[1].amount.to_string(), "0.015");
    EXPECT_EQ(e.lines[2].amount.to_string(), "-98765432.1");
}

TEST(LedgerAmounts, MisplacedGroupIsNotANumber) {
    ledger::Grid g = ledger::read_csv("Konto;Belopp\n4010;12 34,00\n", "x.csv");
    try {
        ledger::interpret(g, LedgerMapping{});
        FAIL() << "no error";
    } catch (const ledger::LedgerError& e) {
        EXPECT_STREQ(e.what(),
                     "x.csv:2:6: error: the amount '12 34,00' is not a number (decimal comma, thousands grouped by "
                     "space or dot)");
    }
}

TEST(LedgerCodes, PatternsMatchListRangeAndPrefix) {
    std::string why;
    auto range = CodePattern::parse("4000-4999", why);
    ASSERT_TRUE(range);
    EXPECT_TRUE(range->matches("4000"));
    EXPECT_TRUE(range->matches("4999"));
    EXPECT_FALSE(range->matches("5000"));
    EXPECT_FALSE(range->matches("40000"));  // another length is another kind of code
    auto prefix = CodePattern::parse("45*", why);
    ASSERT_TRUE(prefix);
    EXPECT_TRUE(prefix->matches("4510"));
    EXPECT_FALSE(prefix->matches("4610"));
    EXPECT_FALSE(CodePattern::parse("4999-4000", why));
    EXPECT_EQ(why, "a range starts at its lower end");
    EXPECT_FALSE(CodePattern::parse("40 10", why));
}

TEST(LedgerMappingFile, ErrorsNameLineColumnAndPointer) {
    std::string text = "{\n  \"table\": \"drift\",\n  \"column\": \"utfall\",\n  \"rows\": [\n    {\"row\": \"varor\", \"konto\": [\"64*\", \"7000-69\"]}\n  ]\n}\n";
    try {
        ledger::read_mapping(text, "map.json");
        FAIL() << "no error";
    } catch (const ledger::LedgerError& e) {
        EXPECT_STREQ(e.what(),
                     "map.json:5:39: error: /rows/0/konto/1: '7000-69' is not a code pattern: the two ends of a range "
                     "have the same number of characters");
    }
}

// ---- the command -------------------------------------------------------------------

// The report a test imports into, in a fresh directory, with its bytes.
struct Workspace {
    TempDir dir;
    std::string report;
    std::string before;
    explicit Workspace(const fs::path& example = kOstersund) {
        report = dir / "report.json";
        fs::copy_file(example, report);
        before = slurp(report);
    }
    Json cells(const std::string& table) const {
        Json j = Json::parse(slurp(report));
        Json found;
        std::function<void(const Json&)> walk = [&](const Json& blocks) {
            for (const auto& b : blocks) {
                if (b.value("type", "") == "table" && b.at("id") == table) found = b;
                if (b.contains("body")) walk(b.at("body"));
            }
        };
        walk(j.at("body"));
        return found;
    }
};

std::string cell(const Json& table, const std::string& row, const std::string& column) {
    for (const auto& r : table.at("rows"))
        if (r.at("id") == row) return r.at("cells").contains(column) ? r.at("cells").at(column).dump() : "(none)";
    return "(no row)";
}

// Every Östersund dialect holds the same ledger: these cells, this sum.
void expect_ostersund_filled(const Workspace& w, const std::string& file) {
    Json t = w.cells("drift");
    const std::pair<const char*, const char*> expected[] = {
        {"taxor", "\"1.01234567\""},          {"externa_hyror", "\"3.98765433\""},
        {"statsbidrag", "\"37\""},            {"ovriga_externa_intakter", "\"8.12345678\""},
        {"interna_hyresintakter", "\"0\""},   {"ovriga_interna_intakter", "\"8\""},
        {"kommunbidrag", "\"126\""},          {"personalkostnader", "\"63\""},
        {"varav_arvoden", "\"8.12345678\""},  {"po_palagg", "\"23\""},
        {"varor", "\"2\""},                   {"kop_av_verksamhet", "\"48.9\""},
        {"ovriga_kostnader", "\"4\""},        {"lamnade_bidrag", "\"22\""},
        {"hyror_externt", "\"8\""},           {"hyror_internt", "\"3\""},
        {"avskrivningar", "\"0.41234567\""},  {"internranta", "\"0.0456789\""},
        {"interna_kop", "\"13\""},
    };
    for (auto [row, value] : expected) EXPECT_EQ(cell(t, row, "utfall"), value) << row;
    // The totals are computed now: their printed figures went.
    EXPECT_EQ(cell(t, "summa_intakter", "utfall"), "(none)");
    EXPECT_EQ(cell(t, "resultat", "utfall"), "(none)");
    ASSERT_EQ(t.at("sources").size(), 1u);
    const Json& s = t.at("sources").at(0);
    EXPECT_EQ(s.at("kind"), "ledger");
    EXPECT_EQ(s.at("column"), "utfall");
    EXPECT_EQ(s.at("file"), file);
    EXPECT_EQ(s.at("rows"), 27);
    EXPECT_EQ(s.at("sum"), "4227067.79");
    EXPECT_EQ(s.at("date"), "2020-05-04");
    EXPECT_EQ(s.at("sha256"), run_shell("sha256sum " + shell_quote((kData / file).string())).out.substr(0, 64));
    EXPECT_EQ(Json::parse(slurp(w.report)).at("format_version"), "1.2");
}

const char* kReconciliation =
    "reconciliation (kr, as exported):\n"
    "  rule 1 (row 'taxor')                                    -1 012 345,67  (2 lines)\n";

class Dialect : public ::testing::TestWithParam<const char*> {};

TEST_P(Dialect, FillsTheColumnAndReconciles) {
    Workspace w;
    std::string file = GetParam();
    auto r = run_tertial({"import", "ledger", (kData / file).string(), "--into", w.report, "--date", "2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    expect_ostersund_filled(w, file);
    EXPECT_NE(r.out.find(kReconciliation), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  imported                                                 3 234 567,79\n"
                         "  left out                                                   992 500,00\n"
                         "  export total (27 lines)                                  4 227 067,79  = imported + left out, to the öre\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  taxor (Taxor och avgifter): 1 → 1,0 (exactly 1,01234567)\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  summa_intakter (SUMMA INTÄKTER): 184 → (computed)\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("wrote " + w.report + "\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Ostersund, Dialect,
                         ::testing::Values("ostersund-utf8-bom.csv", "ostersund-cp1252.csv", "ostersund-comma.csv",
                                           "ostersund-nbsp.csv", "ostersund.xlsx", "ostersund-1904.xlsx",
                                           "ostersund-shared.xlsx"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

// "mkr" is the scale of mnkr, as many municipalities write it: a report in
// mkr takes an export in kr as one in mnkr does.
TEST(ImportLedger, AReportInMkrIsFilledAsOneInMnkr) {
    Workspace w;
    Json j = Json::parse(slurp(w.report));
    j["format_version"] = "1.3";
    std::string text = j.dump(2);
    // Every unit of the report, so that its figures agree with the table's.
    const std::string mnkr = "\"unit\": \"mnkr\"", mkr = "\"unit\": \"mkr\"";
    int replaced = 0;
    for (auto at = text.find(mnkr); at != std::string::npos; at = text.find(mnkr, at), ++replaced)
        text.replace(at, mnkr.size(), mkr);
    ASSERT_GT(replaced, 1);
    std::ofstream(w.report, std::ios::trunc) << text;
    auto r = run_tertial({"import", "ledger", (kData / "ostersund-comma.csv").string(), "--into", w.report, "--date", "2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json t = w.cells("drift");
    EXPECT_EQ(t.at("unit"), "mkr");
    EXPECT_EQ(cell(t, "taxor", "utfall"), "\"1.01234567\"");
    EXPECT_EQ(cell(t, "kommunbidrag", "utfall"), "\"126\"");
}

TEST(ImportLedger, SaysWhatItAssumedOfTheFile) {
    Workspace w;
    auto r = run_tertial({"import", "ledger", (kData / "ostersund-cp1252.csv").string(), "--into", w.report, "--dry-run",
                          "--date", "2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("ostersund-cp1252.csv: read as Windows-1252 (line 1 is not valid UTF-8), ';'-separated, decimal "
                         "comma, thousands grouped by space or dot; 27 lines, amounts under 'Belopp (kr)'\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("dry run: " + w.report + " not written\n"), std::string::npos);
    EXPECT_EQ(slurp(w.report), w.before);
}

TEST(ImportLedger, ReimportPrintsWhatChangedAndReplacesTheSource) {
    Workspace w;
    auto first = run_tertial({"import", "ledger", (kData / "ostersund-comma.csv").string(), "--into", w.report, "--date", "2020-05-04"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    auto again = run_tertial({"import", "ledger", (kData / "ostersund.xlsx").string(), "--into", w.report, "--date", "2020-05-04"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("no cell changes\n"), std::string::npos) << again.out;
    expect_ostersund_filled(w, "ostersund.xlsx");  // one source, the new file's
}

TEST(ImportLedger, DateFromTheFileIsPrinted) {
    Workspace w;
    std::string copy = w.dir / "huvudbok.csv";
    fs::copy_file(kData / "ostersund-comma.csv", copy);
    auto r = run_tertial({"import", "ledger", copy, "--into", w.report, "--dry-run"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(" (the file's modification date; --date sets another)\n"), std::string::npos) << r.out;
}

TEST(ImportLedger, HarnosandMonthFromTheSecondSheet) {
    Workspace w(kHarnosand);
    auto many = run_tertial({"import", "ledger", (kData / "harnosand-2021-04.xlsx").string(), "--into", w.report,
                             "--sheet", "Huvudbok", "--date", "2021-05-03"});
    EXPECT_EQ(many.exit_code, 1);
    EXPECT_NE(many.err.find("tertial import ledger: error: 12 ledger mappings fit; choose one with --table and --column:\n"
                            "  harnosand.manad_jan: --table manad --column jan"),
              std::string::npos)
        << many.err;
    EXPECT_EQ(slurp(w.report), w.before);
    auto r = run_tertial({"import", "ledger", (kData / "harnosand-2021-04.xlsx").string(), "--into", w.report, "--sheet",
                          "Huvudbok", "--column", "apr", "--date", "2021-05-03"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json t = w.cells("manad");
    EXPECT_EQ(cell(t, "bidrag", "apr"), "\"3004\"");
    EXPECT_EQ(cell(t, "lonekostnader", "apr"), "\"-29314\"");
    EXPECT_EQ(cell(t, "placeringar_ifo", "apr"), "\"-2637\"");
    EXPECT_EQ(cell(t, "placeringar_oof", "apr"), "\"-1827\"");
    EXPECT_EQ(cell(t, "ovriga_kostnader", "apr"), "\"-7093\"");  // övrigt: 6410, 7010 and 4610 of ansvar 744010
    EXPECT_NE(r.out.find("  left out: balansräkningens konton (tillgångar, skulder, eget kapital)"), std::string::npos);
    auto wrong_sheet = run_tertial({"import", "ledger", (kData / "harnosand-2021-04.xlsx").string(), "--into", w.report,
                                    "--column", "apr", "--date", "2021-05-03"});
    EXPECT_EQ(wrong_sheet.exit_code, 1);
}

// The PDF says where the figures came from, under the table: a paragraph of
// its own after the Table in the structure tree, not inside it.
TEST(ImportLedger, PdfPrintsTheSourceAfterTheTable) {
    Workspace w;
    auto r = run_tertial({"import", "ledger", (kData / "ostersund-comma.csv").string(), "--into", w.report, "--date", "2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto built = run_tertial({"build", w.report, "--format", "pdf", "--out", w.dir / "out"});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    auto s = run_shell("pdfinfo -struct-text " + shell_quote(w.dir / "out/report.pdf"));
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string line = "Källa: Ekonomisystemet, ostersund-comma.csv, hämtad 2020-05-04";
    auto at = s.out.find(line);
    ASSERT_NE(at, std::string::npos) << s.out;
    // The element holding it: the last element line before it.
    auto start = s.out.rfind('\n', s.out.rfind('\n', at) - 1) + 1;
    std::string element = s.out.substr(start, s.out.find('\n', start) - start);
    std::string indent = element.substr(0, element.find_first_not_of(' '));
    EXPECT_EQ(element.substr(indent.size(), 1), "P") << element;
    // Its previous sibling, at the same depth, is the Table.
    auto before = s.out.rfind("\n" + indent + "Table", start);
    ASSERT_NE(before, std::string::npos);
    auto between = s.out.substr(before + 1, start - before - 1);
    std::istringstream lines(between);
    std::string l;
    std::getline(lines, l);  // the Table
    while (std::getline(lines, l))
        EXPECT_TRUE(l.size() > indent.size() && l[indent.size()] == ' ') << "not inside the Table: " << l;
}

// ---- bad exports: the message, the exit code, the report untouched ---------------------

struct Bad {
    const char* file;
    const char* message;
};

class BadExport : public ::testing::TestWithParam<Bad> {};

TEST_P(BadExport, NamesTheProblemAndWritesNothing) {
    Workspace w;
    fs::path input = kData / GetParam().file;
    std::string input_before = slurp(input);
    auto r = run_tertial({"import", "ledger", "tests/data/ledger/" + std::string(GetParam().file), "--into", w.report,
                          "--date", "2020-05-04"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, std::string(GetParam().message) + "\ntertial import ledger: nothing written\n");
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(slurp(w.report), w.before);
    EXPECT_EQ(slurp(input), input_before);
}

INSTANTIATE_TEST_SUITE_P(
    Ostersund, BadExport,
    ::testing::Values(
        Bad{"bad-unmapped.csv",
            "tests/data/ledger/bad-unmapped.csv: error: 3 codes no rule of mapping 'drift_utfall' maps (give them a "
            "rule, an exclusion with its reason, or name an \"other\" row):\n"
            "  konto 9110, ansvar 300000, verksamhet 7000: 1 234,50 kr (1 line)\n"
            "  konto 9110, ansvar 310010, verksamhet 7000: 100,00 kr (1 line)\n"
            "  konto 9120, ansvar 300000, verksamhet 7000: -234,25 kr (1 line)"},
        Bad{"bad-period.csv",
            "tests/data/ledger/bad-period.csv:2:1: error: the export is for 2020-01 – 2020-08, but column 'utfall' of "
            "table 'drift' is for 2020-01 – 2020-04"},
        Bad{"bad-municipality.csv",
            "tests/data/ledger/bad-municipality.csv:1:1: error: the export is for 'Härnösands kommun', but the report "
            "is Östersunds kommun's (SCB 2380)"},
        Bad{"bad-amount.csv",
            "tests/data/ledger/bad-amount.csv:10:44: error: the amount '12 34x,00' is not a number (decimal comma, "
            "thousands grouped by space or dot)"},
        Bad{"bad-empty.csv", "tests/data/ledger/bad-empty.csv: error: the export is empty (0 bytes)"}),
    [](const auto& info) {
        std::string n = info.param.file;
        for (char& c : n)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return n;
    });

TEST(ImportLedger, TwoRulesForOneCodeNameBoth) {
    Workspace w;
    std::string map = w.dir / "map.json";
    std::ofstream(map) << R"({"id": "overlap", "table": "drift", "column": "utfall", "other": "ovriga_kostnader",
  "rows": [{"row": "varor", "konto": "64*"}, {"row": "ovriga_kostnader", "konto": ["6400-6419"]}],
  "excluded": [{"konto": ["1*", "2*"], "reason": "balansräkningen"}]}
)";
    auto r = run_tertial({"import", "ledger", "tests/data/ledger/ostersund-comma.csv", "--into", w.report, "--map", map,
                          "--date", "2020-05-04"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "tests/data/ledger/ostersund-comma.csv:18:1: error: konto 6410, ansvar 330020, verksamhet 7300 matches "
              "both rule 1 (row 'varor') and rule 2 (row 'ovriga_kostnader'); a code may go to one place only\n"
              "tertial import ledger: nothing written\n");
    EXPECT_EQ(slurp(w.report), w.before);
}

TEST(ImportLedger, AComputedCellIsRefusedByName) {
    Workspace w;
    std::string map = w.dir / "map.json";
    std::ofstream(map) << R"({"table": "drift", "column": "utfall", "rows": [{"row": "summa_kostnader", "konto": "4*"}]})";
    auto r = run_tertial({"import", "ledger", "tests/data/ledger/ostersund-comma.csv", "--into", w.report, "--map", map,
                          "--date", "2020-05-04"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              w.report + ": error: rule 1 names row 'summa_kostnader' of table 'drift', whose figures are computed "
                         "(sum(personalkostnader..interna_kop)); map its parts instead\n"
                         "tertial import ledger: nothing written\n");
    EXPECT_EQ(slurp(w.report), w.before);
}

}  // namespace
}  // namespace tertial::test
