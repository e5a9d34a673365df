// verify_pdf() (in the signature module): each signature's CMS checked with OpenSSL against the bytes
// its range covers: the digest, the signature over the signed attributes,
// the signing-certificate(-v2) attribute, the chain to the trust anchors
// (any CA of the chain) at the time the signature claims (/M), and the
// revocation of that chain against CRLs (sign_revocation.cpp).
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>

#include "sign_impl.hpp"

namespace tertial::pdf {
namespace {

using namespace sign_detail;

std::string digest_name(const EVP_MD* md) {
    switch (EVP_MD_get_type(md)) {
        case NID_sha256:
            return "SHA-256";
        case NID_sha384:
            return "SHA-384";
        case NID_sha512:
            return "SHA-512";
        case NID_sha1:
            return "SHA-1";
        default:
            return OBJ_nid2sn(EVP_MD_get_type(md));
    }
}

// PEM certificates (any number), or one DER certificate.
std::vector<X509Ptr> read_anchors(const std::vector<TrustAnchor>& anchors) {
    std::vector<X509Ptr> out;
    for (const auto& a : anchors) {
        BioPtr bio(BIO_new_mem_buf(a.pem.data(), static_cast<int>(a.pem.size())));
        std::size_t before = out.size();
        while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(c);
        ERR_clear_error();
        if (out.size() == before) {
            const auto* p = reinterpret_cast<const unsigned char*>(a.pem.data());
            if (X509* c = d2i_X509(nullptr, &p, static_cast<long>(a.pem.size()));
                c && p == reinterpret_cast<const unsigned char*>(a.pem.data()) + a.pem.size())
                out.emplace_back(c);
            else
                X509_free(c);
            ERR_clear_error();
        }
        if (out.size() == before) throw std::runtime_error(a.source + ": no certificate in the file (PEM or DER)");
    }
    return out;
}

std::string der(X509* cert) {
    unsigned char* buf = nullptr;
    int len = i2d_X509(cert, &buf);
    if (len <= 0) return {};
    std::string out(reinterpret_cast<char*>(buf), static_cast<std::size_t>(len));
    OPENSSL_free(buf);
    return out;
}

// What every signature is checked against.
struct Context {
    std::vector<X509Ptr> anchors;
    std::vector<X509Ptr> extra;  // certificates of the PDF's DSS: more candidates for the chain, not trusted
    std::vector<Crl> crls;
    std::string crl_source;      // "--crl" or "the PDF's DSS"
    std::vector<std::string> crl_notes;  // DSS entries that are not CRLs
};

// The signing-certificate attribute (v2, or v1 with SHA-1) must name the
// certificate that signed; nullopt when there is none.
std::optional<bool> signing_certificate_matches(CMS_SignerInfo* si, X509* signer, std::vector<std::string>& notes) {
    X509StackPtr chain(sk_X509_new_null());
    X509_up_ref(signer);
    sk_X509_push(chain.get(), signer);
    const ASN1_STRING* v2 = static_cast<const ASN1_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
    if (v2) {
        const unsigned char* p = ASN1_STRING_get0_data(v2);
        Owned<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free> ss(
            d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(v2)));
        bool ok = ss && OSSL_ESS_check_signing_certs(nullptr, ss.get(), chain.get(), 1) > 0;
        ERR_clear_error();
        return ok;
    }
    const ASN1_STRING* v1 = static_cast<const ASN1_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE));
    if (v1) {
        notes.push_back("the signing-certificate attribute is the old SHA-1 form (v1)");
        const unsigned char* p = ASN1_STRING_get0_data(v1);
        Owned<ESS_SIGNING_CERT, ESS_SIGNING_CERT_free> ss(d2i_ESS_SIGNING_CERT(nullptr, &p, ASN1_STRING_length(v1)));
        bool ok = ss && OSSL_ESS_check_signing_certs(ss.get(), nullptr, chain.get(), 1) > 0;
        ERR_clear_error();
        return ok;
    }
    return std::nullopt;
}

