// `tertial sign`: a signatory's field, PAdES B-B, into a new file.
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "isolated.hpp"
#include "outputs.hpp"
#include "sign_gates.hpp"
#include "sign_source.hpp"
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
    // Before the report: what the plugins made for it (layouts, templates,
    // checks) must go before the plugins' code is unloaded.
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
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
                   ids.empty() ? "its cover letter lists none" : fmt::format("{}", fmt::join(ids, ", ")), did_you_mean(o.signer, ids));
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
    request.note = signature_note(draft.has_value(), o.on_behalf() ? std::optional(who->name) : std::nullopt);
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

}  // namespace tertial::cli
