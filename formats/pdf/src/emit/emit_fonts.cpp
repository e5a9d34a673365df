// The emitter's fonts: one Type0/CIDFontType2 font per font file, subset by
// HarfBuzz (PoDoFo for a font without TrueType outlines), with our own /W
// (the font's advances exactly) and ToUnicode (what each glyph shows, from
// the shaped runs' clusters).
#include <freetype/tttables.h>
#include <hb-subset.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "emit_content.hpp"
#include "emit_impl.hpp"
#include "text/font_impl.hpp"

namespace tertial::pdf::emit_detail {
namespace {

using namespace PoDoFo;

std::string to_utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// The smallest BMP code point the font's cmap maps to each glyph.
std::map<std::uint16_t, char32_t> reverse_cmap(const Font& font) {
    std::map<std::uint16_t, char32_t> out;
    std::lock_guard<std::mutex> held(font.impl().face_lock);
    FT_Face face = font.impl().face;
    FT_UInt gid = 0;
    FT_ULong cp = FT_Get_First_Char(face, &gid);
    while (gid != 0) {
        if (cp <= 0xFFFF && !(cp >= 0xD800 && cp <= 0xDFFF))
            out.emplace(static_cast<std::uint16_t>(gid), static_cast<char32_t>(cp));
        cp = FT_Get_Next_Char(face, cp, &gid);
    }
    return out;
}

std::string hex4(unsigned v) {
    static const char* digits = "0123456789ABCDEF";
    std::string s(4, '0');
    for (int i = 3; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = digits[v & 0xF];
    return s;
}

std::string to_unicode_cmap(const std::map<std::uint16_t, std::u32string>& texts) {
    std::string out =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<std::pair<std::uint16_t, const std::u32string*>> entries;
    for (const auto& [gid, text] : texts)
        if (!text.empty()) entries.emplace_back(gid, &text);
    for (std::size_t i = 0; i < entries.size(); i += 100) {
        std::size_t n = std::min<std::size_t>(100, entries.size() - i);
        out.append(std::to_string(n)).append(" beginbfchar\n");
        for (std::size_t k = i; k < i + n; ++k) {
            out.append("<").append(hex4(entries[k].first)).append("> <");
            out.append(utf16be_hex(*entries[k].second)).append(">\n");
        }
        out += "endbfchar\n";
    }
    out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return out;
}

// /W as "first [w w w] first [w ...]" over runs of consecutive glyph ids.
std::string widths_array(const std::map<std::uint16_t, double>& widths) {
    std::string out = "[";
    int previous = -2;
    for (const auto& [gid, w] : widths) {
        if (gid != previous + 1) {
            if (previous >= 0) out += "]";
            if (previous >= 0) out += ' ';
            out.append(std::to_string(gid)).append(" [");
        } else {
            out += " ";
        }
        out += num(w);
        previous = gid;
    }
    if (previous >= 0) out += "]";
    out += "]";
    return out;
}

bool has_truetype_outlines(const Font& font) {
    hb_blob_t* glyf = hb_face_reference_table(hb_font_get_face(font.impl().hb_font), HB_TAG('g', 'l', 'y', 'f'));
    bool found = hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(glyf);
    return found;
}

// The font program cut to `glyphs` (and .notdef), each keeping its glyph
// id, so the pages' codes (glyph ids, CIDToGIDMap /Identity) stay valid.
// Without hinting: PDF viewers scale outlines themselves, and the hints
// were most of what an embedded Liberation Sans subset weighed (seed 000's
// regular face: 16.1 KB compressed with PoDoFo's subset, 5.7 KB without
// hints). Layout tables go too: a PDF shows positioned glyphs.
std::string subset_program(const Font& font, const std::vector<std::uint16_t>& glyphs) {
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) throw std::bad_alloc();
    hb_set_t* keep = hb_subset_input_glyph_set(input);
    for (std::uint16_t gid : glyphs) hb_set_add(keep, gid);
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (hb_tag_t tag : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                         HB_TAG('k', 'e', 'r', 'n'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F')})
        hb_set_add(drop, tag);
    // The face is immutable and shared by reports written at once; HarfBuzz
    // reads it from any thread.
    hb_face_t* cut = hb_subset_or_fail(hb_font_get_face(font.impl().hb_font), input);
    hb_subset_input_destroy(input);
    if (!cut) throw std::runtime_error(font.path() + ": HarfBuzz cannot subset this font");
    hb_blob_t* blob = hb_face_reference_blob(cut);
    unsigned length = 0;
    const char* data = hb_blob_get_data(blob, &length);
    std::string program(data ? data : "", length);
    hb_blob_destroy(blob);
    hb_face_destroy(cut);
    if (program.empty()) throw std::runtime_error(font.path() + ": HarfBuzz cannot subset this font");
    return program;
}

// A subset's tag: six capitals from its contents, so two different subsets
// never share a name (nor a subset in a signature's appearance, which
// sign_update.cpp tags the same way).
std::string subset_tag(const std::string& name, const std::string& program) {
    auto digest = md5(name + '\0' + program);
    std::string tag;
    for (int i = 0; i < 6; ++i) tag += static_cast<char>('A' + digest[static_cast<std::size_t>(i)] % 26);
    return tag;
}

// Type0 -> CIDFontType2 -> FontDescriptor -> FontFile2, as PDF 32000-1
// 9.7 and 9.8 describe them; /W, /DW, /CapHeight and /ToUnicode are added
// by finish(), as for a font PoDoFo made. The objects are made empty first
// (truetype_objects) and filled once the font is cut (fill_truetype_font).
TrueTypeObjects truetype_objects(PdfMemDocument& doc) {
    TrueTypeObjects o;
    o.file = doc.GetObjects().CreateObject();
    o.descriptor = doc.GetObjects().CreateObject("FontDescriptor");
    o.cid = doc.GetObjects().CreateObject("Font");
    o.type0 = doc.GetObjects().CreateObject("Font");
    return o;
}

void fill_truetype_font(const TrueTypeObjects& o, const Font& font, const std::string& name,
                        const std::vector<std::uint16_t>& glyphs) {
    const std::string program = subset_program(font, glyphs);
    const std::string base = subset_tag(name, program) + "+" + name;
    set_deflated(*o.file, program);
    o.file->GetDictionary().AddKey("Length1", PdfVariant(static_cast<pdf_int64>(program.size())));

    const double em = 1000.0 / font.units_per_em();
    FT_BBox box;
    double italic_angle = 0;
    int weight = 400;
    bool fixed_pitch = false;
    {
        std::lock_guard<std::mutex> held(font.impl().face_lock);
        FT_Face face = font.impl().face;
        box = face->bbox;
        if (auto* post = static_cast<TT_Postscript*>(FT_Get_Sfnt_Table(face, FT_SFNT_POST))) {
            italic_angle = static_cast<double>(post->italicAngle) / 65536.0;
            fixed_pitch = post->isFixedPitch != 0;
        }
        if (auto* os2 = static_cast<TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2))) weight = os2->usWeightClass;
    }
    PdfDictionary& d = o.descriptor->GetDictionary();
    d.AddKey("FontName", PdfName(base));
    // Nonsymbolic (Latin text), Italic and FixedPitch as the font says.
    pdf_int64 flags = 32 | (italic_angle != 0 ? 64 : 0) | (fixed_pitch ? 1 : 0);
    d.AddKey("Flags", PdfVariant(flags));
    d.AddKey("FontBBox", raw(data_array({box.xMin * em, box.yMin * em, box.xMax * em, box.yMax * em})));
    d.AddKey("ItalicAngle", raw(num(italic_angle)));
    d.AddKey("Ascent", raw(num(font.ascender() * em)));
    d.AddKey("Descent", raw(num(font.descender() * em)));
    // No font stores its stem width; the usual estimate from its weight.
    d.AddKey("StemV", PdfVariant(static_cast<pdf_int64>(10 + 220 * (std::clamp(weight, 100, 900) - 50) / 900)));
    d.AddKey("FontFile2", o.file->Reference());

    PdfDictionary& c = o.cid->GetDictionary();
    c.AddKey("Subtype", PdfName("CIDFontType2"));
    c.AddKey("BaseFont", PdfName(base));
    PdfDictionary system;
    system.AddKey("Registry", PdfString("Adobe"));
    system.AddKey("Ordering", PdfString("Identity"));
    system.AddKey("Supplement", PdfVariant(static_cast<pdf_int64>(0)));
    c.AddKey("CIDSystemInfo", system);
    c.AddKey("FontDescriptor", o.descriptor->Reference());
    c.AddKey("CIDToGIDMap", PdfName("Identity"));

    PdfDictionary& t = o.type0->GetDictionary();
    t.AddKey("Subtype", PdfName("Type0"));
    t.AddKey("BaseFont", PdfName(base));
    t.AddKey("Encoding", PdfName("Identity-H"));
    PdfArray descendants;
    descendants.push_back(o.cid->Reference());
    t.AddKey("DescendantFonts", descendants);
}

// A font without TrueType outlines (CFF), as PoDoFo embeds it: subset by
// the code points in `used` (one per glyph drawn), or whole without them
// (PoDoFo subsets by cmap only, and a glyph no character maps to has none).
// Its glyphs are added by EmbedSubsetFonts() before finish().
PdfObject* embed_with_podofo(PdfMemDocument& doc, const Font& font, const std::string& name, const std::u32string* used) {
    const PdfEncoding* identity = PdfEncodingFactory::GlobalIdentityEncodingInstance();
    PdfFont* pdf = used ? doc.CreateFontSubset(name.c_str(), false, false, false, identity, font.path().c_str())
                        : doc.CreateFont(name.c_str(), false, false, false, identity,
                                         PdfFontCache::eFontCreationFlags_None, true, font.path().c_str());
    if (!pdf) throw std::runtime_error(font.path() + ": PoDoFo cannot embed this font");
    if (used && !used->empty()) {
        std::string utf8 = to_utf8(*used);
        pdf->AddUsedSubsettingGlyphs(PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str())),
                                     static_cast<long>(used->size()));
    }
    return pdf->GetObject();
}

}  // namespace

