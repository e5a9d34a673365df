// The command line's one rule for options (one value per occurrence, repeat
// to give more), `tertial check` of a PDF's embedded report, and "$schema"
// kept through a build: through the real binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_binary.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const std::string kExample = "examples/ostersund/san-tertial-1-2020.json";

// An option that takes a value never takes the file after it: this failed
// with "--plugin-dir: Directory is actually a file: report.json".
TEST(CliOptions, APluginDirBeforeTheFileTakesOnlyItsValue) {
    TempDir tmp;
    fs::create_directories(tmp.path() / "plugins");
    const std::string kPlugins = tmp / "plugins";  // searched first, then the installed plugins
    RunResult r = run_tertial({"build", "--plugin-dir", kPlugins, kExample, "--format", "json", "--out", tmp / "out"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote " + (tmp / "out") + "/san-tertial-1-2020.json\n");
    RunResult check = run_tertial({"check", "--plugin-dir", kPlugins, kExample});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    RunResult rollover = run_tertial({"rollover", "--plugin-dir", kPlugins, kExample, "--to", "2021-04-30", "-o", tmp / "next.json"});
    EXPECT_EQ(rollover.exit_code, 0) << rollover.err;
}

// Repeatable options are repeated, one value each, on every command.
TEST(CliOptions, ARepeatableOptionIsRepeated) {
    TempDir tmp;
    fs::create_directories(tmp.path() / "a");
    fs::create_directories(tmp.path() / "b");
    RunResult r = run_tertial({"check", "--plugin-dir", tmp / "a", "--plugin-dir", tmp / "b", kExample});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    RunResult formats = run_tertial({"build", kExample, "--format", "json", "--format", "pdf", "--out", tmp / "out"});
    ASSERT_EQ(formats.exit_code, 0) << formats.err;
    EXPECT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.json"));
    EXPECT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf"));
    // Two values after one --format: the second is an input file, as for every option.
    RunResult two = run_tertial({"build", kExample, "--format", "json", "pdf", "--out", tmp / "out2"});
    EXPECT_EQ(two.exit_code, 3) << two.err;
    EXPECT_EQ(two.err, "pdf: error: cannot read: No such file or directory\n");
}

// `tertial check` of a Tertial PDF checks the report embedded in it, after
// its signatures are verified; this was "invalid literal; last read: '%'".
TEST(CliCheckPdf, ChecksTheEmbeddedReport) {
    TempDir tmp;
    ASSERT_EQ(run_tertial({"build", kExample, "--out", tmp / "out"}).exit_code, 0);
    std::string pdf = tmp / "out/san-tertial-1-2020.pdf";
    RunResult json = run_tertial({"check", kExample});
    RunResult r = run_tertial({"check", pdf});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    // The same result as for the JSON, under the embedded file's name.
    std::string expected = json.out;
    for (std::size_t at = 0; (at = expected.find(kExample, at)) != std::string::npos; at += pdf.size() + 13)
        expected.replace(at, kExample.size(), pdf + "(report.json)");
    EXPECT_EQ(r.out, expected);
}

// "$schema" at the top of a report is accepted and written back.
TEST(CliSchemaKey, IsKeptThroughABuild) {
    TempDir tmp;
    std::string text = slurp(fs::path(TERTIAL_SOURCE_DIR) / kExample);
    text.replace(0, 1, "{\n  \"$schema\": \"../formats/json/schema/tertial-report.schema.json\",");
    { std::ofstream(tmp / "r.json", std::ios::binary) << text; }
    RunResult r = run_tertial({"build", tmp / "r.json", "--format", "json", "--out", tmp / "out"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(slurp(tmp / "out/r.json").starts_with(
        "{\n  \"$schema\": \"../formats/json/schema/tertial-report.schema.json\",\n  \"format\": \"tertial-report\",\n"));
}

}  // namespace
}  // namespace tertial::test
