// What the PDF text engine's tests share (pdf_text_test.cpp,
// pdf_text_cache_test.cpp): the fonts and patterns Debian installs, a
// paragraph of seed 000, and checks of shaped runs and broken lines.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tertial/pdf/text.hpp"

namespace tertial::pdf::text_fixtures {

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

inline const Fonts& fonts() {
    static const Fonts f;
    return f;
}

inline std::u32string utf32(const std::string& s) {
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

inline std::string text_of(const std::vector<GlyphRun>& runs) {
    std::string out;
    for (const auto& r : runs) out += r.text;
    return out;
}

inline std::string text_of(const Line& line) { return text_of(line.runs); }

inline void expect_no_notdef(const std::vector<GlyphRun>& runs) {
    for (const auto& r : runs) {
        ASSERT_NE(r.font, nullptr);
        for (const auto& g : r.glyphs) {
            EXPECT_NE(g.gid, 0) << "a .notdef glyph in \"" << r.text << "\"";
            EXPECT_LT(g.cluster, r.text.size()) << r.text;
        }
    }
}

inline std::string hyphenated(const Hyphenator& h, const std::string& word) {
    std::string out;
    std::size_t previous = 0;
    for (std::size_t p : h.points(word)) {
        out += word.substr(previous, p - previous) + "-";
        previous = p;
    }
    return out + word.substr(previous);
}

inline std::string without(std::string s, char c) {
    s.erase(std::remove(s.begin(), s.end(), c), s.end());
    return s;
}

// Checks what every set of lines must satisfy, and that joining the lines
// gives back the paragraph (spaces at the breaks and inserted hyphens aside).
inline void check_lines(const std::vector<Line>& lines, const std::string& paragraph, double width) {
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

inline std::vector<Line> wrap(const std::string& text, double width, const Font* font = nullptr, double size = 10,
                       bool hyphenate = true) {
    BreakOptions o;
    o.width = width;
    o.hyphenator = hyphenate ? fonts().hyphenator.get() : nullptr;
    o.fonts = &fonts().set;
    return break_lines({{text, font ? font : fonts().regular.get(), size}}, o);
}

inline double width_of(const std::string& text, const Font& font, double size = 10) {
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

}  // namespace tertial::pdf::text_fixtures