std::vector<std::u32string> FontTable::glyph_texts(const GlyphRun& run) {
    std::vector<std::u32string> out(run.glyphs.size());
    // Nearly every run: clusters rising glyph by glyph, so each glyph shows
    // the text up to the next one's cluster (what the search below finds).
    bool rising = true;
    for (std::size_t i = 1; i < run.glyphs.size() && rising; ++i)
        rising = run.glyphs[i - 1].cluster < run.glyphs[i].cluster;
    if (rising) {
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
            std::size_t begin = run.glyphs[i].cluster;
            if (begin >= run.text.size()) continue;
            std::size_t end = i + 1 < run.glyphs.size() ? std::min<std::size_t>(run.glyphs[i + 1].cluster, run.text.size())
                                                        : run.text.size();
            out[i] = decode_utf8(std::string_view(run.text).substr(begin, end - begin));
        }
        return out;
    }
    std::vector<std::uint32_t> starts;
    for (const auto& g : run.glyphs) starts.push_back(g.cluster);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    std::vector<bool> taken(starts.size(), false);
    for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
        std::uint32_t begin = run.glyphs[i].cluster;
        if (begin >= run.text.size()) continue;
        auto it = std::upper_bound(starts.begin(), starts.end(), begin);
        std::size_t index = static_cast<std::size_t>(it - starts.begin()) - 1;
        if (taken[index]) continue;
        taken[index] = true;
        std::size_t end = it == starts.end() ? run.text.size() : std::min<std::size_t>(*it, run.text.size());
        out[i] = decode_utf8(std::string_view(run.text).substr(begin, end - begin));
    }
    return out;
}

