// Attacks on signed PDFs that look like signatures only: shadow attacks (a
// document prepared before its first signature, filled by a later signer's
// update), the same through streams typed /ObjStm or /XRef, and the gates
// that keep them out: `verify`, `sign` (the document must be what build
// makes), `extract` (verifies first). The attack files are made by
// tests/attacks/shadow_attacks.py from seed 000 built and signed once per
// build of tertial.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_pki.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using test::run_shell;
using test::run_tertial;
using test::shell_quote;
using test::slurp;
using test::spit;

const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
const fs::path script = fs::path(TERTIAL_SOURCE_DIR) / "tests/attacks/shadow_attacks.py";
const char* pinned_time = "2020-05-12T10:31:00+02:00";
// The object the prepared document refers to without having it: far above
// what the document and its signatures number.
const int dangling = 4000;

// The prepared document (page 1's /Annots or /Contents) and what fills it:
// the two reported attacks, then their kin.
const std::vector<std::pair<std::string, std::string>> fills = {
    {"annots", "annotation"},    // reported: /Annots, filled through the new signature's /AP
    {"contents", "objstm"},      // reported: /Contents, filled by a stream typed /ObjStm
    {"contents", "xref"},        // the same, typed /XRef
    {"contents", "appearance"},  // the new signature's own appearance as page content
};
const std::vector<std::string> strays = {"bad-objstm", "hidden-objstm", "stray-xref"};

class SignAttacks : public ::testing::Test {
protected:
    // Made once per tertial binary, under a lock: seed 000 built; signed
    // twice as usual; prepared (page 1 refers to object 4000 from its
    // /Annots, or from its /Contents) then signed by the first signatory
    // with --foreign; each attack's file from those.
    static fs::path make_fixtures() {
        // This test binary too: it decides which files the fixture holds.
        std::string key = test::file_stamp(TERTIAL_BINARY) + "-" + test::file_stamp(seed) + "-" + test::file_stamp(script) + "-" +
                          test::file_stamp(fs::read_symlink("/proc/self/exe"));
        fs::path base = fs::path(TERTIAL_SIGN_FIXTURE_DIR);
        fs::create_directories(base);
        test::DirLock lock(base);
        fs::path done = base / ("attacks-" + key);
        if (fs::exists(done / "done")) return done;
        for (const auto& e : fs::directory_iterator(base))
            if (e.path().filename().string().rfind("attacks-", 0) == 0) fs::remove_all(e.path());
        fs::path work = base / "attacks-partial";
        fs::remove_all(work);
        fs::create_directories(work);
        auto must = [](const test::RunResult& r, const std::string& what) {
            if (r.exit_code != 0) throw std::runtime_error(what + " failed:\n" + r.out + r.err);
        };
        must(run_tertial({"build", "--format", "pdf", seed.string(), "--out", work.string()}), "build");
        fs::rename(work / "san-tertial-1-2020.pdf", work / "unsigned.pdf");
        must(sign("forvaltningschef", "rsa.p12", "hemligt-1", work / "unsigned.pdf", work / "once.pdf"), "sign");
        must(sign("ekonomichef", "ec-legacy.p12", "hemligt-2", work / "once.pdf", work / "twice.pdf"), "sign");
        for (const char* into : {"annots", "contents"}) {
            std::string prepared = std::string("prepared-") + into + ".pdf";
            must(attack({"prepare", (work / "unsigned.pdf").string(), (work / prepared).string(), "--object",
                         std::to_string(dangling), "--into", into}),
                 "prepare");
            must(sign("forvaltningschef", "rsa.p12", "hemligt-1", work / prepared,
                      work / (std::string("prepared-") + into + "-once.pdf"), {"--foreign"}),
                 "sign --foreign");
        }
        for (const auto& [prepared, kind] : fills)
            must(later_signer(work, "fill", "prepared-" + prepared + "-once.pdf", kind,
                              "attack-" + prepared + "-" + kind + ".pdf"),
                 "fill");
        for (const auto& kind : strays)
            must(later_signer(work, "stray", "once.pdf", kind, "stray-" + kind + ".pdf"), "stray");
        // Page 1 refers to the next 200 object numbers, those a signature
        // would take; signed twice by Tertial.
        auto trailer = run_shell("qpdf --show-object=trailer " + shell_quote((work / "unsigned.pdf").string()));
        auto at = trailer.out.find("/Size ");
        if (at == std::string::npos) throw std::runtime_error("no /Size: " + trailer.out);
        spit(work / "wide-from", trailer.out.substr(at + 6, trailer.out.find_first_of(" >", at + 6) - at - 6));
        must(attack({"prepare", (work / "unsigned.pdf").string(), (work / "wide.pdf").string(), "--object",
                     slurp(work / "wide-from"), "--count", "200", "--into", "annots"}),
             "prepare");
        must(sign("forvaltningschef", "rsa.p12", "hemligt-1", work / "wide.pdf", work / "wide-1.pdf", {"--foreign"}),
             "sign --foreign");
        must(sign("ekonomichef", "ec-legacy.p12", "hemligt-2", work / "wide-1.pdf", work / "wide-2.pdf", {"--foreign"}),
             "sign --foreign");
        spit(work / "done", "");
        fs::rename(work, done);
        return done;
    }

