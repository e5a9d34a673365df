// `tertial verify`: every signature: coverage, integrity, chain, what
// changed after it.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input_files.hpp"
#include "isolated.hpp"
#include "sign_gates.hpp"
#include "trust_files.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/display.hpp"
#include "tertial/pdf/sign.hpp"

namespace tertial::cli {
namespace {

std::string join(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ", ")); }

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
