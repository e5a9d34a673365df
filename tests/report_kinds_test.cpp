// Report kinds for every committee (issue 20, point 3): `tertial new` for every kind through the real binary, a nämnd's
// short name and several committee plugins, layouts per nämnd, the period a kind accepts, no month after the period.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/cli/plugin_conformance.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/resolve.hpp"
#include "tertial/skeleton.hpp"
#include "tertial/walk.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct Made {
    RunResult run;
    Json report;
};

Made make(const TempDir& tmp, std::vector<std::string> args) {
    std::vector<std::string> all{"new"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"-o", "r.json"});
    Made m{run_tertial(all, tmp.path().string()), Json()};
    if (m.run.exit_code == 0) m.report = Json::parse(slurp(tmp.path() / "r.json"));
    return m;
}

// Every block of `j`'s body (sections opened), in document order.
void blocks_of(const Json& blocks, std::vector<const Json*>& out) {
    for (const auto& b : blocks) {
        out.push_back(&b);
        if (b.at("type") == "section") blocks_of(b.at("body"), out);
    }
}

std::vector<const Json*> blocks(const Json& report, const std::string& type) {
    std::vector<const Json*> all, out;
    blocks_of(report.at("body"), all);
    for (const auto* b : all)
        if (b->at("type") == type) out.push_back(b);
    return out;
}

const Json* table(const Json& report, const std::string& id) {
    for (const auto* t : blocks(report, "table"))
        if (t->at("id") == id) return t;
    return nullptr;
}

std::vector<std::string> section_titles(const Json& report) {
    std::vector<std::string> out;
    for (const auto& b : report.at("body")) out.push_back(b.at("title"));
    return out;
}

// ---- every kind, every committee ----------------------------------------------------------

struct KindCase {
    const char* municipality;
    const char* committee;
    const char* kind;
    const char* period;
};

class EveryKind : public ::testing::TestWithParam<KindCase> {};

// The report a user gets for each kind checks with nothing but to-dos.
TEST_P(EveryKind, NewMakesAReportThatChecksCleanButForTodos) {
    const KindCase& c = GetParam();
    TempDir tmp;
    Made m = make(tmp, {"--municipality", c.municipality, "--committee", c.committee, "--kind", c.kind, "--period", c.period});
    ASSERT_EQ(m.run.exit_code, 0) << m.run.err;
    EXPECT_EQ(m.report.at("meta").at("kind"), c.kind);
    EXPECT_EQ(m.report.at("meta").at("period").at("end"), c.period);
    RunResult checked = run_tertial({"check", "r.json"}, tmp.path().string());
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    EXPECT_FALSE(contains(checked.err, "error[")) << checked.err;
    std::size_t warnings = 0, todos = 0;
    for (std::size_t at = 0; (at = checked.err.find("warning[", at)) != std::string::npos; ++at) ++warnings;
    for (std::size_t at = 0; (at = checked.err.find("warning[todo]", at)) != std::string::npos; ++at) ++todos;
    EXPECT_GT(todos, 0u);
    EXPECT_EQ(warnings, todos) << checked.err;
}

INSTANTIATE_TEST_SUITE_P(
    Committees, EveryKind,
    ::testing::Values(KindCase{"ostersund", "social_services", "tertialrapport", "2021-08-31"},
                      KindCase{"ostersund", "social_services", "delarsrapport", "2021-08-31"},
                      KindCase{"ostersund", "social_services", "delarsrapport", "2021-04-30"},
                      KindCase{"ostersund", "social_services", "verksamhetsplan", "2022-12-31"},
                      KindCase{"ostersund", "social_services", "verksamhetsberattelse", "2021-12-31"},
                      KindCase{"ostersund", "social_services", "kvalitetsrapport", "2021-12-31"},
                      KindCase{"ostersund", "labour_market", "delarsrapport", "2021-08-31"},
                      KindCase{"ostersund", "labour_market", "verksamhetsberattelse", "2021-12-31"},
                      KindCase{"ostersund", "labour_market", "kvalitetsrapport", "2021-12-31"},
                      KindCase{"ostersund", "SAN", "delarsrapport", "2021-04-30"},
                      KindCase{"ostersund", "SAN", "verksamhetsberattelse", "2021-12-31"},
                      KindCase{"ostersund", "VON", "tertialrapport", "2021-04-30"},
                      KindCase{"ostersund", "VON", "kvalitetsrapport", "2021-12-31"},
                      KindCase{"harnosand", "SN", "tertialrapport", "2021-04-30"},
                      KindCase{"harnosand", "elderly_care", "delarsrapport", "2021-08-31"},
                      KindCase{"harnosand", "elderly_care", "verksamhetsberattelse", "2021-12-31"},
                      KindCase{"harnosand", "SN", "verksamhetsplan", "2022-12-31"}));

