// tertial rollover through the real binary: seeds 000 and 001 against reviewed golden files, from JSON and
// from the PDF (verified first), twice, and the command's refusals.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/todo.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

// The binary must find only its own plugins, whatever the environment says.
const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

const std::string kSeed000 = "examples/ostersund/san-tertial-1-2020.json";
const std::string kSeed001 = "examples/ostersund/san-verksamhetsplan-2022.json";
const std::string kGolden000 = "tests/data/rollover/san-tertial-1-2021.json";
const std::string kGolden001 = "tests/data/rollover/san-verksamhetsplan-2023.json";

fs::path source(const std::string& relative) {
    return fs::path(TERTIAL_SOURCE_DIR) / relative;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// ---- the command, through the real binary --------------------------------------------------


const std::string kCovidWarning =
    ":1434:17: warning[rollover.no_role]: /body/4/body/0/body/7/body/1: table 'covid' has no period role on its amount "
    "column 'belopp', so rollover cannot tell which period their figures belong to: they are emptied, to fill in. Give "
    "each amount column a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not depend on "
    "the "
    "period) to have its figures carried over or shifted\n";

// Seed 000's PDF, built once by the real binary.
const fs::path& seed000_pdf() {
    static TempDir* dir = new TempDir;  // kept for the whole run
    static fs::path pdf = [] {
        RunResult r = run_tertial({"build", "--format", "pdf", kSeed000, "--out", dir->path().string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return dir->path() / "san-tertial-1-2020.pdf";
    }();
    return pdf;
}

TEST(RolloverCommand, Seed000MatchesItsReviewedGoldenFile) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed000, "--to", "2021-04-30", "-o", tmp / "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
    EXPECT_EQ(r.err, kSeed000 + kCovidWarning);
    EXPECT_TRUE(
        r.out.starts_with(fmt::format("wrote {}: Delårsrapport Tertial 1 för Social- och arbetsmarknadsnämnden, "
                                      "april 2021, period ending 2021-04-30\n",
                                      tmp / "t1.json")))
        << r.out;
}

TEST(RolloverCommand, Seed001MatchesItsReviewedGoldenFile) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed001, "--to", "2023", "-o", tmp / "vp.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(slurp(tmp.path() / "vp.json"), slurp(source(kGolden001)));
}

TEST(RolloverCommand, FromThePdfGivesExactlyWhatTheSourceGives) {
    TempDir tmp;
    const std::string pdf = seed000_pdf().string();
    RunResult r = run_tertial({"rollover", pdf, "--to", "2021", "-o", tmp / "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
    EXPECT_EQ(r.err, pdf + "(report.json)" + kCovidWarning) << "unsigned: nothing said about signatures";
}

// A signature dictionary and a signed field appended to seed 000's PDF as
// an incremental update, the catalogue's AcroForm pointing at the field:
// what a signing tool leaves, without a valid CMS in it.
std::string with_fake_signature(const std::string& pdf) {
    // The last of each: the newest revision's.
    auto last = [&](const char* pattern) {
        std::regex re(pattern);
        std::string found;
        for (std::sregex_iterator it(pdf.begin(), pdf.end(), re), end; it != end; ++it) found = (*it)[1];
        return found;
    };
    std::string startxref = last(R"(startxref\s+(\d+))"), size = last(R"(/Size (\d+))"),
                root = last(R"(/Root (\d+) 0 R)");
    EXPECT_FALSE(startxref.empty() || size.empty() || root.empty());
    TempDir tmp;
    spit(tmp.path() / "in.pdf", pdf);
    // The catalogue as it is, with an AcroForm added.
    std::string show =
        "qpdf --show-object=" + root + " " + shell_quote(tmp / "in.pdf") + " > " + shell_quote(tmp / "root");
    EXPECT_EQ(std::system(show.c_str()), 0);
    std::string catalog = slurp(tmp.path() / "root");
    while (!catalog.empty() && std::isspace(static_cast<unsigned char>(catalog.back()))) catalog.pop_back();
    int n = std::stoi(size);
    catalog.insert(catalog.rfind(">>"), fmt::format(" /AcroForm << /Fields [{} 0 R] /SigFlags 3 >> ", n + 1));
    std::string out = pdf;
    if (out.back() != '\n') out += '\n';
    std::vector<std::size_t> offsets;
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", root, catalog);
    offsets.push_back(out.size());
    out += fmt::format(
        "{} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
        "/ByteRange [0 10 20 30] /Contents <00> >>\nendobj\n",
        n);
    offsets.push_back(out.size());
    out += fmt::format(
        "{} 0 obj\n<< /FT /Sig /T (forvaltningschef) /V {} 0 R /Type /Annot /Subtype /Widget "
        "/Rect [0 0 0 0] >>\nendobj\n",
        n + 1, n);
    std::size_t xref = out.size();
    out +=
        fmt::format("xref\n0 1\n0000000000 65535 f \n{} 1\n{:010} 00000 n \n{} 2\n{:010} 00000 n \n{:010} 00000 n \n",
                    root, offsets[0], n, offsets[1], offsets[2]);
    out += fmt::format("trailer\n<< /Size {} /Root {} 0 R /Prev {} >>\nstartxref\n{}\n%%EOF\n", n + 2, root, startxref,
                       xref);
    return out;
}

TEST(RolloverCommand, APdfWhoseSignatureDoesNotVerifyIsRefused) {
    TempDir tmp;
    spit(tmp.path() / "signed.pdf", with_fake_signature(slurp(seed000_pdf())));
    // Poppler sees the signature too (and, rightly, that it does not verify).
    std::string pdfsig =
        "pdfsig " + shell_quote(tmp / "signed.pdf") + " > " + shell_quote(tmp / "pdfsig.txt") + " 2>&1";
    [[maybe_unused]] int ignored = std::system(pdfsig.c_str());
    EXPECT_TRUE(contains(slurp(tmp.path() / "pdfsig.txt"), "Signature #1")) << slurp(tmp.path() / "pdfsig.txt");

    RunResult r = run_tertial({"rollover", "signed.pdf", "--to", "2021-04-30", "-o", "t1.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("signed.pdf: error: the PDF's signatures are not intact: 1 signature: "
                                  "forvaltningschef ("))
        << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "t1.json"));
}

TEST(RolloverCommand, ASignedPdfIsVerifiedThenRolled) {
    TempDir tmp;
    std::string make_key = "cd " + shell_quote(tmp.path()) +
                           " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem "
                           "-out cert.pem -days 3650 -subj '/CN=Helén Eurenius' -utf8 -set_serial 7 > openssl.log 2>&1";
    ASSERT_EQ(std::system(make_key.c_str()), 0) << slurp(tmp.path() / "openssl.log");
    fs::copy_file(seed000_pdf(), tmp.path() / "report.pdf");
    RunResult signed_ = run_tertial({"sign", "report.pdf", "--signer", "forvaltningschef", "--cert", "cert.pem", "--key",
                                     "key.pem", "-o", "signed.pdf"},
                                    tmp.path().string());
    ASSERT_EQ(signed_.exit_code, 0) << signed_.err;

    RunResult r = run_tertial({"rollover", "signed.pdf", "--to", "2021-04-30", "-o", "t1.json"}, tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.starts_with("signed.pdf: signatures intact: 1 signature: forvaltningschef\n")) << r.err;
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), slurp(source(kGolden000)));
}

