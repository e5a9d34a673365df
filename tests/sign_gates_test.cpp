// What tertial sign refuses, with its message and nothing written, and the
// gates before a signature: a draft signed only with --draft, a certificate
// that is not the field's signatory only with --on-behalf-of.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sign_fixture.hpp"

namespace tertial {
namespace {

using namespace test::signing;

// ---- refusals: a clear message, non-zero, nothing written -------------------------------

struct Refusal {
    std::string name;
    std::vector<std::string> args;  // after "sign REPORT.pdf"; OUT is replaced by the output path
    const char* password;           // TERTIAL_P12_PASSWORD, or nullptr
    int exit_code;
    std::string message;
};

TEST_F(Sign, BadRequestsAreRefusedAndWriteNothing) {
    auto k = [&](const char* f) { return (keys_ / f).string(); };
    std::vector<Refusal> cases = {
        {"wrong password",
         {"--signer", "forvaltningschef", "--p12", k("rsa.p12"), "-o", "OUT"},
         "fel",
         5,
         "rsa.p12: wrong password"},
        {"expired certificate",
         {"--signer", "forvaltningschef", "--cert", k("expired.pem"), "--key", k("rsa.key"), "-o", "OUT"},
         nullptr,
         5,
         "is valid 2018-01-01 – 2019-12-31: it has expired by the computer's clock"},
        {"key not matching the certificate",
         {"--signer", "forvaltningschef", "--cert", k("rsa.pem"), "--key", k("stranger.key"), "-o", "OUT"},
         nullptr,
         5,
         "stranger.key: the private key does not belong to the certificate"},
        {"not a signatory",
         {"--signer", "kommundirektor", "--p12", k("rsa.p12"), "-o", "OUT"},
         "hemligt-1",
         2,
         "'kommundirektor' is not among the report's signatories (forvaltningschef, ekonomichef)"},
        {"misspelt signatory",
         {"--signer", "ekonomichf", "--p12", k("rsa.p12"), "-o", "OUT"},
         "hemligt-1",
         2,
         "did you mean 'ekonomichef'?"},
        {"no key",
         {"--signer", "forvaltningschef", "-o", "OUT"},
         nullptr,
         2,
         "give either --p12 FILE, both --cert FILE and --key FILE, or --pkcs11 MODULE --token LABEL"},
        {"not a PKCS#12 file",
         {"--signer", "forvaltningschef", "--p12", k("ca.pem"), "-o", "OUT"},
         "x",
         5,
         "not a PKCS#12 file"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        fs::path out = path("refused.pdf");
        std::vector<std::string> args = {"sign", s_->unsigned_pdf.string()};
        for (auto a : c.args) args.push_back(a == "OUT" ? out.string() : a);
        std::optional<test::PasswordGiven> given;
        if (c.password) given.emplace(c.password);
        auto r = run_tertial(args);
        given.reset();
        EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(out));
    }
}

// Seed 001 names its ordförande as a signatory, but its cover letter lists
// no signatures, so its PDF has no field to sign.
TEST_F(Sign, ASignatoryWithoutAFieldIsToldHowToGetOne) {
    fs::path plan = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-verksamhetsplan-2022.json";
    auto built = run_tertial({"build", "--format", "pdf", plan.string(), "--out", s_->dir.string()});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    auto r = sign_as("ordforande", "rsa.p12", "hemligt-1", s_->dir / "san-verksamhetsplan-2022.pdf", path("plan.pdf"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(
        r.err.find("'ordforande' (Magnus Rönnerfjäll) is a signatory of the report but has no signature field: list "
                   "the id in cover_letter.signatures and build the PDF again"),
        std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(path("plan.pdf")));
}

TEST_F(Sign, TheInputIsNeverTheOutputAndNeverChanges) {
    std::string before = slurp(s_->once);
    // The same file, named two ways.
    for (const auto& out : {s_->once.string(), (s_->dir / "." / "once.pdf").string()}) {
        auto r = sign_as("ekonomichef", "ec-legacy.p12", "hemligt-2", s_->once, out);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find("is the input; choose another output file"), std::string::npos) << r.err;
    }
    EXPECT_TRUE(slurp(s_->once) == before);
    // An existing output needs --force.
    spit(path("exists.pdf"), "keep me");
    auto r = sign_as("ekonomichef", "ec-legacy.p12", "hemligt-2", s_->once, path("exists.pdf"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(slurp(path("exists.pdf")), "keep me");
    // A field already signed.
    auto again = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", s_->once, path("again.pdf"));
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("Helén Eurenius (Förvaltningschef) has already signed"), std::string::npos) << again.err;
    EXPECT_FALSE(fs::exists(path("again.pdf")));
    // The temporary files of the atomic write are gone.
    for (const auto& e : fs::directory_iterator(s_->dir))
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

// ---- gates: drafts, and a certificate that is not the field's signatory ----------------------

// Seed 000 with `find` replaced by `replace`, built into the test's directory.
fs::path build_variant(const fs::path& dir, const std::string& name, const std::string& find, const std::string& replace) {
    std::string text = slurp(seed);
    auto at = text.find(find);
    if (at == std::string::npos) throw std::runtime_error("not in seed 000: " + find);
    text.replace(at, find.size(), replace);
    fs::create_directories(dir / "variants");
    spit(dir / "variants" / (name + ".json"), text);
    auto built = run_tertial({"build", "--format", "pdf", (dir / "variants" / (name + ".json")).string(), "--out",
                              (dir / "variants").string()});
    if (built.exit_code != 0) throw std::runtime_error("build failed: " + built.out + built.err);
    return dir / "variants" / (name + ".pdf");
}

TEST_F(Sign, ADraftIsSignedOnlyWithDraftAndTheSignatureSaysSo) {
    const std::string status = "\"status\": \"faststalld\"", utkast = "\"status\": \"utkast\"";
    const std::string paragraph = "\"type\": \"paragraph\",";
    const std::string to_write = "\"type\": \"paragraph\", \"todo\": \"Läget i april\",";
    struct Draft {
        std::string name, find, replace, why;
    };
    for (const Draft& d : std::vector<Draft>{
             // A draft's to-dos include its eight goals still "ej bedömd".
             {"utkast", status, utkast, "its status is \"utkast\" and it has 8 open to-dos"},
             {"todo", paragraph, to_write, "it has 1 open to-do"},
         }) {
        SCOPED_TRACE(d.name);
        fs::path pdf = build_variant(s_->dir, d.name, d.find, d.replace);
        auto refused = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", pdf, path(d.name + "-signed.pdf"));
        EXPECT_EQ(refused.exit_code, 1);
        EXPECT_EQ(refused.err, pdf.string() + ": error: the report is a draft: " + d.why +
                                   " (`tertial check --todo` on its JSON lists what is left); finish it and build the "
                                   "PDF again, or sign it as a draft with --draft; nothing written\n");
        EXPECT_FALSE(fs::exists(path(d.name + "-signed.pdf")));
    }
    // Both, signed as a draft.
    std::string text = slurp(seed);
    text.replace(text.find(status), status.size(), utkast);
    text.replace(text.find(paragraph), paragraph.size(), to_write);
    spit(s_->dir / "variants/both.json", text);
    ASSERT_EQ(run_tertial({"build", "--format", "pdf", (s_->dir / "variants/both.json").string(), "--out",
                           (s_->dir / "variants").string()})
                  .exit_code,
              0);
    fs::path pdf = s_->dir / "variants/both.pdf";
    auto refused = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", pdf, path("both-signed.pdf"));
    EXPECT_NE(refused.err.find("the report is a draft: its status is \"utkast\" and it has 9 open to-dos ("),
              std::string::npos)
        << refused.err;
    auto r = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", pdf, path("both-signed.pdf"), {"--draft"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "signed field 'forvaltningschef' as Helén Eurenius (Förvaltningschef, RSA 2048 bits) at 2020-05-12 "
                     "10:31:00 +02:00 (set by hand), as a draft (its status is \"utkast\" and it has 9 open to-dos); wrote " +
                         path("both-signed.pdf").string() + "\n");
    auto text_out = verify(path("both-signed.pdf"));
    EXPECT_EQ(text_out.exit_code, 0) << text_out.out;
    EXPECT_NE(text_out.out.find("  reason:      Underskrift som Förvaltningschef; utkast: status utkast, 9 punkter kvar "
                                "att göra\n  draft:       signed as a draft (status utkast, 9 punkter kvar att göra)\n"),
              std::string::npos)
        << text_out.out;
    int code = -1;
    auto j = verify_json(path("both-signed.pdf"), code);
    EXPECT_EQ(j["signatures"][0]["draft"], "status utkast, 9 punkter kvar att göra");
    // The page says so too, in the signature box, for a reader who never opens the signature's details.
    auto page = sh("pdftotext -f 2 -l 2 " + shell_quote(path("both-signed.pdf").string()) + " -");
    EXPECT_NE(page.out.find("Digitalt signerad av Helén Eurenius"), std::string::npos) << page.out;
    EXPECT_NE(page.out.find("\nUtkast\n"), std::string::npos) << page.out;
    EXPECT_EQ(j["signatures"][0]["signer_matches_field"], true);
    EXPECT_TRUE(j["signatures"][0]["on_behalf_of"].is_null());
    EXPECT_EQ(pdfsig_valid(path("both-signed.pdf")), std::vector<bool>{true});
    // --draft on a report that is not one.
    auto not_draft = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", s_->unsigned_pdf, path("x.pdf"), {"--draft"});
    EXPECT_EQ(not_draft.exit_code, 2);
    EXPECT_EQ(not_draft.err, "tertial sign: error: --draft: the report in " + s_->unsigned_pdf.string() +
                                 " is not a draft (its status is \"faststalld\" and nothing is left to do); sign it "
                                 "without --draft\n");
    EXPECT_FALSE(fs::exists(path("x.pdf")));
}

TEST_F(Sign, AnotherPersonsCertificateSignsAFieldOnlyOnBehalfWithAReason) {
    auto sign_with_ec = [&](const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args = {"sign", s_->unsigned_pdf.string(), "--signer", "forvaltningschef", "--cert",
                                         (keys_ / "ec.pem").string(), "--key", (keys_ / "ec.key").string(), "-o",
                                         path(out).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_tertial(args);
    };
    auto refused = sign_with_ec("behalf.pdf", {});
    EXPECT_EQ(refused.exit_code, 5);
    EXPECT_EQ(refused.err,
              "tertial sign: error: the certificate is issued to 'Mikael Hedström', not to Helén Eurenius, whose field "
              "'forvaltningschef' this is (Förvaltningschef); sign with Helén Eurenius's own certificate, or give the "
              "reason you sign in their place with --on-behalf-of \"REASON\"; nothing written\n");
    EXPECT_FALSE(fs::exists(path("behalf.pdf")));
    auto blank = sign_with_ec("behalf.pdf", {"--on-behalf-of", " "});
    EXPECT_EQ(blank.exit_code, 2);
    EXPECT_EQ(blank.err, "tertial sign: error: --on-behalf-of needs a reason: why you sign in the signatory's place\n");

    auto r = sign_with_ec("behalf.pdf", {"--on-behalf-of", "Semester vecka 19; beslut om ersättare 2020-05-04"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "signed field 'forvaltningschef' as Mikael Hedström (Förvaltningschef, ECDSA P-256) at 2020-05-12 "
                     "10:31:00 +02:00 (set by hand), in place of Helén Eurenius; wrote " +
                         path("behalf.pdf").string() + "\n");
    auto text = verify(path("behalf.pdf"));
    EXPECT_EQ(text.exit_code, 0) << text.out;
    EXPECT_NE(text.out.find("  reason:      Underskrift som Förvaltningschef; i stället för Helén Eurenius: Semester "
                            "vecka 19; beslut om ersättare 2020-05-04\n"
                            "  on behalf:   Mikael Hedström signed in place of Helén Eurenius: Semester vecka 19; "
                            "beslut om ersättare 2020-05-04\n"),
              std::string::npos)
        << text.out;
    EXPECT_EQ(text.out.find("MISMATCH"), std::string::npos) << text.out;
    auto page = sh("pdftotext -f 2 -l 2 " + shell_quote(path("behalf.pdf").string()) + " -");
    EXPECT_NE(page.out.find("Digitalt signerad av Mikael Hedström"), std::string::npos) << page.out;
    EXPECT_NE(page.out.find("I stället för Helén Eurenius"), std::string::npos) << page.out;
    int code = -1;
    auto j = verify_json(path("behalf.pdf"), code);
    EXPECT_EQ(j["signatures"][0]["signer_matches_field"], false);
    EXPECT_EQ(j["signatures"][0]["on_behalf_of"],
              (nlohmann::json{{"name", "Helén Eurenius"}, {"reason", "Semester vecka 19; beslut om ersättare 2020-05-04"}}));

    // The certificate's own holder needs no reason, and may not give one.
    auto own = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", s_->unsigned_pdf, path("own.pdf"),
                       {"--on-behalf-of", "Semester"});
    EXPECT_EQ(own.exit_code, 2);
    EXPECT_EQ(own.err, "tertial sign: error: --on-behalf-of: the certificate is issued to 'Helén Eurenius', who is the "
                       "signatory of field 'forvaltningschef'; sign without --on-behalf-of\n");
    EXPECT_FALSE(fs::exists(path("own.pdf")));
}

// A signature made elsewhere (or by an older Tertial) with someone else's
// certificate and no reason: verify flags it.
TEST_F(Sign, VerifyFlagsASignerWhoIsNotTheFieldsSignatory) {
    sign_in_process("Mikael Hedström", "ec.pem", "ec.key", "stranger.pdf", "Social- och arbetsmarknadsförvaltningen");
    auto text = verify(path("stranger.pdf"));
    EXPECT_EQ(text.exit_code, 0) << "the signature itself is intact and trusted";
    EXPECT_NE(text.out.find("  MISMATCH:    the certificate is issued to 'Mikael Hedström', not to Helén Eurenius, "
                            "whose field this is, and the signature gives no reason for signing in their place\n"),
              std::string::npos)
        << text.out;
    int code = -1;
    auto j = verify_json(path("stranger.pdf"), code);
    EXPECT_EQ(j["signatures"][0]["signer_matches_field"], false);
    EXPECT_TRUE(j["signatures"][0]["on_behalf_of"].is_null());
    // The signatures made by the signatories themselves raise nothing.
    auto twice = verify(s_->twice);
    EXPECT_EQ(twice.out.find("MISMATCH"), std::string::npos) << twice.out;
    auto k = verify_json(s_->twice, code);
    EXPECT_EQ(k["signatures"][0]["signer_matches_field"], true);
    EXPECT_EQ(k["signatures"][1]["signer_matches_field"], true);
}

TEST(SignGates, ACertificateNamesTheSignatoryWordForWord) {
    using cli::names_signatory;
    EXPECT_TRUE(names_signatory("Helén Eurenius", "Helén Eurenius"));
    EXPECT_TRUE(names_signatory("Eurenius, Helén", "Helén Eurenius"));
    EXPECT_TRUE(names_signatory("HELÉN EURENIUS", "Helén Eurenius"));
    EXPECT_TRUE(names_signatory("Helén Maria Eurenius", "Helén Eurenius"));
    EXPECT_TRUE(names_signatory("Åsa Öberg (underskrift)", "åsa öberg"));
    EXPECT_FALSE(names_signatory("Helén Eurenius", "Mikael Hedström"));
    EXPECT_FALSE(names_signatory("Helén Euren", "Helén Eurenius"));
    EXPECT_FALSE(names_signatory("Helén", "Helén Eurenius"));
    EXPECT_FALSE(names_signatory("Anyone", ""));
}

TEST(SignGates, TheReasonCarriesTheDraftAndTheOnBehalfReasonBack) {
    using namespace cli;
    DraftState draft{true, 142};
    EXPECT_EQ(draft.swedish(), "status utkast, 142 punkter kvar att göra");
    EXPECT_EQ(draft.english(), "its status is \"utkast\" and it has 142 open to-dos");
    EXPECT_EQ(signing_reason("Ekonomichef", std::nullopt, std::nullopt, ""), "Underskrift som Ekonomichef");
    std::string both = signing_reason("Ekonomichef", draft, std::string("Mikael Hedström"), "sjuk; utkast: nej");
    EXPECT_EQ(both, "Underskrift som Ekonomichef; utkast: status utkast, 142 punkter kvar att göra; i stället för "
                    "Mikael Hedström: sjuk; utkast: nej");
    ReasonParts parts = parse_reason(both);
    EXPECT_EQ(parts.draft, "status utkast, 142 punkter kvar att göra");
    EXPECT_EQ(parts.on_behalf_name, "Mikael Hedström");
    EXPECT_EQ(parts.on_behalf_reason, "sjuk; utkast: nej");
    ReasonParts plain = parse_reason("Underskrift som Ekonomichef");
    EXPECT_FALSE(plain.draft || plain.on_behalf_name || plain.on_behalf_reason);
    // The visible signature's last line.
    EXPECT_EQ(signature_note(false, std::nullopt), "");
    EXPECT_EQ(signature_note(true, std::nullopt), "Utkast");
    EXPECT_EQ(signature_note(false, std::string("Mikael Hedström")), "I stället för Mikael Hedström");
    EXPECT_EQ(signature_note(true, std::string("Mikael Hedström")), "Utkast, i stället för Mikael Hedström");
}

}  // namespace
}  // namespace tertial
