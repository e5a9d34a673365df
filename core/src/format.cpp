// Swedish number formatting: space-grouped thousands, decimal comma, real minus.
#include "tertial/format.hpp"

namespace tertial {
namespace {

constexpr const char* minus_print = "\u2212";
constexpr const char* nbsp = "\u00A0";

}  // namespace

std::string format_number(const Decimal& value, const Display& display, NumberStyle style) {
    Decimal shown = display.decimals ? value.rounded(*display.decimals) : value;
    std::string digits = shown.abs().to_string();
    std::string int_part = digits, frac_part;
    if (auto dot = digits.find('.'); dot != std::string::npos) {
        int_part = digits.substr(0, dot);
        frac_part = digits.substr(dot + 1);
    }
    const char* group = style == NumberStyle::print ? nbsp : " ";
    std::string out;
    if (shown.is_negative()) out += style == NumberStyle::print ? minus_print : "-";
    // Swedish style groups four-digit numbers too ("1 200"), as the seeds do.
    for (std::size_t i = 0; i < int_part.size(); ++i) {
        if (i > 0 && (int_part.size() - i) % 3 == 0) out += group;
        out += int_part[i];
    }
    if (!frac_part.empty()) out += "," + frac_part;
    return out;
}

std::string format_amount(const Decimal& value, Unit unit, const Display& display, NumberStyle style) {
    std::string out = format_number(value, display, style);
    std::string_view suffix = unit_suffix(unit);
    if (!suffix.empty()) {
        out += style == NumberStyle::print ? nbsp : " ";
        out += suffix;
    }
    return out;
}

}  // namespace tertial
