// tertial sign --pkcs11: keys on a SoftHSM2 token (Debian's softhsm2, with
// keys put there by pkcs11-tool and p11tool), signed PDFs checked by verify
// and pdfsig, and every way a card can refuse, each with its message.
// The tools are required: without them these tests fail, they never skip.
#include <gtest/gtest.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_pki.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using test::DirLock;
using test::run_shell;
using test::run_tertial;
using test::shell_quote;
using test::slurp;

const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
const std::string softhsm = "/usr/lib/softhsm/libsofthsm2.so";
const std::string spy = "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so";  // OpenSC's call logger
const std::string token = "Tertial test";

// The token: Helén's RSA key and certificate (id 01), Mikael's ECDSA P-256
// key and certificate (id 02), the CA's certificate, an RSA key with no
// certificate (id 03), and a key that wants its PIN at every signature
// (id 04). A second token holds an Ed25519 key and certificate (id 06): a
// key libp11 0.4 cannot list, nor PAdES here use. User PINs 1234.
const char* token_script = R"SH(set -e
P="$1"
M=/usr/lib/softhsm/libsofthsm2.so
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$PWD" > softhsm2.conf
export SOFTHSM2_CONF="$PWD/softhsm2.conf" GNUTLS_PIN=1234
softhsm2-util --init-token --free --label "Tertial test" --pin 1234 --so-pin 5678 >/dev/null
p11() { pkcs11-tool --module $M --token-label "Tertial test" --login --pin 1234 "$@" >/dev/null; }
for n in rsa ec ca; do openssl x509 -in "$P/$n.pem" -outform DER -out $n.der; done
p11 --write-object "$P/rsa.key" --type privkey --id 01 --label "Helén Eurenius"
p11 --write-object rsa.der --type cert --id 01 --label "Helén Eurenius"
p11 --write-object "$P/ec.key" --type privkey --id 02 --label "Mikael Hedström"
p11 --write-object ec.der --type cert --id 02 --label "Mikael Hedström"
p11 --write-object ca.der --type cert --id c0 --label "Testkommun Test CA"
p11 --write-object "$P/rsa.key" --type privkey --id 03 --label "utan certifikat"
p11 --write-object "$P/rsa.key" --type privkey --id 04 --label "PIN varje gång" --always-auth
p11 --write-object rsa.der --type cert --id 04 --label "PIN varje gång"
openssl genpkey -algorithm ed25519 -out ed.key
openssl req -new -key ed.key -subj "/O=Testkommun/CN=Edvard Edwards" -utf8 -out ed.csr
openssl x509 -req -in ed.csr -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial 77 -days 7300 -outform DER -out ed.der 2>/dev/null
softhsm2-util --init-token --free --label "Tertial ed25519" --pin 1234 --so-pin 5678 >/dev/null
p11tool --provider $M --login --write --load-privkey ed.key --label "Edvard Edwards" --id 06 "pkcs11:token=Tertial%20ed25519" >/dev/null 2>&1
pkcs11-tool --module $M --token-label "Tertial ed25519" --login --pin 1234 --write-object ed.der --type cert --id 06 --label "Edvard Edwards" >/dev/null
touch done
)SH";

class Pkcs11 : public ::testing::Test {
protected:
    // The unsigned PDF and the token are made once per tertial binary, and
    // each test works on its own copy of the token's files.
    static fs::path make_fixture() {
        for (const auto& tool : {"softhsm2-util", "pkcs11-tool", "p11tool", "pdfsig", "openssl"})
            if (run_shell(std::string("command -v ") + tool).exit_code != 0)
                throw std::runtime_error(std::string(tool) +
                                         " is missing (apt-get install softhsm2 opensc gnutls-bin poppler-utils)");
        for (const auto& lib : {softhsm, spy})
            if (!fs::exists(lib)) throw std::runtime_error(lib + " is missing (apt-get install softhsm2 opensc)");
        fs::path keys = test::pki();
        fs::path base = fs::path(TERTIAL_SIGN_FIXTURE_DIR);
        DirLock lock(base);
        fs::path done = base / ("pkcs11-" + test::file_stamp(TERTIAL_BINARY) + "-" + test::file_stamp(seed) + "-" +
                                std::to_string(std::hash<std::string>{}(token_script)));
        if (fs::exists(done / "done")) return done;
        for (const auto& e : fs::directory_iterator(base))
            if (e.path().filename().string().rfind("pkcs11-", 0) == 0) fs::remove_all(e.path());
        fs::path work = base / "pkcs11-partial";
        fs::remove_all(work);
        fs::create_directories(work);
        auto built = run_tertial({"build", "--format", "pdf", seed.string(), "--out", work.string()});
        if (built.exit_code != 0) throw std::runtime_error("build failed: " + built.out + built.err);
        fs::rename(work / "san-tertial-1-2020.pdf", work / "unsigned.pdf");
        std::ofstream(work / "token.sh", std::ios::binary) << token_script;
        auto made =
            run_shell("cd " + shell_quote(work.string()) + " && sh token.sh " + shell_quote(keys.string()) + " 2>&1");
        if (made.exit_code != 0) throw std::runtime_error("cannot make the SoftHSM token:\n" + made.out + made.err);
        fs::rename(work, done);
        return done;
    }