void check_chain(SignatureCheck& c, X509* signer, STACK_OF(X509) * cms_certs, const Context& context) {
    auto revocation_not_checked = [&](const std::string& why) {
        c.revocation = Revocation::not_checked;
        c.revocation_detail = "not checked: " + why;
    };
    // The certificates a DSS should hold for this signature, when no
    // trusted chain says better: those the signature carries.
    c.chain_der.push_back(der(signer));
    for (int i = 0; cms_certs && i < sk_X509_num(cms_certs); ++i)
        if (X509_cmp(sk_X509_value(cms_certs, i), signer) != 0) c.chain_der.push_back(der(sk_X509_value(cms_certs, i)));
    if (context.anchors.empty()) {
        c.chain = Chain::not_checked;
        c.chain_detail = "not checked: no trust anchors given (--trust)";
        revocation_not_checked("no trust anchors given (--trust), so no issuer to check a CRL with");
        return;
    }
    Owned<X509_STORE, X509_STORE_free> store(X509_STORE_new());
    for (const auto& a : context.anchors) X509_STORE_add_cert(store.get(), a.get());
    // An intermediate CA given as the anchor ends the chain there, as
    // `openssl verify -partial_chain` and pdfsig do.
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
    ERR_clear_error();
    X509StackPtr untrusted(sk_X509_new_null());
    for (int i = 0; cms_certs && i < sk_X509_num(cms_certs); ++i) {
        X509_up_ref(sk_X509_value(cms_certs, i));
        sk_X509_push(untrusted.get(), sk_X509_value(cms_certs, i));
    }
    for (const auto& e : context.extra) {
        X509_up_ref(e.get());
        sk_X509_push(untrusted.get(), e.get());
    }
    Owned<X509_STORE_CTX, X509_STORE_CTX_free> ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), signer, untrusted.get());
    std::time_t at = c.time ? static_cast<std::time_t>(c.time->unix_seconds) : std::time(nullptr);
    X509_STORE_CTX_set_time(ctx.get(), 0, at);
    int ok = X509_verify_cert(ctx.get());
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
        c.chain_subjects.push_back(name_text(X509_get_subject_name(sk_X509_value(chain, i))));
    std::string when = c.time ? "at the signing time " + display_time(*c.time) : "now (the signing time is unreadable)";
    if (ok == 1) {
        c.chain_der.clear();
        for (int i = 0; i < sk_X509_num(chain); ++i) c.chain_der.push_back(der(sk_X509_value(chain, i)));
        if (!allows_signing(signer)) {
            c.chain = Chain::invalid;
            c.chain_detail = "the certificate does not allow signatures (key usage)";
            revocation_not_checked("the chain is not valid");
            return;
        }
        c.chain = Chain::trusted;
        c.chain_detail = "trusted: chains to " + c.chain_subjects.back() + ", valid " + when;
        if (context.crls.empty() && context.crl_notes.empty())
            revocation_not_checked(
                "no CRLs (give them with --crl, or add them to the PDF with tertial ltv); whether a certificate was "
                "revoked is unknown");
        else
            check_revocation(c, chain, context.crls, context.crl_source);
        for (const auto& n : context.crl_notes) c.notes.push_back(n);
        return;
    }
    revocation_not_checked("the chain is not trusted");
    int err = X509_STORE_CTX_get_error(ctx.get());
    std::string why = X509_verify_cert_error_string(err);
    ERR_clear_error();
    switch (err) {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            c.chain = Chain::expired;
            c.chain_detail = "a certificate of the chain had expired " + when + " (" + why + ")";
            break;
        case X509_V_ERR_CERT_NOT_YET_VALID:
            c.chain = Chain::not_yet_valid;
            c.chain_detail = "a certificate of the chain was not yet valid " + when + " (" + why + ")";
            break;
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            c.chain = Chain::untrusted;
            c.chain_detail = "not trusted: does not chain to any of the given trust anchors (" + why + ")";
            break;
        default:
            c.chain = Chain::invalid;
            c.chain_detail = "invalid: " + why;
    }
}

