// The house style in the PDF: every field of HouseStyle has an effect (each test fails if its field has none), the
// logo (PNG and one-page PDF) embedded once and drawn in the letterhead, and bad logo files refused with what is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "drawn_run.hpp"
#include "outputs.hpp"
#include "run_binary.hpp"
#include "tertial/pdf/image.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial {
namespace {

using test::drawn;

namespace fs = std::filesystem;
using test::run_shell;
using test::shell_quote;
using test::slurp;

const fs::path kSource = TERTIAL_SOURCE_DIR;
const std::string kPngLogo = (kSource / "tests/data/logos/ostersund-logo.png").string();
const std::string kPdfLogo = (kSource / "plugins/harnosand/harnosand-logo.pdf").string();

// ---- reading the laid-out document ---------------------------------------------------------

// The text of a page's artifacts (headers, footers) and of its content.
std::string page_text(const pdf::Page& page, bool artifacts) {
    std::string out;
    for (const auto& g : page.content)
        if (g.element.has_value() != artifacts)
            for (const auto& item : g.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item)) out += drawn(*t).text;
    return out;
}

std::vector<pdf::ImageItem> images_on(const pdf::Page& page) {
    std::vector<pdf::ImageItem> out;
    for (const auto& g : page.content)
        for (const auto& item : g.items)
            if (const auto* i = std::get_if<pdf::ImageItem>(&item)) {
                EXPECT_FALSE(g.element) << "an image outside the artifacts";
                out.push_back(*i);
            }
    return out;
}

pdf::Colour rgb(int r, int g, int b) { return {r / 255.0, g / 255.0, b / 255.0}; }

bool has_line_in(const pdf::Document& d, const pdf::Colour& colour) {
    for (const auto& page : d.pages)
        for (const auto& g : page.content)
            for (const auto& item : g.items)
                if (const auto* l = std::get_if<pdf::LineItem>(&item); l && !g.element && l->colour == colour) return true;
    return false;
}

bool has_text_in(const pdf::Document& d, const pdf::Colour& colour, const std::string& text) {
    for (const auto& page : d.pages)
        for (const auto& g : page.content)
            for (const auto& item : g.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item);
                    t && t->colour == colour && drawn(*t).text.find(text) != std::string::npos)
                    return true;
    return false;
}

// ---- a report laid out with a house style ----------------------------------------------------

class HouseStyleLayout : public ::testing::Test {
protected:
    void SetUp() override {
        std::ostringstream err;
        report_ = cli::load_and_check((kSource / "examples/ostersund/san-tertial-1-2020.json").string(), host_, err);
        ASSERT_TRUE(report_ && report_->resolution) << err.str();
        style_ = cli::report_house_style(*report_->read.report, host_);
    }
    pdf::Document layout(const HouseStyle& style) {
        auto resources = pdf::Resources::load(style);
        pdf::Document d = pdf::layout_report({*report_->read.report, *report_->resolution, style, *resources, ""});
        fonts_.push_back(std::move(resources));  // the document's runs point into them
        return d;
    }

    PluginHost host_{{TERTIAL_PLUGIN_DIR}};
    std::optional<cli::LoadedReport> report_;
    HouseStyle style_;
    std::vector<std::unique_ptr<pdf::Resources>> fonts_;
};

TEST_F(HouseStyleLayout, TheExamplePluginNamesItsLogoBesideItself) {
    ASSERT_TRUE(style_.logo_file);
    EXPECT_EQ(fs::path(*style_.logo_file), fs::path(TERTIAL_PLUGIN_DIR) / "ostersund-logo.pdf");
    EXPECT_TRUE(fs::exists(*style_.logo_file)) << "the build copies the logo beside the plugin";
}

TEST_F(HouseStyleLayout, FontFamily) {
    HouseStyle serif = style_;
    serif.font_family = "Liberation Serif";
    pdf::Document d = layout(serif);
    std::set<std::string> files;
    for (const auto& page : d.pages)
        for (const auto& g : page.content)
            for (const auto& item : g.items)
                if (const auto* t = std::get_if<pdf::TextItem>(&item); t && drawn(*t).font != d.fonts.fallback)
                    files.insert(fs::path(drawn(*t).font->path()).filename().string());
    ASSERT_FALSE(files.empty());
    for (const auto& f : files) EXPECT_TRUE(f.starts_with("LiberationSerif")) << f;
}

TEST_F(HouseStyleLayout, PrimaryColourIsTheHeadingsColour) {
    HouseStyle style = style_;
    style.primary_colour = "#AA1100";
    pdf::Document d = layout(style);
    EXPECT_TRUE(has_text_in(d, rgb(0xAA, 0x11, 0x00), "Ekonomi")) << "no heading in the primary colour";
    EXPECT_FALSE(has_text_in(layout(style_), rgb(0xAA, 0x11, 0x00), "Ekonomi"));
}