    void SetUp() override {
        try {
            keys_ = test::pki();
            fs::path fixture = make_fixture();
            fs::copy(fixture / "tokens", dir_.path() / "tokens", fs::copy_options::recursive);
            fs::copy_file(fixture / "unsigned.pdf", dir_.path() / "unsigned.pdf");
        } catch (const std::exception& e) {
            FAIL() << e.what();
        }
        std::ofstream(dir_.path() / "softhsm2.conf") << "directories.tokendir = " << (dir_.path() / "tokens").string()
                                                     << "\nobjectstore.backend = file\nlog.level = ERROR\n";
        setenv("SOFTHSM2_CONF", (dir_.path() / "softhsm2.conf").c_str(), 1);
        setenv("TERTIAL_PKCS11_PIN", "1234", 1);
        unsetenv("TERTIAL_P12_PASSWORD");
    }

    std::string path(const std::string& name) const { return dir_ / name; }

    test::RunResult sign(const std::string& signer, std::vector<std::string> key,
                         const std::string& in = "unsigned.pdf", const std::string& out = "signed.pdf",
                         const std::string& module = softhsm) {
        std::vector<std::string> args = {"sign", path(in), "--signer", signer, "-o", path(out), "--pkcs11", module};
        args.insert(args.end(), key.begin(), key.end());
        return run_tertial(args);
    }

    // sign() through OpenSC's pkcs11-spy, which sits between tertial and
    // SoftHSM and logs every PKCS#11 call; the log.
    std::string sign_spied(const std::string& signer, std::vector<std::string> key, test::RunResult& result) {
        setenv("PKCS11SPY", softhsm.c_str(), 1);
        setenv("PKCS11SPY_OUTPUT", path("calls.log").c_str(), 1);
        // In the sanitizer build: pkcs11-spy (a test tool, not what users
        // load) leaves its own log buffers allocated when libp11 unloads it,
        // and LeakSanitizer cannot name an unloaded module to suppress it by;
        // leak checking is off for the spied process only.
        const char* asan = std::getenv("ASAN_OPTIONS");
        std::string asan_before = asan ? asan : "";
        bool had_asan = asan != nullptr;
        setenv("ASAN_OPTIONS", (asan_before.empty() ? std::string("detect_leaks=0") : asan_before + ":detect_leaks=0").c_str(), 1);
        result = sign(signer, key, "unsigned.pdf", "signed.pdf", spy);
        if (had_asan)
            setenv("ASAN_OPTIONS", asan_before.c_str(), 1);
        else
            unsetenv("ASAN_OPTIONS");
        unsetenv("PKCS11SPY");
        unsetenv("PKCS11SPY_OUTPUT");
        return slurp(path("calls.log"));
    }
    static std::size_t count(const std::string& text, const std::string& word) {
        std::size_t n = 0;
        for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
        return n;
    }

    // pdfsig's verdict on each signature, in order.
    static std::vector<std::string> pdfsig(const std::string& pdf) {
        auto r = run_shell("pdfsig " + shell_quote(pdf));
        std::vector<std::string> out;
        const std::string label = "Signature Validation: ";
        for (auto at = r.out.find(label); at != std::string::npos; at = r.out.find(label, at + 1))
            out.push_back(r.out.substr(at + label.size(), r.out.find('\n', at) - at - label.size()));
        return out;
    }

