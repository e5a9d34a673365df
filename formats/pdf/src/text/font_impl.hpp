// Font internals shared by the text engine and the emitter: FreeType face and HarfBuzz font.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "tertial/pdf/text.hpp"

namespace tertial::pdf {

struct Font::Impl {
    std::string path;
    std::string postscript_name;
    // The font file, mapped once: HarfBuzz's face and FreeType's (a face
    // on this memory, not on the file: two mappings of one file were
    // resident twice) both read it.
    hb_blob_t* file = nullptr;
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    // A FreeType face is not safe to use from two threads at once (loading
    // a glyph changes it), and reports laid out and written at once share
    // their fonts: every use of `face` holds `face_lock`. `hb_font` is made
    // from the file itself, not through FreeType, and is immutable, which
    // HarfBuzz makes safe to shape with from any thread.
    mutable std::mutex face_lock;
    hb_font_t* hb_font = nullptr;
    int units_per_em = 1000, ascender = 0, descender = 0, line_gap = 0, cap_height = 0;
    // glyph_id() of the characters below `cached_below` (Latin, Greek,
    // Cyrillic, punctuation, currency: nearly every character a report
    // has), remembered without a lock: -1 until first asked. Two threads
    // asking at once both store the same value.
    static constexpr char32_t cached_below = 0x2200;
    std::unique_ptr<std::atomic<std::int32_t>[]> glyph_ids;
    ~Impl();
};

}  // namespace tertial::pdf
