// Signing and verifying Tertial PDFs offline: PAdES B-B signatures
// (ETSI.CAdES.detached, SHA-256, signing-certificate-v2, the time in /M)
// written as incremental updates, and everything `tertial verify` reports.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tertial/pdf/text.hpp"

namespace tertial::pdf {

// ---- time ------------------------------------------------------------------------------

// An instant and the UTC offset it is shown in (the signer's local time).
struct SigningTime {
    std::int64_t unix_seconds = 0;
    int utc_offset_minutes = 0;
};

// "2020-05-12T10:31:00+02:00" or "...Z" (seconds optional). Throws
// std::invalid_argument naming what is wrong.
SigningTime parse_iso_time(const std::string& iso);
// The clock, in the machine's local time zone.
SigningTime signing_time_now();
// D:20200512103100+02'00' (a PDF date, as /M wants it).
std::string pdf_date(const SigningTime& t);
// A PDF date (D:YYYY[MM[DD[HH[mm[SS[Z|+HH'mm']]]]]]); nullopt when malformed.
std::optional<SigningTime> parse_pdf_date(const std::string& date);
// "2020-05-12 10:31:00 +02:00".
std::string display_time(const SigningTime& t);

// ---- credentials -----------------------------------------------------------------------

class CredentialError : public std::runtime_error {
public:
    enum class Kind { unreadable, wrong_password, no_key, key_mismatch, not_yet_valid, expired, not_for_signing };
    CredentialError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// Asked for a password only when a file turns out to need one; nullopt
// when none can be had (no terminal, no environment variable).
using PasswordSource = std::function<std::optional<std::string>()>;

// A key on a PKCS#11 token: a smart card (SITHS), a USB key or an HSM.
struct Pkcs11Key {
    std::string module;     // the token's PKCS#11 module: a path, or a file name the loader finds
    std::string token;      // the token's label, as `pkcs11-tool -L` shows it
    std::string key_label;  // the key's label ("" when not chosen by label)
    std::string key_id;     // the key's id in hex, "01" or "4a:2f" ("" when not chosen by id)
    // A PEM certificate (then any chain certificates) for the key, when the
    // token holds none; "" to take the token's (the same id, else label).
    std::string cert_pem;
    std::string cert_source;  // names cert_pem's file in messages
};

// A private key, its certificate and the chain certificates its file holds.
class Credentials {
public:
    // A PKCS#12 file (.p12/.pfx), modern (AES, PBKDF2) or legacy (RC2,
    // 3DES). `source` names the file in messages.
    static Credentials from_pkcs12(const std::string& der, const std::string& source, const PasswordSource& password);
    // A PEM certificate (followed by any chain certificates) and a PEM
    // private key, which may be encrypted.
    static Credentials from_pem(const std::string& cert_pem, const std::string& cert_source, const std::string& key_pem,
                                const std::string& key_source, const PasswordSource& password);
    // A key that never leaves its token: OpenSSL signs through the module
    // (libp11). Logs in once with the PIN `pin` gives, and never tries a
    // second PIN (a card locks after a few wrong ones). Throws
    // CredentialError naming what is missing, with what the token holds.
    static Credentials from_pkcs11(const Pkcs11Key& key, const PasswordSource& pin);
    Credentials(Credentials&&) noexcept;
    Credentials& operator=(Credentials&&) noexcept;
    ~Credentials();

    std::string subject() const;          // "CN=Helén Eurenius,O=Testkommun" (RFC 2253, UTF-8)
    std::string common_name() const;      // "Helén Eurenius"; the whole subject when there is no CN
    std::string key_description() const;  // "RSA 2048 bits", "ECDSA P-256" (", on token 'X'")
    // Throws CredentialError (not_yet_valid, expired, not_for_signing) when
    // the certificate cannot sign at `t`; the message gives its validity
    // dates and `t`.
    void check_usable_at(const SigningTime& t) const;
    // The same by the computer's clock, whose time the message leaves out
    // (it gives the validity dates only).
    void check_usable_now() const;

