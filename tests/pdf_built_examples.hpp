// Every example built to a PDF once per test process, by the real binary,
// for the tests that read the PDFs (pdf_ua_test, pdf_typeset_test).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "run_binary.hpp"
#include "test_files.hpp"

namespace tertial::test {

struct BuiltExamples {
    std::filesystem::path dir;
    std::map<std::filesystem::path, std::filesystem::path> pdf;  // example -> its PDF (absent: it did not build)
    ~BuiltExamples() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

// `prefix` names the temporary folder ("tertial-pdfua"), one per process.
inline const BuiltExamples& built_examples(const std::string& prefix) {
    namespace fs = std::filesystem;
    static std::unique_ptr<BuiltExamples> b;
    if (b) return *b;
    b = std::make_unique<BuiltExamples>();
    b->dir = fs::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()));
    fs::create_directories(b->dir);
    for (const auto& example : example_files()) {
        fs::path out = b->dir / example.parent_path().filename() / example.stem();
        auto r = run_tertial({"build", "--format", "pdf", example.string(), "--out", out.string()});
        fs::path pdf = out / (example.stem().string() + ".pdf");
        if (r.exit_code == 0 && fs::exists(pdf)) b->pdf[example] = pdf;
    }
    return *b;
}

// A gtest parameter name from an example's file name.
inline std::string example_test_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
    std::string n = info.param.stem().string();
    for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return n;
}

}  // namespace tertial::test
