// Grids as a typesetter sets them (issue 19): a column empty in every row
// is left out of every kind of table -- report tables, uppdrag with their
// kommentar, nyckeltal -- unless the report asks for it (a blank given, a
// figure or kommentar still to come); the last lines of a document after a
// landscape table stay on its page when they fit there. Laid out in-process,
// read from the layout's structure tree and items.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include "drawn_run.hpp"
#include "pdf_laid_out.hpp"

namespace tertial::test {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// The text drawn inside element `e` and everything in it.
std::string text_in(const pdf::Document& doc, std::size_t e) {
    std::vector<bool> inside(doc.structure.size(), false);
    std::function<void(std::size_t)> mark = [&](std::size_t x) {
        inside[x] = true;
        for (std::size_t k : doc.structure[x].children) mark(k);
    };
    mark(e);
    std::string text;
    for (const auto& page : doc.pages)
        for (const auto& group : page.content)
            if (group.element && inside[*group.element])
                for (const auto& item : group.items)
                    if (const auto* t = std::get_if<pdf::TextItem>(&item)) {
                        if (!text.empty() && text.back() != ' ') text += ' ';
                        text += drawn(*t).text;
                    }
    return text;
}

// The first table's rows (header first), each its cells' texts.
Rows first_table(const pdf::Document& doc) {
    Rows rows;
    for (std::size_t t = 0; t < doc.structure.size(); ++t) {
        if (doc.structure[t].role != "Table") continue;
        for (std::size_t part : doc.structure[t].children)
            for (std::size_t tr : doc.structure[part].children) {
                if (doc.structure[tr].role != "TR") continue;
                rows.emplace_back();
                for (std::size_t cell : doc.structure[tr].children) rows.back().push_back(text_in(doc, cell));
            }
        break;
    }
    return rows;
}

std::string assignments(const std::string& items) {
    return R"({"type": "assignments", "source": "kf", "items": [)" + items + "]}";
}

std::string key_figures(const std::string& items) {
    return R"({"type": "key_figures", "groups": [{"goal": "3. Ett mål", "items": [)" + items + "]}]}";
}

// A key figure; by default as a verksamhetsplan lists it: no year, no
// outcome, no comment.
std::string key_figure(const std::string& id, const std::string& year = "", const std::string& value = "null",
                       const std::string& comment = "", const std::string& more = "") {
    return fmt::format(R"({{"id": "{}", "name": "Nyckeltal {}", "unit": "%", "year": "{}", "value": {}, "comment": "{}"{}}})", id, id,
                       year, value, comment, more);
}

class Grid : public Laid {
protected:
    Rows rows_of(const std::string& blocks, const std::string& version = "1.0") {
        std::string json = report(blocks);
        json.replace(json.find("\"1.0\""), 5, "\"" + version + "\"");
        return first_table(lay_out(json));
    }
};

TEST_F(Grid, UppdragWithoutAnyKommentarAreOneColumn) {
    Rows rows = rows_of(assignments(R"({"text": "Minska sjukfrånvaron", "clarification": "Genom friskvård.", "comment": []},
                                       {"text": "Öka tillsynen", "comment": []})"));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], std::vector<std::string>{"Uppdrag"});
    EXPECT_EQ(rows[1], std::vector<std::string>{"Minska sjukfrånvaron Förtydligande: Genom friskvård."});
    EXPECT_EQ(rows[2], std::vector<std::string>{"Öka tillsynen"});
}

// One kommentar, one to be written (an uppdrag carried over, under review)
// or one given blank to fill in by hand keeps the column, in every row.
TEST_F(Grid, AKommentarGivenOrToWriteKeepsTheColumn) {
    const std::string bare = R"({"text": "Öka tillsynen", "comment": []})";
    for (const std::string& other : {std::string(R"({"text": "Minska sjukfrånvaron", "comment": ["Sjukfrånvaron har minskat."]})"),
                                     std::string(R"({"text": "Minska sjukfrånvaron", "comment": [""]})"),
                                     std::string(R"({"text": "Minska sjukfrånvaron", "comment": [],
                                                     "review": {"previous": ["Förra årets kommentar."]}})")}) {
        Rows rows = rows_of(assignments(other + ", " + bare), "1.1");
        ASSERT_EQ(rows.size(), 3u) << other;
        EXPECT_EQ(rows[0], (std::vector<std::string>{"Uppdrag", "Kommentar"})) << other;
        EXPECT_EQ(rows[2], (std::vector<std::string>{"Öka tillsynen", ""})) << other;
    }
}

// A verksamhetsplan's nyckeltal catalogue: names under their goals, with
// no empty År, Utfall and Kommentar beside them.
TEST_F(Grid, AKeyFigureCatalogueIsItsNamesUnderTheirGoals) {
    Rows rows = rows_of(key_figures(key_figure("a") + ", " + key_figure("b")));
    EXPECT_EQ(rows, (Rows{{"Nyckeltal"}, {"3. Ett mål"}, {"Nyckeltal a"}, {"Nyckeltal b"}}));
}

TEST_F(Grid, KeyFigureColumnsArePrintedWhenSomeRowHasThem) {
    // A comment in one row.
    EXPECT_EQ(rows_of(key_figures(key_figure("a", "", "null", "Typ: KF") + ", " + key_figure("b"))),
              (Rows{{"Nyckeltal", "Kommentar"}, {"3. Ett mål"}, {"Nyckeltal a", "Typ: KF"}, {"Nyckeltal b", ""}}));
    // An outcome with its year.
    EXPECT_EQ(rows_of(key_figures(key_figure("a", "2020", "\"12.5\"") + ", " + key_figure("b"))),
              (Rows{{"Nyckeltal", "År", "Utfall"}, {"3. Ett mål"}, {"Nyckeltal a", "2020", "12,5\u00A0%"}, {"Nyckeltal b", "", ""}}));
    // An outcome still to be filled in keeps its column and its year's, empty.
    EXPECT_EQ(rows_of(key_figures(key_figure("a", "", "null", "", R"(, "todo": true)") + ", " + key_figure("b"))),
              (Rows{{"Nyckeltal", "År", "Utfall"}, {"3. Ett mål"}, {"Nyckeltal a", "", ""}, {"Nyckeltal b", "", ""}}));
}

// Report tables follow the same rule through the same code: a text column
// never given and a figure column with no figure are left out; a blank
// given ("") and a figure to fill in ({"todo": true}) keep theirs.
TEST_F(Grid, ReportTablesLeaveOutTheColumnsNoRowHas) {
    const std::string columns = R"("columns": [{"id": "post", "title": "Post", "kind": "label"},
        {"id": "budget", "title": "Budget"}, {"id": "utfall", "title": "Utfall"}, {"id": "prognos", "title": "Prognos"},
        {"id": "not", "title": "Not", "kind": "text"}, {"id": "kommentar", "title": "Kommentar", "kind": "text"}])";
    Rows rows = rows_of(R"({"type": "table", "id": "t", "unit": "mnkr", )" + columns + R"(, "rows": [
        {"id": "a", "label": "Intäkter", "cells": {"budget": "1.5", "utfall": {"todo": true}, "kommentar": ""}},
        {"id": "b", "label": "Kostnader", "cells": {"budget": "-2.5"}}]})");
    EXPECT_EQ(rows, (Rows{{"Post", "Budget", "Utfall", "Kommentar"}, {"Intäkter", "1,5", "", ""}, {"Kostnader", "\u22122,5", "", ""}}));
}

