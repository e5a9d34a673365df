// A test fixture holding seed 000 read and checked with the in-tree plugins,
// its house style and its loaded fonts, ready to lay out (skipped where the
// fonts are not installed).
#pragma once

#include <gtest/gtest.h>

#include <memory>
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

    PluginHost host_{{TERTIAL_PLUGIN_DIR}};
    std::optional<cli::LoadedReport> report_;
    HouseStyle style_ = pdf::default_house_style();
    std::unique_ptr<pdf::Resources> resources_;
};

}  // namespace tertial::test
