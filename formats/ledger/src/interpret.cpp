// From a grid of cells to export lines: headers by name, "Kommun:"/"Period:" lines, exact amounts.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "amount.hpp"
#include "text.hpp"
#include "tertial/ledger/ledger.hpp"

namespace tertial::ledger {

std::string Grid::place(const RawRow& row, std::size_t field) const {
    if (xlsx) {
        std::string letters;
        for (std::size_t n = field + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
        return fmt::format("{}!{}{}", sheet, letters, row.line);
    }
    // The field's first character on its line, counted in characters.
    std::size_t column = 1;
    if (row.line >= 1 && row.line <= raw_lines.size()) {
        const std::string& l = raw_lines[row.line - 1];
        std::size_t at = 0, index = 0;
        bool quoted = false;
        for (; at < l.size() && index < field; ++at) {
            if (l[at] == '"') quoted = !quoted;
            else if (!quoted && l[at] == delimiter) ++index;
        }
        column = char_count(std::string_view(l).substr(0, at)) + 1;
    }
    return fmt::format("{}:{}:{}", file, row.line, column);
}

namespace {

enum Col { konto, ansvar, verksamhet, belopp, period, datum, n_cols };
const char* col_names[n_cols] = {"konto", "ansvar", "verksamhet", "belopp", "period", "datum"};

// Header names ledgers print (compared as header_key does), by column.
std::map<std::string, Col> known_headers(const LedgerMapping& m) {
    std::map<std::string, Col> h;
    for (const char* n : {"konto", "kontonr", "konto nr", "kontonummer", "kontokod", "account"}) h[n] = konto;
    for (const char* n : {"ansvar", "ansvarsnr", "ansvar nr", "ansvarsnummer", "ansvarskod", "kostnadsställe", "kst",
                          "resultatenhet"})
        h[n] = ansvar;
    for (const char* n : {"verksamhet", "vht", "verks", "verksamhetsnr", "verksamhet nr", "verksamhetskod"})
        h[n] = verksamhet;
    for (const char* n : {"belopp", "belopp (kr)", "belopp kr", "belopp (tkr)", "belopp tkr", "belopp (mnkr)", "utfall",
                          "utfall (kr)", "utfall kr", "utfall (tkr)", "utfall tkr", "utfall (mnkr)", "ack utfall",
                          "utfall ack", "ackumulerat utfall", "redovisat", "saldo", "amount"})
        h[n] = belopp;
    for (const char* n : {"period", "månad", "bokföringsperiod", "redovisningsperiod"}) h[n] = period;
    for (const char* n : {"datum", "bokföringsdatum", "verifikationsdatum", "transaktionsdatum"}) h[n] = datum;
    for (const auto& [field, names] : m.headers)
        for (int c = 0; c < n_cols; ++c)
            if (field == col_names[c])
                for (const auto& n : names) h[header_key(n)] = static_cast<Col>(c);
    return h;
}

struct Header {
    std::size_t row = 0;
    std::array<std::optional<std::size_t>, n_cols> at;
};

std::optional<Header> find_header(const Grid& g, const std::map<std::string, Col>& names) {
    for (std::size_t r = 0; r < g.rows.size() && r < 50; ++r) {
        Header h;
        h.row = r;
        for (std::size_t f = 0; f < g.rows[r].cells.size(); ++f) {
            const RawCell& c = g.rows[r].cells[f];
            if (c.number) continue;
            auto it = names.find(header_key(c.text));
            if (it != names.end() && !h.at[it->second]) h.at[it->second] = f;
        }
        if (h.at[belopp] && (h.at[konto] || h.at[ansvar] || h.at[verksamhet])) return h;
    }
    return std::nullopt;
}

const RawCell* cell_at(const RawRow& row, std::optional<std::size_t> f) {
    if (!f || *f >= row.cells.size()) return nullptr;
    return &row.cells[*f];
}

// A code as the ledger prints it, maybe followed by its name: "4010 Förbrukningsmaterial" -> "4010".
std::string code_of(const RawCell* c) {
    if (!c) return {};
    std::string_view t = trim(c->text);
    auto space = t.find_first_of(" \t");
    if (space != std::string_view::npos) t = t.substr(0, space);
    if (c->number && t.ends_with(".0")) t.remove_suffix(2);  // a code typed as a number in a workbook
    return std::string(t);
}

// "Kommun: Östersunds kommun" in one cell, or "Kommun" | "Östersunds kommun" in two.
std::optional<std::string> preamble_value(const RawRow& row, std::string_view key) {
    for (std::size_t f = 0; f < row.cells.size(); ++f) {
        std::string k = header_key(row.cells[f].text);
        if (k == key || k == std::string(key) + ":") {
            for (std::size_t v = f + 1; v < row.cells.size(); ++v)
                if (!trim(row.cells[v].text).empty()) return std::string(trim(row.cells[v].text));
            return std::nullopt;
        }
        if (k.starts_with(std::string(key) + ":")) {
            auto colon = row.cells[f].text.find(':');
            return std::string(trim(std::string_view(row.cells[f].text).substr(colon + 1)));
        }
        if (!k.empty()) return std::nullopt;  // only the first non-empty cell can be a key
    }
    return std::nullopt;
}

std::optional<Decimal> stored_amount(const std::string& text) {
    auto v = parse_stored_number(text);
    if (v) v = at_excel_precision(*v);
    return v;
}

bool is_total_label(const RawRow& row) {
    for (const auto& c : row.cells) {
        std::string k = header_key(c.text);
        if (k.empty()) continue;
        return k.starts_with("summa") || k.starts_with("total");
    }
    return false;
}

void read_preamble(const Grid& g, const Header& h, Export& out) {
    for (std::size_t r = 0; r < h.row; ++r) {
        const RawRow& row = g.rows[r];
        if (auto v = preamble_value(row, "kommun")) {
            out.municipality = *v;
            out.municipality_row = r;
        }
        if (auto v = preamble_value(row, "period")) {
            auto months = months_in(*v);
            if (months.empty())
                throw LedgerError(fmt::format("{}: error: the period '{}' names no month (write it as 2020-01 – 2020-04 "
                                              "or 202001-202004)",
                                              g.place(row, 0), *v));
            out.period_row = r;
            out.period_from = months.front();
            out.period_to = months.back();
        }
    }
}

}  // namespace

Export interpret(const Grid& g, const LedgerMapping& mapping) {
    Export out;
    out.assumptions = g.assumptions;
    if (g.rows.empty()) throw LedgerError(fmt::format("{}: error: the export is empty: it has no rows", g.file));
    auto names = known_headers(mapping);
    auto header = find_header(g, names);
    if (!header)
        throw LedgerError(fmt::format(
            "{}: error: no header row with an amount column (Belopp, Utfall, \"Belopp (kr)\", ...) and a code column "
            "(Konto, Ansvar, Verksamhet) in the first 50 rows; name the export's headers in the mapping's \"headers\"",
            g.xlsx ? g.file + " (sheet '" + g.sheet + "')" : g.file));
    const RawRow& head = g.rows[header->row];
    out.amount_header = head.cells[*header->at[belopp]].text;
    for (int f = 0; f < 3; ++f) out.has_field[f] = header->at[f].has_value();
    read_preamble(g, *header, out);
    if (auto unit = unit_in_header(out.amount_header); unit && *unit != mapping.unit)
        throw LedgerError(fmt::format("{}: error: the amounts are headed '{}', but the mapping says the export is in {}",
                                      g.place(head, *header->at[belopp]), out.amount_header, unit_name(mapping.unit)));

    // The number format is one per file: decided from every amount's text.
    std::vector<std::string_view> texts;
    for (std::size_t r = header->row + 1; r < g.rows.size(); ++r)
        if (const RawCell* c = cell_at(g.rows[r], header->at[belopp]); c && !c->number) texts.push_back(c->text);
    NumberFormat format = detect_format(texts, g.xlsx ? ',' : g.delimiter);
    if (!texts.empty()) out.assumptions.push_back(describe(format));

    std::vector<std::size_t> totals;
    for (std::size_t r = header->row + 1; r < g.rows.size(); ++r) {
        const RawRow& row = g.rows[r];
        const RawCell* amount = cell_at(row, header->at[belopp]);
        bool blank = std::all_of(row.cells.begin(), row.cells.end(), [](const RawCell& c) { return trim(c.text).empty(); });
        if (blank) continue;
        ExportLine line;
        line.row = r;
        for (int f = 0; f < 3; ++f) line.codes[f] = code_of(cell_at(row, header->at[f]));
        bool no_code = line.codes[0].empty() && line.codes[1].empty() && line.codes[2].empty();
        if (is_total_label(row)) {
            totals.push_back(r);
            continue;
        }
        if (!amount || trim(amount->text).empty()) {
            if (no_code) continue;  // a heading or note line between the lines
            line.amount = Decimal::from_int(0);
        } else {
            auto value = amount->number ? stored_amount(amount->text) : parse_amount(amount->text, format);
            if (!value)
                throw LedgerError(fmt::format("{}: error: the amount '{}' is not a number{}", g.place(row, *header->at[belopp]),
                                              amount->text, amount->number ? "" : fmt::format(" ({})", describe(format))));
            line.amount = *value;
        }
        if (no_code)
            throw LedgerError(fmt::format("{}: error: a line with the amount '{}' but no konto, ansvar or verksamhet code",
                                          g.place(row, *header->at[belopp]), amount->text));
        for (Col c : {period, datum}) {
            const RawCell* p = cell_at(row, header->at[c]);
            if (!p || trim(p->text).empty()) continue;
            auto m = p->number ? month_of_serial(p->text, g.date1904) : month_of_text(p->text);
            if (!m)
                throw LedgerError(fmt::format("{}: error: the {} '{}' is not a {}", g.place(row, *header->at[c]),
                                              col_names[c], p->text, c == period ? "month (2020-04 or 202004)" : "date"));
            line.month = *m;
        }
        out.sum = out.sum + line.amount;
        out.lines.push_back(std::move(line));
    }
    if (out.lines.empty())
        throw LedgerError(fmt::format("{}: error: the export has headers but no lines with amounts", g.place(head, 0)));
    // One total row at the end is the export's own sum: it must agree.
    if (totals.size() == 1) {
        const RawRow& row = g.rows[totals.front()];
        const RawCell* amount = cell_at(row, header->at[belopp]);
        if (amount && !trim(amount->text).empty()) {
            auto value = amount->number ? stored_amount(amount->text) : parse_amount(amount->text, format);
            if (!value)
                throw LedgerError(fmt::format("{}: error: the total '{}' is not a number", g.place(row, *header->at[belopp]),
                                              amount->text));
            if (!value->numerically_equal(out.sum))
                throw LedgerError(fmt::format("{}: error: the export's own total is {} but its lines add up to {}",
                                              g.place(row, *header->at[belopp]), swedish(*value), swedish(out.sum)));
        }
    }
    return out;
}

}  // namespace tertial::ledger