// A table's header cells and long text cells are not copied into its
// pages: their items refer to their lines as the text cache broke them
// (TextItem::lines) and are drawn from there. A short body cell (a row's
// label) is the cache's too in a report with few table rows; in one with
// many it is broken for its row alone and holds its own glyphs, as a figure
// does (neither is kept in the cache). Every figure's decimal comma stands
// under the one above it.
TEST_F(Grid, ATablesLongCellsReferToTheirLinesItsShortOnesAndFiguresHoldTheirGlyphs) {
    const std::string columns = R"("columns": [{"id": "post", "title": "Post", "kind": "label"},
        {"id": "utfall", "title": "Utfall"}, {"id": "not", "title": "Not", "kind": "text"}])";
    const std::string table = R"({"type": "table", "id": "t", "unit": "mnkr", )" + columns + R"(, "rows": [
        {"id": "a", "label": "Intäkter från avgifter och ersättningar", "cells": {"utfall": "1.5", "not": "Enligt plan"}},
        {"id": "b", "label": "Kostnader", "cells": {"utfall": "-1234.5", "not": "Lägre än väntat: färre placeringar och en vakant tjänst hela tertialen"}},
        {"id": "c", "label": "Netto", "cells": {"utfall": "100.2", "not": ""}}]})";
    // 500 rows more, in a second table: over the 500 of a short report.
    std::string filler = R"({"type": "table", "id": "lang", "unit": "mnkr", "columns": [{"id": "post", "title": "Post", "kind": "label"},
        {"id": "utfall", "title": "Utfall"}], "rows": [)";
    for (int i = 0; i < 500; ++i)
        filler += (i ? ", " : "") + std::string(R"({"id": "r)") + std::to_string(i) + R"(", "label": "Rad )" + std::to_string(i) +
                  R"(", "cells": {"utfall": "1"}})";
    filler += "]}";
    const std::string note = "Lägre än väntat: färre placeringar och en vakant tjänst hela tertialen";
    for (bool many_rows : {false, true}) {
        SCOPED_TRACE(many_rows ? "503 rows" : "3 rows");
        const pdf::Document doc = lay_out(report(many_rows ? table + ", " + filler : table));
        EXPECT_EQ(first_table(doc), (Rows{{"Post", "Utfall", "Not"},
                                          {"Intäkter från avgifter och ersättningar", "1,5", "Enligt plan"},
                                          {"Kostnader", "\u22121\u00A0234,5", note},
                                          {"Netto", "100,2", ""}}));
        // The first table's cells.
        std::vector<bool> cell(doc.structure.size(), false);
        std::size_t first = 0;
        while (first < doc.structure.size() && doc.structure[first].role != "Table") ++first;
        ASSERT_LT(first, doc.structure.size());
        std::vector<std::size_t> todo{first};
        while (!todo.empty()) {
            std::size_t e = todo.back();
            todo.pop_back();
            cell[e] = doc.structure[e].role == "TD" || doc.structure[e].role == "TH";
            todo.insert(todo.end(), doc.structure[e].children.begin(), doc.structure[e].children.end());
        }
        std::size_t referring = 0, own = 0, figures = 0;
        std::vector<double> commas;
        for (const auto& page : doc.pages)
            for (const auto& group : page.content)
                for (const auto& item : group.items) {
                    const auto* t = std::get_if<pdf::TextItem>(&item);
                    if (!t || !group.element || !cell[*group.element]) continue;
                    const pdf::GlyphRun run = drawn(*t);
                    const bool figure = std::isdigit(static_cast<unsigned char>(run.text.back())) != 0;
                    if (!figure) {
                        const bool header = doc.structure[*group.element].role == "TH" && doc.structure[*group.element].scope &&
                                            *doc.structure[*group.element].scope == "Column";
                        // The note is longer than a short cell (64 bytes); this may be any line of it.
                        const bool long_cell = note.find(run.text) != std::string::npos;
                        if (header || long_cell || !many_rows) {
                            EXPECT_TRUE(t->lines) << run.text << ": a copy";
                            EXPECT_TRUE(t->run.glyphs.empty()) << run.text;
                            ++referring;
                        } else {
                            EXPECT_FALSE(t->lines) << run.text << ": refers to lines no one keeps";
                            EXPECT_FALSE(t->run.glyphs.empty()) << run.text;
                            ++own;
                        }
                        continue;
                    }
                    EXPECT_FALSE(t->lines) << run.text;
                    ++figures;
                    const std::size_t comma = run.text.find(',');
                    ASSERT_NE(comma, std::string::npos) << run.text;
                    std::size_t k = 0;
                    while (run.glyphs[k].cluster < comma) ++k;
                    commas.push_back(t->x + run.width(k));
                }
        EXPECT_EQ(figures, 3u);
        if (many_rows) {
            EXPECT_GE(referring, 4u);  // the header's 3 titles, the long note's lines
            EXPECT_EQ(own, 4u);        // 3 labels, the short note
        } else {
            EXPECT_GE(referring, 8u);  // and the 3 labels and the short note
            EXPECT_EQ(own, 0u);
        }
        ASSERT_EQ(commas.size(), 3u);
        EXPECT_NEAR(commas[0], commas[1], 1e-9);
        EXPECT_NEAR(commas[0], commas[2], 1e-9);
    }
}

