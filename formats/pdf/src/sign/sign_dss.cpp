// The document security store (PAdES B-LT, ETSI EN 319 142-1 5.4): the
// chains and CRLs of the signatures, added after signing by an incremental
// update (add_validation_data), read back for verify, and told apart from
// a change to the signed document: its new objects must be validation data
// and nothing else, none of them an object an earlier revision used or
// referred to (a shadow object would hide there otherwise).
#include <openssl/ocsp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <algorithm>
#include <map>

#include "sign_impl.hpp"
#include "sign_qpdf.hpp"
#include "sign_update_writer.hpp"

namespace tertial::pdf {
namespace sign_detail {
namespace {

std::string stream_bytes(QPDFObjectHandle o) {
    auto data = o.getStreamData(qpdf_dl_generalized);
    return std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
}

// The entries of the DSS's array `key` ("/Certs", "/CRLs", "/OCSPs").
std::vector<QPDFObjectHandle> dss_array(QPDFObjectHandle dss, const char* key) {
    std::vector<QPDFObjectHandle> out;
    QPDFObjectHandle a = dss.isDictionary() ? dss.getKey(key) : QPDFObjectHandle::newNull();
    for (int i = 0; a.isArray() && i < a.getArrayNItems() && i < 10000; ++i) out.push_back(a.getArrayItem(i));
    return out;
}

// Whether `bytes` are exactly one DER object of the kind a DSS array holds.
bool is_der_of(const std::string& bytes, const std::string& key) {
    const auto* start = reinterpret_cast<const unsigned char*>(bytes.data());
    const unsigned char* p = start;
    long n = static_cast<long>(bytes.size());
    bool ok = false;
    if (key == "/Certs") {
        X509* x = d2i_X509(nullptr, &p, n);
        ok = x != nullptr;
        X509_free(x);
    } else if (key == "/CRLs") {
        X509_CRL* x = d2i_X509_CRL(nullptr, &p, n);
        ok = x != nullptr;
        X509_CRL_free(x);
    } else if (key == "/OCSPs") {
        OCSP_RESPONSE* x = d2i_OCSP_RESPONSE(nullptr, &p, n);
        ok = x != nullptr;
        OCSP_RESPONSE_free(x);
    }
    ERR_clear_error();
    return ok && p == start + bytes.size();
}

// Every object number `o` refers to, directly or through others, dangling
// references included: getKeys() leaves out a key whose value is null, as
// a reference to a missing object reads, so the whole map is walked.
void referred(QPDFObjectHandle o, std::set<QPDFObjGen>& out, int depth = 0) {
    if (depth > 64 || out.size() > 200000) return;
    if (o.isIndirect() && !out.insert(o.getObjGen()).second) return;
    if (o.isArray()) {
        for (int i = 0; i < o.getArrayNItems(); ++i) referred(o.getArrayItem(i), out, depth + 1);
    } else if (o.isDictionary() || o.isStream()) {
        QPDFObjectHandle d = o.isStream() ? o.getDict() : o;
        for (const auto& entry : d.getDictAsMap()) referred(entry.second, out, depth + 1);
    }
}

std::string hex_upper(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 0xF];
    }
    return out;
}

}  // namespace

void read_dss(QPDF& pdf, std::vector<std::string>& certificates, std::vector<std::string>& crls) {
    QPDFObjectHandle dss = pdf.getRoot().getKey("/DSS");
    for (auto& o : dss_array(dss, "/Certs"))
        if (o.isStream()) certificates.push_back(stream_bytes(o));
    for (auto& o : dss_array(dss, "/CRLs"))
        if (o.isStream()) crls.push_back(stream_bytes(o));
}

bool dss_changed(QPDF& before, QPDF& after) {
    QPDFObjectHandle a = before.getRoot().getKey("/DSS"), b = after.getRoot().getKey("/DSS");
    if (a.unparse() != b.unparse()) return true;
    return b.isIndirect() && a.unparseResolved() != b.unparseResolved();
}

