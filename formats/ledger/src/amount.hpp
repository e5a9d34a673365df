// Amounts and periods as exports write them, to exact values: "−1 234,50", "(1.234,50)", "1234.5", 202004.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/decimal.hpp"
#include "tertial/units.hpp"

namespace tertial::ledger {

// How one file writes its amounts: found once from all of them.
struct NumberFormat {
    char decimal = ',';         // ',' or '.'
    bool dot_groups = false;    // '.' groups thousands ("1.234.567,89")
    bool guessed = false;       // "1.234" alone could be either: said in the output
};

NumberFormat detect_format(const std::vector<std::string_view>& texts, char delimiter);
std::string describe(const NumberFormat& f);  // "decimal comma, thousands grouped by space or dot"

// The exact value of an amount written in format `f`: a sign ('-', U+2212,
// or parentheses), digits maybe grouped by space, NBSP, U+202F (or '.' with
// a decimal comma), and decimals. nullopt for anything else.
std::optional<Decimal> parse_amount(std::string_view text, const NumberFormat& f);

// A number as a workbook stores it: "-1234.5", "1.2345E-2". Exact: the
// stored decimal text, never a double.
std::optional<Decimal> parse_stored_number(std::string_view text);

// A workbook number at Excel's precision, 15 significant digits: what a
// writer stored as "1234.5699999999999" (the double's 17 digits) was 1234.57.
// Exact decimal arithmetic on the digits, no double.
Decimal at_excel_precision(const Decimal& d);

// The unit a header names: "Belopp (tkr)" -> tkr.
std::optional<Unit> unit_in_header(std::string_view header);

// Months named in a period text, in order: "2020-01 – 2020-04", "202001-202004", "2020-04-30".
std::vector<YearMonth> months_in(std::string_view text);
// A period or date cell's month: "2020-04", "202004", "2020-04-15".
std::optional<YearMonth> month_of_text(std::string_view text);
// A workbook's date serial number (1900 or 1904 system) as a month.
std::optional<YearMonth> month_of_serial(std::string_view stored, bool date1904);

// An amount for messages, Swedish with plain spaces, at least to the öre: "-1 234,50".
std::string swedish(const Decimal& d);

}  // namespace tertial::ledger