// ---- goals --------------------------------------------------------------------------------

// A verksamhetsplan states its goals; their status, not yet assessed, is
// not printed under each ("Måluppfyllelse: – Ej bedömd" said nothing, seed
// 001 has no such line). A tertial report shows it, assessed or not.
TEST_F(Grid, APlanDoesNotPrintItsGoalsAsNotYetAssessed) {
    auto statuses = [&](const std::string& kind, const std::string& status) {
        std::string json = report_with_body(R"({"type": "section", "title": "Ett mål", "goal": {"id": "mal1", "status": ")" + status +
                                            R"("}, "body": [{"type": "paragraph", "text": "Text."}]})");
        json.replace(json.find("tertialrapport"), 14, kind);
        json.replace(json.find("2020-04-30"), 10, "2020-12-31");
        std::size_t n = 0;
        for (const auto& page : lay_out(json).pages)
            for (const auto& group : page.content)
                for (const auto& item : group.items)
                    if (const auto* t = std::get_if<pdf::TextItem>(&item)) n += drawn(*t).text.starts_with("Måluppfyllelse");
        return n;
    };
    EXPECT_EQ(statuses("verksamhetsplan", "ej_bedomd"), 0u);
    EXPECT_EQ(statuses("verksamhetsplan", "uppnas"), 1u);
    EXPECT_EQ(statuses("tertialrapport", "ej_bedomd"), 1u);
}

// ---- after a landscape table --------------------------------------------------------------

