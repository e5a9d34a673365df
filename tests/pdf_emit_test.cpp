// emit_pdf() on a hand-built 3-page Document, checked with the real tools: qpdf, poppler (pdftotext, pdffonts, pdfinfo, pdfdetach).
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include <podofo/podofo.h>

#include "tertial/pdf/display.hpp"
#include "test_files.hpp"
#include "tertial/pdf/embedded.hpp"
#include "tertial/pdf/text.hpp"

namespace tertial::pdf {
namespace {
namespace fs = std::filesystem;

const std::string fonts_dir = "/usr/share/fonts/truetype/liberation2/";
const std::string json_attachment = "{\"rapport\": \"Delårsrapport\", \"utfall\": -2.9, \"enhet\": \"mnkr\"}\n";

struct Run {
    int exit_code = -1;
    std::string out;  // stdout and stderr
};

Run run(const std::string& command) {
    Run r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

bool have(const std::string& tool) { return run("command -v " + tool).exit_code == 0; }

using test::slurp;

// One glyph per character from the font's cmap and advances, as the shaper
// would give without kerning; a no-break space the font lacked would become
// a space, which `nbsp_as_space` simulates.
GlyphRun make_run(const Font& font, double size, const std::string& text, bool nbsp_as_space = false) {
    GlyphRun r;
    r.font = &font;
    r.size = size;
    r.text = text;
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        std::uint16_t gid = font.glyph_id(nbsp_as_space && cp == 0xA0 ? U' ' : cp);
        r.glyphs.push_back({static_cast<std::uint32_t>(i), font.advance(gid), gid});
        i += len;
    }
    return r;
}

class Builder {
public:
    Builder(const Font& regular, const Font& bold) : regular_(regular), bold_(bold) {
        d.metadata.title = "Delårsrapport 2 2025 – Socialnämnden";
        d.metadata.author = "Socialnämnden";
        d.metadata.subject = "Uppföljning av ekonomi och verksamhet";
        d.metadata.keywords = "delårsrapport, socialnämnden";
        d.metadata.date = "2025-09-30";
        d.metadata.document_id = "sn-delar2-2025";
        d.structure.emplace_back().role = "Document";
        d.pages.resize(3);
    }

    std::size_t element(const std::string& role, std::size_t parent) {
        StructElement e;
        e.role = role;
        e.parent = parent;
        d.structure.push_back(e);
        d.structure[parent].children.push_back(d.structure.size() - 1);
        return d.structure.size() - 1;
    }
    void text(std::size_t page, std::optional<std::size_t> el, const std::string& s, double x, double y,
              bool bold = false, double size = 10, bool nbsp_as_space = false) {
        TextItem t;
        t.run = make_run(bold ? bold_ : regular_, size, s, nbsp_as_space);
        t.x = x, t.y = y;
        d.pages[page].content.push_back({el, {t}});
    }
    void item(std::size_t page, std::optional<std::size_t> el, Item it) { d.pages[page].content.push_back({el, {it}}); }

