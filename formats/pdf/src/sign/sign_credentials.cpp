// Signing keys (PKCS#12 or PEM) and the CAdES signature itself (OpenSSL 3):
// SHA-256, signing-certificate-v2, no signingTime. In the signature module;
// Credentials' members call in through its table (sign_module.cpp).
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "sign_impl.hpp"

namespace tertial::pdf {

using namespace sign_detail;

// ---- OpenSSL helpers ---------------------------------------------------------------------

namespace sign_detail {

std::string openssl_error() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        const char* reason = ERR_reason_error_string(e);
        out = reason ? reason : buf;  // the last one is the most specific
    }
    return out;
}

std::string name_text(const X509_NAME* name) {
    if (!name) return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data ? data : "", data ? static_cast<std::size_t>(len) : 0);
}

std::string common_name(const X509* cert) {
    const X509_NAME* subject = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (i < 0) return name_text(subject);
    ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, value);
    if (len < 0) return name_text(subject);
    std::string cn(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return cn;
}

namespace {
std::string asn1_date(const ASN1_TIME* t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
    return fmt::format("{}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
}  // namespace

std::string validity_text(const X509* cert) {
    return asn1_date(X509_get0_notBefore(cert)) + " – " + asn1_date(X509_get0_notAfter(cert));
}

bool allows_signing(X509* cert) {
    std::uint32_t usage = X509_get_key_usage(cert);
    if (usage == UINT32_MAX) return true;  // no keyUsage extension: any use
    return (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

}  // namespace sign_detail

// ---- credentials -------------------------------------------------------------------------

namespace {

// Legacy PKCS#12 files (RC2-40, 3DES) need OpenSSL 3's legacy provider,
// which replaces the implicit default provider once loaded. Both are
// unloaded at exit: OpenSSL's own cleanup does not free the legacy
// provider's child library context (LeakSanitizer finds it).
void load_providers() {
    struct Providers {
        OSSL_PROVIDER* legacy = OSSL_PROVIDER_load(nullptr, "legacy");
        OSSL_PROVIDER* fallback = OSSL_PROVIDER_load(nullptr, "default");
        Providers() { ERR_clear_error(); }
        ~Providers() {
            if (fallback) OSSL_PROVIDER_unload(fallback);
            if (legacy) OSSL_PROVIDER_unload(legacy);
        }
        Providers(const Providers&) = delete;
        Providers& operator=(const Providers&) = delete;
    };
    static const Providers providers;
}

}  // namespace

void sign_detail::check_key(const Credentials::Impl& c, const std::string& source) {
    int type = EVP_PKEY_get_base_id(c.key.get());
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC)
        throw CredentialError(CredentialError::Kind::not_for_signing,
                              source + ": the key is neither RSA nor ECDSA, which PAdES signatures need");
    if (X509_check_private_key(c.cert.get(), c.key.get()) != 1) {
        ERR_clear_error();
        throw CredentialError(CredentialError::Kind::key_mismatch,
                              source + ": the private key does not belong to the certificate (" +
                                  name_text(X509_get_subject_name(c.cert.get())) + ")");
    }
}

void sign_detail::free_credentials(Credentials::Impl* impl) {
    delete impl;
}

Credentials::Impl* sign_detail::credentials_from_pkcs12(const std::string& der, const std::string& source,
                                                        const PasswordSource& password) {
    load_providers();
    ERR_clear_error();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Owned<PKCS12, PKCS12_free> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    if (!p12) {
        ERR_clear_error();
        throw CredentialError(CredentialError::Kind::unreadable, source + ": not a PKCS#12 file (.p12/.pfx)");
    }
    std::string pass;
    bool have = false;
    if (!PKCS12_mac_present(p12.get()) || PKCS12_verify_mac(p12.get(), "", 0) == 1 ||
        PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
        have = true;  // no password
    }
    ERR_clear_error();
    if (!have) {
        auto given = password ? password() : std::nullopt;
        if (!given)
            throw CredentialError(
                CredentialError::Kind::wrong_password,
                source + ": the file needs a password: set TERTIAL_P12_PASSWORD or run in a terminal");
        pass = *given;
        if (PKCS12_verify_mac(p12.get(), pass.c_str(), static_cast<int>(pass.size())) != 1) {
            ERR_clear_error();
            throw CredentialError(CredentialError::Kind::wrong_password, source + ": wrong password");
        }
    }
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), pass.c_str(), &key, &cert, &ca) != 1) {
        std::string why = openssl_error();
        throw CredentialError(CredentialError::Kind::unreadable,
                              source + ": cannot open the PKCS#12 file" + (why.empty() ? "" : ": " + why));
    }
    auto impl = std::make_unique<Credentials::Impl>();
    impl->key.reset(key);
    impl->cert.reset(cert);
    X509StackPtr chain(ca);
    if (!impl->key) throw CredentialError(CredentialError::Kind::no_key, source + ": the file holds no private key");
    if (!impl->cert)
        throw CredentialError(CredentialError::Kind::no_key, source + ": the file holds no certificate for its key");
    for (int i = 0; chain && i < sk_X509_num(chain.get()); ++i) {
        X509* c = sk_X509_value(chain.get(), i);
        X509_up_ref(c);
        impl->chain.emplace_back(c);
    }
    check_key(*impl, source);
    return impl.release();
}