// An appended document holding a table too wide for a portrait page and,
// after it, `after` (JSON blocks); then, when `next_part`, another appended
// document.
std::string wide_table_document(const std::string& after, bool next_part) {
    std::string columns = R"({"id": "post", "title": "Ansvar", "kind": "label"})", cells;
    for (int c = 0; c < 9; ++c) {
        columns += fmt::format(R"(, {{"id": "k{}", "title": "Kolumn {}", "kind": "text"}})", c, c);
        cells += fmt::format(R"({}"k{}": "Förvaltningschefen Anna-Karin Sandström")", c ? ", " : "", c);
    }
    std::string rows;
    for (int r = 0; r < 6; ++r) rows += fmt::format(R"({}{{"id": "r{}", "label": "7410{}", "cells": {{{}}}}})", r ? ", " : "", r, r, cells);
    std::string body = R"({"type": "section", "numbered": false, "title": "ATTESTANTFÖRTECKNING", "body": [
        {"type": "table", "id": "attest", "columns": [)" + columns + R"(], "rows": [)" + rows + "]}" + after + "]}";
    if (next_part)
        body += R"(, {"type": "section", "numbered": false, "title": "Nästa ärende", "body": [{"type": "paragraph", "text": "Nästa ärendes text."}]})";
    return report_with_body(body);
}

// The page each paragraph whose text is `text` is drawn on (0 when none is).
std::size_t page_of(const pdf::Document& doc, const std::string& text) {
    for (std::size_t p = 0; p < doc.pages.size(); ++p)
        for (const auto& group : doc.pages[p].content)
            for (const auto& item : group.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item); t && group.element && drawn(*t).text == text) return p + 1;
    return 0;
}

// Seed 002's attestantförteckning: "Delegationsbeslut", "Datum",
// "Underskrift" and the signer were alone on a portrait page after the
// landscape table, the document's last page. They fit under the table, so
// they stay on its page, set at a portrait page's measure.
TEST_F(Grid, TheLastLinesOfADocumentStayUnderItsLandscapeTable) {
    const std::string after = R"(, {"type": "paragraph", "text": "Delegationsbeslut"}, {"type": "paragraph", "text": "Datum"},
        {"type": "paragraph", "text": "Underskrift"}, {"type": "paragraph", "text": "Mats Collin, förvaltningschef"})";
    for (bool next_part : {true, false}) {
        pdf::Document doc = lay_out(wide_table_document(after, next_part));
        std::size_t table_page = page_of(doc, "74105");
        ASSERT_GT(table_page, 0u);
        const pdf::Page& landscape = doc.pages[table_page - 1];
        EXPECT_GT(landscape.width, landscape.height);
        for (const char* line : {"Delegationsbeslut", "Datum", "Underskrift", "Mats Collin, förvaltningschef"})
            EXPECT_EQ(page_of(doc, line), table_page) << line << (next_part ? ", another document after" : ", at the end");
        // The next document starts on a portrait page of its own; nothing follows the last.
        EXPECT_EQ(doc.pages.size(), table_page + (next_part ? 1 : 0));
        if (next_part) {
            EXPECT_EQ(page_of(doc, "Nästa ärendes text."), table_page + 1);
            EXPECT_LT(doc.pages.back().width, doc.pages.back().height);
        }
    }
    // A long paragraph stays within a portrait page's measure there, too.
    std::string words;
    for (int i = 0; i < 60; ++i) words += "ordet ";
    pdf::Document doc = lay_out(wide_table_document(R"(, {"type": "paragraph", "text": ")" + words + R"(slut"})", true));
    std::size_t table_page = page_of(doc, "74105");
    for (const auto& group : doc.pages[table_page - 1].content)
        for (const auto& item : group.items)
            if (const auto* t = std::get_if<pdf::TextItem>(&item); t && drawn(*t).text.starts_with("ordet")) {
                EXPECT_LE(t->x + drawn(*t).width(), 595.276 - 62 + 1e-6) << drawn(*t).text;
            }
}

// What does not fit under the table, or runs on into the report's flow,
// goes on on a portrait page, as text does.
TEST_F(Grid, MoreThanFitsUnderALandscapeTableGoesOnOnAPortraitPage) {
    std::string after;
    for (int i = 0; i < 12; ++i) after += fmt::format(R"(, {{"type": "paragraph", "text": "Stycke {} med några ord som fyller en rad."}})", i);
    pdf::Document doc = lay_out(wide_table_document(after, true));
    std::size_t table_page = page_of(doc, "74105"), first = page_of(doc, "Stycke 0 med några ord som fyller en rad.");
    ASSERT_GT(table_page, 0u);
    EXPECT_EQ(first, table_page + 1);
    EXPECT_LT(doc.pages[first - 1].width, doc.pages[first - 1].height);
}

}  // namespace
}  // namespace tertial::test
