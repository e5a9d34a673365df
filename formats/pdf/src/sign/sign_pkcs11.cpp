// Credentials::from_pkcs11(): a signing key on a PKCS#11 token (a SITHS
// card, a USB key, an HSM) through libp11, which hands OpenSSL an EVP_PKEY
// whose private operations run on the token. Why libp11 and not OpenSSL's
// pkcs11 engine or p11-kit: docs/pkcs11.md. Part of the module
// libtertial_pdf_pkcs11.so (sign_module.hpp), so that only `sign` with a
// token maps libp11.
#include <dlfcn.h>
#include <libp11.h>
#include <openssl/pem.h>
#include <openssl/ui.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "sign_impl.hpp"
#include "sign_module.hpp"

namespace tertial::pdf {
namespace {

using namespace sign_detail;
using Kind = CredentialError::Kind;

// PKCS#11 return values (pkcs11t.h) that get their own sentence.
constexpr unsigned long ckr_pin_incorrect = 0xA0, ckr_pin_len_range = 0xA2, ckr_pin_expired = 0xA3,
                        ckr_pin_locked = 0xA4;

// The loaded module, its slots and its session; freed after the key (see
// Credentials::Impl::device), which logs out and finalises the module.
struct Device {
    PKCS11_CTX* ctx = PKCS11_CTX_new();
    bool loaded = false;
    PKCS11_SLOT* slots = nullptr;
    unsigned int slot_count = 0;
    std::string pin;  // for keys that want it again at every signature (CKA_ALWAYS_AUTHENTICATE)
    UI_METHOD* ui = nullptr;

