// Unit tests for the PDF text engine: shaping (kerning, no ligatures, fallback, no .notdef), Swedish hyphenation, line breaking.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tertial/pdf/text.hpp"
#include "text_cache_impl.hpp"  // formats/pdf/src/text: what an entry holds

using namespace tertial::pdf;

namespace {

const std::string liberation = "/usr/share/fonts/truetype/liberation2/LiberationSans-";
const std::string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const std::string patterns = "/usr/share/hyphen/hyph_sv_SE.dic";

struct Fonts {
    std::unique_ptr<Font> regular = Font::load(liberation + "Regular.ttf");
    std::unique_ptr<Font> bold = Font::load(liberation + "Bold.ttf");
    std::unique_ptr<Font> fallback = Font::load(dejavu);
    std::unique_ptr<Hyphenator> hyphenator = Hyphenator::load(patterns);
    FontSet set{regular.get(), bold.get(), nullptr, fallback.get()};
};

const Fonts& fonts() {
    static const Fonts f;
    return f;
}

std::u32string utf32(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : b & (0x7F >> len);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += cp;
        i += len;
    }
    return out;
}

std::string text_of(const std::vector<GlyphRun>& runs) {
    std::string out;
    for (const auto& r : runs) out += r.text;
    return out;
}

std::string text_of(const Line& line) { return text_of(line.runs); }

void expect_no_notdef(const std::vector<GlyphRun>& runs) {
    for (const auto& r : runs) {
        ASSERT_NE(r.font, nullptr);
        for (const auto& g : r.glyphs) {
            EXPECT_NE(g.gid, 0) << "a .notdef glyph in \"" << r.text << "\"";
            EXPECT_LT(g.cluster, r.text.size()) << r.text;
        }
    }
}

std::string hyphenated(const Hyphenator& h, const std::string& word) {
    std::string out;
    std::size_t previous = 0;
    for (std::size_t p : h.points(word)) {
        out += word.substr(previous, p - previous) + "-";
        previous = p;
    }
    return out + word.substr(previous);
}

std::string without(std::string s, char c) {
    s.erase(std::remove(s.begin(), s.end(), c), s.end());
    return s;
}

// Checks what every set of lines must satisfy, and that joining the lines
// gives back the paragraph (spaces at the breaks and inserted hyphens aside).
void check_lines(const std::vector<Line>& lines, const std::string& paragraph, double width) {
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& line = lines[i];
        double sum = 0;
        for (const auto& r : line.runs) sum += r.width();
        EXPECT_NEAR(line.width, sum, 1e-6);
        EXPECT_LE(line.width, width + 1e-6) << "line " << i << ": \"" << text_of(line) << "\"";
        expect_no_notdef(line.runs);
        std::string t = text_of(line);
        ASSERT_FALSE(t.empty()) << "line " << i;
        EXPECT_NE(t.back(), ' ') << "trailing space kept: \"" << t << "\"";
        EXPECT_NE(t.front(), ' ') << "leading space: \"" << t << "\"";
        if (line.hyphenated) {
            ASSERT_EQ(t.back(), '-');
            t.pop_back();
            EXPECT_LT(i + 1, lines.size()) << "the last line cannot be hyphenated";
        }
        joined += t;
    }
    EXPECT_EQ(without(joined, ' '), without(paragraph, ' '));
}

std::vector<Line> wrap(const std::string& text, double width, const Font* font = nullptr, double size = 10,
                       bool hyphenate = true) {
    BreakOptions o;
    o.width = width;
    o.hyphenator = hyphenate ? fonts().hyphenator.get() : nullptr;
    o.fonts = &fonts().set;
    return break_lines({{text, font ? font : fonts().regular.get(), size}}, o);
}

double width_of(const std::string& text, const Font& font, double size = 10) {
    double w = 0;
    for (const auto& r : shape(text, font, size, fonts().set)) w += r.width();
    return w;
}

// From seed 000 (Social- och arbetsmarknadsnämnden, tertial 1 2020), with
// no-break spaces between numbers and units as the report writer sets them.
const std::string seed_paragraph =
    "Underskottet beror framförallt på kostnadsökningar för institutionsvård för barn och unga samt "
    "ekonomiskt bistånd – kostnadsläget är fortsatt ansträngt och högre kostnader förväntas utifrån "
    "Covid-19 för år 2020. Kostnaderna för Coronakrisen kommer främst i form av längre placeringar och "
    "fler hushåll som kommer att uppbära ekonomiskt bistånd. Merkostnaderna för Corona är mycket svårt "
    "att uppskatta. Institutionsvården för barn och unga visar på ett prognostiserat underskott med "
    "22\u00A0mnkr för år 2020, familjehemsvården barn och unga visar ett prognostiserat överskott för "
    "perioden med 2\u00A0mnkr och institutionsvård och familjehemsvård vuxna prognos 3\u00A0mnkr. "
    "Kontaktpersoner, stöd och kontaktfamiljer Socialtjänstlagen (SoL) och Lagen om stöd och service till "
    "vissa funktionshindrade (LSS) går med ett prognostiserat överskott med 2,8\u00A0mnkr. Social- och "
    "arbetsmarknadsnämnden föreslår Kommunstyrelsen besluta att resurser för den kommunövergripande "
    "strategiska funktionen flyttas, motsvarande 350\u00A0000\u00A0kronor, och att nämnden får "
    "tilläggsbudget med 16,8\u00A0mnkr, varav 7,0\u00A0mnkr för ekonomiskt bistånd; andelen är "
    "33,3\u00A0% och 1\u00A0200 hushåll berörs av förvaltningschefens effektiviseringar av "
    "försörjningsstöd.";

}  // namespace

