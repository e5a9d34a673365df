// PDF/UA-1 checks: the rules of veraPDF's PDF/UA-1 validation profile
// (PDF_UA/PDFUA-1.xml in veraPDF-validation-profiles) that apply to what
// Tertial writes, implemented over libqpdf. veraPDF is not packaged for
// Debian; these are our own implementations, each finding named by the
// rule it implements ("7.2-42: ..."). Rules about things Tertial never
// writes (Formula, media clips, XFA, TrapNet, PrinterMark, optional content,
// encryption, Type 1 and simple TrueType fonts, CMaps other than
// Identity-H) are left out; rules about natural language are met by the
// catalog's /Lang, which is checked (7.2-29, 7.2-34).
//
// Beyond veraPDF, the same walk checks what issue 19 asks of the structure:
// table-of-contents entries as TOCI › Reference › Link with a link
// annotation ("toc"), and /PageLabels present on every page ("labels").
#pragma once

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFNumberTreeObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace tertial::test::ua {

struct Element {
    QPDFObjectHandle object;
    std::string role;
    std::optional<std::size_t> parent;
    std::vector<std::size_t> children;
    std::vector<std::pair<int, int>> mcids;  // page index (-1: unknown), MCID
    std::vector<QPDFObjGen> annotations;     // OBJR
    std::size_t col_span = 1;
    std::optional<std::string> scope;
};

class Checker {
public:
    explicit Checker(const std::string& path) {
        pdf_.setSuppressWarnings(true);
        pdf_.processFile(path.c_str());
        for (auto& page : QPDFPageDocumentHelper(pdf_).getAllPages()) pages_.push_back(page.getObjectHandle());
        for (std::size_t i = 0; i < pages_.size(); ++i) page_index_[pages_[i].getObjGen()] = static_cast<int>(i);
    }

    std::vector<std::string> run() {
        document();
        tree();
        content();
        annotations();
        fonts();
        return findings_;
    }

    const std::vector<Element>& elements() const { return elements_; }
    QPDF& pdf() { return pdf_; }
    std::size_t page_count() const { return pages_.size(); }

private:
    void fail(const std::string& rule, const std::string& what) { findings_.push_back(rule + ": " + what); }

    static std::string name(QPDFObjectHandle o) { return o.isName() ? o.getName().substr(1) : std::string(); }

    // ---- the document -------------------------------------------------------------
    void document() {
        QPDFObjectHandle root = pdf_.getRoot();
        QPDFObjectHandle mark = root.getKey("/MarkInfo");
        if (!mark.isDictionary() || !mark.getKey("/Marked").isBool() || !mark.getKey("/Marked").getBoolValue())
            fail("6.2-1", "the catalog has no MarkInfo with Marked true");
        if (mark.isDictionary() && mark.getKey("/Suspects").isBool() && mark.getKey("/Suspects").getBoolValue())
            fail("7.1-4", "Suspects is true");
        QPDFObjectHandle meta = root.getKey("/Metadata");
        std::string xmp;
        if (!meta.isStream()) fail("7.1-8", "the catalog has no Metadata stream");
        else {
            auto data = meta.getStreamData(qpdf_dl_all);
            xmp.assign(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
        }
        if (!std::regex_search(xmp, std::regex("<pdfuaid:part>\\s*1\\s*</pdfuaid:part>|pdfuaid:part=\"1\"")))
            fail("5-1", "no pdfuaid:part 1 in the XMP metadata");
        if (!std::regex_search(xmp, std::regex("<dc:title>[\\s\\S]*?<rdf:li[^>]*>[^<]+</rdf:li>")))
            fail("7.1-9", "no dc:title in the XMP metadata");
        QPDFObjectHandle viewer = root.getKey("/ViewerPreferences");
        if (!viewer.isDictionary() || !viewer.getKey("/DisplayDocTitle").isBool() ||
            !viewer.getKey("/DisplayDocTitle").getBoolValue())
            fail("7.1-10", "ViewerPreferences has no DisplayDocTitle true");
        QPDFObjectHandle lang = root.getKey("/Lang");
        if (!lang.isString()) fail("7.2-34", "the catalog has no /Lang, so the text's language is not determined");
        else if (!std::regex_match(lang.getUTF8Value(), std::regex("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")))
            fail("7.2-29", "/Lang '" + lang.getUTF8Value() + "' is not a language tag");
        if (pdf_.getTrailer().hasKey("/Encrypt")) fail("7.16-1", "the file is encrypted");
        QPDFObjectHandle names = root.getKey("/Names");
        if (names.isDictionary() && names.getKey("/EmbeddedFiles").isDictionary()) {
            QPDFObjectHandle list = names.getKey("/EmbeddedFiles").getKey("/Names");
            for (int i = 1; list.isArray() && i < list.getArrayNItems(); i += 2) {
                QPDFObjectHandle spec = list.getArrayItem(i);
                if (!spec.getKey("/F").isString() || !spec.getKey("/UF").isString() || spec.getKey("/F").getUTF8Value().empty())
                    fail("7.11-1", "an embedded file's specification lacks F or UF");
            }
        }
    }

    // ---- the structure tree ---------------------------------------------------------
    void tree() {
        QPDFObjectHandle root = pdf_.getRoot().getKey("/StructTreeRoot");
        if (!root.isDictionary()) {
            fail("7.1-11", "the catalog has no StructTreeRoot");
            return;
        }
        QPDFObjectHandle role_map = root.getKey("/RoleMap");
        if (role_map.isDictionary())
            for (const auto& key : role_map.getKeys())
                if (standard(key.substr(1))) fail("7.1-7", "the RoleMap remaps the standard type " + key.substr(1));
        kids(root.getKey("/K"), std::nullopt, root);
        for (std::size_t e = 0; e < elements_.size(); ++e) rules(e);
        headings();
        parent_tree(root);
    }

    static bool standard(const std::string& role) {
        static const std::set<std::string> types = {
            "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
            "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
            "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby",
            "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"};
        return types.count(role) > 0;
    }

    void kids(QPDFObjectHandle k, std::optional<std::size_t> parent, QPDFObjectHandle parent_object) {
        if (k.isArray()) {
            for (int i = 0; i < k.getArrayNItems(); ++i) kids(k.getArrayItem(i), parent, parent_object);
            return;
        }
        int page = -1;
        if (parent) {
            QPDFObjectHandle pg = elements_[*parent].object.getKey("/Pg");
            if (pg.isDictionary()) page = page_of(pg);
        }
        if (k.isInteger()) {
            if (parent) elements_[*parent].mcids.emplace_back(page, static_cast<int>(k.getIntValue()));
            return;
        }
        if (!k.isDictionary()) return;
        std::string type = name(k.getKey("/Type"));
        if (type == "MCR") {
            if (parent)
                elements_[*parent].mcids.emplace_back(k.getKey("/Pg").isDictionary() ? page_of(k.getKey("/Pg")) : page,
                                                      static_cast<int>(k.getKey("/MCID").getIntValue()));
            return;
        }
        if (type == "OBJR") {
            if (parent) elements_[*parent].annotations.push_back(k.getKey("/Obj").getObjGen());
            return;
        }
        if (!visited_.insert(k.getObjGen()).second) {
            fail("7.1-11", "a structure element is in the tree twice");
            return;
        }
        Element e;
        e.object = k;
        e.role = name(k.getKey("/S"));
        e.parent = parent;
        QPDFObjectHandle p = k.getKey("/P");
        if (!p.isDictionary() || p.getObjGen() != parent_object.getObjGen())
            fail("7.1-12", e.role + " element's /P is not its parent");
        attributes(k.getKey("/A"), e);
        elements_.push_back(e);
        std::size_t index = elements_.size() - 1;
        if (parent) elements_[*parent].children.push_back(index);
        kids(k.getKey("/K"), index, k);
    }

    static void attributes(QPDFObjectHandle a, Element& e) {
        if (a.isArray()) {
            for (int i = 0; i < a.getArrayNItems(); ++i) attributes(a.getArrayItem(i), e);
            return;
        }
        if (!a.isDictionary() || name(a.getKey("/O")) != "Table") return;
        if (a.getKey("/ColSpan").isInteger()) e.col_span = static_cast<std::size_t>(a.getKey("/ColSpan").getIntValue());
        if (a.getKey("/Scope").isName()) e.scope = name(a.getKey("/Scope"));
    }

    int page_of(QPDFObjectHandle page) const {
        auto it = page_index_.find(page.getObjGen());
        return it == page_index_.end() ? -1 : it->second;
    }

    std::string parent_role(std::size_t e) const { return elements_[e].parent ? elements_[*elements_[e].parent].role : ""; }
    std::vector<std::string> child_roles(std::size_t e) const {
        std::vector<std::string> r;
        for (std::size_t c : elements_[e].children) r.push_back(elements_[c].role);
        return r;
    }

    void rules(std::size_t e) {
        Element& el = elements_[e];
        const std::string& role = el.role;
        const std::string parent = parent_role(e);
        auto kids = child_roles(e);
        auto only = [&](const std::string& rule, std::set<std::string> allowed) {
            for (const auto& k : kids)
                if (!allowed.count(k)) fail(rule, role + " contains " + k);
        };
        auto count = [&](const std::string& r) { return std::count(kids.begin(), kids.end(), r); };
        if (!standard(role)) fail("7.1-5", "non-standard structure type " + role + " (Tertial writes no RoleMap)");
        if (role == "Table") {
            only("7.2-3", {"TR", "THead", "TBody", "TFoot", "Caption"});
            if (count("THead") > 1) fail("7.2-11", "Table with more than one THead");
            if (count("TFoot") > 1) fail("7.2-12", "Table with more than one TFoot");
            if (count("TFoot") && !count("TBody")) fail("7.2-13", "Table with TFoot and no TBody");
            if (count("THead") && !count("TBody")) fail("7.2-14", "Table with THead and no TBody");
            if (count("Caption") > 1) fail("7.2-39", "Table with more than one Caption");
            for (std::size_t i = 0; i < kids.size(); ++i)
                if (kids[i] == "Caption" && i != 0 && i + 1 != kids.size())
                    fail("7.2-16", "Table's Caption is neither its first nor its last kid");
            regular(e);
        }
        if (role == "TR") {
            if (parent != "Table" && parent != "THead" && parent != "TBody" && parent != "TFoot")
                fail("7.2-4", "TR in " + parent);
            only("7.2-10", {"TH", "TD"});
        }
        if (role == "THead") {
            if (parent != "Table") fail("7.2-5", "THead in " + parent);
            only("7.2-36", {"TR"});
        }
        if (role == "TBody") {
            if (parent != "Table") fail("7.2-6", "TBody in " + parent);
            only("7.2-37", {"TR"});
        }
        if (role == "TFoot") {
            if (parent != "Table") fail("7.2-7", "TFoot in " + parent);
            only("7.2-38", {"TR"});
        }
        if (role == "TH" && parent != "TR") fail("7.2-8", "TH in " + parent);
        if (role == "TD" && parent != "TR") fail("7.2-9", "TD in " + parent);
        // Tertial gives no Headers/IDs: every TH needs its Scope.
        if (role == "TH" && !el.scope) fail("7.5-1", "TH without a Scope attribute");
        if (role == "LI" && parent != "L") fail("7.2-17", "LI in " + parent);
        if (role == "LBody" && parent != "LI") fail("7.2-18", "LBody in " + parent);
        if (role == "L") {
            only("7.2-19", {"L", "LI", "Caption"});
            for (std::size_t i = 1; i < kids.size(); ++i)
                if (kids[i] == "Caption") fail("7.2-40", "L's Caption is not its first kid");
        }
        if (role == "LI") only("7.2-20", {"Lbl", "LBody"});
        if (role == "TOCI" && parent != "TOC") fail("7.2-26", "TOCI in " + parent);
        if (role == "TOC") {
            only("7.2-27", {"TOC", "TOCI", "Caption"});
            for (std::size_t i = 1; i < kids.size(); ++i)
                if (kids[i] == "Caption") fail("7.2-28", "TOC's Caption is not its first kid");
        }
        if (role == "Figure" && !el.object.getKey("/Alt").isString() && !el.object.getKey("/ActualText").isString())
            fail("7.3-1", "Figure without Alt or ActualText");
        if (role == "Note") {
            QPDFObjectHandle id = el.object.getKey("/ID");
            if (!id.isString()) fail("7.9-1", "Note without ID");
            else if (!note_ids_.insert(id.getUTF8Value()).second) fail("7.9-2", "two Notes with ID " + id.getUTF8Value());
        }
        if (role == "Form" && !el.object.getKey("/A").isDictionary() && !el.object.getKey("/A").isArray() &&
            (el.annotations.size() != 1 || !el.children.empty() || !el.mcids.empty()))
            fail("7.18.4-2", "Form without a Role attribute has more than its widget");
        if (count("H") > 1) fail("7.4.4-1", role + " has more than one H kid");
        // Beyond veraPDF (issue 19): a TOC entry is TOCI › Reference › Link with its annotation.
        if (role == "TOCI") {
            bool ok = false;
            for (std::size_t r : el.children)
                if (elements_[r].role == "Reference")
                    for (std::size_t l : elements_[r].children)
                        ok |= elements_[l].role == "Link" && !elements_[l].annotations.empty();
            if (!ok) fail("toc", "a TOCI without Reference › Link with a link annotation");
        }
    }

    // 7.2-42 (and 7.2-43, the same words): every row has as many columns,
    // counting ColSpan. Tertial writes no RowSpan, so columns have as many
    // rows alike (7.2-41) and no cells overlap (7.2-15).
    void regular(std::size_t table) {
        std::vector<std::size_t> rows;
        for (std::size_t c : elements_[table].children) {
            if (elements_[c].role == "TR") rows.push_back(c);
            if (elements_[c].role == "THead" || elements_[c].role == "TBody" || elements_[c].role == "TFoot")
                for (std::size_t r : elements_[c].children)
                    if (elements_[r].role == "TR") rows.push_back(r);
        }
        std::optional<std::size_t> columns;
        for (std::size_t r : rows) {
            std::size_t n = 0;
            for (std::size_t cell : elements_[r].children) n += elements_[cell].col_span;
            for (std::size_t cell : elements_[r].children)
                if (elements_[cell].object.getKey("/A").isDictionary() &&
                    elements_[cell].object.getKey("/A").getKey("/RowSpan").isInteger())
                    fail("7.2-41", "a cell has a RowSpan, which this check does not count");
            if (!columns) columns = n;
            else if (*columns != n) {
                fail("7.2-42", "a table's rows have " + std::to_string(*columns) + " and " + std::to_string(n) + " columns");
                return;
            }
        }
    }

    // 7.4.2-1: the first heading is H1, and no level is skipped on the way
    // down; 7.4.4-2/3: not both H and Hn.
    void headings() {
        int previous = 0;
        bool h = false, hn = false;
        for (const auto& e : elements_) {  // elements_ is in document order (depth first)
            if (e.role == "H") h = true;
            if (e.role.size() == 2 && e.role[0] == 'H' && e.role[1] >= '1' && e.role[1] <= '6') {
                hn = true;
                int level = e.role[1] - '0';
                if (previous == 0 && level != 1) fail("7.4.2-1", "the first heading is " + e.role);
                else if (level > previous + 1)
                    fail("7.4.2-1", "H" + std::to_string(previous) + " followed by " + e.role);
                previous = level;
            }
        }
        if (h && hn) fail("7.4.4-2", "both H and Hn headings");
    }

    void parent_tree(QPDFObjectHandle root) {
        QPDFObjectHandle tree = root.getKey("/ParentTree");
        if (!tree.isDictionary()) {
            fail("7.1-11", "StructTreeRoot has no ParentTree");
            return;
        }
        std::map<QPDFObjGen, std::size_t> by_object;
        for (std::size_t e = 0; e < elements_.size(); ++e) by_object[elements_[e].object.getObjGen()] = e;
        QPDFNumberTreeObjectHelper nums(tree, pdf_);
        for (auto [key, value] : nums) {
            if (value.isArray()) {
                std::vector<std::optional<std::size_t>> list;
                for (int i = 0; i < value.getArrayNItems(); ++i) {
                    auto it = by_object.find(value.getArrayItem(i).getObjGen());
                    list.push_back(it == by_object.end() ? std::nullopt : std::optional<std::size_t>(it->second));
                }
                mcid_parents_[key] = list;
            } else {
                auto it = by_object.find(value.getObjGen());
                if (it != by_object.end()) annotation_parents_[key] = it->second;
            }
        }
    }

    // ---- content streams: 7.1-1, 7.1-2, 7.1-3 ----------------------------------------
    class Content : public QPDFObjectHandle::ParserCallbacks {
    public:
        explicit Content(std::function<void(const std::string&, const std::string&)> fail) : fail_(std::move(fail)) {}
        std::set<int> mcids;
        void handleObject(QPDFObjectHandle o) override {
            if (!o.isOperator()) {
                operands_.push_back(o);
                return;
            }
            std::string op = o.getOperatorValue();
            if (op == "BDC" || op == "BMC") {
                Mark m;
                m.artifact = !operands_.empty() && name(operands_[0]) == "Artifact";
                if (op == "BDC" && operands_.size() == 2 && operands_[1].isDictionary() &&
                    operands_[1].getKey("/MCID").isInteger()) {
                    m.mcid = static_cast<int>(operands_[1].getKey("/MCID").getIntValue());
                    mcids.insert(*m.mcid);
                }
                bool in_tagged = std::any_of(stack_.begin(), stack_.end(), [](const Mark& x) { return x.mcid.has_value(); });
                bool in_artifact = std::any_of(stack_.begin(), stack_.end(), [](const Mark& x) { return x.artifact; });
                if (m.artifact && in_tagged) fail_("7.1-1", "an Artifact inside tagged content");
                if (m.mcid && in_artifact) fail_("7.1-2", "tagged content inside an Artifact");
                stack_.push_back(m);
            } else if (op == "EMC") {
                if (!stack_.empty()) stack_.pop_back();
            } else if (painting(op)) {
                bool marked = std::any_of(stack_.begin(), stack_.end(),
                                          [](const Mark& x) { return x.artifact || x.mcid.has_value(); });
                if (!marked && !reported_) {
                    fail_("7.1-3", "content (" + op + ") neither an Artifact nor tagged");
                    reported_ = true;
                }
            }
            operands_.clear();
        }
        void handleEOF() override {}

    private:
        struct Mark {
            bool artifact = false;
            std::optional<int> mcid;
        };
        static bool painting(const std::string& op) {
            static const std::set<std::string> ops = {"Tj", "TJ", "'", "\"", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"};
            return ops.count(op) > 0;
        }
        std::function<void(const std::string&, const std::string&)> fail_;
        std::vector<QPDFObjectHandle> operands_;
        std::vector<Mark> stack_;
        bool reported_ = false;
    };

    void content() {
        std::map<std::pair<int, int>, std::size_t> tagged;  // (page, MCID) -> element whose K has it
        for (std::size_t e = 0; e < elements_.size(); ++e)
            for (auto pm : elements_[e].mcids) tagged[pm] = e;
        for (std::size_t p = 0; p < pages_.size(); ++p) {
            std::string where = "page " + std::to_string(p + 1);
            Content c([&](const std::string& rule, const std::string& what) { fail(rule, where + ": " + what); });
            QPDFPageObjectHelper(pages_[p]).parseContents(&c);
            QPDFObjectHandle sp = pages_[p].getKey("/StructParents");
            for (int mcid : c.mcids) {
                auto in_tree = tagged.find({static_cast<int>(p), mcid});
                if (in_tree == tagged.end()) {
                    fail("7.1-3", where + ": MCID " + std::to_string(mcid) + " is in no structure element");
                    continue;
                }
                auto list = sp.isInteger() ? mcid_parents_.find(sp.getIntValue()) : mcid_parents_.end();
                if (list == mcid_parents_.end() || static_cast<std::size_t>(mcid) >= list->second.size() ||
                    list->second[static_cast<std::size_t>(mcid)] != in_tree->second)
                    fail("7.1-3", where + ": the ParentTree does not name MCID " + std::to_string(mcid) + "'s element");
            }
            QPDFObjectHandle resources = pages_[p].getKey("/Resources");
            if (resources.isDictionary() && resources.getKey("/XObject").isDictionary())
                for (const auto& key : resources.getKey("/XObject").getKeys())
                    if (resources.getKey("/XObject").getKey(key).getDict().hasKey("/Ref"))
                        fail("7.20-1", where + ": a reference XObject");
        }
    }

    // ---- annotations: 7.18.x -------------------------------------------------------------
    void annotations() {
        std::map<QPDFObjGen, std::size_t> objr;  // annotation -> element with its OBJR
        for (std::size_t e = 0; e < elements_.size(); ++e)
            for (const auto& a : elements_[e].annotations) objr[a] = e;
        for (std::size_t p = 0; p < pages_.size(); ++p) {
            QPDFObjectHandle annots = pages_[p].getKey("/Annots");
            if (!annots.isArray() || annots.getArrayNItems() == 0) continue;
            std::string where = "page " + std::to_string(p + 1);
            if (name(pages_[p].getKey("/Tabs")) != "S") fail("7.18.3-1", where + " has annotations and no /Tabs /S");
            for (int i = 0; i < annots.getArrayNItems(); ++i) {
                QPDFObjectHandle a = annots.getArrayItem(i);
                std::string subtype = name(a.getKey("/Subtype"));
                auto tagged = objr.find(a.getObjGen());
                std::optional<std::size_t> element;
                if (tagged != objr.end()) element = tagged->second;
                QPDFObjectHandle sp = a.getKey("/StructParent");
                if (element && (!sp.isInteger() || !annotation_parents_.count(sp.getIntValue()) ||
                                annotation_parents_[sp.getIntValue()] != *element))
                    fail("7.18.1-1", where + ": a " + subtype + " annotation's StructParent does not name its element");
                if (subtype == "Widget") {
                    if (!element || elements_[*element].role != "Form")
                        fail("7.18.4-1", where + ": a Widget annotation not in a Form element");
                    if (!a.getKey("/TU").isString()) fail("7.18.1-3", where + ": a form field without TU");
                    continue;
                }
                if (!a.getKey("/Contents").isString())
                    fail(subtype == "Link" ? "7.18.5-2" : "7.18.1-2", where + ": a " + subtype + " annotation without Contents");
                if (subtype == "Link") {
                    if (!element || elements_[*element].role != "Link")
                        fail("7.18.5-1", where + ": a Link annotation not in a Link element");
                } else if (!element || elements_[*element].role != "Annot") {
                    fail("7.18.1-1", where + ": a " + subtype + " annotation not in an Annot element");
                }
            }
        }
    }

    // ---- fonts: 7.21.x ---------------------------------------------------------------------
    void fonts() {
        std::set<QPDFObjGen> seen;
        for (std::size_t p = 0; p < pages_.size(); ++p) {
            QPDFObjectHandle resources = pages_[p].getKey("/Resources");
            if (!resources.isDictionary() || !resources.getKey("/Font").isDictionary()) continue;
            QPDFObjectHandle fonts = resources.getKey("/Font");
            for (const auto& key : fonts.getKeys()) {
                QPDFObjectHandle f = fonts.getKey(key);
                if (!seen.insert(f.getObjGen()).second) continue;
                std::string base = f.getKey("/BaseFont").isName() ? name(f.getKey("/BaseFont")) : key;
                if (!f.getKey("/ToUnicode").isStream()) fail("7.21.7-1", base + " has no ToUnicode");
                QPDFObjectHandle descendant = f;
                if (name(f.getKey("/Subtype")) == "Type0") {
                    descendant = f.getKey("/DescendantFonts").getArrayItem(0);
                    if (name(descendant.getKey("/Subtype")) == "CIDFontType2" && !descendant.hasKey("/CIDToGIDMap"))
                        fail("7.21.3.2-1", base + " has no CIDToGIDMap");
                    std::string encoding = name(f.getKey("/Encoding"));
                    if (encoding != "Identity-H" && encoding != "Identity-V")
                        fail("7.21.3.3-1", base + " uses a CMap Tertial does not check");
                }
                QPDFObjectHandle d = descendant.getKey("/FontDescriptor");
                if (!d.isDictionary() || !(d.getKey("/FontFile").isStream() || d.getKey("/FontFile2").isStream() ||
                                           d.getKey("/FontFile3").isStream()))
                    fail("7.21.4.1-1", base + " is not embedded");
                if (d.isDictionary() && d.getKey("/CIDSet").isStream())
                    fail("7.21.4.2-2", base + " has a CIDSet, which this check cannot verify");
            }
        }
    }

    QPDF pdf_;
    std::vector<QPDFObjectHandle> pages_;
    std::map<QPDFObjGen, int> page_index_;
    std::vector<Element> elements_;
    std::set<QPDFObjGen> visited_;
    std::set<std::string> note_ids_;
    std::map<long long, std::vector<std::optional<std::size_t>>> mcid_parents_;
    std::map<long long, std::size_t> annotation_parents_;
    std::vector<std::string> findings_;
};

}  // namespace tertial::test::ua