TEST_F(HouseStyleLayout, AccentColourIsTheLetterheadRule) {
    HouseStyle style = style_;
    style.accent_colour = "#00AA11";
    EXPECT_TRUE(has_line_in(layout(style), rgb(0x00, 0xAA, 0x11)));
    EXPECT_FALSE(has_line_in(layout(style_), rgb(0x00, 0xAA, 0x11)));
}

TEST_F(HouseStyleLayout, HeaderAndFooterTexts) {
    const std::string fields[] = {"header_left", "header_right", "footer_left", "footer_right"};
    for (const auto& field : fields) {
        HouseStyle style = style_;
        std::string text = "Fält " + field + " i {committee}";
        (field == "header_left"    ? style.header_left
         : field == "header_right" ? style.header_right
         : field == "footer_left"  ? style.footer_left
                                   : style.footer_right) = text;
        pdf::Document d = layout(style);
        std::string want = "Fält " + field + " i Social- och arbetsmarknadsnämnden";
        for (std::size_t p = 0; p < d.pages.size(); ++p)
            EXPECT_NE(page_text(d.pages[p], true).find(want), std::string::npos) << field << ", page " << p + 1;
    }
}

TEST_F(HouseStyleLayout, LogoOnEveryPageInTheLetterheadEmbeddedOnce) {
    for (const auto& file : {kPngLogo, kPdfLogo}) {
        HouseStyle style = style_;
        style.logo_file = file;
        pdf::Document d = layout(style);
        ASSERT_EQ(d.images.size(), 1u) << file;
        for (std::size_t p = 0; p < d.pages.size(); ++p) {
            auto images = images_on(d.pages[p]);
            ASSERT_EQ(images.size(), 1u) << file << ", page " << p + 1;
            const auto& logo = images[0];
            EXPECT_EQ(logo.image, 0u);
            EXPECT_NEAR(logo.h, 30, 0.01) << "the stand-in logos are square: as high as the letterhead allows";
            EXPECT_NEAR(logo.w, 30, 0.01);
            EXPECT_GT(logo.y, d.pages[p].height - 82) << "above the text area, in the letterhead";
        }
    }
    HouseStyle none = style_;
    none.logo_file.reset();
    pdf::Document d = layout(none);
    EXPECT_TRUE(d.images.empty());
    EXPECT_TRUE(images_on(d.pages[0]).empty());
}

// The header's left-hand text moves right of the logo instead of under it.
TEST_F(HouseStyleLayout, TheHeaderTextStartsRightOfTheLogo) {
    pdf::Document d = layout(style_);
    auto logo = images_on(d.pages[0]).at(0);
    double first_x = 1e9;
    for (const auto& g : d.pages[0].content)
        for (const auto& item : g.items)
            if (const auto* t = std::get_if<pdf::TextItem>(&item); t && !g.element && t->y > d.pages[0].height - 60)
                first_x = std::min(first_x, t->x);
    EXPECT_GE(first_x, logo.x + logo.w + 5);
}

// ---- the logo in the PDF file ----------------------------------------------------------------

pdf::Document logo_document(const std::string& file, int pages) {
    pdf::Document d;
    d.metadata.title = "Logotyp";
    d.metadata.date = "2021-05-03";
    d.images.push_back({file, slurp(file)});
    pdf::StructElement root;
    root.role = "Document";
    d.structure.push_back(root);
    for (int p = 0; p < pages; ++p) {
        pdf::Page page;
        page.content.push_back({std::nullopt, {pdf::ImageItem{0, 68, 760, 60, 60}}});
        d.pages.push_back(page);
    }
    return d;
}