// ---- shaping ---------------------------------------------------------------------------

TEST(Shape, KerningMakesTextNarrowerThanPlainAdvances) {
    const Font& font = *fonts().regular;
    const std::string text = "AVATAR Tvåvägs Yta";
    auto runs = shape(text, font, 12, fonts().set);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].text, text);
    EXPECT_EQ(runs[0].font, &font);
    ASSERT_EQ(runs[0].glyphs.size(), utf32(text).size());
    long unkerned = 0;
    for (const auto& g : runs[0].glyphs) unkerned += font.advance(g.gid);
    double plain = unkerned * 12.0 / font.units_per_em();
    EXPECT_LT(runs[0].width(), plain - 1.0);  // AV, VA, AT, TA, Tv, Yt kern by more than a point in all
}

TEST(Shape, ClustersAreByteOffsetsOneGlyphPerCharacter) {
    const std::string text = "Tvåvägs fika, effektiv flotta: ÅÄÖ åäö";
    auto runs = shape(text, *fonts().regular, 10, fonts().set);
    ASSERT_EQ(runs.size(), 1u);
    const auto& glyphs = runs[0].glyphs;
    ASSERT_EQ(glyphs.size(), utf32(text).size()) << "no ligatures: fi, ff, fl stay two glyphs";
    std::size_t offset = 0;
    for (std::size_t i = 0; i < glyphs.size(); ++i) {
        EXPECT_EQ(glyphs[i].cluster, offset) << "glyph " << i;
        auto b = static_cast<unsigned char>(text[offset]);
        offset += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }
}

TEST(Shape, SwedishAlphabetAndTypographyInLiberationSans) {
    const Font& font = *fonts().regular;
    const std::string alphabet =
        "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖéÉüÜ0123456789"
        "\u2212\u2013\u00A0\u202F%,.;:()";
    for (char32_t cp : utf32(alphabet)) EXPECT_NE(font.glyph_id(cp), 0) << "U+" << std::hex << unsigned(cp);
    std::vector<char32_t> missing;
    auto runs = shape(alphabet, font, 10, fonts().set, &missing);
    ASSERT_EQ(runs.size(), 1u) << "no fallback needed";
    EXPECT_EQ(runs[0].font, &font);
    EXPECT_EQ(runs[0].text, alphabet);
    EXPECT_EQ(runs[0].glyphs.size(), utf32(alphabet).size());
    EXPECT_TRUE(missing.empty());
    expect_no_notdef(runs);
    // A no-break space is as wide as a space.
    EXPECT_DOUBLE_EQ(width_of("\u00A0", font), width_of(" ", font));
}

TEST(Shape, FallbackFontForCharactersLiberationLacks) {
    const Font& font = *fonts().regular;
    const Font& fallback = *fonts().fallback;
    // Liberation Sans 2 has → and ≤, but not ⇒ (U+21D2) or ✔ (U+2714); DejaVu Sans has both.
    for (char32_t cp : {U'\u21D2', U'\u2714'}) {
        ASSERT_EQ(font.glyph_id(cp), 0);
        ASSERT_NE(fallback.glyph_id(cp), 0);
    }
    const std::string text = "Mål \u21D2 uppfyllt \u2714 ja";
    std::vector<char32_t> missing;
    auto runs = shape(text, font, 10, fonts().set, &missing);
    ASSERT_EQ(runs.size(), 5u);
    EXPECT_EQ(runs[0].font, &font);
    EXPECT_EQ(runs[1].font, &fallback);
    EXPECT_EQ(runs[1].text, "\u21D2");
    EXPECT_EQ(runs[2].font, &font);
    EXPECT_EQ(runs[3].font, &fallback);
    EXPECT_EQ(runs[3].text, "\u2714");
    EXPECT_EQ(runs[4].text, " ja");
    EXPECT_EQ(text_of(runs), text);
    EXPECT_TRUE(missing.empty());
    expect_no_notdef(runs);
    for (const auto& r : runs) EXPECT_EQ(r.glyphs.front().cluster, 0u) << "clusters count in the run's own text";
}

TEST(Shape, CharacterNoFontHasBecomesQuestionMarkAndIsReported) {
    const Font& font = *fonts().regular;
    const char32_t cjk = U'\u4E2D';  // 中: neither Liberation Sans nor DejaVu Sans
    ASSERT_EQ(font.glyph_id(cjk), 0);
    ASSERT_EQ(fonts().fallback->glyph_id(cjk), 0);
    std::vector<char32_t> missing;
    auto runs = shape("a\u4E2Db\u4E2D", font, 10, fonts().set, &missing);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].text, "a?b?");
    EXPECT_EQ(runs[0].glyphs[1].gid, font.glyph_id(U'?'));
    EXPECT_EQ(missing, std::vector<char32_t>{cjk});
    expect_no_notdef(runs);

    // Without a fallback font at all, and without asking what was missing.
    FontSet alone{&font, nullptr, nullptr, nullptr};
    auto bare = shape("x\u21D2y", font, 10, alone);
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_EQ(bare[0].text, "x?y");
    expect_no_notdef(bare);
}

