// word/document.xml with its styles and numbering, through pugixml: paragraphs, runs, headings, lists, tables.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "package.hpp"

namespace tertial::docx {
namespace {

std::string_view local_name(const char* name) {
    std::string_view n = name;
    auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
    for (auto c : node.children())
        if (local_name(c.name()) == name) return c;
    return {};
}

// w:val, whatever the prefix.
std::string val(pugi::xml_node node) {
    for (auto a : node.attributes())
        if (local_name(a.name()) == "val") return a.value();
    return {};
}

// <w:b/>, <w:b w:val="1"/> are on; <w:b w:val="0"/> is off.
bool toggle(pugi::xml_node props, std::string_view name) {
    auto n = child(props, name);
    if (!n) return false;
    std::string v = val(n);
    return v.empty() || (v != "0" && v != "false" && v != "off");
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

pugi::xml_document parse(const std::string& text, const std::string& file, const std::string& part) {
    pugi::xml_document doc;
    auto ok = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!ok)
        throw DocxError(fmt::format("{}: error: the document's part {} is not well-formed XML at byte {}: {}", file, part,
                                    ok.offset, ok.description()));
    return doc;
}

struct Style {
    std::string name;  // lower case
    std::string based_on;
    int outline = -1;
    bool bold = false;
};

struct Numbering {
    std::map<std::string, std::string> num_to_abstract;
    std::map<std::pair<std::string, int>, std::string> format;  // (abstract id, level) -> numFmt
    bool ordered(const std::string& num, int level) const {
        auto a = num_to_abstract.find(num);
        if (a == num_to_abstract.end()) return false;
        auto f = format.find({a->second, level});
        return f != format.end() && f->second != "bullet" && f->second != "none";
    }
};

class Reader {
public:
    Reader(Package& pkg, const std::string& file) : pkg_(pkg), file_(file) {
        if (auto s = pkg.part("word/styles.xml")) read_styles(*s);
        if (auto n = pkg.part("word/numbering.xml")) read_numbering(*n);
    }