namespace {

struct PemPassword {
    const PasswordSource* source;
    bool asked = false, missing = false;
};

int pem_password(char* buf, int size, int, void* user) {
    auto* p = static_cast<PemPassword*>(user);
    p->asked = true;
    auto given = *p->source ? (*p->source)() : std::nullopt;
    if (!given) {
        p->missing = true;
        return -1;
    }
    int n = static_cast<int>(std::min<std::size_t>(given->size(), static_cast<std::size_t>(size)));
    std::copy_n(given->data(), n, buf);
    return n;
}

}  // namespace

Credentials::Impl* sign_detail::credentials_from_pem(const std::string& cert_pem, const std::string& cert_source,
                                                     const std::string& key_pem, const std::string& key_source,
                                                     const PasswordSource& password) {
    load_providers();
    ERR_clear_error();
    auto impl = std::make_unique<Credentials::Impl>();
    BioPtr certs(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
    impl->cert.reset(PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr));
    if (!impl->cert) {
        ERR_clear_error();
        throw CredentialError(CredentialError::Kind::unreadable, cert_source + ": no PEM certificate in the file");
    }
    while (X509* more = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) impl->chain.emplace_back(more);
    ERR_clear_error();

    BioPtr key(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
    PemPassword asked{&password};
    impl->key.reset(PEM_read_bio_PrivateKey(key.get(), nullptr, pem_password, &asked));
    if (!impl->key) {
        ERR_clear_error();
        if (asked.missing)
            throw CredentialError(CredentialError::Kind::wrong_password,
                                  key_source + ": the key is encrypted: set TERTIAL_P12_PASSWORD or run in a terminal");
        if (asked.asked) throw CredentialError(CredentialError::Kind::wrong_password, key_source + ": wrong password");
        throw CredentialError(CredentialError::Kind::unreadable, key_source + ": no PEM private key in the file");
    }
    check_key(*impl, key_source);
    return impl.release();
}

std::string sign_detail::credentials_subject(const Credentials::Impl& c) {
    return name_text(X509_get_subject_name(c.cert.get()));
}
std::string sign_detail::credentials_common_name(const Credentials::Impl& c) {
    return common_name(c.cert.get());
}

namespace {

std::string key_kind(EVP_PKEY* key) {
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) return "RSA " + std::to_string(EVP_PKEY_get_bits(key)) + " bits";
    char group[64] = {0};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1) return "ECDSA";
    std::string g(group, len);
    if (g == "prime256v1" || g == "P-256") return "ECDSA P-256";
    if (g == "secp384r1" || g == "P-384") return "ECDSA P-384";
    if (g == "secp521r1" || g == "P-521") return "ECDSA P-521";
    return "ECDSA " + g;
}

}  // namespace

std::string sign_detail::credentials_key_description(const Credentials::Impl& c) {
    std::string kind = key_kind(c.key.get());
    return c.device_name.empty() ? kind : kind + ", on " + c.device_name;
}

void sign_detail::check_credentials_usable(const Credentials::Impl& c, const std::optional<SigningTime>& when) {
    X509* cert = c.cert.get();
    std::time_t at = when ? static_cast<std::time_t>(when->unix_seconds) : std::time(nullptr);
    std::string who = "the certificate (" + name_text(X509_get_subject_name(cert)) + ") is valid " +
                      validity_text(cert) + ": ";
    std::string time = when ? " at the signing time " + display_time(*when) : " by the computer's clock";
    if (X509_cmp_time(X509_get0_notBefore(cert), &at) > 0)
        throw CredentialError(CredentialError::Kind::not_yet_valid, who + "it is not valid yet" + time);
    if (X509_cmp_time(X509_get0_notAfter(cert), &at) < 0)
        throw CredentialError(CredentialError::Kind::expired,
                              who + (when ? "it had expired" : "it has expired") + time);
    if (!allows_signing(cert))
        throw CredentialError(CredentialError::Kind::not_for_signing,
                              "the certificate (" + name_text(X509_get_subject_name(cert)) +
                                  ") does not allow signatures (key usage)");
}

// ---- the CAdES signature -----------------------------------------------------------------