TEST(Shape, NoBreakSpacesAFontLacksAreDrawnAsSpaces) {
    // Liberation Mono has U+00A0 but neither U+202F nor a thin space.
    auto mono = Font::load(liberation.substr(0, liberation.size() - 5) + "Mono-Regular.ttf");
    ASSERT_EQ(mono->glyph_id(0x202F), 0);
    ASSERT_EQ(mono->glyph_id(0x2009), 0);
    ASSERT_NE(fonts().fallback->glyph_id(0x202F), 0);  // the font's own space wins over the fallback
    const std::string text = "33,3\u202F%";
    std::vector<char32_t> missing;
    auto runs = shape(text, *mono, 10, fonts().set, &missing);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].font, mono.get());
    EXPECT_EQ(runs[0].text, text) << "the text keeps the narrow no-break space";
    ASSERT_EQ(runs[0].glyphs.size(), 6u);
    const Glyph& space = runs[0].glyphs[4];
    EXPECT_EQ(space.gid, mono->glyph_id(U' '));
    EXPECT_EQ(space.cluster, 4u);
    EXPECT_EQ(space.x_advance, mono->units_per_em() / 5);
    EXPECT_TRUE(missing.empty());
}

TEST(Shape, InvisibleCharactersAreDroppedTabIsASpace) {
    const Font& font = *fonts().regular;
    auto runs = shape("av\u00ADgift\u200B\tx", font, 10, fonts().set);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].text, "avgift x");
    EXPECT_EQ(runs[0].glyphs.size(), 8u);
    expect_no_notdef(runs);
    EXPECT_TRUE(shape("", font, 10, fonts().set).empty());
}

// ---- hyphenation ------------------------------------------------------------------------

TEST(Hyphenate, SwedishWordsFromTheSeeds) {
    const Hyphenator& h = *fonts().hyphenator;
    EXPECT_EQ(hyphenated(h, "arbetsmarknadsnämnden"), "ar-bets-mark-nads-nämn-den");
    EXPECT_EQ(hyphenated(h, "förvaltningschefen"), "för-valt-nings-che-fen");
    EXPECT_EQ(hyphenated(h, "kommunövergripande"), "kom-munöver-gri-pande");
    EXPECT_EQ(hyphenated(h, "institutionsvård"), "in-sti-tu-tions-vård");
    EXPECT_EQ(hyphenated(h, "effektiviseringar"), "ef-fek-ti-vi-se-ringar");
    EXPECT_EQ(hyphenated(h, "försörjningsstöd"), "för-sörj-nings-stöd");
    EXPECT_EQ(hyphenated(h, "tilläggsbudget"), "tilläggs-bud-get");
}

TEST(Hyphenate, CaseAndPunctuation) {
    const Hyphenator& h = *fonts().hyphenator;
    EXPECT_EQ(hyphenated(h, "Arbetsmarknadsnämnden"), "Ar-bets-mark-nads-nämn-den");
    EXPECT_EQ(hyphenated(h, "FÖRSÖRJNINGSSTÖD"), "FÖR-SÖRJ-NINGS-STÖD");
    EXPECT_EQ(h.points("ÅTGÄRDSPLAN"), h.points("åtgärdsplan"));
    EXPECT_EQ(hyphenated(h, "Äldreomsorgen"), "Äldre-om-sor-gen");
    EXPECT_EQ(hyphenated(h, "(nämnden),"), "(nämn-den),");
    EXPECT_EQ(hyphenated(h, "EU-projektet"), "EU-pro-jek-tet");
    EXPECT_TRUE(h.points("2020-05-11").empty());
    EXPECT_TRUE(h.points("B12abcdef").empty()) << "letters glued to digits are a code";
    EXPECT_TRUE(h.points("").empty());
    EXPECT_TRUE(h.points("stöd").empty()) << "too short for two before and three after";
}

TEST(Hyphenate, PointsKeepTwoCharactersBeforeAndThreeAfter) {
    const Hyphenator& h = *fonts().hyphenator;
    for (std::string word : {"arbetsmarknadsnämnden", "förvaltningschefen", "kommunövergripande", "institutionsvård",
                             "effektiviseringar", "försörjningsstöd", "ekonomiskt", "åtgärdsplan", "uppföljningen"}) {
        auto points = h.points(word);
        EXPECT_FALSE(points.empty()) << word;
        auto length = utf32(word).size();
        for (std::size_t p : points) {
            ASSERT_LT(p, word.size());
            EXPECT_NE(static_cast<unsigned char>(word[p]) & 0xC0, 0x80) << word << ": inside a UTF-8 character";
            EXPECT_GE(utf32(word.substr(0, p)).size(), 2u) << word;
            EXPECT_GE(length - utf32(word.substr(0, p)).size(), 3u) << word;
        }
    }
}

// Released patterns (between the layout passes) lose nothing: the words
// asked before keep their points, and a new word parses the patterns
// again and gets the points a fresh hyphenator gives.
TEST(Hyphenate, ReleasedPatternsAreParsedAgainForANewWord) {
    auto h = Hyphenator::load(patterns);
    auto fresh = Hyphenator::load(patterns);
    auto known = h->points("arbetsmarknadsnämnden");
    ASSERT_FALSE(known.empty());
    h->release_patterns();
    EXPECT_EQ(h->points("arbetsmarknadsnämnden"), known);
    EXPECT_EQ(hyphenated(*h, "förvaltningschefen"), "för-valt-nings-che-fen");
    h->release_patterns();
    h->release_patterns();  // twice: nothing to free the second time
    for (std::string word : {"kommunövergripande", "institutionsvård", "ÅTGÄRDSPLAN"})
        EXPECT_EQ(h->points(word), fresh->points(word)) << word;
}

