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

// What the loader says it mapped for `tertial ARGS`, run in the source tree (LD_DEBUG=files).
std::string libraries_loaded(const std::string& args) {
    return run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && LD_DEBUG=files " + shell_quote(TERTIAL_BINARY) + " " +
                     args)
        .err;
}

// libqpdf (and the GnuTLS it brings) is loaded by the commands that sign or
// read signatures only, from the module beside libtertial_pdf.so.
TEST(CliBinary, OnlyTheSignatureCommandsLoadLibqpdf) {
    TempDir tmp;
    std::string build = libraries_loaded("build " + kExample + " --out " + shell_quote(tmp / "out"));
    ASSERT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf")) << build;
    EXPECT_FALSE(contains(build, "libqpdf")) << "tertial build loaded libqpdf";
    EXPECT_FALSE(contains(build, "libtertial_pdf_qpdf.so"));
    std::string verify = libraries_loaded("verify " + shell_quote(tmp / "out/san-tertial-1-2020.pdf"));
    EXPECT_TRUE(contains(verify, "libtertial_pdf_qpdf.so")) << "tertial verify did not load the module";
    EXPECT_TRUE(contains(verify, "libqpdf"));
}

// An installation without the module: the commands that need it say which
// file is missing and exit 3; the others work.
TEST(CliBinary, AMissingSignatureModuleIsNamed) {
    TempDir tmp;
    const std::string copy = copy_installation(tmp.path(), {"libtertial_core.so", "libtertial_pdf.so", "libtertial_pdf_emit.so"});
    RunResult build = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy + " build " + kExample +
                                " --out " + shell_quote(tmp / "out"));
    ASSERT_EQ(build.exit_code, 0) << build.err;
    RunResult verify = run_shell(copy + " verify " + shell_quote(tmp / "out/san-tertial-1-2020.pdf"));
    EXPECT_EQ(verify.exit_code, 3);
    const std::string module = (tmp.path() / "lib/libtertial_pdf_qpdf.so").string();
    EXPECT_TRUE(verify.err.starts_with("tertial: error: cannot load Tertial's PDF signature module " + module + ": "))
        << verify.err;
    EXPECT_TRUE(contains(verify.err, "(reinstall Tertial)\n")) << verify.err;
    EXPECT_EQ(verify.out, "");
    // rollover reads a PDF's signatures before its report: the same error, nothing written.
    RunResult roll = run_shell(copy + " rollover " + shell_quote(tmp / "out/san-tertial-1-2020.pdf") +
                               " --to 2021-04-30 -o " + shell_quote(tmp / "rolled.json"));
    EXPECT_EQ(roll.exit_code, 3);
    EXPECT_TRUE(roll.err.starts_with("tertial: error: cannot load Tertial's PDF signature module " + module + ": "))
        << roll.err;
    EXPECT_FALSE(fs::exists(tmp / "rolled.json"));
}

// PoDoFo and the libraries it brings (libtiff, libjpeg, libidn, ...) are
// mapped by the commands that make or read a PDF only: `build` loads the
// PDF writer's module, libtertial_pdf_emit.so beside libtertial_pdf.so,
// while it checks the report; `check` of a report never does.
TEST(CliBinary, OnlyPdfCommandsLoadPoDoFo) {
    TempDir tmp;
    const std::vector<std::string> theirs = {"libtertial_pdf_emit.so", "libpodofo", "libtiff", "libjpeg", "libidn"};
    std::string check = libraries_loaded("check " + kExample);
    std::string json = libraries_loaded("build " + kExample + " --format json --out " + shell_quote(tmp / "json"));
    ASSERT_TRUE(fs::exists(tmp / "json/san-tertial-1-2020.json")) << json;
    for (const auto& library : theirs) {
        EXPECT_FALSE(contains(check, library)) << "tertial check loaded " << library;
        EXPECT_FALSE(contains(json, library)) << "tertial build --format json loaded " << library;
    }
    std::string build = libraries_loaded("build " + kExample + " --out " + shell_quote(tmp / "out"));
    ASSERT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf")) << build;
    for (const auto& library : theirs) EXPECT_TRUE(contains(build, library)) << "tertial build did not load " << library;
    // Opened by Tertial, not at start-up with the libraries tertial links;
    // PoDoFo only as the module's.
    EXPECT_TRUE(contains(build, "libtertial_pdf_emit.so [0];  dynamically loaded by")) << build;
    EXPECT_TRUE(contains(build, "file=libpodofo.so.0.9.8 [0];  needed by " +
                                    (fs::path(TERTIAL_BINARY).parent_path().parent_path() / "lib/libtertial_pdf_emit.so")
                                        .lexically_normal()
                                        .string()))
        << build;
}

