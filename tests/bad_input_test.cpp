// The bad-input catalogue: one bad report, plugin, PDF, certificate or
// command line per case, each with its exact message and exit code, run
// through the real binary in a workspace that holds an earlier build's
// output. After every case the workspace is exactly as it was: nothing
// added, removed, changed or rewritten, inputs and outputs alike.
//
// The README's "Bad input" section lists these cases; a new kind of bad
// input gets a line here first.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_files.hpp"
#include "test_pki.hpp"
#include "truncated_plugin.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const char* signing_time = "2020-05-12T10:31:00+02:00";

// What a case adds to the workspace before it runs.
struct File {
    std::string path;   // relative to the workspace
    std::string bytes;  // its contents; see `from`
    std::string from;   // when set: this workspace file with `find` replaced by `bytes`
    std::string find;
    unsigned mode = 0644;  // for a directory (path ending in '/'): its mode
    enum Kind { regular, fifo, symlink, sparse } kind = regular;  // symlink: to `bytes`; sparse: of `bytes` bytes
};

File write(std::string path, std::string bytes) { return {std::move(path), std::move(bytes), "", "", 0644}; }
File edit(std::string path, std::string from, std::string find, std::string replace) {
    return {std::move(path), std::move(replace), std::move(from), std::move(find), 0644};
}
File copy(std::string path, std::string from) { return {std::move(path), "", std::move(from), "", 0644}; }
File with_mode(File f, unsigned mode) {
    f.mode = mode;
    return f;
}
File directory(std::string path, unsigned mode = 0755) { return {std::move(path) + "/", "", "", "", mode}; }
File fifo(std::string path) { return {std::move(path), "", "", "", 0644, File::fifo}; }
File symlink(std::string path, std::string to) { return {std::move(path), std::move(to), "", "", 0644, File::symlink}; }
// A file of `size` zero bytes that takes no room on disk (as `truncate -s`).
File sparse(std::string path, std::uint64_t size) {
    return {std::move(path), std::to_string(size), "", "", 0644, File::sparse};
}

struct Case {
    std::string name;  // the test's name
    std::vector<File> files;
    std::vector<std::string> args;  // tertial's arguments, run in the workspace
    int exit_code;
    std::string err;          // stderr, exactly
    std::string out = "";     // stdout, exactly (or one line of it, with out_line)
    bool out_line = false;    // `out` is one whole line of stdout, not all of it
    std::string password = "";  // TERTIAL_P12_PASSWORD, when set
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

// The reports' own complaint after their diagnostics.
const std::string nothing_built = "tertial build: nothing written: fix the errors above first\n";

// `tertial import`'s last line when it refuses.
const std::string nothing_imported = "tertial import ledger: nothing written\n";

// Seed 000's plugins line, to name other plugins in its place.
const std::string plugins_line = "\"plugins\": [\n      \"ostersund\",\n      \"social_services\"\n    ]";
std::string plugins_named(const std::string& second) {
    return "\"plugins\": [\n      \"ostersund\",\n      \"" + second + "\"\n    ]";
}

// A fixture plugin (tests/plugin_fixtures) copied to `dir` in the workspace.
File fixture_plugin(const std::string& dir, const std::string& id, unsigned mode = 0644) {
    return with_mode(copy(dir + "/tertial_plugin_" + id + ".so",
                          std::string(TERTIAL_FIXTURE_PLUGIN_DIR) + "/" + id + "/tertial_plugin_" + id + ".so"),
                     mode);
}

// Fixture plugin `id`'s file in the build.
std::string fixture_plugin_file(const std::string& id) {
    return std::string(TERTIAL_FIXTURE_PLUGIN_DIR) + "/" + id + "/tertial_plugin_" + id + ".so";
}

// A report that names fixture plugin `id` instead of social_services.
File report_naming(const std::string& id) {
    return edit("bad/plugin_" + id + ".json", "report.json", plugins_line, plugins_named(id));
}

std::string plugin_refused(const std::string& id, int column, const std::string& code, const std::string& why) {
    return "bad/plugin_" + id + ".json:24:" + std::to_string(column) + ": error[" + code + "]: /meta/plugins/1: plugin '" +
           id + "' (pl/tertial_plugin_" + id + ".so): " + why + "\n" + nothing_built;
}

// `n` text columns, each a JSON object followed by a comma.
std::string text_columns(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += "{\"id\": \"k" + std::to_string(i) + "\", \"title\": \"K\", \"kind\": \"text\"}, ";
    return out;
}

// An empty text for each of those columns, each followed by a comma.
std::string empty_text_cells(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += "\"k" + std::to_string(i) + "\": \"\", ";
    return out;
}

// `ascii` as UTF-16 (little endian) after `bom`, and as UTF-32 (big endian).
std::string utf16le(const std::string& bom, const std::string& ascii) {
    std::string out = bom;
    for (char c : ascii) out += std::string{c, '\0'};
    return out;
}
std::string utf32be(const std::string& ascii) {
    std::string out;
    for (char c : ascii) out += std::string{'\0', '\0', '\0', c};
    return out;
}

// Figures c0 .. c{n-1}, each the next plus 1, the last the first plus 1.
std::string figure_cycle(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "    {\"id\": \"c" + std::to_string(i) + "\", \"unit\": \"kr\", \"calc\": \"c" + std::to_string((i + 1) % n) +
               " + 1\"},\n";
    return out;
}

// 2 100 directories deep in name (4 200 bytes): past PATH_MAX, each name short.
std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}
const std::string long_path = repeat("d/", 2100);

// Seed 000 rolled over to 2021: 94 review marks.
const std::string rolled_report = std::string(TERTIAL_SOURCE_DIR) + "/tests/data/rollover/san-tertial-1-2021.json";

// `import kolada`'s complaint after a bad snapshot.
const std::string nothing_imported_kolada = "tertial import kolada: nothing written\n";

// A Kolada response with one value of N00914 for `municipality`, the value written as `value`.
std::string kolada_snapshot(const std::string& municipality, const std::string& value) {
    return "{\"values\": [\n  {\"kpi\": \"N00914\", \"municipality\": \"" + municipality +
           "\", \"period\": 2019,\n   \"values\": [\n    {\"gender\": \"T\", \"status\": \"\", \"value\": " + value +
           "}]}]}\n";
}

