// A test fixture that loads one example report, checks it, and reads its figures as printed.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_files.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"

namespace tertial::test {

using Texts = std::vector<std::string>;

inline std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items()) out += x.code + " " + x.pointer + ": " + x.message + "\n";
    return out;
}

class ExampleFixture : public ::testing::Test {
protected:
    // `path` is relative to the source tree, e.g. "examples/ostersund/san-tertial-1-2020.json".
    void load(const std::string& path) {
        auto r = json::read_report(slurp(std::filesystem::path(TERTIAL_SOURCE_DIR) / path));
        ASSERT_TRUE(r.report) << messages(r.diagnostics);
        report_ = *r.report;
        resolution_ = check_report(report_, diagnostics_);
    }
    // A figure as printed in a table ("" for an empty cell, "(missing)" for no such figure).
    std::string fig(const std::string& id) const {
        const auto* f = resolution_.find(id);
        return f ? f->text(NumberStyle::plain) : "(missing)";
    }
    std::string figure(const std::string& id) const { return fig(id); }
    Texts row(const std::string& table, const std::string& row, const Texts& cols) const {
        Texts out;
        for (const auto& c : cols) out.push_back(fig(table + "." + row + "." + c));
        return out;
    }
    FigureSource source(const std::string& id) const {
        const auto* f = resolution_.find(id);
        return f ? f->source : FigureSource::empty;
    }
    // The rendered text that contains `needle`, or "" when none does.
    std::string text_with(const std::string& needle) const {
        for (const auto& [pointer, text] : resolution_.texts)
            if (text.find(needle) != std::string::npos) return text;
        return "";
    }
    bool has_text(const std::string& needle) const { return !text_with(needle).empty(); }

    Report report_;
    Diagnostics diagnostics_;
    Resolution resolution_;
};

}  // namespace tertial::test
