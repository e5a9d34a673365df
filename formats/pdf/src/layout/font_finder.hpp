// A font's file by its family, through fontconfig: a lean configuration
// first, the system's whole one for a family not found there.
#pragma once

#include <fontconfig/fontconfig.h>

#include <mutex>
#include <string>

namespace tertial::pdf {

// The system's configuration is some 50 files, which FcInit() took 2.2-2.4
// ms to parse in every build, nearly all of them rules (aliases,
// substitutes, hinting) for a family that is not installed, whose
// substitutes file() refuses anyway. The lean configuration
// (lean_font_configuration) has the font directories and caches of
// Debian's /etc/fonts/fonts.conf only and takes 0.1 ms; a family it does
// not find is looked up again in the system's whole configuration, read
// then, so that every font fontconfig finds is found. Lookups may run on
// several threads at once.
class FontFinder {
public:
    // `lean`: a fontconfig configuration (XML) to look in first; null, or
    // one fontconfig cannot read: the system's alone (read now when null).
    explicit FontFinder(const char* lean);
    ~FontFinder();
    FontFinder(const FontFinder&) = delete;
    FontFinder& operator=(const FontFinder&) = delete;

    // The file fontconfig picks for "family:style"; throws FontError for a
    // family it does not have (naming what it offers instead), since a
    // house style names a real font.
    std::string file(const std::string& family, const char* style);
    bool has_lean() const { return lean_ != nullptr; }

private:
    FcConfig* lean_ = nullptr;
    std::mutex lock_;  // guards system_, read the first time `lean_` lacks a family
    FcConfig* system_ = nullptr;
};

extern const char* const lean_font_configuration;

}  // namespace tertial::pdf
