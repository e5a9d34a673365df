// Unit tests for tertial::Decimal: parsing, exact arithmetic, rounding, division, overflow, comparison.
#include <gtest/gtest.h>

#include <compare>
#include <stdexcept>
#include <string>
#include <vector>

#include "tertial/decimal.hpp"

namespace tertial {
namespace {

// Parses text that must be valid; fails the test otherwise.
Decimal D(std::string_view text) {
    auto d = Decimal::parse(text);
    if (!d) ADD_FAILURE() << "could not parse \"" << text << "\"";
    return d.value_or(Decimal{});
}

std::string S(const Decimal& d) { return d.to_string(); }

// ---- parse / to_string ----------------------------------------------------

TEST(DecimalParse, RoundTripsCanonicalForms) {
    for (const char* text : {"0", "-0.5", "1.70", "2.675", "1200", "-2.9", "0.0", "510.0", "0.165",
                             "123456789012345678", "-1", "10", "0.000000000000000001"}) {
        auto d = Decimal::parse(text);
        ASSERT_TRUE(d.has_value()) << text;
        EXPECT_EQ(d->to_string(), text);
    }
}

TEST(DecimalParse, KeepsScale) {
    EXPECT_EQ(D("1.70").scale(), 2);
    EXPECT_EQ(D("1.7").scale(), 1);
    EXPECT_EQ(D("510.0").scale(), 1);
    EXPECT_EQ(D("1200").scale(), 0);
    EXPECT_EQ(D("2.675").scale(), 3);
    EXPECT_EQ(S(D("1.70")), "1.70");
    EXPECT_NE(S(D("1.70")), S(D("1.7")));
}

TEST(DecimalParse, SignAndZero) {
    EXPECT_TRUE(D("-0.5").is_negative());
    EXPECT_FALSE(D("0.5").is_negative());
    EXPECT_TRUE(D("0").is_zero());
    EXPECT_TRUE(D("0.00").is_zero());
    // Every value has one spelling, so a read-write round trip is lossless:
    // negative zero and leading zeros are refused.
    EXPECT_FALSE(Decimal::parse("-0").has_value());
    EXPECT_FALSE(Decimal::parse("-0.0").has_value());
    EXPECT_FALSE(Decimal::parse("007").has_value());
    EXPECT_FALSE(Decimal::parse("01.5").has_value());
    EXPECT_FALSE(Decimal::parse("-01").has_value());
    EXPECT_EQ(S(D("0.05")), "0.05");
    EXPECT_EQ(S(D("-0.05")), "-0.05");
    EXPECT_EQ(-D("0"), D("0"));
}

TEST(DecimalParse, RejectsNonCanonicalText) {
    for (const char* text : {"", "-", "1.", ".5", "-.5", "1,5", "1e3", "1E3", "+1", " 1", "1 ", "1 200",
                             "1\u00A0200", "--1", "1-", "1.2.3", "0x10", "abc", "1.5a", "\u22122.9", ".",
                             "-.", "12_000", "\t1", "1\n"}) {
        EXPECT_FALSE(Decimal::parse(text).has_value()) << "accepted \"" << text << "\"";
    }
}

TEST(DecimalParse, RejectsOverlyLong) {
    // 36 digits fit, 37 do not.
    std::string d36(36, '9');
    ASSERT_TRUE(Decimal::parse(d36).has_value());
    EXPECT_EQ(S(D(d36)), d36);
    EXPECT_TRUE(Decimal::parse("-" + d36).has_value());
    EXPECT_FALSE(Decimal::parse(std::string(37, '9')).has_value());
    EXPECT_FALSE(Decimal::parse(std::string(200, '1')).has_value());
    EXPECT_FALSE(Decimal::parse("1." + std::string(40, '0')).has_value());
    // At most max_scale decimals.
    EXPECT_TRUE(Decimal::parse("0." + std::string(Decimal::max_scale, '1')).has_value());
    EXPECT_FALSE(Decimal::parse("0." + std::string(Decimal::max_scale + 1, '1')).has_value());
}

TEST(DecimalParse, FromInt) {
    EXPECT_EQ(S(Decimal::from_int(0)), "0");
    EXPECT_EQ(S(Decimal::from_int(-186)), "-186");
    EXPECT_EQ(S(Decimal::from_int(9223372036854775807LL)), "9223372036854775807");
    EXPECT_EQ(S(Decimal::from_int(-9223372036854775807LL - 1)), "-9223372036854775808");
    EXPECT_EQ(Decimal::from_int(12).scale(), 0);
    EXPECT_EQ(Decimal::from_int(12), D("12"));
    EXPECT_EQ(Decimal{}, D("0"));
}

// ---- addition / subtraction -----------------------------------------------

TEST(DecimalAdd, AlignsScales) {
    Decimal r = D("1.7") + D("0.25");
    EXPECT_EQ(S(r), "1.95");
    EXPECT_EQ(r.scale(), 2);
    EXPECT_EQ(S(D("63") + D("48.9")), "111.9");
    EXPECT_EQ(S(D("1.70") + D("1")), "2.70");
    EXPECT_EQ(S(D("0.5") + D("-0.5")), "0.0");
    EXPECT_EQ(S(D("-1.25") + D("0.5")), "-0.75");
}

TEST(DecimalAdd, SeedSums) {
    Decimal sum;
    for (const char* v : {"1.7", "11.5", "49.4", "56.2", "13.5", "377.7"}) sum = sum + D(v);
    EXPECT_EQ(S(sum), "510.0");

    Decimal sum2;
    for (const char* v : {"0", "0", "0.165", "0.3", "0", "1.2", "0.7", "0.21", "0.1"}) sum2 = sum2 + D(v);
    EXPECT_EQ(S(sum2), "2.675");
    EXPECT_EQ(sum2.scale(), 3);

    EXPECT_EQ(S(D("184") - D("186.9")), "-2.9");
    EXPECT_EQ(S(D("186.9") - D("184")), "2.9");
}

TEST(DecimalAdd, ExactWhereBinaryFloatingPointIsNot) {
    EXPECT_EQ(S(D("0.1") + D("0.2")), "0.3");
    Decimal acc = D("0.0");
    for (int i = 0; i < 1000; ++i) acc = acc + D("0.1");
    EXPECT_EQ(S(acc), "100.0");
}

TEST(DecimalAdd, Negation) {
    EXPECT_EQ(S(-D("2.9")), "-2.9");
    EXPECT_EQ(S(-D("-2.9")), "2.9");
    EXPECT_EQ(S(-D("0.0")), "0.0");
    EXPECT_FALSE((-D("0")).is_negative());
    EXPECT_EQ(S(D("-2.90").abs()), "2.90");
    EXPECT_EQ(S(D("2.9").abs()), "2.9");
}

// ---- multiplication --------------------------------------------------------

TEST(DecimalMultiply, ScaleIsSumOfScales) {
    Decimal p = D("1.5") * D("2.25");
    EXPECT_EQ(S(p), "3.375");
    EXPECT_EQ(p.scale(), 3);
    EXPECT_EQ(S(D("1.70") * D("100")), "170.00");
    EXPECT_EQ(S(D("-2.9") * D("3")), "-8.7");
    EXPECT_EQ(S(D("-2.9") * D("-0.5")), "1.45");
    EXPECT_EQ(S(D("0") * D("-5.5")), "0.0");
    EXPECT_FALSE((D("0") * D("-5.5")).is_negative());
}

TEST(DecimalMultiply, ScaleAboveMaxIsRounded) {
    // 0.5 (18 decimals) * 0.5 (1 decimal) has 19 decimals: 0.25e-17 → rounds.
    Decimal a = D("0.000000000000000005");
    Decimal p = a * D("0.5");
    EXPECT_EQ(p.scale(), Decimal::max_scale);
    EXPECT_EQ(S(p), "0.000000000000000003");  // 0.0000000000000000025 half away from zero
    EXPECT_EQ(S(-a * D("0.5")), "-0.000000000000000003");
}

TEST(DecimalMultiply, LargeMantissasThatFitAfterRounding) {
    // 100 with 18 decimals squared: exact mantissa 10^40 exceeds the limit,
    // but the result 10000 at 18 decimals fits.
    Decimal h = D("100.000000000000000000");
    Decimal p = h * h;
    EXPECT_EQ(p.scale(), Decimal::max_scale);
    EXPECT_EQ(S(p), "10000.000000000000000000");
    EXPECT_EQ(S(h * -h), "-10000.000000000000000000");
    // 123456789.0123456789 * 987654321.0987654321 (10 decimals each; exact
    // product has 20 decimals) rounded half away from zero to 18 decimals.
    Decimal x = D("123456789.0123456789") * D("987654321.0987654321");
    EXPECT_EQ(S(x), "121932631137021795.223746380111126353");
}

TEST(DecimalMultiply, OverflowThrows) {
    Decimal big = D("1000000000000000000");  // 10^18
    EXPECT_THROW(big * big, DecimalOverflow);  // 10^36: one past the limit
    EXPECT_NO_THROW(D("999999999999999999") * D("1000000000000000000"));
    EXPECT_THROW(D(std::string(36, '9')) * D(std::string(36, '9')), DecimalOverflow);
    EXPECT_THROW(D("-" + std::string(36, '9')) * D(std::string(36, '9')), DecimalOverflow);
    // Rounding to max_scale does not save a product whose integer part is too big.
    EXPECT_THROW(D("99999999999999999999.999999999") * D("99999999999999999999.9999999999"), DecimalOverflow);
}

// ---- rounding --------------------------------------------------------------

TEST(DecimalRounded, HalfAwayFromZeroBothSigns) {
    EXPECT_EQ(S(D("2.45").rounded(1)), "2.5");
    EXPECT_EQ(S(D("-2.45").rounded(1)), "-2.5");
    EXPECT_EQ(S(D("2.449").rounded(1)), "2.4");
    EXPECT_EQ(S(D("-2.449").rounded(1)), "-2.4");
    EXPECT_EQ(S(D("0.5").rounded(0)), "1");
    EXPECT_EQ(S(D("-0.5").rounded(0)), "-1");
    EXPECT_EQ(S(D("1.5").rounded(0)), "2");  // not banker's rounding
    EXPECT_EQ(S(D("2.5").rounded(0)), "3");
    EXPECT_EQ(S(D("-2.5").rounded(0)), "-3");
    EXPECT_EQ(S(D("0.49").rounded(0)), "0");
    EXPECT_EQ(S(D("2.675").rounded(2)), "2.68");
    EXPECT_EQ(S(D("999.95").rounded(1)), "1000.0");
    EXPECT_EQ(S(D("186.9").rounded(0)), "187");
}

TEST(DecimalRounded, ToZeroHasNoSign) {
    Decimal r = D("-0.04").rounded(1);
    EXPECT_EQ(S(r), "0.0");
    EXPECT_FALSE(r.is_negative());
    EXPECT_TRUE(r.is_zero());
}

TEST(DecimalRounded, PadsWhenScaleGrows) {
    Decimal r = D("1.7").rounded(3);
    EXPECT_EQ(S(r), "1.700");
    EXPECT_EQ(r.scale(), 3);
    EXPECT_EQ(S(D("1200").rounded(1)), "1200.0");
    EXPECT_EQ(S(D("2.675").rounded(3)), "2.675");
    EXPECT_EQ(D("2.675").rounded(3), D("2.675"));
}

TEST(DecimalRounded, ScaleOutOfRangeThrows) {
    EXPECT_THROW(D("1.5").rounded(-1), std::invalid_argument);
    EXPECT_THROW(D("1.5").rounded(Decimal::max_scale + 1), DecimalOverflow);
    EXPECT_THROW(D("1.5").rounded(1000), DecimalOverflow);
    EXPECT_NO_THROW(D("1.5").rounded(Decimal::max_scale));
}

TEST(DecimalRounded, PaddingThatOverflowsThrows) {
    // 10^30 at 18 decimals needs a 48-digit mantissa: must throw, not wrap.
    EXPECT_THROW(D("1" + std::string(30, '0')).rounded(18), DecimalOverflow);
    EXPECT_THROW(D("-" + std::string(36, '9')).rounded(1), DecimalOverflow);
    EXPECT_EQ(S(D(std::string(35, '9')).rounded(0)), std::string(35, '9'));
}

// ---- division --------------------------------------------------------------

TEST(DecimalDivide, ShareOfYear) {
    // share(238833, 724091) = a / b × 100 at 1 decimal: 32.98...% → 33.0.
    Decimal q = D("238833").divide(D("724091"), 10);
    EXPECT_EQ(S(q), "0.3298383767");
    Decimal pct = (q * D("100")).rounded(1);
    EXPECT_EQ(S(pct), "33.0");
    EXPECT_EQ(S(D("4").divide(D("12"), 10)), "0.3333333333");
}

TEST(DecimalDivide, OneThirdAndTwoThirds) {
    Decimal q = D("1").divide(D("3"), 10);
    EXPECT_EQ(S(q), "0.3333333333");
    EXPECT_EQ(q.scale(), 10);
    EXPECT_EQ(S(D("2").divide(D("3"), 10)), "0.6666666667");
    EXPECT_EQ(S(D("-2").divide(D("3"), 10)), "-0.6666666667");
    EXPECT_EQ(S(D("2").divide(D("-3"), 10)), "-0.6666666667");
    EXPECT_EQ(S(D("-2").divide(D("-3"), 10)), "0.6666666667");
}

TEST(DecimalDivide, RoundsHalfAwayFromZero) {
    EXPECT_EQ(S(D("1").divide(D("8"), 2)), "0.13");    // 0.125
    EXPECT_EQ(S(D("-1").divide(D("8"), 2)), "-0.13");  // -0.125
    EXPECT_EQ(S(D("1").divide(D("2"), 0)), "1");
    EXPECT_EQ(S(D("-1").divide(D("2"), 0)), "-1");
    EXPECT_EQ(S(D("1").divide(D("3"), 0)), "0");
    EXPECT_FALSE(D("-1").divide(D("3"), 0).is_negative());
}

TEST(DecimalDivide, MixedScales) {
    EXPECT_EQ(S(D("2.675").divide(D("0.5"), 3)), "5.350");
    EXPECT_EQ(S(D("186.9").divide(D("184"), 4)), "1.0158");
    EXPECT_EQ(S(D("1.70").divide(D("0.01"), 0)), "170");
    // Divisor with more decimals than the quotient asks for (negative shift).
    EXPECT_EQ(S(D("1.000000000000000000").divide(D("3"), 0)), "0");
    EXPECT_EQ(S(D("2.000000000000000000").divide(D("3"), 0)), "1");
    EXPECT_EQ(S(D("0.000000000000000005").divide(D("0.000000000000000010"), 1)), "0.5");
}

TEST(DecimalDivide, HugeDivisorWithSmallQuotientScale) {
    // Divisor mantissa near the limit while the dividend has many decimals:
    // the quotient is tiny and must round to 0, not overflow or wrap.
    Decimal d = D(std::string(35, '9'));
    EXPECT_EQ(S(D("1.000000000000000000").divide(d, 0)), "0");
    EXPECT_EQ(S(D("-1.000000000000000000").divide(d, 0)), "0");
    EXPECT_EQ(S(d.divide(d, 0)), "1");
}

TEST(DecimalDivide, LargeOperandsWithoutFalseOverflow) {
    // 10^30 / 10^30 at 10 decimals: exact result 1.0000000000 fits.
    Decimal a = D("1" + std::string(30, '0'));
    EXPECT_EQ(S(a.divide(a, 10)), "1.0000000000");
    EXPECT_EQ(S(a.divide(-a, 18)), "-1.000000000000000000");
    Decimal b = D(std::string(36, '9'));
    EXPECT_EQ(S(b.divide(b, 18)), "1.000000000000000000");
}

TEST(DecimalDivide, ByZeroThrows) {
    EXPECT_THROW(D("1").divide(D("0"), 10), std::domain_error);
    EXPECT_THROW(D("0").divide(D("0.00"), 2), std::domain_error);
    EXPECT_THROW(D("-5.5").divide(Decimal{}, 0), std::domain_error);
}

TEST(DecimalDivide, OverflowThrows) {
    Decimal big = D("1" + std::string(30, '0'));
    EXPECT_THROW(big.divide(D("0.000001"), 0), DecimalOverflow);  // 10^36
    EXPECT_THROW(big.divide(D("1"), 10), DecimalOverflow);       // mantissa 10^40
    EXPECT_THROW(D("1").divide(D("3"), Decimal::max_scale + 1), DecimalOverflow);
    EXPECT_THROW(D("1").divide(D("3"), -1), std::invalid_argument);
    EXPECT_EQ(S(D(std::string(35, '9')).divide(D("1"), 0)), std::string(35, '9'));
}

// ---- overflow in addition ---------------------------------------------------

TEST(DecimalOverflowTest, AdditionThrows) {
    Decimal max = D(std::string(36, '9'));
    EXPECT_THROW(max + D("1"), DecimalOverflow);
    EXPECT_THROW(-max - D("1"), DecimalOverflow);
    EXPECT_NO_THROW(max - D("1"));
    // Aligning scales multiplies the mantissa: must throw, not wrap __int128.
    EXPECT_THROW(max + D("0.000000000000000001"), DecimalOverflow);
    EXPECT_THROW(D("1" + std::string(30, '0')) + D("0.000000000000000001"), DecimalOverflow);
    EXPECT_NO_THROW(D("1" + std::string(17, '0')) + D("0.000000000000000001"));
}

TEST(DecimalOverflowTest, IsAnOverflowError) {
    try {
        (void)(D(std::string(36, '9')) + D("1"));
        FAIL() << "no exception";
    } catch (const std::overflow_error& e) {
        EXPECT_NE(std::string(e.what()), "");
    }
}

// ---- comparison --------------------------------------------------------------

TEST(DecimalCompare, NumericVersusRepresentation) {
    EXPECT_EQ(D("1.7").cmp(D("1.70")), std::strong_ordering::equal);
    EXPECT_TRUE(D("1.7").numerically_equal(D("1.70")));
    EXPECT_FALSE(D("1.7") == D("1.70"));
    EXPECT_TRUE(D("1.7") != D("1.70"));
    EXPECT_TRUE(D("1.70") == D("1.70"));
    EXPECT_TRUE(D("0") == -D("0"));
    EXPECT_FALSE(D("0") == D("0.0"));
    EXPECT_TRUE(D("0").numerically_equal(D("0.0")));
}

TEST(DecimalCompare, Order) {
    EXPECT_EQ(D("1.7").cmp(D("1.69")), std::strong_ordering::greater);
    EXPECT_EQ(D("1.69").cmp(D("1.7")), std::strong_ordering::less);
    EXPECT_EQ(D("-2.9").cmp(D("-3")), std::strong_ordering::greater);
    EXPECT_EQ(D("-0.5").cmp(D("0.5")), std::strong_ordering::less);
    EXPECT_EQ(D("0.5").cmp(D("-0.5")), std::strong_ordering::greater);
    EXPECT_EQ(D("-1.5").cmp(D("-1.2")), std::strong_ordering::less);
    EXPECT_EQ(D("-1.5").cmp(D("-1")), std::strong_ordering::less);
    EXPECT_EQ(D("-0.1").cmp(D("0")), std::strong_ordering::less);
    EXPECT_EQ(D("1200").cmp(D("186.9")), std::strong_ordering::greater);
    // Sorting with cmp gives numeric order whatever the scales.
    std::vector<std::string> sorted = {"-3", "-2.95", "-2.9", "-0.001", "0", "0.0001", "1.7", "1.75", "2", "10.00"};
    for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
        EXPECT_EQ(D(sorted[i]).cmp(D(sorted[i + 1])), std::strong_ordering::less) << sorted[i] << " < " << sorted[i + 1];
        EXPECT_EQ(D(sorted[i + 1]).cmp(D(sorted[i])), std::strong_ordering::greater);
    }
}

TEST(DecimalCompare, ExtremesDoNotThrow) {
    // Widening 10^35-ish to 18 decimals would overflow; cmp must still work.
    Decimal big = D(std::string(36, '9'));
    Decimal tiny = D("0.000000000000000001");
    EXPECT_NO_THROW((void)big.cmp(tiny));
    EXPECT_EQ(big.cmp(tiny), std::strong_ordering::greater);
    EXPECT_EQ(tiny.cmp(big), std::strong_ordering::less);
    EXPECT_EQ((-big).cmp(tiny), std::strong_ordering::less);
    EXPECT_EQ(big.cmp(D(std::string(36, '9') )), std::strong_ordering::equal);
    Decimal a = D("123456789012345678.000000000000000001");
    Decimal b = D("123456789012345678");
    EXPECT_EQ(a.cmp(b), std::strong_ordering::greater);
    EXPECT_EQ(b.cmp(a), std::strong_ordering::less);
    EXPECT_EQ((-a).cmp(-b), std::strong_ordering::less);
    EXPECT_TRUE(D("123456789012345678.000000000000000000").numerically_equal(b));
}

}  // namespace
}  // namespace tertial
