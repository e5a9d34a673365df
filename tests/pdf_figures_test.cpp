// Unit tests for how the text engine sets table cells: figures in tabular
// digits without kerning (Figures::tabular), names and codes never
// hyphenated (BreakOptions::whole_names), e-mail and web addresses never
// broken after a hyphen in them.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tertial/pdf/text.hpp"

using namespace tertial::pdf;

namespace {

const std::string liberation = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
const std::string patterns = "/usr/share/hyphen/hyph_sv_SE.dic";

struct Fonts {
    std::unique_ptr<Font> regular = Font::load(liberation);
    std::unique_ptr<Hyphenator> hyphenator = Hyphenator::load(patterns);
    FontSet set{regular.get(), regular.get(), nullptr, nullptr};
};

const Fonts& fonts() {
    static const Fonts f;
    return f;
}

double width(const std::string& text, Figures figures) {
    double w = 0;
    for (const auto& run : shape(text, *fonts().regular, 10, fonts().set, nullptr, figures)) w += run.width();
    return w;
}

// In running text Liberation Sans kerns "11" (issue 19: "11" closer than
// "48"); in a figure column every two digits are as wide as every other two.
TEST(TabularFigures, EveryDigitIsAsWideAsEveryOther) {
    EXPECT_LT(width("11", Figures::text), width("48", Figures::text)) << "the font no longer kerns 11: pick other digits";
    for (const char* digits : {"11", "48", "07", "71", "19"}) EXPECT_DOUBLE_EQ(width(digits, Figures::tabular), width("00", Figures::tabular)) << digits;
    for (const auto& run : shape("3 389 338,1", *fonts().regular, 10, fonts().set, nullptr, Figures::tabular))
        for (const auto& g : run.glyphs) EXPECT_EQ(g.x_advance, fonts().regular->advance(g.gid)) << "a glyph kerned";
}

TEST(TabularFigures, TheCacheKeepsTheTwoApart) {
    TextCache cache;
    double text = 0, tabular = 0;
    for (const auto& run : cache.shape("11", *fonts().regular, 10, fonts().set)) text += run.width();
    for (const auto& run : cache.shape("11", *fonts().regular, 10, fonts().set, nullptr, Figures::tabular)) tabular += run.width();
    EXPECT_LT(text, tabular);
    EXPECT_EQ(cache.entries(), 2u);
}

std::vector<std::string> lines(const std::string& text, double w, bool whole_names) {
    BreakOptions o;
    o.width = w;
    o.hyphenator = fonts().hyphenator.get();
    o.fonts = &fonts().set;
    o.whole_names = whole_names;
    std::vector<std::string> out;
    for (const auto& line : break_lines({{text, fonts().regular.get(), 10}}, o)) {
        std::string s;
        for (const auto& run : line.runs) s += run.text;
        out.push_back(s);
    }
    return out;
}

// Issue 19 found "Tjern-lund" in a table: a name that fits a line is not hyphenated there.
TEST(WholeNames, ANameOrACodeIsNotHyphenated) {
    const std::string names = "Ansvarig Lisa Tjernlundsson";
    // Narrow enough that hyphenating the surname fills the first line better.
    double w = width("Ansvarig Lisa Tjernlund", Figures::text);
    auto free = lines(names, w, false);
    ASSERT_GE(free.size(), 2u);
    EXPECT_EQ(free[0].back(), '-') << "the test needs a width where the name is hyphenated: " << free[0];
    for (const auto& line : lines(names, w, true)) EXPECT_NE(line.back(), '-') << line;
    // A word wider than the line is still hyphenated rather than cut between letters.
    auto narrow = lines("Tjernlundsson", width("Tjernlund", Figures::text), true);
    ASSERT_EQ(narrow.size(), 2u);
    EXPECT_EQ(narrow[0].back(), '-');
}

// Seed 002's attestantförteckning printed "ann-" at the end of a line and
// "katrin.nyberg@harnosand.se" on the next: an address read as a hyphenated
// word. An e-mail or web address that fits a line is never broken.
TEST(Addresses, AnAddressThatFitsALineIsNeverBroken) {
    for (const std::string address : {"ann-katrin.nyberg@harnosand.se", "https://www.harnosand.se/social-och-omsorg",
                                      "www.skr.se/kunskaps-styrning", "<anna.lilja-qvarlander@skr.se>;"}) {
        const std::string text = "Skicka till Ann-Katrin Nyberg " + address + " senast fredag";
        double w = width("Skicka till Ann-Katrin Nyberg " + address, Figures::text);
        // Every measure from the whole address on a line to where it would
        // start a line: it is on one line, unbroken, in every case.
        for (double x = w; x > std::max(w - width(address, Figures::text), width(address, Figures::text) + 1); x -= 3)
            for (bool whole_names : {false, true}) {
                auto ls = lines(text, x, whole_names);
                bool found = false;
                for (const auto& l : ls) found |= l.find(address) != std::string::npos;
                EXPECT_TRUE(found) << address << " broken at width " << x << ": " << ls[0] << " | " << (ls.size() > 1 ? ls[1] : "");
            }
    }
}

// One wider than any line is cut after a "/" or before a "." (and never
// gets a hyphen added).
TEST(Addresses, AnAddressWiderThanTheLineIsCutAtItsSlashesAndDots) {
    const std::string address = "https://www.harnosand.se/omsorg-och-hjalp/ekonomiskt-bistand";
    const std::string text = "Se " + address + " för mer.";
    auto ls = lines(text, width("https://www.harnosand.se/omsorg-och-", Figures::text), true);
    ASSERT_GE(ls.size(), 3u);
    std::size_t at = 0;  // where each line is in the text
    for (std::size_t i = 0; i < ls.size(); ++i) {
        ASSERT_EQ(text.compare(at, ls[i].size(), ls[i]), 0) << "'" << ls[i] << "': a hyphen added or a character lost";
        at += ls[i].size();
        if (i + 1 == ls.size()) break;
        if (text[at] == ' ') {
            ++at;  // between words
            continue;
        }
        EXPECT_TRUE(text[at - 1] == '/' || text[at] == '.') << "cut inside: '" << ls[i] << "' | '" << ls[i + 1] << "'";
    }
    EXPECT_EQ(at, text.size());
}

}  // namespace
