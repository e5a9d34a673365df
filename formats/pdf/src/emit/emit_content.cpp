// A page's content stream: text as kerned TJ with glyph ids, lines,
// rectangles and paths; the text state and fill colour set only on change.
#include <cmath>
#include <stdexcept>

#include "emit_content.hpp"

namespace tertial::pdf::emit_detail {

using namespace PoDoFo;

namespace {

double unit(double c) { return std::clamp(c, 0.0, 1.0); }
std::string rgb(const Colour& c) { return num(unit(c.r)) + " " + num(unit(c.g)) + " " + num(unit(c.b)); }

// A glyph id as two bytes of a literal string (half the size of hex, and
// smaller compressed): only the delimiters and the line ends are escaped.
void append_code(std::string& s, unsigned v) {
    for (unsigned byte : {(v >> 8) & 0xFF, v & 0xFF}) {
        switch (byte) {
            case '(': s += "\\("; break;
            case ')': s += "\\)"; break;
            case '\\': s += "\\\\"; break;
            case '\r': s += "\\r"; break;
            case '\n': s += "\\n"; break;
            default: s += static_cast<char>(byte);
        }
    }
}

std::string dash_array(const std::vector<double>& dash) {
    bool any = false;
    for (double d : dash) any = any || std::abs(d) > 0;
    if (!any) return {};  // all zero is an error in PDF: solid instead
    std::string s = "[";
    for (std::size_t i = 0; i < dash.size(); ++i) {
        if (i) s += ' ';
        s += num(std::abs(dash[i]));
    }
    return s + "] 0 d\n";
}

}  // namespace

void PageWriter::item(const Item& it) {
    std::visit([this](const auto& x) { draw(x); }, it);
}

PdfDictionary page_resources(const std::vector<const FontTable::Entry*>& fonts, const std::vector<std::size_t>& images,
                             const std::vector<EmbeddedImage>& embedded) {
    PdfDictionary resources;
    if (!fonts.empty()) {
        PdfDictionary dict;
        for (const auto* e : fonts) dict.AddKey(PdfName(e->resource), e->type0->Reference());
        resources.AddKey("Font", dict);
    }
    if (!images.empty()) {
        PdfDictionary xobjects;
        for (std::size_t i : images) xobjects.AddKey(PdfName(PageWriter::image_resource(i)), embedded[i].object);
        resources.AddKey("XObject", xobjects);
    }
    return resources;
}

void PageWriter::draw(const TextItem& t) {
    const GlyphRun& run = t.drawn(scratch_);
    if (run.glyphs.empty()) return;
    FontTable::Entry& e = fonts_.entry(run.font);
    if (std::find(used.begin(), used.end(), &e) == used.end()) used.push_back(&e);
    wanted_.clear();
    decode_utf8(run.text, wanted_);
    bool actual = !fonts_.extracts(run, wanted_);
    if (actual) out += "/Span <</ActualText <FEFF" + utf16be_hex(wanted_) + ">>> BDC\n";
    if (!fill_ || !(*fill_ == t.colour)) {
        out += rgb(t.colour) + " rg\n";
        fill_ = t.colour;
    }
    out += "BT\n";
    if (font_ != &e || size_ != round3(run.size)) {
        out += "/" + e.resource + " " + num(run.size) + " Tf\n";
        font_ = &e, size_ = round3(run.size);
    }
    out += num(t.x) + " " + num(t.y) + " Td\n";

    // Positions in 1/1000 em: `pen` is where HarfBuzz put the glyph,
    // `cursor` where the PDF text cursor is after what was written
    // (glyph widths from /W, plus adjustments). Each difference becomes
    // a TJ adjustment, so the spacing is exactly the shaped one.
    const double per_unit = 1000.0 / run.font->units_per_em();
    double pen = 0, cursor = 0, rise = 0;
    std::string array;
    bool adjusted = false, in_string = false;
    auto end_string = [&] {
        if (in_string) array += ')', in_string = false;
    };
    auto show = [&] {
        end_string();
        if (!array.empty()) out += adjusted ? "[" + array + "] TJ\n" : array + " Tj\n";
        array.clear(), adjusted = false;
    };
    for (std::size_t k = 0; k < run.glyphs.size(); ++k) {
        const Glyph& g = run.glyphs[k];
        if (g.gid == 0) {  // .notdef: not drawn (ActualText keeps the character)
            pen += g.x_advance * per_unit;
            continue;
        }
        const GlyphOffset o = run.offset(k);
        double r = o.y == 0 ? 0.0 : round3(o.y * run.size / run.font->units_per_em());
        if (r != rise) {
            show();
            out += num(r) + " Ts\n";
            rise = r;
        }
        // /W widths are rounded to 1/1000 of a unit: ignore differences
        // below 1/100000 em (0.0002 pt at 20 pt) so they never
        // accumulate into a visible error nor bloat the stream.
        double delta = round3(pen + o.x * per_unit - cursor);
        if (std::abs(delta) >= 0.01) {
            end_string();
            array += num(-delta);
            adjusted = true;
            cursor += delta;
        }
        if (!in_string) array += '(', in_string = true;
        append_code(array, g.gid);
        // Every glyph drawn was scanned, so has a width (at() said so as well).
        if (g.gid >= e.width_of.size() || std::isnan(e.width_of[g.gid]))
            throw std::logic_error("glyph " + std::to_string(g.gid) + " was drawn but not scanned");
        cursor += e.width_of[g.gid];
        pen += g.x_advance * per_unit;
    }
    show();
    if (rise != 0) out += "0 Ts\n";
    out += "ET\n";
    if (actual) out += "EMC\n";
}

void PageWriter::draw(const LineItem& l) {
    out += "q\n" + num(std::max(0.0, l.width)) + " w\n" + dash_array(l.dash) + rgb(l.colour) + " RG\n" +
           num(l.x1) + " " + num(l.y1) + " m\n" + num(l.x2) + " " + num(l.y2) + " l\nS\nQ\n";
}

void PageWriter::draw(const RectItem& r) {
    if (!r.fill && !r.stroke) return;
    out += "q\n";
    if (r.fill) out += rgb(*r.fill) + " rg\n";
    if (r.stroke) out += rgb(*r.stroke) + " RG\n" + num(std::max(0.0, r.stroke_width)) + " w\n";
    out += num(r.x) + " " + num(r.y) + " " + num(r.w) + " " + num(r.h) + " re\n";
    out += r.fill && r.stroke ? "B\n" : r.fill ? "f\n" : "S\n";
    out += "Q\n";
}

void PageWriter::draw(const PathItem& p) {
    if (p.points.size() < 2 || (!p.fill && !p.stroke)) return;
    out += "q\n";
    if (p.fill) out += rgb(*p.fill) + " rg\n";
    if (p.stroke) out += rgb(*p.stroke) + " RG\n" + num(std::max(0.0, p.stroke_width)) + " w\n" + dash_array(p.dash);
    for (std::size_t i = 0; i < p.points.size(); ++i)
        out += num(p.points[i].first) + " " + num(p.points[i].second) + (i ? " l\n" : " m\n");
    if (p.closed) out += "h\n";
    out += p.fill && p.stroke ? "B\n" : p.fill ? "f\n" : "S\n";
    out += "Q\n";
}

void PageWriter::draw(const ImageItem& i) {
    if (i.image >= images_.size())
        throw std::invalid_argument("an image item names image " + std::to_string(i.image) + ", but there are " +
                                    std::to_string(images_.size()));
    const EmbeddedImage& e = images_[i.image];
    if (!(i.w > 0) || !(i.h > 0) || !(e.w > 0) || !(e.h > 0)) return;
    if (std::find(used_images.begin(), used_images.end(), i.image) == used_images.end()) used_images.push_back(i.image);
    double sx = i.w / e.w, sy = i.h / e.h;
    out += "q\n" + num(sx) + " 0 0 " + num(sy) + " " + num(i.x - e.x * sx) + " " + num(i.y - e.y * sy) + " cm\n/" +
           image_resource(i.image) + " Do\nQ\n";
}

void extend_box(ElementContent& c, std::size_t page, const Item& item) {
    if (const auto* t = std::get_if<TextItem>(&item)) {
        GlyphRun scratch;
        const GlyphRun& run = t->drawn(scratch);
        if (!run.font) return;
        double em = run.size / run.font->units_per_em();
        c.extend(page, t->x, t->y + run.font->descender() * em, t->x + run.width(), t->y + run.font->ascender() * em);
    } else if (const auto* l = std::get_if<LineItem>(&item)) {
        c.extend(page, l->x1, l->y1, l->x2, l->y2);
    } else if (const auto* r = std::get_if<RectItem>(&item)) {
        c.extend(page, r->x, r->y, r->x + r->w, r->y + r->h);
    } else if (const auto* p = std::get_if<PathItem>(&item)) {
        for (const auto& [x, y] : p->points) c.extend(page, x, y, x, y);
    } else if (const auto* i = std::get_if<ImageItem>(&item)) {
        c.extend(page, i->x, i->y, i->x + i->w, i->y + i->h);
    }
}

std::string data_array(const std::vector<double>& values) {
    std::string s = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) s += ' ';
        s += num(values[i]);
    }
    return s + "]";
}

PdfArray destination(const PdfReference& page, double top) {
    PdfArray a;
    a.push_back(page);
    a.push_back(PdfName("XYZ"));
    a.push_back(PdfVariant(static_cast<pdf_int64>(0)));
    a.push_back(raw(num(top)));
    a.push_back(PdfVariant());  // null: keep the zoom
    return a;
}

}  // namespace tertial::pdf::emit_detail
