// parse_signed_pdf(): the signatures of a PDF and what changed after each,
// read with libqpdf from untrusted bytes into plain data. Each signature's
// revision (the file up to the end of its byte range) is read on its own
// and compared object by object with the next one, so a change is found
// whatever form the update has.
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFExc.hh>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "sign_impl.hpp"
#include "tertial/pdf/embedded.hpp"
#include "sign_qpdf.hpp"

namespace tertial::pdf {
namespace sign_detail {

std::vector<SignatureFieldRef> signature_fields(QPDF& pdf) {
    std::vector<SignatureFieldRef> out;
    QPDFObjectHandle form = pdf.getRoot().getKey("/AcroForm");
    if (!form.isDictionary()) return out;
    QPDFObjectHandle fields = form.getKey("/Fields");
    if (!fields.isArray()) return out;
    std::set<QPDFObjGen> seen;
    std::function<void(QPDFObjectHandle, const std::string&, const std::string&, int)> walk =
        [&](QPDFObjectHandle f, const std::string& parent_name, const std::string& inherited_type, int depth) {
            if (!f.isDictionary() || depth > 32) return;
            if (f.isIndirect() && !seen.insert(f.getObjGen()).second) return;
            std::string name = parent_name;
            if (f.getKey("/T").isString()) {
                std::string t = f.getKey("/T").getUTF8Value();
                name = parent_name.empty() ? t : parent_name + "." + t;
            }
            std::string type = f.getKey("/FT").isName() ? f.getKey("/FT").getName() : inherited_type;
            QPDFObjectHandle kids = f.getKey("/Kids");
            std::vector<QPDFObjectHandle> child_fields, child_widgets;
            if (kids.isArray())
                for (int i = 0; i < kids.getArrayNItems(); ++i) {
                    QPDFObjectHandle k = kids.getArrayItem(i);
                    if (!k.isDictionary()) continue;
                    (k.getKey("/T").isString() ? child_fields : child_widgets).push_back(k);
                }
            if (!child_fields.empty()) {
                for (auto& c : child_fields) walk(c, name, type, depth + 1);
                return;
            }
            if (type != "/Sig") return;
            QPDFObjectHandle widget = f;
            if (!f.getKey("/Subtype").isNameAndEquals("/Widget") && !child_widgets.empty())
                widget = child_widgets.front();
            out.push_back({name, f, widget});
        };
    for (int i = 0; i < fields.getArrayNItems(); ++i) walk(fields.getArrayItem(i), "", "", 0);
    return out;
}

std::optional<std::string> embedded_file(QPDF& pdf, const std::string& name) {
    QPDFEmbeddedFileDocumentHelper files(pdf);
    auto spec = files.getEmbeddedFile(name);
    if (!spec) return std::nullopt;
    QPDFObjectHandle stream = spec->getEmbeddedFileStream();
    if (!stream.isStream()) return std::nullopt;
    auto data = stream.getStreamData(qpdf_dl_generalized);
    return std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
}

std::string qpdf_message(const std::exception& e) {
    if (const auto* q = dynamic_cast<const QPDFExc*>(&e)) {
        std::string out = q->getMessageDetail();
        if (!q->getObject().empty()) out += " (" + q->getObject() + ")";
        if (q->getFilePosition() > 0) out += " (at byte " + std::to_string(q->getFilePosition()) + ")";
        return out;
    }
    std::string what = e.what();
    std::string name = qpdf_buffer_name;
    if (what.compare(0, name.size(), name) == 0) {
        what.erase(0, name.size());
        std::size_t rest = what.find_first_not_of(":, ");
        what.erase(0, rest == std::string::npos ? what.size() : rest);
    }
    return what;
}

}  // namespace sign_detail

namespace {

using namespace sign_detail;

// One revision of the file: the bytes up to its end, read on their own.
struct Revision {
    std::string bytes;  // QPDF reads from these; they must outlive it
    std::unique_ptr<QPDF> pdf;
    std::string error;
};

std::unique_ptr<Revision> read_revision(const std::string& bytes, std::vector<std::string>* warnings) {
    auto r = std::make_unique<Revision>();
    r->bytes = bytes;
    try {
        r->pdf = std::make_unique<QPDF>();
        r->pdf->setSuppressWarnings(true);
        r->pdf->processMemoryFile(qpdf_buffer_name, r->bytes.data(), r->bytes.size());
        if (r->pdf->isEncrypted()) {
            r->error = "the PDF is encrypted";
            r->pdf.reset();
        } else if (warnings) {
            for (const auto& w : r->pdf->getWarnings()) warnings->push_back(w.getMessageDetail());
        }
    } catch (const QPDFExc& e) {
        // Said without qpdf's name for the buffer: the caller names the file.
        r->error = e.getErrorCode() == qpdf_e_password ? std::string("the PDF is encrypted")
                                                       : "the PDF is damaged: " + qpdf_message(e);
        r->pdf.reset();
    } catch (const std::exception& e) {
        r->error = qpdf_message(e);
        r->pdf.reset();
    }
    return r;
}

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The bytes of a hex string <...> (whitespace ignored); nullopt when `s`
// is not exactly one hex string.
std::optional<std::string> decode_hex_string(std::string_view s) {
    if (s.size() < 2 || s.front() != '<' || s.back() != '>') return std::nullopt;
    std::string out;
    int high = -1;
    for (char c : s.substr(1, s.size() - 2)) {
        if (is_space(c)) continue;
        int v = hex_value(c);
        if (v < 0) return std::nullopt;
        if (high < 0) {
            high = v;
        } else {
            out += static_cast<char>(high * 16 + v);
            high = -1;
        }
    }
    if (high >= 0) out += static_cast<char>(high * 16);
    return out;
}

std::string text(QPDFObjectHandle o) {
    return o.isString() ? o.getUTF8Value() : std::string();
}

// The byte range must cover the whole revision but this signature's own
// /Contents: start at 0, leave out exactly one hex string equal to it, and
// end where a revision ends (%%EOF).
void check_coverage(ParsedSignature& s, const std::string& bytes) {
    const auto& r = s.byte_range;
    auto problem = [&](const std::string& why) { s.coverage_problem = why; };
    if (r.size() != 4) return problem("its /ByteRange is not four numbers");
    if (!byte_range_in_file(r, bytes.size())) return problem("its /ByteRange lies outside the file");
    if (r[0] != 0) return problem("its /ByteRange does not start at the beginning of the file");
    auto gap = std::string_view(bytes).substr(static_cast<std::size_t>(r[1]), static_cast<std::size_t>(r[2] - r[1]));
    auto decoded = decode_hex_string(gap);
    if (!decoded || *decoded != s.contents)
        return problem("the bytes its /ByteRange leaves out are not exactly its own /Contents");
    std::size_t end = static_cast<std::size_t>(r[2] + r[3]);
    std::size_t last = end;
    while (last > 0 && is_space(bytes[last - 1]) && end - last < 4) --last;
    if (last < 5 || bytes.compare(last - 5, 5, "%%EOF") != 0)
        return problem("its /ByteRange does not end where a revision of the file ends (%%EOF)");
    s.revision_end = end;
    s.covers_revision = true;
}

ParsedSignature read_signature(SignatureFieldRef f, QPDFObjectHandle v) {
    ParsedSignature s;
    s.field = f.name;
    if (v.getKey("/Filter").isName()) s.filter = v.getKey("/Filter").getName().substr(1);
    if (v.getKey("/SubFilter").isName()) s.sub_filter = v.getKey("/SubFilter").getName().substr(1);
    QPDFObjectHandle range = v.getKey("/ByteRange");
    if (range.isArray()) {
        for (int i = 0; i < range.getArrayNItems(); ++i) {
            QPDFObjectHandle n = range.getArrayItem(i);
            if (!n.isInteger()) {
                s.byte_range.clear();
                break;
            }
            s.byte_range.push_back(n.getIntValue());
        }
    }
    if (v.getKey("/Contents").isString()) s.contents = v.getKey("/Contents").getStringValue();
    if (v.getKey("/M").isString()) s.time = v.getKey("/M").getStringValue();
    QPDFObjectHandle source = v.getKey("/Prop_Build").getKey("/App").getKey("/TimeSource");
    if (source.isName()) s.time_source = source.getName().substr(1);
    s.name = text(v.getKey("/Name"));
    s.reason = text(v.getKey("/Reason"));
    s.location = text(v.getKey("/Location"));
    auto lock = [&](QPDFObjectHandle params) {
        if (params.getKey("/Action").isName()) s.lock_action = params.getKey("/Action").getName().substr(1);
        QPDFObjectHandle names = params.getKey("/Fields");
        if (names.isArray())
            for (int i = 0; i < names.getArrayNItems(); ++i) s.lock_fields.push_back(text(names.getArrayItem(i)));
    };
    QPDFObjectHandle refs = v.getKey("/Reference");
    if (refs.isArray()) {
        for (int i = 0; i < refs.getArrayNItems(); ++i) {
            QPDFObjectHandle ref = refs.getArrayItem(i);
            if (!ref.isDictionary()) continue;
            QPDFObjectHandle method = ref.getKey("/TransformMethod");
            QPDFObjectHandle params = ref.getKey("/TransformParams");
            if (method.isNameAndEquals("/DocMDP")) {
                QPDFObjectHandle p = params.isDictionary() ? params.getKey("/P") : QPDFObjectHandle::newNull();
                s.docmdp = p.isInteger() ? static_cast<int>(p.getIntValue()) : 2;
            } else if (method.isNameAndEquals("/FieldMDP") && params.isDictionary()) {
                lock(params);
            }
        }
    }
    if (s.lock_action.empty() && f.field.getKey("/Lock").isDictionary()) lock(f.field.getKey("/Lock"));
    QPDFObjectHandle app = v.getKey("/Prop_Build").getKey("/App");
    if (app.isDictionary() && app.getKey("/Name").isNameAndEquals("/Tertial") && app.getKey("/TertialSource").isName())
        s.source_check = app.getKey("/TertialSource").getName().substr(1);
    return s;
}

// The revisions of the file, read once each: by where they end.
using Revisions = std::map<std::size_t, std::unique_ptr<Revision>>;

Revision& revision(Revisions& revisions, const std::string& bytes, std::size_t end) {
    auto& r = revisions[end];
    if (!r) r = read_revision(bytes.substr(0, end), nullptr);
    return *r;
}

// A signature and the objects that hold it (in the revision it signs).
struct Found {
    ParsedSignature signature;
    NewSignature objects;
};

// `whole` is the whole file, or null when it cannot be read (`why`).
void analyse_revisions(std::vector<Found>& found, const std::string& bytes, QPDF* whole, const std::string& why,
                       Revisions& revisions) {
    for (auto& f : found) {
        ParsedSignature& s = f.signature;
        if (!s.covers_revision) continue;
        Revision& r = revision(revisions, bytes, s.revision_end);
        if (!r.pdf) {
            s.covers_revision = false;
            s.coverage_problem = "the revision it signs cannot be read: " + r.error;
            continue;
        }
        try {
            s.report_json = embedded_file(*r.pdf, "report.json");
        } catch (const std::exception&) {
        }
    }
    // Changes from each signed revision to the next, and after the last.
    std::vector<std::size_t> ends;
    for (const auto& f : found)
        if (f.signature.covers_revision) ends.push_back(f.signature.revision_end);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    std::map<std::size_t, std::vector<std::string>> changes_after;  // revision end -> changes up to the next
    std::set<std::size_t> validation_data_after;                    // revision ends after which a DSS came
    for (std::size_t k = 0; k < ends.size(); ++k) {
        QPDF& before = *revisions[ends[k]]->pdf;
        std::vector<std::string> changes;
        if (k + 1 == ends.size()) {
            std::string_view rest = std::string_view(bytes).substr(ends[k]);
            if (!std::all_of(rest.begin(), rest.end(), is_space) && !whole) {
                changes.push_back("the rest of the file cannot be read: " + why);
            } else if (!std::all_of(rest.begin(), rest.end(), is_space)) {
                changes = other_changes(before, *whole, bytes, ends[k], {});
                if (changes.empty() && !dss_changed(before, *whole))
                    changes.push_back(std::to_string(rest.size()) +
                                      " bytes after the last signed revision that change no object");
            }
        } else {
            std::vector<NewSignature> added;
            for (const auto& f : found)
                if (f.signature.covers_revision && f.signature.revision_end == ends[k + 1]) added.push_back(f.objects);
            Revision& next = *revisions[ends[k + 1]];
            changes = other_changes(before, *next.pdf, next.bytes, ends[k], added);
        }
        changes_after[ends[k]] = std::move(changes);
        QPDF* next = k + 1 == ends.size() ? whole : revisions[ends[k + 1]]->pdf.get();
        if (next && dss_changed(before, *next)) validation_data_after.insert(ends[k]);
    }
    for (auto& f : found) {
        ParsedSignature& s = f.signature;
        if (!s.covers_revision) continue;
        for (const auto& other : found)
            if (other.signature.covers_revision && other.signature.revision_end > s.revision_end)
                s.later_signatures.push_back(other.signature.field);
        for (const auto& [end, changes] : changes_after)
            if (end >= s.revision_end) s.changes.insert(s.changes.end(), changes.begin(), changes.end());
        s.later_validation_data = validation_data_after.lower_bound(s.revision_end) != validation_data_after.end();
        if (s.docmdp == 1 && !s.later_signatures.empty())
            s.changes.push_back("a later signature, though this certification allows no change at all (DocMDP P=1)");
        s.later = !s.changes.empty()            ? Later::other_changes
                  : !s.later_signatures.empty() ? Later::signatures_only
                                                : Later::nothing;
    }
}

// Every /ByteRange in the raw bytes that leaves out one hex string: the
// signatures as the bytes show them, whatever the structure says.
struct RawSignature {
    std::vector<std::int64_t> range;
    std::string contents;
    bool cades = false;
};

std::vector<RawSignature> scan_byte_ranges(const std::string& bytes) {
    std::vector<RawSignature> out;
    const std::string key = "/ByteRange";
    for (std::size_t at = bytes.find(key); at != std::string::npos && out.size() < 100; at = bytes.find(key, at + 1)) {
        std::size_t i = at + key.size();
        while (i < bytes.size() && is_space(bytes[i])) ++i;
        if (i >= bytes.size() || bytes[i] != '[') continue;
        std::vector<std::int64_t> range;
        ++i;
        while (range.size() < 5) {
            while (i < bytes.size() && is_space(bytes[i])) ++i;
            if (i >= bytes.size() || bytes[i] < '0' || bytes[i] > '9') break;
            std::int64_t v = 0;
            for (int n = 0; i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9' && n < 15; ++i, ++n)
                v = v * 10 + (bytes[i] - '0');
            range.push_back(v);
        }
        if (range.size() != 4 || !byte_range_in_file(range, bytes.size())) continue;
        auto gap = std::string_view(bytes).substr(static_cast<std::size_t>(range[1]),
                                                  static_cast<std::size_t>(range[2] - range[1]));
        auto contents = decode_hex_string(gap);
        if (!contents) continue;
        std::size_t from = at > 2000 ? at - 2000 : 0;
        bool cades = std::string_view(bytes).substr(from, 4000).find("/ETSI.CAdES.detached") != std::string_view::npos;
        out.push_back({range, *contents, cades});
    }
    return out;
}

// A signature known only from its bytes: broken until proven otherwise.
ParsedSignature raw_signature(const RawSignature& raw, const std::string& why) {
    ParsedSignature s;
    s.field = "(unknown)";
    s.sub_filter = raw.cades ? "ETSI.CAdES.detached" : "adbe.pkcs7.detached";
    s.byte_range = raw.range;
    s.contents = raw.contents;
    s.coverage_problem = why;
    s.later = Later::other_changes;
    s.changes.push_back("cannot tell: " + why);
    return s;
}

// The signatures a revision's form holds.
std::vector<Found> form_signatures(QPDF& pdf, const std::string& bytes, std::vector<std::string>* unsigned_fields) {
    std::vector<Found> out;
    for (auto f : signature_fields(pdf)) {
        QPDFObjectHandle v = f.field.getKey("/V");
        if (!v.isDictionary()) {
            if (unsigned_fields) unsigned_fields->push_back(f.name);
            continue;
        }
        Found x{read_signature(f, v),
                {f.field.getObjGen(), f.widget.getObjGen(), v.isIndirect() ? v.getObjGen() : QPDFObjGen()}};
        check_coverage(x.signature, bytes);
        out.push_back(std::move(x));
    }
    return out;
}

}  // namespace

std::vector<std::string> sign_detail::qpdf_pdf_differences(const std::string& expected, const std::string& actual) {
    auto want = read_revision(expected, nullptr), got = read_revision(actual, nullptr);
    if (!want->pdf) throw std::runtime_error("the PDF tertial build makes cannot be read: " + want->error);
    if (!got->pdf) return {"it cannot be read: " + got->error};
    try {
        return other_changes(*want->pdf, *got->pdf, got->bytes, 0, {});
    } catch (const std::exception& e) {
        return {"cannot tell: " + qpdf_message(e)};
    }
}

ParsedPdf sign_detail::qpdf_parse_signed_pdf(const std::string& bytes) {
    ParsedPdf result;
    if (auto why = not_a_pdf(bytes)) {
        result.error = *why;
        return result;
    }
    std::vector<RawSignature> raw = scan_byte_ranges(bytes);
    Revisions revisions;
    auto whole = read_revision(bytes, &result.warnings);
    std::vector<Found> found;
    try {
        if (whole->pdf) found = form_signatures(*whole->pdf, bytes, &result.unsigned_fields);
    } catch (const std::exception& e) {
        whole->pdf.reset();
        whole->error = "the PDF is damaged: " + qpdf_message(e);
        result.unsigned_fields.clear();
    }
    result.readable = whole->pdf != nullptr;
    result.error = whole->error;
    // A signature the last revision's form no longer shows (its field was
    // changed or removed later, or the file is damaged after it) is still
    // found in the revision it signs.
    auto known = [&](const std::vector<std::int64_t>& range) {
        return std::any_of(found.begin(), found.end(), [&](const Found& f) { return f.signature.byte_range == range; });
    };
    for (const auto& r : raw) {
        if (known(r.range)) continue;
        Revision& rev = revision(revisions, bytes, static_cast<std::size_t>(r.range[2] + r.range[3]));
        if (rev.pdf) {
            try {
                for (auto& f : form_signatures(*rev.pdf, bytes, nullptr))
                    if (f.signature.byte_range == r.range && !known(r.range)) found.push_back(std::move(f));
            } catch (const std::exception&) {
            }
        }
        if (!known(r.range))
            found.push_back(
                {raw_signature(r, result.readable ? "no signature field of the PDF's form holds it"
                                                  : "the PDF's structure cannot be read (" + result.error + ")"),
                 {}});
    }
    // Signing order: by the end of the revision each signs.
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        if (a.signature.covers_revision != b.signature.covers_revision) return a.signature.covers_revision;
        return a.signature.revision_end < b.signature.revision_end;
    });
    try {
        analyse_revisions(found, bytes, whole->pdf.get(), result.error, revisions);
        if (whole->pdf) result.report_json = embedded_file(*whole->pdf, "report.json");
        if (whole->pdf) read_dss(*whole->pdf, result.dss_certificates, result.dss_crls);
    } catch (const std::exception& e) {
        for (auto& f : found) {
            f.signature.later = Later::other_changes;
            f.signature.changes = {"cannot tell: " + qpdf_message(e)};
        }
    }
    for (auto& f : found) result.signatures.push_back(std::move(f.signature));
    return result;
}

}  // namespace tertial::pdf
