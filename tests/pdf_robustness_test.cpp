// Text and content that once broke the PDF (issue 14): flags and U+FFFF
// reach no assertion in libunibreak; a table row taller than a page is split
// over pages under a repeated header; a word wider than its cell is cut
// between graphemes; a table too wide for the page is an error naming it.
// Through break_lines, the layout's items, and the real binary.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "drawn_run.hpp"
#include "outputs.hpp"
#include "pdf_laid_out.hpp"
#include "run_binary.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/pdf/text.hpp"
#include "text_cache_impl.hpp"  // formats/pdf/src/text: the widths the cache keeps

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const std::string flag = "\U0001F1F8\U0001F1EA";  // 🇸🇪
const std::string nonchar = "\xEF\xBF\xBF";        // U+FFFF

// ---- break_lines -----------------------------------------------------------------------

struct Fonts {
    std::unique_ptr<pdf::Font> regular = pdf::Font::load("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf");
    std::unique_ptr<pdf::Font> fallback = pdf::Font::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    std::unique_ptr<pdf::Hyphenator> hyphenator = pdf::Hyphenator::load("/usr/share/hyphen/hyph_sv_SE.dic");
    pdf::FontSet set{regular.get(), regular.get(), nullptr, fallback.get()};
};
const Fonts& fonts() {
    static const Fonts f;
    return f;
}

std::vector<std::string> wrap(const std::string& text, double width) {
    pdf::BreakOptions o;
    o.width = width;
    o.hyphenator = fonts().hyphenator.get();
    o.fonts = &fonts().set;
    std::vector<std::string> out;
    for (const auto& line : pdf::break_lines({{text, fonts().regular.get(), 10}}, o)) {
        std::string t;
        for (const auto& r : line.runs) t += r.text;
        EXPECT_LE(line.width, width + 1e-6) << t;
        out.push_back(t);
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l;
    return out;
}

// libunibreak 1.1 aborted (exit 134) on a regional indicator after any
// character and on U+FFFF, its end-of-string mark. Neither font has the
// regional indicators, nor has any a glyph for U+FFFF: each is drawn as '?'.
TEST(BreakLinesInput, FlagsAndNoncharactersBreakLikeOtherText) {
    const std::string text = "Sverige " + flag + " och Norge \U0001F1F3\U0001F1F4, text" + nonchar + "mer " + nonchar +
                             " och \xEF\xBF\xBE slut" + flag;
    EXPECT_EQ(wrap(text, 1000), std::vector<std::string>{"Sverige ?? och Norge ??, text?mer ? och ? slut??"});
    for (double width : {80.0, 30.0}) {
        auto lines = wrap(text, width);
        EXPECT_GT(lines.size(), 2u);
        std::string all = joined(lines);
        std::erase_if(all, [](char c) { return c == ' ' || c == '-'; });  // at the breaks
        EXPECT_EQ(all, "Sverige??ochNorge??,text?mer?och?slut??") << width;
    }
}

// UAX #14 LB30a and UAX #29 GB12: a flag's two halves stay together, at a
// break between words and when a run of flags is cut by force.
TEST(BreakLinesInput, AFlagIsNeverCutInTwo) {
    std::string flags;
    for (const char* f : {"\U0001F1F8\U0001F1EA", "\U0001F1F3\U0001F1F4", "\U0001F1E9\U0001F1F0", "\U0001F1EB\U0001F1EE"})
        for (int i = 0; i < 5; ++i) flags += f;
    for (double width : {40.0, 25.0, 12.0}) {
        auto lines = wrap(flags, width);
        EXPECT_GT(lines.size(), 1u) << width;
        EXPECT_EQ(joined(lines), std::string(40, '?'));
        for (const auto& l : lines) EXPECT_EQ(l.size() % 2, 0u) << width << ": a line ends inside a flag";
    }
    auto words = wrap("ab" + flag + flag + flag + " cd", 20);
    for (const auto& l : words) EXPECT_EQ(std::count(l.begin(), l.end(), '?') % 2, 0) << l;
}

// A word wider than the line is cut by force, never inside a grapheme: an
// accent stays on its letter.
TEST(BreakLinesInput, AWordWiderThanTheLineIsCutBetweenGraphemes) {
    std::string word;
    for (int i = 0; i < 60; ++i) word += i % 2 ? "e\xCC\x81" : "o\xCC\x88\xCC\x84";  // é, ȫ (o, diaeresis, macron)
    for (double width : {40.0, 17.0}) {
        auto lines = wrap(word, width);
        EXPECT_GT(lines.size(), 3u);
        EXPECT_EQ(joined(lines), word);
        for (const auto& l : lines) {
            EXPECT_TRUE(l.front() == 'e' || l.front() == 'o') << "an accent cut from its letter: " << l;
        }
    }
}

// ---- reports laid out --------------------------------------------------------------------

// A table of a label column and a text column, one row per text.
std::string text_table(const std::vector<std::string>& texts) {
    std::string rows;
    for (std::size_t i = 0; i < texts.size(); ++i)
        rows += fmt::format(R"({}{{"id": "r{}", "label": "Rad {}", "cells": {{"kommentar": "{}"}}}})", i ? ", " : "", i, i,
                            texts[i]);
    return R"({"type": "table", "id": "t", "caption": "Tabell",
    "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "kommentar", "title": "Kommentar", "kind": "text"}],
    "rows": [)" +
           rows + "]}";
}

std::string numbered_words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += fmt::format("{}ord{:05}", i ? " " : "", i);
    return out;
}

