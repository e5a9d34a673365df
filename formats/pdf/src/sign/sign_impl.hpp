// Internals shared by the signing parts of the signature module
// (libtertial_pdf_sign.so) and the PKCS#11 module: OpenSSL handles that free
// themselves, the credentials' contents, CMS creation and checking.
#pragma once

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::sign_detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using X509Ptr = Owned<X509, X509_free>;
using KeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using BioPtr = Owned<BIO, BIO_free_all>;
using CmsPtr = Owned<CMS_ContentInfo, CMS_ContentInfo_free>;
inline void free_x509_stack(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}
using X509StackPtr = Owned<STACK_OF(X509), free_x509_stack>;

// The last OpenSSL error as text ("" when there is none); clears the queue.
std::string openssl_error();

// RFC 2253 form, UTF-8 ("CN=Helén Eurenius,O=Testkommun").
std::string name_text(const X509_NAME* name);
// The CN of a certificate's subject, or the whole subject.
std::string common_name(const X509* cert);
// "2020-01-01 – 2030-01-01" from notBefore/notAfter.
std::string validity_text(const X509* cert);
// Whether the key usage (if the certificate has one) allows signatures.
bool allows_signing(X509* cert);

// ---- revocation (sign_revocation.cpp) ----

using CrlPtr = Owned<X509_CRL, X509_CRL_free>;
struct Crl {
    std::string source;  // the file, or "the PDF's DSS"
    CrlPtr crl;
};
// Every CRL of the files (PEM, any number, or one DER); throws
// std::runtime_error naming a file that holds none.
std::vector<Crl> read_crls(const std::vector<RevocationList>& files);
// The DSS's CRLs (DER); one that is not a CRL is left out, with a note.
std::vector<Crl> read_dss_crls(const std::vector<std::string>& der, std::vector<std::string>& notes);
// Sets c.revocation*, for every certificate of a trusted `chain` (signer
// first) but its last, the anchor.
void check_revocation(SignatureCheck& c, STACK_OF(X509) * chain, const std::vector<Crl>& crls,
                      const std::string& source);
// A time as display_time() shows it, in UTC.
std::string asn1_display_time(const ASN1_TIME* t);

}  // namespace tertial::pdf::sign_detail

namespace tertial::pdf {

struct Credentials::Impl {
    // What the key lives in (a PKCS#11 module and its session), when it is
    // not in memory: first, so that it goes after the key.
    std::shared_ptr<void> device;
    std::string device_name;  // "token 'SITHS e-id'", for messages
    sign_detail::KeyPtr key;
    sign_detail::X509Ptr cert;
    std::vector<sign_detail::X509Ptr> chain;  // other certificates of the file, in its order
};

}  // namespace tertial::pdf

namespace tertial::pdf::sign_detail {

// Refuses a key that is neither RSA nor ECDSA, or does not belong to the
// certificate (CredentialError naming `source`).
void check_key(const Credentials::Impl& c, const std::string& source);

// What Credentials' members do (sign_credentials.cpp), called through the
// module's table: the keys made here are the caller's to free with
// free_credentials().
Credentials::Impl* credentials_from_pkcs12(const std::string& der, const std::string& source,
                                           const PasswordSource& password);
Credentials::Impl* credentials_from_pem(const std::string& cert_pem, const std::string& cert_source,
                                        const std::string& key_pem, const std::string& key_source,
                                        const PasswordSource& password);
void free_credentials(Credentials::Impl* impl);
std::string credentials_subject(const Credentials::Impl& c);
std::string credentials_common_name(const Credentials::Impl& c);
std::string credentials_key_description(const Credentials::Impl& c);
// At the signing time `when`, or by the clock when it is nullopt (left out of
// the message then: it gives the validity dates, which say enough).
void check_credentials_usable(const Credentials::Impl& c, const std::optional<SigningTime>& when);

// verify_pdf_against() (sign_verify.cpp).
VerifyResult verify_signatures(const std::string& bytes, const TrustSettings& trust, const PdfParser& parse);

// A detached CAdES signature (SignedData) over `data`: SHA-256,
// signing-certificate-v2, the certificate and chain included, and no
// signingTime attribute (PAdES B-B puts the time in /M).
std::string cades_signature(std::string_view data, const Credentials& credentials);

// Whether a byte range is four non-negative numbers, in order, inside a
// file of `file_size` bytes; and the bytes such a range covers.
bool byte_range_in_file(const std::vector<std::int64_t>& range, std::size_t file_size);
std::string byte_range_data(const std::string& bytes, const std::vector<std::int64_t>& range);

}  // namespace tertial::pdf::sign_detail