void check_signature(SignatureCheck& c, const std::string& bytes, const Context& context) {
    const ParsedSignature& s = c.parsed;
    c.time = parse_pdf_date(s.time);
    if (s.time.empty())
        c.notes.push_back("no signing time (/M)");
    else if (!c.time)
        c.notes.push_back("the signing time (/M) '" + s.time + "' is not a PDF date");
    auto malformed = [&](const std::string& why) {
        c.integrity = Integrity::malformed;
        c.integrity_detail = why;
    };
    if (s.sub_filter != "ETSI.CAdES.detached" && s.sub_filter != "adbe.pkcs7.detached")
        return malformed("unsupported signature type /SubFilter /" + s.sub_filter +
                         " (only ETSI.CAdES.detached and adbe.pkcs7.detached)");
    if (s.sub_filter == "adbe.pkcs7.detached")
        c.notes.push_back("adbe.pkcs7.detached, not a PAdES signature (ETSI.CAdES.detached)");
    if (!byte_range_in_file(s.byte_range, bytes.size())) return malformed("its /ByteRange lies outside the file");

    ERR_clear_error();
    const auto* p = reinterpret_cast<const unsigned char*>(s.contents.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(s.contents.size())));
    if (!cms) {
        ERR_clear_error();
        return malformed("its /Contents is not a CMS signature");
    }
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) return malformed("its CMS is not SignedData");
    if (CMS_is_detached(cms.get()) != 1) return malformed("its CMS carries content of its own (not detached)");
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(infos) != 1)
        return malformed("its CMS has " + std::to_string(sk_CMS_SignerInfo_num(infos)) + " signers, not one");
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    X509StackPtr certs(CMS_get1_certs(cms.get()));
    CMS_set1_signers_certs(cms.get(), nullptr, 0);
    ERR_clear_error();
    EVP_PKEY* pk = nullptr;
    X509* signer = nullptr;
    X509_ALGOR *digest_alg = nullptr, *signature_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, &pk, &signer, &digest_alg, &signature_alg);
    if (!signer) return malformed("its CMS does not contain the signer's certificate");
    c.signer_subject = name_text(X509_get_subject_name(signer));
    c.signer_name = common_name(signer);
    c.issuer_subject = name_text(X509_get_issuer_name(signer));
    c.certificate_validity = validity_text(signer);

    const ASN1_OBJECT* digest_oid = nullptr;
    X509_ALGOR_get0(&digest_oid, nullptr, nullptr, digest_alg);
    const EVP_MD* md = EVP_get_digestbyobj(digest_oid);
    if (!md) return malformed("its digest algorithm is unknown");
    c.digest_algorithm = digest_name(md);
    if (EVP_MD_get_type(md) == NID_sha1) c.notes.push_back("SHA-1 is too weak for new signatures");
    if (CMS_signed_get_attr_count(si) <= 0) return malformed("its CMS has no signed attributes");

    // The digest of the bytes the range covers, against messageDigest.
    std::string data = byte_range_data(bytes, s.byte_range);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_Digest(data.data(), data.size(), digest, &digest_len, md, nullptr);
    const ASN1_OCTET_STRING* claimed = static_cast<const ASN1_OCTET_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    if (!claimed) return malformed("its CMS has no messageDigest attribute");
    bool digest_ok = static_cast<unsigned int>(ASN1_STRING_length(claimed)) == digest_len &&
                     std::equal(digest, digest + digest_len, ASN1_STRING_get0_data(claimed));
    bool signature_ok = CMS_SignerInfo_verify(si) == 1;
    ERR_clear_error();
    auto signing_cert = signing_certificate_matches(si, signer, c.notes);
    if (!signing_cert) c.notes.push_back("no signing-certificate attribute (PAdES needs signing-certificate-v2)");
    if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0)
        c.notes.push_back("a signingTime attribute inside the CMS (PAdES B-B puts the time in /M only)");

    if (!digest_ok) {
        c.integrity = Integrity::digest_mismatch;
        c.integrity_detail = "the document was changed: the " + c.digest_algorithm +
                             " digest of the signed bytes differs from the one that was signed";
    } else if (!signature_ok) {
        c.integrity = Integrity::signature_invalid;
        c.integrity_detail = "the signature value does not verify with the signer's public key";
    } else if (signing_cert && !*signing_cert) {
        c.integrity = Integrity::signing_certificate_mismatch;
        c.integrity_detail = "the signing-certificate attribute names another certificate than the one included";
    } else if (!s.covers_revision) {
        c.integrity = Integrity::malformed;
        c.integrity_detail = "digest and signature match, but " + s.coverage_problem;
    } else {
        c.integrity = Integrity::intact;
        c.integrity_detail = "intact: " + c.digest_algorithm + " digest and signature match";
    }
    check_chain(c, signer, certs.get(), context);
}

}  // namespace

VerifyResult sign_detail::verify_signatures(const std::string& bytes, const TrustSettings& trust,
                                            const PdfParser& parse) {
    Context context;
    context.anchors = read_anchors(trust.anchors);
    context.crls = read_crls(trust.crls);
    context.crl_source = "--crl";
    VerifyResult result;
    result.pdf = parse(bytes);
    for (const auto& d : result.pdf.dss_certificates) {
        const auto* p = reinterpret_cast<const unsigned char*>(d.data());
        if (X509* x = d2i_X509(nullptr, &p, static_cast<long>(d.size()))) context.extra.emplace_back(x);
        ERR_clear_error();
    }
    if (trust.crls.empty() && !result.pdf.dss_crls.empty()) {
        context.crl_source = "the PDF's DSS";
        context.crls = read_dss_crls(result.pdf.dss_crls, context.crl_notes);
    }
    for (const auto& s : result.pdf.signatures) {
        SignatureCheck c;
        c.parsed = s;
        if (!s.covers_revision && s.coverage_problem.empty())
            c.parsed.coverage_problem = "its byte range was not checked";
        check_signature(c, bytes, context);
        result.signatures.push_back(std::move(c));
    }
    result.pdf.signatures.clear();
    return result;
}

}  // namespace tertial::pdf