// The page's body: A4 less the margins (left 68, right 62, top 82, bottom 70).
constexpr double left = 68, right = 595.276 - 62, top = 841.89 - 82, bottom = 70;
constexpr double footer_baseline = 40, header_baseline = 841.89 - 48;

// Everything drawn stays on its page: inside the body, but for the header
// and footer lines (artifacts at their own baselines) and the rule under
// the header; and no text is drawn over other text on its line. Returns
// the text of the report's content (not artifacts).
std::string check_pages(const pdf::Document& doc) {
    std::string text;
    for (std::size_t p = 0; p < doc.pages.size(); ++p) {
        std::map<long, std::vector<std::pair<double, double>>> on_line;  // baseline (1/100 pt) -> [x, x + width)
        for (const auto& group : doc.pages[p].content)
            for (const auto& item : group.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item))
                    on_line[std::lround(t->y * 100)].emplace_back(t->x, t->x + drawn(*t).width());
        for (auto& [y, spans] : on_line) {
            std::sort(spans.begin(), spans.end());
            for (std::size_t i = 1; i < spans.size(); ++i)
                EXPECT_LE(spans[i - 1].second, spans[i].first + 1e-6) << "page " << p + 1 << ": text over text at y " << y / 100.0;
        }
        for (const auto& group : doc.pages[p].content) {
            for (const auto& item : group.items) {
                if (const auto* t = std::get_if<pdf::TextItem>(&item)) {
                    bool margin_line = !group.element && (t->y == footer_baseline || t->y >= header_baseline);
                    if (!margin_line) {
                        EXPECT_GE(t->y, bottom) << "page " << p + 1 << ": \"" << drawn(*t).text.substr(0, 40) << "\"";
                        EXPECT_LE(t->y, top) << "page " << p + 1 << ": \"" << drawn(*t).text.substr(0, 40) << "\"";
                    }
                    EXPECT_GE(t->x, left - 1e-6) << drawn(*t).text.substr(0, 40);
                    EXPECT_LE(t->x + drawn(*t).width(), right + 1e-6) << "page " << p + 1 << ": \"" << drawn(*t).text.substr(0, 40) << "\"";
                    if (group.element) text += drawn(*t).text;
                } else if (const auto* l = std::get_if<pdf::LineItem>(&item)) {
                    EXPECT_GE(std::min(l->y1, l->y2), bottom) << "page " << p + 1 << ": a rule below the body";
                    EXPECT_LE(std::max(l->x1, l->x2), right + 1e-6);
                } else if (const auto* r = std::get_if<pdf::RectItem>(&item)) {
                    EXPECT_GE(r->y, bottom) << "page " << p + 1;
                    EXPECT_LE(r->y + r->h, top + 1e-6) << "page " << p + 1;
                }
            }
        }
    }
    return text;
}

std::size_t pages_with(const pdf::Document& doc, const std::string& text) {
    std::size_t n = 0;
    for (const auto& page : doc.pages) {
        bool found = false;
        for (const auto& group : page.content)
            for (const auto& item : group.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item)) found |= drawn(*t).text == text;
        n += found;
    }
    return n;
}

