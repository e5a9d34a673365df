// `tertial extract`: the report JSON embedded in a Tertial PDF, byte for byte.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "isolated.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/embedded.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct ExtractOptions {
    std::string input, output;
    bool force = false;
};

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
    std::optional<std::string> json;
    try {
        json = read_attachment_isolated(*bytes, "report.json");
    } catch (const std::exception& e) {
        fmt::print(err, "{}: error: cannot read the PDF: {}\n", o.input, e.what());
        return exit_report_errors;
    }
    if (!json) {
        fmt::print(err, "{}: error: this PDF carries no Tertial report (no embedded report.json); was it made by tertial build?\n",
                   o.input);
        return exit_report_errors;
    }
    try {
        AtomicFileSet files;
        fs::path target(o.output);
        if (target.has_parent_path()) files.ensure_directory(target.parent_path());
        files.stage(target, *json);
        files.commit();
    } catch (const OutputError& e) {
        fmt::print(err, "tertial extract: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    fmt::print(out, "wrote {} ({} bytes)\n", o.output, json->size());
    return exit_ok;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_extract(CLI::App& app) {
    auto o = std::make_shared<ExtractOptions>();
    app.add_option("pdf", o->input, "A PDF made by tertial build")->required()->type_name("REPORT.pdf");
    app.add_option("-o,--output", o->output, "Where to write the report JSON")->required()->type_name("FILE.json");
    app.add_flag("--force", o->force, "Replace the output if it exists");
    return [o](std::ostream& out, std::ostream& err) { return run_extract(*o, out, err); };
}

}  // namespace tertial::cli
