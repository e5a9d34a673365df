// Swedish number formatting, in one place: "1 200", "−2,9", "33,3 %".
#pragma once

#include <string>

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

}  // namespace tertial
