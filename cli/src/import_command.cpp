// `tertial import`: figures in from where they live. `import ledger`: a ledger export (CSV, XLSX) into a table
// column; `import kolada` is in import_kolada.cpp.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/format.hpp"
#include "tertial/ledger/ledger.hpp"
#include "tertial/walk.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct LedgerOptions {
    std::string input, into, map, table, column, sheet, date;
    std::vector<std::string> plugin_dirs;
    bool dry_run = false;
};

std::string plain(const Decimal& d) { return format_number(d, Display{d.scale()}, NumberStyle::plain); }
// An amount of the export: kr to the öre, whatever decimals the file gave it.
std::string money(const Decimal& d, Unit u) {
    return format_number(d, Display{std::max(d.scale(), u == Unit::kr ? 2 : 0)}, NumberStyle::plain);
}

struct Candidate {
    std::string plugin;
    const LedgerMapping* mapping;
};

bool table_in(const Report& r, const std::string& id) {
    bool found = false;
    for_each_block(r, [&](const Block& b, const std::string&) {
        if (auto* t = std::get_if<Table>(&b.content); t && t->id == id) found = true;
    });
    return found;
}

// The mapping of a plugin the report uses, chosen by --table and --column
// when several fit. nullopt after printing why none or which ones.
std::optional<LedgerMapping> plugin_mapping(const LedgerOptions& o, const Report& report, PluginHost& host, std::ostream& err) {
    Diagnostics diags;
    load_report_plugins(report, host, diags);
    std::vector<Candidate> found;
    std::vector<std::string> plugins;
    for (const auto& p : host.loaded()) {
        plugins.push_back(p->id);
        for (const auto& m : p->ledger_mappings)
            if (table_in(report, m.table) && (o.table.empty() || m.table == o.table) && (o.column.empty() || m.column == o.column))
                found.push_back({p->id, &m});
    }
    if (diags.has_errors()) {
        for (const auto& d : diags.items())
            if (d.severity == Severity::error) fmt::print(err, "{}: error[{}]: {}\n", o.into, d.code, d.message);
        return std::nullopt;
    }
    if (found.size() == 1) return *found.front().mapping;
    std::string which = o.table.empty() && o.column.empty() ? "" : fmt::format(" for{}{}", o.table.empty() ? "" : " table '" + o.table + "'", o.column.empty() ? "" : " column '" + o.column + "'");
    if (found.empty()) {
        fmt::print(err,
                   "tertial import ledger: error: no ledger mapping{} in the report's plugins ({}); give one with --map "
                   "MAP.json (docs/imports.md)\n",
                   which, fmt::join(plugins, ", "));
        return std::nullopt;
    }
    fmt::print(err, "tertial import ledger: error: {} ledger mappings fit{}; choose one with --table and --column:\n", found.size(), which);
    for (const auto& c : found)
        fmt::print(err, "  {}.{}: --table {} --column {} ({})\n", c.plugin, c.mapping->id, c.mapping->table, c.mapping->column,
                   c.mapping->description);
    return std::nullopt;
}