// pdftoppm at 72 dpi: the colour of the pixel at x, y (PDF points from the lower left) of page 1.
std::array<int, 3> pixel(const std::string& pdf_file, double x, double y) {
    test::TempDir dir;
    auto r = run_shell("pdftoppm -r 72 -f 1 -l 1 " + shell_quote(pdf_file) + " " + shell_quote(dir / "p"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string ppm;
    for (const auto& e : fs::directory_iterator(dir.path())) ppm = slurp(e.path());
    std::istringstream in(ppm);
    std::string magic;
    int w = 0, h = 0, max = 0;
    in >> magic >> w >> h >> max;
    in.get();
    std::size_t header = static_cast<std::size_t>(in.tellg());
    int col = static_cast<int>(x), row = h - 1 - static_cast<int>(y);
    std::size_t at = header + 3 * (static_cast<std::size_t>(row) * static_cast<std::size_t>(w) + static_cast<std::size_t>(col));
    if (magic != "P6" || at + 2 >= ppm.size()) return {-1, -1, -1};
    return {static_cast<unsigned char>(ppm[at]), static_cast<unsigned char>(ppm[at + 1]), static_cast<unsigned char>(ppm[at + 2])};
}

// qpdf's uncompressed, object-per-object form of the file, to count objects by type.
std::string qdf(const std::string& pdf_file) {
    auto r = run_shell("qpdf --qdf --object-streams=disable " + shell_quote(pdf_file) + " -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(LogoInPdf, PngOnceWithItsTransparencyAsSoftMask) {
    test::TempDir dir;
    std::string file = dir / "png.pdf";
    std::ofstream(file, std::ios::binary) << pdf::emit_pdf(logo_document(kPngLogo, 3));
    auto check = run_shell("qpdf --check " + shell_quote(file));
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    std::string objects = qdf(file);
    EXPECT_EQ(count(objects, "/Subtype /Image"), 2u) << "the picture and its soft mask, once for three pages";
    EXPECT_EQ(count(objects, "/SMask"), 1u);
    EXPECT_EQ(count(objects, "/Interpolate"), 0u) << "PDF/A forbids interpolation";
    auto list = run_shell("pdfimages -list " + shell_quote(file));
    EXPECT_EQ(count(list.out, " image     128   128  rgb"), 3u) << list.out;
    EXPECT_EQ(count(list.out, " smask     128   128  gray"), 3u) << list.out;
    // Drawn where asked: the disc's dark blue in the middle, the page's white outside its corners.
    auto mid = pixel(file, 68 + 30, 760 + 40);
    EXPECT_LT(mid[0], 60);
    EXPECT_LT(mid[1], 80);
    EXPECT_GT(mid[2], 60);
    EXPECT_EQ(pixel(file, 69, 761), (std::array<int, 3>{255, 255, 255})) << "transparent corner";
}

TEST(LogoInPdf, PdfAsOneFormXObjectWithoutTheSourcesOtherObjects) {
    test::TempDir dir;
    std::string file = dir / "form.pdf";
    std::ofstream(file, std::ios::binary) << pdf::emit_pdf(logo_document(kPdfLogo, 3));
    auto check = run_shell("qpdf --check " + shell_quote(file));
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    std::string objects = qdf(file);
    EXPECT_EQ(count(objects, "/Subtype /Form"), 1u);
    EXPECT_EQ(count(objects, "/Type /Catalog"), 1u) << "the logo file's catalog was copied in";
    EXPECT_EQ(count(objects, "/Type /Page\n"), 3u) << "the logo file's page was copied in";
    EXPECT_EQ(count(objects, "/Type /Pages"), 1u);
    auto blue = pixel(file, 68 + 5, 760 + 5);  // the square's blue (#005A9C)
    EXPECT_LT(blue[0], 40);
    EXPECT_GT(blue[2], 120);
    auto sun = pixel(file, 68 + 21 * 60 / 32.0, 760 + 22 * 60 / 32.0);  // the red sun
    EXPECT_GT(sun[0], 180);
    EXPECT_LT(sun[1], 60);
}

TEST(LogoInPdf, SameDocumentSameBytes) {
    EXPECT_TRUE(pdf::emit_pdf(logo_document(kPdfLogo, 2)) == pdf::emit_pdf(logo_document(kPdfLogo, 2)));
    EXPECT_TRUE(pdf::emit_pdf(logo_document(kPngLogo, 2)) == pdf::emit_pdf(logo_document(kPngLogo, 2)));
}

TEST(LogoInPdf, AnImageItemNamingNoImageIsRefused) {
    pdf::Document d = logo_document(kPngLogo, 1);
    d.images.clear();
    try {
        pdf::emit_pdf(d);
        FAIL() << "written";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "an image item names image 0, but there are 0");
    }
}

// ---- bad logo files ------------------------------------------------------------------------

// A one-page PDF written by hand: `page_extra` goes into the page dictionary, `catalog_extra` into the catalog.
std::string hand_pdf(const std::string& page_extra, const std::string& catalog_extra = "") {
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R " + catalog_extra + ">>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 40 20] /Contents 4 0 R " + page_extra + ">>",
        "<< /Length 18 >>\nstream\n0 0 1 rg 0 0 40 20 re f\nendstream",
    };
    std::string out = "%PDF-1.7\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        std::string n = std::to_string(o);
        out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) +
           "\n%%EOF\n";
    return out;
}

