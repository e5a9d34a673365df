// UAX #14 break opportunities (libunibreak) and grapheme boundaries (UAX
// #29), for line breaking: where a line may end, and where a word too long
// for any line may be cut.
#include <linebreak.h>

#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "line_break_impl.hpp"

namespace tertial::pdf::line_break_detail {

using namespace text_detail;

void prepare_line_breaking() {
    static std::once_flag once;
    std::call_once(once, [] { init_linebreak(); });
}

namespace {

bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// An e-mail or web address ("karin.fjall-berg@harnosand.se",
// "https://www.harnosand.se/...") is one word that UAX #14 would break after
// a hyphen or a slash: a line ending "karin.fjall-" reads as a hyphenated
// word. Its breaks are taken out, so it is never broken where it fits a
// line; one too long for any line is cut at a "/" or before a "." (see
// solve()), never with a hyphen added.
void keep_addresses_whole(const std::vector<char32_t>& cps, std::vector<char>& brks) {
    auto starts_with = [&](std::size_t at, std::size_t end, std::u32string_view prefix) {
        if (end - at < prefix.size()) return false;
        for (std::size_t k = 0; k < prefix.size(); ++k) {
            char32_t c = cps[at + k];
            if ((c >= U'A' && c <= U'Z' ? c + 32 : c) != prefix[k]) return false;
        }
        return true;
    };
    for (std::size_t begin = 0; begin < cps.size();) {
        std::size_t end = begin;
        while (end < cps.size() && !is_breaking_space(cps[end]) && !is_newline(cps[end])) ++end;
        std::size_t at = begin;
        while (at < end && (cps[at] == U'(' || cps[at] == U'<' || cps[at] == U'[')) ++at;
        bool address = starts_with(at, end, U"http://") || starts_with(at, end, U"https://") || starts_with(at, end, U"www.");
        for (std::size_t k = at + 1; !address && k + 1 < end; ++k) address = cps[k] == U'@';
        if (address)
            for (std::size_t k = begin; k + 1 < end; ++k)
                if (brks[k] == LINEBREAK_ALLOWBREAK) brks[k] = LINEBREAK_NOBREAK;
        begin = end + 1;
    }
}

}  // namespace

// UAX #14 break opportunities after each character (LINEBREAK_*).
//
// libunibreak is given the code points Tertial decoded, never bytes, so
// both agree on what a character is. Two kinds of character never reach it,
// because libunibreak 1.1 (Debian 12) aborts on them:
// - U+FFFF is its end-of-string mark (EOS in linebreakdef.h): the text
//   seems to end early and set_linebreaks fails `posLast == posCur - 1 &&
//   posCur <= len`. Later releases moved EOS past Unicode (0xFFFFFFFF).
//   It and every other code point UAX #14 leaves unknown (XX, which
//   resolves to AL) is passed as a letter.
// - Regional indicators (flags, U+1F1E6..U+1F1FF) have a class (RI) past
//   the end of its pair table: `lbcNew <= LBP_JT` fails. They are passed
//   as an ideograph, which breaks the same way on both sides (LB31), and
//   the pairs are then joined as LB30a says: no break inside a flag.
//
// The code points are changed in place for the call and put back after it
// (a long paragraph's are not copied: 4 bytes a character).
std::vector<char> break_opportunities(std::vector<char32_t>& cps) {
    prepare_line_breaking();
    std::vector<std::pair<std::size_t, char32_t>> changed;  // (index, code point): rare
    for (std::size_t i = 0; i < cps.size(); ++i) {
        char32_t cp = cps[i];
        if (is_regional_indicator(cp))
            cps[i] = U'\u4E00';  // CJK ideograph one: class ID
        else if (cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFDD0 && cp <= 0xFDEF))
            cps[i] = U'A';  // noncharacters and surrogates: class XX, read as AL
        else
            continue;
        changed.emplace_back(i, cp);
    }
    static_assert(sizeof(char32_t) == sizeof(utf32_t));
    std::vector<char> brks(cps.size());
    if (!cps.empty())
        set_linebreaks_utf32(reinterpret_cast<const utf32_t*>(cps.data()), cps.size(), "sv", brks.data());
    for (const auto& [i, cp] : changed) cps[i] = cp;
    std::size_t run = 0;  // regional indicators in a row so far
    for (std::size_t i = 0; i < cps.size(); ++i) {
        run = is_regional_indicator(cps[i]) ? run + 1 : 0;
        if (run % 2 == 1 && i + 1 < cps.size() && is_regional_indicator(cps[i + 1])) brks[i] = LINEBREAK_NOBREAK;
    }
    keep_addresses_whole(cps, brks);
    return brks;
}

namespace {

bool is_hangul(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xD7B0 && cp <= 0xD7FF);
}

}  // namespace

// Whether a word may be cut before chars[c]: between grapheme clusters
// (UAX #29 in the main), so a cut never parts a letter from its accent, a
// flag's two halves, an emoji from its modifier or a joined emoji sequence.
bool grapheme_boundary(const std::vector<Utf8Char>& chars, std::size_t c) {
    char32_t cp = chars[c].cp, before = chars[c - 1].cp;
    if (is_mark(cp) || is_invisible(cp)) return false;                       // GB9, GB9a (and nothing to see)
    if ((cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF))
        return false;                                                        // modifiers, tags, variation selectors
    if (before == 0x200D) return false;                                      // GB11: after a zero-width joiner
    if (is_regional_indicator(cp) && is_regional_indicator(before)) {       // GB12, GB13: flags are pairs
        std::size_t run = 0;
        for (std::size_t k = c; k-- > 0 && is_regional_indicator(chars[k].cp);) ++run;
        return run % 2 == 0;
    }
    bool jamo_vt = (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF);
    bool jamo_l = (before >= 0x1100 && before <= 0x115F) || (before >= 0xA960 && before <= 0xA97F);
    if ((jamo_vt && is_hangul(before)) || (jamo_l && is_hangul(cp))) return false;  // GB6-GB8
    return true;
}

}  // namespace tertial::pdf::line_break_detail
