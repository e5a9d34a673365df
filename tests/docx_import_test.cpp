// `tertial import docx`: seeds 000 and 002 from Word reproduce their printed totals, flag the seed's slips, roll over
// and build; bad documents are refused with their reason and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "run_binary.hpp"
#include "tertial/docx/docx.hpp"
#include "tertial/format.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;
const fs::path kDocs = fs::path(TERTIAL_SOURCE_DIR) / "tests/docx";

// ---- the parts ---------------------------------------------------------------------

TEST(DocxPrinted, SwedishAmountsExactly) {
    auto text = [](std::string_view s) {
        auto v = docx::parse_printed(s);
        return v ? v->to_string() : std::string("(none)");
    };
    EXPECT_EQ(text("1 200"), "1200");
    EXPECT_EQ(text("1\xC2\xA0" "200,50"), "1200.50");
    EXPECT_EQ(text("\xE2\x88\x92" "2,9"), "-2.9");
    EXPECT_EQ(text("\xE2\x80\x93" "16,8"), "-16.8");
    EXPECT_EQ(text("(4,5)"), "-4.5");
    EXPECT_EQ(text("- 19 %"), "-19");
    EXPECT_EQ(text("0,0"), "0.0");
    EXPECT_EQ(text("-1 533 878"), "-1533878");
    bool percent = false;
    EXPECT_EQ(docx::parse_printed("33,3 %", &percent)->to_string(), "33.3");
    EXPECT_TRUE(percent);
    for (const char* bad : {"12 34", "1 2000", "2,", "abc", "1.200", "", "-", "3,4 mnkr", "2020-04-30"})
        EXPECT_EQ(text(bad), "(none)") << bad;
}

// ---- the seeds, imported --------------------------------------------------------------

struct Imported {
    RunResult run;
    Report report;
    Resolution resolution;
    Diagnostics diagnostics;

    // The figure printed in the row labelled `label` of table `table`, column `column` (an id).
    std::string fig(const std::string& table, const std::string& row, const std::string& column) const {
        const auto* f = resolution.find(table + "." + row + "." + column);
        return f ? f->text(NumberStyle::plain) : "(missing " + table + "." + row + "." + column + ")";
    }
    FigureSource source(const std::string& id) const {
        const auto* f = resolution.find(id);
        return f ? f->source : FigureSource::empty;
    }
    std::vector<std::string> row(const std::string& table, const std::string& r, const std::vector<std::string>& cols) const {
        std::vector<std::string> out;
        for (const auto& c : cols) out.push_back(fig(table, r, c));
        return out;
    }
    const Table* table_with_label(const std::string& label) const {
        const Table* found = nullptr;
        std::function<void(const Blocks&)> walk = [&](const Blocks& bs) {
            for (const auto& b : bs) {
                if (const auto* t = std::get_if<Table>(&b.content))
                    for (const auto& r : t->rows)
                        if (r.label == label && !found) found = t;
                if (const auto* s = std::get_if<Section>(&b.content)) walk(s->body);
            }
        };
        walk(report.body);
        return found;
    }
};

Imported import(const TempDir& dir, const std::string& document, std::vector<std::string> plugins) {
    std::vector<std::string> args{"import", "docx", (kDocs / document).string(), "-o", dir / "imported.json"};
    args.insert(args.end(), plugins.begin(), plugins.end());
    Imported out;
    out.run = run_tertial(args);
    auto read = json::read_report(slurp(dir / "imported.json"));
    if (read.report) {
        out.report = *read.report;
        out.resolution = check_report(out.report, out.diagnostics);
    }
    return out;
}

// Checks, rolls over to next year and builds: the whole of what a controller does next.
void check_roll_and_build(const TempDir& dir, const std::string& to) {
    RunResult check = run_tertial({"check", dir / "imported.json"});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_EQ(check.err.find("error["), std::string::npos) << check.err;
    RunResult roll = run_tertial({"rollover", dir / "imported.json", "--to", to, "-o", dir / "next.json"});
    EXPECT_EQ(roll.exit_code, 0) << roll.out << roll.err;
    RunResult build = run_tertial({"build", dir / "next.json", "--out", dir / "out"});
    EXPECT_EQ(build.exit_code, 0) << build.err;
    EXPECT_TRUE(fs::exists(dir.path() / "out/next.pdf"));
}