TEST(Hyphenate, MissingPatternFileIsAnError) {
    EXPECT_THROW(Hyphenator::load("/nonexistent/hyph_sv_SE.dic"), std::runtime_error);
}

// Patterns that cannot be read fail load() itself, naming the file's line,
// and a prepare() of them leaves that to load().
TEST(Hyphenate, UnreadablePatternsFailLoadNamingTheLine) {
    const std::string bad = ::testing::TempDir() + "tertial-bad-patterns.dic";
    std::ofstream(bad) << "KOI8-R\nab1c\n";
    Hyphenator::prepare(bad);
    try {
        Hyphenator::load(bad);
        ADD_FAILURE() << "loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind(bad + ":1: the patterns' charset is 'KOI8-R'", 0), 0u) << e.what();
    }
    std::remove(bad.c_str());
}

// ---- line breaking -------------------------------------------------------------------------

TEST(BreakLines, SeedParagraphAtThreeWidths) {
    for (double width : {150.0, 250.0, 450.0}) {
        SCOPED_TRACE(width);
        auto lines = wrap(seed_paragraph, width);
        ASSERT_GT(lines.size(), 2u);
        check_lines(lines, seed_paragraph, width);
        // Lines are reasonably full: only the last may be much shorter.
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_GT(lines[i].width, 0.6 * width) << i;
    }
}

TEST(BreakLines, NumbersAndUnitsJoinedByNoBreakSpaceStayTogether) {
    const std::vector<std::string> together = {"22\u00A0mnkr", "2,8\u00A0mnkr", "350\u00A0000\u00A0kronor",
                                               "16,8\u00A0mnkr", "33,3\u00A0%", "1\u00A0200"};
    for (double width = 45; width <= 460; width += 5) {
        auto lines = wrap(seed_paragraph, width);
        check_lines(lines, seed_paragraph, width);
        for (const auto& token : together) {
            // The unbreakable piece runs to the next space ("16,8 mnkr,"); wider
            // than the line, it is cut by characters, as it must be.
            std::size_t at = seed_paragraph.find(token);
            std::string piece = seed_paragraph.substr(at, seed_paragraph.find(' ', at) - at);
            if (width_of(piece, *fonts().regular) > width) continue;
            bool found = false;
            for (const auto& line : lines) found = found || text_of(line).find(token) != std::string::npos;
            EXPECT_TRUE(found) << "\"" << token << "\" broken at width " << width;
        }
    }
}

// A mark the font places over its letter (q with an acute, which no font
// has composed) keeps its offset on whichever line its word lands, with the
// glyphs around it, which have none: lines copy offsets with their glyphs.
TEST(BreakLines, MarksKeepTheirOffsetsOnTheirLine) {
    const Font& font = *fonts().regular;
    const std::string word = "q\u0301uasi";
    auto alone = shape(word, font, 10, fonts().set);
    ASSERT_EQ(alone.size(), 1u);
    ASSERT_FALSE(alone[0].offsets.empty()) << "the font must offset the mark, or this tests nothing";
    ASSERT_EQ(alone[0].offsets.size(), alone[0].glyphs.size());

    const std::string text = "Ett ord " + word + " och ett annat " + word + " till slut.";
    bool found = false;
    for (double width : {60.0, 90.0, 400.0}) {
        for (const auto& line : wrap(text, width, &font, 10, false)) {
            for (const auto& run : line.runs) {
                ASSERT_TRUE(run.offsets.empty() || run.offsets.size() == run.glyphs.size());
                for (std::size_t k = 0; k < run.glyphs.size(); ++k) {
                    if (run.glyphs[k].gid != alone[0].glyphs[1].gid) continue;
                    found = true;
                    EXPECT_EQ(run.offset(k), alone[0].offset(1)) << "width " << width;
                    EXPECT_EQ(run.offset(k - 1), GlyphOffset{}) << "the q";
                }
            }
        }
    }
    EXPECT_TRUE(found);
}

TEST(BreakLines, HyphenatesALongCompoundRatherThanLeaveAShortLine) {
    const Font& font = *fonts().regular;
    const std::string text = "Social- och arbetsmarknadsnämnden föreslår";
    // Room for "Social- och arbetsmarknads-", not for the whole compound.
    double width = width_of("Social- och arbetsmarknads-", font) + 2;
    ASSERT_LT(width, width_of("Social- och arbetsmarknadsnämnden", font));

    auto plain = wrap(text, width, &font, 10, false);
    ASSERT_GE(plain.size(), 2u);
    EXPECT_EQ(text_of(plain[0]), "Social- och");
    EXPECT_FALSE(plain[0].hyphenated);

    auto lines = wrap(text, width);
    check_lines(lines, text, width);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(lines[0].hyphenated);
    EXPECT_EQ(text_of(lines[0]), "Social- och arbetsmarknads-");
    EXPECT_EQ(text_of(lines[1]), "nämnden föreslår");
    EXPECT_GT(lines[0].width, plain[0].width + 50);
}

