// The in-memory imports (formats/imports): the bytes of a file give the same report, byte for byte, and the
// same listing as `tertial import` on the file; an unmapped code stops with the command's message and the
// reconciliation as far as it got.
#include <gtest/gtest.h>

#include <filesystem>

#include "run_binary.hpp"
#include "tertial/imports/kolada_run.hpp"
#include "tertial/imports/ledger_run.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = TERTIAL_SOURCE_DIR;
const fs::path kOstersund = kSource / "examples/ostersund/san-tertial-1-2020.json";

struct Copy {
    TempDir dir;
    std::string report, text;
    explicit Copy(const fs::path& example) {
        report = dir / "report.json";
        fs::copy_file(example, report);
        text = slurp(report);
    }
};

// `export_path` as given on the command line and as the in-memory name, so messages agree.
imports::LedgerRun in_memory(const Copy& c, const std::string& export_path, const std::string& bytes, PluginHost& host) {
    auto read = json::read_report(c.text);
    EXPECT_TRUE(read.report);
    imports::LedgerRequest q{{export_path, bytes}, std::nullopt, "", "", std::nullopt, *Date::parse("2020-05-04"), true,
                             c.report};
    return imports::run_ledger_import(*read.report, q, host);
}

class LedgerInMemory : public ::testing::TestWithParam<const char*> {};

TEST_P(LedgerInMemory, SameReportAndListingAsTheCommand) {
    std::string path = "tests/data/ledger/" + std::string(GetParam());
    std::string bytes = slurp(kSource / path);
    Copy memory(kOstersund), command(kOstersund);
    PluginHost host({fs::path(TERTIAL_PLUGIN_DIR)});
    auto run = in_memory(memory, path, bytes, host);
    ASSERT_EQ(run.stop, imports::LedgerStop::none) << run.error;

    auto r = run_tertial({"import", "ledger", path, "--into", command.report, "--date", "2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(run.written, slurp(command.report));
    // The command printed the report's path; the run was given the other copy's.
    std::string listing = imports::ledger_listing(run);
    EXPECT_EQ(listing + "wrote " + command.report + "\n", r.out);
    EXPECT_EQ(slurp(memory.report), memory.text);  // the run wrote nothing
    ASSERT_FALSE(run.changes.empty());
    EXPECT_EQ(run.changes.front().where, "taxor (Taxor och avgifter)");
    EXPECT_EQ(run.changes.front().pointer, "/body/4/body/0/body/0/rows/0/cells/utfall");
    EXPECT_EQ(imports::change_text("1", "1,0"), "1 → 1,0");
}

INSTANTIATE_TEST_SUITE_P(Dialects, LedgerInMemory, ::testing::Values("ostersund-comma.csv", "ostersund.xlsx"),
                         [](const auto& info) { return std::string(info.param).substr(10, 5) == "comma" ? "csv" : "xlsx"; });

TEST(LedgerInMemory, UnmappedCodesStopWithTheCommandsMessageAndTheReconciliationSoFar) {
    std::string path = "tests/data/ledger/bad-unmapped.csv";
    Copy c(kOstersund);
    PluginHost host({fs::path(TERTIAL_PLUGIN_DIR)});
    auto run = in_memory(c, path, slurp(kSource / path), host);
    ASSERT_EQ(run.stop, imports::LedgerStop::ledger);
    auto r = run_tertial({"import", "ledger", path, "--into", c.report, "--date", "2020-05-04"});
    EXPECT_EQ(r.err, run.error + "\ntertial import ledger: nothing written\n");
    ASSERT_EQ(run.unmapped.size(), 3u);
    EXPECT_EQ(run.unmapped[0].what, "konto 9110, ansvar 300000, verksamhet 7000");
    EXPECT_EQ(run.unmapped[0].amount.to_string(), "1234.50");
    ASSERT_TRUE(run.reconciliation);
    Decimal unmapped;
    for (const auto& u : run.unmapped) unmapped = unmapped + u.amount;
    const auto& rec = *run.reconciliation;
    EXPECT_TRUE((rec.imported + rec.excluded + unmapped).numerically_equal(rec.total));
    EXPECT_TRUE(run.written.empty());
}

TEST(KoladaInMemory, SameReportAndListingAsTheCommand) {
    Copy c(kOstersund);
    std::string snapshot = "tests/data/kolada/ostersund-nyckeltal.json";
    std::string bytes = slurp(kSource / snapshot);
    auto read = json::read_report(c.text);
    ASSERT_TRUE(read.report);
    auto run = imports::run_kolada_import(*read.report, c.text, c.report, {{{snapshot, bytes}, *Date::parse("2021-05-03")}});
    ASSERT_TRUE(run.error.empty()) << run.error;
    ASSERT_FALSE(run.stopped);
    auto r = run_tertial({"import", "kolada", snapshot, "--into", c.report, "--date", "2021-05-03"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(run.written, slurp(c.report));
    EXPECT_EQ(imports::kolada_listing(run) + "wrote " + c.report + "\n", r.out);
    std::string warnings;
    for (const auto& w : run.warnings) warnings += w + "\n";
    EXPECT_EQ(warnings, r.err);
    ASSERT_FALSE(run.changes.empty());
    EXPECT_NE(r.out.find("  " + imports::change_text(run.changes[0].where, run.changes[0].before.value_or("(empty)"), run.changes[0].after.value_or("(empty)"))),
              std::string::npos);
}

}  // namespace
}  // namespace tertial::test
