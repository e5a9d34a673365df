// `tertial import kolada` through the real binary: key figures and comparison tables filled from the
// snapshots in tests/data/kolada, sources recorded, re-import, dry run, --url; and the snapshot reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_binary.hpp"
#include "tertial/kolada/kolada.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const std::string kNyckeltal = std::string(TERTIAL_SOURCE_DIR) + "/tests/data/kolada/ostersund-nyckeltal.json";
const std::string kKvalitet = std::string(TERTIAL_SOURCE_DIR) + "/tests/data/kolada/ostersund-kvalitet-2019.json";

Json load(const std::string& path) { return Json::parse(slurp(path)); }
void save(const std::string& path, const Json& j) { std::ofstream(path, std::ios::binary) << j.dump(2) << "\n"; }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// The key figures of seed 000's tertialrapport, with Kolada ids on five of
// them (the example itself names only N00914).
std::string tertial_with_kpis(const TempDir& tmp) {
    Json j = load(std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json");
    std::map<std::string, std::string> kpis{{"kf_arbetslosa_16_64", "N03937"},
                                            {"kf_ekonomiskt_bistand_andel", "N31807"},
                                            {"kf_langvarigt_ekonomiskt_bistand", "N31816"},
                                            {"kf_vantetid_ekonomiskt_bistand", "U31462"}};
    for (auto& item : j["body"][3]["body"][0]["groups"][1]["items"])
        if (kpis.count(item["id"])) item["kolada"] = kpis[item["id"]];
    for (auto& item : j["body"][3]["body"][0]["groups"][0]["items"])
        if (kpis.count(item["id"])) item["kolada"] = kpis[item["id"]];
    std::string path = tmp / "report.json";
    save(path, j);
    return path;
}

const Json* key_figure(const Json& report, const std::string& id) {
    for (const auto& g : report["body"][3]["body"][0]["groups"])
        for (const auto& item : g["items"])
            if (item["id"] == id) return &item;
    return nullptr;
}

TEST(KoladaImport, FillsTheKeyFiguresAndRecordsTheSource) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    auto r = run_tertial({"import", "kolada", kNyckeltal, "--into", report, "--date", "2021-05-03"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "  kf_forvarvsarbetande: (empty) → 81,85 %, year 2018 → 2019 (a newer outcome than the report had: check "
              "the comment)\n"
              "  kf_arbetslosa_16_64: (empty) → 5,5 %\n"
              "  kf_ekonomiskt_bistand_andel: (empty) → 4,1 %\n"
              "  kf_langvarigt_ekonomiskt_bistand: (empty) → 1,3 %\n"
              "  kf_vantetid_ekonomiskt_bistand: left to fill in: U31462 2019: Kolada has no value (null, status "
              "\"Saknas\")\n" +
                  report +
                  ": 4 figures from Kolada, taken 2021-05-03: 4 changed, 0 unchanged, 1 left to fill in\n"
                  "wrote " +
                  report + "\n");
    Json j = load(report);
    EXPECT_EQ(j["format_version"], "1.2");
    EXPECT_EQ((*key_figure(j, "kf_forvarvsarbetande"))["value"], "81.85");  // exact: no double rounded it
    EXPECT_EQ((*key_figure(j, "kf_forvarvsarbetande"))["year"], "2019");
    EXPECT_EQ((*key_figure(j, "kf_arbetslosa_16_64"))["value"], "5.5");
    EXPECT_EQ((*key_figure(j, "kf_arbetslosa_16_64"))["year"], "2019");
    EXPECT_EQ((*key_figure(j, "kf_vantetid_ekonomiskt_bistand"))["todo"], true);
    EXPECT_FALSE(key_figure(j, "kf_langtidsarbetslosa_25_64")->contains("todo"));  // no Kolada id: untouched
    const Json& sources = j["body"][3]["body"][0]["sources"];
    ASSERT_EQ(sources.size(), 1u);
    EXPECT_EQ(sources[0].dump(),
              "{\"kind\":\"kolada\",\"file\":\"ostersund-nyckeltal.json\",\"sha256\":\"" +
                  run_shell("sha256sum " + shell_quote(kNyckeltal) + " | cut -c1-64").out.substr(0, 64) +
                  "\",\"rows\":6,\"date\":\"2021-05-03\",\"system\":\"Kolada\",\"print\":true}");
    // The report still checks, and `check --todo` lists the value Kolada lacks.
    auto check = run_tertial({"check", "--todo", report});
    EXPECT_TRUE(contains(check.out, "kf_vantetid_ekonomiskt_bistand") || contains(check.out, "Väntetid")) << check.out;
}

TEST(KoladaImport, AReimportReplacesValuesAndSourceAndPrintsTheChange) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    ASSERT_EQ(run_tertial({"import", "kolada", kNyckeltal, "--into", report, "--date", "2021-05-03"}).exit_code, 0);
    // Kolada revised a figure; the new snapshot is saved later.
    std::string revised = slurp(kNyckeltal);
    revised.replace(revised.find("81.85"), 5, "81.9");
    std::string snapshot = tmp / "kolada-2021-06.json";
    std::ofstream(snapshot, std::ios::binary) << revised;
    auto r = run_tertial({"import", "kolada", snapshot, "--into", report, "--date", "2021-06-01"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "  kf_forvarvsarbetande: 81,85 % → 81,9 %\n")) << r.out;
    EXPECT_TRUE(contains(r.out, ": 4 figures from Kolada, taken 2021-06-01: 1 changed, 3 unchanged, 1 left to fill in\n"))
        << r.out;
    Json j = load(report);
    const Json& sources = j["body"][3]["body"][0]["sources"];
    ASSERT_EQ(sources.size(), 1u);  // replaced, not added
    EXPECT_EQ(sources[0]["file"], "kolada-2021-06.json");
    EXPECT_EQ(sources[0]["date"], "2021-06-01");
    // The same snapshot again changes nothing, and the file is left alone.
    std::string before = slurp(report);
    auto again = run_tertial({"import", "kolada", snapshot, "--into", report, "--date", "2021-06-01"});
    EXPECT_TRUE(contains(again.out, "0 changed, 4 unchanged")) << again.out;
    EXPECT_TRUE(contains(again.out, "is unchanged\n")) << again.out;
    EXPECT_EQ(slurp(report), before);
}