// ---- a nämnd by its short name, several committee plugins ----------------------------------

TEST(NewCommittee, AShortNameGivesEveryCommitteePluginOfTheNamnd) {
    TempDir tmp;
    Made m = make(tmp, {"--municipality", "ostersund", "--committee", "SAN", "--kind", "tertialrapport", "--period", "2021-04-30"});
    ASSERT_EQ(m.run.exit_code, 0) << m.run.err;
    const Json& meta = m.report.at("meta");
    EXPECT_EQ(meta.at("plugins"), Json::parse(R"(["ostersund", "social_services", "labour_market"])"));
    EXPECT_EQ(meta.at("committee").at("short_name"), "SAN");
    EXPECT_EQ(meta.at("title"), "Tertialrapport 1 2021 för Social- och arbetsmarknadsnämnden");
    // Sections of the same title are one: the two templates make one report.
    EXPECT_EQ(section_titles(m.report),
              (std::vector<std::string>{"Nämndens ansvarsområde", "Förvaltningschefen har ordet", "Kommunövergripande mål och uppdrag",
                                        "Nyckeltal och verksamhetsutveckling", "Ekonomi"}));
    // One key-figure table with both catalogues, one driftredovisning, the goals once.
    auto key_figures = blocks(m.report, "key_figures");
    ASSERT_EQ(key_figures.size(), 1u);
    std::vector<std::string> ids;
    for (const auto& k : key_figures[0]->at("groups")[0].at("items")) ids.push_back(k.at("id"));
    EXPECT_NE(std::find(ids.begin(), ids.end(), "ifo_ekb_andel_invanare"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "am_forvarvsarbetande"), ids.end());
    auto tables = blocks(m.report, "table");
    EXPECT_EQ(std::count_if(tables.begin(), tables.end(), [](const Json* t) { return t->at("id") == "drift"; }), 1);
    std::size_t goal_sections = 0;
    for (const auto* s : blocks(m.report, "section")) goal_sections += s->contains("goal");
    EXPECT_EQ(goal_sections, 8u);
    // The same as naming both plugins; the short name in any case.
    Made repeated = make(tmp, {"--municipality", "ostersund", "--committee", "social_services", "--committee", "labour_market",
                               "--kind", "tertialrapport", "--period", "2021-04-30", "--force"});
    ASSERT_EQ(repeated.run.exit_code, 0) << repeated.run.err;
    EXPECT_EQ(repeated.report, m.report);
    Made lower = make(tmp, {"--municipality", "ostersund", "--committee", "san", "--kind", "tertialrapport", "--period", "2021-04-30",
                            "--force"});
    ASSERT_EQ(lower.run.exit_code, 0) << lower.run.err;
    EXPECT_EQ(lower.report, m.report);
}

