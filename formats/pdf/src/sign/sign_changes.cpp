// other_changes(): what changed from one revision of a signed PDF to the
// next, object by object, that is not a signature being filled in;
// shadow attacks (a reference the signed revision already had, filled
// later; streams typed /ObjStm or /XRef that are not what they say) are
// changes too.
#include <qpdf/BufferInputSource.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "sign_qpdf.hpp"

namespace tertial::pdf {
namespace {

using namespace sign_detail;

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

std::string text(QPDFObjectHandle o) {
    return o.isString() ? o.getUTF8Value() : std::string();
}

// ---- comparing revisions ---------------------------------------------------------------

// An object's content, with references to other objects left as references.
std::string fingerprint(QPDFObjectHandle o) {
    try {
        if (!o.isStream()) return o.unparseResolved();
        auto raw = o.getRawStreamData();
        return o.getDict().unparse() + "\nstream\n" +
               std::string(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
    } catch (const std::exception& e) {
        return "unreadable: " + qpdf_message(e);
    }
}

bool container(QPDFObjectHandle o) {
    if (!o.isStream()) return false;
    QPDFObjectHandle type = o.getDict().getKey("/Type");
    return type.isNameAndEquals("/XRef") || type.isNameAndEquals("/ObjStm");
}

// Calls `f` with every object `o` refers to directly (not through the
// objects it refers to), dangling references included: qpdf leaves a key
// whose reference points nowhere out of getKeys() and unparse(), so the
// dictionary's own map is read.
void direct_references(QPDFObjectHandle o, const std::function<void(QPDFObjGen)>& f, int depth = 0) {
    if (depth > 64) return;
    auto item = [&](QPDFObjectHandle x) {
        if (x.isIndirect())
            f(x.getObjGen());
        else
            direct_references(x, f, depth + 1);
    };
    if (o.isStream()) {
        direct_references(o.getDict(), f, depth + 1);
    } else if (o.isArray()) {
        for (int i = 0; i < o.getArrayNItems(); ++i) item(o.getArrayItem(i));
    } else if (o.isDictionary()) {
        for (const auto& [key, value] : o.getDictAsMap()) item(value);
    }
}

// Every object number a revision refers to, from any object it defines or
// its trailer, and the first object that does (0: the trailer).
std::map<int, QPDFObjGen> referred_numbers(QPDF& pdf, const std::map<QPDFObjGen, QPDFXRefEntry>& table) {
    std::map<int, QPDFObjGen> out;
    for (const auto& [og, entry] : table) {
        if (entry.getType() == 0) continue;
        QPDFObjGen from = og;  // clang 14 (the fuzz build) captures no structured binding
        direct_references(pdf.getObjectByObjGen(og), [&](QPDFObjGen to) { out.emplace(to.getObj(), from); });
    }
    direct_references(pdf.getTrailer(), [&](QPDFObjGen to) { out.emplace(to.getObj(), QPDFObjGen()); });
    return out;
}

// The offset `startxref` gives in `bytes` (-1 when there is none).
std::int64_t startxref(const std::string& bytes) {
    std::size_t at = bytes.rfind("startxref");
    if (at == std::string::npos) return -1;
    std::size_t i = at + 9;
    while (i < bytes.size() && is_space(bytes[i])) ++i;
    std::int64_t v = 0;
    std::size_t digits = 0;
    for (; i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9' && digits < 15; ++i, ++digits) v = v * 10 + (bytes[i] - '0');
    return digits ? v : -1;
}

// The trailer dictionary of the cross-reference section at `at`: after
// "trailer" for a table, the stream's dictionary for a stream; null when
// neither reads.
QPDFObjectHandle section_trailer(QPDF& pdf, const std::string& bytes, std::size_t at) {
    std::size_t start = bytes.compare(at, 4, "xref") == 0 ? bytes.find("trailer", at) : at;
    if (start == std::string::npos) return QPDFObjectHandle::newNull();
    start = bytes.find("<<", start);
    if (start == std::string::npos || (start - at > 64 && bytes.compare(at, 4, "xref") != 0))
        return QPDFObjectHandle::newNull();
    try {
        auto input = std::make_shared<BufferInputSource>("trailer", bytes.substr(start, 65536));
        QPDFTokenizer tokenizer;
        bool empty = false;
        QPDFObjectHandle d = QPDFObjectHandle::parse(input, "trailer", tokenizer, empty, nullptr, &pdf);
        return d.isDictionary() ? d : QPDFObjectHandle::newNull();
    } catch (const std::exception&) {
        return QPDFObjectHandle::newNull();
    }
}

// Where the cross-reference sections of `bytes` at or after `from` begin,
// following startxref, /Prev and /XRefStm as a reader does.
std::set<std::int64_t> xref_sections(QPDF& pdf, const std::string& bytes, std::size_t from) {
    std::set<std::int64_t> out;
    std::vector<std::int64_t> todo = {startxref(bytes)};
    while (!todo.empty() && out.size() < 1000) {
        std::int64_t at = todo.back();
        todo.pop_back();
        if (at < static_cast<std::int64_t>(from) || at >= static_cast<std::int64_t>(bytes.size())) continue;
        if (!out.insert(at).second) continue;
        QPDFObjectHandle t = section_trailer(pdf, bytes, static_cast<std::size_t>(at));
        if (!t.isDictionary()) continue;
        for (const char* key : {"/Prev", "/XRefStm"})
            if (t.getKey(key).isInteger()) todo.push_back(t.getKey(key).getIntValue());
    }
    return out;
}

// Why a stream typed /ObjStm or /XRef is not what its type says ("" when
// it is): an object stream must parse as one, and every object it holds
// must be one the cross-reference table places there; a cross-reference
// stream must be one of the revision's cross-reference sections.
std::string container_problem(QPDFObjectHandle o, const std::map<QPDFObjGen, QPDFXRefEntry>& table,
                              const std::set<std::int64_t>& sections) {
    QPDFObjectHandle d = o.getDict();
    if (d.getKey("/Type").isNameAndEquals("/XRef")) {
        auto it = table.find(o.getObjGen());
        if (it == table.end() || it->second.getType() != 1 || !sections.count(it->second.getOffset()))
            return "it is typed /XRef but is not a cross-reference section of the file";
        return "";
    }
    QPDFObjectHandle n = d.getKey("/N"), first = d.getKey("/First");
    if (!n.isInteger() || !first.isInteger() || n.getIntValue() < 0 || n.getIntValue() > 100000 ||
        first.getIntValue() < 0)
        return "it is typed /ObjStm but has no valid /N and /First";
    std::string data;
    try {
        auto buffer = o.getStreamData(qpdf_dl_generalized);
        data.assign(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    } catch (const std::exception&) {
        return "it is typed /ObjStm but its data cannot be decoded";
    }
    auto limit = static_cast<std::size_t>(first.getIntValue());
    if (limit > data.size()) return "it is typed /ObjStm but its /First lies beyond its data";
    std::size_t i = 0;
    auto number = [&]() -> std::int64_t {
        while (i < limit && is_space(data[i])) ++i;
        std::int64_t v = 0;
        std::size_t digits = 0;
        for (; i < limit && data[i] >= '0' && data[i] <= '9' && digits < 12; ++i, ++digits) v = v * 10 + (data[i] - '0');
        return digits ? v : -1;
    };
    std::int64_t last_offset = -1;
    for (std::int64_t k = 0; k < n.getIntValue(); ++k) {
        std::int64_t id = number(), offset = number();
        if (id <= 0 || offset < 0 || offset <= last_offset || limit + static_cast<std::size_t>(offset) >= data.size())
            return "it is typed /ObjStm but does not parse as an object stream (its header, object " +
                   std::to_string(k + 1) + " of " + std::to_string(n.getIntValue()) + ")";
        last_offset = offset;
        auto it = table.find(QPDFObjGen(static_cast<int>(id), 0));
        if (it == table.end() || it->second.getType() != 2 || it->second.getObjStreamNumber() != o.getObjectID() ||
            it->second.getObjStreamIndex() != k)
            return "it is an object stream holding object " + std::to_string(id) +
                   ", which the cross-reference table does not place there (a hidden object)";
    }
    return "";
}

// The keys whose values differ between two dictionaries.
std::set<std::string> changed_keys(QPDFObjectHandle a, QPDFObjectHandle b) {
    std::set<std::string> out;
    if (!a.isDictionary() || !b.isDictionary()) return {"(not a dictionary)"};
    std::set<std::string> keys = a.getKeys();
    for (const auto& k : b.getKeys()) keys.insert(k);
    for (const auto& k : keys)
        if (a.getKey(k).unparse() != b.getKey(k).unparse()) out.insert(k);
    return out;
}

bool only(const std::set<std::string>& keys, std::initializer_list<const char*> allowed) {
    return std::all_of(keys.begin(), keys.end(), [&](const std::string& k) {
        return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; });
    });
}

// Every indirect object reachable from `o`.
void reachable(QPDFObjectHandle o, std::set<QPDFObjGen>& out, int depth = 0) {
    if (depth > 64 || out.size() > 100000) return;
    if (o.isIndirect()) {
        if (!out.insert(o.getObjGen()).second) return;
    }
    if (o.isArray()) {
        for (int i = 0; i < o.getArrayNItems(); ++i) reachable(o.getArrayItem(i), out, depth + 1);
    } else if (o.isDictionary() || o.isStream()) {
        QPDFObjectHandle d = o.isStream() ? o.getDict() : o;
        for (const auto& k : d.getKeys()) reachable(d.getKey(k), out, depth + 1);
    }
}

// Names objects for messages: "page 3", "the content of page 3", ...
class Describer {
public:
    explicit Describer(QPDF& pdf) {
        // The most specific name first: a field is also a page's annotation.
        for (auto f : signature_fields(pdf)) {
            add(f.field, "signature field " + f.name);
            if (f.widget.isIndirect() && f.widget.getObjGen() != f.field.getObjGen())
                add(f.widget, "the widget of signature field " + f.name);
        }
        add(pdf.getRoot(), "the document catalog");
        add(pdf.getTrailer().getKey("/Info"), "the document information (Info)");
        add(pdf.getRoot().getKey("/AcroForm"), "the form (AcroForm)");
        add(pdf.getRoot().getKey("/Metadata"), "the XMP metadata");
        add(pdf.getRoot().getKey("/StructTreeRoot"), "the structure tree");
        std::vector<QPDFObjectHandle> pages;
        try {
            pages = pdf.getAllPages();
        } catch (const std::exception&) {
        }
        for (std::size_t i = 0; i < pages.size(); ++i) {
            std::string n = std::to_string(i + 1);
            add(pages[i], "page " + n);
            QPDFObjectHandle c = pages[i].getKey("/Contents");
            add(c, "the content of page " + n);
            if (c.isArray())
                for (int k = 0; k < c.getArrayNItems(); ++k) add(c.getArrayItem(k), "the content of page " + n);
            add(pages[i].getKey("/Resources"), "the resources of page " + n);
            QPDFObjectHandle annots = pages[i].getKey("/Annots");
            if (annots.isArray())
                for (int k = 0; k < annots.getArrayNItems(); ++k)
                    add(annots.getArrayItem(k), "an annotation on page " + n);
        }
    }

    std::string operator()(QPDFObjectHandle o) const {
        std::string id = "object " + std::to_string(o.getObjectID());
        if (auto it = names_.find(o.getObjGen()); it != names_.end()) return it->second + " (" + id + ")";
        QPDFObjectHandle d = o.isStream() ? o.getDict() : o;
        if (d.isDictionary()) {
            QPDFObjectHandle type = d.getKey("/Type");
            if (type.isNameAndEquals("/EmbeddedFile")) return "an embedded file (" + id + ")";
            if (type.isNameAndEquals("/Filespec"))
                return "the file specification of " + text(d.getKey("/UF")) + " (" + id + ")";
            if (type.isNameAndEquals("/StructElem")) return "a structure element (" + id + ")";
            if (type.isName()) return id + " (" + type.getName() + ")";
        }
        return id + (o.isStream() ? " (a stream)" : "");
    }

private:
    void add(QPDFObjectHandle o, const std::string& name) {
        if (o.isIndirect()) names_.emplace(o.getObjGen(), name);
    }
    std::map<QPDFObjGen, std::string> names_;
};

bool in_use(const std::map<QPDFObjGen, QPDFXRefEntry>& table, const QPDFObjGen& og) {
    auto it = table.find(og);
    return it != table.end() && it->second.getType() != 0;
}

}  // namespace

// What changed from `before` to `after` that is not one of `signatures`
// being filled in; descriptions of each such change. `after_bytes` is the
// later file, whose part from `before_end` on is what was added.
//
// An object number the earlier revision referred to (even where nothing
// answered) that the later one defines is a change whatever it is and
// whoever else refers to it: filled in later, such a reference would show
// new content through a page the signature covered. A stream typed
// /ObjStm or /XRef counts as no change only when it is exactly that and
// nothing refers to it as an object.
std::vector<std::string> sign_detail::other_changes(QPDF& before, QPDF& after, const std::string& after_bytes, std::size_t before_end,
                                       const std::vector<NewSignature>& signatures) {
    std::vector<std::string> out;
    auto old_table = before.getXRefTable();
    auto new_table = after.getXRefTable();
    Describer name(after), old_name(before);
    auto referred = referred_numbers(before, old_table);
    auto referred_from = [&](int number) -> std::string {
        auto it = referred.find(number);
        if (it == referred.end()) return "";
        std::string from = it->second.getObj() == 0 ? std::string("the file trailer")
                                                    : old_name(before.getObjectByObjGen(it->second));
        return "the signed revision already referred to object " + std::to_string(number) + " (from " + from + ")";
    };
    std::optional<std::set<std::int64_t>> sections;  // read when a stream typed /XRef needs them

    std::set<QPDFObjGen> signature_objects;  // new objects a new signature brings: its value and appearance
    std::map<QPDFObjGen, const NewSignature*> fields, widgets;
    for (const auto& s : signatures) {
        fields[s.field] = &s;
        widgets[s.widget] = &s;
        signature_objects.insert(s.value);
        QPDFObjectHandle w = after.getObjectByObjGen(s.widget);
        reachable(w.getKey("/AP"), signature_objects);
    }
    QPDFObjectHandle form = after.getRoot().getKey("/AcroForm");
    QPDFObjGen form_og = form.isIndirect() ? form.getObjGen() : QPDFObjGen();
    // Validation data (a DSS) may be added after signing (PAdES B-LT).
    std::set<QPDFObjGen> dss_objects = validation_data_objects(before, after, out);
    QPDFObjGen root_og = after.getRoot().getObjGen();

    std::map<QPDFObjGen, QPDFObjGen> new_references;  // from objects added or changed: target -> referrer
    for (const auto& [og, entry] : new_table) {
        if (entry.getType() == 0) continue;
        QPDFObjectHandle now = after.getObjectByObjGen(og);
        bool existed = in_use(old_table, og);
        QPDFObjectHandle then = existed ? before.getObjectByObjGen(og) : QPDFObjectHandle::newNull();
        if (existed && fingerprint(then) == fingerprint(now)) continue;
        std::string what = name(now) + (existed ? " was changed" : " was added");
        std::string earlier = referred_from(og.getObj());
        if (container(now)) {
            if (now.getDict().getKey("/Type").isNameAndEquals("/XRef") && !sections)
                sections = xref_sections(after, after_bytes, before_end);
            std::string problem = container_problem(now, new_table, sections ? *sections : std::set<std::int64_t>{});
            if (!earlier.empty()) problem = "a stream typed " + now.getDict().getKey("/Type").getName() + ", though " + earlier;
            if (!problem.empty()) out.push_back(what + ": " + problem);
            continue;
        }
        QPDFObjGen from = og;
        direct_references(now, [&](QPDFObjGen to) { new_references.emplace(to, from); });
        if (!existed) {
            if (!earlier.empty())
                out.push_back(what + ", though " + earlier);
            else if (!signature_objects.count(og) && !dss_objects.count(og))
                out.push_back(what);
            continue;
        }
        auto keys = changed_keys(then, now);
        if (fields.count(og) && !then.getKey("/V").isDictionary() && only(keys, {"/V", "/AP", "/Lock"})) continue;
        if (widgets.count(og) && only(keys, {"/AP"})) continue;
        if (og == form_og && !signatures.empty() && only(keys, {"/SigFlags"})) continue;
        if (og == root_og && !dss_objects.empty() && only(keys, {"/DSS"})) continue;
        out.push_back(what);
    }
    // Object and cross-reference streams are containers, never content.
    for (const auto& [to, from] : new_references) {
        if (!in_use(new_table, to)) continue;
        QPDFObjectHandle target = after.getObjectByObjGen(to);
        if (container(target))
            out.push_back(name(after.getObjectByObjGen(from)) + " refers to object " + std::to_string(to.getObj()) +
                          ", a stream typed " + target.getDict().getKey("/Type").getName() +
                          ", as if it were content");
    }
    for (const auto& [og, entry] : old_table)
        if (entry.getType() != 0 && !in_use(new_table, og))
            out.push_back(old_name(before.getObjectByObjGen(og)) + " was removed");

    QPDFObjectHandle t0 = before.getTrailer(), t1 = after.getTrailer();
    for (const char* key : {"/Root", "/Info", "/Encrypt"})
        if (t0.getKey(key).unparse() != t1.getKey(key).unparse())
            out.push_back(std::string("the file trailer's ") + key + " was changed");
    return out;
}

}  // namespace tertial::pdf
