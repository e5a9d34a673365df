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

namespace {

// Spaces people type or paste between groups and before a unit.
bool skip_space(std::string_view& s) {
    for (std::string_view sp : {" ", "\t", nbsp, "\u202F", "\u2009"})
        if (s.starts_with(sp)) {
            s.remove_prefix(sp.size());
            return true;
        }
    return false;
}

void trim(std::string_view& s) {
    while (skip_space(s)) {
    }
    while (!s.empty()) {
        std::size_t before = s.size();
        for (std::string_view sp : {" ", "\t", nbsp, "\u202F", "\u2009"})
            if (s.ends_with(sp)) s.remove_suffix(sp.size());
        if (s.size() == before) break;
    }
}

}  // namespace

std::optional<Decimal> parse_typed_amount(std::string_view text) {
    std::string_view s = text;
    trim(s);
    if (s.ends_with("%")) {
        s.remove_suffix(1);
        trim(s);
    }
    std::string canonical;
    if (s.starts_with("-")) {
        s.remove_prefix(1);
        canonical += '-';
    } else if (s.starts_with(minus_print)) {
        s.remove_prefix(std::string_view(minus_print).size());
        canonical += '-';
    }
    // Whole part: digits, in groups of three after the first when spaced.
    std::size_t group = 0;  // digits since the last space
    bool spaced = false, any = false;
    while (!s.empty()) {
        if (s[0] >= '0' && s[0] <= '9') {
            canonical += s[0];
            s.remove_prefix(1);
            ++group;
            any = true;
        } else if (any && skip_space(s)) {
            if ((spaced && group != 3) || group > 3 || s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
            spaced = true;
            group = 0;
        } else {
            break;
        }
    }
    if (!any || (spaced && group != 3)) return std::nullopt;
    if (!s.empty() && (s[0] == ',' || s[0] == '.')) {
        s.remove_prefix(1);
        canonical += '.';
        if (s.empty()) return std::nullopt;
        for (; !s.empty() && s[0] >= '0' && s[0] <= '9'; s.remove_prefix(1)) canonical += s[0];
    }
    if (!s.empty()) return std::nullopt;
    return Decimal::parse(canonical);
}

}  // namespace tertial
