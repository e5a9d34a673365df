// Issue 18, points 3, 4 and 6 through the real binary: the signing time
// (the clock, or set by hand and said so), trust anchors (any CA of the
// chain, several files, a directory), offline revocation against CRLs of
// the test PKI (good, revoked before and after the signing time, expired,
// wrong issuer, forged), and `tertial ltv`'s DSS, read back by verify and
// checked with pdfsig, qpdf --check and PDFBox preflight.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_pki.hpp"
#include "tertial/pdf/sign.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using test::DirLock;
using test::pki;
using test::PasswordGiven;
using test::shell_quote;
using test::sh;
using test::slurp;

const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
const char* in_2020 = "2020-05-12T10:31:00+02:00";
const char* in_2022 = "2022-03-01T09:00:00+01:00";

class SignTrust : public ::testing::Test {
protected:
    // Made once per tertial binary (ctest runs each test in its own process).
    static fs::path make_fixture() {
        fs::path base = fs::path(TERTIAL_SIGN_FIXTURE_DIR);
        fs::create_directories(base);
        DirLock lock(base);
        fs::path done = base / ("trust-" + keys_.filename().string() + "-" + test::file_stamp(TERTIAL_BINARY) + "-" + test::file_stamp(seed));
        if (fs::exists(done / "ltv.pdf")) return done;
        for (const auto& e : fs::directory_iterator(base))
            if (e.path().filename().string().rfind("trust-", 0) == 0) fs::remove_all(e.path());
        fs::path w = base / "trust-partial";
        fs::remove_all(w);
        fs::create_directories(w);
        auto ok = [](const test::RunResult& r, const std::string& what) {
            if (r.exit_code != 0) throw std::runtime_error(what + " failed:\n" + r.out + r.err);
        };
        ok(test::run_tertial({"build", "--format", "pdf", seed.string(), "--out", w.string()}), "build");
        fs::rename(w / "san-tertial-1-2020.pdf", w / "unsigned.pdf");
        ok(sign(w / "unsigned.pdf", "good.p12", w / "good.pdf"), "signing good.pdf");
        ok(sign(w / "unsigned.pdf", "good.p12", w / "good-2020.pdf", {"--signing-time", in_2020}), "good-2020.pdf");
        ok(sign(w / "unsigned.pdf", "revoked.p12", w / "revoked-after.pdf", {"--signing-time", in_2020}),
           "revoked-after.pdf");
        ok(sign(w / "unsigned.pdf", "revoked.p12", w / "revoked-before.pdf", {"--signing-time", in_2022}),
           "revoked-before.pdf");
        ok(run({"ltv", (w / "good.pdf").string(), "--trust", k("ca.pem"), "--crl", k("inter.crl"), "--crl",
                k("root.crl"), "-o", (w / "ltv.pdf").string()}),
           "ltv");
        fs::rename(w, done);
        return done;
    }