TEST(NewCommittee, TwoNamnderAreRefused) {
    TempDir tmp;
    Made m = make(tmp, {"--municipality", "ostersund", "--committee", "SAN", "--committee", "VON", "--kind", "tertialrapport",
                        "--period", "2021-04-30"});
    EXPECT_EQ(m.run.exit_code, 1);
    EXPECT_EQ(m.run.err, "tertial: error[new.committee]: --committee names two nämnder, SAN and VON: a report is one nämnd's\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "r.json"));
    Made mixed = make(tmp, {"--municipality", "ostersund", "--committee", "social_services", "--committee", "elderly_care",
                            "--kind", "tertialrapport", "--period", "2021-04-30"});
    EXPECT_EQ(mixed.run.exit_code, 1);
    EXPECT_EQ(mixed.run.err,
              "tertial: error[new.no_committee]: municipality plugin 'ostersund' names no committee for the committee plugins "
              "'social_services', 'elderly_care'\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "r.json"));
}

// ---- layouts per nämnd ---------------------------------------------------------------------

TEST(NewLayouts, EachNamndGetsItsOwnLayout) {
    TempDir tmp;
    Made san = make(tmp, {"--municipality", "ostersund", "--committee", "SAN", "--kind", "tertialrapport", "--period", "2021-04-30"});
    ASSERT_EQ(san.run.exit_code, 0) << san.run.err;
    const Json* p = table(san.report, "prognos");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->at("rows")[0].at("label"), "Institutionsvård barn och unga");
    EXPECT_EQ(p->at("rows").back().at("label"), "Summa prognos helår 2021");
    Made von = make(tmp, {"--municipality", "ostersund", "--committee", "VON", "--kind", "tertialrapport", "--period", "2021-04-30",
                          "--force"});
    ASSERT_EQ(von.run.exit_code, 0) << von.run.err;
    p = table(von.report, "prognos");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->at("rows")[0].at("label"), "Hemtjänst");
    // Both share the municipality's driftredovisning, given for every nämnd.
    EXPECT_EQ(table(san.report, "drift")->at("rows"), table(von.report, "drift")->at("rows"));
    // Härnösand gives no forecast per verksamhet: the template leaves it out.
    Made sn = make(tmp, {"--municipality", "harnosand", "--committee", "SN", "--kind", "tertialrapport", "--period", "2021-04-30",
                         "--force"});
    ASSERT_EQ(sn.run.exit_code, 0) << sn.run.err;
    EXPECT_EQ(table(sn.report, "prognos"), nullptr);
}

// A municipality plugin and committee plugins as the host records them, so
// that the choice of layout is tested on its own.
struct Plugins {
    LoadedPlugin municipality, social, labour;
    Plugins() {
        municipality.id = "testby";
        municipality.kind = PluginKind::municipality;
        municipality.municipality = Municipality{"Testby kommun", "9999"};
        municipality.committees = {{"social_services", {"Socialnämnden", "SN"}, "Socialförvaltningen"},
                                   {"labour_market", {"Kommunstyrelsen", "KS"}, "Kommunledningsförvaltningen"}};
        auto anslag = [](const char* row, const char* label) {
            Table t;
            t.id = "anslag";
            t.unit = Unit::tkr;
            t.columns = {{"post", "Anslag", ColumnKind::label, {}, {}, {}, {}, {}},
                         {"budget", "Budget {year}", ColumnKind::amount, {}, {}, {}, ColumnRole{ColumnRoleType::budget, {}, {}}, {}}};
            t.rows = layout_rows({{row, label}});
            return t;
        };
        municipality.layouts = {{"anslag", anslag("ks", "Kommunstyrelsens anslag"), "", {}},
                                {"anslag", anslag("ifo", "Individ- och familjeomsorg"), "SN", {}}};
        social.id = "social_services";
        social.kind = PluginKind::committee;
        social.templates = {{ReportKind::tertialrapport, {{"Ekonomi", {table_layout("anslag")}, {}}}}};
        labour = social;
        labour.id = "labour_market";
    }
};

std::string first_row(const Report& r) {
    for (const auto& b : r.body)
        if (const auto* s = std::get_if<Section>(&b.content))
            for (const auto& inner : s->body)
                if (const auto* t = std::get_if<Table>(&inner.content)) return t->rows.at(0).label;
    return "";
}