// A long paragraph's lines are not held as glyphs on its pages: each run
// drawn refers to its line of the paragraph as broken (one copy of its
// glyphs, in the text cache's words, however many lines), and is made from
// it, every word in order, with the spaces and hyphens the lines end with.
TEST_F(Laid, ALongParagraphsPagesReferToItsLinesInsteadOfHoldingThem) {
    const int words = 3000;
    std::string text;
    for (int i = 0; i < words; ++i) text += fmt::format("ord{:05} verksamhetsuppföljningen ", i);
    auto doc = lay_out(report(R"({"type": "paragraph", "text": ")" + text + R"("})"));
    ASSERT_GT(doc.pages.size(), 5u);
    std::size_t referring = 0, holding = 0, hyphens = 0;
    std::string shown;
    for (const auto& page : doc.pages)
        for (const auto& group : page.content)
            for (const auto& item : group.items) {
                const auto* t = std::get_if<pdf::TextItem>(&item);
                if (!t) continue;
                const pdf::GlyphRun run = drawn(*t);
                if (run.text.find("ord0") == std::string::npos && run.text.find("verksamhets") != 0) {
                    hyphens += run.text == "-";
                    continue;  // headers, footers, the title, and hyphens drawn apart
                }
                (t->lines ? referring : holding)++;
                if (t->lines) {
                    EXPECT_TRUE(t->run.glyphs.empty());
                }
                EXPECT_FALSE(run.glyphs.empty());
                shown += run.text;
            }
    EXPECT_GT(referring, 500u);
    EXPECT_EQ(holding, 0u);
    EXPECT_GT(hyphens, 0u);  // "verksamhets-|uppföljningen" is hyphenated somewhere
    std::size_t at = 0;
    for (int i = 0; i < words; i += 7) {
        at = shown.find(fmt::format("ord{:05}", i), at);
        ASSERT_NE(at, std::string::npos) << "word " << i << " is missing or out of order";
    }
}

// 20 000 words in one cell drew 674 lines below the page; now the row goes
// on over pages, every word in order, the header row above it on each.
TEST_F(Laid, ARowTallerThanAPageIsSplitOverPages) {
    const int words = 20000;
    auto doc = lay_out(report(text_table({"Kort rad.", numbered_words(words), "Raden efter."})));
    ASSERT_GT(doc.pages.size(), 10u);
    std::string text = check_pages(doc);
    std::size_t at = 0;
    for (int i = 0; i < words; ++i) {
        at = text.find(fmt::format("ord{:05}", i), at);
        ASSERT_NE(at, std::string::npos) << "word " << i << " is missing or out of order";
    }
    EXPECT_NE(text.find("Raden efter.", at), std::string::npos);
    // The header row on every page the table is on (the first and the last hold other content too).
    EXPECT_GE(pages_with(doc, "Kommentar"), doc.pages.size() - 2);
}

// A 5 000-letter word in a cell overprinted the footer: now it is cut to
// the cell's width, and its lines go on over pages.
TEST_F(Laid, AWordWiderThanItsCellIsCutToTheCell) {
    std::string word;
    for (int i = 0; i < 5000; ++i) word += static_cast<char>('a' + i % 26);
    // In the second of four text columns, about 120 pt wide: some 70 lines.
    auto doc = lay_out(report(R"({"type": "table", "id": "t", "columns": [{"id": "post", "title": "Post", "kind": "label"},
        {"id": "a", "title": "A", "kind": "text"}, {"id": "b", "title": "B", "kind": "text"},
        {"id": "c", "title": "C", "kind": "text"}, {"id": "d", "title": "D", "kind": "text"}],
      "rows": [{"id": "r", "label": "Rad", "cells": {"a": "före", "b": ")" + word + R"(", "c": "efter", "d": "sist"}}]})"));
    EXPECT_GE(doc.pages.size(), 2u);
    std::string text = check_pages(doc);
    for (const std::string other : {"efter", "sist"})  // the row's other cells, drawn on its first page
        text.erase(text.find(other), other.size());
    EXPECT_NE(text.find(word), std::string::npos) << "the word is not all there, in order";
}