    Device() = default;
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device() {
        if (slots) PKCS11_release_all_slots(ctx, slots, slot_count);
        if (loaded) PKCS11_CTX_unload(ctx);
        if (ctx) PKCS11_CTX_free(ctx);
        if (ui) UI_destroy_method(ui);
        OPENSSL_cleanse(pin.data(), pin.size());
    }
};

// libp11 asks its UI method for the PIN again when a key must be
// re-authenticated for each use; this one answers with the PIN given once.
int answer_with_pin(UI* ui, UI_STRING* uis) {
    if (UI_get_string_type(uis) != UIT_PROMPT && UI_get_string_type(uis) != UIT_VERIFY) return 1;
    const auto* device = static_cast<const Device*>(UI_get0_user_data(ui));
    return device && UI_set_result(ui, uis, device->pin.c_str()) == 0 ? 1 : 0;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string hex(const std::string& bytes) {
    return hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// "01", "4a:2f", "4A2F" -> the bytes; nullopt when not hex.
std::optional<std::string> parse_hex(const std::string& text) {
    std::string digits;
    for (char c : text)
        if (c != ':' && c != ' ') digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (digits.empty() || digits.size() % 2 != 0 || digits.find_first_not_of("0123456789abcdef") != std::string::npos)
        return std::nullopt;
    std::string bytes;
    for (std::size_t i = 0; i < digits.size(); i += 2)
        bytes += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
    return bytes;
}

std::string quoted(const char* label) {
    std::string q = "'";
    q += label ? label : "";
    q += '\'';
    return q;
}

std::string list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

// The reason libp11 put on the error queue for a PKCS#11 call (a CKR_
// value), or 0; clears the queue.
unsigned long pkcs11_reason() {
    unsigned long reason = 0;
    while (unsigned long e = ERR_get_error())
        if (static_cast<int>(ERR_GET_LIB(e)) == ERR_get_CKR_code()) reason = ERR_GET_REASON(e);
    return reason;
}

void load_module(Device& d, const std::string& module) {
    // libp11 only says that loading failed; the loader says why.
    void* probe = ::dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!probe) {
        const char* why = ::dlerror();
        std::string reason = why ? why : "unknown error";
        if (reason.starts_with(module + ": ")) reason.erase(0, module.size() + 2);
        throw CredentialError(Kind::unreadable, "cannot load the PKCS#11 module " + module + ": " + reason);
    }
    bool is_module = ::dlsym(probe, "C_GetFunctionList") != nullptr;
    if (!is_module) {
        ::dlclose(probe);
        throw CredentialError(Kind::unreadable, "cannot load the PKCS#11 module " + module +
                                                    ": it is a library but not a PKCS#11 module " +
                                                    "(it has no C_GetFunctionList)");
    }
    if (!d.ctx || PKCS11_CTX_load(d.ctx, module.c_str()) != 0) {
        std::string why = openssl_error();
        ::dlclose(probe);
        throw CredentialError(Kind::unreadable,
                              "cannot start the PKCS#11 module " + module + (why.empty() ? std::string() : ": " + why));
    }
    d.loaded = true;
    ::dlclose(probe);  // libp11 holds its own handle
}

PKCS11_SLOT* find_token(Device& d, const Pkcs11Key& k) {
    if (PKCS11_enumerate_slots(d.ctx, &d.slots, &d.slot_count) != 0) {
        // libp11 0.4 fails on an empty list of slots, and says nothing more.
        char code[32] = "";
        if (unsigned long reason = pkcs11_reason()) std::snprintf(code, sizeof code, " (PKCS#11 error 0x%lX)", reason);
        d.slots = nullptr;
        d.slot_count = 0;
        throw CredentialError(Kind::unreadable, "no token labelled '" + k.token + "' in " + k.module +
                                                    ": it finds no card reader" + code +
                                                    " (is one connected, and pcscd running?)");
    }
    std::vector<std::string> labels;
    PKCS11_SLOT* found = nullptr;
    for (unsigned int i = 0; i < d.slot_count; ++i) {
        PKCS11_SLOT* slot = d.slots + i;
        if (!slot->token || !slot->token->initialized) continue;
        if (slot->token->label && k.token == slot->token->label) {
            if (found)
                throw CredentialError(Kind::unreadable, "two tokens are labelled '" + k.token +
                                                            "': take out the one you do not sign with");
            found = slot;
        }
        labels.push_back(quoted(slot->token->label));
    }
    if (!found)
        throw CredentialError(Kind::unreadable,
                              "no token labelled '" + k.token + "' in " + k.module +
                                  (labels.empty() ? std::string(" (it finds no token: is the card in the reader?)")
                                                  : " (tokens found: " + list(labels) + ")"));
    return found;
}

CredentialError pin_locked(const std::string& token) {
    return CredentialError(
        Kind::wrong_password,
        "token '" + token + "': the PIN is locked (too many wrong PINs); unlock it with the card's PUK");
}

void log_in(Device& d, PKCS11_SLOT* slot, const std::string& token, const PasswordSource& pin) {
    if (slot->token->userPinLocked) throw pin_locked(token);
    if (!slot->token->loginRequired) return;
    auto given = pin ? pin() : std::nullopt;
    if (!given)
        throw CredentialError(Kind::wrong_password,
                              "token '" + token + "' needs its PIN: set TERTIAL_PKCS11_PIN or run in a terminal");
    d.pin = *given;
    OPENSSL_cleanse(given->data(), given->size());
    ERR_clear_error();
    if (PKCS11_login(slot, 0, d.pin.c_str()) == 0) return;
    // Never a second try: a card locks after a few wrong PINs.
    unsigned long reason = pkcs11_reason();
    if ((reason == ckr_pin_incorrect || reason == ckr_pin_len_range) && slot->token->userPinFinalTry)
        throw CredentialError(Kind::wrong_password, "token '" + token +
                                                        "': wrong PIN, and it was the last try: the PIN is now "
                                                        "locked; unlock it with the card's PUK");
    if (reason == ckr_pin_incorrect || reason == ckr_pin_len_range)
        throw CredentialError(Kind::wrong_password, "token '" + token +
                                                        "': wrong PIN (not tried again: a card locks after a few "
                                                        "wrong PINs)");
    if (reason == ckr_pin_locked) throw pin_locked(token);
    if (reason == ckr_pin_expired)
        throw CredentialError(Kind::wrong_password, "token '" + token + "': the PIN has expired; change it first");
    char code[32] = "";
    if (reason) std::snprintf(code, sizeof code, " (PKCS#11 error 0x%lX)", reason);
    throw CredentialError(Kind::wrong_password, "token '" + token + "': cannot log in" + code);
}

std::string id_of(const unsigned char* id, std::size_t n) {
    return n ? hex(id, n) : std::string("none");
}

bool same_id(const PKCS11_KEY& key, const PKCS11_CERT& cert) {
    return key.id_len && key.id_len == cert.id_len && std::equal(key.id, key.id + key.id_len, cert.id);
}

// The token's certificate for `key`: the same id, else the same label.
PKCS11_CERT* certificate_for(const PKCS11_KEY& key, PKCS11_CERT* certs, unsigned int n) {
    for (unsigned int i = 0; i < n; ++i)
        if (same_id(key, certs[i]) && certs[i].x509) return certs + i;
    for (unsigned int i = 0; i < n; ++i)
        if (key.label && certs[i].label && std::string(key.label) == certs[i].label && certs[i].x509) return certs + i;
    return nullptr;
}

std::string key_text(const PKCS11_KEY& key, PKCS11_CERT* certs, unsigned int n) {
    std::string s = quoted(key.label) + " (id " + id_of(key.id, key.id_len);
    if (PKCS11_CERT* c = certificate_for(key, certs, n)) s += ", certificate " + common_name(c->x509);
    return s + ")";
}

int public_key_type(const PKCS11_CERT& cert) {
    EVP_PKEY* key = cert.x509 ? X509_get0_pubkey(cert.x509) : nullptr;
    return key ? EVP_PKEY_get_base_id(key) : NID_undef;
}

bool usable_type(int type) {
    return type == EVP_PKEY_RSA || type == EVP_PKEY_EC;
}

std::string type_name(int type) {
    switch (type) {
        case EVP_PKEY_ED25519:
            return "Ed25519";
        case EVP_PKEY_ED448:
            return "Ed448";
        case EVP_PKEY_DSA:
            return "DSA";
        case NID_undef:
            return "unknown";
        default:
            return OBJ_nid2sn(type) ? OBJ_nid2sn(type) : "unknown";
    }
}

// A key PAdES cannot use, named from its certificate.
CredentialError unusable_key(const std::string& token, const PKCS11_CERT& cert) {
    return CredentialError(Kind::not_for_signing, "token '" + token + "': the key " + quoted(cert.label) + " (id " +
                                                      id_of(cert.id, cert.id_len) + ") is of type " +
                                                      type_name(public_key_type(cert)) + " (so says its certificate, " +
                                                      common_name(cert.x509) +
                                                      "); PAdES signatures need an RSA or ECDSA key");
}

bool same_bytes(const std::optional<std::string>& id, const unsigned char* bytes, std::size_t n) {
    return !id || (n == id->size() && std::equal(id->begin(), id->end(), bytes, [](char a, unsigned char b) {
                       return static_cast<unsigned char>(a) == b;
                   }));
}

// "label 'L' and id 01", "" when neither is given.
std::string wanted_text(const std::string& label, const std::optional<std::string>& id) {
    std::string by_label = label.empty() ? "" : "label '" + label + "'";
    std::string by_id = id ? "id " + hex(*id) : "";
    return by_label + (!by_label.empty() && !by_id.empty() ? " and " : "") + by_id;
}

// The key the options choose; every way that can fail says what the token holds.
PKCS11_KEY* choose_key(PKCS11_SLOT* slot, const Pkcs11Key& k, const std::optional<std::string>& id, PKCS11_CERT* certs,
                       unsigned int cert_count) {
    PKCS11_KEY* keys = nullptr;
    unsigned int count = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &count) != 0) {
        // libp11 0.4 stops listing at a key that is neither RSA nor EC; its
        // certificate can still say which one that is.
        std::string why = openssl_error();
        for (unsigned int i = 0; i < cert_count; ++i)
            if (certs[i].x509 && !usable_type(public_key_type(certs[i]))) throw unusable_key(k.token, certs[i]);
        throw CredentialError(Kind::unreadable,
                              "token '" + k.token + "': cannot list its keys" + (why.empty() ? "" : ": " + why));
    }
    std::vector<PKCS11_KEY*> matching;
    std::vector<std::string> all;
    for (unsigned int i = 0; i < count; ++i) {
        PKCS11_KEY& key = keys[i];
        all.push_back(key_text(key, certs, cert_count));
        bool label_ok = k.key_label.empty() || (key.label && k.key_label == key.label);
        if (label_ok && same_bytes(id, key.id, key.id_len)) matching.push_back(&key);
    }
    std::string wanted = wanted_text(k.key_label, id);
    if (matching.size() == 1) return matching.front();
    if (matching.empty() && wanted.empty())
        throw CredentialError(Kind::no_key, "token '" + k.token + "' holds no private key that Tertial can use");
    if (matching.empty()) {
        // A key libp11 does not list (neither RSA nor EC) may still have a
        // certificate that says what it is.
        for (unsigned int i = 0; i < cert_count; ++i) {
            const PKCS11_CERT& c = certs[i];
            bool label_ok = k.key_label.empty() || (c.label && k.key_label == c.label);
            if (label_ok && same_bytes(id, c.id, c.id_len) && c.x509 && !usable_type(public_key_type(c)))
                throw unusable_key(k.token, c);
        }
        throw CredentialError(Kind::no_key, "token '" + k.token + "' holds no private key with " + wanted +
                                                (all.empty() ? std::string(" (it holds no private key)")
                                                             : " (its keys: " + list(all) + ")"));
    }
    std::vector<std::string> listed;
    for (auto* key : matching) listed.push_back(key_text(*key, certs, cert_count));
    throw CredentialError(Kind::no_key, "token '" + k.token + "' holds " + std::to_string(matching.size()) + " keys" +
                                            (wanted.empty() ? "" : " with " + wanted) +
                                            ": choose one with --key-label or --key-id (" + list(listed) + ")");
}

// Follows issuers from `cert` through `pool`, adding each one to `chain`.
void add_issuers(X509* cert, const std::vector<X509*>& pool, std::vector<X509Ptr>& chain) {
    X509* at = cert;
    for (std::size_t depth = 0; depth < pool.size(); ++depth) {
        if (X509_check_issued(at, at) == X509_V_OK) return;  // self-signed: the top
        X509* issuer = nullptr;
        for (X509* candidate : pool)
            if (X509_cmp(candidate, at) != 0 && X509_check_issued(candidate, at) == X509_V_OK) issuer = candidate;
        if (!issuer) return;
        X509_up_ref(issuer);
        chain.emplace_back(issuer);
        at = issuer;
    }
}

}  // namespace

