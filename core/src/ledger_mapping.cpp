// Code patterns of ledger mappings, and the checks every mapping passes (from a file or a plugin).
#include "tertial/ledger_mapping.hpp"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "tertial/text_refs.hpp"

namespace tertial {

std::string_view to_string(LedgerField field) {
    switch (field) {
        case LedgerField::konto:
            return "konto";
        case LedgerField::ansvar:
            return "ansvar";
        case LedgerField::verksamhet:
            return "verksamhet";
    }
    return "konto";
}

namespace {

// Codes are what ledgers print: digits and letters, maybe a dot or dash
// inside ("4010", "SOC12", "74.20"); never spaces or '*'.
bool is_code(std::string_view s) {
    if (s.empty() || s.size() > 40) return false;
    for (unsigned char c : s)
        if (!(std::isalnum(c) || c == '.' || c == '_')) return false;
    return true;
}

}  // namespace

std::optional<CodePattern> CodePattern::parse(std::string_view text, std::string& why) {
    CodePattern p;
    p.text = std::string(text);
    if (text.ends_with('*')) {
        p.kind = Kind::prefix;
        p.low = std::string(text.substr(0, text.size() - 1));
        if (!is_code(p.low)) {
            why = "a prefix is a code followed by '*', as \"45*\"";
            return std::nullopt;
        }
        return p;
    }
    if (auto dash = text.find('-'); dash != std::string_view::npos) {
        p.kind = Kind::range;
        p.low = std::string(text.substr(0, dash));
        p.high = std::string(text.substr(dash + 1));
        if (!is_code(p.low) || !is_code(p.high)) {
            why = "a range is two codes joined by '-', as \"4000-4999\"";
            return std::nullopt;
        }
        if (p.low.size() != p.high.size()) {
            why = "the two ends of a range have the same number of characters";
            return std::nullopt;
        }
        if (p.low > p.high) {
            why = "a range starts at its lower end";
            return std::nullopt;
        }
        return p;
    }
    p.low = std::string(text);
    if (!is_code(p.low)) {
        why = "a code is letters and digits (a dot or '_' inside), a range \"4000-4999\" or a prefix \"45*\"";
        return std::nullopt;
    }
    return p;
}

bool CodePattern::matches(std::string_view code) const {
    switch (kind) {
        case Kind::exact:
            return code == low;
        case Kind::prefix:
            return code.starts_with(low);
        case Kind::range:
            return code.size() == low.size() && code >= low && code <= high;
    }
    return false;
}

const std::vector<std::string>& CodeMatch::of(LedgerField f) const {
    return f == LedgerField::konto ? konto : f == LedgerField::ansvar ? ansvar : verksamhet;
}
std::vector<std::string>& CodeMatch::of(LedgerField f) {
    return f == LedgerField::konto ? konto : f == LedgerField::ansvar ? ansvar : verksamhet;
}

namespace {

void check_codes(const CodeMatch& codes, const std::string& what, std::vector<std::string>& problems) {
    if (codes.empty()) problems.push_back(fmt::format("{} names no konto, ansvar or verksamhet codes", what));
    for (LedgerField f : ledger_fields)
        for (const auto& text : codes.of(f)) {
            std::string why;
            if (!CodePattern::parse(text, why))
                problems.push_back(fmt::format("{}: {} pattern '{}' is not one: {}", what, to_string(f), text, why));
        }
}

}  // namespace

std::vector<std::string> ledger_mapping_problems(const LedgerMapping& m) {
    std::vector<std::string> problems;
    if (!is_simple_id(m.id)) problems.push_back(fmt::format("mapping id '{}' is not a valid id", m.id));
    if (!is_simple_id(m.table)) problems.push_back(fmt::format("table '{}' is not a valid id", m.table));
    if (!is_simple_id(m.column)) problems.push_back(fmt::format("column '{}' is not a valid id", m.column));
    if (m.unit != Unit::kr && m.unit != Unit::tkr && m.unit != Unit::mnkr)
        problems.push_back(fmt::format("the export's unit '{}' is not kr, tkr or mnkr", unit_name(m.unit)));
    if (m.rules.empty()) problems.push_back("the mapping has no rules");
    for (std::size_t i = 0; i < m.rules.size(); ++i) {
        const auto& r = m.rules[i];
        std::string what = fmt::format("rule {} (row '{}')", i + 1, r.row);
        if (!is_simple_id(r.row)) problems.push_back(fmt::format("rule {}: row '{}' is not a valid id", i + 1, r.row));
        check_codes(r.codes, what, problems);
    }
    if (m.other_row && !is_simple_id(*m.other_row))
        problems.push_back(fmt::format("the övrigt row '{}' is not a valid id", *m.other_row));
    for (std::size_t i = 0; i < m.excluded.size(); ++i) {
        std::string what = fmt::format("exclusion {}", i + 1);
        check_codes(m.excluded[i].codes, what, problems);
        if (m.excluded[i].reason.empty()) problems.push_back(fmt::format("{} gives no reason", what));
    }
    std::set<std::string> known{"konto", "ansvar", "verksamhet", "belopp", "period", "datum"};
    for (const auto& [field, names] : m.headers) {
        if (!known.count(field))
            problems.push_back(fmt::format(
                "headers: '{}' is not a column of an export (konto, ansvar, verksamhet, belopp, period, datum)", field));
        if (names.empty()) problems.push_back(fmt::format("headers: '{}' lists no names", field));
    }
    return problems;
}

}  // namespace tertial
