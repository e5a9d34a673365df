// `tertial import docx`: last year's report from Word as a Tertial report, totals recognised as calculations.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cstdint>
#include <filesystem>

#include "commands.hpp"
#include "edit_import_module.hpp"
#include "input_files.hpp"
#include "terminal_text.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/json/report_json.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct DocxOptions {
    std::string document, municipality, output;
    std::vector<std::string> committees, plugin_dirs;
    bool force = false, dry_run = false, verbose = false;
};

void print_list(std::ostream& out, const std::string& heading, const std::vector<std::string>& lines, std::size_t max) {
    if (lines.empty()) return;
    fmt::print(out, "{}\n", heading);
    for (std::size_t i = 0; i < lines.size() && i < max; ++i) fmt::print(out, "  {}\n", printable(lines[i]));
    if (lines.size() > max) fmt::print(out, "  … and {} more (-v lists them all)\n", lines.size() - max);
}

void print_notes(const DocxOptions& o, const docx::ImportNotes& n, std::ostream& out) {
    std::size_t max = o.verbose ? SIZE_MAX : 20;
    print_list(out, "meta:", n.meta, SIZE_MAX);
    print_list(out, "tables:", n.tables, max);
    print_list(out, "layouts of the municipality:", n.layouts, SIZE_MAX);
    fmt::print(out, "totals: {} printed figure{} recognised as calculations\n", n.calculations, n.calculations == 1 ? "" : "s");
    print_list(out, fmt::format("not adding up ({}): kept as printed, each with a waiver saying what its parts give; check them "
                                "before the new year starts:",
                                n.not_adding_up.size()),
               n.not_adding_up, SIZE_MAX);
    print_list(out, fmt::format("rounding ({}): a total one off the sum of its rounded parts, kept as printed (the table is "
                                "marked rounded):",
                                n.rounding.size()),
               n.rounding, max);
    fmt::print(out, "text: {} amount{} bound to table figures, {} left typed\n", n.bound.size(), n.bound.size() == 1 ? "" : "s",
               n.left.size());
    if (o.verbose) print_list(out, "bound:", n.bound, SIZE_MAX);
    print_list(out, "left typed:", n.left, max);
    print_list(out, "not imported:", n.warnings, max);
}

int run_import_docx(const DocxOptions& o, std::ostream& out, std::ostream& err) {
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial import docx: error: {}; nothing written\n", *refusal);
        return exit_usage;
    }
    std::error_code ec;
    if (fs::exists(o.output, ec) && !o.force) {
        fmt::print(err, "tertial import docx: error: {} exists; choose another file or pass --force to replace it\n", o.output);
        return exit_usage;
    }
    if (fs::weakly_canonical(o.output, ec) == fs::weakly_canonical(o.document, ec)) {
        fmt::print(err, "tertial import docx: error: the output {} is the input; nothing written\n", o.output);
        return exit_usage;
    }
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    Diagnostics diags;
    const LoadedPlugin* m = host.load(o.municipality, diags);
    if (m && m->kind != PluginKind::municipality)
        diags.error("import.kind", "", fmt::format("'{}' is a {} plugin, not a municipality plugin", m->id, to_string(m->kind)));
    std::vector<const LoadedPlugin*> committees;
    for (const auto& id : o.committees) {
        const LoadedPlugin* c = host.load(id, diags);
        if (c && c->kind != PluginKind::committee)
            diags.error("import.kind", "", fmt::format("'{}' is a {} plugin, not a committee plugin", c->id, to_string(c->kind)));
        if (c) committees.push_back(c);
    }
    if (diags.has_errors()) {
        for (const auto& x : diags.items())
            fmt::print(err, "tertial import docx: {}[{}]: {}\n", to_string(x.severity), x.code, printable(x.message));
        fmt::print(err, "tertial import docx: nothing written\n");
        return exit_report_errors;
    }
    auto bytes = read_input(o.document, InputKind::word_document, err);
    if (!bytes) return exit_io;
    DocxRun run = edit_import_module().import_docx(*bytes, o.document, {m, committees, o.document});
    if (!run.result) {
        fmt::print(err, "{}\n", printable(run.error));
        fmt::print(err, "tertial import docx: nothing written\n");
        return exit_report_errors;
    }
    docx::ImportResult& result = *run.result;
    print_notes(o, result.notes, out);
    std::string written = json::write_report(result.report);
    if (!reads_back_clean(o.output, written, host, err)) {
        fmt::print(err, "tertial import docx: the report would have errors (above, as it would be written); nothing written\n");
        return exit_report_errors;
    }
    if (o.dry_run) {
        fmt::print(out, "dry run: {} not written\n", o.output);
        return exit_ok;
    }
    if (!write_output(o.output, written, "import docx", err)) return exit_io;
    fmt::print(out, "wrote {}: a {} for {} in {}; `tertial check --todo {}` lists what is left to do\n", o.output,
               to_string(result.report.meta.kind), result.report.meta.committee.name, result.report.meta.municipality.name,
               o.output);
    return exit_ok;
}

std::function<int(std::ostream&, std::ostream&)> setup_import_docx(CLI::App& app) {
    auto o = std::make_shared<DocxOptions>();
    app.add_option("document", o->document, "Last year's report as a Word document (.docx)")->required()->type_name("LAST.docx");
    app.add_option("--municipality", o->municipality, "Municipality plugin id, e.g. ostersund")->required()->type_name("ID");
    app.add_option("--committee", o->committees, "Committee plugin id, e.g. social_services (repeatable)")
        ->required()
        ->type_name("ID");
    app.add_option("-o,--output", o->output, "The report file to write (JSON)")->required()->type_name("REPORT.json");
    app.add_flag("--force", o->force, "Replace REPORT.json if it exists");
    app.add_flag("--dry-run", o->dry_run, "Print what the import finds; write nothing");
    app.add_flag("-v,--verbose", o->verbose, "List every table, rounding and amount bound, not only the first 20");
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_import_docx(*o, out, err); };
}

}  // namespace

void register_import_docx(CLI::App& import, ImportAction& chosen) {
    CLI::App* sub = import.add_subcommand("docx", "Turn last year's report from Word (.docx) into a Tertial report");
    auto action = setup_import_docx(*sub);
    sub->callback([&chosen, action] { chosen = action; });
}

}  // namespace tertial::cli
