// Finding a font's file by its family: the lean fontconfig configuration finds what the system's finds.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "font_finder.hpp"  // formats/pdf/src/layout
#include "run_binary.hpp"
#include "tertial/pdf/text.hpp"
#include "test_files.hpp"

using tertial::pdf::FontError;
using tertial::pdf::FontFinder;
using tertial::pdf::lean_font_configuration;
using namespace tertial::test;

namespace {

const std::vector<std::pair<std::string, const char*>> kFaces = {
    {"Liberation Sans", "Regular"},  {"Liberation Sans", "Bold"}, {"Liberation Sans", "Italic"},
    {"Liberation Sans", "Bold Italic"}, {"Liberation Serif", "Regular"}, {"Liberation Mono", "Regular"},
    {"DejaVu Sans", "Book"},         {"DejaVu Sans", "Bold"},
};

std::string error_of(FontFinder& finder, const std::string& family) {
    try {
        finder.file(family, "Regular");
    } catch (const FontError& e) {
        return e.what();
    }
    return "(found)";
}

}  // namespace

TEST(FontFinder, TheLeanConfigurationFindsTheFilesTheSystemsFinds) {
    FontFinder lean(lean_font_configuration);
    FontFinder system(nullptr);
    ASSERT_TRUE(lean.has_lean());
    EXPECT_FALSE(system.has_lean());
    for (const auto& [family, style] : kFaces) {
        std::string file = lean.file(family, style);
        EXPECT_EQ(file, system.file(family, style)) << family << " " << style;
        EXPECT_TRUE(std::filesystem::exists(file)) << file;
    }
}

// A family the lean configuration lacks (here: a lean configuration with
// an empty font directory) is looked up in the system's.
TEST(FontFinder, AFamilyTheLeanConfigurationLacksIsFoundInTheSystems) {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "fonts");
    std::string empty = "<?xml version=\"1.0\"?><fontconfig><dir>" + tmp / "fonts" + "</dir><cachedir>" + tmp / "cache" +
                        "</cachedir></fontconfig>";
    FontFinder lacking(empty.c_str());
    ASSERT_TRUE(lacking.has_lean());
    FontFinder system(nullptr);
    EXPECT_EQ(lacking.file("Liberation Sans", "Regular"), system.file("Liberation Sans", "Regular"));
}

TEST(FontFinder, ALeanConfigurationFontconfigCannotReadLeavesTheSystems) {
    FontFinder broken("<fontconfig><dir>");
    EXPECT_FALSE(broken.has_lean());
    EXPECT_EQ(broken.file("DejaVu Sans", "Book"), FontFinder(nullptr).file("DejaVu Sans", "Book"));
}

TEST(FontFinder, AFamilyNotInstalledIsAnErrorNamingIt) {
    FontFinder lean(lean_font_configuration);
    std::string said = error_of(lean, "Ingen Sådan Familj");
    EXPECT_EQ(said.rfind("font 'Ingen Sådan Familj' (Regular) is not installed; fontconfig offers '", 0), 0u) << said;
}

// With fontconfig's own variables set, the system's configuration (or the
// one they name) is the only one: the same PDF.
TEST(FontFinder, FontconfigsEnvironmentIsHonoured) {
    TempDir tmp;
    const std::string seed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";
    auto build = [&](const std::string& env, const std::string& out) {
        RunResult r = run_shell(env + " " + shell_quote(TERTIAL_BINARY) + " build --format pdf " + shell_quote(seed) +
                                " --out " + shell_quote(out));
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return slurp(std::filesystem::path(out) / "san-tertial-1-2020.pdf");
    };
    std::string lean = build("", tmp / "lean");
    EXPECT_TRUE(build("FONTCONFIG_FILE=/etc/fonts/fonts.conf", tmp / "system") == lean);
}

// FONTCONFIG_FILE naming a configuration without font directories: the
// lean configuration (which would find Liberation Sans) is not used, and
// the build says which font is missing, writing nothing.
TEST(FontFinder, FontconfigsEnvironmentReplacesTheLeanConfiguration) {
    TempDir tmp;
    spit(tmp / "fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>" + tmp / "cache" + "</cachedir></fontconfig>\n");
    const std::string seed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";
    RunResult r = run_shell("FONTCONFIG_FILE=" + shell_quote(tmp / "fonts.conf") + " " + shell_quote(TERTIAL_BINARY) +
                            " build " + shell_quote(seed) + " --out " + shell_quote(tmp / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("cannot make the pdf: font 'Liberation Sans' (Regular) is not installed; nothing written"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
}
