// sign_pdf(): a signature field filled by an incremental update that we
// write ourselves. PoDoFo 0.9.8's WriteUpdate cannot be used on our files:
// for an input with a cross-reference stream it rewrites every object of
// the object streams into the update (seed 000: 119 KB -> 248 KB for the
// first signature), writes a table without /Prev, and stamps Info
// /ModDate so Info and XMP disagree (no longer PDF/A). Here libqpdf reads
// the file and resolves objects; the update holds only the objects that
// change (the field, the AcroForm once) and the new ones (signature
// dictionary, appearance, its font), with a cross reference of the input's
// own form chained by /Prev.
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "sign_impl.hpp"
#include "sign_qpdf.hpp"
#include "sign_update_writer.hpp"
#include "tertial/pdf/display.hpp"

namespace tertial::pdf {
namespace {

using namespace sign_detail;

// ---- the visible signature ---------------------------------------------------------------

struct AppearanceLine {
    std::vector<std::pair<std::string, const Font*>> spans;
};

// "2020-05-12 kl. 10.31", the signer's local time.
std::string swedish_date(const SigningTime& t) {
    std::string iso = display_time(t);  // "2020-05-12 10:31:00 +02:00"
    return iso.substr(0, 10) + " kl. " + iso.substr(11, 2) + "." + iso.substr(14, 2);
}

// Shapes a line's spans at `size`; returns the runs and their width.
std::pair<std::vector<GlyphRun>, double> shape_line(const AppearanceLine& line, double size, const FontSet& fonts) {
    std::vector<GlyphRun> runs;
    double width = 0;
    for (const auto& [text, font] : line.spans)
        for (auto& run : shape(text, *font, size, fonts)) {
            width += run.width();
            runs.push_back(std::move(run));
        }
    return {std::move(runs), width};
}

// The field's appearance as a one-page document of the field's size:
// "Digitalt signerad av <name>", the title and organisation, the date, and
// the request's note if it has one; the type shrinks (to 6 pt) before a
// line is shortened with "…".
Document appearance_document(const SignRequest& r, double w, double h) {
    const FontSet& f = r.fonts;
    if (!f.regular) throw std::invalid_argument("signing needs a font for the visible signature");
    const Font* bold = f.bold ? f.bold : f.regular;
    std::vector<AppearanceLine> lines = {
        {{{"Digitalt signerad av ", f.regular}, {r.signer_name, bold}}},
        {{{r.title + (r.organisation.empty() || r.title.empty() ? "" : ", ") + r.organisation, f.regular}}},
        {{{"Datum " + swedish_date(r.time), f.regular}}},
    };
    if (!r.note.empty()) lines.push_back({{{r.note, bold}}});
    const double pad = 8, room = w - pad - 4;
    double size = 8.5;
    auto widest = [&](double s) {
        double m = 0;
        for (const auto& l : lines) m = std::max(m, shape_line(l, s, f).second);
        return m;
    };
    while (size > 6 && (widest(size) > room || static_cast<double>(lines.size()) * size * 1.3 > h - 4)) size -= 0.5;
    for (auto& l : lines) {
        // Still too wide at the smallest size: shorten the last span.
        auto& last = l.spans.back().first;
        while (!last.empty() && shape_line(l, size, f).second > room) {
            if (last.size() >= 3 && last.compare(last.size() - 3, 3, "…") == 0) last.erase(last.size() - 3);
            while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0x80) last.pop_back();
            if (!last.empty()) last.pop_back();
            last += "…";
        }
    }
    Document d;
    d.metadata.title = "Underskrift";
    d.fonts = f;
    Page page;
    page.width = w, page.height = h;
    ContentGroup group;  // an artifact: the field's /TU describes it
    group.items.push_back(RectItem{0, 2, 2, h - 4, Colour{0.18, 0.32, 0.55}, std::nullopt, 0});
    double leading = size * 1.3;
    double baseline = h / 2 + static_cast<double>(lines.size() - 1) * leading / 2 - size * 0.35;  // the lines centred
    for (const auto& l : lines) {
        double x = pad;
        for (auto& run : shape_line(l, size, f).first) {
            double advance = run.width();
            group.items.push_back(TextItem{std::move(run), x, baseline, Colour{0.1, 0.1, 0.1}});
            x += advance;
        }
        baseline -= leading;
    }
    page.content.push_back(std::move(group));
    d.pages.push_back(std::move(page));
    return d;
}

// Subset fonts restart at AAAAAA+ in every document PoDoFo writes, so the
// appearance's font would share its name with a different subset of the
// report: give it a tag from its own contents instead.
void retag_fonts(QPDFObjectHandle xobject, const std::string& salt) {
    QPDFObjectHandle fonts = xobject.getDict().getKey("/Resources").getKey("/Font");
    if (!fonts.isDictionary()) return;
    for (const auto& key : fonts.getKeys()) {
        QPDFObjectHandle font = fonts.getKey(key);
        QPDFObjectHandle base = font.getKey("/BaseFont");
        if (!base.isName() || base.getName().size() < 8 || base.getName()[7] != '+') continue;
        std::string name = base.getName().substr(8);
        unsigned char hash[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        std::string seed = salt + font.unparseResolved();
        EVP_Digest(seed.data(), seed.size(), hash, &len, EVP_sha256(), nullptr);
        std::string tag;
        for (int i = 0; i < 6; ++i) tag += static_cast<char>('A' + hash[i] % 26);
        QPDFObjectHandle renamed = QPDFObjectHandle::newName("/" + tag + "+" + name);
        font.replaceKey("/BaseFont", renamed);
        QPDFObjectHandle descendants = font.getKey("/DescendantFonts");
        if (descendants.isArray() && descendants.getArrayNItems() > 0) {
            QPDFObjectHandle cid = descendants.getArrayItem(0);
            cid.replaceKey("/BaseFont", renamed);
            QPDFObjectHandle descriptor = cid.getKey("/FontDescriptor");
            if (descriptor.isDictionary()) descriptor.replaceKey("/FontName", renamed);
        }
    }
}

QPDFObjectHandle text_string(const std::string& utf8) {
    return QPDFObjectHandle::newUnicodeString(utf8);
}

QPDFObjectHandle name_array(const std::vector<std::string>& names) {
    QPDFObjectHandle a = QPDFObjectHandle::newArray();
    for (const auto& n : names) a.appendItem(text_string(n));
    return a;
}

// FieldMDP: every field is locked except those still to be signed.
QPDFObjectHandle lock_params(const std::vector<std::string>& unsigned_others, const char* type) {
    QPDFObjectHandle d = QPDFObjectHandle::newDictionary();
    d.replaceKey("/Type", QPDFObjectHandle::newName(type));
    if (unsigned_others.empty()) {
        d.replaceKey("/Action", QPDFObjectHandle::newName("/All"));
    } else {
        d.replaceKey("/Action", QPDFObjectHandle::newName("/Exclude"));
        d.replaceKey("/Fields", name_array(unsigned_others));
    }
    return d;
}

double number(QPDFObjectHandle o) {
    return o.isNumber() ? o.getNumericValue() : 0;
}

}  // namespace

std::string sign_detail::qpdf_sign_pdf(const std::string& input, const SignRequest& r, const Credentials& credentials) {
    credentials.check_usable_at(r.time);
    LastXref prev = last_xref(input);
    QPDF doc;
    doc.setSuppressWarnings(true);
    doc.setAttemptRecovery(false);  // an update must chain onto a sound file
    try {
        doc.processMemoryFile(qpdf_buffer_name, input.data(), input.size());
    } catch (const std::exception& e) {
        throw SignError(SignError::Kind::not_signable, "the PDF cannot be read: " + qpdf_message(e));
    }
    if (doc.isEncrypted()) throw SignError(SignError::Kind::not_signable, "the PDF is encrypted");
    auto original = doc.getXRefTable();
    QPDFObjectHandle trailer = doc.getTrailer();
    if (!trailer.getKey("/Size").isInteger())
        throw SignError(SignError::Kind::not_signable, "the PDF's trailer has no /Size");
    QPDFObjectHandle root = doc.getRoot();

    auto fields = signature_fields(doc);
    SignatureFieldRef* field = nullptr;
    std::vector<std::string> unsigned_others, names;
    bool any_signed = false;
    for (auto& f : fields) {
        names.push_back(f.name);
        bool is_signed = f.field.getKey("/V").isDictionary();
        any_signed |= is_signed;
        if (f.name == r.field)
            field = &f;
        else if (!is_signed)
            unsigned_others.push_back(f.name);
    }
    if (!field) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw SignError(SignError::Kind::no_such_field,
                        "the PDF has no signature field '" + r.field + "'" +
                            (list.empty() ? " (it has none)" : " (it has: " + list + ")"));
    }
    if (field->field.getKey("/V").isDictionary())
        throw SignError(SignError::Kind::already_signed, "signature field '" + r.field + "' is already signed");
    if (r.certify && any_signed)
        throw SignError(SignError::Kind::cannot_certify,
                        "only the first signature can certify the document; it is already signed");
    QPDFObjectHandle perms = root.getKey("/Perms");
    if (perms.isDictionary() && perms.getKey("/DocMDP").isDictionary()) {
        QPDFObjectHandle p = perms.getKey("/DocMDP").getKey("/Reference");
        for (int i = 0; p.isArray() && i < p.getArrayNItems(); ++i) {
            QPDFObjectHandle params = p.getArrayItem(i).getKey("/TransformParams");
            if (params.isDictionary() && params.getKey("/P").isInteger() && params.getKey("/P").getIntValue() == 1)
                throw SignError(SignError::Kind::not_signable,
                                "the document is certified with no changes allowed (DocMDP P=1)");
        }
    }
    if (!field->field.isIndirect() || !field->widget.isIndirect())
        throw SignError(SignError::Kind::not_signable, "signature field '" + r.field + "' is not an indirect object");
    QPDFObjectHandle rect = field->widget.getKey("/Rect");
    if (!rect.isArray() || rect.getArrayNItems() != 4)
        throw SignError(SignError::Kind::not_signable, "signature field '" + r.field + "' has no /Rect");
    double w = std::abs(number(rect.getArrayItem(2)) - number(rect.getArrayItem(0)));
    double h = std::abs(number(rect.getArrayItem(3)) - number(rect.getArrayItem(1)));
    if (w < 20 || h < 10)
        throw SignError(SignError::Kind::not_signable, "signature field '" + r.field + "' is too small to show");