    Document read() {
        auto text = pkg_.part("word/document.xml");
        if (!text)
            throw DocxError(fmt::format("{}: error: not a Word document: the ZIP archive has no word/document.xml{}", file_,
                                        describe_package()));
        Document doc;
        {
            auto xml = parse(*text, file_, "word/document.xml");
            text.reset();
            auto body = child(child(xml, "document"), "body");
            if (!body) throw DocxError(fmt::format("{}: error: word/document.xml has no w:document/w:body", file_));
            blocks(body, doc);
        }
        for (const auto& name : pkg_.names()) {
            if (!name.starts_with("word/header") || !name.ends_with(".xml")) continue;
            if (auto h = pkg_.part(name)) {
                auto xml = parse(*h, file_, name);
                for (auto p : xml.select_nodes("//*[local-name()='p']")) {
                    std::string line = paragraph(p.node()).text();
                    if (!line.empty()) doc.header_lines.push_back(line);
                }
            }
        }
        return doc;
    }

private:
    std::string describe_package() {
        auto names = pkg_.names();
        if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("xl/"); }))
            return " (it is an Excel workbook)";
        if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("ppt/"); }))
            return " (it is a PowerPoint presentation)";
        if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return n == "content.xml"; }))
            return " (it is an OpenDocument file: save it as .docx)";
        return "";
    }

    void read_styles(const std::string& text) {
        auto xml = parse(text, file_, "word/styles.xml");
        for (auto s : child(xml, "styles").children()) {
            if (local_name(s.name()) != "style") continue;
            std::string id;
            for (auto a : s.attributes())
                if (local_name(a.name()) == "styleId") id = a.value();
            Style st;
            st.name = lower(val(child(s, "name")));
            st.based_on = val(child(s, "basedOn"));
            if (auto o = child(child(s, "pPr"), "outlineLvl")) st.outline = std::atoi(val(o).c_str());
            st.bold = toggle(child(s, "rPr"), "b");
            styles_[id] = st;
        }
    }

    void read_numbering(const std::string& text) {
        auto xml = parse(text, file_, "word/numbering.xml");
        for (auto n : child(xml, "numbering").children()) {
            auto name = local_name(n.name());
            std::string id;
            for (auto a : n.attributes())
                if (local_name(a.name()) == "abstractNumId" || local_name(a.name()) == "numId") id = a.value();
            if (name == "abstractNum") {
                for (auto l : n.children()) {
                    if (local_name(l.name()) != "lvl") continue;
                    int level = 0;
                    for (auto a : l.attributes())
                        if (local_name(a.name()) == "ilvl") level = std::atoi(a.value());
                    numbering_.format[{id, level}] = val(child(l, "numFmt"));
                }
            } else if (name == "num") {
                numbering_.num_to_abstract[id] = val(child(n, "abstractNumId"));
            }
        }
    }

    // The heading level a style gives: by its name ("heading 2", "rubrik 2",
    // "title" is not one), its outline level, or the style it is based on.
    int heading_level(const std::string& id, int depth = 0) const {
        auto it = styles_.find(id);
        std::string name = it != styles_.end() ? it->second.name : lower(id);
        for (std::string_view prefix : {"heading ", "rubrik ", "heading", "rubrik"})
            if (name.starts_with(prefix) && name.size() == prefix.size() + 1 && std::isdigit(static_cast<unsigned char>(name.back())))
                return name.back() - '0';
        if (it == styles_.end()) return 0;
        if (it->second.outline >= 0 && it->second.outline < 9) return it->second.outline + 1;
        if (!it->second.based_on.empty() && depth < 8) return heading_level(it->second.based_on, depth + 1);
        return 0;
    }

    void runs(pugi::xml_node node, bool style_bold, DocParagraph& out) {
        for (auto c : node.children()) {
            auto name = local_name(c.name());
            if (name == "pPr" || name == "del" || name == "rPr" || name == "moveFrom") continue;
            if (name != "r") {
                runs(c, style_bold, out);  // hyperlinks, insertions, fields, smart tags hold runs
                continue;
            }
            auto props = child(c, "rPr");
            Run r;
            r.bold = child(props, "b") ? toggle(props, "b") : style_bold;
            r.italic = toggle(props, "i");
            for (auto t : c.children()) {
                auto tn = local_name(t.name());
                if (tn == "t") r.text += t.text().get();
                else if (tn == "tab") r.text += ' ';
                else if (tn == "br" || tn == "cr") r.text += ' ';
                else if (tn == "noBreakHyphen") r.text += '-';
                else if (tn == "drawing" || tn == "pict" || tn == "object") ++pictures_;
            }
            if (!r.text.empty()) out.runs.push_back(std::move(r));
        }
    }

    DocParagraph paragraph(pugi::xml_node p) {
        DocParagraph out;
        auto props = child(p, "pPr");
        std::string style_id = val(child(props, "pStyle"));
        auto st = styles_.find(style_id);
        out.style = st != styles_.end() ? st->second.name : lower(style_id);
        out.heading = style_id.empty() ? 0 : heading_level(style_id);
        if (auto o = child(props, "outlineLvl"); o && !out.heading) {
            int level = std::atoi(val(o).c_str());
            if (level >= 0 && level < 9) out.heading = level + 1;
        }
        if (auto num = child(props, "numPr")) {
            std::string id = val(child(num, "numId"));
            out.level = std::atoi(val(child(num, "ilvl")).c_str());
            if (!id.empty() && id != "0" && !out.heading) {
                out.list = true;
                out.ordered = numbering_.ordered(id, out.level);
            }
        }
        runs(p, st != styles_.end() && st->second.bold, out);
        return out;
    }

    DocTable table(pugi::xml_node tbl) {
        DocTable t;
        t.index = ++tables_;
        for (auto tr : tbl.children()) {
            if (local_name(tr.name()) != "tr") continue;
            std::vector<DocCell> row;
            for (auto tc : tr.children()) {
                if (local_name(tc.name()) != "tc") continue;
                DocCell cell;
                auto props = child(tc, "tcPr");
                int span = std::max(1, std::atoi(val(child(props, "gridSpan")).c_str()));
                if (auto vm = child(props, "vMerge"); vm && val(vm) != "restart") cell.merged = DocCell::Merge::vertical;
                for (auto p : tc.children()) {
                    if (local_name(p.name()) == "p") cell.paragraphs.push_back(paragraph(p));
                    else if (local_name(p.name()) == "tbl")  // a table in a cell: its text, row by row
                        for (auto q : p.select_nodes(".//*[local-name()='p']")) cell.paragraphs.push_back(paragraph(q.node()));
                }
                row.push_back(cell);
                for (int k = 1; k < span && k < 64; ++k) {
                    DocCell copy = cell;
                    copy.merged = DocCell::Merge::horizontal;
                    row.push_back(std::move(copy));
                }
            }
            t.rows.push_back(std::move(row));
        }
        return t;
    }

    void blocks(pugi::xml_node body, Document& doc) {
        for (auto n : body.children()) {
            auto name = local_name(n.name());
            if (name == "p") doc.blocks.push_back({paragraph(n)});
            else if (name == "tbl") doc.blocks.push_back({table(n)});
            else if (name == "sdt") blocks(child(n, "sdtContent"), doc);  // content controls (a table of contents, a cover page)
        }
        doc.pictures = pictures_;
    }

    Package& pkg_;
    std::string file_;
    std::map<std::string, Style> styles_;
    Numbering numbering_;
    std::size_t tables_ = 0;
    std::size_t pictures_ = 0;
};

}  // namespace

std::string DocParagraph::text() const {
    std::string out;
    for (const auto& r : runs) out += r.text;
    return out;
}

bool DocParagraph::all_bold() const {
    bool any = false;
    for (const auto& r : runs) {
        if (r.text.find_first_not_of(" \t") == std::string::npos) continue;
        if (!r.bold) return false;
        any = true;
    }
    return any;
}

std::string DocCell::text() const {
    std::string out;
    for (const auto& p : paragraphs) {
        std::string t = p.text();
        if (t.empty()) continue;
        if (!out.empty()) out += '\n';
        out += t;
    }
    return out;
}

bool DocCell::bold() const {
    bool any = false;
    for (const auto& p : paragraphs) {
        if (p.text().find_first_not_of(" \t") == std::string::npos) continue;
        if (!p.all_bold()) return false;
        any = true;
    }
    return any;
}

Document read_document(std::string_view bytes, const std::string& file, const Limits& limits) {
    Package pkg(bytes, file, limits);
    Reader reader(pkg, file);
    return reader.read();
}

}  // namespace tertial::docx
