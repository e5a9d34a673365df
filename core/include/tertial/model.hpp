// The report document model: one model for every report kind.
//
// Its JSON form (formats/json, docs/format.md) mirrors this tree field for
// field, so a JSON pointer is also the address of a model node; diagnostics
// use it to name the place.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tertial/boxed.hpp"
#include "tertial/date.hpp"
#include "tertial/decimal.hpp"
#include "tertial/units.hpp"

namespace tertial {

// The JSON format this build reads and writes. 1.1 added what rollover
// marks: `review`, `proposals_review` and `meta.todo`; 1.2 added `sources`
// (where imported figures came from); 1.3 a draft's date still to fill in,
// waivers on named figures and checks with the arithmetic they accept, and
// a unit per table row.
inline constexpr int format_version_major = 1;
inline constexpr int format_version_minor = 3;

enum class ReportKind { unknown, tertialrapport, delarsrapport, verksamhetsplan, kvalitetsrapport, verksamhetsberattelse };
enum class ReportStatus { unknown, utkast, faststalld };
enum class GoalStatus { unknown, uppnas, uppnas_delvis, uppnas_inte, ej_bedomd };
// Parts of meta that are still to fill in: rollover clears last year's
// decision data and lists them here until someone has dealt with them.
enum class MetaTodo { unknown, date, dnr, signatures };
// Who gave an assignment: kommunfullmäktige, the nämnd, a "W" (from the
// budget, "Vi vill"), kommunledningsgruppen.
enum class AssignmentSource { unknown, kf, n, w, klg };
// What an import read: a ledger export (CSV or XLSX) or a Kolada snapshot.
enum class SourceKind { unknown, ledger, kolada };

struct Municipality {
    std::string name;
    std::string scb_code;  // four digits, e.g. "2380" for Östersund
    bool operator==(const Municipality&) const = default;
};

struct Committee {
    std::string name;
    std::string short_name;  // e.g. "SAN"
    bool operator==(const Committee&) const = default;
};

// Carried over from last year's report by rollover and still to be
// reviewed: whoever has checked it removes the mark. `note` says what to
// check; `previous` is last year's text as it was printed (figures
// rendered), one string per paragraph or item, kept for reference only: it
// is neither printed nor checked.
struct Review {
    std::optional<std::string> note;
    std::vector<std::string> previous;
    bool operator==(const Review&) const = default;
};

struct Signatory {
    std::string id;  // referred to by the cover letter's signatures
    std::string name;
    std::string title;
    bool operator==(const Signatory&) const = default;
};

struct Meta {
    Municipality municipality;
    Committee committee;
    std::optional<std::string> administration;  // förvaltning
    ReportKind kind = ReportKind::unknown;
    std::string title;
    Period period;
    // The date of the document. A draft (status "utkast") may leave it to
    // fill in: no date (year 0) and "date" in `todo` (format 1.3).
    Date date;
    std::optional<std::string> dnr;
    ReportStatus status = ReportStatus::unknown;
    std::vector<std::string> plugins;
    std::vector<Signatory> signatories;
    std::vector<MetaTodo> todo;  // parts still to fill in (date, dnr, signatures)
    bool operator==(const Meta&) const = default;
};

// A named figure: entered, computed from other figures, or still to fill in.
// What a named figure is in time, for rollover: `last_year_of` names the
// figure of the same report whose value in last year's report this one
// holds ("eb_utfall_fg" is last year's "eb_utfall"), so that rollover fills
// it from last year's report instead of emptying it (format 1.2).
struct FigureRole {
    std::string last_year_of;
    bool operator==(const FigureRole&) const = default;
};

struct Figure {
    std::string id;
    std::optional<std::string> label;
    Unit unit = Unit::unknown;
    Display display;
    std::optional<Decimal> value;
    std::optional<std::string> calc;
    bool todo = false;
    std::optional<FigureRole> role;
    // A computed figure printed as `value` although `calc` gives another:
    // kept as printed on purpose, `waiver` says why, `accepts` is what the
    // calculation gave when it was waived (format 1.3; see CellWaived).
    std::optional<std::string> waiver;
    std::optional<Decimal> accepts;
    bool operator==(const Figure&) const = default;
};

// An explicit consistency rule: two figures that must be equal.
struct EqualityCheck {
    std::string id;
    std::string left, right;  // figure ids
    std::optional<std::string> message;
    // Known to fail, on purpose (format 1.3): `waiver` says why; the check
    // is waived while the two figures are what it accepts (`accepts_left`,
    // `accepts_right`), and fails again when either changes.
    std::optional<std::string> waiver;
    std::optional<Decimal> accepts_left, accepts_right;
    bool operator==(const EqualityCheck&) const = default;
};

// Where imported figures came from: the file `tertial import` read, so that
// every figure can be traced to it. One per table column an import filled
// (`column`), or one for a key-figure list. A re-import replaces it.
struct Source {
    SourceKind kind = SourceKind::unknown;
    std::optional<std::string> column;  // the column filled; none for key figures
    std::string file;                   // the file's name, without its folder
    std::string sha256;                 // of the file's bytes, lowercase hex
    std::size_t rows = 0;               // data rows read from the file
    std::optional<Decimal> sum;         // every amount in the file added up, as written there
    Date date;                          // when the figures were taken: given, or the file's date
    std::optional<std::string> system;  // where the file came from, as printed: "Raindance"
    bool print = false;                 // the PDF prints "Källa: …" under the table
    bool operator==(const Source&) const = default;
};

// ---- tables -----------------------------------------------------------------

enum class ColumnKind { unknown, label, text, amount };

// What a column holds in time; rollover shifts these.
enum class ColumnRoleType {
    unknown,
    budget,
    additional_appropriation,  // tilläggsanslag
    revised_budget,            // ny budget
    outcome,                   // utfall t.o.m. `until`
    forecast,                  // prognos for `year`
    outcome_same_period_last_year,
    outcome_last_year,  // bokslut / utfall previous year
    plan,
    deviation,  // avvikelse
    share,      // andel av budget
    other
};

struct ColumnRole {
    ColumnRoleType type = ColumnRoleType::unknown;
    std::optional<int> year;
    std::optional<Date> until;
    bool operator==(const ColumnRole&) const = default;
};

// Which Kolada value a column holds for the rows that name a KPI (1.2):
// a municipality other than the report's own ("0000" is riket, "G…" a
// municipality group such as "liknande kommuner") and a gender ("T" total,
// "K" kvinnor, "M" män). Empty parts mean the report's municipality, total.
struct KoladaSelector {
    std::optional<std::string> municipality;
    std::optional<std::string> gender;
    bool operator==(const KoladaSelector&) const = default;
};

struct Column {
    std::string id;
    std::string title;
    ColumnKind kind = ColumnKind::amount;
    std::optional<Unit> unit;  // amount columns; defaults to the table's unit
    Display display;
    std::optional<std::string> calc;  // over column ids of the same row
    std::optional<ColumnRole> role;
    std::optional<KoladaSelector> kolada;  // filled by `tertial import kolada` (1.2)
    bool operator==(const Column&) const = default;
};

enum class RowKind { normal, varav, subtotal, total, heading };

struct CellCalc {
    std::string calc;  // over figure ids
    bool operator==(const CellCalc&) const = default;
};
struct CellTodo {
    bool operator==(const CellTodo&) const = default;
};
// A printed figure known to disagree with its calculation, kept as printed
// on purpose: the reason says why. The check is waived for this cell only.
// `accepts` (format 1.3) is what the calculation gave when it was waived:
// the waiver holds while the calculation still gives that, so a change in
// its parts is checked again.
struct CellWaived {
    Decimal value;
    std::string reason;
    std::optional<Decimal> accepts;
    bool operator==(const CellWaived&) const = default;
};

// Empty (monostate) is not zero: it is "no figure here". A waived figure is
// boxed: unboxed it made every cell 128 bytes, where the others need 48 (a
// 10 000-row table's cells: 3.4 -> 1.8 MB).
using Cell = std::variant<std::monostate, Decimal, std::string, CellCalc, CellTodo, Boxed<CellWaived>>;
// The cell's waived figure, if it is one.
inline const CellWaived* waived(const Cell& cell) {
    const auto* box = std::get_if<Boxed<CellWaived>>(&cell);
    return box ? &**box : nullptr;
}

struct TableRow {
    std::string id;
    std::string label;
    RowKind kind = RowKind::normal;
    // Boxed, as most rows have neither: a row is 160 bytes, not 224.
    OptionalBox<std::string> calc;        // over row ids of the same column
    std::optional<YearMonth> month;       // for monthly tables: tertial(N)
    OptionalBox<std::string> kolada;      // the Kolada KPI id its cells hold (1.2)
    // The unit of the row's figures when it is not its columns' (1.3): a
    // row of % or antal in a table of tkr.
    std::optional<Unit> unit;
    std::vector<std::pair<std::string, Cell>> cells;  // column id -> cell, in file order
    // Cells to review, by column id: a figure proposed from last year's
    // plan, a comment carried over.
    std::vector<std::pair<std::string, Review>> review;
    bool operator==(const TableRow&) const = default;
    const Cell* cell(const std::string& column_id) const;
};

struct Table {
    std::string id;
    std::optional<std::string> caption;
    std::optional<Unit> unit;
    // The entered figures are rounded from exact amounts (a ledger export
    // in whole tkr): a total may then differ from the sum of its rounded
    // parts by their rounding, and is accepted within it.
    bool rounded = false;
    std::vector<Column> columns;
    std::vector<TableRow> rows;
    std::optional<std::string> note;
    std::vector<Source> sources;  // imports that filled its columns (1.2)
    bool operator==(const Table&) const = default;
};

// ---- other blocks -----------------------------------------------------------

struct Paragraph {
    std::string text;  // may contain {{figure_id}} references
    // Set while the paragraph is still to be written: what to write about.
    // `check` lists it as a to-do.
    std::optional<std::string> todo;
    std::optional<Review> review;  // carried over, to review
    bool operator==(const Paragraph&) const = default;
};

struct List {
    bool ordered = false;
    std::vector<std::string> items;
    std::optional<Review> review;
    bool operator==(const List&) const = default;
};

struct Assignment {
    std::optional<std::string> id;
    std::string text;
    std::optional<std::string> clarification;  // förtydligande
    std::optional<std::string> note;           // notering
    std::vector<std::string> comment;          // paragraphs of the kommentar
    // Carried over: the assignment to review and its kommentar to write;
    // previous is last year's kommentar.
    std::optional<Review> review;
    bool operator==(const Assignment&) const = default;
};

struct Assignments {
    AssignmentSource source = AssignmentSource::unknown;
    std::vector<Assignment> items;
    bool operator==(const Assignments&) const = default;
};

struct KeyFigure {
    std::string id;
    std::string name;
    Unit unit = Unit::unknown;
    Display display;
    std::string year;  // the year the latest outcome is from, as printed
    std::optional<Decimal> value;
    std::optional<std::string> kolada;  // Kolada KPI id, e.g. "N00914"
    std::optional<bool> higher_is_better;
    std::string comment;
    bool todo = false;             // the outcome is still to be filled in
    std::optional<Review> review;  // the comment, carried over
    bool operator==(const KeyFigure&) const = default;
};

struct KeyFigureGroup {
    std::string goal;
    std::vector<KeyFigure> items;
    bool operator==(const KeyFigureGroup&) const = default;
};

struct KeyFigures {
    std::vector<KeyFigureGroup> groups;
    std::vector<Source> sources;  // imports that filled the values (1.2)
    bool operator==(const KeyFigures&) const = default;
};

enum class ChartKind { unknown, bar, line };
enum class SeriesIn { rows, columns };

// A chart drawn from a table's figures: each series is a row (its values
// across the amount columns) or a column (its values down the rows).
struct Chart {
    std::string id;
    ChartKind kind = ChartKind::bar;
    std::string title;
    std::string table;  // table id
    SeriesIn series_in = SeriesIn::rows;
    std::vector<std::string> series;  // row or column ids
    // The x-axis, in the table's order: the columns (series in rows) or rows
    // to draw; empty: every figure column in the table's unit, or every row
    // that is not a heading or total (1.3).
    std::vector<std::string> categories;
    std::string alt;                  // text alternative, read aloud in place of the chart
    std::optional<Review> review;     // the text alternative, carried over
    bool operator==(const Chart&) const = default;
};

struct Goal {
    std::optional<std::string> id;
    GoalStatus status = GoalStatus::ej_bedomd;
    bool operator==(const Goal&) const = default;
};

struct Section;
struct Block;
using Blocks = std::vector<Block>;

struct Section {
    std::string title;
    bool numbered = true;
    std::optional<std::string> id;
    std::optional<Goal> goal;
    Blocks body;
    bool operator==(const Section&) const;
};

struct Block {
    std::variant<Section, Paragraph, List, Table, Assignments, KeyFigures, Chart> content;
    bool operator==(const Block&) const = default;
};

// The tjänsteskrivelse that carries the report to the committee.
struct CoverLetter {
    std::string title;
    Blocks summary;                       // sammanfattning av ärendet
    std::vector<std::string> proposals;   // förslag till beslut, numbered
    std::optional<Review> proposals_review;  // last year's proposals, carried over
    std::vector<std::string> basis;       // underlag för beslut
    std::vector<std::string> send_to;     // beslutet skickas till
    Blocks background;                    // bakgrund
    std::vector<std::string> signatures;  // signatory ids, in signing order
    bool operator==(const CoverLetter&) const = default;
};

struct Report {
    // "$schema": the address of a JSON Schema, for editors that validate
    // the file as it is typed; kept as written, not used.
    std::optional<std::string> schema;
    int version_major = format_version_major;
    int version_minor = format_version_minor;
    Meta meta;
    std::vector<Figure> figures;
    std::vector<EqualityCheck> checks;
    std::optional<CoverLetter> cover_letter;
    Blocks body;
    bool operator==(const Report&) const = default;
};

inline bool Section::operator==(const Section& o) const {
    return title == o.title && numbered == o.numbered && id == o.id && goal == o.goal && body == o.body;
}

inline const Cell* TableRow::cell(const std::string& column_id) const {
    for (const auto& [id, c] : cells)
        if (id == column_id) return &c;
    return nullptr;
}

// Enum names as used in files; nullopt / "unknown" for anything else.
std::string_view to_string(ReportKind);
std::string_view to_string(ReportStatus);
std::string_view to_string(MetaTodo);
std::string_view to_string(GoalStatus);
std::string_view to_string(AssignmentSource);
std::string_view to_string(SourceKind);
std::string_view to_string(ColumnKind);
std::string_view to_string(ColumnRoleType);
std::string_view to_string(RowKind);
std::string_view to_string(ChartKind);
std::string_view to_string(SeriesIn);

}  // namespace tertial

namespace tertial {

// The names every enum has in files, with `unknown` excluded. parse_enum
// returns nullopt for any other text (an unknown string never becomes the
// first value).
template <class E>
std::optional<E> parse_enum(std::string_view name);
template <class E>
std::vector<std::string_view> enum_names();

}  // namespace tertial
