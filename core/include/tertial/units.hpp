// Units of report figures and how a figure is displayed.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace tertial {

// `unknown` first: an unrecognised name never silently becomes a real unit.
// mkr (miljoner kronor as many municipalities write it) is mnkr's scale
// under the name the report uses; it is last so that no value changes.
enum class Unit { unknown, kr, tkr, mnkr, percent, antal, dagar, timmar, kr_per_inv, index, mkr };

// The name used in files ("kr", "%", "kr/inv", ...); nullopt if unknown.
std::optional<Unit> parse_unit(std::string_view name);
// The unit a name Tertial does not know stands for, when it is a usual
// Swedish abbreviation ("msek" -> mnkr, "st" -> antal) or a known name in
// other capitals ("Mnkr"); for "did you mean".
std::optional<Unit> unit_meant_by(std::string_view name);
std::string_view unit_name(Unit u);
// All unit names, for messages and "did you mean".
const std::initializer_list<std::string_view>& unit_names();
// What follows a number in running Swedish text ("mnkr", "%", "dagar");
// empty for plain counts, whose noun is in the sentence itself.
std::string_view unit_suffix(Unit u);

// kr, tkr, mnkr and mkr count kronor: one unit is 10^N kronor, N = 0, 3 or 6.
// nullopt for every other unit.
std::optional<int> krona_exponent(Unit u);

// How a value is shown: a fixed number of decimals, or as entered (the
// value's own scale) when `decimals` is empty.
struct Display {
    std::optional<int> decimals;
    bool operator==(const Display&) const = default;
};

}  // namespace tertial
