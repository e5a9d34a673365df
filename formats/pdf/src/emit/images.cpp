// Images in the PDF: checking a PNG or one-page PDF (inspect_image), and
// writing it once as an XObject: a PNG as an RGB image with its alpha as a
// soft mask (allowed by PDF/A-2 and -3), a PDF page as a Form XObject
// (PoDoFo copies the page's content and resources into the document).
#include <png.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "emit_impl.hpp"
#include "emit_module.hpp"
#include "tertial/pdf/image.hpp"

namespace tertial::pdf {

using namespace PoDoFo;

namespace {

constexpr unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

bool is_png(std::string_view data) {
    return data.size() >= 8 && std::memcmp(data.data(), png_signature, 8) == 0;
}
bool is_pdf(std::string_view data) {
    return data.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

// 8-bit RGBA pixels, row by row from the top, by libpng's simplified API
// (any bit depth, palette, grey or transparency colour converted).
struct Pixels {
    unsigned width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

Pixels decode_png(std::string_view data) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data.data(), data.size()))
        throw ImageError(std::string("a damaged PNG file (") + image.message + ")");
    std::unique_ptr<png_image, void (*)(png_image*)> guard(&image, png_image_free);
    if (image.width == 0 || image.height == 0 || image.width > max_image_pixels_per_side ||
        image.height > max_image_pixels_per_side)
        throw ImageError("a PNG of " + std::to_string(image.width) + " × " + std::to_string(image.height) +
                         " pixels; a logo may have at most " + std::to_string(max_image_pixels_per_side) +
                         " pixels a side");
    image.format = PNG_FORMAT_RGBA;
    Pixels p{image.width, image.height, std::vector<unsigned char>(PNG_IMAGE_SIZE(image))};
    if (!png_image_finish_read(&image, nullptr, p.rgba.data(), 0, nullptr))
        throw ImageError(std::string("a damaged PNG file (") + image.message + ")");
    return p;
}

const PdfObject* resolve(const PdfVecObjects& objects, const PdfObject* o) {
    for (int hops = 0; o && o->IsReference() && hops < 8; ++hops) o = objects.GetObject(o->GetReference());
    return o && !o->IsReference() ? o : nullptr;
}

const PdfObject* key(const PdfVecObjects& objects, const PdfObject* dict, const char* name) {
    return dict && dict->IsDictionary() ? resolve(objects, dict->GetDictionary().GetKey(name)) : nullptr;
}

// The name of the first font in these resources (or a form's inside them)
// that is not embedded; empty when all are.
std::string unembedded_font(const PdfVecObjects& objects, const PdfObject* resources, int depth) {
    if (!resources || depth > 4) return {};
    if (const PdfObject* fonts = key(objects, resources, "Font"); fonts && fonts->IsDictionary()) {
        for (const auto& [name, value] : fonts->GetDictionary().GetKeys()) {
            const PdfObject* font = resolve(objects, value);
            const PdfObject* subtype = key(objects, font, "Subtype");
            if (subtype && subtype->IsName() && subtype->GetName() == PdfName("Type3")) continue;
            const PdfObject* described = font;
            if (const PdfObject* kids = key(objects, font, "DescendantFonts"); kids && kids->IsArray() && !kids->GetArray().empty())
                described = resolve(objects, &kids->GetArray()[0]);
            const PdfObject* descriptor = key(objects, described, "FontDescriptor");
            bool embedded = descriptor && (key(objects, descriptor, "FontFile") || key(objects, descriptor, "FontFile2") ||
                                           key(objects, descriptor, "FontFile3"));
            if (!embedded) {
                const PdfObject* base = key(objects, font, "BaseFont");
                return base && base->IsName() ? base->GetName().GetName() : name.GetName();
            }
        }
    }
    if (const PdfObject* xobjects = key(objects, resources, "XObject"); xobjects && xobjects->IsDictionary())
        for (const auto& [name, value] : xobjects->GetDictionary().GetKeys()) {
            const PdfObject* form = resolve(objects, value);
            std::string inner = unembedded_font(objects, key(objects, form, "Resources"), depth + 1);
            if (!inner.empty()) return inner;
        }
    return {};
}

constexpr const char* encrypted = "an encrypted PDF; save the logo without encryption or password";

// Loads a PDF for use as a logo, refusing what cannot be drawn correctly.
void load_logo_pdf(PdfMemDocument& doc, std::string_view data) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    // The trailer's (or cross-reference stream's) /Encrypt is never
    // compressed: seen before PoDoFo, which fails on some encryptions
    // with no more than "an internal error".
    if (data.find("/Encrypt") != std::string_view::npos) throw ImageError(encrypted);
    try {
        doc.LoadFromBuffer(data.data(), static_cast<long>(data.size()));
    } catch (const PdfError& e) {
        if (e.GetError() == ePdfError_InvalidPassword) throw ImageError(encrypted);
        const char* what = PdfError::ErrorMessage(e.GetError());
        throw ImageError(std::string("a damaged PDF file (") + (what ? what : PdfError::ErrorName(e.GetError())) + ")");
    }
    if (doc.GetEncrypted() || doc.GetTrailer()->GetDictionary().HasKey("Encrypt"))
        throw ImageError(encrypted);
    int pages = doc.GetPageCount();
    if (pages != 1)
        throw ImageError("a PDF with " + std::to_string(pages) + " pages; a logo is a PDF of one page");
    if (doc.GetCatalog()->GetDictionary().HasKey("StructTreeRoot"))
        throw ImageError("a tagged PDF (its marked content would be read as part of the report); save the logo untagged");
    PdfPage* page = doc.GetPage(0);
    if (page->GetRotation() % 360 != 0) throw ImageError("a PDF whose page is rotated; save the logo upright");
    std::string font = unembedded_font(doc.GetObjects(), page->GetResources(), 0);
    if (!font.empty())
        throw ImageError("a PDF that uses the font '" + font +
                         "' without embedding it (PDF/A needs every font embedded; convert the text to outlines)");
}

}  // namespace