TEST(BreakLines, WordWiderThanTheLineIsHyphenatedThenCut) {
    const Font& font = *fonts().regular;
    double width = width_of("arbetsmark-", font) + 1;
    auto lines = wrap("arbetsmarknadsnämnden", width);
    check_lines(lines, "arbetsmarknadsnämnden", width);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_TRUE(lines[0].hyphenated);

    const std::string token = "https://www.example.se/kommun/protokoll/2020/tertialrapport_april_2020.pdf";
    lines = wrap(token, 60);
    check_lines(lines, token, 60);
    EXPECT_GT(lines.size(), 4u);
    for (const auto& line : lines) EXPECT_FALSE(line.hyphenated) << "a cut between characters adds no hyphen";
    // Narrower than one character: one character a line, overflowing, never lost.
    lines = wrap("ÅÄÖ", 1);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(text_of(lines[1]), "Ä");
}

TEST(BreakLines, NewlinesForceBreaks) {
    auto lines = wrap("Första raden\nAndra raden", 450);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(text_of(lines[0]), "Första raden");
    EXPECT_EQ(text_of(lines[1]), "Andra raden");

    lines = wrap("a\n\nb\n", 450);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(text_of(lines[0]), "a");
    EXPECT_TRUE(lines[1].runs.empty());
    EXPECT_EQ(lines[1].width, 0);
    EXPECT_EQ(text_of(lines[2]), "b");

    lines = wrap("ett två tre\r\nfyra", 40);
    for (const auto& line : lines) EXPECT_EQ(text_of(line).find_first_of("\r\n"), std::string::npos);
    EXPECT_EQ(text_of(lines.back()), "fyra");
    EXPECT_TRUE(wrap("", 100).empty());
}

TEST(BreakLines, TrailingSpacesDoNotCountAndAreDropped) {
    const Font& font = *fonts().regular;
    double width = width_of("Nämnden", font) + 0.5;  // the word fits, the word and a space do not
    ASSERT_LT(width, width_of("Nämnden ", font));
    auto lines = wrap("Nämnden      föreslår", width, &font, 10, false);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(text_of(lines[0]), "Nämnden");
    EXPECT_DOUBLE_EQ(lines[0].width, width_of("Nämnden", font));
    EXPECT_EQ(text_of(lines[1]), "föreslår");
    lines = wrap("   indrag", 100);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(text_of(lines[0]), "indrag");
}

TEST(BreakLines, SpansOfDifferentFontsAndSizes) {
    const Fonts& f = fonts();
    std::vector<Span> spans = {{"Nämnden redovisar ett underskott med ", f.regular.get(), 10},
                               {"16,8\u00A0mnkr", f.bold.get(), 10},
                               {" för helåret, varav ", f.regular.get(), 10},
                               {"institutionsvård", f.bold.get(), 12},
                               {" och ", f.regular.get(), 10},
                               {"\u21D2", f.regular.get(), 10},
                               {" ekonomiskt bistånd.", f.regular.get(), 10}};
    std::string all;
    for (const auto& s : spans) all += s.text;
    for (double width : {80.0, 150.0, 250.0, 450.0}) {
        SCOPED_TRACE(width);
        BreakOptions o;
        o.width = width;
        o.hyphenator = f.hyphenator.get();
        o.fonts = &f.set;
        auto lines = break_lines(spans, o);
        check_lines(lines, all, width);
        bool bold = false, fallback = false, big = false;
        for (const auto& line : lines)
            for (const auto& r : line.runs) {
                bold = bold || r.font == f.bold.get();
                fallback = fallback || r.font == f.fallback.get();
                big = big || r.size == 12;
                if (r.font == f.bold.get() && r.size == 10) {
                    EXPECT_NE(r.text.find("16,8\u00A0mnkr"), std::string::npos);
                }
            }
        EXPECT_TRUE(bold);
        EXPECT_TRUE(fallback);
        EXPECT_TRUE(big);
    }
    // A word made of two spans ("fet" bold, "stil" regular) is not broken between them.
    BreakOptions o;
    o.width = 30;
    o.fonts = &f.set;
    auto lines = break_lines({{"fet", f.bold.get(), 10}, {"stil", f.regular.get(), 10}}, o);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0].runs.size(), 2u);
    EXPECT_EQ(lines[0].runs[0].text, "fet");
    EXPECT_EQ(lines[0].runs[1].text, "stil");
}

TEST(BreakLines, ReportsCharactersNoFontHas) {
    std::vector<char32_t> missing;
    BreakOptions o;
    o.width = 200;
    o.fonts = &fonts().set;
    o.missing = &missing;
    auto lines = break_lines({{"Budget \u4E2D 2020", fonts().regular.get(), 10}}, o);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(text_of(lines[0]), "Budget ? 2020");
    EXPECT_EQ(missing, std::vector<char32_t>{U'\u4E2D'});
    expect_no_notdef(lines[0].runs);
}

