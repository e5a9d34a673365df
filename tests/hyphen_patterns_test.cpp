// Tertial's reading of libhyphen pattern files against libhyphen itself: the same states, the same hyphens.
#include <gtest/gtest.h>
#include <hyphen.h>

#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "hyphen_patterns.hpp"  // formats/pdf/src/text
#include "run_binary.hpp"
#include "test_files.hpp"

using tertial::pdf::text_detail::HyphenPatterns;
namespace fs = std::filesystem;

namespace {

const std::string swedish = "/usr/share/hyphen/hyph_sv_SE.dic";

struct Dict {
    HyphenDict* d;
    explicit Dict(const std::string& path) : d(hnj_hyphen_load(path.c_str())) {}
    ~Dict() {
        if (d) hnj_hyphen_free(d);
    }
};

std::string utf8_of_latin1(const std::string& latin1) {
    std::string out;
    for (unsigned char c : latin1) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xC0 | c >> 6);
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// Every word of the examples (lowercased Latin-1), and random words over
// the letters of the Swedish patterns, from a fixed seed.
std::vector<std::string> latin1_words() {
    std::set<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(TERTIAL_SOURCE_DIR) / "examples")) {
        if (entry.path().extension() != ".json") continue;
        std::string text = tertial::test::slurp(entry.path());
        std::string word;
        for (std::size_t i = 0; i <= text.size(); ++i) {
            unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
            if (c >= 'A' && c <= 'Z') {
                word += static_cast<char>(c + 32);
            } else if (c >= 'a' && c <= 'z') {
                word += static_cast<char>(c);
            } else if (c == 0xC3 && i + 1 < text.size()) {  // Latin-1 letters in UTF-8: å ä ö é ü and capitals
                unsigned char l = 0x40 | (static_cast<unsigned char>(text[++i]) & 0x3F);
                word += static_cast<char>((l >= 0xC0 && l <= 0xDE && l != 0xD7) ? l + 32 : l);
            } else {
                if (word.size() >= 2) found.insert(word);
                word.clear();
            }
        }
    }
    std::vector<std::string> words(found.begin(), found.end());
    const std::string letters = "abcdefghijklmnopqrstuvwxyz\xE5\xE4\xF6\xE9\xFC\xE6\xF8";
    std::mt19937 random(21);
    for (int i = 0; i < 60000; ++i) {
        std::string w;
        for (std::size_t n = 2 + random() % 16; n > 0; --n) w += letters[random() % letters.size()];
        words.push_back(w);
    }
    return words;
}

std::vector<char32_t> code_points_of_latin1(const std::string& w) {
    std::vector<char32_t> out;
    for (unsigned char c : w) out.push_back(c);
    return out;
}

// libhyphen's answer as Tertial reads it: after character i, odd is a hyphen.
std::vector<int> libhyphen_odd(const Dict& dict, const std::string& encoded, std::size_t characters) {
    std::vector<char> hyphens(encoded.size() + 5, '0');
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    EXPECT_EQ(hnj_hyphen_hyphenate2(dict.d, encoded.data(), static_cast<int>(encoded.size()), hyphens.data(), nullptr,
                                    &rep, &pos, &cut),
              0);
    EXPECT_EQ(rep, nullptr) << "the Swedish patterns have no replacements";
    std::free(pos);
    std::free(cut);
    std::vector<int> out;
    for (std::size_t i = 0; i < characters; ++i) out.push_back(hyphens[i] & 1);
    return out;
}

// libhyphen clears the word's last two places itself (its RIGHTHYPHENMIN);
// Tertial keeps three characters after a hyphen, so those never count.
std::vector<int> tertial_odd(const HyphenPatterns& patterns, const std::vector<char32_t>& word) {
    std::vector<std::uint8_t> values;
    patterns.values(word, values);
    EXPECT_EQ(values.size(), word.size() + 1);
    std::vector<int> out;
    for (std::size_t i = 0; i < word.size(); ++i) out.push_back(i + 2 < word.size() ? values[i + 1] & 1 : 0);
    return out;
}

std::string file_with(const tertial::test::TempDir& tmp, const std::string& name, const std::string& content) {
    std::string p = tmp / name;
    tertial::test::spit(p, content);
    return p;
}

