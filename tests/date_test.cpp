// Unit tests for calendar dates, months, tertials and report periods (Date, YearMonth, Period).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tertial/date.hpp"

namespace tertial {
namespace {

Date date(std::string_view iso) {
    auto d = Date::parse(iso);
    if (!d) ADD_FAILURE() << "could not parse \"" << iso << "\"";
    return d.value_or(Date{});
}

TEST(DateParse, ValidDays) {
    auto d = Date::parse("2020-04-30");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->year, 2020);
    EXPECT_EQ(d->month, 4);
    EXPECT_EQ(d->day, 30);
    EXPECT_EQ(d->to_string(), "2020-04-30");
    for (const char* s : {"2020-05-11", "2020-01-01", "2020-12-31", "2021-01-31", "2021-03-31", "2021-06-30",
                          "2021-11-30", "2021-02-28", "1900-01-01", "9999-12-31"}) {
        auto p = Date::parse(s);
        ASSERT_TRUE(p.has_value()) << s;
        EXPECT_EQ(p->to_string(), s);
    }
}

TEST(DateParse, LeapYears) {
    EXPECT_TRUE(Date::parse("2020-02-29").has_value());
    EXPECT_FALSE(Date::parse("2021-02-29").has_value());
    EXPECT_FALSE(Date::parse("2100-02-29").has_value());  // divisible by 100, not 400
    EXPECT_TRUE(Date::parse("2000-02-29").has_value());   // divisible by 400
    EXPECT_TRUE(Date::parse("2024-02-29").has_value());
    EXPECT_FALSE(Date::parse("2020-02-30").has_value());
    EXPECT_FALSE(Date::parse("1900-02-29").has_value());

    EXPECT_TRUE(is_leap_year(2020));
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(2400));
    EXPECT_FALSE(is_leap_year(2021));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_FALSE(is_leap_year(1900));
}

TEST(DateParse, RejectsImpossibleDays) {
    for (const char* s : {"2021-04-31", "2021-06-31", "2021-09-31", "2021-11-31", "2021-01-32", "2021-12-32",
                          "2021-00-10", "2021-13-01", "2021-01-00", "0000-01-01", "1899-12-31"}) {
        EXPECT_FALSE(Date::parse(s).has_value()) << "accepted " << s;
    }
}

TEST(DateParse, RejectsMalformedText) {
    for (const char* s : {"", "2020-4-30", "2020-04-3", "20-04-30", "2020/04/30", "2020-04-30T00:00",
                          "2020-04-30 ", " 2020-04-30", "2020-0430", "20200430", "2020-04--1", "2020-+4-30",
                          "2020-04-+3", "202a-04-30", "2020-04", "2020-04-300", "30.04.2020", "2020‐04‐30"}) {
        EXPECT_FALSE(Date::parse(s).has_value()) << "accepted \"" << s << "\"";
    }
}

TEST(DateDaysInMonth, AllMonths) {
    const int normal[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; ++m) {
        EXPECT_EQ(days_in_month(2021, m), normal[m - 1]) << m;
        EXPECT_EQ(days_in_month(2020, m), m == 2 ? 29 : normal[m - 1]) << m;
    }
    EXPECT_EQ(days_in_month(2100, 2), 28);
    EXPECT_EQ(days_in_month(2000, 2), 29);
}

TEST(DateDaysInMonth, InvalidMonthThrows) {
    EXPECT_THROW(days_in_month(2020, 0), std::out_of_range);
    EXPECT_THROW(days_in_month(2020, 13), std::out_of_range);
}

TEST(DateOrder, Chronological) {
    EXPECT_LT(date("2020-04-30"), date("2020-05-01"));
    EXPECT_LT(date("2019-12-31"), date("2020-01-01"));
    EXPECT_LT(date("2020-01-31"), date("2020-02-01"));
    EXPECT_GT(date("2020-12-01"), date("2020-11-30"));
    EXPECT_EQ(date("2020-04-30"), (Date{2020, 4, 30}));
    EXPECT_NE(date("2020-04-30"), date("2021-04-30"));
}