std::set<QPDFObjGen> validation_data_objects(QPDF& before, QPDF& after, std::vector<std::string>& problems) {
    std::set<QPDFObjGen> objects;
    if (!dss_changed(before, after)) return objects;
    QPDFObjectHandle dss = after.getRoot().getKey("/DSS");
    auto problem = [&](const std::string& why) {
        problems.push_back("the validation data (DSS) added after it is not only validation data: " + why);
        return std::set<QPDFObjGen>();
    };
    if (!dss.isDictionary()) return problem("/DSS is not a dictionary");
    std::set<QPDFObjGen> existing, used;  // what the earlier revision had; and what it had or referred to
    referred(before.getTrailer(), used);
    for (const auto& [og, entry] : before.getXRefTable())
        if (entry.getType() != 0) existing.insert(og);
    used.insert(existing.begin(), existing.end());
    std::string why;
    auto take = [&](QPDFObjectHandle o, const std::string& what) {
        if (!o.isIndirect()) return true;
        if (used.count(o.getObjGen())) {
            why = what + " is object " + std::to_string(o.getObjectID()) + ", which the signed revision already " +
                  (existing.count(o.getObjGen()) ? "had" : "referred to");
            return false;
        }
        objects.insert(o.getObjGen());
        return true;
    };
    auto only_keys = [&](QPDFObjectHandle d, std::initializer_list<const char*> keys, const std::string& what) {
        for (const auto& k : d.getKeys())
            if (std::none_of(keys.begin(), keys.end(), [&](const char* a) { return k == a; })) {
                why = what + " has a key " + k + " that validation data does not have";
                return false;
            }
        return true;
    };
    if (!take(dss, "the DSS") || !only_keys(dss, {"/Type", "/Certs", "/CRLs", "/OCSPs", "/VRI"}, "the DSS"))
        return problem(why);
    for (const char* key : {"/Certs", "/CRLs", "/OCSPs"}) {
        QPDFObjectHandle array = dss.getKey(key);
        if (array.isNull()) continue;
        if (!array.isArray()) return problem(std::string(key) + " is not an array");
        if (!take(array, std::string("the array ") + key)) return problem(why);
        for (auto& o : dss_array(dss, key)) {
            std::string what = std::string("an entry of ") + key;
            if (!o.isStream()) return problem(what + " is not a stream");
            if (!o.isIndirect()) return problem(what + " is not an indirect object");
            if (!only_keys(o.getDict(), {"/Length", "/Filter", "/DecodeParms"}, what)) return problem(why);
            std::string bytes;
            try {
                bytes = stream_bytes(o);
            } catch (const std::exception& e) {
                return problem(what + " cannot be decoded: " + e.what());
            }
            if (!is_der_of(bytes, key))
                return problem(what + " (object " + std::to_string(o.getObjectID()) + ") is not what " + key +
                               " holds");
            // An object the signed revision had is its own change, if changed.
            if (existing.count(o.getObjGen())) continue;
            if (!take(o, what)) return problem(why);
        }
    }
    QPDFObjectHandle vri = dss.getKey("/VRI");
    if (!vri.isNull()) {
        if (!vri.isDictionary() || !take(vri, "/VRI")) return problem(why.empty() ? "/VRI is not a dictionary" : why);
        for (const auto& k : vri.getKeys()) {
            QPDFObjectHandle entry = vri.getKey(k);
            if (!entry.isDictionary() || !take(entry, "a /VRI entry") ||
                !only_keys(entry, {"/Type", "/Cert", "/CRL", "/OCSP", "/TU"}, "a /VRI entry"))
                return problem(why.empty() ? "a /VRI entry is not a dictionary" : why);
            for (const char* list : {"/Cert", "/CRL", "/OCSP"}) {
                QPDFObjectHandle a = entry.getKey(list);
                if (a.isNull()) continue;
                if (!a.isArray() || !take(a, std::string("a /VRI ") + list))
                    return problem(why.empty() ? std::string("a /VRI ") + list + " is not an array" : why);
                for (int i = 0; i < a.getArrayNItems(); ++i)
                    if (!a.getArrayItem(i).isIndirect() || !objects.count(a.getArrayItem(i).getObjGen())) {
                        if (a.getArrayItem(i).isIndirect() && existing.count(a.getArrayItem(i).getObjGen())) continue;
                        return problem(std::string("a /VRI ") + list + " lists something the DSS does not hold");
                    }
            }
        }
    }
    return objects;
}

}  // namespace sign_detail

