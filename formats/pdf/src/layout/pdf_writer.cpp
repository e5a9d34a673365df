// Finding the house style's fonts (fontconfig), reading its logo, and the one PDF write function.
#include "tertial/pdf/pdf_writer.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <system_error>

#include "emit/packing.hpp"
#include "font_finder.hpp"
#include "threads.hpp"

namespace tertial::pdf {
namespace {

constexpr const char* swedish_patterns = "/usr/share/hyphen/hyph_sv_SE.dic";

// The process's font finder: the lean configuration unless the environment
// asks for fontconfig's own (FONTCONFIG_FILE, FONTCONFIG_PATH or
// FONTCONFIG_SYSROOT), which is then the only one. Never destroyed: freed
// at exit (free_fonts_at_exit()).
std::once_flag fonts_found;
FontFinder* finder = nullptr;

// Resources::prepare()'s thread: the fonts' configuration, then the
// patterns. Never destroyed: the exit handler below waits for it.
Handover& font_configuration() {
    static auto* ready = new Handover;
    return *ready;
}

// At exit, once prepare()'s thread is done: frees patterns it parsed for
// no report, the configurations and fontconfig's own caches, so that memory
// checkers see no leak (without it valgrind reported 256 bytes "definitely
// lost" on every build, memory fontconfig still held in a form they cannot
// follow). Registered once, before that thread starts.
void free_fonts_at_exit() {
    static std::once_flag once;
    std::call_once(once, [] {
        std::atexit([] {
            font_configuration().wait();
            Hyphenator::discard_prepared();
            delete finder;
            FcFini();
        });
    });
}

void configure_fonts() {
    std::call_once(fonts_found, [] {
        free_fonts_at_exit();
        bool system_asked =
            std::getenv("FONTCONFIG_FILE") || std::getenv("FONTCONFIG_PATH") || std::getenv("FONTCONFIG_SYSROOT");
        finder = new FontFinder(system_asked ? nullptr : lean_font_configuration);
    });
}

std::string font_file(const std::string& family, const char* style) {
    configure_fonts();
    return finder->file(family, style);
}

}  // namespace

void Resources::prepare() {
    static std::once_flag once;
    std::call_once(once, [] {
        // The fonts' configuration, then the patterns, on one thread: with
        // the thread reading the reports that is as many threads as a
        // 2-core machine has (on a thread each, fontconfig took 7-10 ms
        // instead of 2.5, and every report's layout waited for it).
        free_fonts_at_exit();
        font_configuration().start();
        auto work = [] {
            try {
                configure_fonts();
                Hyphenator::prepare(swedish_patterns);
            } catch (...) {
                // load() does it again, and says why.
            }
            font_configuration().finish();
        };
        try {
            start_beside(Beside::at_start, work).detach();  // the exit handler waits for its work
        } catch (const std::system_error&) {
            work();  // no thread to be had: here, now
        }
    });
}

std::unique_ptr<Resources> Resources::load(const HouseStyle& style) {
    font_configuration().wait();
    auto r = std::make_unique<Resources>();
    std::string family = style.font_family.empty() ? "Liberation Sans" : style.font_family;
    r->regular_ = Font::load(font_file(family, "Regular"));
    r->bold_ = Font::load(font_file(family, "Bold"));
    r->italic_ = Font::load(font_file(family, "Italic"));
    r->fallback_ = Font::load(font_file("DejaVu Sans", "Book"));
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

void Resources::keep_layout_parts_until_exit() {
    // A static: exit() frees it with the others (memory checkers see
    // nothing lost), std::_Exit never does.
    struct Kept {
        std::mutex lock;
        std::unique_ptr<Hyphenator> patterns;
        std::unique_ptr<TextCache> cache;
    };
    static Kept kept;
    std::unique_ptr<Hyphenator> patterns = std::move(hyphenator_);
    std::unique_ptr<TextCache> cache = std::move(cache_);
    std::lock_guard<std::mutex> held(kept.lock);
    kept.patterns.swap(patterns);  // the ones kept before go at the end of this scope
    kept.cache.swap(cache);
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
