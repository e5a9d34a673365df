// `tertial import`: figures in from where they live. `import ledger`: a ledger export (CSV, XLSX) into a table
// column; `import kolada` is in import_kolada.cpp.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "edit_import_module.hpp"
#include "input_files.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct LedgerOptions {
    std::string input, into, map, table, column, sheet, date;
    std::vector<std::string> plugin_dirs;
    bool dry_run = false;
};

// Reads the files, runs the import (formats/imports: the one the editor runs
// too), prints what it did, and writes the report unless told not to.
int run_import_ledger(const LedgerOptions& o, std::ostream& out, std::ostream& err) {
    auto bytes = read_input(o.input, InputKind::ledger_export, err);
    if (!bytes) return exit_io;
    auto text = read_input(o.into, InputKind::report, err);
    if (!text) return exit_io;
    std::optional<Date> date;
    if (!o.date.empty()) {
        date = Date::parse(o.date);
        if (!date) {
            fmt::print(err, "tertial import ledger: error: --date {}: not a date (YYYY-MM-DD)\n", o.date);
            return exit_usage;
        }
    } else if (!(date = file_date(o.input))) {
        fmt::print(err, "{}: error: cannot read the file's modification date; give --date YYYY-MM-DD\n", o.input);
        return exit_io;
    }

    LoadedReport loaded{o.into, std::move(*text), {}, std::nullopt, {}};
    loaded.read = json::read_report(loaded.text);
    if (!loaded.read.report) {
        print_diagnostics(loaded, err);
        fmt::print(err, "tertial import ledger: {} cannot be read; nothing written\n", o.into);
        return exit_report_errors;
    }
    std::optional<std::string> map_text;
    if (!o.map.empty() && !(map_text = read_input(o.map, InputKind::ledger_mapping, err))) return exit_io;

    imports::LedgerRequest request{{o.input, *bytes}, std::nullopt, o.table, o.column, std::nullopt, *date,
                                   !o.date.empty(), o.into};
    if (map_text) request.mapping_file = imports::InputFile{o.map, *map_text};
    if (!o.sheet.empty()) request.sheet = o.sheet;
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    const EditImportModule& module = edit_import_module();
    auto run = module.run_ledger_import(*loaded.read.report, request, host);
    switch (run.stop) {
        case imports::LedgerStop::mapping:
            fmt::print(err, "{}\n", run.error);
            return exit_report_errors;
        case imports::LedgerStop::ledger:
            fmt::print(err, "{}\ntertial import ledger: nothing written\n", run.error);
            return exit_report_errors;
        case imports::LedgerStop::report_errors:
        case imports::LedgerStop::none:
            break;
    }
    out << module.ledger_listing(run);
    if (run.stop == imports::LedgerStop::report_errors) {
        print_errors(LoadedReport{o.into, run.written, std::move(run.back), std::nullopt, std::move(run.back_checks)}, err);
        fmt::print(err, "tertial import ledger: the report would have errors (above, as it would be written); nothing written\n");
        return exit_report_errors;
    }
    if (o.dry_run) {
        fmt::print(out, "dry run: {} not written\n", o.into);
        return exit_ok;
    }
    try {
        AtomicFileSet files;
        files.stage(fs::path(o.into), run.written);
        files.commit();
    } catch (const OutputError& e) {
        fmt::print(err, "tertial import ledger: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    fmt::print(out, "wrote {}\n", o.into);
    return exit_ok;
}

}  // namespace

void register_import_ledger(CLI::App& app, ImportAction& chosen) {
    auto o = std::make_shared<LedgerOptions>();
    CLI::App* ledger = app.add_subcommand("ledger", "Fill a table column from a ledger export (CSV or XLSX), reconciled to the öre");
    ledger->add_option("export", o->input, "The ledger export: CSV (';' or ',' separated) or XLSX")
        ->required()
        ->type_name("EXPORT.csv|EXPORT.xlsx");
    ledger->add_option("--into", o->into, "The report to fill (JSON); rewritten in place, atomically")
        ->required()
        ->type_name("REPORT.json");
    ledger->add_option("--map", o->map, "A mapping file (docs/imports.md), instead of the plugin's")->type_name("MAP.json");
    ledger->add_option("--table", o->table, "The table to fill, when several mappings fit")->type_name("ID");
    ledger->add_option("--column", o->column, "The column to fill, when several mappings fit")->type_name("ID");
    ledger->add_option("--sheet", o->sheet, "The sheet of an XLSX workbook (default: the first)")->type_name("NAME");
    ledger->add_option("--date", o->date, "When the figures were taken (default: the file's modification date)")
        ->type_name("YYYY-MM-DD");
    ledger->add_flag("--dry-run", o->dry_run, "Print the changes and the reconciliation; write nothing");
    add_plugin_dir_option(*ledger, o->plugin_dirs);
    ledger->callback([o, &chosen] { chosen = [o](std::ostream& out, std::ostream& err) { return run_import_ledger(*o, out, err); }; });
}

// The `import` group: one subcommand per kind of source, each registered by
// its own function.
std::function<int(std::ostream&, std::ostream&)> setup_import(CLI::App& app) {
    app.require_subcommand(1);
    auto chosen = std::make_shared<ImportAction>();
    register_import_ledger(app, *chosen);
    register_import_kolada(app, *chosen);
    register_import_docx(app, *chosen);
    return [chosen](std::ostream& out, std::ostream& err) { return (*chosen)(out, err); };
}

}  // namespace tertial::cli