ImageInfo emit_detail::module_inspect_image(std::string_view data) {
    if (data.empty()) throw ImageError("an empty file");
    if (data.size() > max_image_bytes)
        throw ImageError("a file of " + std::to_string(data.size() / 1024) + " KB; a logo may be at most " +
                         std::to_string(max_image_bytes / 1024 / 1024) + " MB");
    if (is_png(data)) {
        Pixels p = decode_png(data);
        return {ImageFormat::png, static_cast<double>(p.width), static_cast<double>(p.height)};
    }
    if (is_pdf(data)) {
        try {
            PdfMemDocument doc;
            load_logo_pdf(doc, data);
            PdfRect box = doc.GetPage(0)->GetMediaBox();
            double w = box.GetWidth(), h = box.GetHeight();
            if (!(w > 0) || !(h > 0)) throw ImageError("a PDF whose page has no size");
            return {ImageFormat::pdf, w, h};
        } catch (const PdfError& e) {
            throw ImageError(std::string("a damaged PDF file (") + PdfError::ErrorName(e.GetError()) + ")");
        }
    }
    throw ImageError("neither a PNG nor a PDF file");
}

namespace emit_detail {

EmbeddedImage embed_image(PdfMemDocument& doc, const Image& image) {
    ImageInfo info;
    try {
        info = module_inspect_image(image.data);
    } catch (const ImageError& e) {
        throw std::invalid_argument("image '" + image.name + "': " + e.what());
    }
    if (info.format == ImageFormat::png) {
        Pixels p = decode_png(image.data);
        std::string rgb, alpha;
        rgb.reserve(std::size_t{p.width} * p.height * 3);
        alpha.reserve(std::size_t{p.width} * p.height);
        bool opaque = true;
        for (std::size_t i = 0; i + 3 < p.rgba.size(); i += 4) {
            rgb.append(reinterpret_cast<const char*>(&p.rgba[i]), 3);
            alpha += static_cast<char>(p.rgba[i + 3]);
            opaque = opaque && p.rgba[i + 3] == 255;
        }
        auto image_object = [&](const char* colour_space, std::string_view pixels) {
            PdfObject* o = doc.GetObjects().CreateObject("XObject");
            PdfDictionary& d = o->GetDictionary();
            d.AddKey("Subtype", PdfName("Image"));
            d.AddKey("Width", PdfVariant(static_cast<pdf_int64>(p.width)));
            d.AddKey("Height", PdfVariant(static_cast<pdf_int64>(p.height)));
            d.AddKey("ColorSpace", PdfName(colour_space));
            d.AddKey("BitsPerComponent", PdfVariant(static_cast<pdf_int64>(8)));
            set_deflated(*o, pixels);
            return o;
        };
        PdfObject* picture = image_object("DeviceRGB", rgb);
        if (!opaque) picture->GetDictionary().AddKey("SMask", image_object("DeviceGray", alpha)->Reference());
        return {picture->Reference(), 0, 0, 1, 1};
    }

    PdfMemDocument source;
    load_logo_pdf(source, image.data);
    // PoDoFo appends every object of the source document; what the form
    // does not use (the source's catalog, page tree, info) is removed.
    PdfVecObjects& objects = doc.GetObjects();
    std::set<PdfReference> before;
    for (const PdfObject* o : objects) before.insert(o->Reference());
    PdfXObject form(source, 0, &doc, "Logo", false);
    PdfObject* fo = form.GetObject();
    std::set<PdfReference> used{fo->Reference()};
    std::function<void(const PdfObject&)> visit = [&](const PdfObject& o) {
        if (o.IsReference()) {
            if (!used.insert(o.GetReference()).second) return;
            if (const PdfObject* target = objects.GetObject(o.GetReference())) visit(*target);
        } else if (o.IsDictionary()) {
            for (const auto& [k, v] : o.GetDictionary().GetKeys()) visit(*v);
        } else if (o.IsArray()) {
            for (const auto& v : o.GetArray()) visit(v);
        }
    };
    visit(*fo);
    std::vector<PdfReference> unused;
    for (const PdfObject* o : objects)
        if (!before.count(o->Reference()) && !used.count(o->Reference())) unused.push_back(o->Reference());
    for (const auto& ref : unused) delete objects.RemoveObject(ref, false);
    PdfRect box = form.GetPageSize();
    return {fo->Reference(), box.GetLeft(), box.GetBottom(), box.GetWidth(), box.GetHeight()};
}

}  // namespace emit_detail
}  // namespace tertial::pdf
