// Shaping UTF-8 text with HarfBuzz: kerning on (off, with tabular figures, in figure columns), ligatures off, per-character
// fallback font, no-break spaces the font lacks drawn as spaces, and never a
// .notdef glyph ('?' stands in for a character no font has).
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <hb-ot.h>

#include "font_impl.hpp"
#include "text_impl.hpp"

namespace tertial::pdf {

namespace text_detail {

Utf8Char next_utf8(std::string_view s, std::uint32_t i) {
    auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    char32_t cp = 0xFFFD;
    if (len == 1) {
        cp = b;
    } else if (len > 1 && i + len <= s.size()) {
        cp = b & (0x7F >> len);
        bool ok = true;
        for (std::uint32_t k = 1; k < len; ++k) {
            auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) { ok = false; break; }
            cp = (cp << 6) | (c & 0x3F);
        }
        // Reject overlong forms, surrogates and values past U+10FFFF.
        static const char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!ok || cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            cp = 0xFFFD;
            len = 1;
        }
    } else {
        len = 1;  // a stray or truncated byte stands for one U+FFFD
    }
    return {cp, i, len};
}

namespace {

void check_decodable(std::string_view s) {
    if (s.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("a text of 4 GB or more cannot be decoded");
}

}  // namespace

std::vector<Utf8Char> decode_utf8(std::string_view s) {
    check_decodable(s);
    std::vector<Utf8Char> out;
    out.reserve(s.size());
    for (std::uint32_t i = 0; i < s.size(); i += out.back().length) out.push_back(next_utf8(s, i));
    return out;
}

std::vector<char32_t> decode_code_points(std::string_view s) {
    check_decodable(s);
    std::size_t count = 0;
    for (std::uint32_t i = 0; i < s.size(); i += next_utf8(s, i).length) ++count;
    std::vector<char32_t> out;
    out.reserve(count);
    for (std::uint32_t i = 0; i < s.size();) {
        Utf8Char c = next_utf8(s, i);
        out.push_back(c.cp);
        i += c.length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_newline(char32_t cp) {
    return cp == 0x0A || cp == 0x0B || cp == 0x0C || cp == 0x0D || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

bool is_breaking_space(char32_t cp) {
    // Spaces a line may break after (U+00A0, U+2007, U+202F are no-break).
    return cp == 0x20 || cp == 0x09 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) ||
           cp == 0x205F || cp == 0x3000;
}

bool is_invisible(char32_t cp) {
    // Characters that show nothing: controls (other than tab, which is a
    // space) and the default-ignorable format characters a report may carry.
    if (cp == 0x09) return false;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    return cp == 0x00AD || cp == 0x034F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F);
}

bool is_mark(char32_t cp) {
    switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
        case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
        case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
        case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
            return true;
        default:
            return false;
    }
}

bool is_letter(char32_t cp) {
    switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
        case HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER:
        case HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER:
        case HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER:
        case HB_UNICODE_GENERAL_CATEGORY_MODIFIER_LETTER:
        case HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER:
            return true;
        default:
            return false;
    }
}

bool is_capital(char32_t cp) {
    auto category = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return category == HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER || category == HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER;
}

}  // namespace text_detail