TEST(RolloverCommand, APdfWithoutAReportIsRefused) {
    TempDir tmp;
    // A one-page PDF that no Tertial made.
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> at;
    auto obj = [&](const std::string& body) {
        at.push_back(pdf.size());
        pdf += fmt::format("{} 0 obj\n{}\nendobj\n", at.size(), body);
    };
    obj("<< /Type /Catalog /Pages 2 0 R >>");
    obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    std::size_t xref = pdf.size();
    pdf += "xref\n0 4\n0000000000 65535 f \n";
    for (auto o : at) pdf += fmt::format("{:010} 00000 n \n", o);
    pdf += fmt::format("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", xref);
    spit(tmp.path() / "other.pdf", pdf);
    RunResult r = run_tertial({"rollover", "other.pdf", "--to", "2021", "-o", "new.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(
        r.err,
        "other.pdf: error: this PDF carries no Tertial report (no embedded report.json), so there is nothing to roll "
        "over; roll over the report's JSON file instead\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "new.json"));
}

TEST(RolloverCommand, RollingTheRolledReportAgainWorks) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kGolden000, "--to", "2022", "-o", tmp / "t2022.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    RunResult checked = run_tertial({"check", tmp / "t2022.json"});
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    EXPECT_FALSE(contains(checked.err, "error")) << checked.err;
    auto rolled = json::read_report(slurp(tmp.path() / "t2022.json"));
    ASSERT_TRUE(rolled.report);
    EXPECT_EQ(rolled.report->meta.title, "Delårsrapport Tertial 1 för Social- och arbetsmarknadsnämnden, april 2022");
    RunResult vp = run_tertial({"rollover", kGolden001, "--to", "2024", "-o", tmp / "vp2024.json"});
    ASSERT_EQ(vp.exit_code, 0) << vp.err;
    EXPECT_EQ(run_tertial({"check", tmp / "vp2024.json"}).exit_code, 0);
}

TEST(RolloverCommand, NeverOverwritesItsInput) {
    TempDir tmp;
    fs::copy_file(source(kSeed000), tmp.path() / "t1.json");
    const std::string before = slurp(tmp.path() / "t1.json");
    RunResult same =
        run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "./t1.json", "--force"}, tmp.path().string());
    EXPECT_EQ(same.exit_code, 2);
    EXPECT_EQ(same.err,
              "tertial rollover: error: ./t1.json is the input; the input is never overwritten: choose another -o\n");
    spit(tmp.path() / "new.json", "{}");
    RunResult exists = run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json"}, tmp.path().string());
    EXPECT_EQ(exists.exit_code, 2);
    EXPECT_EQ(exists.err,
              "tertial rollover: error: new.json exists; choose another file or pass --force to replace it\n");
    EXPECT_EQ(slurp(tmp.path() / "new.json"), "{}");
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), before);
    // Only the output in the directory, and no temporary file left behind.
    RunResult ok =
        run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json", "--force"}, tmp.path().string());
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"new.json", "t1.json"}));
    EXPECT_EQ(slurp(tmp.path() / "t1.json"), before);
}

