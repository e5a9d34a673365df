// Seed 001 (Östersund SAN, verksamhetsplan 2022): the example checks clean and reproduces the seed's printed totals.
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

using test::messages;
using test::slurp;
using test::Texts;

class Seed001 : public test::ExampleFixture {
protected:
    void SetUp() override { load("examples/ostersund/san-verksamhetsplan-2022.json"); }
};

const std::vector<std::string> drift_columns{"utfall_2020", "budget_2021", "budget_2022", "plan_2023", "plan_2024"};
const std::vector<std::string> investering_columns{"budget_2022", "plan_2023", "plan_2024", "behov_efter_2024"};

TEST_F(Seed001, ChecksClean) { EXPECT_TRUE(diagnostics_.empty()) << messages(diagnostics_); }

TEST_F(Seed001, IsThePlanFor2022) {
    EXPECT_EQ(report_.meta.kind, ReportKind::verksamhetsplan);
    EXPECT_EQ(report_.meta.period.year, 2022);
    EXPECT_EQ(report_.meta.municipality.scb_code, "2380");
}

// 5.1 Driftsredovisning: every total row, in every column, computed and as printed.
TEST_F(Seed001, DriftTotalsAreComputedAsPrinted) {
    EXPECT_EQ(row("drift", "summa_intakter", drift_columns), (Texts{"572,5", "518,3", "576,8", "568,5", "566,6"}));
    EXPECT_EQ(row("drift", "summa_kostnader", drift_columns), (Texts{"594,1", "518,3", "576,8", "568,5", "566,6"}));
    EXPECT_EQ(row("drift", "resultat", drift_columns), (Texts{"-21,6", "0,0", "0,0", "0,0", "0,0"}));
    for (const char* r : {"summa_intakter", "summa_kostnader", "resultat"})
        for (const auto& c : drift_columns)
            EXPECT_EQ(source(std::string("drift.") + r + "." + c), FigureSource::computed) << r << "." << c;
}

TEST_F(Seed001, DriftKeepsEmptyCellsEmpty) {
    EXPECT_EQ(row("drift", "internranta", {"utfall_2020", "budget_2022"}), (Texts{"", "0,1"}));
    EXPECT_EQ(row("drift", "interna_hyresintakter", drift_columns), (Texts{"", "", "", "", ""}));
    // The varav row is printed but not counted twice in SUMMA KOSTNADER.
    EXPECT_EQ(row("drift", "varav_arvoden", {"budget_2022"}), (Texts{"24,9"}));
}

// 5.2 Effektiviseringar: the printed sum, and each row as the sum of the amounts its text names.
TEST_F(Seed001, EffektiviseringarTotal) {
    EXPECT_EQ(row("effektiviseringar", "summa", {"budget_2022"}), (Texts{"5,8"}));
    EXPECT_EQ(source("effektiviseringar.summa.budget_2022"), FigureSource::computed);
    EXPECT_EQ(fig("eff_ny_teknik_delar"), "2,1");            // E-tjänst 1,5 + Talsyntes 0,6
    EXPECT_EQ(fig("eff_oppenvard_barn_unga_delar"), "2,4");  // Nova 2,1 + Signs of Safety 0,3
    EXPECT_TRUE(has_text("Ekonomiskt bistånd 1,3\u00A0mnkr"));
    EXPECT_TRUE(has_text("minska försörjningsstödet med 1,2\u00A0mnkr"));  // printed so beside the row's 1,3
}

// 5.3 Investeringar (tkr): SUMMA MÅL 8 and TOTAL as printed; "Behov efter 2024" is a printed 0, not empty.
TEST_F(Seed001, InvesteringarTotals) {
    EXPECT_EQ(row("investeringar", "summa_mal8", investering_columns), (Texts{"1 200", "1 200", "1 200", "0"}));
    EXPECT_EQ(row("investeringar", "total", investering_columns), (Texts{"1 200", "1 200", "1 200", "0"}));
    for (const auto& c : investering_columns) EXPECT_EQ(source("investeringar.total." + c), FigureSource::computed) << c;
}

}  // namespace
}  // namespace tertial