    static void SetUpTestSuite() {
        setenv("TERTIAL_SIGNING_TIME", pinned_time, 1);
        unsetenv("TERTIAL_P12_PASSWORD");
        try {
            keys_ = test::pki();
            fs::path cache = make_fixtures();
            dir_ = fs::temp_directory_path() / ("tertial-attacks-" + std::to_string(::getpid()));
            fs::remove_all(dir_);
            fs::create_directories(dir_);
            for (const auto& e : fs::directory_iterator(cache)) fs::copy_file(e.path(), dir_ / e.path().filename());
        } catch (const std::exception& e) {
            error_ = e.what();
        }
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }
    void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

    static test::RunResult sign(const std::string& signer, const std::string& p12, const std::string& password,
                                const fs::path& in, const fs::path& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"sign", in.string(), "--signer", signer, "--p12", (keys_ / p12).string(),
                                         "-o",   out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        test::PasswordGiven given(password);
        return run_tertial(args);
    }
    static test::RunResult attack(const std::vector<std::string>& args) {
        std::string command = "python3 " + shell_quote(script.string());
        for (const auto& a : args) command += " " + shell_quote(a);
        return run_shell(command);
    }
    // The later signer's update, signed by Mikael Hedström (trusted by the test CA).
    static test::RunResult later_signer(const fs::path& dir, const std::string& step, const std::string& in,
                                        const std::string& kind, const std::string& out) {
        std::vector<std::string> args = {step,          (dir / in).string(), (dir / out).string(), "--field",
                                         "ekonomichef", "--as",              kind,                 "--cert",
                                         (keys_ / "ec.pem").string(), "--key", (keys_ / "ec.key").string()};
        if (step == "fill") args.insert(args.end(), {"--object", std::to_string(dangling)});
        return attack(args);
    }
    static nlohmann::json verify_json(const fs::path& pdf, int& code) {
        auto r = run_tertial({"verify", pdf.string(), "--trust", (keys_ / "ca.pem").string(), "--json"});
        code = r.exit_code;
        try {
            return nlohmann::json::parse(r.out);
        } catch (const std::exception&) {
            ADD_FAILURE() << "verify --json printed no JSON:\n" << r.out << r.err;
            return {};
        }
    }
    static fs::path path(const std::string& name) { return dir_ / name; }
    // The object number of page 1 in `pdf`.
    static std::string page_one(const fs::path& pdf) {
        auto r = run_shell("qpdf --show-pages " + shell_quote(pdf.string()));
        auto at = r.out.find("page 1: ");
        return at == std::string::npos ? "?" : r.out.substr(at + 8, r.out.find(' ', at + 8) - at - 8);
    }

