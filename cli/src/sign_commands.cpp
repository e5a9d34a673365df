// `tertial sign` (a signatory's field, PAdES B-B, into a new file) and
// `tertial verify` (every signature: coverage, integrity, chain, what
// changed after it).
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input_files.hpp"
#include "isolated.hpp"
#include "outputs.hpp"
#include "sign_gates.hpp"
#include "sign_source.hpp"
#include "trust_files.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/display.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/pdf/sign.hpp"
#include "tertial/suggest.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* password_variable = "TERTIAL_P12_PASSWORD";
constexpr const char* pin_variable = "TERTIAL_PKCS11_PIN";

// A password or PIN from the environment, else asked on the terminal
// without echo; never from the command line (it would show in `ps` and
// history). Asked once: a card locks after a few wrong PINs.
pdf::PasswordSource secret_source(const char* variable, const std::string& what) {
    return [variable, what]() -> std::optional<std::string> {
        if (const char* p = std::getenv(variable)) return std::string(p);
        int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (tty < 0) return std::nullopt;
        std::string prompt = what + ": ";
        (void)!::write(tty, prompt.data(), prompt.size());
        termios saved{};
        bool restore = ::tcgetattr(tty, &saved) == 0;
        if (restore) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(tty, TCSAFLUSH, &quiet);
        }
        std::string password;
        char c;
        bool got_line = false;
        while (::read(tty, &c, 1) == 1) {
            if (c == '\n' || c == '\r') {
                got_line = true;
                break;
            }
            password += c;
        }
        if (restore) ::tcsetattr(tty, TCSAFLUSH, &saved);
        (void)!::write(tty, "\n", 1);
        ::close(tty);
        if (!got_line && password.empty()) return std::nullopt;
        return password;
    };
}

pdf::PasswordSource password_source(const std::string& file) {
    return secret_source(password_variable, "Password for " + file);
}

