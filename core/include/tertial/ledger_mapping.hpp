// How a ledger export's accounts, ansvar and verksamhet codes become the rows of one table column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/units.hpp"

namespace tertial {

// The code fields of a ledger export line a rule can match.
enum class LedgerField { konto, ansvar, verksamhet };
inline constexpr LedgerField ledger_fields[] = {LedgerField::konto, LedgerField::ansvar, LedgerField::verksamhet};
std::string_view to_string(LedgerField field);

// One code pattern: "4010" (that code), "4000-4999" (a range of codes of the
// same length, compared digit by digit), "45*" (every code starting "45").
struct CodePattern {
    enum class Kind { exact, range, prefix };
    Kind kind = Kind::exact;
    std::string low, high;  // exact: low; range: low..high; prefix: low
    std::string text;       // as written
    // nullopt with `why` set if the text is none of the three forms.
    static std::optional<CodePattern> parse(std::string_view text, std::string& why);
    bool matches(std::string_view code) const;
    bool operator==(const CodePattern&) const = default;
};

// Which codes a rule or an exclusion covers: a line matches when, for every
// field that has patterns, its code matches one of them.
struct CodeMatch {
    std::vector<std::string> konto, ansvar, verksamhet;  // pattern texts
    const std::vector<std::string>& of(LedgerField f) const;
    std::vector<std::string>& of(LedgerField f);
    bool empty() const { return konto.empty() && ansvar.empty() && verksamhet.empty(); }
    bool operator==(const CodeMatch&) const = default;
};

// Codes that go to one row of the column.
struct LedgerRule {
    std::string row;  // the table row's id
    CodeMatch codes;
    // The table shows the amount with the sign turned: a ledger books
    // income as credit (negative), a table may print it positive.
    std::optional<bool> negate;  // default: the mapping's
    bool operator==(const LedgerRule&) const = default;
};

// Codes deliberately not imported, and why ("balance accounts", "internal
// allocations shown elsewhere"): reconciled, never silently dropped.
struct LedgerExclusion {
    CodeMatch codes;
    std::string reason;
    bool operator==(const LedgerExclusion&) const = default;
};

// What one column of a table holds: the period its lines may be from.
enum class LedgerPeriod {
    year_to_date,  // utfall t.o.m. the column's (or report's) end: January to that month
    month          // one month: the month of the column's `until`
};

struct LedgerMapping {
    std::string id;  // e.g. "drift_utfall"; unique within a plugin
    std::string description;
    std::string table, column;                 // ids in the report
    std::optional<std::string> system;         // where exports come from, printed in "Källa: …"
    Unit unit = Unit::kr;                      // of the export's amounts; the table's unit is the column's
    bool negate = false;                       // default for the rules
    LedgerPeriod period = LedgerPeriod::year_to_date;
    std::vector<LedgerRule> rules;
    std::optional<std::string> other_row;      // "övrigt": where codes no rule names go
    std::vector<LedgerExclusion> excluded;
    // Header names of the export's columns, beyond the ones always known
    // (Konto, Ansvar, Verksamhet, Belopp, Utfall, ...): field -> names.
    std::vector<std::pair<std::string, std::vector<std::string>>> headers;
    bool print = true;  // the PDF prints "Källa: …" under the table
    bool operator==(const LedgerMapping&) const = default;
};

// Problems with a mapping's own content, each a sentence naming the part
// ("rule 3 (row 'varor'): konto pattern '40x0' is not ..."); empty if none.
// The JSON reader and the plugin host both run it.
std::vector<std::string> ledger_mapping_problems(const LedgerMapping& mapping);

}  // namespace tertial
