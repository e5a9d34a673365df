// Offline revocation: the certificates of a trusted chain checked against
// CRLs the user brought (--crl) or the PDF's DSS carries. Done here rather
// than by X509_verify_cert's CRL check, which judges a CRL's currency at
// the one time it verifies at (/M): a CRL issued after the signing time,
// the kind a DSS holds, would be "not yet valid" there.
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "sign_impl.hpp"

namespace tertial::pdf::sign_detail {
namespace {

std::vector<CrlPtr> parse_crls(const std::string& bytes) {
    std::vector<CrlPtr> out;
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    while (X509_CRL* c = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(c);
    ERR_clear_error();
    if (out.empty()) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
        X509_CRL* c = d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size()));
        if (c && p == reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size())
            out.emplace_back(c);
        else
            X509_CRL_free(c);
        ERR_clear_error();
    }
    return out;
}

std::int64_t unix_time(const ASN1_TIME* t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::string date_of(const ASN1_TIME* t) {
    return asn1_display_time(t).substr(0, 10);
}

const char* reason_name(int code) {
    switch (code) {
        case 0: return "unspecified";
        case 1: return "keyCompromise";
        case 2: return "cACompromise";
        case 3: return "affiliationChanged";
        case 4: return "superseded";
        case 5: return "cessationOfOperation";
        case 6: return "certificateHold";
        case 8: return "removeFromCRL";
        case 9: return "privilegeWithdrawn";
        case 10: return "aACompromise";
        default: return "unknown reason";
    }
}

bool is_ca(X509* cert) {
    return X509_check_ca(cert) != 0;
}

// Whether a CRL speaks for `cert` at all, by its issuing distribution
// point; "" when it does, else why not.
std::string out_of_scope(X509_CRL* crl, X509* cert) {
    int critical = -1;
    auto* idp = static_cast<ISSUING_DIST_POINT*>(
        X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, &critical, nullptr));
    if (!idp) return {};
    std::string why;
    if (idp->onlyuser > 0 && is_ca(cert)) why = "it covers end-entity certificates only";
    if (idp->onlyCA > 0 && !is_ca(cert)) why = "it covers CA certificates only";
    if (idp->onlyattr > 0) why = "it covers attribute certificates only";
    if (idp->onlysomereasons) why = "it covers some revocation reasons only (partitioned CRLs are not supported)";
    if (idp->indirectCRL > 0) why = "it is an indirect CRL (not supported)";
    ISSUING_DIST_POINT_free(idp);
    return why;
}

CertificateRevocation check_one(X509* cert, X509* issuer, const std::vector<Crl>& crls,
                                const std::optional<SigningTime>& signing_time) {
    CertificateRevocation r;
    r.subject = name_text(X509_get_subject_name(cert));
    std::string who = common_name(cert), by = name_text(X509_get_subject_name(issuer));
    std::time_t now = std::time(nullptr);
    std::time_t at = signing_time ? static_cast<std::time_t>(signing_time->unix_seconds) : now;
    std::string at_text = signing_time ? "the signing time " + display_time(*signing_time) : "now";
    std::vector<std::string> problems;
    const Crl* good = nullptr;
    std::int64_t good_issued = 0;
    std::optional<std::pair<std::int64_t, std::string>> revoked;  // earliest revocation: when, detail
    for (const auto& c : crls) {
        X509_CRL* crl = c.crl.get();
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0) continue;
        std::string which = "the CRL in " + c.source + " issued " + date_of(X509_CRL_get0_lastUpdate(crl));
        EVP_PKEY* key = X509_get0_pubkey(issuer);
        if (!key || X509_CRL_verify(crl, key) != 1) {
            ERR_clear_error();
            problems.push_back(which + " names " + by +
                               " as its issuer, but its signature does not verify with that certificate's key");
            continue;
        }
        std::uint32_t usage = X509_get_key_usage(issuer);
        if (usage != UINT32_MAX && !(usage & KU_CRL_SIGN)) {
            problems.push_back(which + " is signed by " + by + ", whose key usage does not allow signing CRLs");
            continue;
        }
        int critical = -1;
        if (void* delta = X509_CRL_get_ext_d2i(crl, NID_delta_crl, &critical, nullptr)) {
            ASN1_INTEGER_free(static_cast<ASN1_INTEGER*>(delta));
            problems.push_back(which + " is a delta CRL (not supported)");
            continue;
        }
        if (auto why = out_of_scope(crl, cert); !why.empty()) {
            problems.push_back(which + " does not speak for it: " + why);
            continue;
        }
        if (X509_cmp_time(X509_CRL_get0_lastUpdate(crl), &now) > 0) {
            problems.push_back(which + " is dated in the future");
            continue;
        }
        const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
        if (next && X509_cmp_time(next, &at) < 0) {
            problems.push_back(which + " had expired before " + at_text + " (its next update was due " +
                               date_of(next) + ")");
            continue;
        }
        X509_REVOKED* entry = nullptr;
        int found = X509_CRL_get0_by_cert(crl, &entry, cert);
        if (found == 1 && entry) {
            const ASN1_TIME* when = X509_REVOKED_get0_revocationDate(entry);
            std::int64_t t = unix_time(when);
            auto* code = static_cast<ASN1_ENUMERATED*>(
                X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr));
            std::string reason = code ? reason_name(static_cast<int>(ASN1_ENUMERATED_get(code))) : "";
            ASN1_ENUMERATED_free(code);
            if (!revoked || t < revoked->first) {
                revoked = {t, which};
                r.revoked_at = asn1_display_time(when);
                r.reason = reason;
                if (signing_time) r.revoked_before_signing = t <= signing_time->unix_seconds;
            }
            continue;
        }
        std::int64_t issued = unix_time(X509_CRL_get0_lastUpdate(crl));
        if (!good || issued > good_issued) {
            good = &c;
            good_issued = issued;
        }
    }
    ERR_clear_error();
    if (revoked) {
        r.status = Revocation::revoked;
        std::string when = !r.revoked_before_signing  ? ""
                           : *r.revoked_before_signing ? ", before the signing time it claims"
                                                       : ", after the signing time it claims (which a signature "
                                                         "without a trusted timestamp cannot prove)";
        r.detail = "REVOKED: " + who + " was revoked on " + r.revoked_at +
                   (r.reason.empty() ? "" : " (" + r.reason + ")") + when + ", says " + revoked->second;
        return r;
    }
    if (good) {
        X509_CRL* crl = good->crl.get();
        r.status = Revocation::good;
        unsigned char* der = nullptr;
        int len = i2d_X509_CRL(crl, &der);
        if (len > 0) r.crl_der.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
        OPENSSL_free(der);
        r.detail = who + ": not revoked as of " + asn1_display_time(X509_CRL_get0_lastUpdate(crl)) + " (the CRL in " +
                   good->source + ")";
        const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
        if (next && X509_cmp_time(next, &now) < 0)
            r.detail += "; that CRL has expired since (next update due " + date_of(next) +
                        "): it speaks for the signing time, not for today";
        return r;
    }
    r.status = Revocation::unknown;
    if (problems.empty()) {
        std::string from;
        for (const auto& c : crls) {
            std::string issuer_name = name_text(X509_CRL_get_issuer(c.crl.get()));
            if (from.find(issuer_name) == std::string::npos) from += (from.empty() ? "" : "; ") + issuer_name;
        }
        r.detail = who + ": no CRL from its issuer (" + by + "); the CRLs at hand are from " + from;
    } else {
        r.detail = who + ": no usable CRL: ";
        for (std::size_t i = 0; i < problems.size(); ++i) r.detail += (i ? "; " : "") + problems[i];
    }
    return r;
}

}  // namespace