bool same_path(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

// The signatory a field belongs to, from the report JSON of a revision.
struct Role {
    std::string id, name, title;
};
std::optional<Role> role_of(const std::optional<std::string>& report_json, const std::string& field) {
    if (!report_json) return std::nullopt;
    auto read = json::read_report(*report_json);
    if (!read.report) return std::nullopt;
    for (const auto& s : read.report->meta.signatories)
        if (pdf::signature_field_name(s.id) == field) return Role{s.id, s.name, s.title};
    return std::nullopt;
}

// The role of a signature's field: from the report as that signature
// signed it, or, for a signature that covers no readable revision (a broken
// one), from the report the file carries now (`as_signed` false).
std::optional<Role> signature_role(const pdf::ParsedSignature& s, const pdf::ParsedPdf& pdf, bool& as_signed) {
    as_signed = s.report_json.has_value();
    return role_of(as_signed ? s.report_json : pdf.report_json, s.field);
}

std::string source_text(const std::string& check) {
    if (check == "built")
        return "checked: before its first signature the document was what `tertial build` makes from its embedded "
               "report";
    if (check == "foreign")
        return "NOT checked: signed with --foreign, without comparing the document with what `tertial build` makes "
               "from its embedded report";
    return "not recorded (another tool or an older Tertial): the document was not checked against its embedded report";
}

// ---- sign ------------------------------------------------------------------------------

struct SignOptions {
    std::string input, output, signer, p12, cert, key, on_behalf_of;
    std::string pkcs11, token, key_label, key_id;  // a key on a card or HSM
    std::vector<std::string> plugin_dirs;
    bool certify = false, force = false, draft = false, foreign = false;
    CLI::Option* on_behalf_option = nullptr;
    std::string signing_time;  // --signing-time: "" for the clock

    bool on_behalf() const { return on_behalf_option && on_behalf_option->count() > 0; }
};

int credential_failure(const std::string& message, std::ostream& err) {
    fmt::print(err, "tertial sign: error: {}; nothing written\n", message);
    return exit_credentials;
}

// What is wrong with the options that say where the key is, if anything.
std::optional<std::string> key_options_problem(const SignOptions& o) {
    if (!o.pkcs11.empty()) {
        if (!o.p12.empty() || !o.key.empty())
            return "--pkcs11 signs with the key on the token: give no --p12 or --key with it";
        if (o.token.empty()) return "--pkcs11 needs --token LABEL (pkcs11-tool --module MODULE -L lists the labels)";
        return std::nullopt;
    }
    if (!o.token.empty() || !o.key_label.empty() || !o.key_id.empty())
        return "--token, --key-label and --key-id choose a key on a card or HSM: give --pkcs11 MODULE with them";
    bool use_p12 = !o.p12.empty();
    if (use_p12 == (!o.cert.empty() || !o.key.empty()) || (!use_p12 && (o.cert.empty() || o.key.empty())))
        return "give either --p12 FILE, both --cert FILE and --key FILE, or --pkcs11 MODULE --token LABEL";
    return std::nullopt;
}

int run_sign(const SignOptions& o, std::ostream& out, std::ostream& err) {
    bool use_p12 = !o.p12.empty();
    if (auto problem = key_options_problem(o)) {
        fmt::print(err, "tertial sign: error: {}\n", *problem);
        return exit_usage;
    }
    if (o.on_behalf() && o.on_behalf_of.find_first_not_of(" \t") == std::string::npos) {
        fmt::print(err, "tertial sign: error: --on-behalf-of needs a reason: why you sign in the signatory's place\n");
        return exit_usage;
    }
    if (same_path(o.output, o.input)) {
        fmt::print(err,
                   "tertial sign: error: {} is the input; choose another output file (the input is never changed)\n",
                   o.output);
        return exit_usage;
    }
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial sign: error: {}\n", *refusal);
        return exit_usage;
    }
    std::error_code ec;
    if (fs::exists(o.output, ec) && !o.force) {
        fmt::print(err, "tertial sign: error: {} exists; choose another file or pass --force to replace it\n",
                   o.output);
        return exit_usage;
    }
    // The clock's time, or one set by hand for tests and reproducible
    // examples, which the signature records as such (verify says so).
    const pdf::SigningTime now = pdf::signing_time_now();
    pdf::SigningTime time = now;
    bool by_hand = !o.signing_time.empty();
    if (by_hand) {
        try {
            time = pdf::parse_iso_time(o.signing_time);
        } catch (const std::invalid_argument& e) {
            fmt::print(err, "tertial sign: error: --signing-time: {}\n", e.what());
            return exit_usage;
        }
        if (time.unix_seconds > now.unix_seconds) {
            fmt::print(err, "tertial sign: error: --signing-time: {} is later than the computer's clock\n",
                       pdf::display_time(time));
            return exit_usage;
        }
    }

    auto bytes = read_input(o.input, InputKind::pdf, err);
    if (!bytes) return exit_io;
    // The PDF as it is: its report, its fields, its earlier signatures.
    pdf::VerifyResult before = pdf::verify_pdf(*bytes, {}, isolated_parser());
    if (!before.pdf.readable) {
        fmt::print(err, "{}: error: cannot read the PDF: {}\n", o.input, before.pdf.error);
        return exit_report_errors;
    }
    if (!before.pdf.report_json) {
        fmt::print(
            err,
            "{}: error: this PDF carries no Tertial report (no embedded report.json); was it made by tertial build?\n",
            o.input);
        return exit_report_errors;
    }
    for (const auto& s : before.signatures) {
        if (s.integrity != pdf::Integrity::intact || s.parsed.later == pdf::Later::other_changes) {
            fmt::print(err,
                       "{}: error: the signature in field '{}' is not intact or the file was changed after it; "
                       "run 'tertial verify {}' (nothing written)\n",
                       o.input, s.parsed.field, o.input);
            return exit_report_errors;
        }
    }
    auto read = json::read_report(*before.pdf.report_json);
    if (!read.report) {
        fmt::print(err, "{}: error: the embedded report.json cannot be read as a report\n", o.input);
        return exit_report_errors;
    }
    const Report& report = *read.report;
    std::vector<std::string> ids;
    if (report.cover_letter) ids = report.cover_letter->signatures;
    const Signatory* who = nullptr;
    for (const auto& s : report.meta.signatories)
        if (s.id == o.signer) who = &s;
    if (who && std::find(ids.begin(), ids.end(), who->id) == ids.end()) {
        fmt::print(
            err,
            "tertial sign: error: '{}' ({}) is a signatory of the report but has no signature field: list the id "
            "in cover_letter.signatures and build the PDF again\n",
            o.signer, who->name);
        return exit_usage;
    }
    if (!who) {
        fmt::print(err, "tertial sign: error: '{}' is not among the report's signatories ({}){}\n", o.signer,
                   ids.empty() ? "its cover letter lists none" : join(ids), did_you_mean(o.signer, ids));
        return exit_usage;
    }
    std::string field = pdf::signature_field_name(who->id);
    for (const auto& s : before.signatures)
        if (s.parsed.field == field) {
            fmt::print(err, "{}: error: {} ({}) has already signed: field '{}' holds a signature by {} of {}\n",
                       o.input, who->name, who->title, field, s.signer_name,
                       s.time ? pdf::display_time(*s.time) : s.parsed.time);
            return exit_report_errors;
        }
    if (o.certify && !before.signatures.empty()) {
        fmt::print(
            err,
            "tertial sign: error: --certify: only the first signature can certify the document, and {} is signed\n",
            o.input);
        return exit_usage;
    }

    // A draft is signed only on purpose, and the signature then says so.
    auto draft = draft_state(report);
    if (draft && !o.draft) {
        fmt::print(err,
                   "{}: error: the report is a draft: {} (`tertial check --todo` on its JSON lists what is left); "
                   "finish it and build the PDF again, or sign it as a draft with --draft; nothing written\n",
                   o.input, draft->english());
        return exit_report_errors;
    }
    if (!draft && o.draft) {
        fmt::print(err,
                   "tertial sign: error: --draft: the report in {} is not a draft (its status is \"{}\" and nothing "
                   "is left to do); sign it without --draft\n",
                   o.input, to_string(report.meta.status));
        return exit_usage;
    }

    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    // A document prepared before its first signature (a reference to an
    // object it lacks, for a later update to fill) is not what build makes.
    if (!o.foreign)
        if (auto difference = source_difference(*bytes, before, *before.pdf.report_json, host)) {
            fmt::print(err,
                       "{}: error: {} is not what `tertial build` makes from its embedded report: {}; build it again "
                       "from its report, or sign it as it is with --foreign (verify then says it was not checked); "
                       "nothing written\n",
                       o.input, before.signatures.empty() ? "the PDF" : "the PDF before its first signature",
                       *difference);
            return exit_report_errors;
        }

    std::optional<pdf::Credentials> credentials;
    try {
        if (!o.pkcs11.empty()) {
            pdf::Pkcs11Key key{o.pkcs11, o.token, o.key_label, o.key_id, {}, {}};
            if (!o.cert.empty()) {
                auto cert = read_input(o.cert, InputKind::credential, err);
                if (!cert) return exit_io;
                key.cert_pem = *cert;
                key.cert_source = o.cert;
            }
            credentials =
                pdf::Credentials::from_pkcs11(key, secret_source(pin_variable, "PIN for token '" + o.token + "'"));
        } else if (use_p12) {
            auto p12 = read_input(o.p12, InputKind::credential, err);
            if (!p12) return exit_io;
            credentials = pdf::Credentials::from_pkcs12(*p12, o.p12, password_source(o.p12));
        } else {
            auto cert = read_input(o.cert, InputKind::credential, err);
            if (!cert) return exit_io;
            auto key = read_input(o.key, InputKind::credential, err);
            if (!key) return exit_io;
            credentials = pdf::Credentials::from_pem(*cert, o.cert, *key, o.key, password_source(o.key));
        }
        credentials->check_usable_now();  // whatever time the signature is to claim
        if (by_hand) credentials->check_usable_at(time);
    } catch (const pdf::CredentialError& e) {
        return credential_failure(e.what(), err);
    }
    std::string signer_name = credentials->common_name();
    bool own_field = names_signatory(signer_name, who->name);
    if (!own_field && !o.on_behalf()) {
        fmt::print(err,
                   "tertial sign: error: the certificate is issued to '{}', not to {}, whose field '{}' this is ({}); "
                   "sign with {}'s own certificate, or give the reason you sign in their place with --on-behalf-of "
                   "\"REASON\"; nothing written\n",
                   signer_name, who->name, field, who->title, who->name);
        return exit_credentials;
    }
    if (own_field && o.on_behalf()) {
        fmt::print(err,
                   "tertial sign: error: --on-behalf-of: the certificate is issued to '{}', who is the signatory of "
                   "field '{}'; sign without --on-behalf-of\n",
                   signer_name, field);
        return exit_usage;
    }

    Diagnostics ignored;  // a missing plugin only means the default house style
    load_report_plugins(report, host, ignored);
    std::unique_ptr<pdf::Resources> fonts;
    try {
        fonts = load_resources(report, host);
    } catch (const std::exception& e) {
        fmt::print(err, "tertial sign: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    pdf::SignRequest request;
    request.field = field;
    request.signer_name = signer_name;
    request.title = who->title;
    request.organisation = report.meta.administration.value_or(report.meta.committee.name);
    request.reason = signing_reason(who->title, draft, o.on_behalf() ? std::optional(who->name) : std::nullopt,
                                    o.on_behalf_of);
    request.time = time;
    request.time_set_by_hand = by_hand;
    request.certify = o.certify;
    request.source_check = o.foreign ? "foreign" : "built";
    request.fonts = fonts->fonts();
    std::string signed_pdf;
    try {
        signed_pdf = pdf::sign_pdf(*bytes, request, *credentials);
    } catch (const pdf::CredentialError& e) {
        return credential_failure(e.what(), err);
    } catch (const pdf::SignError& e) {
        fmt::print(err, "{}: error: {}; nothing written\n", o.input, e.what());
        return e.kind() == pdf::SignError::Kind::cannot_certify ? exit_usage : exit_report_errors;
    }
    if (!write_output(o.output, signed_pdf, "sign", err)) return exit_io;
    fmt::print(out, "signed field '{}' as {} ({}, {}) at {}{}{}{}{}; wrote {}\n", field, signer_name, who->title,
               credentials->key_description(), pdf::display_time(time), by_hand ? " (set by hand)" : "",
               o.certify ? ", certifying the document" : "",
               draft ? ", as a draft (" + draft->english() + ")" : "",
               o.on_behalf() ? ", in place of " + who->name : "", o.output);
    return exit_ok;
}

// ---- verify ----------------------------------------------------------------------------

struct VerifyOptions {
    std::string input;
    std::vector<std::string> trust, crl;
    bool json = false;
};

const char* revocation_word(pdf::Revocation r) {
    switch (r) {
        case pdf::Revocation::good:
            return "good";
        case pdf::Revocation::revoked:
            return "revoked";
        case pdf::Revocation::unknown:
            return "unknown";
        default:
            return "not_checked";
    }
}

// /M is what the signer claims, whatever its source; the source is what
// Tertial's signer recorded (another tool's signature does not say).
const char* time_source_word(const pdf::ParsedSignature& s) {
    if (s.time_source == "Clock") return "clock";
    if (s.time_source == "Manual") return "set_by_hand";
    return "unstated";
}

std::string time_text(const pdf::SignatureCheck& c) {
    if (!c.time) return "(none) " + c.parsed.time;
    std::string t = pdf::display_time(*c.time);
    if (c.parsed.time_source == "Manual")
        return t + " (SET BY HAND with --signing-time, not the signer's clock; a claim, no trusted timestamp)";
    if (c.parsed.time_source == "Clock") return t + " (the signer's computer clock, as the signer claims; no trusted timestamp)";
    return t + " (claimed by the signer; no trusted timestamp)";
}

const char* integrity_word(pdf::Integrity i) {
    switch (i) {
        case pdf::Integrity::intact:
            return "intact";
        case pdf::Integrity::digest_mismatch:
            return "digest_mismatch";
        case pdf::Integrity::signature_invalid:
            return "signature_invalid";
        case pdf::Integrity::signing_certificate_mismatch:
            return "signing_certificate_mismatch";
        default:
            return "malformed";
    }
}

const char* chain_word(pdf::Chain c) {
    switch (c) {
        case pdf::Chain::trusted:
            return "trusted";
        case pdf::Chain::untrusted:
            return "untrusted";
        case pdf::Chain::expired:
            return "expired";
        case pdf::Chain::not_yet_valid:
            return "not_yet_valid";
        case pdf::Chain::invalid:
            return "invalid";
        default:
            return "not_checked";
    }
}

const char* later_word(pdf::Later l) {
    switch (l) {
        case pdf::Later::signatures_only:
            return "signatures_only";
        case pdf::Later::other_changes:
            return "other_changes";
        default:
            return "nothing";
    }
}

struct Outcome {
    int code;
    const char* word;
    const char* summary;
};

Outcome outcome(pdf::Verdict v) {
    switch (v) {
        case pdf::Verdict::unreadable:
            return {exit_report_errors, "unreadable", "the file cannot be read as a PDF"};
        case pdf::Verdict::broken:
            return {exit_signature_broken, "broken", "a signature is broken: it does not match the document"};
        case pdf::Verdict::changed:
            return {exit_changed_after_signing, "changed_after_signing",
                    "every signature is intact, but something other than a signature was changed after signing"};
        case pdf::Verdict::untrusted:
            return {
                exit_untrusted, "untrusted",
                "every signature is intact and only signatures came after them, but a certificate chain is not trusted "
                "or was not valid at the signing time, or a certificate is revoked or its revocation unknown"};
        case pdf::Verdict::unsigned_document:
            return {exit_unsigned, "unsigned", "the PDF has no signature"};
        default:
            return {exit_ok, "ok", "every signature is intact and only signatures came after them"};
    }
}

std::string covers_text(const pdf::ParsedSignature& s, std::size_t file_size) {
    if (!s.covers_revision) return "NOT the whole document: " + s.coverage_problem;
    if (s.revision_end >= file_size) return "the whole document (every byte but the signature itself)";
    return fmt::format("the whole document as of its revision (the first {} of {} bytes, but the signature itself)",
                       s.revision_end, file_size);
}

std::string later_text(const pdf::ParsedSignature& s) {
    std::string dss = s.later_validation_data ? " and validation data (DSS: certificates and CRLs)" : "";
    switch (s.later) {
        case pdf::Later::nothing:
            return s.later_validation_data ? "only validation data (DSS: certificates and CRLs)" : "nothing";
        case pdf::Later::signatures_only:
            return "only later signatures (" + join(s.later_signatures) + ")" + dss;
        default:
            return "OTHER CHANGES: " + join(s.changes);
    }
}

std::string lock_text(const pdf::ParsedSignature& s) {
    if (s.lock_action.empty()) return "";
    if (s.lock_action == "All") return "every form field (FieldMDP)";
    if (s.lock_action == "Exclude") return "every form field but " + join(s.lock_fields) + " (FieldMDP)";
    return join(s.lock_fields) + " (FieldMDP)";
}

std::string certifies_text(const std::optional<int>& p) {
    if (!p) return "";
    if (*p == 1) return "yes: no change at all allowed after it (DocMDP P=1)";
    if (*p == 2) return "yes: only form filling and signatures allowed after it (DocMDP P=2)";
    return "yes: form filling, signatures and annotations allowed after it (DocMDP P=" + std::to_string(*p) + ")";
}

void print_text(const pdf::VerifyResult& r, const std::string& file, std::size_t size, std::ostream& out) {
    std::size_t n = r.signatures.size();
    fmt::print(out, "{}: {} signature{}{}\n", file, n, n == 1 ? "" : "s",
               r.pdf.unsigned_fields.empty() ? "" : "; unsigned fields: " + join(r.pdf.unsigned_fields));
    for (std::size_t i = 0; i < n; ++i) {
        const auto& c = r.signatures[i];
        const auto& s = c.parsed;
        auto line = [&](const char* label, const std::string& value) {
            if (!value.empty()) fmt::print(out, "  {:<13}{}\n", std::string(label) + ":", value);
        };
        fmt::print(out, "Signature {} of {}, field {}\n", i + 1, n, s.field);
        line("signer", c.signer_subject.empty() ? "(unknown)" : c.signer_name + " (" + c.signer_subject + ")");
        bool as_signed = true;
        auto role = signature_role(s, r.pdf, as_signed);
        line("role", role ? role->title + " (" + role->id + ", " + role->name + ")" +
                                (as_signed ? "" : ", as the file says now: this signature does not vouch for it")
                          : "(not a signatory of the report)");
        line("reason", s.reason);
        std::optional<std::string> signatory;
        if (role && !c.signer_subject.empty()) signatory = role->name;
        for (const auto& [label, value] : signer_findings(c.signer_name, s.reason, signatory)) line(label, value);
        line("time", time_text(c));
        line("covers", covers_text(s, size));
        line("source", source_text(s.source_check));
        line("integrity", c.integrity_detail);
        line("certificate",
             c.chain_detail + (c.certificate_validity.empty() ? "" : "; valid " + c.certificate_validity));
        line("revocation", c.revocation_detail);
        line("after it", later_text(s));
        line("certifies", certifies_text(s.docmdp));
        line("locks", lock_text(s));
        for (const auto& note : c.notes) line("note", note);
    }
    for (const auto& w : r.pdf.warnings) fmt::print(out, "warning: the PDF needed repair to be read: {}\n", w);
}

nlohmann::ordered_json to_json(const pdf::VerifyResult& r, const std::string& file, std::size_t size) {
    Outcome o = outcome(pdf::verdict(r));
    nlohmann::ordered_json j;
    j["file"] = file;
    j["size"] = size;
    j["readable"] = r.pdf.readable;
    if (!r.pdf.readable) j["error"] = r.pdf.error;
    j["verdict"] = o.word;
    j["exit_code"] = o.code;
    j["summary"] = o.summary;
    j["unsigned_fields"] = r.pdf.unsigned_fields;
    j["warnings"] = r.pdf.warnings;
    j["signatures"] = nlohmann::ordered_json::array();
    for (const auto& c : r.signatures) {
        const auto& s = c.parsed;
        nlohmann::ordered_json x;
        x["field"] = s.field;
        x["signer"] = {{"name", c.signer_name},
                       {"subject", c.signer_subject},
                       {"issuer", c.issuer_subject},
                       {"validity", c.certificate_validity}};
        bool as_signed = true;
        if (auto role = signature_role(s, r.pdf, as_signed))
            x["role"] = {{"id", role->id}, {"name", role->name}, {"title", role->title}, {"as_signed", as_signed}};
        else
            x["role"] = nullptr;
        x["time"] = c.time ? nlohmann::ordered_json(pdf::display_time(*c.time)) : nlohmann::ordered_json(nullptr);
        x["time_as_written"] = s.time;
        x["time_source"] = time_source_word(s);
        x["sub_filter"] = s.sub_filter;
        x["byte_range"] = s.byte_range;
        x["covers_whole_revision"] = s.covers_revision;
        x["source_check"] = s.source_check.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.source_check);
        x["revision_end"] = s.revision_end;
        if (!s.covers_revision) x["coverage_problem"] = s.coverage_problem;
        x["integrity"] = {{"status", integrity_word(c.integrity)},
                          {"detail", c.integrity_detail},
                          {"digest_algorithm", c.digest_algorithm}};
        x["chain"] = {{"status", chain_word(c.chain)}, {"detail", c.chain_detail}, {"certificates", c.chain_subjects}};
        nlohmann::ordered_json statuses = nlohmann::ordered_json::array();
        for (const auto& r : c.revocation_statuses) {
            nlohmann::ordered_json e{{"subject", r.subject}, {"status", revocation_word(r.status)}, {"detail", r.detail}};
            if (r.status == pdf::Revocation::revoked) {
                e["revoked_at"] = r.revoked_at;
                e["reason"] = r.reason;
                e["revoked_before_signing"] = r.revoked_before_signing ? nlohmann::ordered_json(*r.revoked_before_signing)
                                                                       : nlohmann::ordered_json(nullptr);
            }
            statuses.push_back(std::move(e));
        }
        x["revocation"] = {{"status", revocation_word(c.revocation)},
                           {"detail", c.revocation_detail},
                           {"source", c.revocation_source.empty() ? nlohmann::ordered_json(nullptr)
                                                                  : nlohmann::ordered_json(c.revocation_source)},
                           {"certificates", std::move(statuses)}};
        x["after"] = {{"status", later_word(s.later)},
                      {"signatures", s.later_signatures},
                      {"changes", s.changes},
                      {"validation_data", s.later_validation_data}};
        x["certification"] = s.docmdp ? nlohmann::ordered_json({{"P", *s.docmdp}}) : nlohmann::ordered_json(nullptr);
        x["lock"] = s.lock_action.empty()
                        ? nlohmann::ordered_json(nullptr)
                        : nlohmann::ordered_json({{"action", s.lock_action}, {"fields", s.lock_fields}});
        x["reason"] = s.reason;
        ReasonParts parts = parse_reason(s.reason);
        x["draft"] = parts.draft ? nlohmann::ordered_json(*parts.draft) : nlohmann::ordered_json(nullptr);
        x["on_behalf_of"] = parts.on_behalf_name ? nlohmann::ordered_json({{"name", *parts.on_behalf_name},
                                                                           {"reason", parts.on_behalf_reason.value_or("")}})
                                                 : nlohmann::ordered_json(nullptr);
        auto role = signature_role(s, r.pdf, as_signed);
        x["signer_matches_field"] = role ? nlohmann::ordered_json(names_signatory(c.signer_name, role->name))
                                         : nlohmann::ordered_json(nullptr);
        x["notes"] = c.notes;
        j["signatures"].push_back(std::move(x));
    }
    return j;
}

int run_verify(const VerifyOptions& o, std::ostream& out, std::ostream& err) {
    auto bytes = read_input(o.input, InputKind::pdf, err);
    if (!bytes) return exit_io;
    if (!o.crl.empty() && o.trust.empty()) {
        fmt::print(err,
                   "tertial verify: error: --crl needs --trust: a CRL is checked with its issuer's certificate, which "
                   "only a trusted chain gives\n");
        return exit_usage;
    }
    auto settings = read_trust_settings(o.trust, o.crl, "verify", err);
    if (!settings) return exit_io;
    pdf::VerifyResult result;
    try {
        result = pdf::verify_pdf_against(*bytes, *settings, isolated_parser());
    } catch (const pdf::ModuleError&) {
        throw;  // said by run(), as for every command
    } catch (const std::runtime_error& e) {
        fmt::print(err, "tertial verify: error: {}\n", trust_error(e.what(), *settings));
        return exit_usage;
    }
    Outcome o_ = outcome(pdf::verdict(result));
    if (o.json) {
        out << to_json(result, o.input, bytes->size()).dump(2) << "\n";
    } else if (result.pdf.readable || !result.signatures.empty()) {
        print_text(result, o.input, bytes->size(), out);
        fmt::print(out, "Result: {}.\n", o_.summary);
    }
    if (!result.pdf.readable) fmt::print(err, "{}: error: cannot read the PDF: {}\n", o.input, result.pdf.error);
    return o_.code;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_sign(CLI::App& app) {
    auto o = std::make_shared<SignOptions>();
    app.add_option("pdf", o->input, "A PDF made by tertial build (perhaps signed already)")
        ->required()
        ->type_name("REPORT.pdf");
    app.add_option("--signer", o->signer, "The signatory whose field to sign: an id from the report's meta.signatories")
        ->required()
        ->type_name("ID");
    app.add_option("-o,--output", o->output, "Where to write the signed PDF (never the input)")
        ->required()
        ->type_name("SIGNED.pdf");
    app.add_option("--p12", o->p12,
                   "Key and certificate (with its chain) in a PKCS#12 file; the password comes from "
                   "TERTIAL_P12_PASSWORD or is asked for")
        ->type_name("FILE");
    app.add_option("--cert", o->cert,
                   "The certificate (then any chain certificates), PEM; with --pkcs11, the key's certificate when the "
                   "token holds none")
        ->type_name("FILE");
    app.add_option("--key", o->key, "The private key, PEM (if encrypted: password as for --p12)")->type_name("FILE");
    app.add_option("--pkcs11", o->pkcs11,
                   "Sign with a key on a smart card or HSM through this PKCS#11 module (e.g. opensc-pkcs11.so, or Net "
                   "iD's libiidp11.so); the key never leaves the token. The PIN comes from TERTIAL_PKCS11_PIN or is "
                   "asked for, once")
        ->type_name("MODULE");
    app.add_option("--token", o->token, "With --pkcs11: the token's label (pkcs11-tool --module MODULE -L lists them)")
        ->type_name("LABEL");
    app.add_option("--key-label", o->key_label, "With --pkcs11: the key's label (needed when the token holds several)")
        ->type_name("LABEL");
    app.add_option("--key-id", o->key_id, "With --pkcs11: the key's id in hex, e.g. 01 or 4a:2f")->type_name("ID");
    app.add_flag("--certify", o->certify,
                 "Certify the document with the first signature: afterwards only signatures may be added (DocMDP P=2)");
    app.add_flag("--force", o->force, "Replace the output if it exists (never the input)");
    app.add_flag("--foreign", o->foreign,
                 "Sign a PDF that is not what `tertial build` makes from its embedded report (otherwise refused); "
                 "the signature records that it was not checked, and verify says so");
    app.add_flag("--draft", o->draft,
                 "Sign a draft (status \"utkast\" or anything left to do); the signature's reason says it is one");
    o->on_behalf_option =
        app.add_option("--on-behalf-of", o->on_behalf_of,
                       "Sign another signatory's field with your certificate, for this reason (recorded in the "
                       "signature, shown by verify)")
            ->type_name("REASON");
    app.add_option("--signing-time", o->signing_time,
                   "Claim this time (2020-05-12T10:31:00+02:00, not later than the clock) instead of the clock's, "
                   "for tests and reproducible examples: the signature records that it was set by hand, and verify "
                   "says so")
        ->type_name("TIME");
    add_plugin_dir_option(app, o->plugin_dirs);
    app.footer(
        "Environment: TERTIAL_P12_PASSWORD (the key's password).\n"
        "The time in the signature (/M) is the computer's clock, unless --signing-time; either way it is the\n"
        "signer's claim (no trusted timestamp). The certificate must be valid by the clock, and at that time.");
    return [o](std::ostream& out, std::ostream& err) { return run_sign(*o, out, err); };
}

std::function<int(std::ostream&, std::ostream&)> setup_verify(CLI::App& app) {
    auto o = std::make_shared<VerifyOptions>();
    app.add_option("pdf", o->input, "A signed PDF")->required()->type_name("REPORT.pdf");
    app.add_option("--trust", o->trust,
                   "A trusted CA certificate (PEM or DER), or a directory of them (*.pem, *.crt, *.cer, *.der); "
                   "repeatable. Any CA of a chain will do as its anchor: the root, or the intermediate that issued "
                   "the signer's certificate (partial chains, as openssl verify -partial_chain)")
        ->type_name("CA.pem|DIR")
        ->allow_extra_args(false);
    app.add_option("--crl", o->crl,
                   "A CRL (PEM or DER), or a directory of them (*.crl, *.pem, *.der); repeatable; needs --trust. "
                   "Revocation is checked against these instead of the PDF's DSS (tertial ltv)")
        ->type_name("FILE|DIR")
        ->allow_extra_args(false);
    app.add_flag("--json", o->json, "Print the result as JSON");
    app.footer(
        "Exit codes: 0 every signature intact and only signatures (and validation data) after them, and trusted\n"
        "with --trust; 1 not a readable PDF; 6 a signature is broken; 7 changed after signing; 8 chain not trusted\n"
        "or not valid at the signing time, or a certificate revoked or its revocation unknown (with CRLs from\n"
        "--crl or the PDF's DSS); 9 no signature. Without CRLs revocation is not checked. The signing time is the\n"
        "signer's claim: verify shows where it came from, but cannot prove it.");
    return [o](std::ostream& out, std::ostream& err) { return run_verify(*o, out, err); };
}

}  // namespace tertial::cli