    Document d;

private:
    const Font& regular_;
    const Font& bold_;
};

class PdfEmit : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!fs::exists(fonts_dir + "LiberationSans-Regular.ttf")) return;
        regular_ = Font::load(fonts_dir + "LiberationSans-Regular.ttf").release();
        bold_ = Font::load(fonts_dir + "LiberationSans-Bold.ttf").release();
    }
    static void TearDownTestSuite() {
        delete regular_;
        delete bold_;
    }
    void SetUp() override {
        if (!regular_) GTEST_SKIP() << "fonts-liberation2 is not installed";
        for (const char* tool : {"qpdf", "pdftotext", "pdffonts", "pdfinfo", "pdfdetach"})
            if (!have(tool)) GTEST_SKIP() << tool << " is not installed (poppler-utils, qpdf)";
        dir_ = fs::temp_directory_path() / ("tertial-pdf-emit-" + std::to_string(getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    // The test document: a heading, a table of contents with a link, a
    // paragraph with a minus sign, en dash and no-break space, a kerned
    // word, a table, a figure, a paragraph across a page break, headers
    // and footers as artifacts, a JSON attachment and bookmarks.
    Document document() {
        Builder b(*regular_, *bold_);
        const std::size_t root = 0;
        for (std::size_t p = 0; p < 3; ++p) {
            b.text(p, std::nullopt, "Socialnämnden – Delårsrapport 2 2025", 68, 800, false, 8);
            b.item(p, std::nullopt, LineItem{68, 795, 533, 795, 0.5, {0.55, 0.55, 0.55}, {}});
            b.text(p, std::nullopt, "Sida " + std::to_string(p + 1) + " av 3", 480, 40, false, 8);
        }
        // Page 1
        auto h1 = b.element("H1", root);
        b.text(0, h1, "Delårsrapport 2 2025", 68, 740, true, 18);
        auto toc = b.element("TOC", root);
        auto toci = b.element("TOCI", toc);
        auto link = b.element("Link", toci);
        b.text(0, link, "1 Ekonomi . . . . . . . . 2", 68, 700);
        b.d.pages[0].links.push_back({68, 697, 200, 13, 1, 780, link, "Till avsnitt 1 Ekonomi, sidan 2", ""});
        auto p1 = b.element("P", root);
        b.text(0, p1, "Resultatet blev −2,9 mnkr – en försämring med 1\u00A0200 tkr mot budget.", 68, 660);
        b.text(0, p1, "Åtgärder för ökad följsamhet pågår i alla verksamheter.", 68, 647);
        // A kerned word: A before V moves 150 units left, as GPOS would say.
        auto p2 = b.element("P", root);
        TextItem kerned;
        kerned.run = make_run(*regular_, 20, "AVATAR");
        kerned.run.glyphs[0].x_advance -= 150;
        kerned.run.glyphs[2].x_advance -= 120;
        kerned.x = 68, kerned.y = 600;
        b.item(0, p2, kerned);
        // The same with the no-break space drawn as a space (the font-lacks-it case).
        auto p3 = b.element("P", root);
        b.text(0, p3, "Budget 3\u00A0400 tkr", 68, 560, false, 10, true);

        // Page 2
        auto h2 = b.element("H2", root);
        b.text(1, h2, "1 Ekonomi", 68, 760, true, 14);
        auto table = b.element("Table", root);
        auto tr1 = b.element("TR", table);
        auto th1 = b.element("TH", tr1);
        auto th2 = b.element("TH", tr1);
        b.d.structure[th1].scope = "Column";
        b.d.structure[th2].scope = "Column";
        auto tr2 = b.element("TR", table);
        auto td1 = b.element("TD", tr2);
        auto td2 = b.element("TD", tr2);
        b.item(1, std::nullopt, RectItem{68, 712, 300, 18, Colour{0.93, 0.93, 0.93}, std::nullopt, 0.5});
        b.text(1, th1, "Verksamhet", 72, 717, true);
        b.text(1, th2, "Avvikelse, mnkr", 250, 717, true);
        b.item(1, std::nullopt, LineItem{68, 712, 368, 712, 0.5, {0.55, 0.55, 0.55}, {}});
        b.text(1, td1, "Äldreomsorg", 72, 699);
        b.text(1, td2, "−2,9", 250, 699);
        b.item(1, std::nullopt, LineItem{68, 694, 368, 694, 0.5, {0.8, 0.8, 0.8}, {2, 1}});
        auto fig = b.element("Figure", root);
        b.d.structure[fig].alt = "Stapeldiagram: avvikelse mot budget per månad, lägst −2,9 mnkr i augusti.";
        PathItem bars;
        bars.points = {{100, 500}, {100, 600}, {140, 600}, {140, 500}};
        bars.closed = true;
        bars.fill = Colour{0.1, 0.3, 0.6};
        b.item(1, fig, bars);
        PathItem curve;
        curve.points = {{80, 480}, {160, 560}, {240, 520}, {320, 640}};
        curve.stroke = Colour{0.8, 0.1, 0.1};
        curve.stroke_width = 2;
        b.item(1, fig, curve);
        auto p4 = b.element("P", root);
        b.text(1, p4, "Prognosen för helåret är ett underskott, som beskrivs", 68, 300);

        // Page 3: the paragraph goes on, then a heading and its text.
        b.text(2, p4, "närmare i avsnittet om åtgärder nedan.", 68, 760);
        auto h22 = b.element("H2", root);
        b.d.structure[h22].title = "2 Verksamhet";
        b.text(2, h22, "2 Verksamhet", 68, 720, true, 14);
        auto p5 = b.element("P", root);
        b.d.structure[p5].lang = "en-GB";
        b.text(2, p5, "Summary in English: the deficit is expected to shrink.", 68, 700);

        b.d.attachments.push_back({"rapport.json", "Rapporten som data (Tertial JSON)", "application/json", "Source",
                                   json_attachment, {}});
        b.d.outline = {{"Delårsrapport 2 2025", 0, 760, {}},
                       {"1 Ekonomi", 1, 780, {}},
                       {"2 Verksamhet", 2, 740, {{"2.1 Äldreomsorg", 2, 700, {}}}}};
        return b.d;
    }

    // The objects of `pdf` as QDF writes them (uncompressed, one per
    // "obj ... endobj"), and the file that QDF is in.
    std::string qdf_objects(const fs::path& pdf, fs::path* file = nullptr) {
        const fs::path qdf = pdf.string() + ".qdf.pdf";
        EXPECT_EQ(run("qpdf --qdf --object-streams=disable " + pdf.string() + " " + qdf.string()).exit_code, 0);
        if (file) *file = qdf;
        std::ifstream in(qdf, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    // The FontDescriptor of the subset named TAG+`font` (one object of
    // qdf_objects()), with its tag, and its embedded program written to a
    // file; empty if there is none.
    struct Embedded {
        std::string descriptor, tag;
        fs::path program;
    };
    Embedded embedded_font(const fs::path& pdf, const std::string& font) {
        fs::path qdf;
        const std::string objects = qdf_objects(pdf, &qdf);
        std::smatch m;
        const std::regex named(R"(/FontFile2 (\d+) 0 R\s+/FontName /([A-Z]{6})\+)" + font + R"(\s)");
        if (!std::regex_search(objects, m, named)) return {};
        Embedded e;
        e.tag = m[2].str();
        const std::size_t at = static_cast<std::size_t>(m.position(0));
        const std::size_t begin = objects.rfind(" obj", at), end = objects.find("endobj", at);
        e.descriptor = objects.substr(begin, end - begin);
        e.program = pdf.string() + "." + font + ".ttf";
        EXPECT_EQ(run("qpdf --show-object=" + m[1].str() + " --filtered-stream-data " + qdf.string() + " > " +
                      e.program.string())
                      .exit_code,
                  0);
        return e;
    }

    fs::path write(const std::string& bytes, const std::string& name = "out.pdf") {
        fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << bytes;
        // To look at the files: TERTIAL_KEEP_PDF_DIR=/tmp/somewhere
        if (const char* keep = std::getenv("TERTIAL_KEEP_PDF_DIR"))
            fs::copy_file(p, fs::path(keep) / (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".pdf"),
                          fs::copy_options::overwrite_existing);
        return p;
    }

    static inline Font* regular_ = nullptr;
    static inline Font* bold_ = nullptr;
    fs::path dir_;
};

TEST_F(PdfEmit, QpdfFindsNoProblems) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("qpdf --check " + pdf.string());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("No syntax or stream encoding errors found"), std::string::npos) << r.out;
}

TEST_F(PdfEmit, TextComesBackOut) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("pdftotext -enc UTF-8 " + pdf.string() + " -");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    // Poppler gives a no-break space from a glyph back as a plain space
    // (from ActualText as it is): compare with spaces.
    for (auto at = r.out.find("\u00A0"); at != std::string::npos; at = r.out.find("\u00A0", at)) r.out.replace(at, 2, " ");
    for (const char* s : {"Delårsrapport 2 2025", "Resultatet blev −2,9 mnkr – en försämring med 1 200 tkr mot budget.",
                          "Åtgärder för ökad följsamhet pågår i alla verksamheter.", "AVATAR", "Budget 3 400 tkr",
                          "Verksamhet", "Avvikelse, mnkr", "Äldreomsorg", "Socialnämnden – Delårsrapport 2 2025",
                          "Sida 3 av 3", "närmare i avsnittet om åtgärder nedan."})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n---\n" << r.out;
}

TEST_F(PdfEmit, GlyphsSitWhereTheShaperPutThem) {
    Document d = document();
    const TextItem* found = nullptr;
    for (const auto& g : d.pages[0].content)
        for (const auto& it : g.items)
            if (const auto* t = std::get_if<TextItem>(&it); t && t->run.text == "AVATAR") found = t;
    ASSERT_NE(found, nullptr);
    const TextItem& kerned = *found;
    auto pdf = write(emit_pdf(d));
    auto r = run("pdftotext -bbox -f 1 -l 1 " + pdf.string() + " -");
    std::smatch m;
    std::regex word(R"re(<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">AVATAR</word>)re");
    ASSERT_TRUE(std::regex_search(r.out, m, word)) << r.out;
    EXPECT_NEAR(std::stod(m[1]), kerned.x, 0.01);
    EXPECT_NEAR(std::stod(m[2]), kerned.x + kerned.run.width(), 0.01);
}

TEST_F(PdfEmit, FontsAreEmbeddedSubsetsWithToUnicode) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("pdffonts " + pdf.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    std::istringstream lines(r.out);
    std::string line;
    int fonts = 0;
    while (std::getline(lines, line)) {
        if (line.find("CID TrueType") == std::string::npos) continue;
        ++fonts;
        EXPECT_NE(line.find("Identity-H"), std::string::npos) << line;
        EXPECT_NE(line.find("yes yes yes"), std::string::npos) << line;  // emb sub uni
        EXPECT_NE(line.find("+Liberation"), std::string::npos) << line;
    }
    EXPECT_EQ(fonts, 2) << r.out;
}

TEST_F(PdfEmit, InfoSaysTaggedPdf17ThreePages) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("pdfinfo " + pdf.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    for (const char* s : {"Title:           Delårsrapport 2 2025 – Socialnämnden", "Author:          Socialnämnden",
                          "Tagged:          yes", "Pages:           3", "PDF version:     1.7",
                          "CreationDate:    Tue Sep 30 00:00:00 2025 UTC"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n---\n" << r.out;
    auto meta = run("pdfinfo -meta " + pdf.string());
    for (const char* s : {"<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>",
                          "<xmp:CreateDate>2025-09-30T00:00:00+00:00</xmp:CreateDate>",
                          "Delårsrapport 2 2025 – Socialnämnden</rdf:li>", "<xmpMM:DocumentID>uuid:"})
        EXPECT_NE(meta.out.find(s), std::string::npos) << s << "\n---\n" << meta.out;
}

TEST_F(PdfEmit, StructureTreeHasRolesAndTextsInOrder) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("pdfinfo -struct-text " + pdf.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    std::vector<std::string> in_order = {
        "Document",  "H1",         "Delårsrapport 2 2025",
        "TOC",       "TOCI",       "Link",
        "1 Ekonomi", "P",          "Resultatet blev −2,9 mnkr",
        "AVATAR",    "Budget 3",   "H2",
        "Table",     "TR",         "TH",
        "/Scope /Column",          "Verksamhet",
        "TD",        "Äldreomsorg", "Figure",    "/BBox [80 480 320 640]",
        "P",         "Prognosen för helåret", "närmare i avsnittet",
        "H2",        "2 Verksamhet", "Summary in English"};
    std::size_t at = 0;
    for (const auto& s : in_order) {
        auto found = r.out.find(s, at);
        ASSERT_NE(found, std::string::npos) << "'" << s << "' not found after offset " << at << "\n---\n" << r.out;
        at = found + s.size();
    }
    // Headers and footers are artifacts: not in the structure.
    EXPECT_EQ(r.out.find("Sida 1 av 3"), std::string::npos) << r.out;
}

// The structure elements and the parent tree are written as syntax, not
// as PoDoFo objects: read back by PoDoFo, every element is where the
// document puts it, with its /P, its kids in /K (MCIDs on its /Pg, MCRs on
// other pages, OBJRs, elements), and the parent tree names the element of
// every MCID of every page and of every annotation.
TEST_F(PdfEmit, StructureReadsBackWithParentsKidsPagesAndParentTree) {
    using namespace PoDoFo;
    Builder b(*regular_, *bold_);
    b.d = document();
    auto table = b.element("Table", 0);  // more than ten rows: /K wraps; 160 elements: several object streams
    for (int row = 0; row < 40; ++row) {
        auto tr = b.element("TR", table);
        for (int col = 0; col < 3; ++col)
            b.text(2, b.element("TD", tr), std::to_string(row * 3 + col), 68 + 60 * col, 600 - 12 * row);
    }
    const Document& d = b.d;
    const std::string bytes = emit_pdf(d);
    write(bytes);
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    PdfMemDocument pdf;
    pdf.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
    PdfVecObjects& objects = pdf.GetObjects();
    auto resolve = [&](const PdfObject& o) { return o.IsReference() ? objects.GetObject(o.GetReference()) : &o; };
    auto integer = [](const PdfObject* o) { return o && o->IsNumber() ? o->GetNumber() : pdf_int64(-1); };

    std::vector<pdf_objnum> pages;
    for (int p = 0; p < pdf.GetPageCount(); ++p) pages.push_back(pdf.GetPage(p)->GetObject()->Reference().ObjectNumber());
    const PdfObject* root = pdf.GetCatalog()->GetIndirectKey("StructTreeRoot");
    ASSERT_NE(root, nullptr);

    // Walk the tree as the document has it: element e is object number[e].
    std::map<std::pair<pdf_objnum, pdf_int64>, pdf_objnum> marked;  // (page, MCID) -> element
    std::map<pdf_objnum, pdf_objnum> annotated;                      // annotation -> element
    std::set<pdf_objnum> numbers;
    std::function<void(std::size_t, const PdfObject*, pdf_objnum)> walk = [&](std::size_t e, const PdfObject* o,
                                                                               pdf_objnum parent) {
        ASSERT_NE(o, nullptr) << "element " << e;
        const pdf_objnum self = o->Reference().ObjectNumber();
        EXPECT_TRUE(numbers.insert(self).second) << "element " << e << " shares its number " << self;
        const PdfDictionary& dict = o->GetDictionary();
        EXPECT_EQ(dict.GetKey("Type")->GetName().GetName(), "StructElem");
        EXPECT_EQ(dict.GetKey("S")->GetName().GetName(), d.structure[e].role) << "element " << e;
        EXPECT_EQ(dict.GetKey("P")->GetReference().ObjectNumber(), parent) << "element " << e;
        const PdfObject* pg = dict.GetKey("Pg");
        std::vector<const PdfObject*> kids;
        if (const PdfObject* k = dict.GetKey("K")) {
            if (k->IsArray())
                for (const PdfObject& kid : k->GetArray()) kids.push_back(&kid);
            else
                kids.push_back(k);
        }
        std::size_t child = 0;
        for (const PdfObject* kid : kids) {
            if (kid->IsNumber()) {
                ASSERT_NE(pg, nullptr) << "element " << e << " has an MCID but no /Pg";
                marked[{pg->GetReference().ObjectNumber(), kid->GetNumber()}] = self;
            } else if (kid->IsDictionary() && kid->GetDictionary().GetKey("Type")->GetName() == PdfName("MCR")) {
                marked[{kid->GetDictionary().GetKey("Pg")->GetReference().ObjectNumber(),
                        kid->GetDictionary().GetKey("MCID")->GetNumber()}] = self;
            } else if (kid->IsDictionary()) {
                EXPECT_EQ(kid->GetDictionary().GetKey("Type")->GetName(), PdfName("OBJR"));
                annotated[kid->GetDictionary().GetKey("Obj")->GetReference().ObjectNumber()] = self;
            } else {
                ASSERT_TRUE(kid->IsReference()) << "element " << e;
                ASSERT_LT(child, d.structure[e].children.size()) << "element " << e;
                walk(d.structure[e].children[child++], resolve(*kid), self);
            }
        }
        EXPECT_EQ(child, d.structure[e].children.size()) << "element " << e;
    };
    walk(0, root->GetIndirectKey("K"), root->Reference().ObjectNumber());
    EXPECT_EQ(numbers.size(), d.structure.size());
    std::size_t runs = 0;  // marked-content sequences: one per change of element on a page
    for (const Page& page : d.pages) {
        std::optional<std::optional<std::size_t>> open;
        for (const ContentGroup& g : page.content)
            if (!g.items.empty() && (!open || *open != g.element)) runs += g.element.has_value(), open = g.element;
    }
    EXPECT_EQ(marked.size(), runs);
    EXPECT_GT(runs, 120u);
    ASSERT_EQ(annotated.size(), 1u);

    // The parent tree has it the other way round, and /ParentTreeNextKey after it.
    const PdfArray& nums = root->GetIndirectKey("ParentTree")->GetDictionary().GetKey("Nums")->GetArray();
    ASSERT_EQ(nums.size(), 2 * (pages.size() + 1));
    std::size_t found = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        EXPECT_EQ(integer(&nums[2 * i]), static_cast<pdf_int64>(i));
        EXPECT_EQ(integer(pdf.GetPage(static_cast<int>(i))->GetObject()->GetDictionary().GetKey("StructParents")),
                  static_cast<pdf_int64>(i));
        const PdfArray& by_mcid = nums[2 * i + 1].GetArray();
        for (std::size_t m = 0; m < by_mcid.size(); ++m, ++found)
            EXPECT_EQ(by_mcid[m].GetReference().ObjectNumber(), (marked[{pages[i], static_cast<pdf_int64>(m)}]))
                << "page " << i << ", MCID " << m;
    }
    EXPECT_EQ(found, marked.size());
    const auto& [annotation, element] = *annotated.begin();
    EXPECT_EQ(integer(&nums[2 * pages.size()]), static_cast<pdf_int64>(pages.size()));
    EXPECT_EQ(nums[2 * pages.size() + 1].GetReference().ObjectNumber(), element);
    EXPECT_EQ(integer(objects.GetObject(PdfReference(annotation, 0))->GetDictionary().GetKey("StructParent")),
              static_cast<pdf_int64>(pages.size()));
    EXPECT_EQ(integer(root->GetDictionary().GetKey("ParentTreeNextKey")), static_cast<pdf_int64>(pages.size() + 1));
    EXPECT_EQ(run("qpdf --check " + (dir_ / "out.pdf").string()).exit_code, 0);
}

TEST_F(PdfEmit, TheAttachmentComesBackByteForByte) {
    std::string bytes = emit_pdf(document());
    auto pdf = write(bytes);
    auto list = run("pdfdetach -list " + pdf.string());
    EXPECT_NE(list.out.find("1: rapport.json"), std::string::npos) << list.out;
    auto saved = dir_ / "saved.json";
    auto r = run("pdfdetach -save 1 -o " + saved.string() + " " + pdf.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(slurp(saved), json_attachment);

    auto read = read_attachment(bytes, "rapport.json");
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(*read, json_attachment);
    EXPECT_FALSE(read_attachment(bytes, "annan.json").has_value());
    EXPECT_THROW(read_attachment("this is not a PDF", "rapport.json"), std::runtime_error);
    EXPECT_THROW(read_attachment(bytes.substr(0, bytes.size() / 2), "rapport.json"), std::runtime_error);

    auto qpdf = run("qpdf --list-attachments --verbose " + pdf.string());
    for (const char* s : {"application/json", "D:20250930000000+00'00'", "Rapporten som data (Tertial JSON)"})
        EXPECT_NE(qpdf.out.find(s), std::string::npos) << s << "\n---\n" << qpdf.out;
}

TEST_F(PdfEmit, SameDocumentSameBytesOtherIdOtherBytes) {
    Document d = document();
    std::string a = emit_pdf(d), b = emit_pdf(d);
    EXPECT_EQ(a, b);
    d.metadata.document_id = "sn-delar2-2025-b";
    std::string c = emit_pdf(d);
    EXPECT_NE(a, c);
    auto id = [](const std::string& pdf) {
        auto at = pdf.rfind("/ID");
        return at == std::string::npos ? std::string() : pdf.substr(at, 80);
    };
    EXPECT_FALSE(id(a).empty());
    EXPECT_NE(id(a), id(c));
}

// What `tertial build` does: the document is given up and freed part by
// part as the file is made; the bytes are the same.
TEST_F(PdfEmit, ADocumentGivenUpGivesTheSameBytesAndIsFreedAsItIsWritten) {
    Document kept = document();
    ASSERT_FALSE(kept.structure.empty());
    ASSERT_FALSE(kept.attachments.empty());
    Document given = kept;
    EXPECT_EQ(emit_pdf(std::move(given)), emit_pdf(kept));
    ASSERT_EQ(given.pages.size(), kept.pages.size());
    for (const Page& page : given.pages) EXPECT_TRUE(page.content.empty());
    EXPECT_TRUE(given.structure.empty());
    EXPECT_TRUE(given.keep.empty());
    for (const Attachment& a : given.attachments) EXPECT_TRUE(a.data.empty()) << a.name;
    for (const Page& page : kept.pages) EXPECT_FALSE(page.content.empty()) << "a document lent is left as it was";
}

TEST_F(PdfEmit, OutputIsSmall) {
    std::string bytes = emit_pdf(document());
    write(bytes);
    // Two subset fonts, the sRGB profile, compressed content: about 30 KB.
    EXPECT_LT(bytes.size(), 60'000u);
    EXPECT_EQ(bytes.substr(0, 8), "%PDF-1.7");
}

TEST_F(PdfEmit, BookmarksAndTheLinkGoWhereTheySay) {
    auto pdf = write(emit_pdf(document()));
    auto r = run("qpdf --json --json-key=outlines " + pdf.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    std::regex compact(R"(\s+)");
    std::string json = std::regex_replace(r.out, compact, "");
    for (const char* s : {R"("destpageposfrom1":2,"kids":[],"object":)", R"("title":"1Ekonomi")",
                          R"("title":"2.1Äldreomsorg")", R"("open":false,"title":"2Verksamhet")"})
        EXPECT_NE(json.find(s), std::string::npos) << s << "\n---\n" << r.out;
    auto catalog = run("qpdf --show-object=trailer " + pdf.string());
    EXPECT_NE(catalog.out.find("/Root 1 0 R"), std::string::npos) << catalog.out;
    catalog = run("qpdf --show-object=1 " + pdf.string());
    EXPECT_NE(catalog.out.find("/PageMode /UseOutlines"), std::string::npos) << catalog.out;
}

TEST_F(PdfEmit, NoAttachmentsNoStructureStillAValidFile) {
    Document d = document();
    d.attachments.clear();
    std::string bytes = emit_pdf(d);
    EXPECT_FALSE(read_attachment(bytes, "rapport.json").has_value());

    for (auto& page : d.pages) {
        page.links.clear();
        for (auto& g : page.content) g.element.reset();
    }
    d.structure.clear();
    auto pdf = write(emit_pdf(d));
    EXPECT_EQ(run("qpdf --check " + pdf.string()).exit_code, 0);
    EXPECT_NE(run("pdftotext " + pdf.string() + " -").out.find("AVATAR"), std::string::npos);

    EmitOptions no_profile;
    no_profile.icc_profile_path = (dir_ / "missing.icc").string();
    EXPECT_THROW(emit_pdf(document(), no_profile), std::runtime_error);
}

// A glyph no character maps to (what a GSUB substitution gives) is cut into
// the subset like any other (HarfBuzz subsets by glyph id and keeps the
// ids), with its own advance, while a glyph nothing draws is left out; the
// text still comes back through ToUnicode.
TEST_F(PdfEmit, GlyphsWithoutCharactersAreKeptInTheSubset) {
    std::set<std::uint16_t> mapped;
    for (char32_t cp = 1; cp < 0x10000; ++cp) mapped.insert(regular_->glyph_id(cp));
    std::uint16_t unmapped = 0;
    for (std::uint16_t gid = 1; gid < 3000 && !unmapped; ++gid)
        if (!mapped.count(gid) && regular_->advance(gid) > 0) unmapped = gid;
    ASSERT_NE(unmapped, 0);
    Document d = document();
    TextItem t;
    t.run = make_run(*regular_, 12, "Xy");
    t.run.glyphs[0].gid = unmapped;
    t.run.glyphs[0].x_advance = regular_->advance(unmapped);
    t.x = 68, t.y = 400;
    d.pages[2].content.push_back({d.structure[0].children.back(), {t}});
    auto pdf = write(emit_pdf(d));
    EXPECT_EQ(run("qpdf --check " + pdf.string()).exit_code, 0);
    auto fonts = run("pdffonts " + pdf.string());
    EXPECT_EQ(fonts.out.find(" no "), std::string::npos) << fonts.out;  // every font embedded, subset, with ToUnicode
    auto text = run("pdftotext -f 3 -l 3 " + pdf.string() + " -");
    EXPECT_NE(text.out.find("Xy"), std::string::npos) << text.out;

    // The regular face's program, as embedded.
    auto regular = embedded_font(pdf, "LiberationSans");
    ASSERT_FALSE(regular.program.empty());
    auto embedded = Font::load(regular.program);
    EXPECT_EQ(embedded->advance(unmapped), regular_->advance(unmapped));
    EXPECT_EQ(embedded->advance(regular_->glyph_id(U'y')), regular_->advance(regular_->glyph_id(U'y')));
    const std::uint16_t undrawn = regular_->glyph_id(U'Q');
    ASSERT_GT(regular_->advance(undrawn), 0);
    EXPECT_EQ(embedded->advance(undrawn), 0);
}

// The tables of a TrueType/OpenType font file, by tag ("glyf", "cvt ").
std::set<std::string> sfnt_tables(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::set<std::string> tags;
    if (bytes.size() < 12) return tags;
    const std::size_t count = static_cast<unsigned char>(bytes[4]) << 8 | static_cast<unsigned char>(bytes[5]);
    for (std::size_t i = 0; i < count && 12 + 16 * i + 4 <= bytes.size(); ++i) tags.insert(bytes.substr(12 + 16 * i, 4));
    return tags;
}

// An embedded program holds outlines and metrics, not the font's hinting
// (fpgm, prep, cvt) nor its layout tables (GSUB, GPOS, GDEF, kern); its
// subset tag comes from what it holds (other text, another tag; the same
// text, the same tag); the descriptor says what the face is (an italic:
// flag 64 and its angle).
TEST_F(PdfEmit, FontProgramsAreSubsetsWithoutHintingNamedByTheirContents) {
    auto italic = Font::load(fonts_dir + "LiberationSans-Italic.ttf");
    auto with_italic = [&](const std::string& text) {
        Document d = document();
        TextItem t;
        t.run = make_run(*italic, 12, text);
        t.x = 68, t.y = 400;
        d.pages[2].content.push_back({d.structure[0].children.back(), {t}});
        return write(emit_pdf(d), text + ".pdf");
    };
    auto pdf = with_italic("Kursiv");
    auto regular = embedded_font(pdf, "LiberationSans");
    ASSERT_FALSE(regular.program.empty());
    auto tables = sfnt_tables(regular.program);
    for (const char* kept : {"glyf", "loca", "hmtx", "head", "hhea", "maxp"}) EXPECT_TRUE(tables.count(kept)) << kept;
    for (const char* dropped : {"fpgm", "prep", "cvt ", "GSUB", "GPOS", "GDEF", "kern"})
        EXPECT_FALSE(tables.count(dropped)) << dropped;

    auto kursiv = embedded_font(pdf, "LiberationSans-Italic");
    ASSERT_FALSE(kursiv.program.empty());
    EXPECT_NE(kursiv.descriptor.find("/Flags 96"), std::string::npos) << kursiv.descriptor;  // nonsymbolic, italic
    EXPECT_NE(kursiv.descriptor.find("/ItalicAngle -12"), std::string::npos) << kursiv.descriptor;
    EXPECT_NE(regular.descriptor.find("/Flags 32"), std::string::npos) << regular.descriptor;
    EXPECT_NE(regular.descriptor.find("/ItalicAngle 0"), std::string::npos) << regular.descriptor;

    auto other = embedded_font(with_italic("Lutande"), "LiberationSans-Italic");
    EXPECT_NE(other.tag, kursiv.tag);
    EXPECT_EQ(embedded_font(with_italic("Kursiv"), "LiberationSans-Italic").tag, kursiv.tag);
    EXPECT_EQ(embedded_font(with_italic("Lutande"), "LiberationSans").tag, regular.tag);  // the same regular glyphs
}

// "Å" drawn as A plus a combining ring raised above it (one cluster, two
// glyphs, offsets): the text comes back as written, through ActualText.
TEST_F(PdfEmit, ClustersOfSeveralGlyphsKeepTheirText) {
    std::uint16_t ring = regular_->glyph_id(U'\u030A');
    ASSERT_NE(ring, 0);
    Document d = document();
    TextItem t;
    t.run = make_run(*regular_, 12, "Åsa");  // Å s a
    t.run.glyphs[0].gid = regular_->glyph_id(U'A');
    t.run.glyphs.insert(t.run.glyphs.begin() + 1, Glyph{0, 0, ring});
    t.run.offsets.assign(t.run.glyphs.size(), {});
    t.run.offsets[1] = {-700, 300};
    t.x = 68, t.y = 400;
    d.pages[2].content.push_back({d.structure[0].children.back(), {t}});
    auto pdf = write(emit_pdf(d));
    // The ring is drawn raised by its offset (300 of 2048 units at 12 pt:
    // 1.758 pt, Ts) and moved back over the A (700 units: 341.797 thousandths
    // of the size, in the TJ array).
    ASSERT_EQ(regular_->units_per_em(), 2048);
    const std::string objects = qdf_objects(pdf);
    EXPECT_NE(objects.find("1.758 Ts"), std::string::npos);
    EXPECT_NE(objects.find("341.797"), std::string::npos);
    EXPECT_EQ(run("qpdf --check " + pdf.string()).exit_code, 0);
    auto text = run("pdftotext -f 3 -l 3 " + pdf.string() + " -");
    EXPECT_NE(text.out.find("Åsa"), std::string::npos) << text.out;
    auto fonts = run("pdffonts " + pdf.string());
    EXPECT_EQ(fonts.out.find(" no "), std::string::npos) << fonts.out;
}

TEST_F(PdfEmit, BadStructureIsRefused) {
    Document d = document();
    d.pages[0].content.push_back({d.structure.size() + 5, {}});
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
    d = document();
    d.structure[1].parent = 2;
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
    d = document();
    d.metadata.date = "30 september 2025";
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
    d = document();
    d.pages[0].links[0].target_page = 7;
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
}

// Two empty signature fields on page 3: pdfsig lists them unsigned, each is
// a widget with an appearance, tagged as Form, in the AcroForm.
TEST_F(PdfEmit, SignatureFieldsAreEmptyTaggedWidgets) {
    if (!have("pdfsig")) GTEST_SKIP() << "pdfsig is not installed (poppler-utils)";
    Document d = document();
    auto form1 = d.structure.size();
    d.structure.push_back({"Form", 0, {}, {}, {}, {}, {}, {}, 1});
    d.structure[0].children.push_back(form1);
    d.signature_fields.push_back({"forvaltningschef", "Underskrift: Helén Eurenius, Förvaltningschef", 2, 68, 500, 220, 42, form1});
    d.signature_fields.push_back({"ekonomichef", "Underskrift: Mikael Hedström, Ekonomichef", 2, 68, 400, 220, 42, std::nullopt});
    auto pdf = write(emit_pdf(d));
    EXPECT_EQ(run("qpdf --check " + pdf.string()).exit_code, 0);
    auto sig = run("pdfsig " + pdf.string());
    EXPECT_NE(sig.out.find("Signature Field Name: forvaltningschef"), std::string::npos) << sig.out;
    EXPECT_NE(sig.out.find("Signature Field Name: ekonomichef"), std::string::npos) << sig.out;
    EXPECT_NE(sig.out.find("not signed"), std::string::npos) << sig.out;
    // poppler prints the widget (OBJR) as "Object N 0" under its Form element
    auto tree = run("pdfinfo -struct " + pdf.string());
    EXPECT_TRUE(std::regex_search(tree.out, std::regex("Form\n +Object [0-9]+ 0"))) << tree.out;
    auto json = run("qpdf --json --json-key=acroform " + pdf.string());
    EXPECT_NE(json.out.find("\"fieldtype\": \"/Sig\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"alternativename\": \"Underskrift: Helén Eurenius, Förvaltningschef\""), std::string::npos);
    EXPECT_NE(json.out.find("\"pageposfrom1\": 3"), std::string::npos);
    auto objects = run("qpdf --qdf --object-streams=disable " + pdf.string() + " -");
    EXPECT_NE(objects.out.find("/SigFlags 1"), std::string::npos);
    EXPECT_NE(objects.out.find("/FT /Sig"), std::string::npos);
    EXPECT_NE(objects.out.find("/F 4"), std::string::npos);
}

TEST_F(PdfEmit, BadSignatureFieldsAreRefused) {
    Document d = document();
    d.signature_fields.push_back({"a", "", 5, 68, 500, 220, 42, std::nullopt});
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
    d = document();
    d.signature_fields.push_back({"a", "", 0, 68, 500, 220, 42, std::nullopt});
    d.signature_fields.push_back({"a", "", 1, 68, 500, 220, 42, std::nullopt});
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
    d = document();
    d.signature_fields.push_back({"a", "", 0, 68, 500, 0, 42, std::nullopt});
    EXPECT_THROW(emit_pdf(d), std::invalid_argument);
}

TEST(SignatureFieldName, IsTheIdWithUnsafeCharactersReplaced) {
    EXPECT_EQ(signature_field_name("forvaltningschef"), "forvaltningschef");
    EXPECT_EQ(signature_field_name("ekonomi.chef 2"), "ekonomi_chef_2");
    EXPECT_EQ(signature_field_name("ordförande"), "ordf__rande");
}

// A long document gets a balanced page tree (at most 64 kids per node):
// every reader finds every page, in order, and a link still goes to its
// page. Up to 64 pages, the pages hang from the root as before.
TEST_F(PdfEmit, AThousandPagesInABalancedPageTree) {
    Document d = document();
    Builder b(*regular_, *bold_);
    b.d = d;
    b.d.pages.resize(1000);
    for (std::size_t p = 3; p < 1000; ++p) b.text(p, std::nullopt, "Sidan " + std::to_string(p + 1), 68, 760);
    d = b.d;
    ASSERT_EQ(d.pages.size(), 1000u);
    auto pdf = write(emit_pdf(d));
    EXPECT_EQ(run("qpdf --check " + pdf.string()).exit_code, 0);
    EXPECT_NE(run("pdfinfo " + pdf.string()).out.find("Pages:           1000"), std::string::npos);
    for (int page : {4, 64, 65, 640, 1000})
        EXPECT_NE(run("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " " + pdf.string() + " -")
                      .out.find("Sidan " + std::to_string(page)),
                  std::string::npos)
            << "page " << page;
    // The root: 16 nodes of 64 pages (the last of 40), each with its count.
    auto catalog = run("qpdf --show-object=1 " + pdf.string());
    auto at = catalog.out.find("/Pages ");
    ASSERT_NE(at, std::string::npos) << catalog.out;
    std::string ref = catalog.out.substr(at + 7, catalog.out.find(" R", at) - at - 7);
    auto node = run("qpdf --show-object=" + ref.substr(0, ref.find(' ')) + " " + pdf.string());
    EXPECT_NE(node.out.find("/Count 1000"), std::string::npos) << node.out;
    std::size_t kids = 0;
    for (std::size_t k = node.out.find(" 0 R"); k != std::string::npos; k = node.out.find(" 0 R", k + 1)) ++kids;
    EXPECT_EQ(kids, 16u) << node.out;
    // Three pages: all under the root, as PoDoFo made them.
    auto small = write(emit_pdf(document()), "small.pdf");
    auto small_catalog = run("qpdf --show-object=1 " + small.string());
    auto sat = small_catalog.out.find("/Pages ");
    ASSERT_NE(sat, std::string::npos);
    std::string sref = small_catalog.out.substr(sat + 7, small_catalog.out.find(" R", sat) - sat - 7);
    auto small_root = run("qpdf --show-object=" + sref.substr(0, sref.find(' ')) + " " + small.string());
    EXPECT_NE(small_root.out.find("/Count 3"), std::string::npos) << small_root.out;
}

}  // namespace
}  // namespace tertial::pdf
