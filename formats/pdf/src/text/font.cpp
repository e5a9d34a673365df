// Loading a TrueType font once: FreeType for metrics and cmap, HarfBuzz for shaping.
#include <freetype/ftadvanc.h>
#include <freetype/tttables.h>
#include <hb-ot.h>

#include "font_impl.hpp"

namespace tertial::pdf {

Font::Impl::~Impl() {
    if (hb_font) hb_font_destroy(hb_font);
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
    if (file) hb_blob_destroy(file);
}

Font::Font(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Font::~Font() = default;

std::unique_ptr<Font> Font::load(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->file = hb_blob_create_from_file_or_fail(path.c_str());
    if (!impl->file) throw FontError(path + ": cannot read the font file");
    unsigned length = 0;
    const char* data = hb_blob_get_data(impl->file, &length);
    if (FT_Init_FreeType(&impl->library) != 0) throw FontError("cannot start FreeType");
    if (!data || FT_New_Memory_Face(impl->library, reinterpret_cast<const FT_Byte*>(data), static_cast<FT_Long>(length),
                                    0, &impl->face) != 0)
        throw FontError(path + ": cannot read the font file");
    if (!FT_IS_SFNT(impl->face) || !(impl->face->face_flags & FT_FACE_FLAG_SCALABLE))
        throw FontError(path + ": not a TrueType/OpenType font");
    const char* ps = FT_Get_Postscript_Name(impl->face);
    impl->postscript_name = ps ? ps : "Font";
    impl->units_per_em = impl->face->units_per_EM;
    impl->ascender = impl->face->ascender;
    impl->descender = impl->face->descender;
    impl->line_gap = impl->face->height - impl->face->ascender + impl->face->descender;
    auto* os2 = static_cast<TT_OS2*>(FT_Get_Sfnt_Table(impl->face, FT_SFNT_OS2));
    impl->cap_height = os2 && os2->version >= 2 ? os2->sCapHeight : impl->ascender * 7 / 10;
    // Work in font units: HarfBuzz positions then need no scaling back.
    FT_Set_Char_Size(impl->face, impl->units_per_em * 64, 0, 72, 72);
    // HarfBuzz's own OpenType functions at a scale of units_per_em: every
    // advance and kerning value comes out in font units exactly. (hb-ft with
    // FT_LOAD_NO_SCALE would read unscaled advances as 16.16 pixels.)
    hb_face_t* face = hb_face_create(impl->file, 0);
    impl->hb_font = hb_font_create(face);
    hb_face_destroy(face);
    hb_ot_font_set_funcs(impl->hb_font);
    hb_font_set_scale(impl->hb_font, impl->units_per_em, impl->units_per_em);
    hb_font_make_immutable(impl->hb_font);
    impl->glyph_ids = std::make_unique<std::atomic<std::int32_t>[]>(Impl::cached_below);
    for (char32_t cp = 0; cp < Impl::cached_below; ++cp) impl->glyph_ids[cp].store(-1, std::memory_order_relaxed);
    return std::unique_ptr<Font>(new Font(std::move(impl)));
}

const std::string& Font::path() const { return impl_->path; }
const std::string& Font::postscript_name() const { return impl_->postscript_name; }
int Font::units_per_em() const { return impl_->units_per_em; }
int Font::ascender() const { return impl_->ascender; }
int Font::descender() const { return impl_->descender; }
int Font::line_gap() const { return impl_->line_gap; }
int Font::cap_height() const { return impl_->cap_height; }

std::uint16_t Font::glyph_id(char32_t cp) const {
    if (cp < Impl::cached_below) {
        std::int32_t known = impl_->glyph_ids[cp].load(std::memory_order_relaxed);
        if (known >= 0) return static_cast<std::uint16_t>(known);
    }
    std::uint16_t gid;
    {
        std::lock_guard<std::mutex> held(impl_->face_lock);
        gid = static_cast<std::uint16_t>(FT_Get_Char_Index(impl_->face, cp));
    }
    if (cp < Impl::cached_below) impl_->glyph_ids[cp].store(gid, std::memory_order_relaxed);
    return gid;
}

int Font::advance(std::uint16_t gid) const {
    // FT_Get_Advance reads the advance from the font's metrics (hmtx) without
    // loading the glyph's outline, as FT_Load_Glyph did (a fifth of making
    // a PDF's fonts); unscaled, the two give the same value.
    std::lock_guard<std::mutex> held(impl_->face_lock);
    FT_Fixed advance = 0;
    if (FT_Get_Advance(impl_->face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &advance) != 0) return 0;
    return static_cast<int>(advance);
}

void GlyphRun::push(const Glyph& g, GlyphOffset o) {
    if (offsets.empty() && !(o == GlyphOffset{})) offsets.resize(glyphs.size());
    glyphs.push_back(g);
    if (!offsets.empty()) offsets.push_back(o);
}

double GlyphRun::width() const { return width(glyphs.size()); }

double width_of(const std::vector<GlyphRun>& runs) {
    double w = 0;
    for (const auto& r : runs) w += r.width();
    return w;
}

double GlyphRun::width(std::size_t count) const {
    if (!font) return 0;
    long total = 0;
    for (std::size_t k = 0; k < count; ++k) total += glyphs[k].x_advance;
    return static_cast<double>(total) * size / font->units_per_em();
}

}  // namespace tertial::pdf