std::string asn1_display_time(const ASN1_TIME* t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
    return display_time({static_cast<std::int64_t>(timegm(&tm)), 0});
}

std::vector<Crl> read_crls(const std::vector<RevocationList>& files) {
    std::vector<Crl> out;
    for (const auto& f : files) {
        auto crls = parse_crls(f.bytes);
        if (crls.empty()) throw std::runtime_error(f.source + ": no CRL in the file (PEM or DER)");
        for (auto& c : crls) out.push_back({f.source, std::move(c)});
    }
    return out;
}

std::vector<Crl> read_dss_crls(const std::vector<std::string>& der, std::vector<std::string>& notes) {
    std::vector<Crl> out;
    for (std::size_t i = 0; i < der.size(); ++i) {
        const auto* p = reinterpret_cast<const unsigned char*>(der[i].data());
        X509_CRL* c = d2i_X509_CRL(nullptr, &p, static_cast<long>(der[i].size()));
        ERR_clear_error();
        if (c)
            out.push_back({"the PDF's DSS", CrlPtr(c)});
        else
            notes.push_back("entry " + std::to_string(i + 1) + " of the DSS's /CRLs is not a CRL; left out");
    }
    return out;
}

void check_revocation(SignatureCheck& c, STACK_OF(X509) * chain, const std::vector<Crl>& crls,
                      const std::string& source) {
    c.revocation_source = source;
    c.revocation_statuses.clear();
    int n = sk_X509_num(chain);
    for (int i = 0; i + 1 < n; ++i)
        c.revocation_statuses.push_back(check_one(sk_X509_value(chain, i), sk_X509_value(chain, i + 1), crls, c.time));
    if (c.revocation_statuses.empty()) {
        c.revocation = Revocation::good;
        c.revocation_detail = "nothing to check: the signer's certificate is itself the trust anchor";
        return;
    }
    Revocation worst = Revocation::good;
    for (const auto& s : c.revocation_statuses)
        if (s.status == Revocation::revoked || (s.status == Revocation::unknown && worst == Revocation::good))
            worst = s.status;
    c.revocation = worst;
    std::string details;
    for (const auto& s : c.revocation_statuses)
        if (s.status == worst || worst == Revocation::good) details += (details.empty() ? "" : "; ") + s.detail;
    std::string from = source == "--crl" ? "the CRLs given (--crl)" : "the CRLs of " + source;
    switch (worst) {
        case Revocation::revoked:
            c.revocation_detail = details;
            break;
        case Revocation::unknown:
            c.revocation_detail = "UNKNOWN, from " + from + ": " + details;
            break;
        default:
            c.revocation_detail = "not revoked, by " + from + ": " + details;
    }
}

}  // namespace tertial::pdf::sign_detail