TEST(BreakLines, WholeSeedReport) {
    std::ifstream in("/work/shared/seeds/000_c59d3791661190eb.txt");
    if (!in) GTEST_SKIP() << "seed 000 not available";
    // Paragraphs are separated by blank lines; their lines are joined by spaces.
    std::vector<std::string> paragraphs(1);
    std::string row;
    while (std::getline(in, row)) {
        if (row.find_first_not_of(" \t\r\f") == std::string::npos) {
            if (!paragraphs.back().empty()) paragraphs.emplace_back();
        } else {
            paragraphs.back() += (paragraphs.back().empty() ? "" : " ") + row;
        }
    }
    std::size_t hyphens = 0;
    for (double width : {150.0, 250.0, 450.0}) {
        for (const auto& p : paragraphs) {
            if (p.empty()) continue;
            auto lines = wrap(p, width);
            check_lines(lines, without(without(p, '\f'), '\t'), width);
            for (const auto& l : lines) hyphens += l.hyphenated;
        }
    }
    EXPECT_GT(hyphens, 0u);
}

// ---- the text cache -------------------------------------------------------------------------

bool same_lines(const std::vector<Line>& a, const std::vector<Line>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (text_of(a[i]) != text_of(b[i]) || a[i].hyphenated != b[i].hyphenated || a[i].width != b[i].width) return false;
        if (a[i].runs.size() != b[i].runs.size()) return false;
        for (std::size_t r = 0; r < a[i].runs.size(); ++r) {
            const auto& x = a[i].runs[r].glyphs;
            const auto& y = b[i].runs[r].glyphs;
            if (x.size() != y.size()) return false;
            for (std::size_t g = 0; g < x.size(); ++g)
                if (x[g].gid != y[g].gid || x[g].x_advance != y[g].x_advance || x[g].cluster != y[g].cluster) return false;
            if (a[i].runs[r].offsets != b[i].runs[r].offsets) return false;
        }
    }
    return true;
}

TEST(TextCache, CachedLinesAreExactlyTheUncachedOnes) {
    TextCache cache;
    const std::vector<std::string> texts{seed_paragraph, "Summa kostnader", "Budget\u00A02020 −2,9\u00A0mnkr",
                                         "arbetsmarknadsförvaltningens effektiviseringsåtgärder"};
    for (int round = 0; round < 2; ++round) {
        for (double width : {60.0, 150.0, 450.0}) {
            for (const auto& text : texts) {
                SCOPED_TRACE(text.substr(0, 20) + " at " + std::to_string(width));
                BreakOptions o;
                o.width = width;
                o.hyphenator = fonts().hyphenator.get();
                o.fonts = &fonts().set;
                auto plain = break_lines({{text, fonts().regular.get(), 10}}, o);
                o.cache = &cache;
                auto cached = break_lines({{text, fonts().regular.get(), 10}}, o);
                EXPECT_TRUE(same_lines(plain, cached));
            }
        }
    }
}

// A table row's label is broken alone (break_lines_alone): no cache keeps
// the paragraph, and with cache_numbers off its words holding a digit are
// shaped for it alone while the others come from the cache. The lines are
// those of breaking without a cache.
TEST(TextCache, ALabelBrokenAloneKeepsItsWordsButNotItsNumbers) {
    const std::string label = "Verksamhet 12345 enligt LSS-beslut 2021";
    auto keys_with_digits = [](TextCache& cache) {
        std::size_t n = 0;
        for (const auto& [key, entry] : *cache.impl().shapes)
            n += std::any_of(key.begin() + 4, key.end(), [](char c) { return c >= '0' && c <= '9'; });
        return n;
    };
    for (bool numbers : {true, false}) {
        SCOPED_TRACE(numbers ? "numbers cached" : "numbers not cached");
        TextCache cache;
        BreakOptions o;
        o.width = 80;
        o.hyphenator = fonts().hyphenator.get();
        o.fonts = &fonts().set;
        o.whole_names = true;
        const auto plain = break_lines({{label, fonts().regular.get(), 10}}, o);
        o.cache = &cache;
        o.cache_numbers = numbers;
        const auto alone = break_lines_alone({{label, fonts().regular.get(), 10}}, o);
        EXPECT_TRUE(same_lines(plain, alone->lines()));
        EXPECT_GT(plain.size(), 1u);
        EXPECT_TRUE(cache.impl().paragraphs.empty()) << "the paragraph is not kept";
        EXPECT_TRUE(cache.impl().shapes->count(std::string("\0\0\0\0Verksamhet", 14))) << "a word is";
        EXPECT_EQ(keys_with_digits(cache), numbers ? 2u : 0u);
    }
}

TEST(TextCache, RemembersParagraphsAndShapes) {
    TextCache cache;
    BreakOptions o;
    o.width = 150;
    o.fonts = &fonts().set;
    o.cache = &cache;
    break_lines({{seed_paragraph, fonts().regular.get(), 10}}, o);
    std::size_t after_first = cache.entries();
    EXPECT_GT(after_first, 1u);  // the paragraph and its words
    break_lines({{seed_paragraph, fonts().regular.get(), 10}}, o);
    EXPECT_EQ(cache.entries(), after_first);
    o.width = 151;  // another measure is another paragraph; the words are known
    break_lines({{seed_paragraph, fonts().regular.get(), 10}}, o);
    EXPECT_EQ(cache.entries(), after_first + 1);
    const auto& runs = cache.shape("Summa", *fonts().bold, 9, fonts().set);
    EXPECT_EQ(text_of(runs), "Summa");
    EXPECT_DOUBLE_EQ(runs.front().width(), width_of("Summa", *fonts().bold, 9));
    cache.clear();
    EXPECT_EQ(cache.entries(), 0u);
}