TEST(NewLayouts, ALayoutForOneNamndIsNotAnothersAndTheOneForEveryNamndIsTheRest) {
    Plugins p;
    Diagnostics d;
    auto sn = make_skeleton({p.municipality, {&p.social}, "", ReportKind::tertialrapport, {2021, 4, 30}, std::nullopt}, d);
    ASSERT_TRUE(sn) << d.items().size();
    EXPECT_EQ(first_row(*sn), "Individ- och familjeomsorg");
    auto ks = make_skeleton({p.municipality, {&p.labour}, "", ReportKind::tertialrapport, {2021, 4, 30}, std::nullopt}, d);
    ASSERT_TRUE(ks);
    EXPECT_EQ(first_row(*ks), "Kommunstyrelsens anslag");
    EXPECT_TRUE(d.empty());
    // Without the layout for every nämnd, KS has none: said, naming both.
    p.municipality.layouts.erase(p.municipality.layouts.begin());
    Diagnostics missing;
    EXPECT_FALSE(make_skeleton({p.municipality, {&p.labour}, "", ReportKind::tertialrapport, {2021, 4, 30}, std::nullopt}, missing));
    ASSERT_EQ(missing.items().size(), 1u);
    EXPECT_EQ(missing.items()[0].message,
              "the template of 'labour_market' needs the table layout 'anslag', which municipality plugin 'testby' lacks (for every "
              "nämnd, or for KS)");
}

TEST(NewLayouts, APluginServingTwoNamnderNeedsTheShortName) {
    Plugins p;
    p.municipality.committees.push_back({"social_services", {"Arbetsmarknadsnämnden", "AMN"}, "Arbetsmarknadsförvaltningen"});
    Diagnostics d;
    EXPECT_FALSE(make_skeleton({p.municipality, {&p.social}, "", ReportKind::tertialrapport, {2021, 4, 30}, std::nullopt}, d));
    ASSERT_EQ(d.items().size(), 1u);
    EXPECT_EQ(d.items()[0].code, "new.committee");
    EXPECT_EQ(d.items()[0].message,
              "committee plugin 'social_services' serves 2 nämnder of 'testby': name one by its short name, e.g. --committee SN");
    Diagnostics named;
    auto amn = make_skeleton({p.municipality, {&p.social}, "AMN", ReportKind::tertialrapport, {2021, 4, 30}, std::nullopt}, named);
    ASSERT_TRUE(amn);
    EXPECT_EQ(amn->meta.committee.name, "Arbetsmarknadsnämnden");
    EXPECT_EQ(first_row(*amn), "Kommunstyrelsens anslag");
}

// ---- the period a kind accepts -------------------------------------------------------------

TEST(NewPeriod, APeriodTheKindDoesNotEndOnIsRefusedSayingWhichItDoes) {
    TempDir tmp;
    struct Case {
        const char *municipality, *kind, *period, *message;
    };
    for (const Case& c : {
             Case{"ostersund", "tertialrapport", "2021-05-31",
                  "a tertialrapport ends on 30 April or 31 August, not on 2021-05-31: give --period one of those days"},
             Case{"ostersund", "tertialrapport", "2021-12-31",
                  "a tertialrapport ends on 30 April or 31 August, not on 2021-12-31: give --period one of those days"},
             Case{"ostersund", "delarsrapport", "2021-09-30",
                  "a delarsrapport ends on 30 April, 30 June or 31 August, not on 2021-09-30: give --period one of those days"},
             Case{"harnosand", "delarsrapport", "2021-04-30",
                  "a delarsrapport ends on 30 June or 31 August, not on 2021-04-30: give --period one of those days"},
             Case{"ostersund", "verksamhetsplan", "2022-04-30",
                  "a verksamhetsplan ends on 31 December, not on 2022-04-30: give --period one of those days"},
             Case{"ostersund", "verksamhetsberattelse", "2021-08-31",
                  "a verksamhetsberattelse ends on 31 December, not on 2021-08-31: give --period one of those days"},
         }) {
        Made m = make(tmp, {"--municipality", c.municipality, "--committee", "social_services", "--kind", c.kind, "--period", c.period});
        EXPECT_EQ(m.run.exit_code, 1) << c.kind << " " << c.period;
        EXPECT_EQ(m.run.err, fmt::format("tertial: error[new.period]: {}\n", c.message));
        EXPECT_EQ(m.run.out, "");
        EXPECT_FALSE(fs::exists(tmp.path() / "r.json"));
    }
    // A kvalitetsrapport reports what it names: any day.
    Made q = make(tmp, {"--municipality", "ostersund", "--committee", "SAN", "--kind", "kvalitetsrapport", "--period", "2020-04-30"});
    EXPECT_EQ(q.run.exit_code, 0) << q.run.err;
}