    // The appearance, made by our own PDF writer and copied in with its font.
    std::string appearance_pdf = emit_pdf(appearance_document(r, w, h));
    QPDF scratch;
    scratch.setSuppressWarnings(true);
    scratch.processMemoryFile("appearance.pdf", appearance_pdf.data(), appearance_pdf.size());
    QPDFObjectHandle form = QPDFPageObjectHelper(scratch.getAllPages().at(0)).getFormXObjectForPage(false);
    QPDFObjectHandle appearance = doc.copyForeignObject(form);
    retag_fonts(appearance, r.field + pdf_date(r.time));

    QPDFObjectHandle sig = doc.makeIndirectObject(QPDFObjectHandle::newDictionary());
    field->field.replaceKey("/V", sig);
    field->field.replaceKey("/Lock", lock_params(unsigned_others, "/SigFieldLock"));
    QPDFObjectHandle ap = QPDFObjectHandle::newDictionary();
    ap.replaceKey("/N", appearance);
    field->widget.replaceKey("/AP", ap);

    std::set<QPDFObjGen> changed = {field->field.getObjGen(), field->widget.getObjGen()};
    QPDFObjectHandle acro_form = root.getKey("/AcroForm");
    if (!acro_form.getKey("/SigFlags").isInteger() || acro_form.getKey("/SigFlags").getIntValue() != 3) {
        acro_form.replaceKey("/SigFlags", QPDFObjectHandle::newInteger(3));  // SignaturesExist | AppendOnly
        changed.insert(acro_form.isIndirect() ? acro_form.getObjGen() : root.getObjGen());
    }
    QPDFObjectHandle references = QPDFObjectHandle::newArray();
    if (r.certify) {
        QPDFObjectHandle params = QPDFObjectHandle::newDictionary();
        params.replaceKey("/Type", QPDFObjectHandle::newName("/TransformParams"));
        params.replaceKey("/P", QPDFObjectHandle::newInteger(2));  // form filling and signing only
        params.replaceKey("/V", QPDFObjectHandle::newName("/1.2"));
        QPDFObjectHandle ref = QPDFObjectHandle::newDictionary();
        ref.replaceKey("/Type", QPDFObjectHandle::newName("/SigRef"));
        ref.replaceKey("/TransformMethod", QPDFObjectHandle::newName("/DocMDP"));
        ref.replaceKey("/TransformParams", params);
        references.appendItem(ref);
        QPDFObjectHandle docmdp = QPDFObjectHandle::newDictionary();
        docmdp.replaceKey("/DocMDP", sig);
        root.replaceKey("/Perms", docmdp);
        changed.insert(root.getObjGen());
    }
    {
        QPDFObjectHandle params = lock_params(unsigned_others, "/TransformParams");
        params.replaceKey("/V", QPDFObjectHandle::newName("/1.2"));
        QPDFObjectHandle ref = QPDFObjectHandle::newDictionary();
        ref.replaceKey("/Type", QPDFObjectHandle::newName("/SigRef"));
        ref.replaceKey("/TransformMethod", QPDFObjectHandle::newName("/FieldMDP"));
        ref.replaceKey("/TransformParams", params);
        ref.replaceKey("/Data", root);
        references.appendItem(ref);
    }

