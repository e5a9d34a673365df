// Amounts and periods as exports write them, to exact values.
#include "amount.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "text.hpp"
#include "tertial/format.hpp"

namespace tertial::ledger {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The text without a sign and the sign: "-", U+2212, "(...)".
std::string_view unsigned_part(std::string_view t, bool& negative) {
    negative = false;
    t = trim(t);
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
        negative = true;
        t = trim(t.substr(1, t.size() - 2));
    }
    if (t.starts_with('-')) {
        negative = !negative;
        t.remove_prefix(1);
    } else if (t.starts_with("\xE2\x88\x92")) {
        negative = !negative;
        t.remove_prefix(3);
    } else if (t.starts_with('+')) {
        t.remove_prefix(1);
    }
    if (t.ends_with(" kr")) t.remove_suffix(3);
    return trim(t);
}

}  // namespace

NumberFormat detect_format(const std::vector<std::string_view>& texts, char delimiter) {
    bool comma = false, point = false, ambiguous_dot = false;
    for (auto raw : texts) {
        bool neg;
        std::string_view t = unsigned_part(raw, neg);
        auto c = t.rfind(',');
        auto d = t.rfind('.');
        if (c != std::string_view::npos && (d == std::string_view::npos || c > d)) comma = true;
        else if (d != std::string_view::npos) {
            std::size_t after = t.size() - d - 1;
            bool several = t.find('.') != d;
            if (several) continue;  // "1.234.567": dots group thousands either way
            if (after == 3) ambiguous_dot = true;
            else point = true;
        }
    }
    NumberFormat f;
    if (comma) {
        f.decimal = ',';
        f.dot_groups = true;
    } else if (point) {
        f.decimal = '.';
    } else if (ambiguous_dot) {
        // "1.234" only: a Swedish (';') export groups thousands with dots,
        // another one writes a decimal point.
        f.guessed = true;
        f.decimal = delimiter == ';' ? ',' : '.';
        f.dot_groups = delimiter == ';';
    } else {
        f.decimal = ',';
        f.dot_groups = true;
    }
    return f;
}

std::string describe(const NumberFormat& f) {
    std::string s = f.decimal == ',' ? "decimal comma" : "decimal point";
    s += f.dot_groups ? ", thousands grouped by space or dot" : ", thousands grouped by space";
    if (f.guessed) s += " (assumed: every amount with a dot has three digits after it)";
    return s;
}

std::optional<Decimal> parse_amount(std::string_view text, const NumberFormat& f) {
    bool negative;
    std::string_view t = unsigned_part(text, negative);
    std::string digits;
    std::vector<std::size_t> groups;  // digits in each group of the integer part
    std::size_t group = 0;
    bool in_decimals = false, seen_digit = false;
    std::string decimals;
    for (std::size_t i = 0; i < t.size();) {
        unsigned char c = static_cast<unsigned char>(t[i]);
        if (std::isdigit(c)) {
            (in_decimals ? decimals : digits) += static_cast<char>(c);
            if (!in_decimals) ++group;
            seen_digit = true;
            ++i;
            continue;
        }
        std::size_t sep = 0;
        if (c == ' ') sep = 1;
        else if (t.substr(i).starts_with("\xC2\xA0")) sep = 2;
        else if (t.substr(i).starts_with("\xE2\x80\xAF")) sep = 3;
        else if (c == '.' && f.dot_groups && f.decimal == ',') sep = 1;
        if (sep) {
            if (in_decimals || !seen_digit) return std::nullopt;
            groups.push_back(group);
            group = 0;
            i += sep;
            continue;
        }
        if (static_cast<char>(c) == f.decimal && !in_decimals && seen_digit) {
            in_decimals = true;
            ++i;
            continue;
        }
        return std::nullopt;
    }
    if (!seen_digit || digits.empty() || (in_decimals && decimals.empty())) return std::nullopt;
    if (!groups.empty()) {
        groups.push_back(group);
        if (groups.front() > 3) return std::nullopt;
        for (std::size_t k = 1; k < groups.size(); ++k)
            if (groups[k] != 3) return std::nullopt;
    }
    std::string canonical = (negative ? "-" : "") + digits + (decimals.empty() ? "" : "." + decimals);
    return Decimal::parse(canonical);
}