// Rows that fit a page are never split: a row that does not fit at the foot
// of a page moves whole to the next one.
TEST_F(Laid, RowsThatFitAPageAreNotSplit) {
    std::vector<std::string> rows;
    for (int i = 0; i < 12; ++i) rows.push_back(fmt::format("start{:02} ", i) + numbered_words(300) + fmt::format(" slut{:02}", i));
    auto doc = lay_out(report(text_table(rows)));
    check_pages(doc);
    auto page_of = [&](const std::string& word) {
        for (std::size_t p = 0; p < doc.pages.size(); ++p)
            for (const auto& g : doc.pages[p].content)
                for (const auto& item : g.items)
                    if (const auto* t = std::get_if<pdf::TextItem>(&item); t && drawn(*t).text.find(word) != std::string::npos)
                        return p + 1;
        return std::size_t{0};
    };
    EXPECT_GE(doc.pages.size(), 4u);  // a row is about a third of a page
    for (int i = 0; i < 12; ++i) {
        std::size_t first = page_of(fmt::format("start{:02}", i));
        EXPECT_GT(first, 0u) << i;
        EXPECT_EQ(page_of(fmt::format("slut{:02}", i)), first) << "row " << i << " is split";
    }
}

// 200 columns printed over each other: now an error that names the table.
// A chart's labels are drawn whole when a character in them comes from the
// fallback font (Liberation Sans lacks ✔ and ⇒): only their first run was
// drawn, "Mål ⇒ nått" showed "Mål ".
TEST_F(Laid, AChartsLabelsAreDrawnWholeWithAFallbackCharacter) {
    const std::string table = R"({"type": "table", "id": "t", "unit": "tkr", "caption": "Måluppfyllelse",
        "columns": [{"id": "post", "title": "Post", "kind": "label"}, {"id": "b", "title": "Budget \u2714"}],
        "rows": [{"id": "a", "label": "Mål \u21D2 nått", "cells": {"b": "10"}}, {"id": "c", "label": "Annat", "cells": {"b": "20"}}]})";
    const std::string chart = R"({"type": "chart", "id": "d", "kind": "bar", "title": "Diagram", "table": "t",
        "series_in": "columns", "series": ["b"], "alt": "Stapeldiagram över måluppfyllelse."})";
    auto doc = lay_out(report(table + ", " + chart));
    std::size_t figure = doc.structure.size();
    for (std::size_t e = 0; e < doc.structure.size(); ++e)
        if (doc.structure[e].role == "Figure") figure = e;
    ASSERT_LT(figure, doc.structure.size());
    std::map<double, std::string> at;  // the figure's texts, the runs drawn at one height joined
    for (const auto& page : doc.pages)
        for (const auto& group : page.content)
            if (group.element == figure)
                for (const auto& item : group.items)
                    if (const auto* t = std::get_if<pdf::TextItem>(&item)) at[-t->y] += drawn(*t).text;
    std::string all;
    for (const auto& [y, text] : at) all += text + "|";
    EXPECT_NE(all.find("Mål \u21D2 nått"), std::string::npos) << all;
    EXPECT_NE(all.find("Budget \u2714"), std::string::npos) << all;
}

TEST_F(Laid, ATableTooWideForThePageIsAnError) {
    std::string columns = R"({"id": "post", "title": "Post", "kind": "label"})";
    std::string cells = R"("k0": "text")";  // the others empty, but given: an empty column would be left out
    for (int i = 0; i < 200; ++i) columns += fmt::format(R"(, {{"id": "k{}", "title": "K{}", "kind": "text"}})", i, i);
    for (int i = 1; i < 200; ++i) cells += fmt::format(R"(, "k{}": "")", i);
    std::string json = report(R"({"type": "table", "id": "t", "columns": [)" + columns +
                              R"(], "rows": [{"id": "r", "label": "Rad", "cells": {)" + cells + "}}]}");
    try {
        lay_out(json);
        FAIL() << "laid out";
    } catch (const pdf::LayoutError& e) {
        EXPECT_EQ(e.pointer, "/body/0/body/0/columns");
        EXPECT_EQ(e.code, "layout.table_too_wide");
        EXPECT_STREQ(e.what(), "the table's 201 columns do not fit the landscape page's width even in 7.5 pt type; "
                               "the first 38 fit: "
                               "split it into narrower tables");
    }
}

