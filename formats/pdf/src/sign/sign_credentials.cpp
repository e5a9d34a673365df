// Signing keys (PKCS#12 or PEM), signing times, and the CAdES signature
// itself (OpenSSL 3): SHA-256, signing-certificate-v2, no signingTime.
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "sign_impl.hpp"

namespace tertial::pdf {
namespace {

using namespace sign_detail;

// ---- calendar (proleptic Gregorian, no time zone database needed) -------------------

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    int year, month, day, hour, minute, second;
};

Civil civil_from_unix(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - days * 86400;
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)),
            static_cast<int>(m),
            static_cast<int>(d),
            static_cast<int>(secs / 3600),
            static_cast<int>(secs / 60 % 60),
            static_cast<int>(secs % 60)};
}

bool valid_civil(int y, int mo, int d, int h, int mi, int s) {
    static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= month_days[mo - 1] && !(mo == 2 && d == 29 && !leap);
}

// Reads `n` digits at `s[at]`; -1 when they are not all digits.
int digits(const std::string& s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::string two(int v) {
    std::string s = v < 10 ? "0" : "";
    s += std::to_string(v);
    return s;
}

std::string offset_text(int minutes, const char* separator, const char* end) {
    int a = std::abs(minutes);
    std::string s(1, minutes < 0 ? '-' : '+');
    s += two(a / 60);
    s += separator;
    s += two(a % 60);
    s += end;
    return s;
}

}  // namespace

SigningTime parse_iso_time(const std::string& iso) {
    auto bad = [&](const std::string& why) {
        return std::invalid_argument("'" + iso + "' is not a time like 2020-05-12T10:31:00+02:00: " + why);
    };
    int y = digits(iso, 0, 4), mo = digits(iso, 5, 2), d = digits(iso, 8, 2), h = digits(iso, 11, 2),
        mi = digits(iso, 14, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
        iso[13] != ':')
        throw bad("expected YYYY-MM-DDTHH:MM");
    std::size_t at = 16;
    int s = 0;
    if (at < iso.size() && iso[at] == ':') {
        s = digits(iso, at + 1, 2);
        if (s < 0) throw bad("seconds must be two digits");
        at += 3;
    }
    if (!valid_civil(y, mo, d, h, mi, s)) throw bad("no such date or time");
    int offset = 0;
    if (at < iso.size() && iso[at] == 'Z' && at + 1 == iso.size()) {
        offset = 0;
    } else if (at < iso.size() && (iso[at] == '+' || iso[at] == '-') && at + 6 == iso.size() && iso[at + 3] == ':') {
        int oh = digits(iso, at + 1, 2), om = digits(iso, at + 4, 2);
        if (oh < 0 || om < 0 || oh > 14 || om > 59) throw bad("bad UTC offset");
        offset = (oh * 60 + om) * (iso[at] == '-' ? -1 : 1);
    } else {
        throw bad("it must end with Z or a UTC offset like +02:00");
    }
    std::int64_t local =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
    return {local - offset * 60, offset};
}

SigningTime signing_time_now() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return {static_cast<std::int64_t>(now), static_cast<int>(local.tm_gmtoff / 60)};
}

std::string pdf_date(const SigningTime& t) {
    Civil c = civil_from_unix(t.unix_seconds + t.utc_offset_minutes * 60);
    return "D:" + std::to_string(c.year) + two(c.month) + two(c.day) + two(c.hour) + two(c.minute) + two(c.second) +
           offset_text(t.utc_offset_minutes, "'", "'");
}

std::string display_time(const SigningTime& t) {
    Civil c = civil_from_unix(t.unix_seconds + t.utc_offset_minutes * 60);
    return std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day) + " " + two(c.hour) + ":" + two(c.minute) +
           ":" + two(c.second) + " " + offset_text(t.utc_offset_minutes, ":", "");
}

std::optional<SigningTime> parse_pdf_date(const std::string& date) {
    std::string s = date.rfind("D:", 0) == 0 ? date.substr(2) : date;
    int y = digits(s, 0, 4);
    if (y < 0) return std::nullopt;
    int parts[5] = {1, 1, 0, 0, 0};  // month, day, hour, minute, second
    std::size_t at = 4;
    for (int& p : parts) {
        int v = digits(s, at, 2);
        if (v < 0) break;
        p = v;
        at += 2;
    }
    if (!valid_civil(y, parts[0], parts[1], parts[2], parts[3], parts[4])) return std::nullopt;
    int offset = 0;
    if (at < s.size()) {
        char sign = s[at];
        if (sign == 'Z') {
            ++at;
        } else if (sign == '+' || sign == '-') {
            int oh = digits(s, at + 1, 2);
            if (oh < 0 || oh > 14) return std::nullopt;
            at += 3;
            int om = 0;
            if (at < s.size() && s[at] == '\'') ++at;
            if (digits(s, at, 2) >= 0) {
                om = digits(s, at, 2);
                at += 2;
            }
            if (om > 59) return std::nullopt;
            offset = (oh * 60 + om) * (sign == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
        if (at < s.size() && s[at] == '\'') ++at;
        if (at != s.size()) return std::nullopt;
    }
    std::int64_t local = days_from_civil(y, static_cast<unsigned>(parts[0]), static_cast<unsigned>(parts[1])) * 86400 +
                         parts[2] * 3600 + parts[3] * 60 + parts[4];
    return SigningTime{local - offset * 60, offset};
}

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
    return std::to_string(tm.tm_year + 1900) + "-" + two(tm.tm_mon + 1) + "-" + two(tm.tm_mday);
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

Credentials::Credentials(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Credentials::Credentials(Credentials&&) noexcept = default;
Credentials& Credentials::operator=(Credentials&&) noexcept = default;
Credentials::~Credentials() = default;

Credentials Credentials::from_pkcs12(const std::string& der, const std::string& source,
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
    auto impl = std::make_unique<Impl>();
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
    return Credentials(std::move(impl));
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

Credentials Credentials::from_pem(const std::string& cert_pem, const std::string& cert_source,
                                  const std::string& key_pem, const std::string& key_source,
                                  const PasswordSource& password) {
    load_providers();
    ERR_clear_error();
    auto impl = std::make_unique<Impl>();
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
    return Credentials(std::move(impl));
}

std::string Credentials::subject() const {
    return name_text(X509_get_subject_name(impl_->cert.get()));
}
std::string Credentials::common_name() const {
    return sign_detail::common_name(impl_->cert.get());
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

std::string Credentials::key_description() const {
    std::string kind = key_kind(impl_->key.get());
    return impl_->device_name.empty() ? kind : kind + ", on " + impl_->device_name;
}

namespace {

// `when` is the signing time, or nullopt for the clock's time (left out of
// the message: it gives the validity dates, which say enough).
void check_usable(X509* cert, std::time_t at, const std::optional<SigningTime>& when) {
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

}  // namespace

void Credentials::check_usable_at(const SigningTime& t) const {
    check_usable(impl_->cert.get(), static_cast<std::time_t>(t.unix_seconds), t);
}

void Credentials::check_usable_now() const {
    check_usable(impl_->cert.get(), std::time(nullptr), std::nullopt);
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
