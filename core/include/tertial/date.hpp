// Calendar dates and report periods ("t.o.m. 2020-04-30").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tertial {

struct Date {
    int year = 0, month = 0, day = 0;
    // ISO 8601 "YYYY-MM-DD"; nullopt unless it names a real calendar day.
    static std::optional<Date> parse(std::string_view iso);
    std::string to_string() const;
    auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
// month 1..12, else std::out_of_range.
int days_in_month(int year, int month);
// The month's name as a report prints it: "januari" .. "december" (month 1..12, else std::out_of_range).
std::string_view swedish_month_name(int month);

// A month, "YYYY-MM", for rows of monthly tables.
struct YearMonth {
    int year = 0, month = 0;
    static std::optional<YearMonth> parse(std::string_view text);
    std::string to_string() const;
    int tertial() const { return (month - 1) / 4 + 1; }
    auto operator<=>(const YearMonth&) const = default;
};

// The period a report covers: the year, and the day it runs until.
struct Period {
    int year = 0;
    Date end;
    // Whole months of `year` passed at `end`, 0..12: a month counts once its
    // last day is reached (30 April → 4, 29 April → 3). The share of the year
    // passed is months_passed() / 12, e.g. 33,3 % at 30 April.
    int months_passed() const;
    bool operator==(const Period&) const = default;
};

}  // namespace tertial