    // New objects: the appearance with everything it needs, the signature.
    std::set<QPDFObjGen> added;
    std::vector<QPDFObjectHandle> stack = {appearance};
    while (!stack.empty()) {
        QPDFObjectHandle o = stack.back();
        stack.pop_back();
        if (o.isIndirect()) {
            if (original.count(o.getObjGen()) || !added.insert(o.getObjGen()).second) continue;
        }
        QPDFObjectHandle d = o.isStream() ? o.getDict() : o;
        if (d.isArray())
            for (int i = 0; i < d.getArrayNItems(); ++i) stack.push_back(d.getArrayItem(i));
        else if (d.isDictionary())
            for (const auto& k : d.getKeys()) stack.push_back(d.getKey(k));
    }
    int size = static_cast<int>(trailer.getKey("/Size").getIntValue());
    for (const auto& og : added)
        if (og.getObj() < size)
            throw std::runtime_error("a new object got number " + std::to_string(og.getObj()) + ", below /Size");
    if (sig.getObjectID() < size) throw std::runtime_error("the signature got an object number below /Size");

    // The signature dictionary, written by hand around its placeholders.
    QPDFObjectHandle dict = QPDFObjectHandle::newDictionary();
    dict.replaceKey("/Type", QPDFObjectHandle::newName("/Sig"));
    dict.replaceKey("/Filter", QPDFObjectHandle::newName("/Adobe.PPKLite"));
    dict.replaceKey("/SubFilter", QPDFObjectHandle::newName("/ETSI.CAdES.detached"));
    dict.replaceKey("/M", QPDFObjectHandle::newString(pdf_date(r.time)));
    // What Tertial records for verify, in one /Prop_Build /App: where /M
    // came from (the clock, or --signing-time) and whether the document was
    // checked against its embedded report before its first signature.
    QPDFObjectHandle app = QPDFObjectHandle::newDictionary();
    app.replaceKey("/Name", QPDFObjectHandle::newName("/Tertial"));
    app.replaceKey("/TimeSource", QPDFObjectHandle::newName(r.time_set_by_hand ? "/Manual" : "/Clock"));
    if (!r.source_check.empty())
        app.replaceKey("/TertialSource", QPDFObjectHandle::newName("/" + r.source_check));
    QPDFObjectHandle build = QPDFObjectHandle::newDictionary();
    build.replaceKey("/App", app);
    dict.replaceKey("/Prop_Build", build);
    dict.replaceKey("/Name", text_string(r.signer_name));
    if (!r.reason.empty()) dict.replaceKey("/Reason", text_string(r.reason));
    dict.replaceKey("/Reference", references);
    std::string dict_text = dict.unparse();
    dict_text.erase(dict_text.rfind(">>"));  // reopened for /ByteRange and /Contents