Credentials::Impl* sign_detail::pkcs11_credentials(const Pkcs11Key& k, const PasswordSource& pin) {
    ERR_clear_error();
    std::optional<std::string> id;
    if (!k.key_id.empty() && !(id = parse_hex(k.key_id)))
        throw CredentialError(Kind::unreadable,
                              "--key-id '" + k.key_id + "' is not a key id in hex (like 01 or 4a:2f)");
    // The certificate file, if any, is read before the card is asked.
    std::vector<X509Ptr> from_file;
    if (!k.cert_pem.empty()) {
        BioPtr bio(BIO_new_mem_buf(k.cert_pem.data(), static_cast<int>(k.cert_pem.size())));
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) from_file.emplace_back(cert);
        ERR_clear_error();
        if (from_file.empty())
            throw CredentialError(Kind::unreadable, k.cert_source + ": no PEM certificate in the file");
    }
    auto device = std::make_shared<Device>();
    load_module(*device, k.module);
    PKCS11_SLOT* slot = find_token(*device, k);
    device->ui = UI_create_method("tertial PKCS#11 PIN");
    if (device->ui) {
        UI_method_set_reader(device->ui, answer_with_pin);
        PKCS11_set_ui_method(device->ctx, device->ui, device.get());
    }
    log_in(*device, slot, k.token, pin);

    PKCS11_CERT* certs = nullptr;
    unsigned int cert_count = 0;
    if (PKCS11_enumerate_certs(slot->token, &certs, &cert_count) != 0) {
        ERR_clear_error();
        certs = nullptr;
        cert_count = 0;
    }
    PKCS11_KEY* key = choose_key(slot, k, id, certs, cert_count);
    std::string source =
        "token '" + k.token + "', key " + quoted(key->label) + " (id " + id_of(key->id, key->id_len) + ")";
    int type = PKCS11_get_key_type(key);
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC)
        throw CredentialError(Kind::not_for_signing,
                              source + ": the key is neither RSA nor ECDSA, which PAdES signatures need");

    auto impl = std::make_unique<Credentials::Impl>();
    impl->device = device;
    impl->device_name = "token '" + k.token + "'";
    std::vector<X509*> pool;
    for (unsigned int i = 0; i < cert_count; ++i)
        if (certs[i].x509) pool.push_back(certs[i].x509);
    std::string cert_source = source;
    if (!from_file.empty()) {
        for (auto& c : from_file) pool.push_back(c.get());
        impl->cert = std::move(from_file.front());
        add_issuers(impl->cert.get(), pool, impl->chain);
        cert_source = k.cert_source;
    } else {
        PKCS11_CERT* cert = certificate_for(*key, certs, cert_count);
        if (!cert)
            throw CredentialError(Kind::no_key, source +
                                                    ": the token holds no certificate for the key (none with its "
                                                    "id or label); give it with --cert FILE");
        X509_up_ref(cert->x509);
        impl->cert.reset(cert->x509);
        add_issuers(impl->cert.get(), pool, impl->chain);
    }
    impl->key.reset(PKCS11_get_private_key(key));
    if (!impl->key) throw CredentialError(Kind::unreadable, source + ": cannot use the key: " + openssl_error());
    try {
        check_key(*impl, source);
    } catch (const CredentialError& e) {
        if (e.kind() != Kind::key_mismatch || cert_source == source) throw;
        throw CredentialError(Kind::key_mismatch, cert_source + ": the certificate (" +
                                                      name_text(X509_get_subject_name(impl->cert.get())) +
                                                      ") does not belong to the " + source);
    }
    return impl.release();
}

}  // namespace tertial::pdf
