// TextCache internals shared with line breaking.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tertial/pdf/text.hpp"
#include "adaptive_mutex.hpp"
#include "text_impl.hpp"

namespace tertial::pdf {

struct TextCache::Impl {
    // Measures (a glyph's source, advances, their running sum: 24 bytes a
    // glyph) are made the first time line breaking asks for them: the
    // texts only drawn, such as a table's cells, never need them.
    struct ShapeEntry {
        ShapeEntry(text_detail::MappedRuns runs, std::vector<char32_t> missing_)
            : missing(std::move(missing_)) {
            shaped.runs = std::move(runs);
        }
        text_detail::Measured shaped;
        std::vector<char32_t> missing;
        // Whether `shaped` has its measures: unmeasured, being measured
        // (by the one thread that set it so, outside `lock`), measured. Not
        // a std::once_flag: glibc's call_once makes a futex system call for
        // every entry it runs, which cost the kvalitetsrapport (seed 003) 6 ms
        // of its first layout.
        enum Measures : int { unmeasured, measuring, measured };
        std::atomic<int> measures{unmeasured};
    };
    struct ParagraphEntry {
        std::shared_ptr<const BrokenLines> lines;
        std::vector<char32_t> missing;
    };

    // shape_mapped(), remembered; characters no font has are added to
    // `missing` on every call, as shape_mapped() would.
    ShapeEntry& entry(std::string_view text, const Font& font, double size, const FontSet& fonts,
                      std::vector<char32_t>* missing, Figures figures);
    // The same with its measures.
    const text_detail::Measured& mapped(std::string_view text, const Font& font, double size, const FontSet& fonts,
                                          std::vector<char32_t>* missing, Figures figures = Figures::text);

    static std::string paragraph_key(const std::vector<Span>& spans, const BreakOptions& options);
    // A paragraph's lines, shared: a laid-out document keeps those it draws
    // (TextItem::lines) after the cache is gone.
    std::shared_ptr<const BrokenLines> find_paragraph(const std::string& key, std::vector<char32_t>* missing);
    // The entry stored under `key` (the first one, if another thread stored
    // it meanwhile); its characters no font has are added to `missing`, as
    // find_paragraph() does.
    std::shared_ptr<const BrokenLines> store_paragraph(std::string key, std::shared_ptr<const BrokenLines> lines,
                                                       std::vector<char32_t> found_missing,
                                                       std::vector<char32_t>* missing);

    static void font_key(std::string& key, const FontSet& fonts);

    // What a text is shaped with besides itself. A shape's key is the
    // index of its style (4 bytes) and the text, so a word's or a cell's
    // key fits a string's own room (15 bytes) and needs no allocation;
    // the style written out took 49 bytes of every key. Call with `lock`
    // held.
    struct Style {
        const Font* font;
        double size;
        FontSet fonts;
        Figures figures;
    };
    std::uint32_t style_index(const Font& font, double size, const FontSet& fonts, Figures figures);
    // A shape's key (and a width's) into `key`: its style's index, then the
    // text. Call with `lock` held.
    void shape_key(std::string& key, std::string_view text, const Font& font, double size, const FontSet& fonts,
                   Figures figures);
    std::vector<Style> styles;

    // Several reports are laid out at once with the same cache (`tertial
    // build` on several files): `lock` guards the maps and the styles. An entry is never
    // changed or removed once stored (until clear(), which no layout runs
    // beside), except that its measures are added once (see `measures`),
    // and a map's nodes stay where they are when it grows, so a reference
    // to one stays good without the lock. Shaping happens outside it; two
    // threads shaping the same text both get the first one's entry.
    text_detail::AdaptiveMutex lock;
    // Shared with the broken paragraphs, whose lines are made of these
    // shapes when drawn: clear() starts a new map, and the old one lives
    // on while a paragraph made from it does.
    using Shapes = std::unordered_map<std::string, ShapeEntry>;
    std::shared_ptr<Shapes> shapes = std::make_shared<Shapes>();
    std::unordered_map<std::string, ParagraphEntry> paragraphs;
    // TextCache::width() of the texts only measured, by the same key as `shapes`.
    std::unordered_map<std::string, double> widths;
};

}  // namespace tertial::pdf