    struct Impl;  // OpenSSL's key and certificates: the signature module's
    const Impl& impl() const { return *impl_; }

private:
    // Frees the key in the module that made it (libtertial_pdf links no OpenSSL).
    struct ImplDeleter {
        void operator()(Impl* impl) const;
    };
    explicit Credentials(Impl* impl);  // owned from here on
    std::unique_ptr<Impl, ImplDeleter> impl_;
};

// ---- signing ---------------------------------------------------------------------------

class SignError : public std::runtime_error {
public:
    enum class Kind { not_signable, no_such_field, already_signed, cannot_certify };
    SignError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

struct SignRequest {
    std::string field;         // the signature field's name (signature_field_name of the signatory id)
    std::string signer_name;   // shown after "Digitalt signerad av": the certificate's name
    std::string title;         // the signatory's title in the report, e.g. "Förvaltningschef"
    std::string organisation;  // shown after the title: the förvaltning or committee
    std::string reason;        // /Reason
    // A last line in the visible signature, in bold, for what a reader of
    // the page must see and not only a validator: "Utkast" for a draft, "I
    // stället för <name>" for a field signed in its signatory's place.
    std::string note;
    SigningTime time;          // /M and the date shown
    bool time_set_by_hand = false;  // `time` is not the clock's (--signing-time): recorded for verify
    bool certify = false;      // DocMDP P=2: later changes other than signatures break it; first signature only
    // Whether the document was checked, before its first signature, against
    // what `tertial build` makes from its embedded report: "built" (it was),
    // "foreign" (--foreign: not checked). Recorded in the signature
    // dictionary's /Prop_Build /App /TertialSource.
    std::string source_check;
    FontSet fonts;             // for the visible signature (regular and bold; fallback)
};

// `pdf` with the field filled: an incremental update (the input bytes are
// the output's first bytes, unchanged) holding the signature dictionary, the
// field's new appearance, its FieldMDP lock (every field but the ones still
// unsigned), and, when certifying, the DocMDP permission. The update's cross
// reference has the same form (stream or table) as the input's last one.
// Throws SignError when the PDF cannot take this signature, CredentialError
// when the key cannot sign, std::runtime_error for anything else.
std::string sign_pdf(const std::string& pdf, const SignRequest& request, const Credentials& credentials);

// ---- validation data (PAdES B-LT) ---------------------------------------------------------

// What a document security store (/DSS) is to hold: certificates and CRLs,
// DER, each once, and for each signature (/VRI) which of them are its own.
struct ValidationData {
    std::vector<std::string> certificates, crls;
    struct ForSignature {
        std::string contents;  // the signature's /Contents as written (with its padding): the /VRI key is its SHA-1
        std::vector<std::size_t> certificates, crls;  // indices into the lists above
    };
    std::vector<ForSignature> signatures;
};

// `pdf` with its /DSS made or extended (what it had is kept; the same
// bytes are not stored twice): an incremental update of the catalog and
// new streams only, which changes no signed byte and keeps PDF/A. Throws
// SignError when the PDF cannot take it, std::runtime_error for anything
// else (the result is checked: every signature must stay intact).
std::string add_validation_data(const std::string& pdf, const ValidationData& data);

// ---- reading signatures (untrusted bytes) ----------------------------------------------

// What came after a signature.
enum class Later { nothing, signatures_only, other_changes };

struct ParsedSignature {
    std::string field;                     // the field's full name
    std::string filter, sub_filter;        // /Filter, /SubFilter
    std::vector<std::int64_t> byte_range;  // as written
    std::string contents;                  // /Contents: the CMS (DER) with its zero padding
    std::string time;                      // /M as written
    // Where Tertial's signer took /M from (/Prop_Build /App /TimeSource):
    // "Clock", "Manual" (--signing-time), or "" when the signature does not say.
    std::string time_source;
    std::string name, reason, location;    // /Name, /Reason, /Location (UTF-8)
    std::optional<int> docmdp;             // a certification signature's P
    std::string lock_action;               // FieldMDP: All, Include or Exclude ("" when none)
    std::vector<std::string> lock_fields;
    std::size_t revision_end = 0;            // where the revision it signs ends
    bool covers_revision = false;            // the byte range is the whole revision but its own /Contents
    std::string coverage_problem;            // when it does not: why
    std::optional<std::string> report_json;  // the embedded report.json as of that revision
    Later later = Later::nothing;
    std::vector<std::string> later_signatures;  // fields signed after it
    std::vector<std::string> changes;           // other changes after it, described
    // What the signing Tertial recorded (SignRequest::source_check): "built",
    // "foreign", or "" when nothing was (another tool, an older Tertial).
    std::string source_check;
    bool later_validation_data = false;         // a later update added or replaced the DSS (validation data)
};

struct ParsedPdf {
    bool readable = false;
    std::string error;  // when not readable: why
    // In signing order. When the file is not readable, those found by
    // their byte ranges alone (field unknown, never covering).
    std::vector<ParsedSignature> signatures;
    std::vector<std::string> unsigned_fields;
    std::optional<std::string> report_json;  // report.json of the whole file
    std::vector<std::string> warnings;       // repairs the reader had to make
    // The document security store (/DSS, PAdES B-LT) of the whole file:
    // its certificates and CRLs, DER, as written (not yet checked).
    std::vector<std::string> dss_certificates, dss_crls;
};

// Everything verification needs from the PDF structure, as plain data: the
// only place PDF syntax from outside is parsed (libqpdf), so it can run in a
// separate process. Never throws for bad input (readable=false says why).
ParsedPdf parse_signed_pdf(const std::string& bytes);

// parse_signed_pdf(), sign_pdf(), verify_pdf() and Credentials live in a
// module of their own (libtertial_pdf_sign.so, beside libtertial_pdf.so),
// loaded the first time one is called, so that the commands which never
// touch signatures do not pay for loading libqpdf and OpenSSL. Loads it
// now: before a fork, so a child process does not load it again under its
// limits.
void load_signature_module();

// What they throw when the module cannot be loaded (missing, not
// loadable, or from another build): an installation problem, not a bug.
struct ModuleError : std::runtime_error {
    using std::runtime_error::runtime_error;
    ~ModuleError() override;  // out of line: one typeinfo, in libtertial_pdf
};

// A ParsedPdf as bytes and back (CBOR, every string as a byte string), to
// carry it out of the process that parsed it. from_wire() throws
// std::runtime_error on bytes to_wire() did not make.
std::string to_wire(const ParsedPdf& parsed);
ParsedPdf parsed_pdf_from_wire(const std::string& wire);

// How verify_pdf() reads the PDF's structure: parse_signed_pdf() in this
// process, or a caller's wrapper around it (in a limited child process).
using PdfParser = std::function<ParsedPdf(const std::string& bytes)>;

// How `actual` differs from `expected` (the bytes `tertial build` makes),
// object by object, as verify describes changes ("page 1 (object 5) was
// changed"); empty when no object differs. Untrusted bytes: call it in a
// limited process. Lives in the signature module too.
std::vector<std::string> pdf_differences(const std::string& expected, const std::string& actual);

// ---- verifying ---------------------------------------------------------------------------

struct TrustAnchor {
    std::string source;  // the file, for messages
    std::string pem;     // one or more certificates: PEM, or one DER certificate
};

// A certificate revocation list the user brought (--crl): PEM (one or
// more) or DER.
struct RevocationList {
    std::string source;  // the file, for messages
    std::string bytes;
};

// What verify_pdf() checks the chains against.
struct TrustSettings {
    // Trust anchors: any CA certificate of a chain, not only its root
    // (partial chains, as `openssl verify -partial_chain`).
    std::vector<TrustAnchor> anchors;
    // When empty, the CRLs of the PDF's DSS are used, if it has any.
    std::vector<RevocationList> crls;
};

enum class Integrity { intact, digest_mismatch, signature_invalid, signing_certificate_mismatch, malformed };
enum class Chain { not_checked, trusted, untrusted, expired, not_yet_valid, invalid };

// Revocation of the certificates of a trusted chain (all but its anchor):
// not_checked without CRLs (or without a trusted chain); good when a CRL
// from each certificate's issuer, current at the signing time or issued
// after it, does not list it; revoked when one lists it (at any date: /M is
// only the signer's claim, so a signature cannot be shown to predate a
// revocation); unknown when a certificate has no usable CRL.
enum class Revocation { not_checked, good, revoked, unknown };

struct CertificateRevocation {
    std::string subject;     // the certificate's (RFC 2253)
    Revocation status = Revocation::unknown;
    std::string detail;      // "not revoked: CRL of … issued 2024-01-01", "revoked on …", why unknown
    std::string revoked_at;  // "2021-01-01 00:00:00 +00:00" when revoked
    std::string reason;      // the CRL's reason code when revoked ("keyCompromise"), else ""
    std::optional<bool> revoked_before_signing;  // when revoked and /M is readable
    std::string crl_der;     // when good: the CRL that says so (the freshest), DER
};

struct SignatureCheck {
    ParsedSignature parsed;
    std::string signer_subject;  // RFC 2253
    std::string signer_name;     // its CN
    std::string issuer_subject;
    std::string certificate_validity;  // "2020-01-01 – 2030-01-01"
    std::optional<SigningTime> time;   // /M
    std::string digest_algorithm;      // "SHA-256"
    Integrity integrity = Integrity::malformed;
    std::string integrity_detail;
    Chain chain = Chain::not_checked;
    std::string chain_detail;
    std::vector<std::string> chain_subjects;  // signer first, anchor last
    std::vector<std::string> notes;           // PAdES remarks (e.g. a signingTime attribute)
    Revocation revocation = Revocation::not_checked;
    std::string revocation_detail;
    std::string revocation_source;  // "--crl", "the PDF's DSS", or "" when not checked
    std::vector<CertificateRevocation> revocation_statuses;  // the signer first
    // The certificates of the signature's chain (signer first, the anchor
    // included when trusted), DER: what a DSS should hold for it.
    std::vector<std::string> chain_der;
};

struct VerifyResult {
    ParsedPdf pdf;  // its signatures are in `signatures`
    std::vector<SignatureCheck> signatures;
};

// Parses the PDF and checks every signature: the digest of its byte range,
// the signature over the signed attributes, the signing-certificate(-v2)
// attribute, and, when anchors are given, the chain at the time in /M.
// Throws std::runtime_error when an anchor cannot be read.
VerifyResult verify_pdf(const std::string& bytes, const std::vector<TrustAnchor>& anchors,
                        const PdfParser& parse = parse_signed_pdf);
// The same with revocation: the CRLs given, else those of the PDF's DSS.
// Throws std::runtime_error when an anchor or a CRL cannot be read.
VerifyResult verify_pdf_against(const std::string& bytes, const TrustSettings& trust,
                                const PdfParser& parse = parse_signed_pdf);

// The overall answer, worst first.
enum class Verdict { unreadable, broken, changed, untrusted, unsigned_document, ok };
Verdict verdict(const VerifyResult& result);

}  // namespace tertial::pdf