const std::vector<Case>& cases() {
    static const std::vector<Case> all{
        // ---- reports -------------------------------------------------------------------
        {"ReportTruncated",
         {write("bad/truncated.json", "{\"format\": \"tertial-report\",")},
         {"build", "bad/truncated.json", "--out", "out"},
         1,
         "bad/truncated.json:1:29: error[json.syntax]: syntax error while parsing object key - unexpected end of "
         "input; expected string literal\n" +
             nothing_built},
        {"ReportEmpty",
         {write("bad/empty.json", "")},
         {"build", "bad/empty.json", "--out", "out"},
         1,
         "bad/empty.json:1:1: error[json.syntax]: syntax error while parsing value - unexpected end of input; "
         "expected '[', '{', or a literal\n" +
             nothing_built},
        {"ReportNotUtf8",
         {write("bad/latin1.json", "{\"format\": \"tertial-report\", \"title\": \"N\xe4mnden\"}")},
         {"build", "bad/latin1.json", "--out", "out"},
         1,
         "bad/latin1.json:1:42: error[json.syntax]: syntax error while parsing value - invalid string: ill-formed "
         "UTF-8 byte; last read: '\"N\\xE4m'\n" +
             nothing_built},
        // UTF-16 and UTF-32, with and without a byte order mark, are named.
        {"ReportUtf16",
         {write("bad/utf16.json", utf16le("\xFF\xFE", "{\"format\": \"tertial-report\"}"))},
         {"build", "bad/utf16.json", "--out", "out"},
         1,
         "bad/utf16.json:1:1: error[json.encoding]: the file is UTF-16 (little endian); save it as UTF-8\n" +
             nothing_built},
        {"ReportUtf32WithoutByteOrderMark",
         {write("bad/utf32.json", utf32be("{\"format\": \"tertial-report\"}"))},
         {"build", "bad/utf32.json", "--out", "out"},
         1,
         "bad/utf32.json:1:1: error[json.encoding]: the file is UTF-32 (big endian); save it as UTF-8\n" +
             nothing_built},
        {"ReportNestedTooDeep",
         {write("bad/deep.json", std::string(100000, '[') + std::string(100000, ']'))},
         {"build", "bad/deep.json", "--out", "out"},
         1,
         "bad/deep.json:1:65: error[json.depth]: arrays and objects nested more than 64 deep; a report nests about a "
         "dozen levels\n" +
             nothing_built},
        // Kolada snapshots for `import kolada`: the snapshot's place is named,
        // and the report (report.json) is left byte for byte as it was.
        {"KoladaSnapshotSyntax",
         {write("bad/kolada.json", "{\"values\": [\n  {\"kpi\": \"N00914\",}\n]}")},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:2:20: error: syntax error while parsing object key - unexpected '}'; expected string "
         "literal\n" + nothing_imported_kolada},
        {"KoladaNotAResponse",
         {write("bad/kolada.json", "[{\"kpi\": \"N00914\"}]\n")},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:1:1: error: not a Kolada API response: expected an object with \"values\", the list that "
         "api.kolada.se/v3/data/kpi/…/municipality/…/year/… returns\n" + nothing_imported_kolada},
        {"KoladaMetadataNotData",
         {write("bad/kolada.json", "{\"values\": [{\"id\": \"N00914\", \"title\": \"Förvärvsarbetande\"}]}\n")},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:1:13: error: /values/0: this is Kolada metadata (a list of KPIs or municipalities), not "
         "data: save the address `tertial import kolada --url` prints\n" + nothing_imported_kolada},
        {"KoladaAnotherMunicipality",
         {write("bad/kolada.json", kolada_snapshot("2280", "80.2"))},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:4:5: error: /values/0/values/0: the snapshot holds figures for municipality 2280, but the "
         "report is for 2380 (Östersunds kommun); save the address `tertial import kolada --url` prints for this "
         "report\n" + nothing_imported_kolada},
        {"KoladaValueNotANumber",
         {write("bad/kolada.json", kolada_snapshot("2380", "\"81,4\""))},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:4:35: error: /values/0/values/0/value: \"81,4\" is a string, not a number: Kolada writes "
         "values as JSON numbers, e.g. 80.1\n" + nothing_imported_kolada},
        {"KoladaOnePageOfSeveral",
         {write("bad/kolada.json", "{\"count\": 5000, \"next_page\": "
                                   "\"https://api.kolada.se/v3/data/kpi/N00914/year/2019?page=2\", \"values\": []}\n")},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json"},
         1,
         "bad/kolada.json:1:17: error: /next_page: this response is one page of several (\"next_page\" is set): "
         "save every page, or ask for all at once with ?per_page=5000 as `tertial import kolada --url` prints\n" +
             nothing_imported_kolada},
        // A KPI the report does not name is only a warning (a dry run, so nothing is written).
        {"KoladaKpiTheReportDoesNotHave",
         {write("bad/kolada.json",
                "{\"values\": [\n"
                "  {\"kpi\": \"N00914\", \"municipality\": \"2380\", \"period\": 2019, \"values\": [{\"gender\": \"T\", "
                "\"value\": 81.4}]},\n"
                "  {\"kpi\": \"N99999\", \"municipality\": \"2380\", \"period\": 2019, \"values\": [{\"gender\": \"T\", "
                "\"value\": 3}]}]}\n")},
         {"import", "kolada", "bad/kolada.json", "--into", "report.json", "--date", "2021-05-03", "--dry-run"},
         0,
         "bad/kolada.json:3:3: warning: /values/1: N99999 is in the snapshot, but no key figure or table row of the "
         "report names it; its values are not used\n",
         "dry run: report.json not written",
         true},
        {"ReportUnknownFigureInText",
         {edit("bad/ref.json", "report.json", "inklusive åtgärdsplan med {{atgardsplan}}. Prognosen",
               "inklusive åtgärdsplan med {{atgardsplanen}}. Prognosen")},
         {"build", "bad/ref.json", "--out", "out"},
         1,
         "bad/ref.json:179:240: error[text.unknown_figure]: /cover_letter/summary/1/text: '{{atgardsplanen}}' "
         "refers to no figure, did you mean 'atgardsplan'?\n" +
             nothing_built},
        {"ReportCalculationCycle",
         {edit("bad/cycle.json", "report.json",
               "\"label\": \"Begärd tilläggsbudget 2020, ekonomiskt bistånd\",\n      \"unit\": \"mnkr\",\n      "
               "\"value\": \"7.0\"",
               "\"label\": \"Begärd tilläggsbudget 2020, ekonomiskt bistånd\",\n      \"unit\": \"mnkr\",\n      "
               "\"calc\": \"tillaggsbudget - tillaggsbudget_institutionsvard\"")},
         {"build", "bad/cycle.json", "--out", "out"},
         1,
         "bad/cycle.json:57:7: error[calc.cycle]: /figures/2/calc: circular calculation: "
         "tillaggsbudget_ekonomiskt_bistand → tillaggsbudget → tillaggsbudget_ekonomiskt_bistand\n"
         "  bad/cycle.json:184:152: error[text.empty_figure]: /cover_letter/proposals/1: '{{tillaggsbudget}}' refers to "
         "Begärd tilläggsbudget 2020, which has no value\n"
         "  bad/cycle.json:184:179: error[text.empty_figure]: /cover_letter/proposals/1: "
         "'{{tillaggsbudget_ekonomiskt_bistand}}' refers to Begärd tilläggsbudget 2020, ekonomiskt bistånd, which "
         "has no value\n" +
             nothing_built},
        // A figure that is last year's value of a figure the report does not have, or in a unit it cannot carry.
        {"ReportFigureRoleUnknownFigure",
         {edit("bad/role.json", "report.json", "\"last_year_of\": \"eb_utfall\"",
               "\"last_year_of\": \"eb_utfal\"")},
         {"build", "bad/role.json", "--out", "out"},
         1,
         "bad/role.json:101:9: error[figure.role]: /figures/9/role/last_year_of: figure 'eb_utfall_fg' is last "
         "year's value of 'eb_utfal', which is not a figure of this report, did you mean 'eb_utfall'?\n" +
             nothing_built},
        {"ReportFigureRoleUnit",
         {edit("bad/role_unit.json", "report.json", "\"last_year_of\": \"hushall_eb\"",
               "\"last_year_of\": \"eb_utfall\"")},
         {"build", "bad/role_unit.json", "--out", "out"},
         1,
         "bad/role_unit.json:116:9: error[figure.role]: /figures/11/role/last_year_of: figure 'hushall_eb_fg' is in "
         "antal but 'eb_utfall', whose last year's value it is, is in mnkr\n" +
             nothing_built},
        // A key of format 1.2 in a file that says 1.1.
        {"ReportFigureRoleInAnOlderVersion",
         {edit("bad/role_version.json", "report.json", "\"format_version\": \"1.2\"", "\"format_version\": \"1.1\"")},
         {"build", "bad/role_version.json", "--out", "out"},
         1,
         "bad/role_version.json:100:7: error[json.version]: /figures/9/role: 'role' is new in format version 1.2, but "
         "this file says \"format_version\": \"1.1\"; write \"1.2\"\n"
         "bad/role_version.json:115:7: error[json.version]: /figures/11/role: 'role' is new in format version 1.2, "
         "but this file says \"format_version\": \"1.1\"; write \"1.2\"\n" +
             nothing_built},
        // Calculations nested past the limit, and a cycle through 10 000
        // figures: both overflowed the stack (exit 139) before the limit.
        {"ReportCalculationNestedTooDeep",
         {edit("bad/deep_calc.json", "report.json", "\"value\": \"9.8\"",
               "\"calc\": \"" + std::string(20000, '(') + "1" + std::string(20000, ')') + "\"")},
         {"build", "bad/deep_calc.json", "--out", "out"},
         1,
         "bad/deep_calc.json:63:80: error[calc.depth]: /figures/3/calc: the calculation nests brackets, function calls "
         "and minus signs more than 64 deep (at character 65); a report's calculations nest two or three\n"
         "  bad/deep_calc.json:184:152: error[text.empty_figure]: /cover_letter/proposals/1: '{{tillaggsbudget}}' refers "
         "to Begärd tilläggsbudget 2020, which has no value\n"
         "  bad/deep_calc.json:184:244: error[text.empty_figure]: /cover_letter/proposals/1: "
         "'{{tillaggsbudget_institutionsvard}}' refers to Begärd tilläggsbudget 2020, institutionsvård för barn och "
         "unga, which has no value\n" + nothing_built},
        {"ReportCalculationCycleThrough10000Figures",
         {edit("bad/long_cycle.json", "report.json", "\"figures\": [\n", "\"figures\": [\n" + figure_cycle(10000))},
         {"build", "bad/long_cycle.json", "--out", "out"},
         1,
         "bad/long_cycle.json:40:32: error[calc.cycle]: /figures/0/calc: circular calculation through 10000 "
         "figures: c0 → c1 → c2 → c3 → … → c9999 → c0\n" + nothing_built},
        // A key written twice: JSON readers keep the last, silently.
        {"ReportDuplicateKey",
         {edit("bad/twice.json", "report.json", "\"value\": \"9.8\"", "\"value\": \"1.5\", \"value\": \"9.9\"")},
         {"build", "bad/twice.json", "--out", "out"},
         1,
         "bad/twice.json:63:23: error[json.duplicate_key]: /figures/3/value: the key 'value' is written twice in "
         "this object, first at line 63, column 7; write it once\n" + nothing_built},
        // Control characters: a NUL cut the PDF's Info /Title short; an
        // escape sequence in a key drove the terminal.
        {"ReportNulInTitle",
         {edit("bad/nul.json", "report.json", "\"title\": \"Delårsrapport Tertial", "\"title\": \"Delårsrapport\\u0000 Tertial")},
         {"build", "bad/nul.json", "--out", "out"},
         1,
         "bad/nul.json:15:28: error[json.control_character]: /meta/title: the string holds a control character U+0000 "
         "(NUL) at character 14; remove it (the only control characters a string may hold are tab and line feed, "
         "\\t and \\n)\n" + nothing_built},
        {"ReportEscapeSequenceInKey",
         {edit("bad/esc.json", "report.json", "\"administration\"", "\"\\u001b[2J\\u001b[31madministration\"")},
         {"build", "bad/esc.json", "--out", "out"},
         1,
         "bad/esc.json:4:3: error[json.control_character]: /meta: the key \"\\u001b[2J\\u001b[31madministration\" "
         "holds a control character U+001B (ESC) at character 1; remove it (the only control characters a string "
         "may hold are tab and line feed, \\t and \\n)\n" + nothing_built},
        // Amounts beyond the exact decimal's limits, and a negative zero.
        {"ReportAmountTooManyDigits",
         {edit("bad/digits.json", "report.json", "\"value\": \"9.8\"", "\"value\": \"1234567890123456789012345678901234567890\"")},
         {"build", "bad/digits.json", "--out", "out"},
         1,
         "bad/digits.json:63:7: error[amount.invalid]: /figures/3/value: '1234567890123456789012345678901234567890' "
         "is not an amount: it has 40 digits, and an amount has at most 36 (before and after the point together)\n" + nothing_built},
        {"ReportAmountTooManyDecimals",
         {edit("bad/decimals.json", "report.json", "\"value\": \"9.8\"", "\"value\": \"9.8000000000000000001\"")},
         {"build", "bad/decimals.json", "--out", "out"},
         1,
         "bad/decimals.json:63:7: error[amount.invalid]: /figures/3/value: '9.8000000000000000001' is not an "
         "amount: it has 19 decimals, and an amount has at most 18\n" + nothing_built},
        {"ReportAmountNegativeZero",
         {edit("bad/minus_zero.json", "report.json", "\"value\": \"9.8\"", "\"value\": \"-0\"")},
         {"build", "bad/minus_zero.json", "--out", "out"},
         1,
         "bad/minus_zero.json:63:7: error[amount.invalid]: /figures/3/value: '-0' is not an amount: zero has no "
         "sign: write \"0\"\n" + nothing_built},
        {"ReportAmountAsNumber",
         {edit("bad/number.json", "report.json", "\"value\": \"9.8\"", "\"value\": 9.8")},
         {"build", "bad/number.json", "--out", "out"},
         1,
         "bad/number.json:63:7: error[amount.number]: /figures/3/value: amount 9.8 is a JSON number; write it as "
         "a string (\"9.8\") so it stays exact\n" +
             nothing_built},
        // Amounts written as a printed report shows them (grouping spaces, the
        // minus sign U+2212, a decimal comma), as strings and bare: each slip
        // named, with the one spelling that is accepted.
        {"ReportAmountWithGroupingSpaces",
         {edit("bad/grouped.json", "report.json", "\"value\": \"350000\"", "\"value\": \"350 000\"")},
         {"build", "bad/grouped.json", "--out", "out"},
         1,
         "bad/grouped.json:51:7: error[amount.invalid]: /figures/1/value: '350 000' is not an amount: leave out the "
         "grouping spaces: \"350000\"\n" + nothing_built},
        {"ReportAmountWithMinusSign",
         {edit("bad/minus_sign.json", "report.json", "\"value\": \"4.4\"", "\"value\": \"−4,4\"")},
         {"build", "bad/minus_sign.json", "--out", "out"},
         1,
         "bad/minus_sign.json:45:7: error[amount.invalid]: /figures/0/value: '−4,4' is not an amount: write the minus "
         "sign '−' (U+2212) as '-' and write a decimal point, not a comma: \"-4.4\"\n" + nothing_built},
        {"ReportBareNumberWithGroupingSpaces",
         {edit("bad/grouped_number.json", "report.json", "\"value\": \"350000\"", "\"value\": 350 000")},
         {"build", "bad/grouped_number.json", "--out", "out"},
         1,
         "bad/grouped_number.json:51:16: error[json.syntax]: syntax error while parsing object - unexpected number "
         "literal; expected '}' (an amount is a string: leave out the grouping spaces: \"350000\")\n" + nothing_built},
        {"ReportBareNumberWithMinusSign",
         {edit("bad/minus_number.json", "report.json", "\"value\": \"4.4\"", "\"value\": −4,4")},
         {"build", "bad/minus_number.json", "--out", "out"},
         1,
         "bad/minus_number.json:45:16: error[json.syntax]: syntax error while parsing value - invalid literal; last "
         "read: '\"value\": \\xE2' (an amount is a string: write the minus sign '−' (U+2212) as '-' and write a "
         "decimal point, not a comma: \"-4.4\")\n" + nothing_built},
        // A straight quote or a line break inside a string, a comma after a
        // list's last element: placed at the slip, with what to write.
        {"ReportStraightQuoteInString",
         {edit("bad/quote.json", "report.json", "inklusive åtgärdsplan med", "inklusive \"åtgärdsplan\" med")},
         {"build", "bad/quote.json", "--out", "out"},
         1,
         "bad/quote.json:179:224: error[json.syntax]: syntax error while parsing object - invalid literal; last read: "
         "'….prognos|abs}} inklusive \"\\xC3'; expected '}' (is a '\"' inside the string? write it as "
         "\\\" or as ”)\n" + nothing_built},
        {"ReportLineBreakInString",
         {edit("bad/line_break.json", "report.json", "Prognosen är mycket", "Prognosen\när mycket")},
         {"build", "bad/line_break.json", "--out", "out"},
         1,
         "bad/line_break.json:179:266: error[json.syntax]: syntax error while parsing value - invalid string: control "
         "character U+000A (LF) must be escaped to \\u000A or \\n; last read: '…gardsplan}}. "
         "Prognosen<U+000A>' (a line break inside a string is written \\n; or is the string's closing '\"' "
         "missing?)\n" + nothing_built},
        {"ReportTrailingCommaInList",
         {edit("bad/trailing_comma.json", "report.json", "\"Tertialrapporten godkänns och läggs till handlingarna.\"\n",
               "\"Tertialrapporten godkänns och läggs till handlingarna.\",\n")},
         {"build", "bad/trailing_comma.json", "--out", "out"},
         1,
         "bad/trailing_comma.json:185:63: error[json.syntax]: syntax error while parsing value - unexpected ']'; "
         "expected '[', '{', or a literal (is there a ',' after the last element?)\n" + nothing_built},
        // "Did you mean" for a unit and a goal status as people write them.
        {"ReportUnitAsWritten",
         {edit("bad/msek.json", "report.json", "\"unit\": \"mnkr\",\n      \"decimals\": 1,\n      \"value\": \"4.4\"",
               "\"unit\": \"msek\",\n      \"decimals\": 1,\n      \"value\": \"4.4\"")},
         {"build", "bad/msek.json", "--out", "out"},
         1,
         "bad/msek.json:43:7: error[unit.unknown]: /figures/0/unit: unknown unit 'msek' (known: kr, tkr, mnkr, mkr, %, "
         "antal, dagar, timmar, kr/inv, index), did you mean 'mnkr'?\n" + nothing_built},
        {"ReportGoalStatusAsWritten",
         {edit("bad/status.json", "report.json", "\"status\": \"ej_bedomd\"", "\"status\": \"Uppnås\"")},
         {"build", "bad/status.json", "--out", "out"},
         1,
         "bad/status.json:435:13: error[json.value]: /body/2/body/0/goal/status: 'Uppnås' is not one of: uppnas, "
         "uppnas_delvis, uppnas_inte, ej_bedomd, did you mean 'uppnas'?\n" + nothing_built},
        // One typo in a calculation: the error at the word, and what follows
        // from it (a text that needs the figure) indented under it.
        {"ReportUnknownFigureInCalculationFirst",
         {edit("bad/calc_typo.json", "report.json",
               "\"calc\": \"tillaggsbudget_ekonomiskt_bistand + tillaggsbudget_institutionsvard\"",
               "\"calc\": \"tillaggsbudget_ekonomiskt_bistnd + tillaggsbudget_institutionsvard\"")},
         {"build", "bad/calc_typo.json", "--out", "out"},
         1,
         "bad/calc_typo.json:69:16: error[calc.unknown_name]: /figures/4/calc: in calculation "
         "'tillaggsbudget_ekonomiskt_bistnd + tillaggsbudget_institutionsvard' at character 1: unknown figure "
         "'tillaggsbudget_ekonomiskt_bistnd', did you mean 'tillaggsbudget_ekonomiskt_bistand'?\n"
         "  bad/calc_typo.json:184:152: error[text.empty_figure]: /cover_letter/proposals/1: '{{tillaggsbudget}}' "
         "refers to Begärd tilläggsbudget 2020, which has no value\n" + nothing_built},
        {"ReportUnknownPlugin",
         {edit("bad/ostersun.json", "report.json", plugins_line,
               "\"plugins\": [\n      \"ostersun\",\n      \"social_services\"\n    ]")},
         {"build", "bad/ostersun.json", "--out", "out"},
         1,
         "bad/ostersun.json:23:7: error[plugin.not_found]: /meta/plugins/0: plugin 'ostersun' not found (looked "
         "for tertial_plugin_ostersun.so in {PLUGINS}), did you mean 'ostersund'?\n" +
             nothing_built},
        {"ReportMissing", {}, {"build", "bad/nosuch.json", "--out", "out"}, 3, "bad/nosuch.json: error: cannot read: No such file or directory\n"},
        {"ReportIsADirectory", {directory("bad/dir.json")}, {"build", "bad/dir.json", "--out", "out"}, 3, "bad/dir.json: error: is a directory, not a report file\n"},
        // Special files are refused before they are opened for reading (a FIFO
        // would block, /dev/zero never ends), and a size limit comes before any
        // reading (the file is sparse: 64 MiB and one byte of nothing).
        {"ReportIsAFifo", {fifo("bad/pipe.json")}, {"check", "bad/pipe.json"}, 3, "bad/pipe.json: error: is a named pipe (FIFO), not a report file or PDF\n"},
        {"ReportIsADevice", {}, {"check", "/dev/zero"}, 3, "/dev/zero: error: is a character device, not a report file or PDF\n"},
        {"ReportTooLarge",
         {sparse("bad/huge.json", (64 << 20) + 1)},
         {"build", "bad/huge.json", "--out", "out"},
         3,
         "bad/huge.json: error: the file has 67108865 bytes, and a report file may have at most 64 MiB (67108864 "
         "bytes)\n"},
        {"ReportRolloverTooLarge",
         {sparse("bad/huge.json", (64 << 20) + 1)},
         {"rollover", "bad/huge.json", "--to", "2021-04-30", "-o", "next.json"},
         3,
         "bad/huge.json: error: the file has 67108865 bytes, and a report file may have at most 64 MiB (67108864 "
         "bytes)\n"},
        // A file name with control characters is written out, never sent to
        // the terminal (keys: ReportEscapeSequenceInKey).
        {"ReportNameWithTerminalEscapes",
         {write("bad/\x1b[31m\n.json", "{\"format\": \"tertial-report\",")},
         {"check", "bad/\x1b[31m\n.json"},
         1,
         "bad/\\u001b[31m\\u000a.json:1:29: error[json.syntax]: syntax error while parsing object key - unexpected end "
         "of input; expected string literal\n",
         "bad/\\u001b[31m\n.json: 1 error, 0 warnings\n"},
        // tertial edit opens only a report it can read, and leaves no lock or .bak behind
        {"EditReportTruncated",
         {write("bad/truncated.json", "{\"format\": \"tertial-report\",")},
         {"edit", "bad/truncated.json", "--no-browser"},
         1,
         "bad/truncated.json:1:29: error[json.syntax]: syntax error while parsing object key - unexpected end of "
         "input; expected string literal\ntertial edit: error: bad/truncated.json does not read as a report; nothing opened\n"},
        {"EditReportMissing", {}, {"edit", "bad/nosuch.json", "--no-browser"}, 3, "bad/nosuch.json: error: cannot read: No such file or directory\n"},
        {"EditReportIsADirectory", {directory("bad/dir.json")}, {"edit", "bad/dir.json"}, 3, "bad/dir.json: error: is a directory, not a report file\n"},
        {"ReportOneOfTwoBad",
         {write("bad/truncated.json", "{\"format\": \"tertial-report\",")},
         {"build", "report.json", "bad/truncated.json", "--out", "out"},
         1,
         "bad/truncated.json:1:29: error[json.syntax]: syntax error while parsing object key - unexpected end of "
         "input; expected string literal\n" +
             nothing_built},
        {"ReportTwoInputsOneOutputName",
         {copy("bad/report.json", "report.json")},
         {"build", "report.json", "bad/report.json", "--out", "out"},
         2,
         "tertial build: error: two inputs would both be written to out/report.json\n"},
        // A table with more columns than the page can hold (they printed over each other).
        // (Their cells are given, if empty: a column empty in every row would be left out.)
        {"ReportTableTooWideForThePage",
         {edit("bad/wide_columns.json", "report.json", "\"columns\": [\n          {\n            \"id\": \"verksamhet\"",
               "\"columns\": [" + text_columns(200) + "\n          {\n            \"id\": \"verksamhet\""),
          edit("bad/wide.json", "bad/wide_columns.json", "\"prognos\": \"-22.0\"", empty_text_cells(200) + "\"prognos\": \"-22.0\"")},
         {"build", "bad/wide.json", "--out", "out"},
         1,
         "bad/wide.json:221:9: error[layout.table_too_wide]: /cover_letter/background/5/columns: the table's 202 columns do "
         "not fit the landscape page's width even in 7.5 pt type; the first 62 fit: split it into narrower tables\n" +
             nothing_built},

        // review accept: a text nobody changed since last year is not accepted by name.
        {"ReportReviewAcceptUnchangedText",
         {copy("bad/rolled.json", rolled_report)},
         {"review", "accept", "bad/rolled.json", "/body/0/body/0/review"},
         1,
         "bad/rolled.json:382:11: /body/0/body/0/review: error: this year's text is still last year's, word for word; "
         "read it (`tertial review diff bad/rolled.json /body/0/body/0/review`) and edit it, or pass --unchanged-ok "
         "to accept it as it is\ntertial review accept: nothing written\n"},

        // Ledger exports (tertial import ledger into seed 000): the message names
        // the place, and report.json is left as it was.
        {"LedgerExportEmpty",
         {write("bad/empty.csv", "")},
         {"import", "ledger", "bad/empty.csv", "--into", "report.json", "--date", "2020-05-04"},
         1,
         "bad/empty.csv: error: the export is empty (0 bytes)\n" + nothing_imported},
        {"LedgerExportAmountNotANumber",
         {write("bad/amount.csv", "Konto;Ansvar;Belopp\n3110;310010;-1 000,00\n4010;310010;12 34x,00\n")},
         {"import", "ledger", "bad/amount.csv", "--into", "report.json", "--date", "2020-05-04"},
         1,
         "bad/amount.csv:3:13: error: the amount '12 34x,00' is not a number (decimal comma, thousands grouped by space "
         "or dot)\n" + nothing_imported},
        {"LedgerExportUnmappedCode",
         {write("bad/unmapped.csv", "Konto;Belopp\n3110;-1 000,00\n9110;1 234,50\n9110;-34,25\n")},
         {"import", "ledger", "bad/unmapped.csv", "--into", "report.json", "--date", "2020-05-04"},
         1,
         "bad/unmapped.csv: error: 1 code no rule of mapping 'drift_utfall' maps (give it a rule, an exclusion with its "
         "reason, or name an \"other\" row):\n  konto 9110: 1 200,25 kr (2 lines)\n" + nothing_imported},
        {"LedgerExportTwoRulesForOneCode",
         {write("bad/two.csv", "Konto;Belopp\n6410;100,00\n"),
          write("bad/map.json", "{\"table\": \"drift\", \"column\": \"utfall\", \"rows\": [{\"row\": \"varor\", "
                                "\"konto\": \"64*\"}, {\"row\": \"ovriga_kostnader\", \"konto\": \"6400-6499\"}]}")},
         {"import", "ledger", "bad/two.csv", "--into", "report.json", "--map", "bad/map.json", "--date", "2020-05-04"},
         1,
         "bad/two.csv:2:1: error: konto 6410 matches both rule 1 (row 'varor') and rule 2 (row 'ovriga_kostnader'); a "
         "code may go to one place only\n" + nothing_imported},
        {"LedgerExportOtherPeriod",
         {write("bad/period.csv", "Period;202001-202008\nKonto;Belopp\n3110;-1 000,00\n")},
         {"import", "ledger", "bad/period.csv", "--into", "report.json", "--date", "2020-05-04"},
         1,
         "bad/period.csv:1:1: error: the export is for 2020-01 – 2020-08, but column 'utfall' of table 'drift' is for "
         "2020-01 – 2020-04\n" + nothing_imported},
        {"LedgerExportOtherMunicipality",
         {write("bad/kommun.csv", "Kommun: 2280 Härnösands kommun\nKonto;Belopp\n3110;-1 000,00\n")},
         {"import", "ledger", "bad/kommun.csv", "--into", "report.json", "--date", "2020-05-04"},
         1,
         "bad/kommun.csv:1:1: error: the export is for '2280 Härnösands kommun', but the report is Östersunds kommun's "
         "(SCB 2380)\n" + nothing_imported},
        {"LedgerMappingBadPattern",
         {write("bad/map.json", "{\"table\": \"drift\", \"column\": \"utfall\",\n \"rows\": [{\"row\": \"varor\", \"konto\": \"64**\"}]}"),
          write("bad/one.csv", "Konto;Belopp\n6410;100,00\n")},
         {"import", "ledger", "bad/one.csv", "--into", "report.json", "--map", "bad/map.json", "--date", "2020-05-04"},
         1,
         "bad/map.json:2:28: error: /rows/0/konto: '64**' is not a code pattern: a prefix is a code followed by '*', as "
         "\"45*\"\n" + nothing_imported},

        // ---- plugins -------------------------------------------------------------------
        {"PluginBuiltForAnotherApiVersion",
         {fixture_plugin("pl", "wrong_version"), report_naming("wrong_version")},
         {"build", "bad/plugin_wrong_version.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("wrong_version", 7, "plugin.api_version",
                        "built for plugin API version 999, but this Tertial uses version 5; rebuild the plugin")},
        {"PluginThrowsWhenRegistering",
         {fixture_plugin("pl", "throws"), report_naming("throws")},
         {"build", "bad/plugin_throws.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("throws", 7, "plugin.register", "register_plugin failed: kaputt")},
        {"PluginWithoutEntryPoint",
         {fixture_plugin("pl", "noalias"), report_naming("noalias")},
         {"build", "bad/plugin_noalias.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("noalias", 7, "plugin.no_entry",
                        "not a Tertial plugin: it exports no 'tertial_plugin' alias (use TERTIAL_PLUGIN)")},
        {"PluginIdNotItsFileName",
         {fixture_plugin("pl", "id_mismatch"), report_naming("id_mismatch")},
         {"build", "bad/plugin_id_mismatch.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("id_mismatch", 7, "plugin.id",
                        "declares id 'something_else', but its file name says 'id_mismatch' (TERTIAL_PLUGIN and "
                        "tertial_add_plugin must name the same id)")},
        {"PluginNotALibrary",
         {write("pl/tertial_plugin_garbage.so", "not a shared library\n"), report_naming("garbage")},
         {"build", "bad/plugin_garbage.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("garbage", 7, "plugin.load", "cannot load: not a shared library (it does not start with an ELF header)")},
        // A plugin cut short: its segments reach past the end (the loader SIGBUSed).
        {"PluginTruncated",
         {write("pl/tertial_plugin_cut.so", truncated_plugin(fixture_plugin_file("throws"), 8192)), report_naming("cut")},
         {"build", "bad/plugin_cut.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("cut", 7, "plugin.load", truncated_plugin_problem(fixture_plugin_file("throws"), 8192))},
        // A struct exported under the alias's name (read as a pointer, it crashed).
        {"PluginExportsAStructNotTheAlias",
         {fixture_plugin("pl", "plain_struct"), report_naming("plain_struct")},
         {"build", "bad/plugin_plain_struct.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("plain_struct", 7, "plugin.no_entry",
                        "not a Tertial plugin: its 'tertial_plugin' is an object of 48 bytes, not the alias TERTIAL_PLUGIN "
                        "makes (a pointer to a tertial::PluginEntry, 8 bytes)")},
        // The alias pointing at a function.
        {"PluginAliasesAFunction",
         {fixture_plugin("pl", "function_alias"), report_naming("function_alias")},
         {"build", "bad/plugin_function_alias.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("function_alias", 7, "plugin.no_entry",
                        "not a Tertial plugin: its 'tertial_plugin' alias points at code, not at a tertial::PluginEntry: "
                        "was a function aliased? (use TERTIAL_PLUGIN)")},
        // No API version note in the file: built without TERTIAL_PLUGIN.
        {"PluginWithoutApiNote",
         {fixture_plugin("pl", "no_note"), report_naming("no_note")},
         {"build", "bad/plugin_no_note.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("no_note", 7, "plugin.api_version",
                        "has no plugin API version note: it was not built with this Tertial's TERTIAL_PLUGIN "
                        "(tertial/plugin.hpp); rebuild the plugin")},
        // exit(0) in register_plugin: `check` said nothing and exited 0.
        {"PluginExitsWhileRegistering",
         {fixture_plugin("pl", "exit_in_register"), report_naming("exit_in_register")},
         {"check", "bad/plugin_exit_in_register.json", "--plugin-dir", "pl"},
         1,
         "tertial: error[plugin.exit]: plugin 'exit_in_register' (pl/tertial_plugin_exit_in_register.so): called exit() "
         "while registering; a plugin must report problems by throwing, not end Tertial (exit code 1)\n"},
        // A directory named like a plugin file.
        {"PluginFileIsADirectory",
         {directory("pl/tertial_plugin_folder.so"), report_naming("folder")},
         {"build", "bad/plugin_folder.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("folder", 7, "plugin.load", "cannot load: it is a directory, not a regular file")},
        {"PluginWritableByOthers",
         {fixture_plugin("pl", "throws", 0666), report_naming("throws")},
         {"build", "bad/plugin_throws.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("throws", 7, "plugin.unsafe",
                        "refused: the file pl/tertial_plugin_throws.so is writable by other users (mode 0666), so "
                        "anyone who can change it could run code as you; fix it (chmod go-w) or pass "
                        "--allow-unsafe-plugins")},
        {"PluginInADirectoryOthersCanWrite",
         {directory("pl", 0777), fixture_plugin("pl", "throws"), report_naming("throws")},
         {"build", "bad/plugin_throws.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("throws", 7, "plugin.unsafe",
                        "refused: its directory pl is writable by other users (mode 0777), so anyone who can change "
                        "it could run code as you; fix it (chmod go-w) or pass --allow-unsafe-plugins")},
        {"PluginDirectoryMissing",
         {},
         {"build", "report.json", "--out", "out", "--plugin-dir", "nosuch"},
         2,
         "tertial build: --plugin-dir: Directory does not exist: nosuch\nRun 'tertial build --help' for usage.\n"},

        // ---- PDFs ----------------------------------------------------------------------
        {"PdfNotAPdf",
         {write("bad/letter.pdf", "Hej!\n")},
         {"extract", "bad/letter.pdf", "-o", "back.json"},
         1,
         "bad/letter.pdf: error: cannot read the PDF: not a PDF (no %PDF- header)\n"},
        {"PdfEmpty",
         {write("bad/empty.pdf", "")},
         {"extract", "bad/empty.pdf", "-o", "back.json"},
         1,
         "bad/empty.pdf: error: cannot read the PDF: the file is empty\n"},
        {"PdfTruncated", {}, {"extract", "truncated.pdf", "-o", "back.json"}, 1, "truncated.pdf: error: cannot read the PDF: the file is truncated or damaged (it does not end as a PDF "
         "does)\n"},
        {"PdfWithoutReport", {}, {"extract", "blank.pdf", "-o", "back.json"}, 1, "blank.pdf: error: this PDF carries no Tertial report (no embedded report.json); was it made by tertial "
         "build?\n"},
        {"PdfThatCrashesTheReader",
         {write("bad/deep.pdf", nested_pdf(50000))},
         {"extract", "bad/deep.pdf", "-o", "back.json"},
         1,
         "bad/deep.pdf: error: cannot read the PDF: the PDF reader crashed on it (signal 11: Segmentation fault): "
         "the file is damaged, or made to crash readers\n"},
        // tertial check of a PDF checks the report embedded in it, once the
        // PDF's signatures verify (as rollover reads it).
        {"PdfCheckWithoutReport", {}, {"check", "blank.pdf"}, 1, "blank.pdf: error: this PDF carries no Tertial report (no "
         "embedded report.json); check the report's JSON file instead\n"},
        {"PdfCheckBrokenSignature", {}, {"check", "tampered.pdf"}, 1, "tampered.pdf: error: the PDF's signatures are not "
         "intact: 1 signature: forvaltningschef (forvaltningschef: the document was changed: the SHA-256 digest of the "
         "signed bytes differs from the one that was signed); its report is not checked\n"},
        {"PdfCheckTruncated", {}, {"check", "truncated.pdf"}, 1, "truncated.pdf: error: cannot read the PDF: the PDF is "
         "damaged: unable to find trailer dictionary while recovering damaged file\n"},
        // Special files: refused before they are opened for reading.
        {"PdfIsAFifo", {fifo("bad/pipe.pdf")}, {"verify", "bad/pipe.pdf"}, 3, "bad/pipe.pdf: error: is a named pipe (FIFO), not a PDF\n"},
        {"PdfIsADevice", {}, {"verify", "/dev/zero"}, 3, "/dev/zero: error: is a character device, not a PDF\n"},
        {"PdfExtractFromAFifo", {fifo("bad/pipe.pdf")}, {"extract", "bad/pipe.pdf", "-o", "back.json"}, 3, "bad/pipe.pdf: error: is a named pipe (FIFO), not a PDF\n"},
        {"PdfRolloverNotAPdf",
         {write("bad/letter.pdf", "Hej!\n")},
         {"rollover", "bad/letter.pdf", "--to", "2021-04-30", "-o", "next.json"},
         1,
         "bad/letter.pdf: error: cannot read the PDF: not a PDF (no %PDF- header)\n"},
        {"PdfRolloverBrokenSignature", {}, {"rollover", "tampered.pdf", "--to", "2021-04-30", "-o", "next.json"}, 1, "tampered.pdf: error: the PDF's signatures are not intact: 1 signature: forvaltningschef "
         "(forvaltningschef: the document was changed: the SHA-256 digest of the signed bytes differs from the one that "
         "was signed); nothing written\n"},
        {"PdfRolloverTruncated", {}, {"rollover", "truncated.pdf", "--to", "2021-04-30", "-o", "next.json"}, 1, "truncated.pdf: error: cannot read the PDF: the PDF is damaged: unable to find trailer dictionary while "
         "recovering damaged file\n"},
        {"PdfVerifyNotAPdf", {write("bad/letter.pdf", "Hej!\n")}, {"verify", "bad/letter.pdf"}, 1, "bad/letter.pdf: error: cannot read the PDF: not a PDF (no %PDF- header)\n"},
        {"PdfVerifyTruncated", {}, {"verify", "truncated.pdf"}, 1, "truncated.pdf: error: cannot read the PDF: the PDF is damaged: unable to find trailer dictionary while "
         "recovering damaged file\n"},
        {"PdfVerifyTampered",
         {},
         {"verify", "tampered.pdf", "--trust", "keys/ca.pem"},
         6,
         "",
         "Result: a signature is broken: it does not match the document.",
         true},
        {"PdfVerifyUnsigned",
         {},
         {"verify", "report.pdf"},
         9,
         "",
         "report.pdf: 0 signatures; unsigned fields: forvaltningschef, ekonomichef\nResult: the PDF has no signature.\n"},
        {"PdfSignTruncated",
         {},
         {"sign", "truncated.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf"},
         1,
         "truncated.pdf: error: cannot read the PDF: the PDF is damaged: unable to find trailer dictionary while "
         "recovering damaged file\n",
         "",
         false,
         "hemligt-1"},

        // ---- certificates --------------------------------------------------------------
        {"CertificateWrongPassword",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: keys/rsa.p12: wrong password; nothing written\n",
         "",
         false,
         "fel"},
        {"CertificateNotPkcs12",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/ca.pem", "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: keys/ca.pem: not a PKCS#12 file (.p12/.pfx); nothing written\n",
         "",
         false,
         "x"},
        {"CertificateFileMissing",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/nosuch.p12", "-o", "signed-again.pdf"},
         3,
         "keys/nosuch.p12: error: cannot read: No such file or directory\n",
         "",
         false,
         "x"},
        // A key file that is a FIFO, a trust file over 1 MiB (sparse).
        {"CertificateKeyIsAFifo",
         {fifo("keys/pipe.key")},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "keys/rsa.pem", "--key", "keys/pipe.key", "-o",
          "signed-again.pdf"},
         3,
         "keys/pipe.key: error: is a named pipe (FIFO), not a key or certificate file\n"},
        {"CertificateTooLarge",
         {sparse("keys/huge.pem", (1 << 20) + 1)},
         {"verify", "signed.pdf", "--trust", "keys/huge.pem"},
         3,
         "keys/huge.pem: error: the file has 1048577 bytes, and a key or certificate file may have at most 1 MiB "
         "(1048576 bytes)\n"},
        {"CertificateExpired",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "keys/expired.pem", "--key", "keys/rsa.key",
          "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: the certificate (O=Testkommun,CN=Helén Eurenius) is valid 2018-01-01 – 2019-12-31: "
         "it has expired by the computer's clock; nothing written\n"},
        {"CertificateKeyNotItsOwn",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "keys/rsa.pem", "--key", "keys/stranger.key",
          "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: keys/stranger.key: the private key does not belong to the certificate "
         "(O=Testkommun,CN=Helén Eurenius); nothing written\n"},
        {"CertificateEncryptedKeyWithoutPassword",
         {},
         {"sign", "report.pdf", "--signer", "ekonomichef", "--cert", "keys/ec.pem", "--key", "keys/ec-encrypted.key",
          "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: keys/ec-encrypted.key: the key is encrypted: set TERTIAL_P12_PASSWORD or run in a "
         "terminal; nothing written\n"},
        {"CertificateFieldAlreadySigned",
         {},
         {"sign", "signed.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf"},
         1,
         "signed.pdf: error: Helén Eurenius (Förvaltningschef) has already signed: field 'forvaltningschef' holds "
         "a signature by Helén Eurenius of 2020-05-12 10:31:00 +02:00\n",
         "",
         false,
         "hemligt-1"},
        // A certificate that does not name the signatory of the field it would sign.
        {"CertificateOfAnotherSignatory",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "keys/ec.pem", "--key", "keys/ec-encrypted.key",
          "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: the certificate is issued to 'Mikael Hedström', not to Helén Eurenius, whose field "
         "'forvaltningschef' this is (Förvaltningschef); sign with Helén Eurenius's own certificate, or give the reason "
         "you sign in their place with --on-behalf-of \"REASON\"; nothing written\n",
         "",
         false,
         "hemligt-3"},
        {"CertificateTrustNotACertificate",
         {},
         {"verify", "signed.pdf", "--trust", "report.json"},
         2,
         "tertial verify: error: --trust report.json: no certificate in the file (PEM or DER)\n"},
        {"CertificateUntrustedChain",
         {},
         {"verify", "signed.pdf", "--trust", "keys/other-ca.pem"},
         8,
         "",
         "Result: every signature is intact and only signatures came after them, but a certificate chain is not "
         "trusted or was not valid at the signing time, or a certificate is revoked or its revocation unknown.",
         true},

        // ---- command lines -------------------------------------------------------------
        {"CommandUnknown", {}, {"biuld", "report.json"}, 2, "tertial: unknown command 'biuld', did you mean 'build'?\nRun 'tertial --help' for the list of commands.\n"},
        {"CommandUnknownOption", {}, {"build", "report.json", "--out", "out", "--fast"}, 2, "tertial build: The following argument was not expected: --fast\nRun 'tertial build --help' for usage.\n"},
        {"CommandBuildWithoutOut", {}, {"build", "report.json"}, 2, "tertial build: --out is required\nRun 'tertial build --help' for usage.\n"},
        {"CommandUnknownFormat", {}, {"build", "report.json", "--out", "out", "--format", "docx"}, 2, "tertial build: --format: docx not in {json,pdf}\nRun 'tertial build --help' for usage.\n"},
        {"CommandOutIsAFile", {}, {"build", "report.json", "--out", "report.pdf"}, 3, "tertial build: error: report.pdf: not a directory; nothing written\n"},
        {"CommandExtractOntoItsInput", {}, {"extract", "report.pdf", "-o", "report.pdf"}, 2, "tertial extract: error: report.pdf is the input; choose another output file\n"},
        {"CommandExtractOutputExists", {}, {"extract", "report.pdf", "-o", "report.json"}, 2, "tertial extract: error: report.json exists; choose another file or pass --force to replace it\n"},
        {"CommandImportKoladaUrlAndInto", {}, {"import", "kolada", "--url", "report.json", "--into", "report.json"}, 2,
         "tertial import kolada: --into excludes --url\nRun 'tertial import kolada --help' for usage.\n"},
        {"CommandImportKoladaBadDate", {}, {"import", "kolada", "x.json", "--into", "report.json", "--date", "2021-13-01"}, 2,
         "tertial import kolada: error: --date 2021-13-01: not a date; write YYYY-MM-DD\n"},
        // check --previous: last year's report must be readable and a report.
        {"CommandCheckPreviousMissing", {}, {"check", "--previous", "bad/nosuch.json", "report.json"}, 3, "bad/nosuch.json: error: cannot read: No such file or directory\n"},
        {"CommandCheckPreviousNotAReport", {write("bad/last.json", "[]\n")}, {"check", "--previous", "bad/last.json", "report.json"}, 1,
         "bad/last.json:1:1: error[json.type]: expected an object, found an array\n"
         "tertial check: --previous bad/last.json does not read as a report\n"},
        {"CommandRolloverOntoItsInput", {}, {"rollover", "report.json", "--to", "2021-04-30", "-o", "report.json"}, 2, "tertial rollover: error: report.json is the input; the input is never overwritten: choose another -o\n"},
        {"CommandRolloverBackwards", {}, {"rollover", "report.json", "--to", "2019-04-30", "-o", "next.json"}, 2, "tertial rollover: error: --to 2019-04-30: the report runs until 2020-04-30; rollover moves it to the "
         "same period of a later year, e.g. 2021-04-30\n"},
        {"CommandRolloverNotADay", {}, {"rollover", "report.json", "--to", "2021-04-31", "-o", "next.json"}, 2, "tertial rollover: error: --to 2021-04-31: '2021-04-31' is not a day of the calendar: give the new "
         "period's end, e.g. 2021-04-30\n"},
        // An output that exists and is not a regular file is refused up front,
        // --force or not: a symbolic link (as /dev/stdout is), a FIFO; for
        // build, a file in --out. (Not a device: were the check gone, a test
        // run as root would replace /dev/null.)
        {"CommandExtractOntoASymlink",
         {symlink("null.json", "/dev/null")},
         {"extract", "report.pdf", "-o", "null.json", "--force"},
         2,
         "tertial extract: error: null.json is a symbolic link; Tertial replaces only regular files, never a link "
         "(write to the path of the file itself, or elsewhere)\n"},
        {"CommandExtractOntoASymlinkToAFile",
         {symlink("link.json", "report.json")},
         {"extract", "report.pdf", "-o", "link.json", "--force"},
         2,
         "tertial extract: error: link.json is a symbolic link; Tertial replaces only regular files, never a link "
         "(write to the path of the file itself, or elsewhere)\n"},
        {"CommandRolloverOntoAFifo",
         {fifo("next.json")},
         {"rollover", "report.json", "--to", "2021-04-30", "-o", "next.json", "--force"},
         2,
         "tertial rollover: error: next.json is a named pipe (FIFO); Tertial replaces only regular files\n"},
        {"CommandNewOntoAFifo",
         {fifo("new.json")},
         {"new", "--municipality", "ostersund", "--committee", "social_services", "--kind", "tertialrapport", "--period",
          "2021-04-30", "-o", "new.json", "--force"},
         2,
         "tertial new: error: new.json is a named pipe (FIFO); Tertial replaces only regular files\n"},
        {"CommandSignOntoASymlink",
         {symlink("null.pdf", "/dev/null")},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "null.pdf", "--force"},
         2,
         "tertial sign: error: null.pdf is a symbolic link; Tertial replaces only regular files, never a link "
         "(write to the path of the file itself, or elsewhere)\n"},
        {"CommandBuildOverAFifo",
         {fifo("out2/report.pdf")},
         {"build", "report.json", "--out", "out2"},
         2,
         "tertial build: error: out2/report.pdf is a named pipe (FIFO); Tertial replaces only regular files; nothing "
         "written\n"},
        // Paths past PATH_MAX: a message, not an internal error.
        {"CommandOutputPathTooLong",
         {},
         {"extract", "report.pdf", "-o", long_path + "x.json"},
         2,
         "tertial extract: error: the output path is too long (4206 bytes; the system takes at most 4095 in all and "
         "255 per name)\n"},
        {"CommandBuildOutTooLong",
         {},
         {"build", "report.json", "--out", long_path},
         2,
         "tertial build: error: the output path is too long (4211 bytes; the system takes at most 4095 in all and 255 "
         "per name); nothing written\n"},
        // Messages that name the rule broken.
        {"CommandRolloverPast2999", {}, {"rollover", "report.json", "--to", "9999", "-o", "next.json"}, 2, "tertial rollover: error: --to 9999: 9999 is past 2999, the last year a report can have: give the new "
         "period's end, e.g. 2021-04-30\n"},
        // One rule for options: one value per occurrence, so an option never
        // takes the input after it (this was "--plugin-dir: Directory is
        // actually a file"); a non-repeatable one given twice is refused.
        {"CommandPluginDirBeforeTheInput",
         {directory("empty")},
         {"build", "--plugin-dir", "empty", "bad/nosuch.json", "--out", "out"},
         3,
         "bad/nosuch.json: error: cannot read: No such file or directory\n"},
        {"CommandOptionGivenTwice", {}, {"build", "report.json", "--out", "out", "--out", "out2"}, 2, "tertial build: --out "
         "is given 2 times; it takes one value, given once\nRun 'tertial build --help' for usage.\n"},
        {"CommandOptionCluster", {}, {"build", "-r.json", "--out", "out"}, 2, "tertial build: The following argument was not expected: -r.json\nRun 'tertial build --help' for usage.\n"},
        {"CommandSignNotASignatory",
         {},
         {"sign", "report.pdf", "--signer", "kommundirektor", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf"},
         2,
         "tertial sign: error: 'kommundirektor' is not among the report's signatories (forvaltningschef, "
         "ekonomichef)\n",
         "",
         false,
         "hemligt-1"},
        {"CommandSignWithoutKey", {}, {"sign", "report.pdf", "--signer", "forvaltningschef", "-o", "signed-again.pdf"}, 2, "tertial sign: error: give either --p12 FILE, both --cert FILE and --key FILE, or --pkcs11 MODULE --token LABEL\n"},
        {"CommandSignOntoItsInput",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "./report.pdf"},
         2,
         "tertial sign: error: ./report.pdf is the input; choose another output file (the input is never "
         "changed)\n",
         "",
         false,
         "hemligt-1"},
        // sign's gates: --draft only on a draft, --on-behalf-of only with a reason.
        {"CommandSignDraftOfAFinishedReport",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "--draft", "-o",
          "signed-again.pdf"},
         2,
         "tertial sign: error: --draft: the report in report.pdf is not a draft (its status is \"faststalld\" and "
         "nothing is left to do); sign it without --draft\n",
         "",
         false,
         "hemligt-1"},
        {"CommandSignOnBehalfWithoutReason",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "--on-behalf-of", "", "-o",
          "signed-again.pdf"},
         2,
         "tertial sign: error: --on-behalf-of needs a reason: why you sign in the signatory's place\n"},
        // review: --all needs --yes; a pointer must name a mark.
        {"CommandReviewAllWithoutYes",
         {copy("bad/rolled.json", rolled_report)},
         {"review", "accept", "bad/rolled.json", "--all"},
         2,
         "tertial review accept: error: --all accepts every review mark in bad/rolled.json (94) without showing them; "
         "add --yes to do so\n"},
        {"CommandReviewNoMarkThere",
         {},
         {"review", "list", "report.json", "/body/0"},
         2,
         "tertial review: error: report.json has no review mark at or under '/body/0'; `tertial review list "
         "report.json` shows them\n"},
        {"CommandNewUnknownCommittee",
         {},
         {"new", "--municipality", "ostersund", "--committee", "social_service", "--kind", "tertialrapport", "--period",
          "2021-04-30", "-o", "new.json"},
         1,
         "tertial: error[plugin.not_found]: plugin 'social_service' not found (looked for "
         "tertial_plugin_social_service.so in {PLUGINS}), did you mean 'social_services'?\n"},
        // Word documents for `import docx` (tests/docx/bad, made by tests/docx/make_docx.py --bad).
        {"DocxPasswordProtected",
         {copy("bad/last.docx", std::string(TERTIAL_SOURCE_DIR) + "/tests/docx/bad/encrypted.docx")},
         {"import", "docx", "bad/last.docx", "--municipality", "ostersund", "--committee", "social_services", "-o",
          "new.json"},
         1,
         "bad/last.docx: error: not a Word document (.docx): it is an OLE compound file: either a password-protected "
         "(encrypted) Word document, which Word saves in that form, or an old .doc file; remove the password (Arkiv › "
         "Info › Skydda dokument) or save it as .docx (Word Document) and import again\ntertial import docx: nothing "
         "written\n"},
        {"DocxZipBomb",
         {copy("bad/last.docx", std::string(TERTIAL_SOURCE_DIR) + "/tests/docx/bad/declares_huge.docx")},
         {"import", "docx", "bad/last.docx", "--municipality", "ostersund", "--committee", "social_services", "-o",
          "new.json"},
         1,
         "bad/last.docx: error: the document's part word/document.xml unpacks to 3221225472 bytes, more than the 64 MiB "
         "a part may have: a damaged file or a zip bomb; nothing imported\ntertial import docx: nothing written\n"},
        // issue 18: the signing time set by hand, --trust directories, --crl, ltv.
        {"SignSigningTimeInTheFuture",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf",
          "--signing-time", "2999-01-01T00:00:00Z"},
         2,
         "tertial sign: error: --signing-time: 2999-01-01 00:00:00 +00:00 is later than the computer's clock\n"},
        {"SignSigningTimeNotATime",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf",
          "--signing-time", "2020-05-12"},
         2,
         "tertial sign: error: --signing-time: '2020-05-12' is not a time like 2020-05-12T10:31:00+02:00: expected "
         "YYYY-MM-DDTHH:MM\n"},
        {"VerifyCrlWithoutTrust",
         {},
         {"verify", "signed.pdf", "--crl", "keys/root.crl"},
         2,
         "tertial verify: error: --crl needs --trust: a CRL is checked with its issuer's certificate, which only a "
         "trusted chain gives\n"},
        {"VerifyCrlNotACrl",
         {},
         {"verify", "signed.pdf", "--trust", "keys/ca.pem", "--crl", "keys/ca.pem"},
         2,
         "tertial verify: error: --crl keys/ca.pem: no CRL in the file (PEM or DER)\n"},
        {"VerifyTrustEmptyDirectory",
         {directory("keys/none")},
         {"verify", "signed.pdf", "--trust", "keys/none"},
         3,
         "tertial verify: error: --trust keys/none: the directory holds no *.pem, *.crt, *.cer, *.der files\n"},
        {"LtvUnsigned",
         {},
         {"ltv", "report.pdf", "--trust", "keys/ca.pem", "--crl", "keys/root.crl", "-o", "ltv.pdf"},
         9,
         "report.pdf: error: the PDF has no signature to add validation data for\n"},
        {"LtvWithoutCrl",
         {},
         {"ltv", "signed.pdf", "--trust", "keys/ca.pem", "-o", "ltv.pdf"},
         2,
         "tertial ltv: --crl is required\nRun 'tertial ltv --help' for usage.\n"},
    };
    return all;
}

// ---- the workspace ----------------------------------------------------------------------

// Made once per tertial binary, under a lock, and copied for every case:
// seed 000 as report.json, an earlier build of it in out/, its PDF, that PDF
// signed once (signed.pdf), signed and then altered (tampered.pdf), cut in
// half (truncated.pdf), a PDF without a report (blank.pdf), and the test
// PKI's keys.
fs::path workspace_template() {
    const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
    const fs::path base = fs::path(TERTIAL_BAD_INPUT_FIXTURE_DIR);
    fs::create_directories(base);
    const fs::path keys = pki();
    DirLock lock(base);
    const fs::path done = base / ("workspace-" + test::file_stamp(TERTIAL_BINARY) + "-" + test::file_stamp(seed));
    if (fs::exists(done)) return done;
    for (const auto& e : fs::directory_iterator(base))
        if (e.path().filename().string().rfind("workspace-", 0) == 0) fs::remove_all(e.path());
    const fs::path w = base / "workspace-partial";
    fs::create_directories(w / "keys");
    fs::copy_file(seed, w / "report.json");
    for (const char* k : {"ca.pem", "other-ca.pem", "rsa.p12", "rsa.pem", "rsa.key", "expired.pem", "stranger.key", "ec.pem",
                          "ec-encrypted.key", "root.crl"})
        fs::copy_file(keys / k, w / "keys" / k);
    auto run = [&](const std::string& command) {
        auto r = run_shell("cd " + shell_quote(w.string()) + " && " + command);
        if (r.exit_code != 0) throw std::runtime_error("cannot make the workspace: " + command + "\n" + r.out + r.err);
    };
    const std::string tertial = shell_quote(TERTIAL_BINARY);
    run(tertial + " build report.json --out out");
    run("cp out/report.pdf report.pdf");
    run("TERTIAL_P12_PASSWORD=hemligt-1 " + tertial +
        " sign report.pdf --signer forvaltningschef --p12 keys/rsa.p12 -o signed.pdf --signing-time " + signing_time);
    run("qpdf --empty blank.pdf");
    std::string pdf = slurp(w / "signed.pdf");
    pdf[pdf.size() / 3] ^= 0x01;  // inside the signed bytes, in a compressed stream
    std::ofstream(w / "tampered.pdf", std::ios::binary) << pdf;
    std::ofstream(w / "truncated.pdf", std::ios::binary) << slurp(w / "report.pdf").substr(0, 50000);
    fs::rename(w, done);
    return done;
}

// {PLUGINS} in a message is where this build's plugins are.
std::string with_plugin_dir(std::string message) {
    const std::string placeholder = "{PLUGINS}";
    const std::string dir = (fs::path(TERTIAL_BINARY).parent_path().parent_path() / "lib/tertial/plugins").string();
    for (std::size_t at; (at = message.find(placeholder)) != std::string::npos;) message.replace(at, placeholder.size(), dir);
    return message;
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, ExactMessageExitCodeAndNothingChanged) {
    const Case& c = GetParam();
    TempDir tmp;
    const fs::path ws = tmp.path() / "ws";
    fs::copy(workspace_template(), ws, fs::copy_options::recursive);
    for (const File& f : c.files) {
        fs::path target = ws / f.path;
        fs::create_directories(target.parent_path());
        if (f.path.back() == '/') {
            fs::permissions(target, fs::perms(f.mode));
            continue;
        }
        if (f.kind == File::fifo) {
            ASSERT_EQ(::mkfifo(target.c_str(), f.mode), 0) << f.path;
            continue;
        }
        if (f.kind == File::symlink) {
            fs::create_symlink(f.bytes, target);
            continue;
        }
        if (f.kind == File::sparse) {
            std::ofstream{target};
            fs::resize_file(target, std::stoull(f.bytes));
            continue;
        }
        std::string bytes = f.bytes;
        if (!f.from.empty()) {
            std::string source = slurp(fs::path(f.from).is_absolute() ? fs::path(f.from) : ws / f.from);
            if (!f.find.empty()) {
                std::size_t at = source.find(f.find);
                ASSERT_NE(at, std::string::npos) << f.path << ": '" << f.find << "' is not in " << f.from;
                source.replace(at, f.find.size(), f.bytes);
            }
            bytes = source;
        }
        std::ofstream(target, std::ios::binary) << bytes;
        fs::permissions(target, fs::perms(f.mode));
    }
    // Everything under the workspace is a day old, so a rewrite shows.
    for (const auto& e : fs::recursive_directory_iterator(ws))
        if (!e.is_symlink())  // its time would be its target's
            fs::last_write_time(e.path(), fs::file_time_type::clock::now() - std::chrono::hours(24));
    const auto before = snapshot(ws);

    std::string command = "cd " + shell_quote(ws.string()) + " && exec env -u TERTIAL_PLUGIN_PATH -u TERTIAL_P12_PASSWORD";
    if (!c.password.empty()) command += " TERTIAL_P12_PASSWORD=" + shell_quote(c.password);
    command += " " + shell_quote(TERTIAL_BINARY);
    for (const auto& a : c.args) command += " " + shell_quote(a);
    RunResult r = run_shell(command);

    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    EXPECT_EQ(r.err, with_plugin_dir(c.err));
    if (c.out_line)
        EXPECT_NE(("\n" + r.out).find("\n" + c.out + "\n"), std::string::npos) << r.out;
    else
        EXPECT_EQ(r.out, c.out);
    const auto after = snapshot(ws);
    for (const auto& [path, meta] : after)
        EXPECT_TRUE(before.count(path)) << "added: " << path;
    for (const auto& [path, meta] : before) {
        auto it = after.find(path);
        if (it == after.end())
            ADD_FAILURE() << "removed: " << path;
        else
            EXPECT_TRUE(it->second == meta) << "changed: " << path;
    }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// The catalogue covers what the issue asks: at least 30 cases, and each
// kind of input.
TEST(BadInputCatalogue, HasThirtyCasesAcrossEveryKindOfInput) {
    std::map<std::string, int> per_kind;
    for (const auto& c : cases())
        for (const char* kind : {"Report", "Plugin", "Pdf", "Certificate", "Command"})
            if (c.name.rfind(kind, 0) == 0) ++per_kind[kind];
    EXPECT_GE(cases().size(), 30u);
    for (const char* kind : {"Report", "Plugin", "Pdf", "Certificate", "Command"}) EXPECT_GE(per_kind[kind], 5) << kind;
}

}  // namespace
}  // namespace tertial::test