FontTable::Entry& FontTable::entry(const Font* font) {
    auto known = by_font_.find(font);
    if (known != by_font_.end()) return entries_[known->second];
    auto same_file = by_path_.find(font->path());
    std::size_t index;
    if (same_file != by_path_.end()) {
        index = same_file->second;
    } else {
        index = entries_.size();
        Entry e;
        e.font = font;
        e.resource = std::string("F").append(std::to_string(index + 1));
        entries_.push_back(std::move(e));
        candidates_.emplace_back();
        candidate_slots_.emplace_back();
        by_path_.emplace(font->path(), index);
    }
    by_font_.emplace(font, index);
    return entries_[index];
}

void FontTable::scan(const GlyphRun& run) {
    if (!run.font) throw std::invalid_argument("a text run has no font: \"" + run.text + "\"");
    if (run.glyphs.empty()) return;  // draws nothing: no font needed for it
    Entry& e = entry(run.font);
    const auto index = static_cast<std::size_t>(&e - entries_.data());
    auto& candidates = candidates_[index];
    auto& slots = candidate_slots_[index];
    auto note = [&](std::size_t i, const std::u32string& text) {
        std::uint16_t gid = run.glyphs[i].gid;
        if (gid == 0) return;  // never drawn: .notdef is not allowed in PDF/A
        if (gid >= slots.size()) slots.resize(static_cast<std::size_t>(gid) + 1, nullptr);
        if (!slots[gid]) slots[gid] = &candidates[gid];
        auto& list = *slots[gid];
        if (!text.empty() && std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
    };
    // Nearly every run: clusters rising, each glyph's text decoded in turn
    // into one buffer (what glyph_texts() gives, without a string a glyph).
    bool rising = true;
    for (std::size_t i = 1; i < run.glyphs.size() && rising; ++i)
        rising = run.glyphs[i - 1].cluster < run.glyphs[i].cluster;
    if (rising) {
        std::u32string text;
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
            text.clear();
            std::size_t begin = run.glyphs[i].cluster;
            if (begin < run.text.size()) {
                std::size_t end = i + 1 < run.glyphs.size()
                                      ? std::min<std::size_t>(run.glyphs[i + 1].cluster, run.text.size())
                                      : run.text.size();
                decode_utf8(std::string_view(run.text).substr(begin, end - begin), text);
            }
            note(i, text);
        }
        return;
    }
    auto texts = glyph_texts(run);
    for (std::size_t i = 0; i < run.glyphs.size(); ++i) note(i, texts[i]);
}

