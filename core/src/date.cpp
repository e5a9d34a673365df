// Parsing and validating ISO dates and months.
#include "tertial/date.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace tertial {
namespace {

std::optional<int> digits(std::string_view s) {
    if (s.empty()) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string_view swedish_month_name(int month) {
    static constexpr std::string_view names[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                                 "juli",    "augusti",  "september", "oktober", "november", "december"};
    if (month < 1 || month > 12) throw std::out_of_range(fmt::format("month {} is not 1..12", month));
    return names[month - 1];
}

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) throw std::out_of_range("month out of range");
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

std::optional<Date> Date::parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto y = digits(s.substr(0, 4)), m = digits(s.substr(5, 2)), d = digits(s.substr(8, 2));
    if (!y || !m || !d || *y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return std::nullopt;
    return Date{*y, *m, *d};
}

std::string Date::to_string() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

std::optional<YearMonth> YearMonth::parse(std::string_view s) {
    if (s.size() != 7 || s[4] != '-') return std::nullopt;
    auto y = digits(s.substr(0, 4)), m = digits(s.substr(5, 2));
    if (!y || !m || *y < 1900 || *m < 1 || *m > 12) return std::nullopt;
    return YearMonth{*y, *m};
}

std::string YearMonth::to_string() const { return fmt::format("{:04}-{:02}", year, month); }

int Period::months_passed() const {
    if (end.year < year) return 0;
    if (end.year > year) return 12;
    return end.month - (end.day == days_in_month(end.year, end.month) ? 0 : 1);
}

}  // namespace tertial