void print_result(const LedgerOptions& o, const ledger::Export& data, const LedgerMapping& m, const ledger::ImportResult& r,
                  const Report& report, bool date_given, std::ostream& out) {
    fmt::print(out, "{}: read as {}; {} lines, amounts under '{}'\n", o.input, fmt::join(data.assumptions, ", "),
               data.lines.size(), data.amount_header);
    fmt::print(out, "date: {}{}\n", r.source.date.to_string(),
               date_given ? " (--date)" : " (the file's modification date; --date sets another)");
    fmt::print(out, "mapping: {}: table {}, column {}, {} in the export, {} in the table{}\n", m.id, m.table, m.column,
               unit_name(m.unit), unit_name(r.table_unit), m.negate ? ", signs turned" : "");
    std::optional<int> decimals;  // as the report shows the column now
    for_each_block(report, [&](const Block& b, const std::string&) {
        if (auto* t = std::get_if<Table>(&b.content); t && t->id == m.table)
            for (const auto& c : t->columns)
                if (c.id == m.column) decimals = c.display.decimals;
    });
    if (r.decimals_set)
        fmt::print(out, "column {} showed its figures as entered; it now shows {} decimal{} (the figures are exact)\n",
                   m.column, *r.decimals_set, *r.decimals_set == 1 ? "" : "s");
    if (r.changes.empty()) fmt::print(out, "no cell changes\n");
    else fmt::print(out, "changes in {}/{} ({}):\n", m.table, m.column, unit_name(r.table_unit));
    for (const auto& c : r.changes) {
        std::string before = c.before ? plain(*c.before) : "(empty)";
        std::string after = "(computed)";
        if (c.after) {
            after = decimals ? format_number(*c.after, Display{decimals}, NumberStyle::plain) : plain(*c.after);
            if (after != plain(*c.after)) after += fmt::format(" (exactly {})", plain(*c.after));
        }
        std::string where = c.column == m.column ? c.row : c.row + "/" + c.column;
        fmt::print(out, "  {} ({}): {} -> {}\n", where, c.label, before, after);
    }
    const auto& rec = r.reconciliation;
    fmt::print(out, "reconciliation ({}, as exported):\n", unit_name(m.unit));
    for (const auto& p : rec.parts)
        fmt::print(out, "  {:<48} {:>20}  ({} line{})\n", p.what, money(p.amount, m.unit), p.lines, p.lines == 1 ? "" : "s");
    fmt::print(out, "  {:<48} {:>20}\n", "imported", money(rec.imported, m.unit));
    fmt::print(out, "  {:<48} {:>20}\n", "left out", money(rec.excluded, m.unit));
    fmt::print(out, "  {:<48} {:>20}  = imported + left out, to the öre\n", fmt::format("export total ({} lines)", rec.rows),
               money(rec.total, m.unit));
}

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
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    std::optional<LedgerMapping> mapping;
    try {
        if (!o.map.empty()) {
            auto map_text = read_input(o.map, InputKind::ledger_mapping, err);
            if (!map_text) return exit_io;
            mapping = ledger::read_mapping(*map_text, o.map);
            if (!o.table.empty()) mapping->table = o.table;
            if (!o.column.empty()) mapping->column = o.column;
        } else {
            mapping = plugin_mapping(o, *loaded.read.report, host, err);
            if (!mapping) return exit_report_errors;
        }
        std::string name = fs::path(o.input).filename().string();
        std::optional<std::string> sheet;
        if (!o.sheet.empty()) sheet = o.sheet;
        ledger::Grid grid = ledger::read_export(*bytes, o.input, sheet);
        ledger::Export data = ledger::interpret(grid, *mapping);
        Report report = *loaded.read.report;
        auto result = ledger::apply_import(report, *mapping,
                                           {grid, data, name, sha256_hex(*bytes), *date, o.into});
        print_result(o, data, *mapping, result, report, !o.date.empty(), out);

        // What is written must read back and check without errors.
        std::string written = json::write_report(report);
        if (!reads_back_clean(o.into, written, host, err)) {
            fmt::print(err, "tertial import ledger: the report would have errors (above, as it would be written); nothing written\n");
            return exit_report_errors;
        }
        if (o.dry_run) {
            fmt::print(out, "dry run: {} not written\n", o.into);
            return exit_ok;
        }
        AtomicFileSet files;
        files.stage(fs::path(o.into), written);
        files.commit();
        fmt::print(out, "wrote {}\n", o.into);
        return exit_ok;
    } catch (const ledger::LedgerError& e) {
        fmt::print(err, "{}\ntertial import ledger: nothing written\n", e.what());
        return exit_report_errors;
    } catch (const OutputError& e) {
        fmt::print(err, "tertial import ledger: error: {}; nothing written\n", e.what());
        return exit_io;
    }
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