const std::vector<std::string> kOstersund{"--municipality", "ostersund", "--committee", "social_services", "--committee",
                                          "labour_market"};

TEST(DocxSeed000, TjansteskrivelseAndMeta) {
    TempDir dir;
    auto r = import(dir, "seed000.docx", kOstersund);
    ASSERT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
    const Meta& m = r.report.meta;
    EXPECT_EQ(m.title, "Delårsrapport Tertial 1 för Social- och arbetsmarknadsnämnden, april 2020");
    EXPECT_EQ(m.kind, ReportKind::tertialrapport);
    EXPECT_EQ(m.period.end.to_string(), "2020-04-30");
    EXPECT_EQ(m.date.to_string(), "2020-05-11");
    EXPECT_EQ(m.committee.short_name, "SAN");
    EXPECT_EQ(m.status, ReportStatus::utkast);
    EXPECT_EQ(m.todo, std::vector<MetaTodo>{MetaTodo::dnr});
    ASSERT_EQ(m.signatories.size(), 2u);
    EXPECT_EQ(m.signatories[0].name, "Helén Eurenius");
    EXPECT_EQ(m.signatories[0].title, "Förvaltningschef");
    EXPECT_EQ(m.signatories[1].id, "ekonomichef");
    ASSERT_TRUE(r.report.cover_letter);
    const CoverLetter& cl = *r.report.cover_letter;
    ASSERT_EQ(cl.proposals.size(), 3u);
    EXPECT_EQ(cl.proposals[2], "Tertialrapporten godkänns och läggs till handlingarna.");
    EXPECT_EQ(cl.send_to, std::vector<std::string>{"Kommunstyrelsen"});
    EXPECT_EQ(cl.basis.size(), 3u);
    EXPECT_EQ(cl.signatures, (std::vector<std::string>{"forvaltningschef", "ekonomichef"}));
    // The amount typed in the summary is now the driftredovisning's figure.
    ASSERT_FALSE(cl.summary.empty());
    const auto& p = std::get<Paragraph>(cl.summary[1].content);
    EXPECT_NE(p.text.find("underskott med {{drift.resultat.utfall|abs}}"), std::string::npos) << p.text;
    EXPECT_NE(r.run.out.find("text: "), std::string::npos);
    // Headings with typed numbers are numbered sections; those without are not.
    ASSERT_FALSE(r.report.body.empty());
    const auto& first = std::get<Section>(r.report.body[0].content);
    EXPECT_EQ(first.title, "Nämndens ansvarsområde");
    EXPECT_TRUE(first.numbered);
    const auto& second = std::get<Section>(r.report.body[1].content);
    const auto& sub = std::get<Section>(second.body[0].content);
    EXPECT_EQ(sub.title, "Förvaltningens verksamheter hittills under året");
    EXPECT_FALSE(sub.numbered);
}

TEST(DocxSeed000, PrintedTotalsAreCalculationsAndRollOver) {
    TempDir dir;
    auto r = import(dir, "seed000.docx", kOstersund);
    ASSERT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
    EXPECT_NE(r.run.out.find("mapped onto ostersund's layout 'driftredovisning' by row labels (22 of its 22 rows)"),
              std::string::npos)
        << r.run.out;
    const std::vector<std::string> drift{"budget", "utfall", "prognos", "utfall_fg", "utfall_fg_ar"};
    EXPECT_EQ(r.row("drift", "summa_intakter", drift), (std::vector<std::string>{"510,0", "184", "510,0", "186", "590"}));
    EXPECT_EQ(r.row("drift", "summa_kostnader", drift), (std::vector<std::string>{"510,0", "186,9", "526,8", "187", "593"}));
    EXPECT_EQ(r.row("drift", "resultat", drift), (std::vector<std::string>{"0,0", "-2,9", "-16,8", "-1", "-3"}));
    for (const char* row : {"summa_intakter", "summa_kostnader", "resultat"})
        EXPECT_EQ(r.source(std::string("drift.") + row + ".utfall"), FigureSource::computed) << row;
    // Roles from the header words, so that rollover can move them on.
    const Table* t = r.table_with_label("SUMMA INTÄKTER");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->columns[2].role, (ColumnRole{ColumnRoleType::outcome, {}, Date{2020, 4, 30}}));
    EXPECT_EQ(t->columns[4].role, (ColumnRole{ColumnRoleType::outcome_same_period_last_year, {}, Date{2019, 4, 30}}));
    EXPECT_EQ(t->columns[5].role, (ColumnRole{ColumnRoleType::outcome_last_year, 2019, {}}));
    // Effektiviseringar and investeringar.
    const Table* eff = r.table_with_label("SUMMA");
    ASSERT_TRUE(eff);
    EXPECT_EQ(r.row(eff->id, "summa", {"budget_2020", "utfall_april", "prognos"}),
              (std::vector<std::string>{"13,9", "2,675", "11,4"}));
    const Table* inv = r.table_with_label("Totalsumma");
    ASSERT_TRUE(inv);
    EXPECT_EQ(r.row(inv->id, "totalsumma", {"budget_2020", "ny_budget_2020", "utfall", "prognos"}),
              (std::vector<std::string>{"1 200", "1 200", "142", "1 200"}));
    EXPECT_EQ(r.fig(inv->id, "totalsumma", "tillaggsanslag"), "(missing " + inv->id + ".totalsumma.tillaggsanslag)");
    check_roll_and_build(dir, "2021-04-30");
}