    // Room for the CMS: its certificates, plus signed attributes (~300 bytes),
    // the signature value (512 bytes for RSA 4096) and the structure around them.
    std::size_t reserve = 3072 + static_cast<std::size_t>(i2d_X509(credentials.impl().cert.get(), nullptr));
    for (const auto& extra : credentials.impl().chain)
        reserve += static_cast<std::size_t>(i2d_X509(extra.get(), nullptr));

    UpdateWriter writer(input);
    std::set<QPDFObjGen> order(changed);
    order.insert(added.begin(), added.end());
    order.insert(sig.getObjGen());
    for (const auto& og : order) {
        if (og == sig.getObjGen())
            writer.signature(og, dict_text, reserve);
        else
            writer.object(doc.getObjectByObjGen(og));
    }
    int xref_id = std::max(size, order.rbegin()->getObj() + 1);
    writer.xref(prev, trailer, xref_id);
    std::string out = writer.finish([&](std::string_view data) { return cades_signature(data, credentials); });

    // What we write, we check as any reader would.
    VerifyResult check = verify_pdf(out, {}, qpdf_parse_signed_pdf);
    const SignatureCheck* mine = nullptr;
    for (const auto& c : check.signatures)
        if (c.parsed.field == field->name) mine = &c;
    if (!mine || mine->integrity != Integrity::intact || mine->parsed.later != Later::nothing)
        throw std::runtime_error(
            "the signed PDF does not verify: " +
            (mine ? mine->integrity_detail + (mine->parsed.changes.empty() ? "" : "; " + mine->parsed.changes.front())
             : check.pdf.error.empty() ? "the signature is not found"
                                       : check.pdf.error));
    // A change after an earlier signature that the input did not have is
    // this update's: a new object that fills a reference the signed
    // document already had (a prepared document).
    std::optional<VerifyResult> input_check;
    for (const auto& c : check.signatures) {
        if (&c == mine || c.parsed.later != Later::other_changes) continue;
        if (!input_check) input_check = verify_pdf(input, {}, qpdf_parse_signed_pdf);
        bool already = std::any_of(input_check->signatures.begin(), input_check->signatures.end(), [&](const auto& i) {
            return i.parsed.field == c.parsed.field && i.parsed.later == Later::other_changes;
        });
        if (!already)
            throw SignError(SignError::Kind::not_signable, "this signature would change what the signature in field '" +
                                                               c.parsed.field + "' signed: " + c.parsed.changes.front());
    }
    return out;
}

}  // namespace tertial::pdf
