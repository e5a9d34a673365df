// The fixture of the signing tests (sign_test, sign_gates_test): seed 000
// built and signed once per build of tertial, with a test CA and signer
// certificates made by the openssl command, and the tools to sign, verify
// and ask the outside readers (pdfsig) about the results.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "sign_gates.hpp"
#include "test_pki.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/pdf/sign.hpp"

namespace tertial::test::signing {

namespace fs = std::filesystem;
using test::shell_quote;
using test::sh;
using test::slurp;
using test::spit;
using test::DirLock;
using test::pki;

inline const fs::path seed = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";
inline const char* pinned_time = "2020-05-12T10:31:00+02:00";

// Every signature made here claims the same time, set by hand
// (--signing-time), so that the same input signs to the same bytes.
inline test::RunResult run_tertial(std::vector<std::string> args) {
    if (!args.empty() && args[0] == "sign") args.insert(args.end(), {"--signing-time", pinned_time});
    return test::run_tertial(std::move(args));
}

// ---- seed 000 built and signed once per build of tertial ----------------------------------

struct Signed {
    fs::path dir, unsigned_pdf, once, twice;
    std::string error;
};

class Sign : public ::testing::Test {
protected:
    // The unsigned PDF and the PDF signed once and twice are made once per
    // tertial binary (ctest runs every test in its own process) and copied
    // into each process's own directory.
    static fs::path make_signed() {
        std::string key = keys_.filename().string() + "-" + test::file_stamp(TERTIAL_BINARY) + "-" + test::file_stamp(seed);
        fs::path base = fs::path(TERTIAL_SIGN_FIXTURE_DIR);
        DirLock lock(base);
        fs::path done = base / ("signed-" + key);
        if (fs::exists(done / "twice.pdf")) return done;
        for (const auto& e : fs::directory_iterator(base))
            if (e.path().filename().string().rfind("signed-", 0) == 0) fs::remove_all(e.path());
        fs::path work = base / "signed-partial";
        fs::create_directories(work);
        auto built = run_tertial({"build", "--format", "pdf", seed.string(), "--out", work.string()});
        if (built.exit_code != 0) throw std::runtime_error("build failed: " + built.out + built.err);
        fs::rename(work / "san-tertial-1-2020.pdf", work / "unsigned.pdf");
        auto first = sign_as("forvaltningschef", "rsa.p12", "hemligt-1", work / "unsigned.pdf", work / "once.pdf");
        auto second = sign_as("ekonomichef", "ec-legacy.p12", "hemligt-2", work / "once.pdf", work / "twice.pdf");
        if (first.exit_code != 0 || second.exit_code != 0)
            throw std::runtime_error("signing failed:\n" + first.out + first.err + second.out + second.err);
        fs::rename(work, done);
        return done;
    }

    static void SetUpTestSuite() {
        unsetenv("TERTIAL_P12_PASSWORD");
        s_ = std::make_unique<Signed>();
        try {
            keys_ = pki();
            fs::path cache = make_signed();
            s_->dir = fs::temp_directory_path() / ("tertial-sign-" + std::to_string(::getpid()));
            fs::remove_all(s_->dir);
            fs::create_directories(s_->dir);
            s_->unsigned_pdf = s_->dir / "san-tertial-1-2020.pdf";
            s_->once = s_->dir / "once.pdf";
            s_->twice = s_->dir / "twice.pdf";
            fs::copy_file(cache / "unsigned.pdf", s_->unsigned_pdf);
            fs::copy_file(cache / "once.pdf", s_->once);
            fs::copy_file(cache / "twice.pdf", s_->twice);
        } catch (const std::exception& e) {
            s_->error = e.what();
        }
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        if (s_ && !s_->dir.empty()) fs::remove_all(s_->dir, ec);
        s_.reset();
    }
    void SetUp() override { ASSERT_TRUE(s_->error.empty()) << s_->error; }

    static test::RunResult sign_as(const std::string& signer, const std::string& p12, const std::string& password,
                                   const fs::path& in, const fs::path& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"sign", in.string(), "--signer", signer, "--p12", (keys_ / p12).string(),
                                         "-o",   out.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        test::PasswordGiven given(password);
        return run_tertial(args);
    }
    static test::RunResult verify(const fs::path& pdf, bool trust = true, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"verify", pdf.string()};
        if (trust) args.insert(args.end(), {"--trust", (keys_ / "ca.pem").string()});
        args.insert(args.end(), extra.begin(), extra.end());
        return run_tertial(args);
    }
    static nlohmann::json verify_json(const fs::path& pdf, int& exit_code, bool trust = true) {
        auto r = verify(pdf, trust, {"--json"});
        exit_code = r.exit_code;
        try {
            return nlohmann::json::parse(r.out);
        } catch (const std::exception&) {
            ADD_FAILURE() << "verify --json printed no JSON:\n" << r.out << r.err;
            return {};
        }
    }
    // pdfsig's verdict per signature: "valid", "invalid" (for every signature it lists).
    static std::vector<bool> pdfsig_valid(const fs::path& pdf) {
        auto r = sh("pdfsig " + shell_quote(pdf.string()));
        const std::string valid = "Signature Validation: Signature is Valid.";
        std::vector<bool> out;
        for (std::size_t at = r.out.find("Signature Validation:"); at != std::string::npos;
             at = r.out.find("Signature Validation:", at + 1))
            out.push_back(r.out.compare(at, valid.size(), valid) == 0);
        return out;
    }
    fs::path path(const std::string& name) const { return s_->dir / name; }

    // The unsigned seed signed in process, as another tool (or an older
    // Tertial) may have signed it: field "forvaltningschef" at the pinned
    // time, by `signer_name` with the PEM certificate and key named; written to path(out).
    fs::path sign_in_process(const std::string& signer_name, const std::string& cert, const std::string& key,
                             const std::string& out, const std::string& organisation = "") const {
        pdf::SignRequest request;
        request.field = "forvaltningschef";
        request.signer_name = signer_name;
        request.title = "Förvaltningschef";
        request.organisation = organisation;
        request.reason = "Underskrift som Förvaltningschef";
        request.time = pdf::parse_iso_time(pinned_time);
        auto fonts = pdf::Resources::load(pdf::default_house_style());
        request.fonts = fonts->fonts();
        auto credentials = pdf::Credentials::from_pem(slurp(keys_ / cert), cert, slurp(keys_ / key), key,
                                                      [] { return std::nullopt; });
        spit(path(out), pdf::sign_pdf(slurp(s_->unsigned_pdf), request, credentials));
        return path(out);
    }

    static inline std::unique_ptr<Signed> s_;
    static inline fs::path keys_;
};

}  // namespace tertial::test::signing