    static test::RunResult run(std::vector<std::string> args) { return test::run_tertial(std::move(args)); }
    static std::string k(const std::string& name) { return (keys_ / name).string(); }
    static test::RunResult sign(const fs::path& in, const std::string& p12, const fs::path& out,
                                std::vector<std::string> extra = {}, const std::string& signer = "forvaltningschef") {
        std::vector<std::string> args = {"sign", in.string(), "--signer", signer, "--p12", k(p12), "-o", out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        PasswordGiven given(p12 == "ec-legacy.p12" ? "hemligt-2" : "hemligt-1");
        return run(args);
    }
    static test::RunResult verify(const fs::path& pdf, std::vector<std::string> extra) {
        std::vector<std::string> args = {"verify", pdf.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
    static nlohmann::json verify_json(const fs::path& pdf, std::vector<std::string> extra, int& code) {
        extra.push_back("--json");
        auto r = verify(pdf, extra);
        code = r.exit_code;
        try {
            return nlohmann::json::parse(r.out);
        } catch (const std::exception&) {
            ADD_FAILURE() << "no JSON:\n" << r.out << r.err;
            return {};
        }
    }

    static void SetUpTestSuite() {
        unsetenv("TERTIAL_P12_PASSWORD");
        try {
            keys_ = pki();
            dir_ = make_fixture();
            tmp_ = fs::temp_directory_path() / ("tertial-trust-" + std::to_string(::getpid()));
            fs::remove_all(tmp_);
            fs::create_directories(tmp_);
        } catch (const std::exception& e) {
            error_ = e.what();
        }
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        if (!tmp_.empty()) fs::remove_all(tmp_, ec);
    }
    void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

    static fs::path pdf(const std::string& name) { return dir_ / name; }
    static fs::path out(const std::string& name) { return tmp_ / name; }

    static inline fs::path keys_, dir_, tmp_;
    static inline std::string error_;
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---- point 3: the signing time -----------------------------------------------------------

TEST_F(SignTrust, TheClocksTimeAndATimeSetByHandAreToldApart) {
    auto clock = verify(pdf("good.pdf"), {});
    EXPECT_EQ(clock.exit_code, 0) << clock.out << clock.err;
    EXPECT_TRUE(has(clock.out, "(the signer's computer clock, as the signer claims; no trusted timestamp)")) << clock.out;
    auto by_hand = verify(pdf("good-2020.pdf"), {});
    EXPECT_TRUE(has(by_hand.out, "time:        2020-05-12 10:31:00 +02:00 (SET BY HAND with --signing-time, not the "
                                 "signer's clock; a claim, no trusted timestamp)"))
        << by_hand.out;
    int code = -1;
    EXPECT_EQ(verify_json(pdf("good.pdf"), {}, code)["signatures"][0]["time_source"], "clock");
    EXPECT_EQ(verify_json(pdf("good-2020.pdf"), {}, code)["signatures"][0]["time_source"], "set_by_hand");
    // The record is signed: it is inside the signed bytes, beside /M.
    std::string bytes = slurp(pdf("good-2020.pdf"));
    // One /App dictionary holds both of Tertial's records (the source check too).
    EXPECT_TRUE(has(bytes, "/Prop_Build << /App << /Name /Tertial /TertialSource /built /TimeSource /Manual >> >>"));
    EXPECT_TRUE(has(slurp(pdf("good.pdf")), "/TimeSource /Clock"));
}

TEST_F(SignTrust, TheEnvironmentNoLongerSetsTheTime) {
    setenv("TERTIAL_SIGNING_TIME", in_2020, 1);
    auto r = sign(pdf("unsigned.pdf"), "good.p12", out("env.pdf"));
    unsetenv("TERTIAL_SIGNING_TIME");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(has(r.out, "2020-05-12")) << r.out;
    EXPECT_FALSE(has(slurp(out("env.pdf")), "/M (D:20200512")) << "TERTIAL_SIGNING_TIME was honoured";
}

TEST_F(SignTrust, ACertificateNotValidByTheClockIsRefusedWhateverTimeIsClaimed) {
    // short.pem was valid on 2020-05-12, but has expired since.
    auto r = run({"sign", pdf("unsigned.pdf").string(), "--signer", "forvaltningschef", "--cert", k("short.pem"),
                  "--key", k("rsa.key"), "--signing-time", in_2020, "-o", out("short.pdf").string()});
    EXPECT_EQ(r.exit_code, 5);
    EXPECT_EQ(r.err,
              "tertial sign: error: the certificate (O=Testkommun,CN=Helén Eurenius) is valid 2019-01-01 – 2020-06-01: "
              "it has expired by the computer's clock; nothing written\n");
    EXPECT_FALSE(fs::exists(out("short.pdf")));
    // Valid by the clock, but not at the time claimed by hand.
    auto early = sign(pdf("unsigned.pdf"), "good.p12", out("early.pdf"), {"--signing-time", "2018-06-01T12:00:00Z"});
    EXPECT_EQ(early.exit_code, 5);
    EXPECT_EQ(early.err,
              "tertial sign: error: the certificate (O=Testkommun,CN=Helén Eurenius) is valid 2019-01-01 – 2039-01-01: "
              "it is not valid yet at the signing time 2018-06-01 12:00:00 +00:00; nothing written\n");
    EXPECT_FALSE(fs::exists(out("early.pdf")));
}

// ---- point 4: trust anchors --------------------------------------------------------------

TEST_F(SignTrust, TheIssuingIntermediateAloneIsEnoughAsAnchor) {
    auto r = verify(pdf("good.pdf"), {"--trust", k("inter.pem")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "trusted: chains to O=Testkommun,CN=Testkommun Issuing CA")) << r.out;
    // And pdfsig, which the issue compares with, agrees the signature is valid.
    auto pdfsig = sh("pdfsig " + shell_quote(pdf("good.pdf").string()));
    EXPECT_TRUE(has(pdfsig.out, "Signature Validation: Signature is Valid.")) << pdfsig.out;
    // The root as the anchor: the chain runs through the intermediate.
    int code = -1;
    auto j = verify_json(pdf("good.pdf"), {"--trust", k("ca.pem")}, code);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(j["signatures"][0]["chain"]["certificates"].size(), 3u) << j.dump(2);
}

TEST_F(SignTrust, AnUnrelatedCaIsRefused) {
    auto r = verify(pdf("good.pdf"), {"--trust", k("other-ca.pem")});
    EXPECT_EQ(r.exit_code, 8) << r.out;
    EXPECT_TRUE(has(r.out, "not trusted: does not chain to any of the given trust anchors")) << r.out;
    // Nor does a certificate with the issuing CA's name but another key count.
    auto fake = verify(pdf("good.pdf"), {"--trust", k("fake.pem")});
    EXPECT_EQ(fake.exit_code, 8) << fake.out;
}

TEST_F(SignTrust, SeveralTrustFilesAndADirectoryOfThem) {
    auto several = verify(pdf("good.pdf"), {"--trust", k("other-ca.pem"), "--trust", k("inter.pem")});
    EXPECT_EQ(several.exit_code, 0) << several.out << several.err;
    auto dir = verify(pdf("good.pdf"), {"--trust", k("anchors")});
    EXPECT_EQ(dir.exit_code, 0) << dir.out << dir.err;
    EXPECT_TRUE(has(dir.out, "chains to O=Testkommun,CN=Testkommun Test CA")) << dir.out;
    // A DER certificate does as well as PEM.
    ASSERT_EQ(sh("openssl x509 -in " + shell_quote(k("inter.pem")) + " -outform DER -out " +
                 shell_quote(out("inter.der").string()))
                  .exit_code,
              0);
    auto der = verify(pdf("good.pdf"), {"--trust", out("inter.der").string()});
    EXPECT_EQ(der.exit_code, 0) << der.out << der.err;
    // The help says so.
    auto help = run({"verify", "--help"});
    EXPECT_TRUE(has(help.out, "partial chains")) << help.out;
    EXPECT_TRUE(has(help.out, "a directory of them")) << help.out;
}

// ---- point 6: revocation ------------------------------------------------------------------

TEST_F(SignTrust, WithoutCrlsRevocationIsNotCheckedAndVerifySaysSo) {
    auto r = verify(pdf("revoked-after.pdf"), {"--trust", k("ca.pem")});
    EXPECT_EQ(r.exit_code, 0) << "no CRL: nothing shows the revocation";
    EXPECT_TRUE(has(r.out, "revocation:  not checked: no CRLs (give them with --crl, or add them to the PDF with "
                           "tertial ltv)"))
        << r.out;
}

TEST_F(SignTrust, AGoodCertificateIsNotRevokedByTheIssuersCrls) {
    auto r = verify(pdf("good.pdf"), {"--trust", k("ca.pem"), "--crl", k("inter.crl"), "--crl", k("root.crl")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "revocation:  not revoked, by the CRLs given (--crl): Helén Eurenius: not revoked as of "
                           "2024-01-01 00:00:00 +00:00 (the CRL in " +
                               k("inter.crl") + "); Testkommun Issuing CA: not revoked as of"))
        << r.out;
    // DER does as well, and with the intermediate as anchor only its CRL is needed.
    auto der = verify(pdf("good.pdf"), {"--trust", k("inter.pem"), "--crl", k("inter.der.crl")});
    EXPECT_EQ(der.exit_code, 0) << der.out << der.err;
    // With the root as anchor, the intermediate needs the root's CRL too.
    auto missing = verify(pdf("good.pdf"), {"--trust", k("ca.pem"), "--crl", k("inter.crl")});
    EXPECT_EQ(missing.exit_code, 8) << missing.out;
    EXPECT_TRUE(has(missing.out, "Testkommun Issuing CA: no CRL from its issuer (O=Testkommun,CN=Testkommun Test CA)"))
        << missing.out;
}

TEST_F(SignTrust, ARevokedCertificateIsReportedWithItsDateBeforeOrAfterTheSigningTime) {
    int code = -1;
    auto after = verify_json(pdf("revoked-after.pdf"), {"--trust", k("inter.pem"), "--crl", k("inter.crl")}, code);
    EXPECT_EQ(code, 8);
    ASSERT_EQ(after["signatures"].size(), 1u) << after.dump(2);
    const auto a = after["signatures"][0]["revocation"];
    ASSERT_EQ(a["certificates"].size(), 1u) << a.dump(2);
    EXPECT_EQ(a["status"], "revoked") << a.dump(2);
    EXPECT_EQ(a["certificates"][0]["revoked_at"], "2021-01-01 00:00:00 +00:00");
    EXPECT_EQ(a["certificates"][0]["reason"], "keyCompromise");
    EXPECT_EQ(a["certificates"][0]["revoked_before_signing"], false);
    auto text = verify(pdf("revoked-after.pdf"), {"--trust", k("inter.pem"), "--crl", k("inter.crl")});
    EXPECT_TRUE(has(text.out, "REVOKED: Helén Eurenius was revoked on 2021-01-01 00:00:00 +00:00 (keyCompromise), "
                              "after the signing time it claims (which a signature without a trusted timestamp cannot "
                              "prove)"))
        << text.out;
    auto before = verify(pdf("revoked-before.pdf"), {"--trust", k("inter.pem"), "--crl", k("inter.crl")});
    EXPECT_EQ(before.exit_code, 8);
    EXPECT_TRUE(has(before.out, "was revoked on 2021-01-01 00:00:00 +00:00 (keyCompromise), before the signing time "
                                "it claims"))
        << before.out;
}

TEST_F(SignTrust, AnExpiredAWrongIssuersAndAForgedCrlAreNotUsedAndSaidSo) {
    auto expired = verify(pdf("good-2020.pdf"), {"--trust", k("inter.pem"), "--crl", k("inter-expired.crl")});
    EXPECT_EQ(expired.exit_code, 8) << expired.out;
    EXPECT_TRUE(has(expired.out, "UNKNOWN, from the CRLs given (--crl): Helén Eurenius: no usable CRL: the CRL in " +
                                     k("inter-expired.crl") +
                                     " issued 2020-05-01 had expired before the signing time 2020-05-12 10:31:00 "
                                     "+02:00 (its next update was due 2020-05-08)"))
        << expired.out;
    auto other = verify(pdf("good.pdf"), {"--trust", k("inter.pem"), "--crl", k("other.crl")});
    EXPECT_EQ(other.exit_code, 8) << other.out;
    EXPECT_TRUE(has(other.out, "no CRL from its issuer (O=Testkommun,CN=Testkommun Issuing CA); the CRLs at hand are "
                               "from O=Annan kommun,CN=Annan CA"))
        << other.out;
    auto forged = verify(pdf("good.pdf"), {"--trust", k("inter.pem"), "--crl", k("forged.crl")});
    EXPECT_EQ(forged.exit_code, 8) << forged.out;
    EXPECT_TRUE(has(forged.out, "but its signature does not verify with that certificate's key")) << forged.out;
    // A fresh CRL beside the expired one decides.
    auto both = verify(pdf("good-2020.pdf"),
                       {"--trust", k("inter.pem"), "--crl", k("inter-expired.crl"), "--crl", k("inter.crl")});
    EXPECT_EQ(both.exit_code, 0) << both.out;
}

// ---- point 6: ltv, the DSS --------------------------------------------------------------------

TEST_F(SignTrust, LtvAddsADssThatVerifyReadsAndKeepsEverySignatureValid) {
    std::string before = slurp(pdf("good.pdf")), after = slurp(pdf("ltv.pdf"));
    ASSERT_GT(after.size(), before.size());
    EXPECT_TRUE(after.compare(0, before.size(), before) == 0) << "an incremental update";
    EXPECT_TRUE(has(after, "/DSS "));
    EXPECT_TRUE(has(after, "/VRI"));

    auto r = verify(pdf("ltv.pdf"), {"--trust", k("ca.pem")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "after it:    only validation data (DSS: certificates and CRLs)")) << r.out;
    EXPECT_TRUE(has(r.out, "revocation:  not revoked, by the CRLs of the PDF's DSS: ")) << r.out;
    EXPECT_TRUE(has(r.out, "(the CRL in the PDF's DSS)")) << r.out;
    // --crl replaces the DSS's CRLs.
    int code = -1;
    auto j = verify_json(pdf("ltv.pdf"), {"--trust", k("ca.pem"), "--crl", k("other.crl")}, code);
    EXPECT_EQ(code, 8);
    EXPECT_EQ(j["signatures"][0]["revocation"]["source"], "--crl");
    EXPECT_EQ(j["signatures"][0]["after"]["validation_data"], true);

    auto pdfsig = sh("pdfsig " + shell_quote(pdf("ltv.pdf").string()));
    EXPECT_TRUE(has(pdfsig.out, "Signature Validation: Signature is Valid.")) << pdfsig.out;
    EXPECT_FALSE(has(pdfsig.out, "Signature Validation: Signature is Invalid")) << pdfsig.out;
    auto check = sh("qpdf --check " + shell_quote(pdf("ltv.pdf").string()));
    EXPECT_EQ(check.exit_code, 0) << check.out;
    // The DSS as qpdf reads it: three certificates, two CRLs.
    auto dss = sh("qpdf --show-object=trailer --json --json-key=qpdf " + shell_quote(pdf("ltv.pdf").string()) +
                  " | grep -c '\"/Certs\"'");
    EXPECT_NE(dss.out, "0\n") << dss.out;
}

TEST_F(SignTrust, LtvKeepsPdfaValid) {
    const std::string jars = "/usr/share/java/";
    std::string cp;
    for (const char* jar :
         {"preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"}) {
        if (!fs::exists(jars + jar + ".jar")) GTEST_SKIP() << jars << jar << ".jar missing (libpdfbox2-java)";
        cp += (cp.empty() ? "" : ":") + jars + jar + ".jar";
    }
    // The findings PDF/A-1b preflight has for every Tertial PDF: PDF/A-1
    // rules that PDF/A-3 lifts (as in pdf_examples_test and sign_test).
    const std::vector<std::pair<std::string, std::string>> part1_only = {
        {"1.4.7", "EmbeddedFile entry is present in the Names dictionary"},
        {"1.2.9", "EmbeddedFile entry is present in a FileSpecification dictionary"},
        {"1.4", "/XRef cross reference streams are not allowed"},
        {"3.1.11", "The CIDSet entry is missing for the Composite Subset"},
        {"7.11.2", "part must be 1"},
    };
    const std::regex finding(R"(^(\d+(?:\.\d+)*) : (.*)$)");
    auto r = sh("java -cp " + shell_quote(cp) + " org.apache.pdfbox.preflight.Validator_A1b " +
                shell_quote(pdf("ltv.pdf").string()));
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 255) << r.out;
    std::istringstream lines(r.out);
    int findings = 0;
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_match(line, m, finding)) continue;
        ++findings;
        bool allowed = std::any_of(part1_only.begin(), part1_only.end(), [&](const auto& a) {
            return m[1] == a.first && m[2].str().find(a.second) != std::string::npos;
        });
        EXPECT_TRUE(allowed) << line;
    }
    EXPECT_GT(findings, 0) << "preflight read nothing:\n" << r.out;
}

TEST_F(SignTrust, ASecondSignatureAfterLtvAndASecondLtvKeepEverythingValid) {
    auto second = sign(pdf("ltv.pdf"), "ec-legacy.p12", out("ltv-twice.pdf"), {}, "ekonomichef");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    // The DSS's CRLs cover the second chain too (the CA's CRL).
    auto r = verify(out("ltv-twice.pdf"), {"--trust", k("ca.pem")});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_TRUE(has(r.out, "only later signatures (ekonomichef) and validation data (DSS: certificates and CRLs)"))
        << r.out;
    auto again = run({"ltv", out("ltv-twice.pdf").string(), "--trust", k("ca.pem"), "--crl", k("inter.crl"), "--crl",
                      k("root.crl"), "-o", out("ltv-again.pdf").string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, "added validation data for 2 signatures (4 certificates, 2 CRLs, from --crl); wrote " +
                             out("ltv-again.pdf").string() + "\n");
    auto ok = verify(out("ltv-again.pdf"), {"--trust", k("ca.pem")});
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    auto pdfsig = sh("pdfsig " + shell_quote(out("ltv-again.pdf").string()));
    std::size_t valid = 0;
    for (std::size_t at = pdfsig.out.find("Signature is Valid."); at != std::string::npos;
         at = pdfsig.out.find("Signature is Valid.", at + 1))
        ++valid;
    EXPECT_EQ(valid, 2u) << pdfsig.out;
    EXPECT_EQ(sh("qpdf --check " + shell_quote(out("ltv-again.pdf").string())).exit_code, 0);
}

TEST_F(SignTrust, LtvRefusesARevokedCertificateAMissingCrlAndWritesNothing) {
    auto revoked = run({"ltv", pdf("revoked-after.pdf").string(), "--trust", k("ca.pem"), "--crl", k("inter.crl"),
                        "--crl", k("root.crl"), "-o", out("x.pdf").string()});
    EXPECT_EQ(revoked.exit_code, 8);
    EXPECT_TRUE(has(revoked.err, "signature 'forvaltningschef': REVOKED: Helén Eurenius was revoked on 2021-01-01"))
        << revoked.err;
    EXPECT_FALSE(fs::exists(out("x.pdf")));
    auto missing = run({"ltv", pdf("good.pdf").string(), "--trust", k("ca.pem"), "--crl", k("inter.crl"), "-o",
                        out("x.pdf").string()});
    EXPECT_EQ(missing.exit_code, 8);
    EXPECT_TRUE(has(missing.err, "give the CRL of each certificate's issuer with --crl")) << missing.err;
    EXPECT_FALSE(fs::exists(out("x.pdf")));
    auto untrusted = run({"ltv", pdf("good.pdf").string(), "--trust", k("other-ca.pem"), "--crl", k("other.crl"),
                          "-o", out("x.pdf").string()});
    EXPECT_EQ(untrusted.exit_code, 8);
    EXPECT_FALSE(fs::exists(out("x.pdf")));
}

// Validation data that is not what it says is a change after signing: the
// library's own check refuses to write it, and a DSS entry carrying
// something else is reported by verify.
TEST_F(SignTrust, ADssEntryThatIsNotACertificateIsAChange) {
    pdf::ValidationData data;
    data.certificates.push_back("BT /F1 12 Tf (Signed by someone else) Tj ET");
    try {
        pdf::add_validation_data(slurp(pdf("good.pdf")), data);
        ADD_FAILURE() << "wrote a DSS with a content stream in /Certs";
    } catch (const std::runtime_error& e) {
        EXPECT_TRUE(has(e.what(), "is not only validation data: an entry of /Certs (object ")) << e.what();
        EXPECT_TRUE(has(e.what(), "is not what /Certs holds")) << e.what();
    }
}

// A hand-made file: a signed revision (its CMS is not real: only what
// changed after it is looked at here) whose catalog may refer to object 7,
// which does not exist yet, then an update that adds a DSS with object 7
// as its certificate. Filling an object number the signed revision already
// referred to is the shadow attack's move: never validation data.
std::string signed_revision_then_dss(const std::string& certificate_der, bool dangling) {
    std::string pdf = "%PDF-1.7\n";
    std::vector<std::size_t> at(6, 0);
    auto object = [&](int n, const std::string& body) {
        at[static_cast<std::size_t>(n)] = pdf.size();
        pdf += std::to_string(n) + " 0 obj\n" + body + "\nendobj\n";
    };
    std::string catalog = "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >>" +
                          std::string(dangling ? " /Extra 7 0 R" : "");
    object(1, catalog + " >>");
    object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>");
    object(4, "<< /FT /Sig /T (s) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /F 132 /V 5 0 R >>");
    std::string contents = "<" + std::string(64, '0') + ">";
    std::string range_placeholder(40, ' ');
    object(5, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange " + range_placeholder +
                  " /Contents " + contents + " >>");
    std::size_t gap = pdf.find(contents), range_at = pdf.find(range_placeholder);
    auto xref = [&](const std::vector<std::pair<int, std::size_t>>& entries, const std::string& trailer) {
        std::size_t start = pdf.size();
        pdf += "xref\n";
        for (const auto& [n, offset] : entries) {
            char line[32];
            std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", offset);
            pdf += std::to_string(n) + " 1\n" + line;
        }
        pdf += "trailer\n" + trailer + "\nstartxref\n" + std::to_string(start) + "\n%%EOF\n";
    };
    std::size_t first_xref = pdf.size();
    pdf += "xref\n0 6\n0000000000 65535 f\r\n";
    for (int n = 1; n <= 5; ++n) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", at[static_cast<std::size_t>(n)]);
        pdf += line;
    }
    pdf += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(first_xref) + "\n%%EOF\n";
    std::size_t end = pdf.size(), after_gap = gap + contents.size();
    std::string range = "[0 " + std::to_string(gap) + " " + std::to_string(after_gap) + " " +
                        std::to_string(end - after_gap) + "]";
    pdf.replace(range_at, range.size(), range);
    // The update: object 7 a certificate, object 8 the DSS, the catalog with /DSS.
    std::size_t seven = pdf.size();
    pdf += "7 0 obj\n<< /Length " + std::to_string(certificate_der.size()) + " >>\nstream\n" + certificate_der +
           "\nendstream\nendobj\n";
    std::size_t eight = pdf.size();
    pdf += "8 0 obj\n<< /Certs [7 0 R] >>\nendobj\n";
    std::size_t one = pdf.size();
    pdf += "1 0 obj\n" + catalog + " /DSS 8 0 R >>\nendobj\n";
    xref({{1, one}, {7, seven}, {8, eight}},
         "<< /Size 9 /Root 1 0 R /Prev " + std::to_string(first_xref) + " >>");
    return pdf;
}

TEST_F(SignTrust, ADssThatFillsAnObjectTheSignedRevisionReferredToIsAChange) {
    ASSERT_EQ(sh("openssl x509 -in " + shell_quote(k("ca.pem")) + " -outform DER -out " +
                 shell_quote(out("ca.der").string()))
                  .exit_code,
              0);
    std::string der = slurp(out("ca.der"));
    pdf::ParsedPdf clean = pdf::parse_signed_pdf(signed_revision_then_dss(der, false));
    ASSERT_EQ(clean.signatures.size(), 1u) << clean.error;
    EXPECT_TRUE(clean.signatures[0].covers_revision) << clean.signatures[0].coverage_problem;
    EXPECT_TRUE(clean.signatures[0].changes.empty()) << clean.signatures[0].changes.front();
    EXPECT_TRUE(clean.signatures[0].later_validation_data);
    EXPECT_EQ(clean.dss_certificates, std::vector<std::string>{der});

    pdf::ParsedPdf shadow = pdf::parse_signed_pdf(signed_revision_then_dss(der, true));
    ASSERT_EQ(shadow.signatures.size(), 1u) << shadow.error;
    EXPECT_EQ(shadow.signatures[0].later, pdf::Later::other_changes);
    std::string all;
    for (const auto& c : shadow.signatures[0].changes) all += c + "\n";
    EXPECT_TRUE(has(all, "the validation data (DSS) added after it is not only validation data: an entry of /Certs is "
                         "object 7, which the signed revision already referred to"))
        << all;
}

}  // namespace
}  // namespace tertial