    test::RunResult verify(const std::string& pdf) {
        return run_tertial({"verify", path(pdf), "--trust", (keys_ / "ca.pem").string()});
    }

    void expect_refused(const test::RunResult& r, const std::string& message, int code = 5) {
        EXPECT_EQ(r.exit_code, code) << r.out << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(path("signed.pdf"))) << "nothing is written";
    }

    test::TempDir dir_;
    fs::path keys_;
};

// ---- keys that sign ---------------------------------------------------------------------

TEST_F(Pkcs11, AnRsaKeyOnTheTokenSignsAndVerifyAndPdfsigAgree) {
    auto r = sign("forvaltningschef", {"--token", token, "--key-label", "Helén Eurenius"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("as Helén Eurenius (Förvaltningschef, RSA 2048 bits, on token 'Tertial test')"),
              std::string::npos)
        << r.out;
    auto v = verify("signed.pdf");
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    EXPECT_NE(v.out.find("signer:      Helén Eurenius"), std::string::npos) << v.out;
    // The chain came from the token too: the CA's certificate is on it.
    EXPECT_NE(v.out.find("Testkommun Test CA"), std::string::npos) << v.out;
    EXPECT_EQ(pdfsig(path("signed.pdf")), std::vector<std::string>{"Signature is Valid."});
    auto dump = run_shell("cd " + shell_quote(dir_.path().string()) +
                          " && { pdfsig -dump signed.pdf >/dev/null; openssl cms -cmsout -print -inform DER -in "
                          "signed.pdf.sig0; }");
    EXPECT_NE(dump.out.find("id-smime-aa-signingCertificateV2"), std::string::npos);
    EXPECT_EQ(dump.out.find("signingTime"), std::string::npos) << "the same PAdES B-B form as a file's key";
    EXPECT_NE(dump.out.find("CN=Testkommun Test CA"), std::string::npos);
}

TEST_F(Pkcs11, AnEcdsaKeyChosenByIdSignsAfterTheRsaOne) {
    auto first = sign("forvaltningschef", {"--token", token, "--key-id", "01"});
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    auto r = sign("ekonomichef", {"--token", token, "--key-id", "02"}, "signed.pdf", "twice.pdf");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("as Mikael Hedström (Ekonomichef, ECDSA P-256, on token 'Tertial test')"), std::string::npos)
        << r.out;
    auto v = verify("twice.pdf");
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    EXPECT_NE(v.out.find("signer:      Mikael Hedström"), std::string::npos) << v.out;
    EXPECT_EQ(pdfsig(path("twice.pdf")), (std::vector<std::string>{"Signature is Valid.", "Signature is Valid."}));
}

TEST_F(Pkcs11, TheCertificateComesFromAFileWhenTheTokenHoldsNone) {
    auto without = sign("forvaltningschef", {"--token", token, "--key-label", "utan certifikat"});
    expect_refused(without,
                   "token 'Tertial test', key 'utan certifikat' (id 03): the token holds no certificate for the key "
                   "(none with its id or label); give it with --cert FILE; nothing written");
    auto r = sign("forvaltningschef",
                  {"--token", token, "--key-label", "utan certifikat", "--cert", (keys_ / "rsa.pem").string()});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(verify("signed.pdf").exit_code, 0);
    EXPECT_EQ(pdfsig(path("signed.pdf")), std::vector<std::string>{"Signature is Valid."});
    fs::remove(path("signed.pdf"));
    // A file that is no certificate is refused before the card is asked.
    test::RunResult bad;
    std::string calls = sign_spied(
        "forvaltningschef", {"--token", token, "--key-id", "03", "--cert", (keys_ / "rsa.key").string()}, bad);
    expect_refused(bad, (keys_ / "rsa.key").string() + ": no PEM certificate in the file; nothing written\n");
    EXPECT_EQ(count(calls, ": C_Login\n"), 0u) << calls;
}

// CKA_ALWAYS_AUTHENTICATE: the card wants the PIN again for the signature;
// it is given the one PIN the user typed, not asked for twice. And the card
// makes one signature: the hashing is done outside it.
TEST_F(Pkcs11, AKeyThatWantsThePinAtEverySignatureSignsOnceWithTheOnePin) {
    test::RunResult r;
    std::string calls = sign_spied("forvaltningschef", {"--token", token, "--key-id", "04"}, r);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(verify("signed.pdf").exit_code, 0);
    EXPECT_EQ(count(calls, "userType = CKU_USER"), 1u) << calls;
    EXPECT_EQ(count(calls, "userType = CKU_CONTEXT_SPECIFIC"), 1u) << calls;
    EXPECT_EQ(count(calls, ": C_Sign\n"), 1u) << calls;
}