std::optional<Decimal> parse_stored_number(std::string_view text) {
    std::string_view t = trim(text);
    int exponent = 0;
    if (auto e = t.find_first_of("eE"); e != std::string_view::npos) {
        std::string_view ex = t.substr(e + 1);
        bool neg = ex.starts_with('-');
        if (ex.starts_with('-') || ex.starts_with('+')) ex.remove_prefix(1);
        if (!all_digits(ex) || ex.size() > 3) return std::nullopt;
        exponent = std::stoi(std::string(ex)) * (neg ? -1 : 1);
        t = t.substr(0, e);
    }
    bool negative = t.starts_with('-');
    if (negative) t.remove_prefix(1);
    auto dot = t.find('.');
    std::string whole(t.substr(0, dot)), frac(dot == std::string_view::npos ? "" : t.substr(dot + 1));
    if (!all_digits(whole) || (!frac.empty() && !all_digits(frac)) || (dot != std::string_view::npos && frac.empty()))
        return std::nullopt;
    // Move the point by the exponent, in the digits themselves.
    std::string all = whole + frac;
    long point = static_cast<long>(whole.size()) + exponent;
    if (point <= 0) {
        all.insert(0, static_cast<std::size_t>(-point) + 1, '0');
        point = 1;
    } else if (point > static_cast<long>(all.size())) {
        all.append(static_cast<std::size_t>(point) - all.size(), '0');
    }
    std::string canonical = (negative ? "-" : "") + all.substr(0, static_cast<std::size_t>(point));
    if (static_cast<std::size_t>(point) < all.size()) canonical += "." + all.substr(static_cast<std::size_t>(point));
    auto first = canonical.find_first_not_of("-0");
    if (first != std::string::npos && canonical[first] == '.') --first;
    if (first != std::string::npos && first > std::size_t(negative)) canonical.erase(negative, first - negative);
    return Decimal::parse(canonical);
}

Decimal at_excel_precision(const Decimal& d) {
    std::string digits = d.abs().to_string();
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return d;
    int significant = static_cast<int>(digits.size() - first);
    if (significant <= 15 || d.scale() == 0) return d;
    Decimal r = d.rounded(std::max(0, d.scale() - (significant - 15)));
    std::string t = r.to_string();
    if (t.find('.') != std::string::npos) {
        while (t.ends_with('0')) t.pop_back();
        if (t.ends_with('.')) t.pop_back();
    }
    return *Decimal::parse(t);
}

std::optional<Unit> unit_in_header(std::string_view header) {
    std::string k = header_key(header);
    if (k.find("(mnkr)") != std::string::npos || k.ends_with(" mnkr")) return Unit::mnkr;
    if (k.find("(tkr)") != std::string::npos || k.ends_with(" tkr")) return Unit::tkr;
    if (k.find("(kr)") != std::string::npos || k.ends_with(" kr")) return Unit::kr;
    return std::nullopt;
}

std::vector<YearMonth> months_in(std::string_view text) {
    std::vector<YearMonth> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        std::string_view run = text.substr(i, j - i);
        YearMonth m{};
        if (run.size() == 6) {
            m = {std::stoi(std::string(run.substr(0, 4))), std::stoi(std::string(run.substr(4)))};
        } else if (run.size() == 4 && j + 2 < text.size() + 0 && text[j] == '-' &&
                   std::isdigit(static_cast<unsigned char>(text[j + 1])) && j + 2 < text.size() &&
                   std::isdigit(static_cast<unsigned char>(text[j + 2]))) {
            m = {std::stoi(std::string(run)), std::stoi(std::string(text.substr(j + 1, 2)))};
            j += 3;
            // a day "-30" after it belongs to this date
            if (j + 2 < text.size() + 0 && text[j] == '-' && std::isdigit(static_cast<unsigned char>(text[j + 1])))
                j += 3;
        } else {
            i = j;
            continue;
        }
        if (m.month >= 1 && m.month <= 12 && m.year >= 1900) out.push_back(m);
        i = j;
    }
    return out;
}

std::optional<YearMonth> month_of_text(std::string_view text) {
    auto t = trim(text);
    if (auto d = Date::parse(t.substr(0, 10)); d && (t.size() == 10 || t[10] == ' ' || t[10] == 'T'))
        return YearMonth{d->year, d->month};
    if (auto m = YearMonth::parse(t)) return m;
    if (t.size() == 6 && all_digits(t)) {
        YearMonth m{std::stoi(std::string(t.substr(0, 4))), std::stoi(std::string(t.substr(4)))};
        if (m.month >= 1 && m.month <= 12) return m;
    }
    return std::nullopt;
}

std::optional<YearMonth> month_of_serial(std::string_view stored, bool date1904) {
    auto v = parse_stored_number(stored);
    if (!v || v->is_negative()) return std::nullopt;
    long serial = std::stol(v->rounded(0).to_string());
    if (v->cmp(v->rounded(0)) < 0) --serial;  // the day, not the time of day
    if (serial > 2958465) return std::nullopt;  // after 9999-12-31
    // Days since 1970-01-01 of the serial's day: the 1900 system counts a
    // 29 February 1900 that never was (serial 60), so from serial 61 on it
    // is days since 1899-12-30; the 1904 system counts from 1904-01-01.
    long days;
    if (date1904) days = serial - 24107;
    else if (serial >= 61) days = serial - 25569;
    else if (serial >= 1 && serial < 60) days = serial - 25568;
    else return std::nullopt;
    // civil_from_days (H. Hinnant)
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return YearMonth{static_cast<int>(y + (m <= 2)), static_cast<int>(m)};
}

std::string swedish(const Decimal& d) {
    return format_number(d, Display{std::max(d.scale(), 2)}, NumberStyle::plain);
}

}  // namespace tertial::ledger
