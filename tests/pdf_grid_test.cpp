// Grids as a typesetter sets them (issue 19): a column empty in every row
// is left out of every kind of table -- report tables, uppdrag with their
// kommentar, nyckeltal -- unless the report asks for it (a blank given, a
// figure or kommentar still to come). Laid out in-process, read from the
// layout's structure tree and items.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

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
                        text += t->run.text;
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

}  // namespace
}  // namespace tertial::test
