// A test fixture holding seed 000 read and checked with the in-tree plugins,
// its house style and its loaded fonts, ready to lay out (skipped where the
// fonts are not installed).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "outputs.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::test {

class SeedLayout : public ::testing::Test {
protected:
    static inline const std::string kSeed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";

    void SetUp() override {
        std::ostringstream err;
        report_ = cli::load_and_check(kSeed, host_, err);
        ASSERT_TRUE(report_ && report_->resolution) << err.str();
        style_ = cli::report_house_style(*report_->read.report, host_);
        try {
            resources_ = pdf::Resources::load(style_);
        } catch (const pdf::FontError& e) {
            GTEST_SKIP() << e.what() << " (fonts-liberation2, fonts-dejavu-core)";
        }
    }

    // Seed 000's JSON with a table no page holds (forty amount columns, each
    // with a figure: more than a landscape page's width) as block `at` of
    // its body, so that its layout fails with layout.table_too_wide there.
    std::string seed_with_too_wide_table(std::size_t at) const {
        nlohmann::ordered_json report = nlohmann::ordered_json::parse(report_->text);
        nlohmann::ordered_json table = {{"type", "table"}, {"id", "bred"}, {"unit", "tkr"}};
        table["columns"].push_back({{"id", "post"}, {"title", "Post"}, {"kind", "label"}});
        nlohmann::ordered_json cells = nlohmann::ordered_json::object();
        for (int c = 0; c < 40; ++c) {
            table["columns"].push_back({{"id", fmt::format("k{}", c)}, {"title", fmt::format("Kolumn {}", c)}});
            cells[fmt::format("k{}", c)] = "123456.7";
        }
        table["rows"].push_back({{"id", "r"}, {"label", "Rad"}, {"cells", cells}});
        auto& body = report["body"];
        body.insert(body.begin() + static_cast<std::ptrdiff_t>(std::min(at, body.size())), table);
        return report.dump(2);
    }

    PluginHost host_{{TERTIAL_PLUGIN_DIR}};
    std::optional<cli::LoadedReport> report_;
    HouseStyle style_ = pdf::default_house_style();
    std::unique_ptr<pdf::Resources> resources_;
};

}  // namespace tertial::test
