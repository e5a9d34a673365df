// pasted_amount_advice(): grouping spaces and U+2212 in an amount string, named.
#include "pasted_amount.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "tertial/decimal.hpp"

namespace tertial::json {
namespace {

constexpr std::string_view minus_sign = "\u2212";
// Spaces a printed number groups its digits with: plain, no-break, narrow no-break.
constexpr std::string_view group_spaces[] = {" ", "\u00A0", "\u202F"};

bool digit(char c) { return c >= '0' && c <= '9'; }

// The length of a grouping space at s[i], if one is there between digits.
std::size_t grouping_at(std::string_view s, std::size_t i) {
    if (i == 0 || !digit(s[i - 1])) return 0;
    for (auto space : group_spaces)
        if (s.substr(i).starts_with(space) && i + space.size() < s.size() && digit(s[i + space.size()]))
            return space.size();
    return 0;
}

}  // namespace

std::optional<std::string> pasted_amount_advice(std::string_view s) {
    std::string fixed;
    bool minus = false, grouped = false;
    for (std::size_t i = 0; i < s.size();) {
        if (s.substr(i).starts_with(minus_sign)) {
            minus = true;
            fixed += '-';
            i += minus_sign.size();
        } else if (std::size_t n = grouping_at(s, i)) {
            grouped = true;
            i += n;
        } else {
            fixed += s[i++];
        }
    }
    if (!minus && !grouped) return std::nullopt;
    bool comma = std::count(fixed.begin(), fixed.end(), ',') == 1 && fixed.find('.') == std::string::npos;
    if (comma) std::replace(fixed.begin(), fixed.end(), ',', '.');
    auto value = Decimal::parse(fixed);
    if (!value) return std::nullopt;
    std::vector<std::string> fixes;
    if (grouped) fixes.push_back("leave out the grouping spaces");
    if (minus) fixes.push_back("write the minus sign '−' (U+2212) as '-'");
    if (comma) fixes.push_back("write a decimal point, not a comma");
    std::string how = fixes.size() == 3 ? fmt::format("{}, {} and {}", fixes[0], fixes[1], fixes[2])
                                        : fmt::format("{}", fmt::join(fixes, " and "));
    return fmt::format("{}: \"{}\"", how, fixed);
}

}  // namespace tertial::json