std::string refusal(const std::string& data) {
    try {
        pdf::inspect_image(data);
    } catch (const pdf::ImageError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::string qpdf_made(const std::string& args) {
    test::TempDir dir;
    auto r = run_shell("qpdf " + args + " " + shell_quote(dir / "out.pdf"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return slurp(dir / "out.pdf");
}

TEST(BadLogo, EachRefusedWithWhatIsWrong) {
    EXPECT_EQ(refusal(hand_pdf("")), "(accepted)") << "the hand-made PDF itself is fine";
    EXPECT_EQ(refusal(""), "an empty file");
    EXPECT_EQ(refusal("GIF89a...."), "neither a PNG nor a PDF file");
    EXPECT_EQ(refusal(std::string(3 * 1024 * 1024, 'x')), "a file of 3072 KB; a logo may be at most 2 MB");
    EXPECT_TRUE(refusal(slurp(kPngLogo).substr(0, 60)).starts_with("a damaged PNG file (")) << refusal(slurp(kPngLogo).substr(0, 60));
    EXPECT_TRUE(refusal("%PDF-1.7\n1 0 obj\n<<>>\n").starts_with("a damaged PDF file ("));
    EXPECT_EQ(refusal(qpdf_made("--empty --pages " + shell_quote(kPdfLogo) + " " + shell_quote(kPdfLogo) + " --")),
              "a PDF with 2 pages; a logo is a PDF of one page");
    for (const char* user_password : {"secret", "''"})
        for (const char* method : {"40", "128 --use-aes=y", "256"})
            EXPECT_EQ(refusal(qpdf_made(shell_quote(kPdfLogo) + " --allow-weak-crypto --encrypt " + user_password + " owner " +
                                        method + " --")),
                      "an encrypted PDF; save the logo without encryption or password")
                << user_password << " " << method;
    EXPECT_EQ(refusal(hand_pdf("/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> ")),
              "a PDF that uses the font 'Helvetica' without embedding it (PDF/A needs every font embedded; convert the "
              "text to outlines)");
    EXPECT_EQ(refusal(hand_pdf("", "/StructTreeRoot << /Type /StructTreeRoot >> ")),
              "a tagged PDF (its marked content would be read as part of the report); save the logo untagged");
    EXPECT_EQ(refusal(hand_pdf("/Rotate 90 ")), "a PDF whose page is rotated; save the logo upright");
}

TEST(BadLogo, ResourcesNameTheFile) {
    HouseStyle style = pdf::default_house_style();
    style.logo_file = "/nonexistent/logo.png";
    try {
        pdf::Resources::load(style);
        FAIL() << "loaded";
    } catch (const pdf::ImageError& e) {
        EXPECT_STREQ(e.what(), "logo file '/nonexistent/logo.png': cannot be read (is it there?)");
    }
}

// A plugin folder whose Härnösand logo is broken or missing: `tertial build` (and sign, and the editor's preview)
// load the house style's resources through cli::load_resources(), which names the plugin, its file and the logo.
class BadLogoBuild : public ::testing::Test {
protected:
    void SetUp() override {
        for (const auto& e : fs::directory_iterator(TERTIAL_PLUGIN_DIR))
            fs::copy(e.path(), plugins_.path() / e.path().filename());
    }
    std::string refused() {
        PluginHost host{{plugins_.path()}};
        std::ostringstream err;
        auto report = cli::load_and_check((kSource / "examples/harnosand/son-fyramanadersrapport-2021.json").string(), host, err);
        EXPECT_TRUE(report) << err.str();
        if (!report) return "";
        try {
            cli::load_resources(*report->read.report, host);
        } catch (const pdf::ImageError& e) {
            return e.what();
        }
        return "(loaded)";
    }
    std::string logo() const { return (plugins_.path() / "harnosand-logo.pdf").string(); }
    std::string plugin() const { return (plugins_.path() / "tertial_plugin_harnosand.so").string(); }
    test::TempDir plugins_;
};

TEST_F(BadLogoBuild, TheGoodOneLoads) { EXPECT_EQ(refused(), "(loaded)"); }

TEST_F(BadLogoBuild, NotALogo) {
    std::ofstream(logo(), std::ios::trunc) << "not a logo\n";
    EXPECT_EQ(refused(), "the house style of plugin 'harnosand' (" + plugin() + "): logo file '" + logo() +
                             "': neither a PNG nor a PDF file");
}

TEST_F(BadLogoBuild, Missing) {
    fs::remove(logo());
    EXPECT_EQ(refused(), "the house style of plugin 'harnosand' (" + plugin() + "): logo file '" + logo() +
                             "': cannot be read (is it there?)");
}

// `tertial plugins --conformance` reads the logo as a build would, so a plugin author learns of it first.
TEST_F(BadLogoBuild, ConformanceNamesIt) {
    fs::resize_file(logo(), 100);
    auto r = test::run_tertial({"plugins", "--conformance", plugin()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("\n  FAIL  provides: what its kind provides: a template for every kind of report, or municipality, house style (and its logo) "
                         "and committees that exist\n        the house style's logo file '" + logo() + "': a damaged PDF file ("),
              std::string::npos)
        << r.out;
}

}  // namespace
}  // namespace tertial
