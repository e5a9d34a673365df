// Heading numbers in the PDF: HouseStyle::number_headings and a section's "numbered": false, with the table of contents
// and the bookmarks following them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "drawn_run.hpp"
#include "outputs.hpp"
#include "seed_layout_fixture.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial {
namespace {

using test::drawn;


// The bookmarks, depth first, each as "depth:title".
std::vector<std::string> bookmarks(const pdf::Document& doc) {
    std::vector<std::string> out;
    std::function<void(const std::vector<pdf::Outline>&, int)> walk = [&](const std::vector<pdf::Outline>& items, int depth) {
        for (const auto& o : items) {
            out.push_back(std::to_string(depth) + ":" + o.title);
            walk(o.children, depth + 1);
        }
    };
    walk(doc.outline, 1);
    return out;
}

// The titles of the heading elements (H1..H6) in the structure tree.
std::vector<std::string> headings(const pdf::Document& doc) {
    std::vector<std::string> out;
    for (const auto& e : doc.structure)
        if (e.role.size() == 2 && e.role[0] == 'H' && std::isdigit(static_cast<unsigned char>(e.role[1])) && e.title)
            out.push_back(*e.title);
    return out;
}

class Headings : public test::SeedLayout {
protected:
    pdf::Document lay_out(const Report& report, const Resolution& resolution, const HouseStyle& style) {
        return pdf::layout_report({report, resolution, style, *resources_, report_->text});
    }
};

TEST_F(Headings, AHouseStyleWithoutNumbersPrintsTheSameHeadingsUnnumbered) {
    ASSERT_TRUE(style_.number_headings);
    pdf::Document numbered = lay_out(*report_->read.report, *report_->resolution, style_);
    HouseStyle plain = style_;
    plain.number_headings = false;
    pdf::Document unnumbered = lay_out(*report_->read.report, *report_->resolution, plain);

    auto with = bookmarks(numbered), without = bookmarks(unnumbered);
    ASSERT_FALSE(with.empty());
    // The same bookmarks at the same depths, without the numbers.
    ASSERT_EQ(with.size(), without.size());
    EXPECT_NE(std::find(with.begin(), with.end(), "1:5 Ekonomi"), with.end());
    EXPECT_NE(std::find(without.begin(), without.end(), "1:Ekonomi"), without.end());
    EXPECT_NE(std::find(with.begin(), with.end(), "2:5.1 Driftsredovisning"), with.end());
    EXPECT_NE(std::find(without.begin(), without.end(), "2:Driftsredovisning"), without.end());
    for (std::size_t i = 0; i < with.size(); ++i) {
        std::string depth = with[i].substr(0, 2), title = with[i].substr(2);
        auto space = title.find(' ');
        bool has_number = space != std::string::npos && std::isdigit(static_cast<unsigned char>(title[0]));
        EXPECT_EQ(without[i], has_number ? depth + title.substr(space + 1) : with[i]);
    }
    // No heading starts with a number; the table of contents has no numbers either.
    for (const auto& h : headings(unnumbered)) EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(h[0]))) << h;
    auto toc_numbered = headings(numbered), toc_plain = headings(unnumbered);
    EXPECT_EQ(toc_numbered.size(), toc_plain.size());
    std::string text;
    for (const auto& page : unnumbered.pages)
        for (const auto& group : page.content)
            for (const auto& item : group.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item)) text += drawn(*t).text + "\n";
    EXPECT_EQ(text.find("5.1 "), std::string::npos);
    EXPECT_NE(text.find("Driftsredovisning"), std::string::npos);
}

TEST_F(Headings, AnUnnumberedSectionLeavesTheOthersCountingAndIsInTheContentsByItsTitle) {
    Report report = *report_->read.report;
    // The first top-level section ("Nämndens ansvarsområde") unnumbered.
    auto& first = std::get<Section>(report.body.at(0).content);
    ASSERT_EQ(first.title, "Nämndens ansvarsområde");
    first.numbered = false;
    Diagnostics d;
    Extensions ext = load_report_plugins(report, host_, d);
    Resolution res = resolve(report, d, &ext);
    pdf::Document doc = lay_out(report, res, style_);
    auto marks = bookmarks(doc);
    // The sections after it count on: Ekonomi is 4, not 5; the unnumbered
    // section at the top is an appended document: in the contents by its title.
    EXPECT_NE(std::find(marks.begin(), marks.end(), "1:4 Ekonomi"), marks.end());
    EXPECT_NE(std::find(marks.begin(), marks.end(), "1:1 Förvaltningschefen har ordet"), marks.end());
    EXPECT_NE(std::find(marks.begin(), marks.end(), "1:Nämndens ansvarsområde"), marks.end());
    auto h = headings(doc);
    EXPECT_NE(std::find(h.begin(), h.end(), "Nämndens ansvarsområde"), h.end());
}

// Each entry's leader is one run of dots, each a dot's width of space from
// the next, not an item per dot (a contents of 2 000 entries held 113 000
// items, 20 MB).
TEST_F(Headings, EachContentsEntryHasOneLeaderOfEvenlySpacedDots) {
    pdf::Document doc = lay_out(*report_->read.report, *report_->resolution, style_);
    std::size_t entries = 0, leaders = 0;
    for (const auto& e : doc.structure) entries += e.role == "TOCI";
    ASSERT_GT(entries, 5u);
    std::set<std::pair<std::size_t, double>> lines;
    for (std::size_t p = 0; p < doc.pages.size(); ++p)
        for (const auto& group : doc.pages[p].content) {
            if (group.element) continue;
            for (const auto& item : group.items) {
                const auto* t = std::get_if<pdf::TextItem>(&item);
                if (!t) continue;
                pdf::GlyphRun run = drawn(*t);
                if (run.text.size() < 3 || run.text.find_first_not_of('.') != std::string::npos) continue;
                ++leaders;
                EXPECT_TRUE(lines.insert({p, t->y}).second) << "a second leader on page " << p + 1 << " at y " << t->y;
                ASSERT_EQ(run.glyphs.size(), run.text.size());
                for (const auto& g : run.glyphs) {
                    EXPECT_EQ(g.gid, run.glyphs.front().gid);
                    EXPECT_EQ(g.x_advance, 2 * run.font->advance(g.gid)) << "a dot and a dot's width of space";
                }
            }
        }
    EXPECT_EQ(leaders, entries);
}

}  // namespace
}  // namespace tertial
