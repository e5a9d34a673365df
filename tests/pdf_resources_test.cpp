// pdf::Resources shared by the reports of one build, and what release_layout_parts() frees.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "outputs.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial {
namespace {

const std::string kSeed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";

class PdfResources : public ::testing::Test {
protected:
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
    pdf::LayoutInput input() const { return {*report_->read.report, *report_->resolution, style_, *resources_, report_->text}; }

    PluginHost host_{{TERTIAL_PLUGIN_DIR}};
    std::optional<cli::LoadedReport> report_;
    HouseStyle style_ = pdf::default_house_style();
    std::unique_ptr<pdf::Resources> resources_;
};

// A document laid out before the release is written to the same bytes
// after it: the PDF needs the fonts only, never the patterns or the cache.
TEST_F(PdfResources, ADocumentLaidOutBeforeTheReleaseIsWrittenTheSame) {
    pdf::Document document = pdf::layout_report(input());
    std::string before = pdf::emit_pdf(document);
    ASSERT_FALSE(resources_->layout_released());
    EXPECT_GT(resources_->text_cache().entries(), 0u);

    resources_->release_layout_parts();
    EXPECT_TRUE(resources_->layout_released());
    EXPECT_EQ(resources_->hyphenator(), nullptr);
    EXPECT_TRUE(pdf::emit_pdf(document) == before) << "the PDF changed once the layout parts were freed";
    // And both equal a fresh write with fresh resources.
    auto fresh = pdf::Resources::load(style_);
    EXPECT_TRUE(pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *fresh, report_->text}) == before);
}

// Laying out with released resources would silently lose hyphenation: refused.
TEST_F(PdfResources, LayoutRefusesReleasedResources) {
    resources_->release_layout_parts();
    EXPECT_THROW(pdf::layout_report(input()), std::logic_error);
}

}  // namespace
}  // namespace tertial
