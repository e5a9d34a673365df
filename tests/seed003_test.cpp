// Seed 003 (Östersund SAN, Kvalitetsrapport 2020): the example checks clean and reproduces the seed's printed totals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "example_fixture.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;

const fs::path example = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-kvalitetsrapport-2020.json";

using test::messages;
using test::slurp;
using test::Texts;

class Seed003 : public test::ExampleFixture {
protected:
    void SetUp() override { load("examples/ostersund/san-kvalitetsrapport-2020.json"); }
};

const Texts synpunkter_years{"ar2014", "ar2015", "ar2016", "ar2017", "ar2018", "ar2019"};
const Texts lex_sarah_years{"ar2012", "ar2013", "ar2014", "ar2015", "ar2016", "ar2017", "ar2018", "ar2019"};
const Texts durations{"m3_6", "m6_9", "m9_12", "over_12"};
const Texts comparison{"ostersund", "liknande", "kommungrupp"};

TEST_F(Seed003, ChecksWithoutDiagnostics) { EXPECT_TRUE(diagnostics_.empty()) << messages(diagnostics_); }

TEST_F(Seed003, SynpunkterTotalsAreComputedAsPrinted) {
    EXPECT_EQ(row("synpunkter", "totalt", synpunkter_years), (Texts{"23", "38", "35", "101", "86", "41"}));
    for (const auto& y : synpunkter_years) EXPECT_EQ(source("synpunkter.totalt." + y), FigureSource::computed) << y;
    EXPECT_EQ(row("synpunkter", "berom", {"ar2019"}), (Texts{""}));  // not printed: empty, not 0
}

TEST_F(Seed003, ComplaintsAndDeviationsInTheTextAddUp) {
    EXPECT_EQ(figure("klagomal_2019_summa"), "41");  // 29 + 2 + 2 + 7 + 1, the table's Klagomål 2019
    EXPECT_EQ(figure("synpunkter.klagomal.ar2019"), "41");
    EXPECT_EQ(figure("synpunkter_t1_2020_summa"), "18");
    EXPECT_EQ(figure("avvikelser_summa"), "70");  // 47 + 23
    EXPECT_EQ(figure("ivo_riket_ifo_summa"), "389");  // 258 + 71 + 26 + 6 + 28
}

TEST_F(Seed003, LexSarahPerYear) {
    EXPECT_EQ(row("lex_sarah", "antal", lex_sarah_years), (Texts{"1", "1", "6", "0", "4", "4", "1", "4"}));
    EXPECT_EQ(row("lex_sarah", "varav_ivo", lex_sarah_years), (Texts{"", "", "", "", "1", "1", "1", "3"}));
}

TEST_F(Seed003, EjVerkstalldaBeslutTotals) {
    EXPECT_EQ(row("ej_verkstallda", "summa", durations), (Texts{"26", "25", "12", "25"}));
    for (const auto& c : durations) EXPECT_EQ(source("ej_verkstallda.summa." + c), FigureSource::computed) << c;
    EXPECT_EQ(figure("ej_verkstallda_summa_insatser"), "97");  // 12 + 84 + 1
    EXPECT_EQ(figure("ej_verkstallda_familjebehandling_kon"), "12");  // 6 kvinnor + 6 män
    EXPECT_EQ(figure("ej_verkstallda_kontaktperson_kon"), "84");  // 49 kvinnor + 35 män
    EXPECT_EQ(figure("ej_verkstallda_tabell_kontaktperson"), "76");  // 84 minus 8 avbrott
    EXPECT_EQ(figure("ej_verkstallda_tabell_familjebehandling"), "12");
    EXPECT_EQ(figure("ej_verkstallda_tabell_summa"), "88");  // 97 minus 8 + 1 avbrott
    EXPECT_EQ(figure("ej_verkstallda_exkl_avbrott"), "88");
}

TEST_F(Seed003, QualityMeasuresAgainstSimilarMunicipalities) {
    EXPECT_EQ(row("ateraktualisering", "barn_0_12", comparison), (Texts{"82", "81", "77"}));
    EXPECT_EQ(row("ateraktualisering", "ungdomar_13_20", comparison), (Texts{"86", "84", "79"}));
    EXPECT_EQ(row("ateraktualisering", "vuxna_forsorjningsstod", comparison), (Texts{"69", "83", "80"}));
    EXPECT_EQ(row("ateraktualisering", "vuxna_missbruk", comparison), (Texts{"71", "79", "74"}));
    EXPECT_EQ(row("utredningstid", "barn_ungdom_0_20", comparison), (Texts{"100", "98", "98"}));
    EXPECT_EQ(row("utredningstid", "vuxna_missbruk", comparison), (Texts{"41", "59", "56"}));
    EXPECT_EQ(row("vantetid", "forsorjningsstod", comparison), (Texts{"4", "11", "12"}));
}

TEST_F(Seed003, AmountsInTheTextAreRenderedFromFigures) {
    EXPECT_NE(text_with("avgift med 457\u00A0300\u00A0kr och för år 2019 70\u00A0000\u00A0kr."), "");
    EXPECT_NE(text_with("mellan 62\u00A0% och 93\u00A0% nöjdhet"), "");
    EXPECT_NE(text_with("referenskostnaden (70 procent) och invånarantal (30 procent)"), "");
    EXPECT_NE(text_with("2019 Östersund 4\u00A0919 kr"), "");
    EXPECT_NE(text_with("fanns per den 31 december 2019, 97 beslut"), "");
    EXPECT_NE(text_with("år 2019 (82), och är något bättre än för liknande kommuner (81) och jämförbara kommuner (77)"), "");
}

// The seed's numbers are proved, not just copied: a wrong printed total is an error.
TEST_F(Seed003, AWrongTotalIsReported) {
    std::string json = slurp(example);
    const std::string printed = "\"ar2017\": \"101\"";
    ASSERT_NE(json.find(printed), std::string::npos);
    json.replace(json.find(printed), printed.size(), "\"ar2017\": \"102\"");
    auto r = json::read_report(json);
    ASSERT_TRUE(r.report) << messages(r.diagnostics);
    Diagnostics d;
    check_report(*r.report, d);
    ASSERT_EQ(d.items().size(), 1u) << messages(d);
    EXPECT_EQ(d.items()[0].code, "check.total");
    EXPECT_NE(d.items()[0].message.find("entered as 102 but sum(klagomal..berom) gives 101"), std::string::npos)
        << d.items()[0].message;
}

}  // namespace
}  // namespace tertial
