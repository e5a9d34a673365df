// The `tertial` command line through the real binary: help, usage errors, exit codes, and what `build` writes (or leaves alone).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const std::string kExample = "examples/ostersund/san-tertial-1-2020.json";
const std::string kExampleOut = "san-tertial-1-2020.json";
const std::string kBad = "tests/data/malformed/amount_comma.json";
const std::string kWarning = "tests/data/malformed/typed_amount.json";  // valid, one warning

fs::path source(const std::string& relative) { return fs::path(TERTIAL_SOURCE_DIR) / relative; }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

// ---- help and usage -------------------------------------------------------------------

TEST(CliHelp, TopLevel) {
    RunResult r = run_tertial({"--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "Usage:")) << r.out;
    EXPECT_TRUE(contains(r.out, "check")) << r.out;
    EXPECT_TRUE(contains(r.out, "build")) << r.out;
    EXPECT_TRUE(contains(r.out, "--help")) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(CliHelp, Check) {
    RunResult r = run_tertial({"check", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "tertial check")) << r.out;
    EXPECT_TRUE(contains(r.out, "--strict")) << r.out;
    EXPECT_TRUE(contains(r.out, "FILE")) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(CliHelp, Build) {
    RunResult r = run_tertial({"build", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "tertial build")) << r.out;
    EXPECT_TRUE(contains(r.out, "--out")) << r.out;
    EXPECT_TRUE(contains(r.out, "DIR")) << r.out;
    EXPECT_TRUE(contains(r.out, "--strict")) << r.out;
    EXPECT_TRUE(contains(r.out, "FILE")) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(CliUsage, UnknownSubcommandSuggestsTheClosest) {
    RunResult r = run_tertial({"chek", kExample});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "unknown command 'chek'")) << r.err;
    EXPECT_TRUE(contains(r.err, "did you mean 'check'?")) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(CliUsage, NoSubcommand) {
    RunResult r = run_tertial({});
    EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(CliUsage, CheckWithoutFiles) {
    RunResult r = run_tertial({"check"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "tertial check --help")) << r.err;
}

TEST(CliUsage, BuildWithoutOut) {
    RunResult r = run_tertial({"build", kExample});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "--out")) << r.err;
}

TEST(CliUsage, BuildWithoutFiles) {
    TempDir tmp;
    RunResult r = run_tertial({"build", "--out", tmp / "out"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "out"));
}

// ---- check -------------------------------------------------------------------------------

TEST(CliCheck, MissingFileIsAnIoError) {
    RunResult r = run_tertial({"check", "tests/data/no-such-report.json"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_TRUE(contains(r.err, "tests/data/no-such-report.json")) << r.err;
}

TEST(CliCheck, ExampleIsClean) {
    RunResult r = run_tertial({"check", kExample});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, kExample + ": 0 errors, 0 warnings\n");
    EXPECT_EQ(r.err, "");
}

TEST(CliCheck, SeveralFilesOneBad) {
    RunResult r = run_tertial({"check", kExample, kBad});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.out, kExample + ": 0 errors, 0 warnings\n")) << r.out;
    EXPECT_TRUE(contains(r.out, kBad + ": 1 error, 0 warnings\n")) << r.out;
    EXPECT_TRUE(contains(r.err, kBad + ":43:13: error[amount.invalid]: /body/0/rows/0/cells/budget: ")) << r.err;
    // The bad file does not stop the good one being checked, in either order.
    RunResult reversed = run_tertial({"check", kBad, kExample});
    EXPECT_EQ(reversed.exit_code, 1);
    EXPECT_EQ(reversed.out, kBad + ": 1 error, 0 warnings\n" + kExample + ": 0 errors, 0 warnings\n");
    EXPECT_EQ(reversed.err, r.err);
}

TEST(CliCheck, StrictTurnsAWarningIntoFailure) {
    RunResult lax = run_tertial({"check", kWarning});
    EXPECT_EQ(lax.exit_code, 0) << lax.err;
    EXPECT_EQ(lax.out, kWarning + ": 0 errors, 1 warning\n");
    EXPECT_TRUE(contains(lax.err, "warning[text.typed_amount]")) << lax.err;

    RunResult strict = run_tertial({"check", "--strict", kWarning});
    EXPECT_EQ(strict.exit_code, 1);
    EXPECT_EQ(strict.err, lax.err);
}

// ---- build -------------------------------------------------------------------------------

TEST(CliBuild, WritesTheResolvedReport) {
    TempDir tmp;
    std::string out = tmp / "out";  // does not exist yet: build creates it
    RunResult r = run_tertial({"build", kExample, "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    fs::path written = fs::path(out) / kExampleOut;
    ASSERT_TRUE(fs::is_regular_file(written));
    EXPECT_EQ(snapshot(out).size(), 2u);  // the JSON and the PDF, nothing else
    EXPECT_TRUE(slurp(fs::path(out) / "san-tertial-1-2020.pdf").starts_with("%PDF-1.7"));
    std::string bytes = slurp(written);
    auto j = nlohmann::ordered_json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << "output is not JSON";
    ASSERT_TRUE(j.contains("resolved"));
    EXPECT_TRUE(j["resolved"].contains("figures"));
    EXPECT_EQ(j["format"], "tertial-report");
    // What build writes, check accepts.
    RunResult again = run_tertial({"check", written.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST(CliBuild, BadReportLeavesAnExistingDirectoryUnchanged) {
    TempDir tmp;
    fs::create_directory(tmp / "out");
    write_file(tmp / "out/keep.txt", "earlier output\n");
    write_file(tmp / "out/amount_comma.json", "{\"an\": \"earlier build\"}\n");
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"build", kBad, "--out", tmp / "out"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, "error[amount.invalid]")) << r.err;
    EXPECT_TRUE(contains(r.err, "nothing written")) << r.err;
    EXPECT_EQ(snapshot(tmp.path()), before);
}

TEST(CliBuild, BadReportDoesNotCreateTheDirectory) {
    TempDir tmp;
    RunResult r = run_tertial({"build", kBad, "--out", tmp / "new/out"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_FALSE(fs::exists(tmp / "new"));
    EXPECT_TRUE(snapshot(tmp.path()).empty());
}

TEST(CliBuild, OneBadInputOfTwoWritesNothing) {
    TempDir tmp;
    fs::create_directory(tmp / "existing");
    write_file(tmp / "existing/keep.txt", "x");
    auto before = snapshot(tmp.path());
    for (const auto& out : {tmp / "existing", tmp / "missing"}) {
        SCOPED_TRACE(out);
        for (const auto& order : {std::vector<std::string>{kExample, kBad}, std::vector<std::string>{kBad, kExample}}) {
            std::vector<std::string> args{"build"};
            args.insert(args.end(), order.begin(), order.end());
            args.push_back("--out");
            args.push_back(out);
            RunResult r = run_tertial(args);
            EXPECT_EQ(r.exit_code, 1) << r.err;
            EXPECT_EQ(snapshot(tmp.path()), before);
        }
    }
    EXPECT_FALSE(fs::exists(tmp / "missing"));
}

TEST(CliBuild, OutIntoTheInputsDirectoryIsRefused) {
    TempDir tmp;
    fs::copy_file(source(kExample), tmp / "rapport.json");
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"build", tmp / "rapport.json", "--out", tmp.path().string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "overwrite its input")) << r.err;
    EXPECT_EQ(slurp(tmp / "rapport.json"), slurp(source(kExample)));
    EXPECT_EQ(snapshot(tmp.path()), before);
    // The same directory spelt differently is still the same directory.
    RunResult dotted = run_tertial({"build", "rapport.json", "--out", "."}, tmp.path().string());
    EXPECT_EQ(dotted.exit_code, 2) << dotted.err;
    EXPECT_EQ(snapshot(tmp.path()), before);
}

TEST(CliBuild, NeverModifiesItsInput) {
    TempDir tmp;
    fs::create_directory(tmp / "in");
    fs::copy_file(source(kExample), tmp / "in/rapport.json");
    auto before = snapshot(tmp / "in");
    RunResult r = run_tertial({"build", tmp / "in/rapport.json", "--out", tmp / "out"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(snapshot(tmp / "in"), before);
    EXPECT_EQ(slurp(tmp / "in/rapport.json"), slurp(source(kExample)));
    EXPECT_TRUE(fs::exists(tmp / "out/rapport.json"));
}

TEST(CliBuild, UnwritableUnderProcIsAnIoError) {
    if (!fs::exists("/proc/self")) GTEST_SKIP() << "no /proc here";
    RunResult r = run_tertial({"build", kExample, "--out", "/proc/tertial-test"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "/proc/tertial-test")) << r.err;
    EXPECT_FALSE(fs::exists("/proc/tertial-test"));
}

TEST(CliBuild, OutUnderARegularFileIsAnIoError) {
    TempDir tmp;
    write_file(tmp / "file", "not a directory\n");
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"build", kExample, "--out", tmp / "file/out"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_TRUE(contains(r.err, tmp / "file/out")) << r.err;
    EXPECT_EQ(snapshot(tmp.path()), before);  // no directory, no .tmp file
}

TEST(CliBuild, OutIsARegularFileIsAnIoError) {
    TempDir tmp;
    write_file(tmp / "out", "a file\n");
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"build", kExample, "--out", tmp / "out"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(snapshot(tmp.path()), before);
}

// The temporary file is written, then cannot be moved into place (a
// directory is in the way): it must not be left behind.
TEST(CliBuild, FailedMoveLeavesNoTemporaryFile) {
    TempDir tmp;
    fs::create_directories(fs::path(tmp / "out") / kExampleOut);
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"build", kExample, "--out", tmp / "out"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(snapshot(tmp.path()), before);
}

// A write that fails half way (here: over a file-size limit, as on a full
// disk): a clear message, exit 3, and the output directory exactly as it
// was, earlier outputs intact and no temporary files.
TEST(CliBuild, AWriteThatFailsMidwayChangesNothing) {
    TempDir tmp;
    RunResult first = run_tertial({"build", kExample, "--out", tmp / "out"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    fs::path json = tmp / ("out/" + kExampleOut);
    std::string old = slurp(json) + " ";  // an earlier version, so a replaced file would show
    { std::ofstream(json, std::ios::binary) << old; }
    auto before = snapshot(tmp.path());
    // Outputs made on workers, and one after the other on the calling thread.
    for (const char* jobs : {"", " --jobs 1"}) {
        SCOPED_TRACE(jobs);
        // 64 blocks of 512 bytes (dash): less than either output.
        std::string command = "cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && ulimit -f 64 && " +
                              shell_quote(TERTIAL_BINARY) + " build " + shell_quote(kExample) + jobs + " --out " +
                              shell_quote(tmp / "out") + " 2>" + shell_quote(tmp / "err.txt");
        int status = std::system(command.c_str());
        ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        EXPECT_EQ(WEXITSTATUS(status), 3);
        std::string err = slurp(tmp / "err.txt");
        EXPECT_NE(err.find("cannot write: File too large; nothing written"), std::string::npos) << err;
        fs::remove(tmp / "err.txt");
        EXPECT_EQ(snapshot(tmp.path()), before);
        EXPECT_EQ(slurp(json), old);
    }
}

TEST(CliBuild, IsDeterministic) {
    TempDir tmp;
    RunResult a = run_tertial({"build", kExample, "--out", tmp / "a"});
    RunResult b = run_tertial({"build", kExample, "--out", tmp / "b"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    std::string first = slurp(tmp / ("a/" + kExampleOut));
    EXPECT_FALSE(first.empty());
    EXPECT_TRUE(first == slurp(tmp / ("b/" + kExampleOut))) << "two builds of one input differ";
    // Building over an earlier output gives the same bytes again.
    RunResult c = run_tertial({"build", kExample, "--out", tmp / "a"});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    EXPECT_TRUE(first == slurp(tmp / ("a/" + kExampleOut)));
    EXPECT_EQ(snapshot(tmp / "a").size(), 2u);
    // The PDF too: dates come from the report, never the clock.
    EXPECT_TRUE(slurp(tmp / "a/san-tertial-1-2020.pdf") == slurp(tmp / "b/san-tertial-1-2020.pdf")) << "two PDFs differ";
}

// Reports built together share fonts, hyphenation patterns and the text
// cache, which go after the last layout with them: every PDF is the one
// its report gives when built alone.
TEST(CliBuild, ReportsBuiltTogetherGiveThePdfsEachGivesAlone) {
    TempDir tmp;
    fs::path in = tmp / "in";
    fs::create_directories(in);
    std::vector<std::string> inputs;
    for (const char* name : {"a.json", "b.json"}) {
        fs::copy_file(source(kExample), in / name);
        inputs.push_back((in / name).string());
    }
    for (const auto& f : example_files()) inputs.push_back(f.string());
    std::vector<std::string> together{"build", "--format", "pdf", "--out", tmp / "together"};
    together.insert(together.end(), inputs.begin(), inputs.end());
    RunResult all = run_tertial(together);
    ASSERT_EQ(all.exit_code, 0) << all.err;
    ASSERT_GE(inputs.size(), 5u);
    for (const auto& input : inputs) {
        std::string stem = fs::path(input).stem().string();
        fs::path out = tmp / ("alone-" + stem);
        RunResult one = run_tertial({"build", "--format", "pdf", "--out", out.string(), input});
        ASSERT_EQ(one.exit_code, 0) << one.err;
        std::string alone = slurp(out / (stem + ".pdf"));
        EXPECT_FALSE(alone.empty());
        EXPECT_TRUE(slurp(fs::path(tmp / "together") / (stem + ".pdf")) == alone)
            << stem << ".pdf differs when built with the others";
    }
}

TEST(CliBuild, FormatChoosesTheOutputs) {
    TempDir tmp;
    RunResult r = run_tertial({"build", kExample, "--format", "json", "--out", tmp / "j"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(snapshot(tmp / "j").size(), 1u);
    RunResult bad = run_tertial({"build", kExample, "--format", "docx", "--out", tmp / "x"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_FALSE(fs::exists(tmp / "x"));
}

TEST(CliExtract, GivesBackTheEmbeddedReportByteForByte) {
    TempDir tmp;
    ASSERT_EQ(run_tertial({"build", kExample, "--out", tmp / "o"}).exit_code, 0);
    std::string pdf = tmp / "o/san-tertial-1-2020.pdf";
    RunResult r = run_tertial({"extract", pdf, "-o", tmp / "back.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(slurp(tmp / "back.json") == slurp(fs::path(TERTIAL_SOURCE_DIR) / kExample));
    // An existing output is not replaced without --force; the input never.
    EXPECT_EQ(run_tertial({"extract", pdf, "-o", tmp / "back.json"}).exit_code, 2);
    RunResult self = run_tertial({"extract", pdf, "-o", pdf, "--force"});
    EXPECT_EQ(self.exit_code, 2);
    EXPECT_NE(self.err.find("is the input"), std::string::npos) << self.err;
    // A PDF that is not Tertial's says so.
    std::string json_as_pdf = tmp / "not.pdf";
    { std::ofstream(json_as_pdf) << "%PDF-1.4\nnot really\n"; }
    RunResult foreign = run_tertial({"extract", json_as_pdf, "-o", tmp / "x.json"});
    EXPECT_EQ(foreign.exit_code, 1) << foreign.err;
    EXPECT_FALSE(fs::exists(tmp / "x.json"));
}

TEST(CliBuild, StrictTurnsAWarningIntoFailure) {
    TempDir tmp;
    RunResult lax = run_tertial({"build", kWarning, "--out", tmp / "lax"});
    EXPECT_EQ(lax.exit_code, 0) << lax.err;
    EXPECT_TRUE(fs::exists(tmp / "lax/typed_amount.json"));

    RunResult strict = run_tertial({"build", "--strict", kWarning, "--out", tmp / "strict"});
    EXPECT_EQ(strict.exit_code, 1);
    EXPECT_TRUE(contains(strict.err, "warning[text.typed_amount]")) << strict.err;
    EXPECT_FALSE(fs::exists(tmp / "strict"));
}

}  // namespace
}  // namespace tertial::test

// ---- PDFs from elsewhere -------------------------------------------------------------------

namespace tertial::test {
namespace {

TEST(ForeignPdf, OneThatCrashesTheReaderIsAnErrorNotACrash) {
    TempDir tmp;
    { std::ofstream(tmp / "deep.pdf", std::ios::binary) << nested_pdf(50000); }
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"extract", "deep.pdf", "-o", "out.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "deep.pdf: error: cannot read the PDF: the PDF reader crashed on it (signal 11: Segmentation fault): "
                     "the file is damaged, or made to crash readers\n");
    EXPECT_EQ(snapshot(tmp.path()), before);
    RunResult roll = run_tertial({"rollover", "deep.pdf", "--to", "2021-04-30", "-o", "out.json"}, tmp.path().string());
    EXPECT_NE(roll.exit_code, 0);
    EXPECT_NE(roll.err.find("the PDF reader crashed on it (signal 11: Segmentation fault)"), std::string::npos) << roll.err;
    EXPECT_EQ(snapshot(tmp.path()), before);
}

TEST(ForeignPdf, OneThatHangsTheReaderIsStoppedAfterTenSeconds) {
    TempDir tmp;
    { std::ofstream(tmp / "slow.pdf", std::ios::binary) << nested_pdf(3000); }
    auto before = snapshot(tmp.path());
    RunResult r = run_tertial({"extract", "slow.pdf", "-o", "out.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1);
    // The same words whichever limit stops it (processor time on an idle
    // machine, wall clock on a busy one).
    EXPECT_EQ(r.err, "slow.pdf: error: cannot read the PDF: not readable within 10 s of processor time and 20 s in all "
                     "(the reader was stopped: the file is damaged, or made to hang readers)\n");
    EXPECT_EQ(snapshot(tmp.path()), before);
}

}  // namespace
}  // namespace tertial::test