void FontTable::create(PdfMemDocument& doc) {
    std::map<std::string, int> names;
    for (std::size_t index = 0; index < entries_.size(); ++index) {
        Entry& e = entries_[index];
        const Font& font = *e.font;
        std::map<std::uint16_t, char32_t> reverse;
        bool reverse_built = false;
        // For a font PoDoFo embeds: one code point per glyph, which is how it
        // subsets, and whether every glyph has one (else the font goes whole).
        std::u32string used;
        bool by_cmap = true;
        for (const auto& [gid, list] : candidates_[index]) {
            // ToUnicode: the text that is the glyph's own character if there
            // is one (a space drawn for a no-break space maps to U+0020),
            // else the first text it showed.
            const std::u32string* chosen = nullptr;
            for (const auto& t : list)
                if (t.size() == 1 && font.glyph_id(t[0]) == gid) { chosen = &t; break; }
            if (!chosen && !list.empty()) chosen = &list.front();
            e.widths[gid] = round3(font.advance(gid) * 1000.0 / font.units_per_em());

            char32_t cp = 0;
            if (chosen && chosen->size() == 1 && (*chosen)[0] <= 0xFFFF && font.glyph_id((*chosen)[0]) == gid)
                cp = (*chosen)[0];
            if (!cp) {
                if (!reverse_built) reverse = reverse_cmap(font), reverse_built = true;
                auto r = reverse.find(gid);
                if (r != reverse.end()) cp = r->second;
            }
            if (cp) used += cp;
            else by_cmap = false;
            // PDF/A level A wants every glyph in ToUnicode: a glyph that
            // showed no text of its own (the second glyph of a cluster)
            // gets its cmap character or U+FFFD; its runs then carry
            // ActualText, since their glyphs no longer spell their text.
            e.texts[gid] = chosen ? *chosen : std::u32string(1, cp ? cp : U'\uFFFD');
        }
        if (!e.texts.empty()) e.text_of.assign(static_cast<std::size_t>(e.texts.rbegin()->first) + 1, nullptr);
        for (const auto& [gid, text] : e.texts) e.text_of[gid] = &text;
        if (!e.widths.empty())
            e.width_of.assign(static_cast<std::size_t>(e.widths.rbegin()->first) + 1, std::numeric_limits<double>::quiet_NaN());
        for (const auto& [gid, w] : e.widths) e.width_of[gid] = w;

        std::string name = font.postscript_name();
        for (char& c : name)
            if (c <= ' ' || c > '~' || std::string_view("()<>[]{}/%#").find(c) != std::string_view::npos) c = '-';
        if (int n = names[name]++; n > 0) name.append("-").append(std::to_string(n + 1));
        if (has_truetype_outlines(font)) {
            std::vector<std::uint16_t> glyphs{0};
            for (const auto& [gid, list] : candidates_[index]) glyphs.push_back(gid);
            uncut_.push_back({&font, name, std::move(glyphs), truetype_objects(doc)});
            e.type0 = uncut_.back().objects.type0;
        } else {
            e.type0 = embed_with_podofo(doc, font, name, by_cmap ? &used : nullptr);
        }
    }
}

