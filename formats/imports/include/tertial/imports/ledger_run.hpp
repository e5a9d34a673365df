// One ledger import from bytes to the report as it would be written: what `tertial import ledger` runs
// on the files it read, and the editor on a file its page uploaded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/imports/imports.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/ledger/ledger.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::imports {

using ledger::Export;
using ledger::ImportResult;
using ledger::Reconciliation;

struct LedgerRequest {
    InputFile export_file;
    std::optional<InputFile> mapping_file;  // else the mapping of a plugin the report uses
    // With a mapping file: replace its table and column. Without: choose
    // among the plugins' mappings that fit.
    std::string table, column;
    std::optional<std::string> sheet;  // of an XLSX workbook (default: the first)
    Date date;                         // when the figures were taken
    bool date_given = false;           // false: `date` is the file's modification date
    std::string report_name;           // the report, in messages
};

// A cell the import changes, as shown: numbers in Swedish, plain ("-", " ").
struct LedgerChange {
    std::string where;                  // "taxor (Taxor och avgifter)", "resultat/avvikelse (Resultat)"
    std::string pointer;                // the cell's JSON pointer in the report
    std::optional<std::string> before;  // nullopt: the cell was empty
    std::optional<std::string> after;   // nullopt: a computed cell's printed figure goes (computed again)
    std::optional<std::string> exact;   // the exact new value, where `after` is rounded to the column's decimals
};

// Why an import stopped: no mapping fits (or several do), the export or
// mapping cannot be used (LedgerError), or the report would have errors.
enum class LedgerStop { none, mapping, ledger, report_errors };

struct LedgerRun {
    LedgerStop stop = LedgerStop::none;
    std::string error;  // mapping and ledger: the message, lines as `tertial import ledger` prints them
    std::optional<LedgerMapping> mapping;
    std::optional<Export> data;
    std::optional<ImportResult> result;
    // What the export came to; when codes are unmapped, as far as the rules
    // and exclusions took it, with the codes left in `unmapped`.
    std::optional<Reconciliation> reconciliation;
    std::vector<Reconciliation::Part> unmapped;
    std::vector<std::string> notes;  // what was read and assumed: the file, the date, the mapping, decimals set
    std::vector<LedgerChange> changes;
    std::string written;  // the report as it would be written
    // `written` read back and checked with its plugins: LedgerStop::report_errors
    // when either has an error.
    json::ReadResult back;
    Diagnostics back_checks;
};

// Chooses the mapping, reads the export, maps, reconciles, fills a copy of
// `report` and checks what would be written. Never throws for bad input:
// the LedgerRun says where it stopped. Nothing is written anywhere.
LedgerRun run_ledger_import(const Report& report, const LedgerRequest& request, PluginHost& host);

// What `tertial import ledger` prints on stdout for a run that got as far
// as the changes: the notes, every change, the reconciliation.
std::string ledger_listing(const LedgerRun& run);

// An amount of the export: kr to the öre, whatever decimals the file gave
// it, Swedish and plain ("-1 012 345,67").
std::string money(const Decimal& amount, Unit unit);

}  // namespace tertial::imports