// A paragraph is broken once, for the whole run, and held as where its
// lines break, not as their glyphs: no copy for who asks again, and each
// line made exactly as breaking without a cache makes it.
TEST(TextCache, BreaksAParagraphOnceAndMakesItsLinesExactly) {
    TextCache cache;
    BreakOptions o;
    o.width = 150;
    o.hyphenator = fonts().hyphenator.get();
    o.fonts = &fonts().set;
    std::string text;
    for (int i = 0; i < 40; ++i) text += seed_paragraph + " ";
    const std::vector<Span> spans{{text, fonts().regular.get(), 10}};
    const auto shared = break_lines_cached(spans, o, cache);
    EXPECT_EQ(break_lines_cached(spans, o, cache).get(), shared.get());
    const std::vector<Line> made = shared->lines();
    EXPECT_TRUE(same_lines(made, break_lines(spans, o)));
    ASSERT_GT(made.size(), 100u);
    ASSERT_EQ(shared->size(), made.size());
    EXPECT_TRUE(same_lines({shared->line(made.size() / 2)}, {made[made.size() / 2]}));
    std::size_t hyphenated = 0;
    for (const auto& line : made) hyphenated += line.hyphenated;
    EXPECT_GT(hyphenated, 0u);  // the lines ending with a hyphen are made too
}

// A long paragraph's key holds its text's digest, not the text; paragraphs
// that differ in one letter are still two.
TEST(TextCache, KeysALongParagraphByItsDigest) {
    TextCache cache;
    BreakOptions o;
    o.width = 150;
    o.fonts = &fonts().set;
    std::string text;
    for (int i = 0; i < 40; ++i) text += seed_paragraph + " ";
    const std::vector<Span> one{{text + "a", fonts().regular.get(), 10}};
    const std::vector<Span> other{{text + "b", fonts().regular.get(), 10}};
    EXPECT_LT(TextCache::Impl::paragraph_key(one, o).size(), 200u);
    EXPECT_NE(TextCache::Impl::paragraph_key(one, o), TextCache::Impl::paragraph_key(other, o));
    const auto a = break_lines_cached(one, o, cache);
    const auto b = break_lines_cached(other, o, cache);
    EXPECT_NE(a.get(), b.get());
    EXPECT_EQ(a->lines().back().runs.back().text.back(), 'a');
    EXPECT_EQ(b->lines().back().runs.back().text.back(), 'b');
    // A short text is its own key.
    const std::vector<Span> word{{"Verksamhet", fonts().regular.get(), 10}};
    EXPECT_NE(TextCache::Impl::paragraph_key(word, o).find("Verksamhet"), std::string::npos);
}

// A laid-out document keeps the paragraphs it draws after the text cache
// they came from is cleared or gone: their lines are still made, the same.
// Two seed paragraphs around a word partly bold ("Budget**avvikelse**"),
// broken 120 pt wide with hyphens: lines of two runs, and hyphenated ones.
struct PartlyBold {
    BreakOptions options;
    std::vector<Span> spans;
    PartlyBold() {
        options.width = 120;
        options.hyphenator = fonts().hyphenator.get();
        options.fonts = &fonts().set;
        spans = {{seed_paragraph + " Budget", fonts().regular.get(), 10},
                 {"avvikelse", fonts().bold.get(), 10},
                 {" " + seed_paragraph, fonts().regular.get(), 10}};
    }
};

TEST(TextCache, ABrokenParagraphOutlivesItsCache) {
    auto cache = std::make_unique<TextCache>();
    // A word partly bold: its shape is the breaker's own, not the cache's.
    const PartlyBold p;
    const BreakOptions& o = p.options;
    const std::vector<Span>& spans = p.spans;
    const std::vector<Line> expected = break_lines(spans, o);
    const auto kept = break_lines_cached(spans, o, *cache);
    cache->clear();
    EXPECT_EQ(cache->entries(), 0u);
    EXPECT_TRUE(same_lines(kept->lines(), expected));
    cache.reset();
    EXPECT_TRUE(same_lines(kept->lines(), expected));
}

// A text item draws one run of a line (BrokenLines::run): the run line()
// makes, for every run of every line, a line of a bold word and a
// hyphenated one among them.
TEST(TextCache, MakesOneRunOfALineAsTheWholeLineHasIt) {
    TextCache cache;
    const PartlyBold p;
    const auto broken = break_lines_cached(p.spans, p.options, cache);
    std::size_t several = 0, hyphenated = 0;
    for (std::size_t k = 0; k < broken->size(); ++k) {
        const Line line = broken->line(k);
        several += line.runs.size() > 1;
        hyphenated += line.hyphenated;
        for (std::size_t i = 0; i < line.runs.size(); ++i) {
            Line alone;
            alone.runs.push_back(broken->run(k, i));
            Line expected;
            expected.runs.push_back(line.runs[i]);
            EXPECT_TRUE(same_lines({alone}, {expected})) << "line " << k << ", run " << i;
            EXPECT_EQ(alone.runs[0].font, line.runs[i].font);
            EXPECT_EQ(alone.runs[0].size, line.runs[i].size);
        }
        EXPECT_THROW(broken->run(k, line.runs.size()), std::out_of_range);
    }
    EXPECT_GT(several, 0u);
    EXPECT_GT(hyphenated, 0u);
}

