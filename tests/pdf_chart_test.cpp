// Charts as a reader expects them (issue 19 point 5), on seed 002's charts: categories along the x-axis, months
// with their years, a year not over marked "2021 (jan–apr)", the unit above the y-axis, values on few bars, the
// house style's colours, the title read before the Figure and its Alt; and the format's `categories` (1.3).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "drawn_run.hpp"
#include "outputs.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "test_files.hpp"

namespace tertial {
namespace {

using test::drawn;

namespace fs = std::filesystem;
const std::string NB = "\xC2\xA0";
const std::string MINUS = "\xE2\x88\x92";
const std::string kExample = std::string(TERTIAL_SOURCE_DIR) + "/examples/harnosand/son-fyramanadersrapport-2021.json";

struct Figure {
    std::string alt;
    std::vector<std::string> texts;  // in drawing order
    std::vector<pdf::Colour> fills;  // of bars and markers
    std::string read_before;         // the text of the element just before it in its parent
};

class Charts : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        host_ = new PluginHost({TERTIAL_PLUGIN_DIR});
        std::ostringstream err;
        report_ = new std::optional<cli::LoadedReport>(cli::load_and_check(kExample, *host_, err));
        ASSERT_TRUE(*report_ && (*report_)->resolution) << err.str();
        style_ = new HouseStyle(cli::report_house_style(*(*report_)->read.report, *host_));
        resources_ = pdf::Resources::load(*style_).release();
        document_ = new pdf::Document(
            pdf::layout_report({*(*report_)->read.report, *(*report_)->resolution, *style_, *resources_, ""}));
    }
    static void TearDownTestSuite() {
        delete document_;
        delete resources_;
        delete style_;
        delete report_;
        delete host_;
    }

    static std::string element_text(std::size_t e) {
        std::string out;
        for (const auto& page : document_->pages)
            for (const auto& g : page.content)
                if (g.element == e)
                    for (const auto& item : g.items)
                        if (const auto* t = std::get_if<pdf::TextItem>(&item)) out += drawn(*t).text;
        return out;
    }

    // The Figure whose Alt starts with `alt`.
    static Figure figure(const std::string& alt) {
        const auto& s = document_->structure;
        for (std::size_t e = 0; e < s.size(); ++e) {
            if (s[e].role != "Figure" || !s[e].alt || !s[e].alt->starts_with(alt)) continue;
            Figure f{*s[e].alt, {}, {}, {}};
            for (const auto& page : document_->pages)
                for (const auto& g : page.content)
                    if (g.element == e)
                        for (const auto& item : g.items) {
                            if (const auto* t = std::get_if<pdf::TextItem>(&item)) f.texts.push_back(drawn(*t).text);
                            if (const auto* r = std::get_if<pdf::RectItem>(&item); r && r->fill) f.fills.push_back(*r->fill);
                        }
            const auto& siblings = s[*s[e].parent].children;
            auto at = std::find(siblings.begin(), siblings.end(), e);
            if (at != siblings.begin()) f.read_before = element_text(*std::prev(at));
            return f;
        }
        ADD_FAILURE() << "no Figure with Alt " << alt;
        return {};
    }
    static bool has(const Figure& f, const std::string& text) {
        return std::find(f.texts.begin(), f.texts.end(), text) != f.texts.end();
    }
    static pdf::Colour rgb(int r, int g, int b) { return {r / 255.0, g / 255.0, b / 255.0}; }

    static PluginHost* host_;
    static std::optional<cli::LoadedReport>* report_;
    static HouseStyle* style_;
    static pdf::Resources* resources_;
    static pdf::Document* document_;
};
PluginHost* Charts::host_ = nullptr;
std::optional<cli::LoadedReport>* Charts::report_ = nullptr;
HouseStyle* Charts::style_ = nullptr;
pdf::Resources* Charts::resources_ = nullptr;
pdf::Document* Charts::document_ = nullptr;

// The chart issue 19 names: the years were series inside one category, with no axis title and no values.
TEST_F(Charts, YearsAlongTheAxisTheYearNotOverMarkedValuesOnTheBars) {
    Figure f = figure("Stapeldiagram över startade barn- och ungdomsutredningar");
    for (const char* text : {"2019", "2020", "2021 (jan–apr)", "402", "414", "127", "Antal"})
        EXPECT_TRUE(has(f, text)) << text;
    EXPECT_EQ(f.read_before, "Startade barn- och ungdomsutredningar enligt 11 kap 1§ SoL per år");
    EXPECT_NE(f.alt.find("402 år 2019, 414 år 2020 och 127 under januari–april 2021"), std::string::npos) << f.alt;
    EXPECT_TRUE(f.alt.ends_with("Siffrorna finns i tabellen Startade barn- och ungdomsutredningar enligt 11 kap 1§ SoL per år."));
}