TEST(NewPeriod, CheckKnowsTheMunicipalitysOwnDays) {
    // Östersund's delårsrapport per 30 April checks clean; Tertial's own days
    // would warn about it.
    TempDir tmp;
    Made m = make(tmp, {"--municipality", "ostersund", "--committee", "SAN", "--kind", "delarsrapport", "--period", "2021-04-30"});
    ASSERT_EQ(m.run.exit_code, 0) << m.run.err;
    // Its title names the months it covers, as municipalities title them.
    EXPECT_EQ(m.report.at("meta").at("title"), "Delårsrapport januari–april 2021 för Social- och arbetsmarknadsnämnden");
    RunResult checked = run_tertial({"check", "r.json"}, tmp.path().string());
    EXPECT_FALSE(contains(checked.err, "meta.period_end")) << checked.err;
    auto read = json::read_report(slurp(tmp.path() / "r.json"));
    ASSERT_TRUE(read.report);
    Diagnostics plain;
    check_report(*read.report, plain);
    EXPECT_TRUE(std::any_of(plain.items().begin(), plain.items().end(), [](const Diagnostic& d) {
        return d.code == "meta.period_end" &&
               d.message == "a delarsrapport ends on 30 June or 31 August, not on 2021-04-30";
    }));
}

// ---- no month after the period's end -------------------------------------------------------

TEST(NewMonths, MonthColumnsAfterThePeriodHoldNothingToFillIn) {
    TempDir tmp;
    const std::vector<std::string> months = {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};
    for (auto [period, last] : {std::pair{"2021-04-30", 4}, std::pair{"2021-08-31", 8}}) {
        Made m = make(tmp, {"--municipality", "harnosand", "--committee", "elderly_care", "--kind", "tertialrapport", "--period",
                            period, "--force"});
        ASSERT_EQ(m.run.exit_code, 0) << m.run.err;
        const Json* t = table(m.report, "manad");
        ASSERT_NE(t, nullptr);
        for (const auto& row : t->at("rows")) {
            if (!row.contains("cells")) continue;
            for (int i = 0; i < 12; ++i)
                EXPECT_EQ(row.at("cells").contains(months[i]), i < last) << period << " " << row.at("id") << " " << months[i];
            EXPECT_TRUE(row.at("cells").contains("arsbudget"));
        }
    }
}

// ---- the conformance suite asks for every kind ------------------------------------------------

TEST(ConformanceKinds, ACommitteePluginWithoutEveryKindFailsNamingEach) {
    const fs::path dir = fs::path(TERTIAL_FIXTURE_PLUGIN_DIR) / "twin";
    cli::Conformance suite({dir, TERTIAL_PLUGIN_DIR});
    auto problems = suite.run("provides", {"twin", dir / "tertial_plugin_twin.so"});
    std::vector<std::string> expected;
    for (const char* kind : {"tertialrapport", "delarsrapport", "verksamhetsplan", "kvalitetsrapport", "verksamhetsberattelse"})
        expected.push_back(fmt::format("a committee plugin gives every kind of report a template; it gives a {} none", kind));
    EXPECT_EQ(problems, expected);
    // Every committee plugin in the tree has all five.
    for (const char* id : {"social_services", "labour_market", "elderly_care"})
        EXPECT_EQ(suite.run("provides", {id, fs::path(TERTIAL_PLUGIN_DIR) / fmt::format("tertial_plugin_{}.so", id)}),
                  std::vector<std::string>{})
            << id;
}

}  // namespace
}  // namespace tertial::test