TEST(KoladaImport, ADryRunPrintsTheChangesAndWritesNothing) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    std::string before = slurp(report);
    auto r = run_tertial({"import", "kolada", kNyckeltal, "--into", report, "--date", "2021-05-03", "--dry-run"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "  kf_arbetslosa_16_64: (empty) → 5,5 %\n")) << r.out;
    EXPECT_TRUE(contains(r.out, "dry run: " + report + " not written\n")) << r.out;
    EXPECT_EQ(slurp(report), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);
}

TEST(KoladaImport, TheDateIsTheSnapshotFilesWhenNotGiven) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    std::string snapshot = tmp / "saved.json";
    fs::copy_file(kNyckeltal, snapshot);
    ASSERT_EQ(run_shell("touch -d '2021-05-04 12:00' " + shell_quote(snapshot)).exit_code, 0);
    auto r = run_tertial({"import", "kolada", snapshot, "--into", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "taken 2021-05-04:")) << r.out;
    EXPECT_EQ(load(report)["body"][3]["body"][0]["sources"][0]["date"], "2021-05-04");
}

TEST(KoladaImport, UrlPrintsTheAddressToSave) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    auto r = run_tertial({"import", "kolada", "--url", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "https://api.kolada.se/v3/data/kpi/N00914,N03937,N31807,N31816,U31462/municipality/2380/year/"
              "2018,2019,2020?per_page=5000\n");
    auto none = run_tertial({"import", "kolada", "--url", "examples/harnosand/son-fyramanadersrapport-2021.json"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_EQ(none.err,
              "tertial import kolada: examples/harnosand/son-fyramanadersrapport-2021.json names no Kolada KPI: give "
              "key figures a \"kolada\" id, or table rows a \"kolada\" id and columns a \"kolada\" selector\n");
}

TEST(KoladaImport, HelpAndUsage) {
    auto help = run_tertial({"import", "kolada", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_TRUE(contains(help.out, "Usage: tertial import kolada SNAPSHOT.json... --into REPORT.json")) << help.out;
    EXPECT_TRUE(contains(help.out, "--dry-run")) << help.out;
    auto group = run_tertial({"import"});
    EXPECT_EQ(group.exit_code, 2);
    EXPECT_EQ(group.err, "tertial import: A subcommand is required\nRun 'tertial import --help' for usage.\n");
    auto none = run_tertial({"import", "kolada", "--into", "report.json"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_EQ(none.err,
              "tertial import kolada: give SNAPSHOT.json and --into REPORT.json, or --url REPORT.json\n"
              "Run 'tertial import kolada --help' for usage.\n");
}

// Seed 003's comparison table (återaktualisering) with its rows' KPIs and
// its columns' municipalities: Östersund, liknande kommuner, kommungrupp.
std::string kvalitet_with_selectors(const TempDir& tmp) {
    Json j = load(std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-kvalitetsrapport-2020.json");
    j["format_version"] = "1.2";
    Json& t = j["body"][6]["body"][3]["body"][0];
    EXPECT_EQ(t["id"], "ateraktualisering");
    t["columns"][1]["kolada"] = Json::object();
    t["columns"][2]["kolada"] = {{"municipality", "G124026"}};
    t["columns"][3]["kolada"] = {{"municipality", "G124030"}, {"gender", "T"}};
    t["rows"][0]["kolada"] = "U33403";
    t["rows"][1]["kolada"] = "U33404";
    t["rows"][2]["kolada"] = "U33405";
    std::string path = tmp / "kvalitet.json";
    save(path, j);
    return path;
}

TEST(KoladaImport, FillsComparisonColumnsOfATable) {
    TempDir tmp;
    std::string report = kvalitet_with_selectors(tmp);
    auto r = run_tertial({"import", "kolada", kKvalitet, "--into", report, "--date", "2021-05-03"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "  ateraktualisering.barn_0_12.liknande: 81 % → 81,3 %\n"
              "  ateraktualisering.ungdomar_13_20.liknande: 84 % → 84,1 %\n"
              "  ateraktualisering.barn_0_12.kommungrupp: 77 % → 77,4 %\n"
              "  ateraktualisering.ungdomar_13_20.kommungrupp: 79 % → 79,2 %\n"
              "  ateraktualisering.vuxna_forsorjningsstod.kommungrupp: left to fill in: U33405 for G124030 2019 (T): "
              "Kolada has no value (null, status \"Saknas\")\n" +
                  report +
                  ": 8 figures from Kolada, taken 2021-05-03: 4 changed, 4 unchanged, 1 left to fill in\n"
                  "wrote " +
                  report + "\n");
    Json j = load(report);
    const Json& t = j["body"][6]["body"][3]["body"][0];
    EXPECT_EQ(t["rows"][0]["cells"]["liknande"], "81.3");
    EXPECT_EQ(t["rows"][0]["cells"]["ostersund"], "82");
    EXPECT_EQ(t["rows"][2]["cells"]["kommungrupp"], "80");  // kept: Kolada has none
    EXPECT_EQ(t["rows"][2]["cells"]["liknande"], "83");     // Kolada's 83.0: the same figure, kept as written
    EXPECT_EQ(t["rows"][3]["cells"]["liknande"], "79");     // no KPI on the row: untouched
    ASSERT_EQ(t["sources"].size(), 3u);
    EXPECT_EQ(t["sources"][0]["column"], "ostersund");
    EXPECT_EQ(t["sources"][2]["column"], "kommungrupp");
    EXPECT_EQ(t["columns"][2]["kolada"].dump(), "{\"municipality\":\"G124026\"}");
    auto url = run_tertial({"import", "kolada", "--url", report});
    EXPECT_EQ(url.out,
              "https://api.kolada.se/v3/data/kpi/U33403,U33404,U33405/municipality/2380,G124026,G124030/year/"
              "2019?per_page=5000\n");
}

// The key figures' source is printed under them in the PDF, and only when asked.
TEST(KoladaImport, ThePdfPrintsTheSourceUnderTheKeyFigures) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    ASSERT_EQ(run_tertial({"import", "kolada", kNyckeltal, "--into", report, "--date", "2021-05-03"}).exit_code, 0);
    auto build = run_tertial({"build", report, "--format", "pdf", "--out", tmp / "out"});
    ASSERT_EQ(build.exit_code, 0) << build.err;
    std::string text = run_shell("pdftotext -layout " + shell_quote(tmp / "out/report.pdf") + " -").out;
    EXPECT_TRUE(contains(text, "Källa: Kolada, hämtad 2021-05-03")) << text;
    EXPECT_TRUE(contains(text, "81,85")) << text;
    Json j = load(report);
    j["body"][3]["body"][0]["sources"][0]["print"] = false;
    save(report, j);
    ASSERT_EQ(run_tertial({"build", report, "--format", "pdf", "--out", tmp / "out2"}).exit_code, 0);
    EXPECT_FALSE(contains(run_shell("pdftotext " + shell_quote(tmp / "out2/report.pdf") + " -").out, "Källa: Kolada"));
}

// Rollover empties every key figure: the list's source goes with the values.
TEST(KoladaImport, RolloverDropsTheKeyFiguresSource) {
    TempDir tmp;
    std::string report = tertial_with_kpis(tmp);
    ASSERT_EQ(run_tertial({"import", "kolada", kNyckeltal, "--into", report, "--date", "2021-05-03"}).exit_code, 0);
    auto r = run_tertial({"rollover", report, "--to", "2021-04-30", "-o", tmp / "next.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json next = load(tmp / "next.json");
    EXPECT_FALSE(next["body"][3]["body"][0].contains("sources"));
    EXPECT_EQ((*key_figure(next, "kf_arbetslosa_16_64"))["kolada"], "N03937");  // the KPI stays, for next spring
}

// A column that takes Kolada values must say its year; nothing is written.
TEST(KoladaImport, AKoladaColumnWithoutAYearIsAnError) {
    TempDir tmp;
    std::string report = kvalitet_with_selectors(tmp);
    Json j = load(report);
    j["body"][6]["body"][3]["body"][0]["columns"][2]["role"].erase("year");
    save(report, j);
    std::string before = slurp(report);
    auto r = run_tertial({"import", "kolada", kKvalitet, "--into", report, "--date", "2021-05-03"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, ": error: /body/6/body/3/body/0/columns/2: table 'ateraktualisering', column 'liknande' "
                                "takes Kolada values but says no year: give it a \"role\" with a \"year\"\n"
                                "tertial import kolada: nothing written\n"))
        << r.err;
    EXPECT_EQ(slurp(report), before);
}

// ---- the snapshot reader ----------------------------------------------------------------

std::string one(const std::string& value, const std::string& period = "2019") {
    return R"({"values": [{"kpi": "N00914", "municipality": "2380", "period": )" + period +
           R"(, "values": [{"gender": "T", "status": "", "value": )" + value + "}]}]}";
}

TEST(KoladaSnapshot, NumbersAreTakenExactlyFromTheirText) {
    EXPECT_EQ(kolada::read_snapshot(one("81.85")).values.at(0).value->to_string(), "81.85");
    // Through a double this would come back as 0.1.
    EXPECT_EQ(kolada::read_snapshot(one("0.100000000000000005")).values.at(0).value->to_string(), "0.100000000000000005");
    EXPECT_THROW(kolada::read_snapshot(one("0.1000000000000000055511151231257827")), kolada::SnapshotError);
    EXPECT_EQ(kolada::read_snapshot(one("8.185e1")).values.at(0).value->to_string(), "81.85");
    EXPECT_EQ(kolada::read_snapshot(one("-25E-3")).values.at(0).value->to_string(), "-0.025");
    EXPECT_EQ(kolada::read_snapshot(one("12")).values.at(0).value->to_string(), "12");
    EXPECT_FALSE(kolada::read_snapshot(one("null")).values.at(0).value.has_value());
}

TEST(KoladaSnapshot, ThePeriodIsAStringInV2DocumentationAndANumberInResponses) {
    auto s = kolada::read_snapshot(one("1", "\"2019\""));
    EXPECT_EQ(s.values.at(0).year, 2019);
    EXPECT_EQ(kolada::read_snapshot(one("1", "2019")).values.at(0).year, 2019);
    EXPECT_EQ(s.rows, 1u);
}

TEST(KoladaSnapshot, ErrorsNameTheirPlace) {
    try {
        kolada::read_snapshot("{\"values\": [\n  {\"kpi\": \"N00914\", \"municipality\": \"2380\", \"period\": 2019,\n"
                              "   \"values\": [{\"gender\": \"X\", \"value\": 1}]}]}");
        FAIL();
    } catch (const kolada::SnapshotError& e) {
        EXPECT_EQ(std::string(e.what()), "/values/0/values/0/gender: 'X' is not a Kolada gender (T total, K kvinnor, M män)");
        EXPECT_EQ(e.line, 3u);
        EXPECT_EQ(e.column, 16u);  // the key "gender"
    }
}

}  // namespace
}  // namespace tertial::test