const std::vector<std::string> kHarnosand{"--municipality", "harnosand", "--committee", "elderly_care", "--committee",
                                          "social_services"};

TEST(DocxSeed002, MonthlyTotalsAndTheSeedsFourSlips) {
    TempDir dir;
    auto r = import(dir, "seed002.docx", kHarnosand);
    ASSERT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
    const std::vector<std::string> manad{"arsbudget", "jan", "feb", "mar", "apr", "summa", "andel", "riktpunkt"};
    EXPECT_EQ(r.row("manad", "summa_intakter", manad),
              (std::vector<std::string>{"724 091", "56 597", "63 936", "58 871", "59 430", "238 833", "33,0", "100,0"}));
    EXPECT_EQ(r.row("manad", "summa_kostnader", manad),
              (std::vector<std::string>{"-724 091", "-55 097", "-82 144", "-63 539", "-64 405", "-265 184", "36,6", "100,0"}));
    EXPECT_EQ(r.row("manad", "nettokostnader", {"arsbudget", "jan", "feb", "mar", "apr", "summa"}),
              (std::vector<std::string>{"0", "1 500", "-18 208", "-4 667", "-4 976", "-26 351"}));
    EXPECT_EQ(r.source("manad.summa_intakter.jan"), FigureSource::computed);
    EXPECT_EQ(r.fig("manad", "skattemedel", "summa"), "203 809");  // 203 808 by its parts: rounding, kept as printed
    EXPECT_EQ(r.fig("manad", "hospice", "andel"), "56,9");
    // The four printed totals that do not add up: kept as printed, waived, listed.
    std::vector<std::string> waived;
    std::function<void(const Blocks&)> walk = [&](const Blocks& bs) {
        for (const auto& b : bs) {
            if (const auto* t = std::get_if<Table>(&b.content))
                for (const auto& row : t->rows)
                    for (const auto& [c, cell] : row.cells)
                        if (const auto* w = tertial::waived(cell))
                            waived.push_back(row.label + " " + c + ": " + format_number(w->value, {}, NumberStyle::plain) + "; " +
                                             w->reason + "; accepts " + (w->accepts ? w->accepts->to_string() : "any"));
            if (const auto* s = std::get_if<Section>(&b.content)) walk(s->body);
        }
    };
    walk(r.report.body);
    // Each waiver accepts what the rows gave, so a row corrected later brings the check back.
    EXPECT_EQ(waived, (std::vector<std::string>{"Antal brukare m2020_05: 586; Tryckt så i källan; raderna ger 604; accepts 604",
                                                "Antal dygn m2020_05: 2 246; Tryckt så i källan; raderna ger 2 255; accepts 2255",
                                                "Antal dygn m2021_01: 1 780; Tryckt så i källan; raderna ger 1 768; accepts 1768",
                                                "Antal dygn m2021_02: 1 624; Tryckt så i källan; raderna ger 1 636; accepts 1636"}));
    EXPECT_NE(r.run.out.find("not adding up (4)"), std::string::npos) << r.run.out;
    EXPECT_NE(r.run.out.find("Antal brukare, Maj: printed 586, the rows give 604"), std::string::npos) << r.run.out;
    // Ekonomiskt bistånd: per-tertial subtotals, a grand total of them, differences as column calculations.
    const Table* eb = r.table_with_label("Tertial 1 Summa");
    ASSERT_TRUE(eb);
    EXPECT_EQ(r.row(eb->id, "totalsumma", {"ar2020_utbetalt", "ar2021_utbetalt", "skillnad", "skillnad_kr"}),
              (std::vector<std::string>{"22 165 556", "6 285 656", "-72", "-15 879 900"}));
    EXPECT_EQ(r.source(eb->id + ".tertial_1_summa.skillnad_kr"), FigureSource::computed);
    check_roll_and_build(dir, "2022-04-30");

    // A row of "Antal brukare" in May corrected after the import: its total's waiver no longer holds.
    Report corrected = r.report;
    bool changed = false;
    std::function<void(Blocks&)> correct = [&](Blocks& bs) {
        for (auto& b : bs) {
            if (auto* t = std::get_if<Table>(&b.content)) {
                bool waived_here = false;
                for (const auto& row : t->rows)
                    for (const auto& [c, cell] : row.cells)
                        waived_here |= row.label == "Antal brukare" && c == "m2020_05" && tertial::waived(cell) != nullptr;
                for (auto& row : t->rows)
                    for (auto& [c, cell] : row.cells)
                        if (waived_here && !changed && c == "m2020_05")
                            if (auto* d = std::get_if<Decimal>(&cell)) {
                                *d = *d + *Decimal::parse("1");
                                changed = true;
                            }
            }
            if (auto* sec = std::get_if<Section>(&b.content)) correct(sec->body);
        }
    };
    correct(corrected.body);
    ASSERT_TRUE(changed);
    Diagnostics diags;
    check_report(corrected, diags);
    std::string errors;
    for (const auto& d : diags.items())
        if (d.code == "check.waiver") errors += d.message + "\n";
    EXPECT_NE(errors.find("waived as printed (586)"), std::string::npos) << errors;
    EXPECT_NE(errors.find("but it now gives 605"), std::string::npos) << errors;
}

