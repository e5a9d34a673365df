// Reports given as JSON blocks, read, checked and laid out in-process with
// the in-tree plugins and the default house style: for tests of the
// layout's items and structure (pdf_robustness_test, pdf_grid_test).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "outputs.hpp"
#include "run_binary.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::test {

// A report whose body is `body` (JSON blocks), with `title`.
inline std::string report_with_body(const std::string& body, const std::string& title = "Testrapport") {
    return R"({"format": "tertial-report", "format_version": "1.0",
  "meta": {"municipality": {"name": "Östersunds kommun", "scb_code": "2380"},
           "committee": {"name": "Testnämnden", "short_name": "TN"},
           "kind": "tertialrapport", "title": ")" +
           title + R"(", "period": {"year": 2020, "end": "2020-04-30"},
           "date": "2020-05-11", "status": "faststalld"},
  "body": [)" + body + "]}\n";
}

// A report of one section holding `blocks` (JSON), with `title`.
inline std::string report(const std::string& blocks, const std::string& title = "Testrapport") {
    return report_with_body(R"({"type": "section", "title": "Avsnitt", "body": [)" + blocks + "]}", title);
}

class Laid : public ::testing::Test {
protected:
    pdf::Document lay_out(const std::string& json) {
        write(tmp_ / "r.json", json);
        std::ostringstream err;
        report_ = cli::load_and_check(tmp_ / "r.json", host_, err);
        EXPECT_TRUE(report_ && report_->resolution) << err.str();
        if (!resources_) resources_ = pdf::Resources::load(style_);
        return pdf::layout_report({*report_->read.report, *report_->resolution, style_, *resources_, report_->text});
    }
    static void write(const std::filesystem::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

    TempDir tmp_;
    PluginHost host_{{}};
    std::optional<cli::LoadedReport> report_;
    HouseStyle style_ = pdf::default_house_style();
    std::unique_ptr<pdf::Resources> resources_;
};

}  // namespace tertial::test
