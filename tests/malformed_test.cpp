// Malformed reports (tests/data/malformed/): `tertial check` names each problem exactly — file:line:col, severity, code, pointer, message — with the right exit code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const std::string kDir = "tests/data/malformed/";

// One fixture, one problem. `diagnostics` are the whole of stderr, one line
// each, written without the leading "tests/data/malformed/<file>:" that every
// line carries (the test puts it back and compares full lines).
struct Case {
    std::string name;  // the test's name
    std::string file;
    std::vector<std::string> extra_args;
    int exit_code;
    std::vector<std::string> diagnostics;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

Case C(std::string file, int exit_code, std::vector<std::string> diagnostics, std::vector<std::string> extra = {},
       std::string name = "") {
    if (name.empty()) name = file;
    return {name, file + ".json", std::move(extra), exit_code, std::move(diagnostics)};
}

const std::vector<Case>& cases() {
    static const std::vector<Case> all{
        // ---- JSON and document structure
        C("syntax_error", 1,
          {"15:5: error[json.syntax]: syntax error while parsing object - unexpected string literal; expected '}' "
           "(is a ',' missing before it?)"}),
        C("wrong_type", 1, {"4:3: error[json.type]: /meta: expected an object, found a string"}),
        C("missing_required_key", 1, {"4:3: error[json.missing_key]: /meta: missing required key 'title'"}),
        // The misspelt key is also the missing one: both are reported.
        C("unknown_key_did_you_mean", 1,
          {"4:3: error[json.missing_key]: /meta: missing required key 'title'",
           "20:5: error[json.unknown_key]: /meta/titel: unknown key 'titel', did you mean 'title'?"}),
        C("unknown_key_no_match", 1, {"23:3: error[json.unknown_key]: /author: unknown key 'author'"}),
        C("format_version_2", 1,
          {"3:3: error[json.version]: /format_version: this file has format version 2.0 but this build of Tertial "
           "reads version 1.x: update Tertial to read it"}),
        C("wrong_format", 1,
          {"2:3: error[json.format]: /format: not a Tertial report: \"format\" must be \"tertial-report\", not "
           "\"tertial-rapport\""}),
        C("unknown_block_type", 1,
          {"24:7: error[json.value]: /body/0/type: unknown block type 'paragraf' (known: section, paragraph, list, "
           "table, assignments, key_figures, chart), did you mean 'paragraph'?"}),
        // ---- dates
        C("invalid_date", 1,
          {"19:5: error[date.invalid]: /meta/date: '2021-02-29' is not a date: write a real calendar day as "
           "YYYY-MM-DD"}),
        C("period_end_outside_year", 1,
          {"17:7: error[meta.period]: /meta/period/end: the period ends 2021-04-30 which is not in its year 2020"}),
        // ---- units and amounts
        C("bad_unit", 1,
          {"26:7: error[unit.unknown]: /body/0/unit: unknown unit 'mnkrr' (known: kr, tkr, mnkr, mkr, %, antal, "
           "dagar, timmar, kr/inv, index), did you mean 'mnkr'?"}),
        C("mkr_in_1_0", 1,
          {"26:7: error[json.version]: /body/0/unit: the unit 'mkr' is new in format version 1.3, but this file says "
           "\"format_version\": \"1.0\"; write \"1.3\" (or 'mnkr', the same scale)"}),
        C("amount_number", 1,
          {"43:13: error[amount.number]: /body/0/rows/0/cells/budget: amount 1.7 is a JSON number; write it as a "
           "string (\"1.7\") so it stays exact"}),
        C("amount_not_numeric", 1,
          {"43:13: error[amount.invalid]: /body/0/rows/0/cells/budget: '1.7 mnkr' is not an amount: write digits "
           "with an optional '-' and decimal point, e.g. \"-2.9\""}),
        C("amount_comma", 1,
          {"43:13: error[amount.invalid]: /body/0/rows/0/cells/budget: '1,5' is not an amount: write a decimal "
           "point, not a comma: \"1.5\""}),
        C("amount_leading_zero", 1,
          {"43:13: error[amount.invalid]: /body/0/rows/0/cells/budget: '07' is not an amount: write it without "
           "leading zeros: \"7\""}),
        // ---- ids
        C("duplicate_figure_id", 1,
          {"29:7: error[figure.duplicate]: /figures/1/id: figure id 'atgardsplan' is already used at /figures/0"}),
        C("duplicate_row_id", 1,
          {"47:11: error[table.duplicate_row]: /body/0/rows/1/id: row id 'taxor' is used twice in table 'drift'"}),
        // Import provenance (format 1.2): refused in an older file; a source names a real column.
        C("source_in_1_1", 1,
          {"47:7: error[json.version]: /body/0/sources: 'sources' is new in format version 1.2, but this file says "
           "\"format_version\": \"1.1\"; write \"1.2\""}),
        C("source_unknown_column", 1,
          {"50:11: error[table.source]: /body/0/sources/0/column: table 'drift' has no column 'utfall'",
           "52:11: error[json.value]: /body/0/sources/0/sha256: a SHA-256 is 64 lowercase hexadecimal digits"}),
        C("unknown_column", 1,
          {"44:13: error[table.unknown_column]: /body/0/rows/0/cells/budgte: table 'drift' has no column 'budgte', "
           "did you mean 'budget'?"}),
        C("unknown_signatory", 1,
          {"37:7: error[meta.unknown_signatory]: /cover_letter/signatures/1: 'ekonomichef' is not among "
           "meta.signatories"}),
        // ---- text bound to figures ("at character" counts å and ä once), placed at the word
        C("text_unknown_figure", 1,
          {"33:56: error[text.unknown_figure]: /body/0/text: '{{atgardsplna}}' refers to no figure, did you mean "
           "'atgardsplan'?"}),
        C("text_unterminated", 1,
          {"33:56: error[text.reference]: /body/0/text: at character 41: '{{' is not closed with '}}'"}),
        C("text_unknown_filter", 1,
          {"33:56: error[text.reference]: /body/0/text: at character 41: unknown filter 'round' (known: abs, number, "
           "decimals=N)"}),
        C("typed_amount", 0,
          {"33:56: warning[text.typed_amount]: /body/0/text: amount '4,4 mnkr' is typed into the text instead of "
           "referring to a figure: figure {{atgardsplan}} has this value"}),
        C("typed_amount", 1,
          {"33:56: warning[text.typed_amount]: /body/0/text: amount '4,4 mnkr' is typed into the text instead of "
           "referring to a figure: figure {{atgardsplan}} has this value"},
          {"--strict"}, "typed_amount_strict"),
        // ---- calculations
        C("calc_cycle", 1,
          {"26:7: error[calc.cycle]: /figures/0/calc: circular calculation: intakter → kostnader → intakter"}),
        C("calc_unknown_row", 1,
          {"57:28: error[calc.unknown_name]: /body/0/rows/2/calc: in calculation 'taxor + bidrg' at character 9: "
           "unknown row 'bidrg' in table 'drift', did you mean 'bidrag'?"}),
        C("calc_syntax", 1,
          {"36:27: error[calc.syntax]: /figures/2/calc: in calculation 'intakter - * kostnader' at character 12: "
           "unexpected '*'"}),
        C("calc_unknown_function", 1,
          {"36:7: error[calc.unknown_function]: /figures/2/calc: in calculation 'summ(intakter, kostnader)': unknown "
           "function 'summ', did you mean 'sum'?"}),
        C("calc_unit_mismatch", 1,
          {"36:7: error[calc.unit]: /figures/2/calc: in calculation 'intakter + andel': cannot add mnkr and %"}),
        // An entered total that the rows do not add up to: both numbers, and
        // every row summed with its value.
        C("total_mismatch", 1,
          {"59:13: error[check.total]: /body/0/rows/2/cells/budget: drift: Summa intäkter / Budget 2020 is entered "
           "as 22,4 but sum(taxor..bidrag) gives 22,3 (from Taxor och avgifter / Budget 2020 = 1,7; Bidrag / Budget "
           "2020 = 20,6)"}),
        // `/` by zero is an error (share() of a zero base is empty, see docs/format.md).
        C("division_by_zero", 1,
          {"36:7: error[calc.division_by_zero]: /figures/2/calc: in calculation 'utfall / budget * 100': division "
           "by zero"}),
    };
    return all;
}

class Malformed : public ::testing::TestWithParam<Case> {};

TEST_P(Malformed, CheckPrintsExactDiagnostics) {
    const Case& c = GetParam();
    std::vector<std::string> args{"check"};
    args.insert(args.end(), c.extra_args.begin(), c.extra_args.end());
    args.push_back(kDir + c.file);
    RunResult r = run_tertial(args, TERTIAL_SOURCE_DIR);

    std::string expected;
    for (const auto& line : c.diagnostics) expected += kDir + c.file + ":" + line + "\n";
    EXPECT_EQ(r.err, expected);
    EXPECT_EQ(r.exit_code, c.exit_code) << "stderr:\n" << r.err;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Malformed, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// Every fixture has a case and every case its fixture, so none is dead weight
// and none silently goes untested.
TEST(MalformedFixtures, EachFileHasACase) {
    std::set<std::string> on_disk, tested;
    for (const auto& entry : fs::directory_iterator(fs::path(TERTIAL_SOURCE_DIR) / kDir))
        if (entry.path().extension() == ".json") on_disk.insert(entry.path().filename().string());
    for (const auto& c : cases()) tested.insert(c.file);
    EXPECT_EQ(on_disk, tested);
    EXPECT_GE(on_disk.size(), 20u);
}

}  // namespace
}  // namespace tertial::test