TEST_F(Charts, MonthlyIncomesAndCostsWithTheirValuesAndTheHouseColours) {
    Figure f = figure("Stapeldiagram över intäkter och kostnader per månad");
    for (std::string text : {"Tkr", "jan", "feb", "mar", "apr", "2021 (jan–apr)", "Summa intäkter", "Summa kostnader"})
        EXPECT_TRUE(has(f, text)) << text;
    EXPECT_FALSE(has(f, "maj")) << "only the months the chart names (categories)";
    EXPECT_TRUE(has(f, "56" + NB + "597"));
    EXPECT_TRUE(has(f, MINUS + "82" + NB + "144"));
    ASSERT_FALSE(f.fills.empty());
    EXPECT_EQ(f.fills.front(), rgb(0x00, 0x5A, 0x9C)) << "the first series in Härnösand's primary colour";
    EXPECT_NE(f.alt.find("mest i februari med 82" + NB + "144" + NB + "tkr"), std::string::npos) << f.alt;
}

TEST_F(Charts, RollingThirteenMonthsWithEachYearBeneathItsMonths) {
    Figure f = figure("Linjediagram över antalet brukare med beslut om hemtjänst");
    for (const char* text : {"Antal", "apr", "maj", "dec", "jan", "2020 (apr–dec)", "2021 (jan–apr)", "Antal brukare",
                             "varav kommunala", "varav privata"})
        EXPECT_TRUE(has(f, text)) << text;
    EXPECT_EQ(std::count(f.texts.begin(), f.texts.end(), "apr"), 2) << "April of both years";
    EXPECT_NE(f.alt.find("minskade från 609 till 562"), std::string::npos) << f.alt;
    EXPECT_FALSE(has(f, "609")) << "no values on a line of 13 points: the table beside it has them";
}

TEST_F(Charts, OneLinePerYearOverTheMonths) {
    Figure f = figure("Linjediagram över utbetalt ekonomiskt bistånd per månad");
    for (const char* text : {"Kr", "jan", "dec", "2020 Utbetalt", "2021 (jan–apr) Utbetalt"}) EXPECT_TRUE(has(f, text)) << text;
    EXPECT_FALSE(has(f, "Tertial 1 Summa")) << "sums are not months";
    EXPECT_NE(f.alt.find("6" + NB + "285" + NB + "656" + NB + "kr mot 7" + NB + "808" + NB + "020" + NB + "kr"), std::string::npos)
        << f.alt;
}

// ---- the format's `categories` ---------------------------------------------------------------

std::string with(const std::string& from, const std::string& to) {
    std::string text = test::slurp(kExample);
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(ChartCategories, NewInFormat13) {
    auto r = json::read_report(with("\"format_version\": \"1.3\"", "\"format_version\": \"1.2\""));
    bool found = false;
    for (const auto& d : r.diagnostics.items())
        found |= d.code == "json.version" && d.pointer == "/body/4/body/4/categories" &&
                 d.message == "'categories' is new in format version 1.3, but this file says \"format_version\": \"1.2\"; "
                              "write \"1.3\"";
    EXPECT_TRUE(found);
}

TEST(ChartCategories, AnIdTheTableDoesNotHaveIsNamed) {
    auto r = json::read_report(with("\"categories\": [\n            \"jan\",", "\"categories\": [\n            \"januari\","));
    ASSERT_TRUE(r.report);
    Diagnostics d;
    check_report(*r.report, d);
    bool found = false;
    for (const auto& x : d.items())
        found |= x.code == "chart.unknown_category" && x.pointer == "/body/4/body/4/categories/0" &&
                 x.message.starts_with("table 'manad' has no column 'januari'");
    EXPECT_TRUE(found);
}

TEST(ChartCategories, RoundTrip) {
    auto r = json::read_report(test::slurp(kExample));
    ASSERT_TRUE(r.report);
    std::string written = json::write_report(*r.report);
    EXPECT_NE(written.find("\"categories\": [\n"), std::string::npos);
    auto again = json::read_report(written);
    ASSERT_TRUE(again.report);
    EXPECT_TRUE(*again.report == *r.report);
}

}  // namespace
}  // namespace tertial
