// `tertial extract`: the report JSON embedded in a Tertial PDF, byte for byte,
// once the PDF's signatures (if any) are verified as `tertial verify` does.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "input_signatures.hpp"
#include "isolated.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/embedded.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct ExtractOptions {
    std::string input, output;
    bool force = false, no_verify = false;
};

// A signed PDF's report is handed out only as signed: every signature
// intact and nothing but signatures after them (the chain is `tertial
// verify --trust`'s business). nullopt to go on, else the exit code.
std::optional<int> check_signatures(const ExtractOptions& o, const std::string& bytes, std::ostream& err) {
    if (o.no_verify) {
        fmt::print(err,
                   "{}: warning: --no-verify: its signatures were not verified; the report may not be the one that "
                   "was signed\n",
                   o.input);
        return std::nullopt;
    }
    InputSignatures s;
    try {
        s = check_input_signatures(bytes);
    } catch (const pdf::ModuleError&) {
        throw;  // said by run(), as for every command
    } catch (const std::exception&) {
        return std::nullopt;  // unreadable, and no signature found: reading its report says why
    }
    if (s.verdict != InputSignatures::Verdict::broken) return std::nullopt;
    fmt::print(err,
               "{}: error: the PDF's signatures are not intact: {}; its report is not the one that was signed (run "
               "'tertial verify {}'; --no-verify extracts it anyway); nothing written\n",
               o.input, s.summary, o.input);
    return s.changed_only ? exit_changed_after_signing : exit_signature_broken;
}

int run_extract(const ExtractOptions& o, std::ostream& out, std::ostream& err) {
    auto bytes = read_input(o.input, InputKind::pdf, err);
    if (!bytes) return exit_io;
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial extract: error: {}\n", *refusal);
        return exit_usage;
    }
    std::error_code ec;
    if (fs::exists(o.output, ec)) {
        if (fs::equivalent(o.output, o.input, ec)) {
            fmt::print(err, "tertial extract: error: {} is the input; choose another output file\n", o.output);
            return exit_usage;
        }
        if (!o.force) {
            fmt::print(err, "tertial extract: error: {} exists; choose another file or pass --force to replace it\n", o.output);
            return exit_usage;
        }
    }
    if (auto refused = check_signatures(o, *bytes, err)) return *refused;
    std::optional<std::string> json;
    try {
        json = read_attachment_isolated(*bytes, "report.json");
    } catch (const pdf::ModuleError&) {
        throw;  // said by run(), as for every command
    } catch (const std::exception& e) {
        fmt::print(err, "{}: error: cannot read the PDF: {}\n", o.input, e.what());
        return exit_report_errors;
    }
    if (!json) {
        fmt::print(err, "{}: error: this PDF carries no Tertial report (no embedded report.json); was it made by tertial build?\n",
                   o.input);
        return exit_report_errors;
    }
    if (!write_output(o.output, *json, "extract", err)) return exit_io;
    fmt::print(out, "wrote {} ({} bytes)\n", o.output, json->size());
    return exit_ok;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_extract(CLI::App& app) {
    auto o = std::make_shared<ExtractOptions>();
    app.add_option("pdf", o->input, "A PDF made by tertial build")->required()->type_name("REPORT.pdf");
    app.add_option("-o,--output", o->output, "Where to write the report JSON")->required()->type_name("FILE.json");
    app.add_flag("--force", o->force, "Replace the output if it exists");
    app.add_flag("--no-verify", o->no_verify,
                 "Extract the report of a signed PDF without verifying its signatures first (said on stderr)");
    app.footer(
        "A signed PDF's signatures are verified first, as `tertial verify` does (without --trust): a broken one\n"
        "refuses the PDF with verify's exit code, 6 (a signature broken) or 7 (changed after signing).");
    return [o](std::ostream& out, std::ostream& err) { return run_extract(*o, out, err); };
}

}  // namespace tertial::cli
