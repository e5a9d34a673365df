// Every example's PDF through the real Debian tools: qpdf, poppler-utils and (if installed) PDFBox preflight.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using test::shell_quote;
using test::slurp;

std::vector<fs::path> examples() { return test::example_files(); }

std::string example_name(const fs::path& p) {
    std::string name = p.parent_path().filename().string() + "_" + p.stem().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

// ---- running the tools -----------------------------------------------------------

using Output = test::RunResult;

// Runs a shell command with stdin from /dev/null, capturing its output.
Output run(const std::string& command) { return test::run_shell(command); }

Output tool(const std::string& program, const std::vector<std::string>& args) {
    std::string command = shell_quote(program);
    for (const auto& a : args) {
        command += ' ';
        command += shell_quote(a);
    }
    return run(command);
}

// ---- every example built once per process ------------------------------------------

struct Built {
    fs::path dir;
    std::map<fs::path, fs::path> pdf;         // example -> its PDF
    std::map<fs::path, std::string> failure;  // example -> why it did not build
    ~Built() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

std::unique_ptr<Built>& built() {
    static std::unique_ptr<Built> b;
    return b;
}

void build_all() {
    if (built()) return;
    auto b = std::make_unique<Built>();
    b->dir = fs::temp_directory_path() / ("tertial-pdfex-" + std::to_string(::getpid()));
    fs::remove_all(b->dir);
    fs::create_directories(b->dir);
    for (const auto& example : examples()) {
        // One directory per example, so two examples with the same file name cannot collide.
        fs::path out = b->dir / example_name(example);
        auto r = test::run_tertial({"build", example.string(), "--out", out.string()});
        fs::path pdf = out / (example.stem().string() + ".pdf");
        if (r.exit_code != 0 || !fs::exists(pdf))
            b->failure[example] = "exit " + std::to_string(r.exit_code) + "\n" + r.out + r.err;
        else
            b->pdf[example] = pdf;
    }
    built() = std::move(b);
}

// ---- text helpers ------------------------------------------------------------------

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

// U+00A0 and U+202F become spaces, then every run of whitespace (line ends too:
// a long title wraps) becomes one space.
std::string normalise(std::string s) {
    replace_all(s, "\u00A0", " ");
    replace_all(s, "\u202F", " ");
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The value of "Key:   value" in pdfinfo's output; nullopt when absent.
std::optional<std::string> info_field(const std::string& info, const std::string& key) {
    for (const auto& line : lines(info))
        if (line.rfind(key + ":", 0) == 0) return trim(line.substr(key.size() + 1));
    return std::nullopt;
}

// The structure element types in `pdfinfo -struct-text` output: the first word
// of every line that is not quoted content.
std::set<std::string> struct_types(const std::string& tree) {
    std::set<std::string> out;
    for (const auto& line : lines(tree)) {
        std::string t = trim(line);
        if (t.empty() || t[0] == '"' || t[0] == '/') continue;  // content, attributes ("/Scope /Column")
        t = t.substr(0, t.find(' '));
        if (!t.empty() && t.back() == ':') t.pop_back();  // "TH:" when attributes follow
        out.insert(t);
    }
    return out;
}

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items()) out += x.code + " " + x.pointer + ": " + x.message + "\n";
    return out;
}

// What the report holds that the PDF must show: numbered section headings, the
// printed figures of every total row, and whether it has charts and lists.
struct Expected {
    std::string title;
    std::vector<std::string> headings;       // "3.1 Title", normalised
    std::vector<std::pair<std::string, std::string>> totals;  // label, printed figure, normalised
    std::vector<std::string> paragraphs;     // rendered, normalised, long enough to wrap
    std::vector<std::string> joined;         // separate lines read as one line
    std::vector<std::string> never_joined;   // ... or two lines run together
    bool has_chart = false, has_list = false;
};

Expected expected_from(const fs::path& example, std::string& error) {
    Expected e;
    auto read = json::read_report(slurp(example));
    if (!read.report) {
        error = messages(read.diagnostics);
        return e;
    }
    const Report& report = *read.report;
    Diagnostics d;
    Resolution res = check_report(report, d);
    e.title = report.meta.title;
    std::map<std::string, std::string> rendered(res.texts.begin(), res.texts.end());
    std::map<std::string, std::string> numbers(res.sections.begin(), res.sections.end());
    for_each_block(report, [&](const Block& block, const std::string& pointer) {
        if (const auto* s = std::get_if<Section>(&block.content)) {
            auto n = numbers.find(pointer);
            if (n == numbers.end()) return;
            auto r = rendered.find(pointer + "/title");
            e.headings.push_back(normalise(n->second + " " + (r != rendered.end() ? r->second : s->title)));
        } else if (const auto* t = std::get_if<Table>(&block.content)) {
            for (const auto& row : t->rows) {
                if (row.kind != RowKind::total) continue;
                for (const auto& col : t->columns) {
                    const ResolvedFigure* f = res.find(t->id + "." + row.id + "." + col.id);
                    if (!f) continue;
                    std::string text = normalise(f->text(NumberStyle::print));
                    if (!text.empty()) e.totals.emplace_back(f->id, text);
                }
            }
        } else if (const auto* p = std::get_if<Paragraph>(&block.content)) {
            auto r = rendered.find(pointer + "/text");
            std::string text = normalise(r != rendered.end() ? r->second : p->text);
            if (text.size() > 120 && !p->todo) e.paragraphs.push_back(text);
        } else if (std::holds_alternative<Chart>(block.content)) {
            e.has_chart = true;
        } else if (const auto* l = std::get_if<List>(&block.content)) {
            if (!l->items.empty()) e.has_list = true;
        }
    });
    if (report.cover_letter && !report.cover_letter->proposals.empty()) e.has_list = true;  // numbered proposals
    if (report.cover_letter) {
        const Meta& m = report.meta;
        // The letterhead's right column is one paragraph of forced lines; its
        // left column and each signature are a paragraph a line.
        e.joined.push_back("Tjänsteskrivelse Datum " + m.date.to_string());
        if (m.administration) e.never_joined.push_back(m.municipality.name + *m.administration);
        for (const auto& id : report.cover_letter->signatures)
            for (const auto& s : m.signatories)
                if (s.id == id) e.never_joined.push_back(s.name + s.title);
    }
    return e;
}

// ---- per example -------------------------------------------------------------------

class PdfExample : public ::testing::TestWithParam<fs::path> {
protected:
    static void SetUpTestSuite() { build_all(); }

    void SetUp() override {
        auto f = built()->failure.find(GetParam());
        ASSERT_TRUE(f == built()->failure.end()) << "tertial build failed: " << f->second;
        pdf_ = built()->pdf.at(GetParam());
    }
    fs::path pdf_;
};

TEST_P(PdfExample, QpdfCheckPasses) {
    auto r = tool("qpdf", {"--check", pdf_.string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_P(PdfExample, EveryFontIsEmbeddedSubsetAndHasUnicode) {
    auto r = tool("pdffonts", {pdf_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ls = lines(r.out);
    ASSERT_GE(ls.size(), 3u) << "no fonts:\n" << r.out;
    const std::string& header = ls[0];
    std::size_t emb = header.find(" emb "), sub = header.find(" sub "), uni = header.find(" uni ");
    ASSERT_TRUE(emb != std::string::npos && sub != std::string::npos && uni != std::string::npos) << header;
    for (std::size_t i = 2; i < ls.size(); ++i) {
        const std::string& row = ls[i];
        if (trim(row).empty()) continue;
        ASSERT_GT(row.size(), uni + 4) << row;
        EXPECT_EQ(row.substr(emb + 1, 3), "yes") << "not embedded: " << row;
        EXPECT_EQ(row.substr(sub + 1, 3), "yes") << "not a subset: " << row;
        EXPECT_EQ(row.substr(uni + 1, 3), "yes") << "no ToUnicode: " << row;
    }
}

TEST_P(PdfExample, InfoSaysTaggedPdf17WithTheReportTitle) {
    std::string error;
    Expected e = expected_from(GetParam(), error);
    ASSERT_TRUE(error.empty()) << error;
    auto r = tool("pdfinfo", {pdf_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(info_field(r.out, "Tagged"), "yes") << r.out;
    EXPECT_EQ(info_field(r.out, "PDF version"), "1.7") << r.out;
    EXPECT_EQ(info_field(r.out, "Title"), e.title) << r.out;
    auto pages = info_field(r.out, "Pages");
    ASSERT_TRUE(pages) << r.out;
    EXPECT_GT(std::stoi(*pages), 1);
}

// The first page number in `s`: "Sida 2(15)" (Östersund's footer) or "2 [31]"
// (Härnösand's header); empty when there is none. (std::regex is too slow here.)
std::string find_page_number(const std::string& s) {
    auto digits = [&](std::size_t at) {
        std::size_t end = at;
        while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
        return end;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 5, "Sida ") == 0) {
            std::size_t a = digits(i + 5);
            if (a > i + 5 && a < s.size() && s[a] == '(') {
                std::size_t b = digits(a + 1);
                if (b > a + 1 && b < s.size() && s[b] == ')') return s.substr(i, b + 1 - i);
            }
        }
        if (std::isdigit(static_cast<unsigned char>(s[i])) && (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1])))) {
            std::size_t a = digits(i);
            if (s.compare(a, 2, " [") == 0) {
                std::size_t b = digits(a + 2);
                if (b > a + 2 && b < s.size() && s[b] == ']') return s.substr(i, b + 1 - i);
            }
        }
    }
    return {};
}

TEST_P(PdfExample, StructureTreeHasTheDocumentsParts) {
    std::string error;
    Expected e = expected_from(GetParam(), error);
    ASSERT_TRUE(error.empty()) << error;
    auto r = tool("pdfinfo", {"-struct-text", pdf_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto types = struct_types(r.out);
    std::vector<std::string> wanted = {"Document", "H1", "Table", "TR", "TH"};
    if (e.has_chart) wanted.push_back("Figure");
    if (e.has_list) wanted.insert(wanted.end(), {"L", "LI"});
    for (const auto& w : wanted) EXPECT_TRUE(types.count(w)) << "no " << w << " element in the structure tree";
    // Paragraphs read as written: words on either side of a line break stay
    // apart ("nämnden, april", never "nämnden,april"), whatever the line is.
    ASSERT_FALSE(e.paragraphs.empty());
    // An element's content on two pages is printed as two quoted strings.
    std::string tagged = normalise(std::regex_replace(r.out, std::regex("\"\n\\s*\""), ""));
    for (const auto& p : e.paragraphs)
        EXPECT_NE(tagged.find(p), std::string::npos) << "paragraph not in the tagged text as written: " << p;
    for (const auto& j : e.joined) EXPECT_NE(tagged.find(normalise(j)), std::string::npos) << "lines not read apart: " << j;
    for (const auto& n : e.never_joined)
        EXPECT_EQ(tagged.find(normalise(n)), std::string::npos) << "two lines run together: " << n;
    // Headers and footers are artifacts: no page number is in the tagged content.
    EXPECT_EQ(r.out.find("Sida "), std::string::npos) << "\"Sida \" is tagged content";
    EXPECT_EQ(find_page_number(r.out), "") << "a page number is tagged content";
}

TEST_P(PdfExample, TextShowsHeadingsContentsAndSwedishTotals) {
    std::string error;
    Expected e = expected_from(GetParam(), error);
    ASSERT_TRUE(error.empty()) << error;
    auto r = tool("pdftotext", {"-layout", pdf_.string(), "-"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("\uFFFD"), std::string::npos) << "U+FFFD in the text: a glyph without Unicode";
    std::string text = normalise(r.out);
    EXPECT_NE(text.find("Innehåll"), std::string::npos) << "no table of contents";
    EXPECT_NE(find_page_number(text), "") << "no page numbers (\"Sida N(M)\" or \"N [M]\")";
    ASSERT_FALSE(e.headings.empty());
    for (const auto& h : e.headings) EXPECT_NE(text.find(h), std::string::npos) << "heading missing: " << h;
    for (const auto& [id, figure] : e.totals)
        EXPECT_NE(text.find(figure), std::string::npos) << "total " << id << " not printed as " << figure;
}

TEST_P(PdfExample, EmbedsTheInputByteForByte) {
    fs::path out = built()->dir / (example_name(GetParam()) + "-detached");
    fs::remove_all(out);
    fs::create_directories(out);
    auto r = tool("pdfdetach", {"-saveall", "-o", out.string(), pdf_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(fs::exists(out / "report.json")) << "no report.json attached";
    EXPECT_TRUE(slurp(out / "report.json") == slurp(GetParam())) << "report.json differs from " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(All, PdfExample, ::testing::ValuesIn(examples()),
                         [](const auto& info) { return example_name(info.param); });

// ---- PDFBox preflight --------------------------------------------------------------

class PdfPreflight : public ::testing::Test {
protected:
    static void SetUpTestSuite() { build_all(); }
};

// Debian's PDFBox 2 only validates PDF/A-1b. These findings are PDF/A-1 rules
// that PDF/A-3 (ISO 19005-3) lifts; any other finding fails the test. Each is
// matched by its code and a part of its message.
const std::vector<std::pair<std::string, std::string>> part1_only = {
    // PDF/A-1 forbids embedded files; PDF/A-3 allows any, so report.json is attached.
    {"1.4.7", "Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary"},
    {"1.2.9", "Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary"},
    // PDF/A-1 is based on PDF 1.4, before cross-reference streams; PDF/A-2/3 allow them.
    {"1.4", "Trailer Syntax error, /XRef cross reference streams are not allowed"},
    // CIDSet is required for a composite subset in PDF/A-1, optional in PDF/A-2/3.
    {"3.1.11", "The CIDSet entry is missing for the Composite Subset"},
    // The XMP says pdfaid:part 3.
    {"7.11.2", "Error on MetaData, part must be 1"},
};

TEST_F(PdfPreflight, OnlyPdfA1FindingsRemain) {
    const std::string jars = "/usr/share/java/";
    if (!fs::exists(jars + "preflight.jar")) GTEST_SKIP() << "PDFBox preflight not installed (" << jars << "preflight.jar)";
    if (run("command -v java").exit_code != 0) GTEST_SKIP() << "no java on PATH";
    std::string cp;
    for (const char* jar : {"preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"}) {
        std::string path = jars + jar + ".jar";
        if (!fs::exists(path)) GTEST_SKIP() << path << " missing";
        cp += (cp.empty() ? "" : ":") + path;
    }
    const std::regex finding(R"(^(\d+(?:\.\d+)*) : (.*)$)");
    ASSERT_FALSE(built()->pdf.empty());
    for (const auto& [example, pdf] : built()->pdf) {
        SCOPED_TRACE(example.string());
        auto r = tool("java", {"-cp", cp, "org.apache.pdfbox.preflight.Validator_A1b", pdf.string()});
        // 0: valid; 255: findings. Anything else (an exception) means it did not validate at all.
        ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 255) << "exit " << r.exit_code << "\n" << r.out << r.err;
        ASSERT_NE(r.out.find("PDF/A-1b file"), std::string::npos) << r.out << r.err;
        int findings = 0;
        for (const auto& line : lines(r.out)) {
            std::smatch m;
            if (!std::regex_match(line, m, finding)) continue;
            ++findings;
            bool allowed = std::any_of(part1_only.begin(), part1_only.end(), [&](const auto& a) {
                return m[1] == a.first && m[2].str().find(a.second) != std::string::npos;
            });
            EXPECT_TRUE(allowed) << pdf.filename().string() << ": " << line;
        }
        if (r.exit_code == 255) {
            EXPECT_GT(findings, 0) << "not valid, but no finding read:\n" << r.out;
        }
    }
}

}  // namespace
}  // namespace tertial
