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

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_files.hpp"
#include "test_pki.hpp"

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

// A report that names fixture plugin `id` instead of social_services.
File report_naming(const std::string& id) {
    return edit("bad/plugin_" + id + ".json", "report.json", plugins_line, plugins_named(id));
}

std::string plugin_refused(const std::string& id, int column, const std::string& code, const std::string& why) {
    return "bad/plugin_" + id + ".json:24:" + std::to_string(column) + ": error[" + code + "]: /meta/plugins/1: plugin '" +
           id + "' (pl/tertial_plugin_" + id + ".so): " + why + "\n" + nothing_built;
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
         {write("bad/latin1.json", "\xff\xfe{}")},
         {"build", "bad/latin1.json", "--out", "out"},
         1,
         "bad/latin1.json:1:1: error[json.syntax]: syntax error while parsing value - invalid literal; last read: "
         "'\\xFF'\n" +
             nothing_built},
        {"ReportNestedTooDeep",
         {write("bad/deep.json", std::string(100000, '[') + std::string(100000, ']'))},
         {"build", "bad/deep.json", "--out", "out"},
         1,
         "bad/deep.json:1:65: error[json.depth]: arrays and objects nested more than 64 deep; a report nests about a "
         "dozen levels\n" +
             nothing_built},
        {"ReportUnknownFigureInText",
         {edit("bad/ref.json", "report.json", "inklusive åtgärdsplan med {{atgardsplan}}. Prognosen",
               "inklusive åtgärdsplan med {{atgardsplanen}}. Prognosen")},
         {"build", "bad/ref.json", "--out", "out"},
         1,
         "bad/ref.json:173:9: error[text.unknown_figure]: /cover_letter/summary/1/text: '{{atgardsplanen}}' "
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
         "bad/cycle.json:178:7: error[text.empty_figure]: /cover_letter/proposals/1: '{{tillaggsbudget}}' refers to "
         "Begärd tilläggsbudget 2020, which has no value\n"
         "bad/cycle.json:178:7: error[text.empty_figure]: /cover_letter/proposals/1: "
         "'{{tillaggsbudget_ekonomiskt_bistand}}' refers to Begärd tilläggsbudget 2020, ekonomiskt bistånd, which "
         "has no value\n" +
             nothing_built},
        {"ReportAmountAsNumber",
         {edit("bad/number.json", "report.json", "\"value\": \"9.8\"", "\"value\": 9.8")},
         {"build", "bad/number.json", "--out", "out"},
         1,
         "bad/number.json:63:7: error[amount.number]: /figures/3/value: amount 9.8 is a JSON number; write it as "
         "a string (\"9.8\") so it stays exact\n" +
             nothing_built},
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

        // ---- plugins -------------------------------------------------------------------
        {"PluginBuiltForAnotherApiVersion",
         {fixture_plugin("pl", "wrong_version"), report_naming("wrong_version")},
         {"build", "bad/plugin_wrong_version.json", "--out", "out", "--plugin-dir", "pl"},
         1,
         plugin_refused("wrong_version", 7, "plugin.api_version",
                        "built for plugin API version 999, but this Tertial uses version 2; rebuild the plugin")},
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
         plugin_refused("garbage", 7, "plugin.load", "cannot load: file too short")},
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
        {"CertificateExpired",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "keys/expired.pem", "--key", "keys/rsa.key",
          "-o", "signed-again.pdf"},
         5,
         "tertial sign: error: the certificate (O=Testkommun,CN=Helén Eurenius) expired on 2019-12-31; signing "
         "time 2020-05-12 10:31:00 +02:00; nothing written\n"},
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
        {"CertificateTrustNotACertificate",
         {},
         {"verify", "signed.pdf", "--trust", "report.json"},
         2,
         "tertial verify: error: --trust report.json: no PEM certificate in the file\n"},
        {"CertificateUntrustedChain",
         {},
         {"verify", "signed.pdf", "--trust", "keys/other-ca.pem"},
         8,
         "",
         "Result: every signature is intact and only signatures came after them, but a certificate chain is not "
         "trusted or was not valid at the signing time.",
         true},

        // ---- command lines -------------------------------------------------------------
        {"CommandUnknown", {}, {"biuld", "report.json"}, 2, "tertial: unknown command 'biuld', did you mean 'build'?\nRun 'tertial --help' for the list of commands.\n"},
        {"CommandUnknownOption", {}, {"build", "report.json", "--out", "out", "--fast"}, 2, "tertial build: The following argument was not expected: --fast\nRun 'tertial build --help' for usage.\n"},
        {"CommandBuildWithoutOut", {}, {"build", "report.json"}, 2, "tertial build: --out is required\nRun 'tertial build --help' for usage.\n"},
        {"CommandUnknownFormat", {}, {"build", "report.json", "--out", "out", "--format", "docx"}, 2, "tertial build: --format: docx not in {json,pdf}\nRun 'tertial build --help' for usage.\n"},
        {"CommandOutIsAFile", {}, {"build", "report.json", "--out", "report.pdf"}, 3, "tertial build: error: report.pdf: not a directory; nothing written\n"},
        {"CommandExtractOntoItsInput", {}, {"extract", "report.pdf", "-o", "report.pdf"}, 2, "tertial extract: error: report.pdf is the input; choose another output file\n"},
        {"CommandExtractOutputExists", {}, {"extract", "report.pdf", "-o", "report.json"}, 2, "tertial extract: error: report.json exists; choose another file or pass --force to replace it\n"},
        {"CommandRolloverOntoItsInput", {}, {"rollover", "report.json", "--to", "2021-04-30", "-o", "report.json"}, 2, "tertial rollover: error: report.json is the input; the input is never overwritten: choose another -o\n"},
        {"CommandRolloverBackwards", {}, {"rollover", "report.json", "--to", "2019-04-30", "-o", "next.json"}, 2, "tertial rollover: error: --to 2019-04-30: the report runs until 2020-04-30; rollover moves it to the "
         "same period of a later year, e.g. 2021-04-30\n"},
        {"CommandRolloverNotADay", {}, {"rollover", "report.json", "--to", "2021-04-31", "-o", "next.json"}, 2, "tertial rollover: error: --to 2021-04-31: '2021-04-31' is not a day of the calendar: give the new "
         "period's end, e.g. 2021-04-30\n"},
        {"CommandSignNotASignatory",
         {},
         {"sign", "report.pdf", "--signer", "kommundirektor", "--p12", "keys/rsa.p12", "-o", "signed-again.pdf"},
         2,
         "tertial sign: error: 'kommundirektor' is not among the report's signatories (forvaltningschef, "
         "ekonomichef)\n",
         "",
         false,
         "hemligt-1"},
        {"CommandSignWithoutKey", {}, {"sign", "report.pdf", "--signer", "forvaltningschef", "-o", "signed-again.pdf"}, 2, "tertial sign: error: give either --p12 FILE or both --cert FILE and --key FILE\n"},
        {"CommandSignOntoItsInput",
         {},
         {"sign", "report.pdf", "--signer", "forvaltningschef", "--p12", "keys/rsa.p12", "-o", "./report.pdf"},
         2,
         "tertial sign: error: ./report.pdf is the input; choose another output file (the input is never "
         "changed)\n",
         "",
         false,
         "hemligt-1"},
        {"CommandNewUnknownCommittee",
         {},
         {"new", "--municipality", "ostersund", "--committee", "social_service", "--kind", "tertialrapport", "--period",
          "2021-04-30", "-o", "new.json"},
         1,
         "tertial: error[plugin.not_found]: plugin 'social_service' not found (looked for "
         "tertial_plugin_social_service.so in {PLUGINS}), did you mean 'social_services'?\n"},
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
    auto stamp = [](const fs::path& p) {
        return std::to_string(fs::file_size(p)) + "-" + std::to_string(fs::last_write_time(p).time_since_epoch().count());
    };
    const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
    const fs::path base = fs::path(TERTIAL_BAD_INPUT_FIXTURE_DIR);
    fs::create_directories(base);
    const fs::path keys = pki();
    DirLock lock(base);
    const fs::path done = base / ("workspace-" + stamp(TERTIAL_BINARY) + "-" + stamp(seed));
    if (fs::exists(done)) return done;
    for (const auto& e : fs::directory_iterator(base))
        if (e.path().filename().string().rfind("workspace-", 0) == 0) fs::remove_all(e.path());
    const fs::path w = base / "workspace-partial";
    fs::create_directories(w / "keys");
    fs::copy_file(seed, w / "report.json");
    for (const char* k : {"ca.pem", "other-ca.pem", "rsa.p12", "rsa.pem", "rsa.key", "expired.pem", "stranger.key", "ec.pem",
                          "ec-encrypted.key"})
        fs::copy_file(keys / k, w / "keys" / k);
    auto run = [&](const std::string& command) {
        auto r = run_shell("cd " + shell_quote(w.string()) + " && " + command);
        if (r.exit_code != 0) throw std::runtime_error("cannot make the workspace: " + command + "\n" + r.out + r.err);
    };
    const std::string tertial = "env TERTIAL_SIGNING_TIME=" + std::string(signing_time) + " " + shell_quote(TERTIAL_BINARY);
    run(tertial + " build report.json --out out");
    run("cp out/report.pdf report.pdf");
    run("TERTIAL_P12_PASSWORD=hemligt-1 " + tertial +
        " sign report.pdf --signer forvaltningschef --p12 keys/rsa.p12 -o signed.pdf");
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
        fs::last_write_time(e.path(), fs::file_time_type::clock::now() - std::chrono::hours(24));
    const auto before = snapshot(ws);

    std::string command = "cd " + shell_quote(ws.string()) + " && exec env -u TERTIAL_PLUGIN_PATH -u TERTIAL_P12_PASSWORD " +
                          "TERTIAL_SIGNING_TIME=" + signing_time;
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