namespace {

using namespace text_detail;

// How one input character is drawn.
enum class Source { main, fallback, dropped };

struct Planned {
    Source source = Source::main;
    char32_t shaped = 0;         // the code point given to HarfBuzz
    std::string_view text;       // what the run's text says for it: its bytes in the text shaped, or a literal
    std::int32_t advance = -1;   // forced advance in the run font's units, or -1
    std::size_t origin = 0;      // byte offset in the shaped text
};

// A space the font lacks, drawn with the font's own space glyph at the width
// the character is meant to have. 0 when this is not such a space.
std::int32_t space_substitute_width(const Font& font, char32_t cp) {
    std::uint16_t space = font.glyph_id(U' ');
    if (space == 0) return 0;
    const int em = font.units_per_em();
    switch (cp) {
        case 0x09:    // tab: a plain space (the text engine does not set tab stops)
        case 0x00A0:  // no-break space: as wide as a space
            return font.advance(space);
        case 0x202F:  // narrow no-break space: a thin space
        case 0x2009: {
            std::uint16_t thin = font.glyph_id(0x2009);
            return thin ? font.advance(thin) : em / 5;
        }
        case 0x2007: {  // figure space: as wide as a digit
            std::uint16_t zero = font.glyph_id(U'0');
            return zero ? font.advance(zero) : font.advance(space);
        }
        default:
            return 0;
    }
}

// The HarfBuzz font used for shaping: in font units (see Font::load).
hb_font_t* shaping_font(const Font& font) { return font.impl().hb_font; }

void note_missing(std::vector<char32_t>* missing, char32_t cp) {
    if (missing && std::find(missing->begin(), missing->end(), cp) == missing->end()) missing->push_back(cp);
}

GlyphRun shape_run(const Font& font, double size, const std::vector<Planned>& chars, SourceMap& map, Figures figures) {
    GlyphRun run;
    run.font = &font;
    run.size = size;
    // One buffer per thread, emptied for each run (as a new one would be).
    struct Buffer {
        hb_buffer_t* b = hb_buffer_create();
        ~Buffer() { hb_buffer_destroy(b); }
    };
    thread_local Buffer kept;
    hb_buffer_t* buffer = kept.b;
    hb_buffer_reset(buffer);
    static const hb_language_t swedish = hb_language_from_string("sv", -1);
    std::vector<std::pair<std::uint32_t, std::int32_t>> forced;  // cluster -> advance
    map.reserve(chars.size());
    for (const auto& c : chars) {
        auto cluster = static_cast<std::uint32_t>(run.text.size());
        hb_buffer_add(buffer, c.shaped, cluster);
        if (c.advance >= 0) forced.emplace_back(cluster, c.advance);
        map.push_back({cluster, static_cast<std::uint32_t>(c.origin)});
        run.text += c.text;
    }
    hb_buffer_set_content_type(buffer, HB_BUFFER_CONTENT_TYPE_UNICODE);
    hb_buffer_set_language(buffer, swedish);
    hb_buffer_guess_segment_properties(buffer);
    // Figures for a column: tabular, and no kerning (which would pull "11"
    // closer than "48"); a font without `tnum` keeps its own figures.
    const bool tabular = figures == Figures::tabular;
    const hb_feature_t features[] = {
        {HB_TAG('k', 'e', 'r', 'n'), tabular ? 0u : 1u, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('h', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('t', 'n', 'u', 'm'), tabular ? 1u : 0u, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    };
    hb_shape(shaping_font(font), buffer, features, sizeof features / sizeof features[0]);
    unsigned int count = 0;
    hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    run.glyphs.reserve(count);
    for (unsigned int i = 0; i < count; ++i) {
        Glyph g;
        g.gid = static_cast<std::uint16_t>(info[i].codepoint);
        g.x_advance = pos[i].x_advance;
        g.cluster = info[i].cluster;
        for (const auto& [cluster, advance] : forced)
            if (cluster == g.cluster) g.x_advance = advance;
        run.push(g, {pos[i].x_offset, pos[i].y_offset});
    }
    return run;
}

}  // namespace

namespace text_detail {

MappedRuns shape_mapped(std::string_view text, const Font& font, double size, const FontSet& fonts,
                        std::vector<char32_t>* missing, Figures figures) {
    const Font* fallback = fonts.fallback && fonts.fallback != &font ? fonts.fallback : nullptr;
    auto chars = decode_utf8(text);

    // Kept by the thread: a word is shaped with no allocation of these.
    thread_local std::vector<Planned> plan;
    plan.clear();
    plan.reserve(chars.size());
    Source previous = Source::main;
    bool has_base = false;
    for (const auto& c : chars) {
        Planned p;
        p.shaped = c.cp;
        p.origin = c.offset;
        p.text = text.substr(c.offset, c.length);
        if (is_invisible(c.cp)) {
            p.source = Source::dropped;
        } else if (is_mark(c.cp) && has_base) {
            // A combining mark stays with its base, so HarfBuzz can compose
            // or position it; any .notdef this leaves is replaced below.
            p.source = previous;
        } else if (c.cp != 0x09 && font.glyph_id(c.cp) != 0) {
            p.source = Source::main;
        } else if (std::int32_t w = space_substitute_width(font, c.cp); w > 0) {
            p.source = Source::main;
            p.shaped = U' ';
            p.advance = w;
            if (c.cp == 0x09) p.text = " ";
        } else if (fallback && fallback->glyph_id(c.cp) != 0) {
            p.source = Source::fallback;
        } else {
            note_missing(missing, c.cp);
            p.source = font.glyph_id(U'?') || !fallback ? Source::main : Source::fallback;
            p.shaped = U'?';
            p.text = "?";
        }
        if (p.source != Source::dropped) previous = p.source, has_base = true;
        plan.push_back(p);
    }

    MappedRuns out;
    thread_local std::vector<Planned> group;
    thread_local std::vector<char32_t> originals;
    std::size_t i = 0;
    while (i < plan.size()) {
        if (plan[i].source == Source::dropped) { ++i; continue; }
        Source source = plan[i].source;
        group.clear();
        originals.clear();
        while (i < plan.size() && (plan[i].source == source || plan[i].source == Source::dropped)) {
            if (plan[i].source != Source::dropped) {
                group.push_back(plan[i]);
                originals.push_back(chars[i].cp);
            }
            ++i;
        }
        const Font& run_font = source == Source::fallback ? *fallback : font;
        SourceMap map;
        GlyphRun run = shape_run(run_font, size, group, map, figures);
        // Safety net: a .notdef that shaping still produced (a mark neither
        // font has) becomes '?', never an empty box in the PDF.
        std::uint16_t question = run_font.glyph_id(U'?');
        for (std::size_t n = 0; n < run.glyphs.size(); ++n) {
            Glyph& g = run.glyphs[n];
            if (g.gid != 0) continue;
            std::size_t offset = 0;
            for (std::size_t k = 0; k < group.size(); offset += group[k].text.size(), ++k)
                if (offset == g.cluster) { note_missing(missing, originals[k]); break; }
            if (question == 0) question = run_font.glyph_id(U' ');
            g.gid = question;
            g.x_advance = run_font.advance(question);
            if (!run.offsets.empty()) run.offsets[n] = {};
        }
        if (!run.glyphs.empty()) {
            out.runs.push_back(std::move(run));
            out.maps.push_back(std::move(map));
        }
    }
    // The thread's buffers are kept for words, not for a long text.
    constexpr std::size_t kept_chars = 4096;
    if (plan.capacity() > kept_chars) {
        std::vector<Planned>().swap(plan);
        std::vector<Planned>().swap(group);
        std::vector<char32_t>().swap(originals);
    }
    // The identity is left out (8 bytes a character and two allocations
    // of every word the text cache keeps).
    if (out.runs.size() == 1 && std::all_of(out.maps[0].begin(), out.maps[0].end(), [](const CharSource& c) {
            return c.text_offset == c.source_offset;
        }))
        std::vector<SourceMap>().swap(out.maps);
    return out;
}

SourceMap source_map(const MappedRuns& m, std::size_t r) {
    if (!m.identity()) return m.maps[r];
    SourceMap map;
    for (const auto& c : decode_utf8(m.runs[r].text)) map.push_back({c.offset, c.offset});
    return map;
}

void measure(Measured& m) {
    // Each glyph's measure with its advance, put in text order (right-to-left
    // runs have their glyphs the other way) before the advances are summed.
    struct Full {
        Measure glyph;
        double advance;
    };
    std::size_t count = 0;
    for (const auto& run : m.runs.runs) count += run.glyphs.size();
    std::vector<Full> full;
    full.reserve(count);
    for (std::size_t r = 0; r < m.runs.runs.size(); ++r) {
        const GlyphRun& run = m.runs.runs[r];
        const bool identity = m.runs.identity();
        double scale = run.size / run.font->units_per_em();
        for (const auto& g : run.glyphs) {
            // A glyph's cluster is the text offset of its (first) character.
            std::uint32_t source = g.cluster;
            if (!identity) {
                const SourceMap& map = m.runs.maps[r];
                auto it = std::upper_bound(map.begin(), map.end(), g.cluster,
                                           [](std::uint32_t c, const CharSource& s) { return c < s.text_offset; });
                source = it == map.begin() ? map.front().source_offset : std::prev(it)->source_offset;
            }
            double advance = g.x_advance * scale;
            full.push_back({{source, plain_advance(*run.font, g.gid) * scale - advance}, advance});
        }
    }
    std::stable_sort(full.begin(), full.end(), [](const Full& x, const Full& y) { return x.glyph.source < y.glyph.source; });
    m.glyphs.clear();
    m.glyphs.reserve(full.size());
    m.prefix.clear();
    m.prefix.reserve(full.size() + 1);
    m.prefix.push_back(0);
    for (const auto& g : full) {
        m.glyphs.push_back(g.glyph);
        m.prefix.push_back(m.prefix.back() + g.advance);
    }
    m.width = m.prefix.back();
}

std::int32_t plain_advance(const Font& font, std::uint16_t gid) {
    return hb_font_get_glyph_h_advance(shaping_font(font), gid);
}

}  // namespace text_detail

std::vector<GlyphRun> shape(std::string_view text, const Font& font, double size, const FontSet& fonts,
                            std::vector<char32_t>* missing, Figures figures) {
    return shape_mapped(text, font, size, fonts, missing, figures).runs;
}

}  // namespace tertial::pdf