// A text only drawn (a table's cell) is shaped, not measured: measures are
// 24 bytes a glyph, made when line breaking first asks for them, and then
// the same as a text measured at once.
TEST(TextCache, MeasuresATextOnlyWhenLineBreakingAsks) {
    TextCache cache;
    const std::string cell = "Verksamhetsområde";
    cache.shape(cell, *fonts().regular, 10, fonts().set);
    ASSERT_EQ(cache.impl().shapes->size(), 1u);
    const auto& entry = cache.impl().shapes->begin()->second;
    EXPECT_TRUE(entry.shaped.glyphs.empty());
    EXPECT_TRUE(entry.shaped.prefix.empty());

    BreakOptions o;
    o.width = 500;
    o.fonts = &fonts().set;
    o.cache = &cache;
    const auto lines = break_lines({{cell, fonts().regular.get(), 10}}, o);
    EXPECT_EQ(cache.impl().shapes->size(), 1u);  // the same entry, now measured
    ASSERT_EQ(entry.shaped.glyphs.size(), cell.size() - 1);  // 'å' is two bytes
    EXPECT_EQ(entry.shaped.prefix.size(), entry.shaped.glyphs.size() + 1);
    EXPECT_DOUBLE_EQ(entry.shaped.width, width_of(cell, *fonts().regular, 10));
    o.cache = nullptr;
    EXPECT_TRUE(same_lines(lines, break_lines({{cell, fonts().regular.get(), 10}}, o)));
}

// A text only measured (a table's cell sizing its column) is remembered as
// its width, not its glyphs: the width of every run, as shape() gives them,
// and taken from the shape when the text has one.
TEST(TextCache, RemembersATextOnlyMeasuredAsItsWidth) {
    TextCache cache;
    const Font& regular = *fonts().regular;
    // Three runs: the arrow is the fallback font's.
    const std::string mixed = "Mål \u21D2 uppfyllt";
    EXPECT_DOUBLE_EQ(cache.width(mixed, regular, 10, fonts().set), width_of(mixed, regular));
    EXPECT_GT(cache.width(mixed, regular, 10, fonts().set), width_of("Mål ", regular) + width_of(" uppfyllt", regular));
    EXPECT_EQ(cache.entries(), 0u) << "no shape kept";
    EXPECT_TRUE(cache.impl().widths.size() == 1u);
    // Asked again: the number remembered. Another size or figures: another entry.
    EXPECT_DOUBLE_EQ(cache.width(mixed, regular, 10, fonts().set), width_of(mixed, regular));
    EXPECT_DOUBLE_EQ(cache.width(mixed, regular, 9, fonts().set), width_of(mixed, regular, 9));
    const std::string figure = "\u22121\u00A0234,5";
    double tabular = 0;
    for (const auto& r : shape(figure, regular, 10, fonts().set, nullptr, Figures::tabular)) tabular += r.width();
    EXPECT_DOUBLE_EQ(cache.width(figure, regular, 10, fonts().set, Figures::tabular), tabular);
    EXPECT_EQ(cache.impl().widths.size(), 3u);
    // A text shaped already is measured from its shape; nothing more is kept.
    cache.shape("Verksamhet", regular, 10, fonts().set);
    EXPECT_DOUBLE_EQ(cache.width("Verksamhet", regular, 10, fonts().set), width_of("Verksamhet", regular));
    EXPECT_EQ(cache.impl().widths.size(), 3u);
    // Not to be kept (a row's label, seen once): measured the same, not remembered;
    // one remembered is still found.
    EXPECT_DOUBLE_EQ(cache.width("Verksamhet 1234", regular, 10, fonts().set, Figures::text, false),
                     width_of("Verksamhet 1234", regular));
    EXPECT_DOUBLE_EQ(cache.width(mixed, regular, 9, fonts().set, Figures::text, false), width_of(mixed, regular, 9));
    EXPECT_EQ(cache.impl().widths.size(), 3u);
    cache.clear();
    EXPECT_TRUE(cache.impl().widths.empty());
}

TEST(TextCache, ReportsMissingCharactersOnEveryCall) {
    TextCache cache;
    for (int round = 0; round < 2; ++round) {
        std::vector<char32_t> missing;
        BreakOptions o;
        o.width = 200;
        o.fonts = &fonts().set;
        o.missing = &missing;
        o.cache = &cache;
        auto lines = break_lines({{"Budget \u4E2D 2020", fonts().regular.get(), 10}}, o);
        EXPECT_EQ(missing, std::vector<char32_t>{U'\u4E2D'}) << "round " << round;
        std::vector<char32_t> shaped;
        cache.shape("\u4E2D", *fonts().regular, 10, fonts().set, &shaped);
        EXPECT_EQ(shaped, std::vector<char32_t>{U'\u4E2D'}) << "round " << round;
    }
}

TEST(BreakLines, NoHyphensWhereLinesFillWellWithoutThem) {
    // A short paragraph that fits is one line; a long one whose lines come
    // out full without hyphenation is not hyphenated (TeX's first pass).
    auto one = wrap("Förvaltningschefens ord", 450);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_FALSE(one[0].hyphenated);
    auto lines = wrap(seed_paragraph, 450);
    check_lines(lines, seed_paragraph, 450);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        if (lines[i].hyphenated) continue;
        EXPECT_GT(lines[i].width, 450 * 0.75) << "line " << i << " is short: \"" << text_of(lines[i]) << "\"";
    }
}