// ---- bad documents: a clear reason, exit 1, nothing written -------------------------------

void expect_refused(const std::string& file, const std::string& message) {
    TempDir dir;
    RunResult r = run_tertial({"import", "docx", "tests/docx/bad/" + file, "--municipality", "ostersund", "--committee",
                               "social_services", "-o", dir / "r.json"});
    EXPECT_EQ(r.exit_code, 1) << file << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << file << ": " << r.err;
    EXPECT_NE(r.err.find("tertial import docx: nothing written"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir.path())) << file;
}

TEST(DocxBad, NotAZip) {
    expect_refused("not_a_zip.docx", "tests/docx/bad/not_a_zip.docx: error: not a Word document (.docx): it is not a ZIP "
                                     "archive, which every .docx is");
}
TEST(DocxBad, NoDocumentPart) {
    expect_refused("no_document.docx",
                   "tests/docx/bad/no_document.docx: error: not a Word document: the ZIP archive has no word/document.xml");
}
TEST(DocxBad, PasswordProtected) {
    expect_refused("encrypted.docx", "error: not a Word document (.docx): it is an OLE compound file: either a "
                                     "password-protected (encrypted) Word document");
}
TEST(DocxBad, ZipBombByRatio) {
    expect_refused("bomb.docx", "the document's part word/document.xml unpacks 50331648 bytes from");
}
TEST(DocxBad, ZipBombByDeclaredSize) {
    expect_refused("declares_huge.docx", "the document's part word/document.xml unpacks to 3221225472 bytes, more than the "
                                         "64 MiB a part may have");
}
TEST(DocxBad, MergedCells) {
    expect_refused("merged_cells.docx", "table 1, row 2, column 2: a cell merged across 2 columns (gridSpan); Tertial reads one figure per cell");
}
TEST(DocxBad, NotXml) { expect_refused("not_xml.docx", "the document's part word/document.xml is not well-formed XML"); }

TEST(DocxBad, OutputExists) {
    TempDir dir;
    { std::ofstream(dir / "r.json") << "{}"; }
    RunResult r = run_tertial({"import", "docx", "tests/docx/seed000.docx", "--municipality", "ostersund", "--committee",
                               "social_services", "-o", dir / "r.json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("exists; choose another file or pass --force"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(dir / "r.json"), "{}");
}

}  // namespace
}  // namespace tertial::test