TEST(DateToString, ZeroPads) {
    EXPECT_EQ((Date{2020, 1, 5}).to_string(), "2020-01-05");
    EXPECT_EQ((YearMonth{2020, 3}).to_string(), "2020-03");
}

TEST(YearMonthParse, ValidAndInvalid) {
    auto ym = YearMonth::parse("2020-04");
    ASSERT_TRUE(ym.has_value());
    EXPECT_EQ(ym->year, 2020);
    EXPECT_EQ(ym->month, 4);
    EXPECT_EQ(ym->to_string(), "2020-04");
    EXPECT_TRUE(YearMonth::parse("2020-12").has_value());
    EXPECT_TRUE(YearMonth::parse("2020-01").has_value());
    for (const char* s : {"", "2020-00", "2020-13", "2020-4", "2020-004", "2020-04-30", "2020/04", "202004",
                          "1899-12", " 2020-04", "2020-04 ", "2020-+4", "abcd-01"}) {
        EXPECT_FALSE(YearMonth::parse(s).has_value()) << "accepted \"" << s << "\"";
    }
    EXPECT_LT(*YearMonth::parse("2019-12"), *YearMonth::parse("2020-01"));
    EXPECT_LT(*YearMonth::parse("2020-04"), *YearMonth::parse("2020-05"));
}

TEST(YearMonthTertial, FourMonthsEach) {
    const int expected[] = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
    for (int m = 1; m <= 12; ++m) EXPECT_EQ((YearMonth{2020, m}).tertial(), expected[m - 1]) << "month " << m;
}

TEST(PeriodMonthsPassed, CountsMonthsWhoseLastDayIsReached) {
    EXPECT_EQ((Period{2020, date("2020-04-30")}).months_passed(), 4);
    EXPECT_EQ((Period{2020, date("2020-04-29")}).months_passed(), 3);
    EXPECT_EQ((Period{2020, date("2020-12-31")}).months_passed(), 12);
    EXPECT_EQ((Period{2020, date("2020-12-30")}).months_passed(), 11);
    EXPECT_EQ((Period{2020, date("2020-08-31")}).months_passed(), 8);
    EXPECT_EQ((Period{2020, date("2020-01-01")}).months_passed(), 0);
    EXPECT_EQ((Period{2020, date("2020-01-31")}).months_passed(), 1);
}

TEST(PeriodMonthsPassed, February) {
    EXPECT_EQ((Period{2020, date("2020-02-28")}).months_passed(), 1);  // leap year: not yet
    EXPECT_EQ((Period{2020, date("2020-02-29")}).months_passed(), 2);
    EXPECT_EQ((Period{2021, date("2021-02-28")}).months_passed(), 2);
    EXPECT_EQ((Period{2100, date("2100-02-28")}).months_passed(), 2);
}

TEST(PeriodMonthsPassed, EndOutsideTheYear) {
    EXPECT_EQ((Period{2020, date("2019-12-31")}).months_passed(), 0);
    EXPECT_EQ((Period{2020, date("2021-01-15")}).months_passed(), 12);
}

TEST(PeriodEquality, ComparesYearAndEnd) {
    EXPECT_EQ((Period{2020, date("2020-04-30")}), (Period{2020, date("2020-04-30")}));
    EXPECT_NE((Period{2020, date("2020-04-30")}), (Period{2020, date("2020-08-31")}));
    EXPECT_NE((Period{2020, date("2020-04-30")}), (Period{2021, date("2020-04-30")}));
}

TEST(SwedishMonthName, AsReportsPrintThem) {
    EXPECT_EQ(swedish_month_name(1), "januari");
    EXPECT_EQ(swedish_month_name(8), "augusti");
    EXPECT_EQ(swedish_month_name(12), "december");
    EXPECT_THROW(swedish_month_name(0), std::out_of_range);
    EXPECT_THROW(swedish_month_name(13), std::out_of_range);
}

}  // namespace
}  // namespace tertial