void FontTable::cut() {
    for (const Uncut& u : uncut_) fill_truetype_font(u.objects, *u.font, u.name, u.glyphs);
    std::vector<Uncut>().swap(uncut_);
}

void FontTable::finish(PdfMemDocument& doc) {
    for (Entry& e : entries_) {
        PdfObject* type0 = e.type0;
        PdfObject* descendants = type0->GetIndirectKey("DescendantFonts");
        if (!descendants || !descendants->IsArray() || descendants->GetArray().empty())
            throw std::runtime_error(e.font->path() + ": PoDoFo made no CIDFont");
        PdfObject* cid = doc.GetObjects().GetObject(descendants->GetArray()[0].GetReference());
        cid->GetDictionary().AddKey("W", raw(widths_array(e.widths).c_str()));
        cid->GetDictionary().AddKey("DW", PdfVariant(static_cast<pdf_int64>(1000)));

        if (PdfObject* descriptor = cid->GetIndirectKey("FontDescriptor")) {
            PdfDictionary& d = descriptor->GetDictionary();
            // PDF/A-2/3 make CIDSet optional, and an incomplete one is an error.
            if (const PdfObject* cidset = d.GetKey("CIDSet"); cidset && cidset->IsReference()) {
                PdfReference ref = cidset->GetReference();
                d.RemoveKey("CIDSet");
                delete doc.GetObjects().RemoveObject(ref, true);
            }
            const Font& f = *e.font;
            d.AddKey("CapHeight", PdfVariant(static_cast<pdf_int64>(f.cap_height() * 1000L / f.units_per_em())));
        }

        std::string cmap = to_unicode_cmap(e.texts);
        PdfObject* to_unicode = type0->GetIndirectKey("ToUnicode");
        if (!to_unicode) {
            to_unicode = doc.GetObjects().CreateObject();
            type0->GetDictionary().AddKey("ToUnicode", to_unicode->Reference());
        }
        set_deflated(*to_unicode, cmap);
    }
}

bool FontTable::extracts(const GlyphRun& run, std::u32string_view text) {
    const Entry& e = entry(run.font);
    std::size_t at = 0;
    for (const auto& g : run.glyphs) {
        const std::u32string* shown = g.gid < e.text_of.size() ? e.text_of[g.gid] : nullptr;
        if (!shown) continue;
        if (shown->size() > text.size() - at || text.compare(at, shown->size(), *shown) != 0) return false;
        at += shown->size();
    }
    return at == text.size();
}

}  // namespace tertial::pdf::emit_detail