    static inline fs::path keys_, dir_;
    static inline std::string error_;
};

std::string joined(const nlohmann::json& changes) {
    std::string out;
    for (const auto& c : changes) out += c.get<std::string>() + "\n";
    return out;
}

// ---- verify ------------------------------------------------------------------------------

// The two reported attacks and their kin: every signature intact and
// trusted, the later one by a trusted signer, yet page 1 shows what the
// later update brought. Each is a change after the first signature.
TEST_F(SignAttacks, ALaterSignerFillingAReferenceTheSignedDocumentHadIsAChange) {
    for (const auto& [prepared, kind] : fills) {
        SCOPED_TRACE(prepared + " filled by " + kind);
        fs::path pdf = path("attack-" + prepared + "-" + kind + ".pdf");
        int code = -1;
        auto j = verify_json(pdf, code);
        EXPECT_EQ(code, 7) << j.dump(2);
        ASSERT_EQ(j["signatures"].size(), 2u) << j.dump(2);
        const auto& first = j["signatures"][0];
        EXPECT_EQ(first["integrity"]["status"], "intact");
        EXPECT_EQ(first["chain"]["status"], "trusted");
        EXPECT_EQ(first["after"]["status"], "other_changes");
        EXPECT_EQ(j["signatures"][1]["integrity"]["status"], "intact") << "the attacker's signature is a good one";
        std::string changes = joined(first["after"]["changes"]);
        EXPECT_NE(changes.find("page 1 (object " + std::to_string(dangling) + ") was added"), std::string::npos)
            << changes;
        EXPECT_NE(changes.find("though the signed revision already referred to object " + std::to_string(dangling) +
                               " (from page 1 (object " + page_one(pdf) + "))"),
                  std::string::npos)
            << changes;
    }
}

// The class: a stream typed /ObjStm or /XRef in a later signature's update
// that is not what its type says, though nothing refers to it.
TEST_F(SignAttacks, AContainerStreamThatIsNotWhatItsTypeSaysIsAChange) {
    const std::vector<std::string> says = {
        "it is typed /ObjStm but does not parse as an object stream",
        ", which the cross-reference table does not place there (a hidden object)",
        "it is typed /XRef but is not a cross-reference section of the file"};
    for (std::size_t i = 0; i < strays.size(); ++i) {
        SCOPED_TRACE(strays[i]);
        fs::path pdf = path("stray-" + strays[i] + ".pdf");
        int code = -1;
        auto j = verify_json(pdf, code);
        EXPECT_EQ(code, 7) << j.dump(2);
        ASSERT_EQ(j["signatures"].size(), 2u) << j.dump(2);
        EXPECT_EQ(j["signatures"][1]["integrity"]["status"], "intact");
        std::string changes = joined(j["signatures"][0]["after"]["changes"]);
        EXPECT_NE(changes.find(says[i]), std::string::npos) << changes;
    }
    // Tertial's own signatures carry a cross-reference stream in each
    // update: exactly what its type says, so no change.
    int code = -1;
    auto j = verify_json(path("twice.pdf"), code);
    EXPECT_EQ(code, 0) << j.dump(2);
}