std::string error_of(const std::string& path) {
    try {
        HyphenPatterns::read(path);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(HyphenPatterns, SameStatesAsLibhyphen) {
    Dict dict(swedish);
    ASSERT_NE(dict.d, nullptr);
    HyphenPatterns patterns = HyphenPatterns::read(swedish);
    EXPECT_TRUE(patterns.latin1());
    // Without NEXTLEVEL libhyphen puts the patterns on its second level,
    // under a first one of its own.
    ASSERT_NE(dict.d->nextlevel, nullptr);
    EXPECT_EQ(patterns.states(), static_cast<std::size_t>(dict.d->nextlevel->num_states));
    EXPECT_EQ(patterns.states(), 18513u);
}

TEST(HyphenPatterns, SameHyphensAsLibhyphenForEveryExampleWordAndRandomWords) {
    Dict dict(swedish);
    HyphenPatterns patterns = HyphenPatterns::read(swedish);
    std::vector<std::string> words = latin1_words();
    ASSERT_GT(words.size(), 62000u);
    std::size_t hyphens = 0;
    for (const std::string& w : words) {
        auto theirs = libhyphen_odd(dict, w, w.size());
        for (std::size_t i = w.size() >= 2 ? w.size() - 2 : 0; i < w.size(); ++i) theirs[i] = 0;
        auto ours = tertial_odd(patterns, code_points_of_latin1(w));
        ASSERT_EQ(ours, theirs) << w;
        for (int h : ours) hyphens += h;
    }
    EXPECT_GT(hyphens, 100000u) << "the words are hyphenated at all";
}

TEST(HyphenPatterns, Utf8PatternsGiveTheSameHyphens) {
    std::string latin1 = tertial::test::slurp(swedish);
    ASSERT_EQ(latin1.substr(0, 10), "ISO8859-1\n");
    tertial::test::TempDir tmp;
    std::string path = file_with(tmp, "utf8.dic", "UTF-8\n" + utf8_of_latin1(latin1.substr(10)));
    Dict dict(path);
    HyphenPatterns patterns = HyphenPatterns::read(path);
    EXPECT_FALSE(patterns.latin1());
    HyphenPatterns latin1_patterns = HyphenPatterns::read(swedish);
    for (std::string w : {"arbetsmarknadsnämnden", "förvaltningschefen", "kommunövergripande", "äldreomsorgen"}) {
        std::vector<char32_t> word;
        std::string latin1_word;
        for (std::size_t i = 0; i < w.size(); ++i) {  // these words' UTF-8 is ASCII and two-byte letters
            auto c = static_cast<unsigned char>(w[i]);
            char32_t cp = c < 0x80 ? c : ((c & 0x1F) << 6) | (static_cast<unsigned char>(w[++i]) & 0x3F);
            word.push_back(cp);
            latin1_word += static_cast<char>(cp);
        }
        auto theirs = libhyphen_odd(dict, w, word.size());
        for (std::size_t i = word.size() - 2; i < word.size(); ++i) theirs[i] = 0;
        EXPECT_EQ(tertial_odd(patterns, word), theirs) << w;
        EXPECT_EQ(tertial_odd(patterns, word), tertial_odd(latin1_patterns, word)) << w;
    }
}

TEST(HyphenPatterns, LetterOutsideThePatternsMatchesNothing) {
    HyphenPatterns patterns = HyphenPatterns::read(swedish);
    std::vector<std::uint8_t> values;
    patterns.values({U'ж', U'ж', U'ж', U'ж', U'ж'}, values);
    EXPECT_EQ(values, std::vector<std::uint8_t>(6, 0));
}

TEST(HyphenPatterns, WhatLiangsRuleDoesNotSayIsAnErrorNamingTheLine) {
    tertial::test::TempDir tmp;
    std::string p = file_with(tmp, "charset.dic", "KOI8-R\nab1c\n");
    EXPECT_EQ(error_of(p), p + ":1: the patterns' charset is 'KOI8-R'; Tertial reads UTF-8 and ISO8859-1");
    p = file_with(tmp, "level.dic", "UTF-8\n% two levels\nLEFTHYPHENMIN 2\n1b1\nNEXTLEVEL\na1b\n");
    EXPECT_EQ(error_of(p), p + ":5: compound patterns (NEXTLEVEL) are not read: Tertial hyphenates with one level of "
                               "patterns");
    p = file_with(tmp, "replace.dic", "ISO8859-1\nab1c\nff1f/f=f,1,2\n");
    EXPECT_EQ(error_of(p), p + ":3: non-standard hyphenation (a pattern with '/') is not read: 'ff1f/f=f,1,2'");
    p = file_with(tmp, "bad-utf8.dic", "UTF-8\na1b\n\xE5\x31r\n");
    EXPECT_EQ(error_of(p), p + ":3: '\xE5\x31r' is not UTF-8");
    p = file_with(tmp, "empty.dic", "\n\n");
    EXPECT_EQ(error_of(p), p + ": not a libhyphen pattern file (no charset line)");
    EXPECT_EQ(error_of("/nonexistent/hyph.dic"), "/nonexistent/hyph.dic: cannot read the hyphenation patterns");
}

// A small file, its rule worked by hand over "abc" (".abc." to the rule):
// ".a1b" allows a hyphen before b, "2bc." forbids it (the higher digit
// wins), "b1c" allows one before c.
TEST(HyphenPatterns, HighestDigitWins) {
    tertial::test::TempDir tmp;
    std::string p = file_with(tmp, "small.dic", "UTF-8\n.a1b\nb1c\n2bc.\r\nab4x trailing words are ignored\n");
    HyphenPatterns patterns = HyphenPatterns::read(p);
    std::vector<std::uint8_t> values;
    patterns.values({U'a', U'b', U'c'}, values);
    EXPECT_EQ(values, (std::vector<std::uint8_t>{0, 2, 1, 0}));  // before a, b, c, after c
    EXPECT_EQ(patterns.states(), 1u + 3 + 2 + 1 + 3);              // root; . .a .ab; b bc; bc.; a ab abx
}
