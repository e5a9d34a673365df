// Amounts pasted from a printed report ("350 000", "−19,0"): what to write instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tertial::json {

// For an amount string written as a printed report shows it — grouping
// spaces (plain, no-break or narrow no-break), the typographic minus sign
// U+2212, a decimal comma — the advice that names each and the one
// accepted spelling: "write the minus sign '−' (U+2212) as '-' and write
// a decimal point, not a comma: \"-19.0\"". nullopt when it has neither
// grouping nor U+2212, or is no amount even without them.
std::optional<std::string> pasted_amount_advice(std::string_view s);

}  // namespace tertial::json