// Before the later update, the prepared document verifies: the first
// signer signed what they saw, and verify says it was not checked.
TEST_F(SignAttacks, APreparedDocumentSignedWithForeignSaysItWasNotChecked) {
    auto r = run_tertial({"verify", path("prepared-annots-once.pdf").string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("  source:      NOT checked: signed with --foreign, without comparing the document with what "
                         "`tertial build` makes from its embedded report\n"),
              std::string::npos)
        << r.out;
    auto normal = run_tertial({"verify", path("twice.pdf").string(), "--json"});
    auto j = nlohmann::json::parse(normal.out);
    EXPECT_EQ(j["signatures"][0]["source_check"], "built");
    EXPECT_EQ(j["signatures"][1]["source_check"], "built");
}

// ---- sign -------------------------------------------------------------------------------

TEST_F(SignAttacks, SignRefusesADocumentThatIsNotWhatBuildMakes) {
    auto r = sign("forvaltningschef", "rsa.p12", "hemligt-1", path("prepared-annots.pdf"), path("x.pdf"));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err, path("prepared-annots.pdf").string() +
                         ": error: the PDF is not what `tertial build` makes from its embedded report: page 1 (object " +
                         page_one(path("unsigned.pdf")) +
                         ") was changed; build it again from its report, or sign it as it is with --foreign (verify "
                         "then says it was not checked); nothing written\n");
    EXPECT_FALSE(fs::exists(path("x.pdf")));
    // Bytes after the end of what build makes that change no object.
    spit(path("tail.pdf"), slurp(path("unsigned.pdf")) + "% ett tillägg\n");
    auto tail = sign("forvaltningschef", "rsa.p12", "hemligt-1", path("tail.pdf"), path("x.pdf"));
    EXPECT_EQ(tail.exit_code, 1);
    EXPECT_NE(tail.err.find(": no object differs, but 15 bytes follow the end of what tertial build makes;"),
              std::string::npos)
        << tail.err;
    // The second signatory checks the document as first signed, too.
    auto second = sign("ekonomichef", "ec-legacy.p12", "hemligt-2", path("prepared-annots-once.pdf"), path("x.pdf"));
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find("error: the PDF before its first signature is not what `tertial build` makes from its "
                              "embedded report: page 1 (object "),
              std::string::npos)
        << second.err;
    EXPECT_FALSE(fs::exists(path("x.pdf")));
}

