// Ledger exports (CSV, XLSX) read exactly, mapped onto a table column and reconciled to the öre.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/decimal.hpp"
#include "tertial/ledger_mapping.hpp"
#include "tertial/model.hpp"

namespace tertial::ledger {

// A problem that stops the import: the message is complete and names the
// place ("huvudbok.csv:14:5: ...", "Blad1!D7: ..."). Nothing is written.
class LedgerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One cell of an export as read: its text, and for XLSX whether it was
// stored as a number (then `text` is the stored decimal, e.g. "-1234.5").
struct RawCell {
    std::string text;
    bool number = false;
};

struct RawRow {
    std::vector<RawCell> cells;
    std::size_t line = 0;  // CSV: the line the row starts on; XLSX: the row number
};

// A sheet of cells, before headers are known; `place` names a cell in
// messages the way the file's own program would: "file:line:col" for CSV,
// "Blad1!D7" for XLSX.
struct Grid {
    std::vector<RawRow> rows;
    std::string file;     // the file's name, for messages
    std::string sheet;    // XLSX only
    bool xlsx = false;
    bool date1904 = false;                 // XLSX: serial dates count from 1904
    std::vector<std::string> raw_lines;    // CSV: the decoded text's lines, for columns
    char delimiter = ';';                  // CSV
    std::vector<std::string> assumptions;  // what was assumed about the file: "Windows-1252 (not UTF-8)"
    std::string place(const RawRow& row, std::size_t field) const;
};

// Reads a CSV export (see docs/imports.md for what is recognised): the
// encoding (UTF-8 with or without BOM, else Windows-1252) and the separator
// are found from the bytes. Throws LedgerError.
Grid read_csv(std::string_view bytes, const std::string& file);

// Reads the first sheet of an XLSX workbook, or the sheet named `sheet`.
// Throws LedgerError.
Grid read_xlsx(std::string_view bytes, const std::string& file, const std::optional<std::string>& sheet);

// An XLSX workbook by its content (a ZIP archive) or name, else CSV.
Grid read_export(std::string_view bytes, const std::string& file, const std::optional<std::string>& sheet);

// One line of the export with an amount.
struct ExportLine {
    std::string codes[3];  // konto, ansvar, verksamhet ("" when the export has no such column)
    Decimal amount;
    std::optional<YearMonth> month;  // from a period or date column
    std::size_t row = 0;             // index into Grid::rows
};

struct Export {
    std::vector<ExportLine> lines;
    bool has_field[3] = {false, false, false};
    Decimal sum;  // every amount added up, as written
    std::optional<std::string> municipality;  // from a "Kommun:" line above the headers
    std::optional<YearMonth> period_from, period_to;  // from a "Period:" line
    std::size_t municipality_row = 0, period_row = 0;  // where those lines are
    std::string amount_header;                 // as written in the file
    std::vector<std::string> assumptions;      // the grid's, and the number format's
};

// Finds the header row (by the names the mapping adds to the known ones),
// reads every line's codes and amount exactly. Throws LedgerError naming
// the cell of a non-numeric amount, a missing column, an empty export.
Export interpret(const Grid& grid, const LedgerMapping& mapping);

// A mapping from its JSON file; errors are "file:line:col: error: /pointer:
// message" lines, all of them, in one LedgerError.
LedgerMapping read_mapping(std::string_view text, const std::string& file);

// One cell the import changes.
struct CellChange {
    std::string row, label;
    std::optional<Decimal> before;  // nullopt: empty, or a printed figure of a computed row
    std::optional<Decimal> after;   // nullopt: the computed row's printed figure is removed
    bool computed = false;
    std::string column;  // the imported column, or a computed column whose printed figure goes
};

// What the export came to, per rule, exclusion and code left for "övrigt".
struct Reconciliation {
    std::size_t rows = 0;
    Decimal total;  // every amount of the export, as written (kr)
    Decimal imported, excluded;
    struct Part {
        std::string what;  // "rule 1 (row 'varor')", "övrigt (row 'ovriga')", "left out: balance accounts"
        Decimal amount;    // in the export's unit, as exported
        std::size_t lines = 0;
        std::string row;     // the row a rule or "övrigt" fills ("" for an exclusion)
        std::string reason;  // an exclusion's reason ("" for a row)
    };
    std::vector<Part> parts;
};

// Lines whose codes no rule, exclusion or "other" row takes: the import
// stops. Carries the reconciliation as far as it got (what the rules and
// exclusions took) and each code combination left, with its sum and lines,
// so that the editor can show them beside the message.
class UnmappedCodes : public LedgerError {
public:
    UnmappedCodes(const std::string& message, Reconciliation partial, std::vector<Reconciliation::Part> codes)
        : LedgerError(message), partial(std::move(partial)), codes(std::move(codes)) {}
    Reconciliation partial;
    std::vector<Reconciliation::Part> codes;  // what: "konto 9110, ansvar 300000"
};

struct ImportResult {
    Source source;
    std::vector<CellChange> changes;  // only cells whose value changes
    Reconciliation reconciliation;
    Unit table_unit = Unit::unknown;
    std::optional<int> decimals_set;  // the column showed figures as entered; now with this many decimals
};

// Applies the mapping to `report` (the table and column it names): fills
// the column's entered cells, removes printed figures of computed rows in
// it, records the Source (replacing the column's previous one) and raises
// the report's format to at least 1.2. `file`, `sha256` and `date` go into
// the Source. Throws LedgerError (and leaves `report` as it was) on an
// unmapped code, two rules for one line, a row or column that cannot take
// figures, an export of another period or municipality.
struct ImportInput {
    const Grid& grid;
    const Export& data;
    std::string file;    // the export's name, without its folder (messages and the Source)
    std::string sha256;  // of the export's bytes
    Date date;           // when the figures were taken
    std::string report_name;  // for messages about the report
};
ImportResult apply_import(Report& report, const LedgerMapping& mapping, const ImportInput& input);

}  // namespace tertial::ledger