// ---- and every way it can refuse ------------------------------------------------------

TEST_F(Pkcs11, AWrongPinIsTriedOnceAndNothingIsWritten) {
    setenv("TERTIAL_PKCS11_PIN", "0000", 1);
    test::RunResult r;
    std::string calls = sign_spied("forvaltningschef", {"--token", token, "--key-id", "01"}, r);
    expect_refused(r,
                   "tertial sign: error: token 'Tertial test': wrong PIN (not tried again: a card locks after a "
                   "few wrong PINs); nothing written\n");
    EXPECT_EQ(count(calls, ": C_Login\n"), 1u) << calls;
    EXPECT_EQ(count(calls, "CKR_PIN_INCORRECT"), 1u) << calls;
}

TEST_F(Pkcs11, NoPinAndNoTerminalIsRefusedBeforeTheCardIsAsked) {
    unsetenv("TERTIAL_PKCS11_PIN");
    auto r = run_shell("setsid " + shell_quote(TERTIAL_BINARY) + " sign " + shell_quote(path("unsigned.pdf")) +
                       " --signer forvaltningschef -o " + shell_quote(path("signed.pdf")) + " --pkcs11 " + softhsm +
                       " --token " + shell_quote(token) + " --key-id 01");
    expect_refused(r, "token 'Tertial test' needs its PIN: set TERTIAL_PKCS11_PIN or run in a terminal");
}

TEST_F(Pkcs11, AMissingTokenListsTheLabelsFound) {
    auto r = sign("forvaltningschef", {"--token", "SITHS", "--key-id", "01"});
    expect_refused(r, "tertial sign: error: no token labelled 'SITHS' in " + softhsm + " (tokens found: '");
    EXPECT_NE(r.err.find("'Tertial test'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'Tertial ed25519'"), std::string::npos) << r.err;
    // A module that finds no token at all (SoftHSM with no token made).
    fs::create_directories(path("empty"));
    std::ofstream(path("empty.conf")) << "directories.tokendir = " << path("empty")
                                      << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    setenv("SOFTHSM2_CONF", path("empty.conf").c_str(), 1);
    auto none = sign("forvaltningschef", {"--token", token, "--key-id", "01"});
    expect_refused(none, "tertial sign: error: no token labelled 'Tertial test' in " + softhsm +
                             " (it finds no token: is the card in the reader?); nothing written\n");
}

TEST_F(Pkcs11, AMissingKeyListsTheKeysFound) {
    auto r = sign("forvaltningschef", {"--token", token, "--key-label", "Nobody"});
    expect_refused(r, "token 'Tertial test' holds no private key with label 'Nobody' (its keys: ");
    for (const char* key : {"'Helén Eurenius' (id 01, certificate Helén Eurenius)",
                            "'Mikael Hedström' (id 02, certificate Mikael Hedström)", "'utan certifikat' (id 03)"})
        EXPECT_NE(r.err.find(key), std::string::npos) << key << "\n" << r.err;
    auto by_id = sign("forvaltningschef", {"--token", token, "--key-id", "7f"});
    expect_refused(by_id, "token 'Tertial test' holds no private key with id 7f (its keys: ");
    auto several = sign("forvaltningschef", {"--token", token});
    expect_refused(several, "token 'Tertial test' holds 4 keys: choose one with --key-label or --key-id (");
}

// libp11 is in a module of its own (libtertial_pdf_pkcs11.so, beside
// libtertial_pdf.so): signing with a token maps it, verifying does not.
TEST_F(Pkcs11, OnlySigningWithATokenLoadsLibp11) {
    setenv("LD_DEBUG", "files", 1);
    auto signed_ = sign("forvaltningschef", {"--token", token, "--key-id", "01"});
    auto verified = verify("signed.pdf");
    unsetenv("LD_DEBUG");
    ASSERT_EQ(signed_.exit_code, 0) << signed_.err;
    EXPECT_NE(signed_.err.find("libtertial_pdf_pkcs11.so"), std::string::npos) << signed_.err;
    EXPECT_NE(signed_.err.find("libp11.so"), std::string::npos) << signed_.err;
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.err.find("libtertial_pdf_pkcs11.so"), std::string::npos);
    EXPECT_EQ(verified.err.find("libp11.so"), std::string::npos);
}