// Tertial itself is never the later signer that fills such a reference:
// page 1 of wide.pdf refers to the 200 object numbers a signature would
// take, and both signatures (--foreign) number their objects past them
// (libqpdf counts every number the file refers to; sign also refuses an
// update of its own that would change what an earlier signature signed).
TEST_F(SignAttacks, SignNeverFillsAReferenceAnEarlierSignatureCovers) {
    int code = -1;
    auto j = verify_json(path("wide-2.pdf"), code);
    EXPECT_EQ(code, 0) << j.dump(2);
    EXPECT_EQ(j["signatures"][0]["after"]["status"], "signatures_only") << j.dump(2);
    auto trailer = run_shell("qpdf --show-object=trailer " + shell_quote(path("wide-1.pdf").string()));
    auto at = trailer.out.find("/Size ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(std::stoi(trailer.out.substr(at + 6)), std::stoi(slurp(path("wide-from"))) + 200)
        << "the first signature's objects come after them";
}

// ---- extract ------------------------------------------------------------------------------

TEST_F(SignAttacks, ExtractRefusesATamperedSignedPdfUnlessNoVerify) {
    fs::path attacked = path("attack-contents-objstm.pdf");
    auto r = run_tertial({"extract", attacked.string(), "-o", path("x.json").string()});
    EXPECT_EQ(r.exit_code, 7) << r.err;
    EXPECT_NE(r.err.find(attacked.string() + ": error: the PDF's signatures are not intact: 2 signatures: "
                                             "forvaltningschef, ekonomichef (forvaltningschef: changed after signing ("),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("; its report is not the one that was signed (run 'tertial verify " + attacked.string() +
                         "'; --no-verify extracts it anyway); nothing written\n"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(path("x.json")));
    // A byte changed inside what the signatures cover: broken, verify's 6.
    std::string bytes = slurp(path("twice.pdf"));
    bytes[bytes.size() / 3] = static_cast<char>(bytes[bytes.size() / 3] ^ 0x04);
    spit(path("flipped.pdf"), bytes);
    auto flipped = run_tertial({"extract", path("flipped.pdf").string(), "-o", path("x.json").string()});
    EXPECT_EQ(flipped.exit_code, 6) << flipped.err;
    EXPECT_FALSE(fs::exists(path("x.json")));
    // --no-verify says what it skipped.
    auto skipped = run_tertial({"extract", attacked.string(), "-o", path("x.json").string(), "--no-verify"});
    EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_EQ(skipped.err, attacked.string() +
                               ": warning: --no-verify: its signatures were not verified; the report may not be the "
                               "one that was signed\n");
    EXPECT_TRUE(fs::exists(path("x.json")));
    // An intact signed PDF extracts as before.
    auto ok = run_tertial({"extract", path("twice.pdf").string(), "-o", path("ok.json").string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_TRUE(slurp(path("ok.json")) == slurp(seed));
}

// ---- messages -----------------------------------------------------------------------------

// A damaged PDF is named by the user's path, never by the name a library
// gave the bytes it read.
TEST_F(SignAttacks, MessagesNameTheUsersFileNotAnInternalBuffer) {
    std::string no_root =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\n"
        "trailer\n<< /Size 2 >>\nstartxref\n44\n%%EOF\n";
    spit(path("other.pdf"), no_root);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"verify", path("other.pdf").string()},
          std::vector<std::string>{"extract", path("other.pdf").string(), "-o", path("x2.json").string()},
          std::vector<std::string>{"rollover", path("other.pdf").string(), "--to", "2021-04-30", "-o",
                                   path("x2.json").string()},
          std::vector<std::string>{"sign", path("other.pdf").string(), "--signer", "forvaltningschef", "--p12",
                                   (keys_ / "rsa.p12").string(), "-o", path("x2.pdf").string()}}) {
        SCOPED_TRACE(args[0]);
        auto r = run_tertial(args);
        EXPECT_NE(r.exit_code, 0);
        EXPECT_NE(r.err.find(path("other.pdf").string() + ": error: "), std::string::npos) << r.err;
        for (const char* internal : {"signed.pdf", "input.pdf", "appearance.pdf"})
            EXPECT_EQ((r.out + r.err).find(internal), std::string::npos) << internal << " in:\n" << r.out << r.err;
    }
}

// A signature whose byte range no longer covers its revision still shows
// whose field it is, from the report as the file carries it now.
TEST_F(SignAttacks, ABrokenSignatureStillShowsTheSignatorysRole) {
    std::string bytes = slurp(path("twice.pdf"));
    std::size_t at = bytes.find("/ByteRange [");
    ASSERT_NE(at, std::string::npos);
    std::size_t close = bytes.find(']', at);
    std::size_t last = bytes.rfind(' ', close) + 1;
    std::string number = bytes.substr(last, close - last);
    std::string shorter = std::to_string(std::stoll(number) - 10);  // ends inside its %%EOF
    bytes.replace(last, number.size(), std::string(number.size() - shorter.size(), ' ') + shorter);
    spit(path("short-range.pdf"), bytes);
    auto r = run_tertial({"verify", path("short-range.pdf").string()});
    EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
    // Listed after the signatures that cover their revisions.
    EXPECT_NE(r.out.find("Signature 2 of 2, field forvaltningschef\n  signer:      Helén Eurenius (O=Testkommun,CN=Helén "
                         "Eurenius)\n  role:        Förvaltningschef (forvaltningschef, Helén Eurenius), as the file "
                         "says now: this signature does not vouch for it\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  role:        Ekonomichef (ekonomichef, Mikael Hedström)\n"), std::string::npos) << r.out;
    int code = -1;
    auto j = verify_json(path("short-range.pdf"), code);
    ASSERT_EQ(j["signatures"].size(), 2u);
    EXPECT_EQ(j["signatures"][1]["field"], "forvaltningschef");
    EXPECT_EQ(j["signatures"][1]["role"]["title"], "Förvaltningschef");
    EXPECT_EQ(j["signatures"][1]["role"]["as_signed"], false);
    EXPECT_EQ(j["signatures"][0]["role"]["as_signed"], true);
}

}  // namespace
}  // namespace tertial
