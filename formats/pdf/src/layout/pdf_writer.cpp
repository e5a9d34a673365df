// Finding the house style's fonts (fontconfig), reading its logo, and the one PDF write function.
#include "tertial/pdf/pdf_writer.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>

#include "emit/emit_impl.hpp"

namespace tertial::pdf {
namespace {

constexpr const char* swedish_patterns = "/usr/share/hyphen/hyph_sv_SE.dic";

// The file fontconfig picks for "family:style"; refuses a substitute from
// another family, since the house style names a real font.
std::string font_file(const std::string& family, const char* style, bool exact_family) {
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>((family + ":style=" + style).c_str()));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    std::string path, found_family;
    if (match) {
        FcChar8* file = nullptr;
        FcChar8* fam = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) path = reinterpret_cast<const char*>(file);
        if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) found_family = reinterpret_cast<const char*>(fam);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    if (path.empty() || (exact_family && found_family != family))
        throw FontError("font '" + family + "' (" + style + ") is not installed" +
                        (found_family.empty() ? "" : "; fontconfig offers '" + found_family + "' instead"));
    return path;
}

std::shared_future<void>& font_configuration() {
    static std::shared_future<void> ready;
    return ready;
}

}  // namespace

void Resources::prepare() {
    static std::once_flag once;
    std::call_once(once, [] {
        // One after the other: with the thread reading the reports that
        // is as many threads as a 2-core machine has, and the fonts are
        // wanted first (started together, the three took fontconfig from
        // 2.5 to 7-10 ms, and every report's layout waited for it).
        font_configuration() = std::async(std::launch::async, [] {
                                   FcInit();
                                   Hyphenator::prepare(swedish_patterns);
                               }).share();
        // fontconfig's configuration (and patterns parsed for no report)
        // are freed at exit (every fontconfig pattern is destroyed as soon
        // as it is read), so memory checkers see no leak:
        // without it valgrind reports 256 bytes "definitely lost" on every
        // build, memory fontconfig still holds in a form they cannot follow.
        std::atexit([] {
            font_configuration().wait();
            Hyphenator::discard_prepared();
            FcFini();
        });
    });
}

std::unique_ptr<Resources> Resources::load(const HouseStyle& style) {
    if (font_configuration().valid()) font_configuration().wait();
    auto r = std::make_unique<Resources>();
    std::string family = style.font_family.empty() ? "Liberation Sans" : style.font_family;
    r->regular_ = Font::load(font_file(family, "Regular", true));
    r->bold_ = Font::load(font_file(family, "Bold", true));
    r->italic_ = Font::load(font_file(family, "Italic", true));
    r->fallback_ = Font::load(font_file("DejaVu Sans", "Book", true));
    r->hyphenator_ = Hyphenator::load(swedish_patterns);
    if (style.logo_file) r->logo_ = read_logo(*style.logo_file, &r->logo_info_);
    return r;
}

std::string Resources::key(const HouseStyle& style) {
    return (style.font_family.empty() ? "Liberation Sans" : style.font_family) + "\n" + style.logo_file.value_or("");
}

Image read_logo(const std::string& path, ImageInfo* info) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImageError("logo file '" + path + "': cannot be read (is it there?)");
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    in.seekg(0);
    if (size > max_image_bytes)  // refused before it is read into memory
        throw ImageError("logo file '" + path + "': a file of " + std::to_string(size / 1024) + " KB; a logo may be at most " +
                         std::to_string(max_image_bytes / 1024 / 1024) + " MB");
    Image image{path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())};
    if (in.bad()) throw ImageError("logo file '" + path + "': cannot be read");
    try {
        ImageInfo found = inspect_image(image.data);
        if (info) *info = found;
    } catch (const ImageError& e) {
        throw ImageError("logo file '" + path + "': " + e.what());
    }
    return image;
}

void Resources::release_layout_parts() {
    hyphenator_.reset();
    cache_.reset();
}

FontSet Resources::fonts() const { return {regular_.get(), bold_.get(), italic_.get(), fallback_.get()}; }

void attach_source(Document& doc, std::string_view json) { doc.attachments.push_back(source_attachment(json)); }

Attachment source_attachment(std::string_view json) {
    Attachment a{"report.json", "Rapportens källa (Tertial JSON): alla siffror och texter", "application/json", "Source",
                 emit_detail::deflate(json), Attachment::Packed{json.size(), emit_detail::md5(json)}};
    a.data.shrink_to_fit();  // made at the size compression might have needed, the text's
    return a;
}

std::string attachment_bytes(const Attachment& a) {
    return a.packed ? emit_detail::inflate(a.data, a.packed->size) : a.data;
}

std::string write_pdf(const LayoutInput& input) { return emit_pdf(layout_report(input)); }

}  // namespace tertial::pdf
