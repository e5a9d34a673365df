// Swedish number formatting, in one place: "1 200", "−2,9", "33,3 %".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tertial/decimal.hpp"
#include "tertial/units.hpp"

namespace tertial {

// Print: U+2212 minus and U+00A0 no-break spaces (groups, before the unit),
// for the PDF and for rendered text. Plain: ASCII '-' and ' ', for terminals.
enum class NumberStyle { print, plain };

// The number alone, as shown in a table cell. Rounds half away from zero to
// display.decimals (display only; the value itself is never changed). A
// result that rounds to zero is shown without a sign.
std::string format_number(const Decimal& value, const Display& display, NumberStyle style = NumberStyle::print);

// The number and its unit, as in running text: "2,9 mnkr", "33,3 %", "586".
std::string format_amount(const Decimal& value, Unit unit, const Display& display,
                          NumberStyle style = NumberStyle::print);

// An amount as people type it, back to its exact value: "1 234,5", "1234.5",
// "−2,9" (U+2212 or '-'), "12,5 %", " 400 ", with ASCII, no-break or thin
// spaces grouping thousands. nullopt for anything else (two decimal marks,
// letters, a misplaced group). The unit sign '%' is dropped: the column
// gives the unit. An empty or all-space text is not an amount: the caller
// decides what an empty cell means.
std::optional<Decimal> parse_typed_amount(std::string_view text);

}  // namespace tertial