// An installation without the PDF writer's module: `build` of a PDF and
// `extract` name the file, exit 3 and write nothing; `check` and `build
// --format json` work.
TEST(CliBinary, AMissingPdfWriterModuleIsNamed) {
    TempDir tmp;
    const std::string copy =
        copy_installation(tmp.path(), {"libtertial_core.so", "libtertial_pdf.so", "libtertial_pdf_qpdf.so"});
    RunResult check = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy + " check " + kExample);
    EXPECT_EQ(check.exit_code, 0) << check.err;
    RunResult json = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy + " build " + kExample +
                               " --format json --out " + shell_quote(tmp / "json"));
    EXPECT_EQ(json.exit_code, 0) << json.err;
    RunResult build = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy + " build " + kExample +
                                " --out " + shell_quote(tmp / "out"));
    EXPECT_EQ(build.exit_code, 3) << build.err;
    const std::string module = (tmp.path() / "lib/libtertial_pdf_emit.so").string();
    EXPECT_TRUE(contains(build.err, "cannot load Tertial's PDF writer module " + module + ": ")) << build.err;
    EXPECT_TRUE(contains(build.err, "(reinstall Tertial)")) << build.err;
    EXPECT_FALSE(fs::exists(tmp / "out/san-tertial-1-2020.pdf"));
    EXPECT_FALSE(fs::exists(tmp / "out/san-tertial-1-2020.json"));
    // A PDF made by a whole installation, read back by this one.
    RunResult made = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + shell_quote(TERTIAL_BINARY) + " build " +
                               kExample + " --format pdf --out " + shell_quote(tmp / "whole"));
    ASSERT_EQ(made.exit_code, 0) << made.err;
    RunResult extract = run_shell(copy + " extract " + shell_quote(tmp / "whole/san-tertial-1-2020.pdf") + " -o " +
                                  shell_quote(tmp / "extracted.json"));
    EXPECT_EQ(extract.exit_code, 3) << extract.err;
    EXPECT_TRUE(extract.err.starts_with("tertial: error: cannot load Tertial's PDF writer module " + module + ": "))
        << extract.err;
    EXPECT_FALSE(fs::exists(tmp / "extracted.json"));
}

// The editor's and the imports' libraries (and libp11) are mapped by the
// commands that use them only: `edit` and `import` load
// libtertial_edit_import.so, beside libtertial_core.so.
TEST(CliBinary, OnlyEditAndImportLoadTheirModule) {
    TempDir tmp;
    const std::vector<std::string> theirs = {"libtertial_edit_import.so", "libcpp-httplib", "libssl.so", "libbrotlienc",
                                             "libzip.so", "libbz2.so", "libpugixml", "libcsv.so", "libp11.so"};
    std::string build = libraries_loaded("build " + kExample + " --out " + shell_quote(tmp / "out"));
    ASSERT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf")) << build;
    std::string check = libraries_loaded("check " + kExample);
    std::string verify = libraries_loaded("verify " + shell_quote(tmp / "out/san-tertial-1-2020.pdf"));
    ASSERT_TRUE(contains(verify, "libtertial_pdf_qpdf.so")) << verify;
    for (const auto& library : theirs) {
        EXPECT_FALSE(contains(build, library)) << "tertial build loaded " << library;
        EXPECT_FALSE(contains(check, library)) << "tertial check loaded " << library;
        EXPECT_FALSE(contains(verify, library)) << "tertial verify loaded " << library;
    }
    // `import ledger` on a test export (a dry run: nothing written) reads
    // CSV through libcsv from the module.
    fs::copy_file(source(kExample), tmp / "report.json");
    std::string ledger = libraries_loaded("import ledger tests/data/ledger/ostersund-comma.csv --into " +
                                shell_quote(tmp / "report.json") + " --date 2020-05-04 --dry-run");
    EXPECT_TRUE(contains(ledger, "dynamically loaded")) << ledger;
    for (const char* library : {"libtertial_edit_import.so", "libcsv.so", "libzip.so", "libpugixml"})
        EXPECT_TRUE(contains(ledger, library)) << "tertial import ledger did not load " << library;
    // `edit` of a file that is not there: the module and its HTTP library
    // are loaded before the editor finds that out.
    std::string edit = libraries_loaded("edit " + shell_quote(tmp / "nosuch.json") + " --no-browser");
    EXPECT_TRUE(contains(edit, "cannot read: No such file or directory")) << edit;
    EXPECT_TRUE(contains(edit, "libtertial_edit_import.so")) << edit;
    EXPECT_TRUE(contains(edit, "libcpp-httplib")) << edit;
}