std::string sign_detail::qpdf_add_validation_data(const std::string& input, const ValidationData& data) {
    LastXref prev = last_xref(input);
    QPDF doc;
    doc.setSuppressWarnings(true);
    doc.setAttemptRecovery(false);  // an update must chain onto a sound file
    try {
        doc.processMemoryFile("input.pdf", input.data(), input.size());
    } catch (const std::exception& e) {
        throw SignError(SignError::Kind::not_signable, std::string("the PDF cannot be read: ") + e.what());
    }
    if (doc.isEncrypted()) throw SignError(SignError::Kind::not_signable, "the PDF is encrypted");
    QPDFObjectHandle trailer = doc.getTrailer();
    if (!trailer.getKey("/Size").isInteger())
        throw SignError(SignError::Kind::not_signable, "the PDF's trailer has no /Size");
    QPDFObjectHandle root = doc.getRoot();
    if (!root.isIndirect()) throw SignError(SignError::Kind::not_signable, "the PDF's catalog is not an indirect object");

    // What the DSS holds already is kept, by reference; the same bytes once.
    QPDFObjectHandle old = root.getKey("/DSS");
    std::set<QPDFObjGen> added;
    auto list = [&](const char* key, const std::vector<std::string>& bytes, std::vector<QPDFObjectHandle>& refs) {
        std::map<std::string, QPDFObjectHandle> have;
        for (auto& o : dss_array(old, key)) {
            if (!o.isStream() || !o.isIndirect()) continue;
            refs.push_back(o);
            try {
                have.emplace(stream_bytes(o), o);
            } catch (const std::exception&) {
            }
        }
        std::vector<QPDFObjectHandle> by_index;
        for (const auto& b : bytes) {
            auto it = have.find(b);
            if (it == have.end()) {
                QPDFObjectHandle s = doc.makeIndirectObject(QPDFObjectHandle::newStream(&doc, b));
                added.insert(s.getObjGen());
                refs.push_back(s);
                it = have.emplace(b, s).first;
            }
            by_index.push_back(it->second);
        }
        return by_index;
    };
    std::vector<QPDFObjectHandle> cert_refs, crl_refs;
    auto certs = list("/Certs", data.certificates, cert_refs);
    auto crls = list("/CRLs", data.crls, crl_refs);
    auto array = [](const std::vector<QPDFObjectHandle>& items) {
        QPDFObjectHandle a = QPDFObjectHandle::newArray();
        for (const auto& i : items) a.appendItem(i);
        return a;
    };
    QPDFObjectHandle vri = QPDFObjectHandle::newDictionary();
    QPDFObjectHandle old_vri = old.isDictionary() ? old.getKey("/VRI") : QPDFObjectHandle::newNull();
    if (old_vri.isDictionary())
        for (const auto& k : old_vri.getKeys()) vri.replaceKey(k, old_vri.getKey(k));
    for (const auto& s : data.signatures) {
        unsigned char sha1[SHA_DIGEST_LENGTH];
        SHA1(reinterpret_cast<const unsigned char*>(s.contents.data()), s.contents.size(), sha1);
        std::vector<QPDFObjectHandle> c, r;
        for (auto i : s.certificates) c.push_back(certs.at(i));
        for (auto i : s.crls) r.push_back(crls.at(i));
        QPDFObjectHandle entry = QPDFObjectHandle::newDictionary();
        if (!c.empty()) entry.replaceKey("/Cert", array(c));
        if (!r.empty()) entry.replaceKey("/CRL", array(r));
        vri.replaceKey("/" + hex_upper(sha1, sizeof sha1), entry);
    }
    QPDFObjectHandle dss = QPDFObjectHandle::newDictionary();
    dss.replaceKey("/Type", QPDFObjectHandle::newName("/DSS"));
    if (!cert_refs.empty()) dss.replaceKey("/Certs", array(cert_refs));
    if (!crl_refs.empty()) dss.replaceKey("/CRLs", array(crl_refs));
    if (old.isDictionary() && old.getKey("/OCSPs").isArray()) dss.replaceKey("/OCSPs", old.getKey("/OCSPs"));
    if (!vri.getKeys().empty()) dss.replaceKey("/VRI", vri);
    dss = doc.makeIndirectObject(dss);
    added.insert(dss.getObjGen());
    root.replaceKey("/DSS", dss);

    int size = static_cast<int>(trailer.getKey("/Size").getIntValue());
    for (const auto& og : added)
        if (og.getObj() < size)
            throw std::runtime_error("a new object got number " + std::to_string(og.getObj()) + ", below /Size");
    UpdateWriter writer(input);
    std::set<QPDFObjGen> order(added);
    order.insert(root.getObjGen());
    for (const auto& og : order) writer.object(doc.getObjectByObjGen(og));
    writer.xref(prev, trailer, std::max(size, order.rbegin()->getObj() + 1));
    std::string out = writer.take();

    // What we write, we check as any reader would: every signature as it was.
    VerifyResult before = verify_pdf(input, {}, qpdf_parse_signed_pdf);
    VerifyResult after = verify_pdf(out, {}, qpdf_parse_signed_pdf);
    if (!after.pdf.readable || after.signatures.size() != before.signatures.size())
        throw std::runtime_error("the PDF with validation data does not read back: " + after.pdf.error);
    for (std::size_t i = 0; i < after.signatures.size(); ++i) {
        const SignatureCheck& a = after.signatures[i];
        if (a.integrity != before.signatures[i].integrity || a.parsed.later != before.signatures[i].parsed.later ||
            !a.parsed.later_validation_data)
            throw std::runtime_error("the validation data would change what signature '" + a.parsed.field +
                                     "' says: " + (a.parsed.changes.empty() ? a.integrity_detail : a.parsed.changes.front()));
    }
    return out;
}

}  // namespace tertial::pdf
