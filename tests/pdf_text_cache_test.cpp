// Unit tests for the PDF text engine's text cache: shaped words and broken
// paragraphs kept, made again exactly, and the lines made from them.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "pdf_text_fixtures.hpp"
#include "tertial/pdf/text.hpp"
#include "text_cache_impl.hpp"  // formats/pdf/src/text: what an entry holds

using namespace tertial::pdf;
using namespace tertial::pdf::text_fixtures;

namespace {

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
    // One word (no-break spaces hold it together): its shape is kept, where
    // line breaking looks for it, not its width.
    EXPECT_EQ(cache.impl().widths.size(), 2u);
    EXPECT_EQ(cache.entries(), 1u);
    EXPECT_DOUBLE_EQ(cache.width(figure, regular, 10, fonts().set, Figures::tabular), tabular);
    EXPECT_EQ(&cache.shape(figure, regular, 10, fonts().set, nullptr, Figures::tabular),
              &cache.shape(figure, regular, 10, fonts().set, nullptr, Figures::tabular));
    EXPECT_EQ(cache.entries(), 1u) << "the word's shape is the one shape() gives";
    // A text shaped already is measured from its shape; nothing more is kept.
    cache.shape("Verksamhet", regular, 10, fonts().set);
    EXPECT_DOUBLE_EQ(cache.width("Verksamhet", regular, 10, fonts().set), width_of("Verksamhet", regular));
    EXPECT_EQ(cache.impl().widths.size(), 2u);
    EXPECT_EQ(cache.entries(), 2u);
    // Not to be kept (a row's label, seen once): measured the same, not remembered;
    // one remembered is still found.
    EXPECT_DOUBLE_EQ(cache.width("Verksamhet 1234", regular, 10, fonts().set, Figures::text, false),
                     width_of("Verksamhet 1234", regular));
    EXPECT_DOUBLE_EQ(cache.width(mixed, regular, 9, fonts().set, Figures::text, false), width_of(mixed, regular, 9));
    EXPECT_EQ(cache.impl().widths.size(), 2u);
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

}  // namespace

// Font::advance() reads the font's metrics with FreeType; HarfBuzz, which
// shapes, reads the same table on its own: every glyph of the fonts the
// tests use (Liberation Sans, DejaVu Sans) gets the same advance from both.
TEST(FontMetrics, EveryGlyphsAdvanceIsTheOneHarfBuzzShapesWith) {
    for (const Font* font : {fonts().regular.get(), fonts().bold.get(), fonts().fallback.get()}) {
        std::size_t advancing = 0;  // glyphs that move the pen (past the last glyph, both give 0)
        for (std::uint32_t gid = 0; gid < 0x10000; ++gid) {
            const auto g = static_cast<std::uint16_t>(gid);
            const std::int32_t expected = text_detail::plain_advance(*font, g);
            ASSERT_EQ(font->advance(g), expected) << font->path() << ", glyph " << gid;
            if (expected > 0) ++advancing;
        }
        EXPECT_GT(advancing, 2000u) << font->path();
    }
}

