// Kolada snapshots: a saved response of the Kolada API read exactly, and a
// report's key figures and table cells filled from it.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/decimal.hpp"
#include "tertial/model.hpp"

namespace tertial::kolada {

// One published value: a KPI for a municipality (or group), year and gender.
struct Value {
    std::string kpi;
    std::string municipality;  // "2380"; "0000" is riket; "G…" a group
    int year = 0;
    std::string gender;            // "T", "K" or "M"
    std::optional<Decimal> value;  // none where Kolada has no value (null)
    std::string status;            // Kolada's status code, if any
    std::string pointer;           // of the value's object in the file
};

struct Snapshot {
    std::vector<Value> values;
    std::size_t rows = 0;  // entries read: one per KPI, municipality and year
};

// A snapshot that cannot be used, with the place in the file (line and
// column 1-based; 0 when the whole file is meant).
class SnapshotError : public std::runtime_error {
public:
    SnapshotError(std::string message, std::size_t line, std::size_t column)
        : std::runtime_error(std::move(message)), line(line), column(column) {}
    std::size_t line, column;
};

// Reads a saved response of api.kolada.se/v2 or /v3 `data/kpi/…/municipality/…/year/…`.
// Numbers are taken from their text in the file, never through a double.
// Throws SnapshotError for anything that is not such a response.
Snapshot read_snapshot(std::string_view text);

// The file an import read, as recorded in the report's sources.
struct SnapshotFile {
    std::string name;    // without its folder
    std::string sha256;  // of its bytes, lowercase hex
    std::size_t rows = 0;
    Date date;           // when the figures were taken
};

// A figure the import changed: a key figure (its id) or a table cell
// (table.row.column).
struct Change {
    std::string figure;
    std::string pointer;
    std::optional<Decimal> before, after;
    Display display;
    Unit unit = Unit::unknown;
    std::optional<std::string> year_before, year_after;  // key figures whose year moved
};

// A figure the report asks Kolada for that the snapshot does not give.
struct Missing {
    std::string figure;
    std::string pointer;
    std::string reason;
};

// A warning with the place in the snapshot it is about.
struct Warning {
    std::string message;
    std::size_t file = 0;  // index into the snapshots
    std::string pointer;   // in that file
};

struct FillResult {
    std::vector<Change> changes;
    std::vector<Missing> missing;
    std::vector<Warning> warnings;
    std::size_t filled = 0;     // figures that got a value (changed or not)
    std::size_t lists = 0;      // key-figure lists and table columns a source was recorded on
};

// A report that cannot take the snapshot (a column without a year, a
// snapshot for another municipality): the import stops, nothing written.
class FillError : public std::runtime_error {
public:
    FillError(std::string message, std::size_t file, std::string pointer)
        : std::runtime_error(std::move(message)), file(file), pointer(std::move(pointer)) {}
    std::size_t file;
    std::string pointer;  // in that snapshot, or "" for the report
};

// Fills `report` from the snapshots (read from `files`, same order): key
// figures by their `kolada` KPI id, the report's municipality, total, and
// their year or a newer one (the latest the snapshot has; the year moves
// with it); table cells of rows with a `kolada` KPI id in columns with a
// `kolada` selector, for the column's year. Records a kolada source on
// each list and column filled (replacing earlier kolada sources there,
// keeping their `print`; new ones print) and raises the version to 1.2.
FillResult fill(Report& report, const std::vector<Snapshot>& snapshots, const std::vector<SnapshotFile>& files);

// What `--url` prints: the addresses to save for this report's Kolada
// figures and years (several when the lists are long), or none when the
// report names no KPI.
std::vector<std::string> addresses(const Report& report);

}  // namespace tertial::kolada
