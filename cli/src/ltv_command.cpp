// `tertial ltv`: the chains and CRLs of every signature of a signed PDF
// added to it as a document security store (PAdES B-LT), so that a
// verifier years later has the revocation data of the time of signing.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "isolated.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/sign.hpp"
#include "trust_files.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct LtvOptions {
    std::string input, output;
    std::vector<std::string> trust, crl;
    bool force = false;
};

// Index of `item` in `list`, appended when new.
std::size_t index_of(std::vector<std::string>& list, const std::string& item) {
    auto it = std::find(list.begin(), list.end(), item);
    if (it != list.end()) return static_cast<std::size_t>(it - list.begin());
    list.push_back(item);
    return list.size() - 1;
}

int run_ltv(const LtvOptions& o, std::ostream& out, std::ostream& err) {
    std::error_code ec;
    if (fs::exists(o.output, ec) && fs::exists(o.input, ec) && fs::equivalent(o.output, o.input, ec)) {
        fmt::print(err, "tertial ltv: error: {} is the input; choose another output file (the input is never changed)\n",
                   o.output);
        return exit_usage;
    }
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial ltv: error: {}\n", *refusal);
        return exit_usage;
    }
    if (fs::exists(o.output, ec) && !o.force) {
        fmt::print(err, "tertial ltv: error: {} exists; choose another file or pass --force to replace it\n", o.output);
        return exit_usage;
    }
    auto bytes = read_input(o.input, InputKind::pdf, err);
    if (!bytes) return exit_io;
    auto settings = read_trust_settings(o.trust, o.crl, "ltv", err);
    if (!settings) return exit_io;
    pdf::VerifyResult result;
    try {
        result = pdf::verify_pdf_against(*bytes, *settings, isolated_parser());
    } catch (const pdf::ModuleError&) {
        throw;
    } catch (const std::runtime_error& e) {
        fmt::print(err, "tertial ltv: error: {}\n", trust_error(e.what(), *settings));
        return exit_usage;
    }
    if (!result.pdf.readable) {
        fmt::print(err, "{}: error: cannot read the PDF: {}\n", o.input, result.pdf.error);
        return exit_report_errors;
    }
    if (result.signatures.empty()) {
        fmt::print(err, "{}: error: the PDF has no signature to add validation data for\n", o.input);
        return exit_unsigned;
    }
    // Validation data only for signatures that hold, by chains the user
    // trusts, with a CRL for every certificate that says it is not revoked.
    pdf::ValidationData data;
    for (const auto& c : result.signatures) {
        const std::string& field = c.parsed.field;
        auto refuse = [&](int code, const std::string& why) {
            fmt::print(err, "{}: error: signature '{}': {}; nothing written\n", o.input, field, why);
            return code;
        };
        if (c.integrity != pdf::Integrity::intact)
            return refuse(exit_signature_broken, c.integrity_detail + " (run 'tertial verify " + o.input + "')");
        if (c.parsed.later == pdf::Later::other_changes)
            return refuse(exit_changed_after_signing,
                          "the file was changed after it (run 'tertial verify " + o.input + "')");
        if (c.chain != pdf::Chain::trusted) return refuse(exit_untrusted, "certificate " + c.chain_detail);
        if (c.revocation == pdf::Revocation::revoked) return refuse(exit_untrusted, c.revocation_detail);
        if (c.revocation != pdf::Revocation::good)
            return refuse(exit_untrusted, "revocation " + c.revocation_detail +
                                              " (give the CRL of each certificate's issuer with --crl)");
        pdf::ValidationData::ForSignature v;
        v.contents = c.parsed.contents;
        for (const auto& der : c.chain_der) v.certificates.push_back(index_of(data.certificates, der));
        for (const auto& r : c.revocation_statuses)
            if (!r.crl_der.empty()) v.crls.push_back(index_of(data.crls, r.crl_der));
        data.signatures.push_back(std::move(v));
    }
    std::string updated;
    try {
        updated = pdf::add_validation_data(*bytes, data);
    } catch (const pdf::SignError& e) {
        fmt::print(err, "{}: error: {}; nothing written\n", o.input, e.what());
        return exit_report_errors;
    }
    if (!write_output(o.output, updated, "ltv", err)) return exit_io;
    std::size_t n = result.signatures.size();
    fmt::print(out, "added validation data for {} signature{} ({} certificate{}, {} CRL{}, from {}); wrote {}\n", n,
               n == 1 ? "" : "s", data.certificates.size(), data.certificates.size() == 1 ? "" : "s", data.crls.size(),
               data.crls.size() == 1 ? "" : "s", o.crl.empty() ? "the PDF's DSS" : "--crl", o.output);
    return exit_ok;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_ltv(CLI::App& app) {
    auto o = std::make_shared<LtvOptions>();
    app.add_option("pdf", o->input, "A signed PDF")->required()->type_name("SIGNED.pdf");
    app.add_option("--trust", o->trust,
                   "A trusted CA certificate (PEM or DER) or a directory of them, as for verify; repeatable")
        ->required()
        ->type_name("CA.pem|DIR")
        ->allow_extra_args(false);
    app.add_option("--crl", o->crl,
                   "A CRL (PEM or DER) or a directory of them: one from the issuer of every certificate of every "
                   "chain (but the anchor), current at the signing time or issued after it; repeatable")
        ->required()
        ->type_name("FILE|DIR")
        ->allow_extra_args(false);
    app.add_option("-o,--output", o->output, "Where to write the PDF with its validation data (never the input)")
        ->required()
        ->type_name("OUT.pdf");
    app.add_flag("--force", o->force, "Replace the output if it exists (never the input)");
    app.footer(
        "Adds a document security store (PAdES B-LT: /DSS with the chains, the CRLs and a /VRI entry per signature)\n"
        "as an incremental update: every signature stays valid, PDF/A stays PDF/A. Only for signatures that are\n"
        "intact, trusted, and not revoked by the CRLs given. tertial verify then checks revocation with these CRLs\n"
        "when no --crl is given.");
    return [o](std::ostream& out, std::ostream& err) { return run_ltv(*o, out, err); };
}

}  // namespace tertial::cli