// An installation without the edit and import module, or with one from
// another build: `edit` and `import` name the file and exit 3, writing
// nothing; the other commands work.
TEST(CliBinary, AMissingOrForeignEditImportModuleIsNamed) {
    TempDir tmp;
    const std::string copy = copy_installation(tmp.path(), {"libtertial_core.so", "libtertial_pdf.so", "libtertial_pdf_emit.so"});
    fs::copy_file(source(kExample), tmp / "report.json");
    const std::string before = test::slurp(tmp / "report.json");
    const std::string module = (tmp.path() / "lib/libtertial_edit_import.so").string();
    const std::string prefix = "tertial: error: cannot load Tertial's edit and import module " + module + ": ";
    auto import_ledger = [&] {
        return run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy +
                         " import ledger tests/data/ledger/ostersund-comma.csv --into " + shell_quote(tmp / "report.json") +
                         " --date 2020-05-04");
    };
    RunResult build = run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && " + copy + " build " + kExample +
                                " --out " + shell_quote(tmp / "out"));
    EXPECT_EQ(build.exit_code, 0) << build.err;

    RunResult missing = import_ledger();
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_EQ(missing.err, prefix + "cannot open shared object file: No such file or directory (reinstall Tertial)\n");
    EXPECT_EQ(missing.out, "");
    RunResult edit = run_shell(copy + " edit " + shell_quote(tmp / "report.json") + " --no-browser");
    EXPECT_EQ(edit.exit_code, 3);
    EXPECT_EQ(edit.err, prefix + "cannot open shared object file: No such file or directory (reinstall Tertial)\n");

    // A library that is not the module, under its name.
    fs::copy_file(fs::path(TERTIAL_BINARY).parent_path() / "../lib/libtertial_pdf_qpdf.so", module);
    RunResult other = import_ledger();
    EXPECT_EQ(other.exit_code, 3);
    EXPECT_EQ(other.err, prefix + "it has no tertial_edit_import_module (reinstall Tertial)\n");
    // The module of another build: its table does not match.
    fs::copy_file(TERTIAL_FOREIGN_EDIT_IMPORT_MODULE, module, fs::copy_options::overwrite_existing);
    RunResult foreign = import_ledger();
    EXPECT_EQ(foreign.exit_code, 3);
    EXPECT_EQ(foreign.err, prefix + "it is from another build of Tertial (reinstall Tertial)\n");
    EXPECT_EQ(test::slurp(tmp / "report.json"), before) << "the report is left as it was";
}

// ---- help and usage -------------------------------------------------------------------

// An empty entry in the run path means the current directory: the loader
// would look there first for every library, and load one planted there.
TEST(CliBinary, RunPathHasNoEmptyEntry) {
    RunResult r = run_shell("readelf -d " + shell_quote(TERTIAL_BINARY));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto at = r.out.find("Library runpath: [");
    ASSERT_NE(at, std::string::npos) << r.out;
    std::string path = r.out.substr(at + 18, r.out.find(']', at) - at - 18);
    EXPECT_EQ(path, "$ORIGIN/../lib");
}

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
