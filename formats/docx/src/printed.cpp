// Amounts as a Swedish report prints them, read exactly: "1 200", "−2,9", "33 %", "(4,5)", "- 19 %".
#include <cctype>
#include <string>

#include "tertial/docx/docx.hpp"

namespace tertial::docx {
namespace {

// Spaces a printed number may hold: space, no-break space, narrow no-break space, thin space.
std::size_t space_at(std::string_view t, std::size_t i) {
    if (t[i] == ' ') return 1;
    std::string_view rest = t.substr(i);
    if (rest.starts_with("\xC2\xA0")) return 2;
    if (rest.starts_with("\xE2\x80\xAF") || rest.starts_with("\xE2\x80\x89")) return 3;
    return 0;
}

std::string_view trim_spaces(std::string_view t) {
    for (;;) {
        if (t.empty()) return t;
        if (std::size_t n = space_at(t, 0)) {
            t.remove_prefix(n);
            continue;
        }
        if (t.back() == ' ') t.remove_suffix(1);
        else if (t.ends_with("\xC2\xA0")) t.remove_suffix(2);
        else if (t.ends_with("\xE2\x80\xAF") || t.ends_with("\xE2\x80\x89")) t.remove_suffix(3);
        else return t;
    }
}

}  // namespace

std::optional<Decimal> parse_printed(std::string_view text, bool* percent) {
    std::string_view t = trim_spaces(text);
    bool negative = false, pct = false;
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
        negative = true;
        t = trim_spaces(t.substr(1, t.size() - 2));
    }
    if (t.ends_with('%')) {
        pct = true;
        t = trim_spaces(t.substr(0, t.size() - 1));
    }
    // The minus sign as typed: '-', U+2212 (−), U+2013 (–, Word's autocorrect), followed by a space or not.
    for (std::string_view minus : {std::string_view("-"), std::string_view("\xE2\x88\x92"), std::string_view("\xE2\x80\x93")})
        if (t.starts_with(minus)) {
            negative = !negative;
            t = trim_spaces(t.substr(minus.size()));
            break;
        }
    if (t.starts_with('+')) t = trim_spaces(t.substr(1));
    std::string digits, decimals;
    std::size_t group = 0, first_group = 0, groups = 0;
    bool in_decimals = false;
    for (std::size_t i = 0; i < t.size();) {
        unsigned char c = static_cast<unsigned char>(t[i]);
        if (std::isdigit(c)) {
            (in_decimals ? decimals : digits) += static_cast<char>(c);
            if (!in_decimals) ++group;
            ++i;
        } else if (std::size_t n = space_at(t, i); n && !in_decimals && group > 0) {
            if (groups == 0) first_group = group;
            else if (group != 3) return std::nullopt;
            ++groups;
            group = 0;
            i += n;
        } else if (c == ',' && !in_decimals && group > 0) {
            in_decimals = true;
            ++i;
        } else {
            return std::nullopt;
        }
    }
    if (digits.empty() || (in_decimals && decimals.empty())) return std::nullopt;
    if (groups > 0 && (first_group > 3 || group != 3)) return std::nullopt;
    if (digits.size() > 1 && digits[0] == '0') {
        auto nz = digits.find_first_not_of('0');
        digits = nz == std::string::npos ? "0" : digits.substr(nz);
    }
    std::string canonical = digits + (decimals.empty() ? "" : "." + decimals);
    auto value = Decimal::parse(canonical);
    if (!value) return std::nullopt;
    if (percent) *percent = pct;
    return negative && !value->is_zero() ? -*value : *value;
}

}  // namespace tertial::docx