// An installation without that module: `sign --pkcs11` names the file and
// exits 3, writing nothing.
TEST_F(Pkcs11, AMissingTertialPkcs11ModuleIsNamed) {
    fs::path copy = dir_.path() / "install";
    std::string binary =
        test::copy_installation(copy, {"libtertial_core.so", "libtertial_pdf.so", "libtertial_pdf_emit.so", "libtertial_pdf_sign.so"});
    auto r = run_shell(binary + " sign " + shell_quote(path("unsigned.pdf")) +
                       " --signer forvaltningschef -o " + shell_quote(path("signed.pdf")) + " --pkcs11 " + softhsm +
                       " --token " + shell_quote(token));
    expect_refused(r,
                   "tertial: error: cannot load Tertial's PKCS#11 signing module " +
                       (copy / "lib/libtertial_pdf_pkcs11.so").string() +
                       ": cannot open shared object file: No such file or directory (reinstall Tertial)\n",
                   3);
}

TEST_F(Pkcs11, AModuleThatCannotBeLoadedIsNamed) {
    auto missing = sign("forvaltningschef", {"--token", token}, "unsigned.pdf", "signed.pdf", path("nope.so"));
    expect_refused(missing, "tertial sign: error: cannot load the PKCS#11 module " + path("nope.so") +
                                ": cannot open shared object file: No such file or directory; nothing written\n");
    // A library, but not a PKCS#11 module.
    std::string library = (fs::path(TERTIAL_BINARY).parent_path() / "../lib/libtertial_pdf.so").lexically_normal();
    ASSERT_TRUE(fs::exists(library)) << library;
    auto other = sign("forvaltningschef", {"--token", token}, "unsigned.pdf", "signed.pdf", library);
    expect_refused(other, "cannot load the PKCS#11 module " + library +
                              ": it is a library but not a PKCS#11 module (it has no C_GetFunctionList)");
}

TEST_F(Pkcs11, AKeyAndACertificateThatDoNotBelongTogetherAreRefused) {
    auto r = sign("forvaltningschef", {"--token", token, "--key-id", "01", "--cert", (keys_ / "ec.pem").string()});
    expect_refused(r, (keys_ / "ec.pem").string() +
                          ": the certificate (O=Testkommun,CN=Mikael Hedström) does not belong to the token 'Tertial "
                          "test', key 'Helén Eurenius' (id 01)");
}

TEST_F(Pkcs11, AKeyTypePadesCannotUseIsNamedFromItsCertificate) {
    auto r = sign("forvaltningschef", {"--token", "Tertial ed25519", "--key-label", "Edvard Edwards"});
    expect_refused(r,
                   "tertial sign: error: token 'Tertial ed25519': the key 'Edvard Edwards' (id 06) is of type "
                   "Ed25519 (so says its certificate, Edvard Edwards); PAdES signatures need an RSA or ECDSA key; "
                   "nothing written\n");
}

TEST_F(Pkcs11, OptionsThatDoNotGoTogetherAreUsageErrors) {
    auto no_token = sign("forvaltningschef", {});
    expect_refused(no_token, "--pkcs11 needs --token LABEL (pkcs11-tool --module MODULE -L lists the labels)", 2);
    auto with_p12 = sign("forvaltningschef", {"--token", token, "--p12", (keys_ / "rsa.p12").string()});
    expect_refused(with_p12, "--pkcs11 signs with the key on the token: give no --p12 or --key with it", 2);
    auto token_alone = run_tertial(
        {"sign", path("unsigned.pdf"), "--signer", "forvaltningschef", "-o", path("signed.pdf"), "--token", token});
    expect_refused(token_alone,
                   "--token, --key-label and --key-id choose a key on a card or HSM: give --pkcs11 MODULE "
                   "with them",
                   2);
    auto bad_id = sign("forvaltningschef", {"--token", token, "--key-id", "zz"});
    expect_refused(bad_id, "--key-id 'zz' is not a key id in hex (like 01 or 4a:2f)");
}

}  // namespace
}  // namespace tertial
