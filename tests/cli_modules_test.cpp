// Which libraries and modules `tertial` loads for which command, and what an
// installation missing a module says: through the real binary (LD_DEBUG=files).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_files.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const std::string kExample = "examples/ostersund/san-tertial-1-2020.json";

fs::path source(const std::string& relative) { return fs::path(TERTIAL_SOURCE_DIR) / relative; }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// `tertial ARGS` (a shell command line after them may follow) run in the
// source tree with the loader saying what it maps and finalizes (LD_DEBUG=files).
RunResult run_traced(const std::string& args) {
    return run_shell("cd " + shell_quote(TERTIAL_SOURCE_DIR) + " && LD_DEBUG=files " + shell_quote(TERTIAL_BINARY) + " " +
                     args);
}

// What the loader says it mapped for `tertial ARGS`.
std::string libraries_loaded(const std::string& args) { return run_traced(args).err; }

// libqpdf (and the GnuTLS it brings) is loaded by the commands that sign or
// read signatures only, from the module beside libtertial_pdf.so.
TEST(CliBinary, OnlyTheSignatureCommandsLoadLibqpdf) {
    TempDir tmp;
    std::string build = libraries_loaded("build " + kExample + " --out " + shell_quote(tmp / "out"));
    ASSERT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf")) << build;
    EXPECT_FALSE(contains(build, "libqpdf")) << "tertial build loaded libqpdf";
    EXPECT_FALSE(contains(build, "libtertial_pdf_sign.so"));
    std::string verify = libraries_loaded("verify " + shell_quote(tmp / "out/san-tertial-1-2020.pdf"));
    EXPECT_TRUE(contains(verify, "libtertial_pdf_sign.so")) << "tertial verify did not load the module";
    EXPECT_TRUE(contains(verify, "libqpdf"));
}

// OpenSSL's libcrypto is no start-up library: `check` and `build --format
// json` never map it; `build` of a PDF maps it with PoDoFo (the PDF writer's
// module, on its loading thread), `verify` with the signature module.
TEST(CliBinary, OnlyCommandsThatMakeOrReadPdfsLoadLibcrypto) {
    TempDir tmp;
    std::string check = libraries_loaded("check " + kExample);
    std::string json = libraries_loaded("build " + kExample + " --format json --out " + shell_quote(tmp / "json"));
    ASSERT_TRUE(fs::exists(tmp / "json/san-tertial-1-2020.json")) << json;
    EXPECT_FALSE(contains(check, "libcrypto")) << "tertial check loaded libcrypto";
    EXPECT_FALSE(contains(json, "libcrypto")) << "tertial build --format json loaded libcrypto";
    std::string build = libraries_loaded("build " + kExample + " --out " + shell_quote(tmp / "out"));
    ASSERT_TRUE(fs::exists(tmp / "out/san-tertial-1-2020.pdf")) << build;
    const auto at = build.find("file=libcrypto.so.3 [0];  needed by ");
    ASSERT_NE(at, std::string::npos) << build;
    EXPECT_TRUE(contains(build.substr(at, build.find('\n', at) - at), "libpodofo.so")) << build;
    std::string verify = libraries_loaded("verify " + shell_quote(tmp / "out/san-tertial-1-2020.pdf"));
    EXPECT_TRUE(contains(verify, "libcrypto")) << verify;
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
    const std::string module = (tmp.path() / "lib/libtertial_pdf_sign.so").string();
    EXPECT_TRUE(verify.err.starts_with("tertial: error: cannot load Tertial's PDF signature module " + module + ": "))
        << verify.err;
    EXPECT_TRUE(contains(verify.err, "(reinstall Tertial)\n")) << verify.err;
    EXPECT_EQ(verify.out, "");
    // sign (whose keys are read by the module too, OpenSSL being its): the
    // same error, nothing written.
    test::spit(tmp / "key.p12", "not read: the module is missing");
    RunResult sign = run_shell(copy + " sign " + shell_quote(tmp / "out/san-tertial-1-2020.pdf") +
                               " --signer forvaltningschef --p12 " + shell_quote(tmp / "key.p12") + " -o " +
                               shell_quote(tmp / "signed.pdf"));
    EXPECT_EQ(sign.exit_code, 3);
    EXPECT_TRUE(sign.err.starts_with("tertial: error: cannot load Tertial's PDF signature module " + module + ": "))
        << sign.err;
    EXPECT_FALSE(fs::exists(tmp / "signed.pdf"));
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
        copy_installation(tmp.path(), {"libtertial_core.so", "libtertial_pdf.so", "libtertial_pdf_sign.so"});
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
    ASSERT_TRUE(contains(verify, "libtertial_pdf_sign.so")) << verify;
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
    fs::copy_file(fs::path(TERTIAL_BINARY).parent_path() / "../lib/libtertial_pdf_sign.so", module);
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

// The process ends once its outputs are written and its streams flushed,
// without the exit handlers and the libraries' destructors (the loader
// calls no library's fini), except in a build checked for leaks; what it
// printed arrives whole through a pipe, and its exit code is its own.
TEST(CliBinary, EndsWithoutTheLibrariesDestructorsAndItsOutputWhole) {
    TempDir tmp;
    RunResult built = run_traced("build " + kExample + " --out " + shell_quote(tmp / "out") + " | cat");
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_EQ(built.out, "wrote " + (tmp / "out/san-tertial-1-2020.json") + "\nwrote " +
                             (tmp / "out/san-tertial-1-2020.pdf") + "\n");
    // The plugins are closed by the command itself (their fini is called then).
    std::string finalized;
    for (std::size_t at = built.err.find("calling fini: "); at != std::string::npos;
         at = built.err.find("calling fini: ", at + 1)) {
        std::string line = built.err.substr(at, built.err.find('\n', at) - at);
        if (!contains(line, "/plugins/tertial_plugin_")) finalized += line + "\n";
    }
#if defined(__SANITIZE_ADDRESS__)
    EXPECT_TRUE(contains(finalized, "libtertial_core.so")) << "a build checked for leaks ends as programs usually do";
#else
    EXPECT_EQ(finalized, "");
#endif
    RunResult code = run_shell(shell_quote(TERTIAL_BINARY) + " check " + shell_quote(tmp / "missing.json"));
    EXPECT_NE(code.exit_code, 0);
    EXPECT_TRUE(contains(code.err, "missing.json")) << code.err;
}

// Under valgrind (whose package brings the header Tertial asks at build
// time) the process ends as programs usually do: every library's fini is
// called, so that memcheck sees the memory given back.
TEST(CliBinary, EndsWithTheLibrariesDestructorsUnderValgrind) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "valgrind cannot run a binary built with AddressSanitizer";
#endif
    if (run_shell("command -v valgrind").exit_code != 0) GTEST_SKIP() << "valgrind is not installed";
    RunResult r = run_shell("LD_DEBUG=files valgrind --quiet " + shell_quote(TERTIAL_BINARY) + " --version");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "tertial ")) << r.out;
    EXPECT_TRUE(contains(r.err, "calling fini: ") && contains(r.err, "libtertial_core.so")) << r.err.substr(0, 2000);
}

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

}  // namespace
}  // namespace tertial::test