// A header row repeats on every page a table is on, so it cannot take a
// page itself: column titles that long are an error.
TEST_F(Laid, ColumnTitlesTallerThanAPageAreAnError) {
    std::string json = report(R"({"type": "table", "id": "t", "columns": [{"id": "post", "title": "Post", "kind": "label"},
        {"id": "a", "title": ")" + numbered_words(3000) + R"(", "kind": "text"}],
      "rows": [{"id": "r", "label": "Rad", "cells": {"a": "text"}}]})");
    try {
        lay_out(json);
        FAIL() << "laid out";
    } catch (const pdf::LayoutError& e) {
        EXPECT_EQ(e.pointer, "/body/0/body/0/columns");
        EXPECT_EQ(e.code, "layout.table_header_too_tall");
        EXPECT_TRUE(std::string(e.what()).starts_with("the column titles make a header row ")) << e.what();
        EXPECT_TRUE(std::string(e.what()).ends_with(" pt): shorten them")) << e.what();
    }
}

// A title far too long for the footer is shortened there ("…") without
// being shaped whole to learn that it does not fit (the text cache keeps no
// width of it whole); one that fits is printed whole.
TEST_F(Laid, AFooterTitleFarTooLongIsShortenedWithoutShapingItWhole) {
    std::string title = "Delårsrapport";
    while (title.size() < 6000) title += " för Social- och arbetsmarknadsnämnden, april 2020";
    auto footer = [](const pdf::Document& doc) {
        for (const auto& group : doc.pages.front().content)
            for (const auto& item : group.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item); t && !group.element && t->y < 60) {
                    const std::string text = drawn(*t).text;
                    if (text.starts_with("Delårsrapport")) return text;
                }
        return std::string();
    };
    const pdf::Document doc = lay_out(report(R"({"type": "paragraph", "text": "Text."})", title));
    const std::string shortened = footer(doc);
    ASSERT_TRUE(shortened.ends_with("…")) << shortened;
    EXPECT_GT(shortened.size(), 40u);
    EXPECT_LT(shortened.size(), 400u);
    EXPECT_TRUE(title.starts_with(shortened.substr(0, shortened.size() - std::string("…").size())));
    for (const auto& [key, width] : resources_->text_cache().impl().widths) EXPECT_LT(key.size(), 1000u);

    const std::string fits = "Delårsrapport Tertial 1";
    EXPECT_EQ(footer(lay_out(report(R"({"type": "paragraph", "text": "Text."})", fits))), fits);
}

// ---- the binary --------------------------------------------------------------------------

std::string pdftotext(const fs::path& pdf) {
    RunResult r = run_shell("pdftotext -enc UTF-8 " + shell_quote(pdf.string()) + " -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
}

// `build` aborted (exit 134) on a flag or U+FFFF anywhere it lays out text,
// while `check` passed: a paragraph, a table's text cell, the title.
TEST(BuildInput, FlagsAndNoncharactersInTextAreBuilt) {
    TempDir tmp;
    const std::string odd = "Sverige " + flag + " och " + nonchar + " mer";
    std::string json = report(R"({"type": "paragraph", "text": "Stycke: )" + odd + R"("}, )" + text_table({"Cell: " + odd}),
                              "Titel " + odd);
    std::ofstream(tmp / "r.json", std::ios::binary) << json;
    RunResult r = run_shell(shell_quote(TERTIAL_BINARY) + " build " + shell_quote(tmp / "r.json") + " --out " +
                            shell_quote(tmp / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string text = pdftotext(tmp / "out/r.pdf");
    // No font has the flag's regional indicators or U+FFFF: each is drawn as '?'.
    for (const char* part : {"Stycke: Sverige ?? och ? mer", "Cell: Sverige ?? och ? mer", "Titel Sverige ?? och ? mer"})
        EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
}

// Every one of 20 000 words of a cell is in the PDF's text.
TEST(BuildInput, EveryWordOfAHugeCellIsInThePdf) {
    TempDir tmp;
    const int words = 20000;
    std::ofstream(tmp / "r.json", std::ios::binary) << report(text_table({numbered_words(words)}));
    RunResult r = run_shell(shell_quote(TERTIAL_BINARY) + " build " + shell_quote(tmp / "r.json") + " --out " +
                            shell_quote(tmp / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string text = pdftotext(tmp / "out/r.pdf");
    int missing = 0;
    for (int i = 0; i < words; ++i) missing += text.find(fmt::format("ord{:05}", i)) == std::string::npos;
    EXPECT_EQ(missing, 0);
}

}  // namespace
}  // namespace tertial::test
