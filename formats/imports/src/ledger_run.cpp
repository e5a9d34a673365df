// One ledger import from bytes: the mapping chosen, the export read, mapped, reconciled, and what would be
// written checked; shared by `tertial import ledger` and the editor's import.
#include "tertial/imports/ledger_run.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "tertial/format.hpp"
#include "tertial/resolve.hpp"
#include "tertial/walk.hpp"

namespace tertial::imports {
using namespace ledger;
namespace {

std::string plain(const Decimal& d) { return format_number(d, Display{d.scale()}, NumberStyle::plain); }

bool table_in(const Report& r, const std::string& id) {
    bool found = false;
    for_each_block(r, [&](const Block& b, const std::string&) {
        if (auto* t = std::get_if<Table>(&b.content); t && t->id == id) found = true;
    });
    return found;
}

struct Candidate {
    std::string plugin;
    const LedgerMapping* mapping;
};

// The mapping of a plugin the report uses, chosen by table and column when
// several fit; nullopt with the reason in `run.error`.
std::optional<LedgerMapping> plugin_mapping(const LedgerRequest& q, const Report& report, PluginHost& host, LedgerRun& run) {
    Diagnostics diags;
    load_report_plugins(report, host, diags);
    std::vector<Candidate> found;
    std::vector<std::string> plugins;
    for (const auto& p : host.loaded()) {
        plugins.push_back(p->id);
        for (const auto& m : p->ledger_mappings)
            if (table_in(report, m.table) && (q.table.empty() || m.table == q.table) && (q.column.empty() || m.column == q.column))
                found.push_back({p->id, &m});
    }
    run.stop = LedgerStop::mapping;
    if (diags.has_errors()) {
        std::vector<std::string> lines;
        for (const auto& d : diags.items())
            if (d.severity == Severity::error) lines.push_back(fmt::format("{}: error[{}]: {}", q.report_name, d.code, d.message));
        run.error = fmt::format("{}", fmt::join(lines, "\n"));
        return std::nullopt;
    }
    if (found.size() == 1) {
        run.stop = LedgerStop::none;
        return *found.front().mapping;
    }
    std::string which = q.table.empty() && q.column.empty()
                            ? ""
                            : fmt::format(" for{}{}", q.table.empty() ? "" : " table '" + q.table + "'",
                                          q.column.empty() ? "" : " column '" + q.column + "'");
    if (found.empty()) {
        run.error = fmt::format("tertial import ledger: error: no ledger mapping{} in the report's plugins ({}); give one "
                                "with --map MAP.json (docs/imports.md)",
                                which, fmt::join(plugins, ", "));
        return std::nullopt;
    }
    run.error = fmt::format("tertial import ledger: error: {} ledger mappings fit{}; choose one with --table and --column:",
                            found.size(), which);
    for (const auto& c : found)
        run.error += fmt::format("\n  {}.{}: --table {} --column {} ({})", c.plugin, c.mapping->id, c.mapping->table,
                                 c.mapping->column, c.mapping->description);
    return std::nullopt;
}

std::string escape_pointer(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
}

// The changes as shown, each with its cell's pointer.
void show_changes(LedgerRun& run, const Report& report) {
    const LedgerMapping& m = *run.mapping;
    const Table* table = nullptr;
    std::string at;
    for_each_block(report, [&](const Block& b, const std::string& pointer) {
        if (auto* t = std::get_if<Table>(&b.content); t && t->id == m.table && !table) {
            table = t;
            at = pointer;
        }
    });
    std::optional<int> decimals;  // as the report shows the column now
    for (const auto& c : table->columns)
        if (c.id == m.column) decimals = c.display.decimals;
    for (const auto& c : run.result->changes) {
        LedgerChange s;
        s.where = (c.column == m.column ? c.row : c.row + "/" + c.column) + " (" + c.label + ")";
        auto row = std::find_if(table->rows.begin(), table->rows.end(), [&](const TableRow& r) { return r.id == c.row; });
        s.pointer = fmt::format("{}/rows/{}/cells/{}", at, row - table->rows.begin(), escape_pointer(c.column));
        if (c.before) s.before = plain(*c.before);
        if (c.after) {
            s.after = decimals ? format_number(*c.after, Display{decimals}, NumberStyle::plain) : plain(*c.after);
            // Imported values have no trailing zeros: more decimals than shown means rounded.
            if (decimals && c.after->scale() > *decimals) s.exact = plain(*c.after);
        }
        run.changes.push_back(std::move(s));
    }
}

void add_notes(LedgerRun& run, const LedgerRequest& q) {
    const LedgerMapping& m = *run.mapping;
    const ImportResult& r = *run.result;
    run.notes.push_back(fmt::format("{}: read as {}; {} lines, amounts under '{}'", q.export_file.name,
                                    fmt::join(run.data->assumptions, ", "), run.data->lines.size(), run.data->amount_header));
    run.notes.push_back(fmt::format("date: {}{}", r.source.date.to_string(),
                                    q.date_given ? " (--date)" : " (the file's modification date; --date sets another)"));
    run.notes.push_back(fmt::format("mapping: {}: table {}, column {}, {} in the export, {} in the table{}", m.id, m.table,
                                    m.column, unit_name(m.unit), unit_name(r.table_unit), m.negate ? ", signs turned" : ""));
    if (r.decimals_set)
        run.notes.push_back(fmt::format("column {} showed its figures as entered; it now shows {} decimal{} (the figures are exact)",
                                        m.column, *r.decimals_set, *r.decimals_set == 1 ? "" : "s"));
}

}  // namespace

std::string money(const Decimal& d, Unit u) {
    return format_number(d, Display{std::max(d.scale(), u == Unit::kr ? 2 : 0)}, NumberStyle::plain);
}

LedgerRun run_ledger_import(const Report& report, const LedgerRequest& q, PluginHost& host) {
    LedgerRun run;
    try {
        if (q.mapping_file) {
            run.mapping = read_mapping(q.mapping_file->bytes, q.mapping_file->name);
            if (!q.table.empty()) run.mapping->table = q.table;
            if (!q.column.empty()) run.mapping->column = q.column;
        } else {
            run.mapping = plugin_mapping(q, report, host, run);
            if (!run.mapping) return run;
        }
        Grid grid = read_export(q.export_file.bytes, q.export_file.name, q.sheet);
        run.data = interpret(grid, *run.mapping);
        Report next = report;
        std::string name = file_name(q.export_file.name);
        run.result = apply_import(next, *run.mapping, {grid, *run.data, name, sha256_hex(q.export_file.bytes), q.date, q.report_name});
        run.reconciliation = run.result->reconciliation;
        add_notes(run, q);
        show_changes(run, next);
        run.written = json::write_report(next);
    } catch (const UnmappedCodes& e) {
        run.stop = LedgerStop::ledger;
        run.error = e.what();
        run.reconciliation = e.partial;
        run.unmapped = e.codes;
        return run;
    } catch (const LedgerError& e) {
        run.stop = LedgerStop::ledger;
        run.error = e.what();
        return run;
    }
    // What is written must read back and check without errors.
    run.back = json::read_report(run.written);
    if (run.back.report) {
        Extensions ext = load_report_plugins(*run.back.report, host, run.back_checks);
        if (!run.back_checks.has_errors()) check_report(*run.back.report, run.back_checks, &ext);
    }
    if (!run.back.report || run.back.diagnostics.has_errors() || run.back_checks.has_errors()) run.stop = LedgerStop::report_errors;
    return run;
}

std::string ledger_listing(const LedgerRun& run) {
    const LedgerMapping& m = *run.mapping;
    std::string out;
    for (const auto& n : run.notes) out += n + "\n";
    if (run.changes.empty()) out += "no cell changes\n";
    else out += fmt::format("changes in {}/{} ({}):\n", m.table, m.column, unit_name(run.result->table_unit));
    for (const auto& c : run.changes) {
        std::string after = c.after ? *c.after + (c.exact ? " (exactly " + *c.exact + ")" : "") : "(computed)";
        out += "  " + change_text(c.where, c.before.value_or("(empty)"), after) + "\n";
    }
    const Reconciliation& rec = *run.reconciliation;
    out += fmt::format("reconciliation ({}, as exported):\n", unit_name(m.unit));
    for (const auto& p : rec.parts)
        out += fmt::format("  {:<48} {:>20}  ({} line{})\n", p.what, money(p.amount, m.unit), p.lines, p.lines == 1 ? "" : "s");
    out += fmt::format("  {:<48} {:>20}\n", "imported", money(rec.imported, m.unit));
    out += fmt::format("  {:<48} {:>20}\n", "left out", money(rec.excluded, m.unit));
    out += fmt::format("  {:<48} {:>20}  = imported + left out, to the öre\n", fmt::format("export total ({} lines)", rec.rows),
                       money(rec.total, m.unit));
    return out;
}

}  // namespace tertial::imports
