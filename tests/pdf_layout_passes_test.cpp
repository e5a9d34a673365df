// The second layout pass takes the first pass's body (Layouter::take_body_from): the same PDF as laying it out again.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "layout/layout_engine.hpp"  // formats/pdf/src: the passes themselves
#include "outputs.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "test_files.hpp"

namespace tertial {
namespace {

namespace fs = std::filesystem;

struct Loaded {
    cli::LoadedReport report;
    HouseStyle style;
};

// Both passes by hand: the second lays out all again, or takes the body of
// `donor` (by default the first pass itself).
std::string second_pass(const pdf::LayoutInput& in, bool take, pdf::Layouter* donor = nullptr, bool* took = nullptr) {
    pdf::Layouter first(in, {});
    first.lay_out_keeping_body();
    pdf::Layouter second(in, first.heading_pages());
    second.known_targets(first.heading_targets());
    if (take) second.take_body_from(donor ? *donor : first);
    std::string pdf = pdf::emit_pdf(second.run());
    if (took) *took = second.took_body();
    return pdf;
}

class LayoutPasses : public ::testing::Test {
protected:
    Loaded load(const std::string& name, const std::string& text) {
        auto r = cli::check_text(name, text, host_);
        EXPECT_TRUE(r.read.report && r.resolution) << name;
        HouseStyle style = cli::report_house_style(*r.read.report, host_);
        return {std::move(r), style};
    }
    PluginHost host_{{TERTIAL_PLUGIN_DIR}};
};

// Every example: the body taken from the first pass, and the PDF the same
// as with the second pass laying it out again.
TEST_F(LayoutPasses, EveryExampleTakesTheFirstPassBodyAndIsTheSame) {
    std::size_t examples = 0;
    for (const fs::path& path : test::example_files()) {
        Loaded l = load(path.string(), test::slurp(path));
        auto resources = pdf::Resources::load(l.style);
        pdf::LayoutInput in{*l.report.read.report, *l.report.resolution, l.style, *resources, l.report.text};
        bool took = false;
        std::string taken = second_pass(in, true, nullptr, &took);
        EXPECT_TRUE(took) << path;
        EXPECT_TRUE(taken == second_pass(in, false)) << path;
        EXPECT_TRUE(taken == pdf::write_pdf(in)) << path << ": layout_report() takes the body too";
        ++examples;
    }
    EXPECT_GE(examples, 4u);
}

// A first pass whose body starts elsewhere (another report: a title of two
// lines) is not taken: the second pass lays out all, as alone.
TEST_F(LayoutPasses, ABodyThatStartsElsewhereIsLaidOutAgain) {
    const std::string seed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";
    nlohmann::json longer = nlohmann::json::parse(test::slurp(seed));
    longer["meta"]["title"] = longer["meta"]["title"].get<std::string>() + " med en rubrik som är lång nog för två rader";
    Loaded a = load("seed.json", test::slurp(seed));
    Loaded b = load("longer.json", longer.dump());
    auto resources = pdf::Resources::load(a.style);
    pdf::LayoutInput in_a{*a.report.read.report, *a.report.resolution, a.style, *resources, a.report.text};
    pdf::LayoutInput in_b{*b.report.read.report, *b.report.resolution, b.style, *resources, b.report.text};
    pdf::Layouter donor(in_a, {});
    donor.lay_out_keeping_body();
    bool took = true;
    std::string made = second_pass(in_b, true, &donor, &took);
    EXPECT_FALSE(took);
    EXPECT_TRUE(made == pdf::write_pdf(in_b));
}

}  // namespace
}  // namespace tertial