TEST(RolloverCommand, ABadTargetIsAUsageError) {
    TempDir tmp;
    RunResult r = run_tertial({"rollover", kSeed000, "--to", "2021-08-31", "-o", tmp / "x.json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(
        r.err,
        "tertial rollover: error: --to 2021-08-31: the report runs until 2020-04-30, so the new period must end on the "
        "same day of a later year (2021-04-30), not 2021-08-31: rollover keeps the kind of period (a tertial stays a "
        "tertial)\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "x.json"));
}

TEST(RolloverCommand, CheckTodoListsWhatIsLeftBySection) {
    RunResult r = run_tertial({"check", "--todo", kGolden001});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out.starts_with(kGolden001 + ": ")) << r.out;
    EXPECT_TRUE(contains(r.out, "\nReport details (meta): 1 to fill in\n  " + kGolden001 + ":")) << r.out;
    EXPECT_TRUE(contains(r.out, "\n5.1 Driftsredovisning: ")) << r.out;
    EXPECT_TRUE(contains(r.out,
                         ": to review: drift: Taxor och avgifter / Budget 2023: föreslagen från Plan 2023 i Nämndens "
                         "verksamhetsplan 2022\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, ": to fill in: drift: Taxor och avgifter / Plan 2025\n")) << r.out;
    // Every to-do `check` warns about is in the list, and no more.
    RunResult all = run_tertial({"check", kGolden001});
    std::size_t warnings = 0, items = 0;
    for (std::size_t at = all.err.find("warning[todo]"); at != std::string::npos;
         at = all.err.find("warning[todo]", at + 1))
        ++warnings;
    for (std::size_t at = r.out.find("\n  "); at != std::string::npos; at = r.out.find("\n  ", at + 1)) ++items;
    EXPECT_EQ(items, warnings);
    EXPECT_TRUE(contains(all.out, fmt::format("{}: {} left to do: ", kGolden001, warnings))) << all.out;
    // A finished report has nothing left.
    RunResult done = run_tertial({"check", "--todo", kSeed001});
    EXPECT_EQ(done.out, kSeed001 + ": nothing left to do\n");
}

std::string pdf_text(const fs::path& pdf) {
    TempDir tmp;
    std::string cmd = "pdftotext " + shell_quote(pdf.string()) + " " + shell_quote(tmp / "t.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return slurp(tmp.path() / "t.txt");
}

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
    return n;
}

TEST(RolloverCommand, APdfOfADraftSaysUtkastOnEveryPage) {
    TempDir tmp;
    RunResult r = run_tertial({"build", "--format", "pdf", kGolden000, "--out", tmp.path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    fs::path pdf = tmp.path() / "san-tertial-1-2021.pdf";
    std::string text = pdf_text(pdf);
    std::size_t pages = occurrences(text, "\f");
    EXPECT_GT(pages, 10u);
    EXPECT_EQ(occurrences(text, "UTKAST"), pages);
    EXPECT_EQ(occurrences(pdf_text(seed000_pdf()), "UTKAST"), 0u) << "a finished report is no draft";
}

// The Östersund plugin's rule: goals follow fullmäktige's goal list for the new year.
TEST(RolloverCommand, OstersundsGoalListRule) {
    TempDir tmp;
    std::string text = slurp(source(kSeed000));
    auto replace = [&](const std::string& from, const std::string& to) {
        auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
    };
    // An old wording of goal 2, goal 5 missing, and a goal that is not on the list.
    replace(
        "\"title\": \"I Östersunds kommun har vi en trygg och tillgänglig infrastruktur där både stad och landsbygd "
        "växer på "
        "ett smart och hållbart sätt\"",
        "\"title\": \"Trygg och tillgänglig infrastruktur\"");
    replace("\"id\": \"mal5\"", "\"id\": \"mal9\"");
    spit(tmp.path() / "t1.json", text);
    RunResult r = run_tertial({"rollover", "t1.json", "--to", "2021", "-o", "new.json", "-v"}, tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(
        contains(r.err,
                 "t1.json:598:9: warning[ostersund.goal_list]: /body/2/body/4: goal 'mal9' (\"I Östersunds "
                 "kommun finns goda förutsättningar för en meningsfull fritid och ett aktivt liv\") is not among "
                 "Östersunds kommun's goals for 2021: move its uppdrag to the goals they now serve, or remove "
                 "the section\n"))
        << r.err;
    EXPECT_TRUE(contains(r.out,
                         "  updated: /body/2/body/1/title: goal 'mal2' worded as on the goal list for 2020: 'I "
                         "Östersunds kommun har vi en trygg och tillgänglig infrastruktur där både stad och landsbygd "
                         "växer på ett smart och hållbart sätt'\n"))
        << r.out;
    EXPECT_TRUE(
        contains(r.out,
                 "  added: /body/2/body/5: goal 'mal5' is on the goal list for 2020: a section for it, uppdrag to "
                 "fill in\n"))
        << r.out;
    auto rolled = json::read_report(slurp(tmp.path() / "new.json"));
    ASSERT_TRUE(rolled.report);
    const auto& goals = std::get<Section>(rolled.report->body[2].content).body;
    std::vector<std::string> ids;
    for (const auto& b : goals)
        if (const auto* s = std::get_if<Section>(&b.content); s && s->goal) ids.push_back(*s->goal->id);
    EXPECT_EQ(ids, (std::vector<std::string>{"mal1", "mal2", "mal3", "mal4", "mal9", "mal5", "mal6", "mal7", "mal8"}));
}

}  // namespace
}  // namespace tertial::test