namespace sign_detail {
namespace {

std::string der_length(std::size_t n) {
    if (n < 0x80) return std::string(1, static_cast<char>(n));
    std::string bytes;
    while (n) {
        bytes.insert(bytes.begin(), static_cast<char>(n & 0xFF));
        n >>= 8;
    }
    return std::string(1, static_cast<char>(0x80 | bytes.size())) + bytes;
}

// The signed attributes as the DER SET OF that the signature covers:
// elements sorted by their encodings, as DER (and OpenSSL's encoder) wants.
// The SignerInfo's own list is put in that order too: OpenSSL checks a
// signature over the attributes in the order they are held (as received).
std::string sort_signed_attributes(CMS_SignerInfo* si) {
    using AttributePtr = Owned<X509_ATTRIBUTE, X509_ATTRIBUTE_free>;
    std::vector<std::pair<std::string, AttributePtr>> attributes;
    while (CMS_signed_get_attr_count(si) > 0) {
        AttributePtr a(CMS_signed_delete_attr(si, 0));
        unsigned char* der = nullptr;
        int len = a ? i2d_X509_ATTRIBUTE(a.get(), &der) : -1;
        if (len <= 0) throw std::runtime_error("cannot encode a signed attribute: " + openssl_error());
        attributes.emplace_back(std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)), std::move(a));
        OPENSSL_free(der);
    }
    std::sort(attributes.begin(), attributes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string content;
    for (const auto& [der, attribute] : attributes) {
        if (CMS_signed_add1_attr(si, attribute.get()) != 1)
            throw std::runtime_error("cannot store a signed attribute: " + openssl_error());
        content += der;
    }
    std::string set(1, '\x31');  // SET OF
    set += der_length(content.size());
    set += content;
    return set;
}

}  // namespace

std::string cades_signature(std::string_view data, const Credentials& credentials) {
    const Credentials::Impl& c = credentials.impl();
    ERR_clear_error();
    auto fail = [](const std::string& what) { return std::runtime_error(what + ": " + openssl_error()); };
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_DETACHED | CMS_BINARY | CMS_PARTIAL));
    if (!cms) throw fail("cannot start the CMS signature");
    // CMS_CADES adds signing-certificate-v2 (ESS, SHA-256 of the certificate).
    CMS_SignerInfo* si = CMS_add1_signer(cms.get(), c.cert.get(), c.key.get(), EVP_sha256(),
                                         CMS_BINARY | CMS_CADES | CMS_NOSMIMECAP | CMS_PARTIAL);
    if (!si) throw fail("cannot add the signer");
    for (const auto& extra : c.chain) {
        if (X509_cmp(extra.get(), c.cert.get()) == 0) continue;
        CMS_add1_cert(cms.get(), extra.get());  // a duplicate is refused, and harmless
        ERR_clear_error();
    }
    // The content's attributes are added here, not by CMS_final: OpenSSL
    // 3.0's CMS_final signs and always adds signingTime, which PAdES B-B
    // forbids (the time is /M). So the key signs once, what we give it,
    // which matters for a card that asks for its PIN at every signature.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &digest_length, EVP_sha256(), nullptr) != 1)
        throw fail("cannot hash the signed bytes");
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest,
                                    static_cast<int>(digest_length)) != 1)
        throw fail("cannot add the signed attributes");
    std::string attributes = sort_signed_attributes(si);
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, c.key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(attributes.data()),
                       attributes.size()) != 1)
        throw fail("cannot sign the signed attributes");
    std::vector<unsigned char> signature(length);
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, reinterpret_cast<const unsigned char*>(attributes.data()),
                       attributes.size()) != 1)
        throw fail("cannot sign the signed attributes");
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(), static_cast<int>(length)) != 1)
        throw fail("cannot store the signature");
    if (CMS_SignerInfo_verify(si) != 1) throw fail("the new signature does not verify");

    unsigned char* der = nullptr;
    int len = i2d_CMS_ContentInfo(cms.get(), &der);
    if (len <= 0) throw fail("cannot encode the signature");
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

bool byte_range_in_file(const std::vector<std::int64_t>& r, std::size_t file_size) {
    if (r.size() != 4) return false;
    for (auto v : r)
        if (v < 0) return false;
    auto size = static_cast<std::int64_t>(file_size);
    return r[0] <= size && r[1] <= size - r[0] && r[2] >= r[0] + r[1] && r[2] <= size && r[3] <= size - r[2];
}

std::string byte_range_data(const std::string& bytes, const std::vector<std::int64_t>& r) {
    return bytes.substr(static_cast<std::size_t>(r[0]), static_cast<std::size_t>(r[1])) +
           bytes.substr(static_cast<std::size_t>(r[2]), static_cast<std::size_t>(r[3]));
}

}  // namespace sign_detail
}  // namespace tertial::pdf
