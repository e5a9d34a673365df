// Finding a font's file by its family (font_finder.hpp).
#include "font_finder.hpp"

#include "tertial/pdf/text.hpp"

namespace tertial::pdf {

const char* const lean_font_configuration = R"(<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <dir prefix="xdg">fonts</dir>
  <dir>~/.fonts</dir>
  <cachedir>/var/cache/fontconfig</cachedir>
  <cachedir prefix="xdg">fontconfig</cachedir>
  <cachedir>~/.fontconfig</cachedir>
</fontconfig>
)";

namespace {

struct Match {
    std::string path, family;
};

Match match_font(FcConfig* config, const std::string& family, const char* style) {
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>((family + ":style=" + style).c_str()));
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    Match found;
    if (match) {
        FcChar8* file = nullptr;
        FcChar8* fam = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) found.path = reinterpret_cast<const char*>(file);
        if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) found.family = reinterpret_cast<const char*>(fam);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return found;
}

}  // namespace

FontFinder::FontFinder(const char* lean) {
    if (!lean) {
        system_ = FcInitLoadConfigAndFonts();  // now, on the thread that sets up (Resources::prepare())
        return;
    }
    lean_ = FcConfigCreate();
    if (!lean_) return;
    // Said to fontconfig's stderr if it happens: only an unreadable
    // configuration is refused (without "complain" it reads as success).
    if (!FcConfigParseAndLoadFromMemory(lean_, reinterpret_cast<const FcChar8*>(lean), FcTrue) ||
        !FcConfigBuildFonts(lean_)) {
        FcConfigDestroy(lean_);
        lean_ = nullptr;
    }
}

FontFinder::~FontFinder() {
    if (lean_) FcConfigDestroy(lean_);
    if (system_) FcConfigDestroy(system_);
}

std::string FontFinder::file(const std::string& family, const char* style) {
    if (lean_) {
        Match m = match_font(lean_, family, style);
        if (!m.path.empty() && m.family == family) return m.path;
    }
    Match m;
    {
        std::lock_guard<std::mutex> held(lock_);
        if (!system_) system_ = FcInitLoadConfigAndFonts();
        if (system_) m = match_font(system_, family, style);
    }
    if (m.path.empty() || m.family != family)
        throw FontError("font '" + family + "' (" + style + ") is not installed" +
                        (m.family.empty() ? "" : "; fontconfig offers '" + m.family + "' instead"));
    return m.path;
}

}  // namespace tertial::pdf
