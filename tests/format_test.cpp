// Unit tests for Swedish number formatting: grouping, decimal comma, minus sign, units, print vs plain style.
#include <gtest/gtest.h>

#include <string>

#include "tertial/decimal.hpp"
#include "tertial/format.hpp"
#include "tertial/units.hpp"

namespace tertial {
namespace {

// U+00A0 NO-BREAK SPACE and U+2212 MINUS SIGN, UTF-8 encoded.
const std::string NB = "\xC2\xA0";
const std::string MINUS = "\xE2\x88\x92";

Decimal D(std::string_view text) {
    auto d = Decimal::parse(text);
    if (!d) ADD_FAILURE() << "could not parse \"" << text << "\"";
    return d.value_or(Decimal{});
}

const Display as_entered{};
Display dec(int n) { return Display{n}; }

std::string print(std::string_view v, Display d = as_entered) {
    return format_number(D(v), d, NumberStyle::print);
}
std::string plain(std::string_view v, Display d = as_entered) {
    return format_number(D(v), d, NumberStyle::plain);
}

TEST(FormatNumber, EncodingOfSpecialCharacters) {
    // Guard against the test constants themselves being wrong.
    EXPECT_EQ(NB, std::string("\u00A0"));
    EXPECT_EQ(MINUS, std::string("\u2212"));
}

TEST(FormatNumber, Zero) {
    EXPECT_EQ(print("0"), "0");
    EXPECT_EQ(plain("0"), "0");
    EXPECT_EQ(print("0.0"), "0,0");
    EXPECT_EQ(tertial::format_number(-D("0"), {}), "0");
    EXPECT_EQ(print("0", dec(2)), "0,00");
}

TEST(FormatNumber, GroupsThousandsWithNoBreakSpace) {
    EXPECT_EQ(print("1200"), "1" + NB + "200");
    EXPECT_EQ(print("1000"), "1" + NB + "000");
    EXPECT_EQ(print("999"), "999");
    EXPECT_EQ(print("100"), "100");
    EXPECT_EQ(print("7"), "7");
    EXPECT_EQ(print("12345"), "12" + NB + "345");
    EXPECT_EQ(print("123456"), "123" + NB + "456");
    EXPECT_EQ(print("1000000"), "1" + NB + "000" + NB + "000");
    EXPECT_EQ(print("1234567.891"), "1" + NB + "234" + NB + "567,891");
    EXPECT_EQ(print("724091"), "724" + NB + "091");
    // Never an ordinary ASCII space in print style.
    EXPECT_EQ(print("1234567.891").find(' '), std::string::npos);
}

TEST(FormatNumber, DecimalCommaAndFractionNotGrouped) {
    EXPECT_EQ(print("2.675"), "2,675");
    EXPECT_EQ(print("0.123456"), "0,123456");
    EXPECT_EQ(print("1.70"), "1,70");  // as entered: scale kept
    EXPECT_EQ(print("510.0"), "510,0");
    EXPECT_EQ(print("0.5"), "0,5");
    EXPECT_EQ(print("1234.5678"), "1" + NB + "234,5678");
    EXPECT_EQ(print("1.5").find('.'), std::string::npos);
}

TEST(FormatNumber, NegativeUsesRealMinus) {
    EXPECT_EQ(print("-2.9"), MINUS + "2,9");
    EXPECT_EQ(print("-1234567"), MINUS + "1" + NB + "234" + NB + "567");
    EXPECT_EQ(print("-0.5"), MINUS + "0,5");
    EXPECT_EQ(print("-2.9").find('-'), std::string::npos);
}

TEST(FormatNumber, RoundsForDisplayHalfAwayFromZero) {
    EXPECT_EQ(print("999.95", dec(1)), "1" + NB + "000,0");
    EXPECT_EQ(print("-999.95", dec(1)), MINUS + "1" + NB + "000,0");
    EXPECT_EQ(print("33.333", dec(1)), "33,3");
    EXPECT_EQ(print("2.675", dec(2)), "2,68");
    EXPECT_EQ(print("2.45", dec(1)), "2,5");
    EXPECT_EQ(print("-2.45", dec(1)), MINUS + "2,5");
    EXPECT_EQ(print("186.9", dec(0)), "187");
    EXPECT_EQ(print("0.5", dec(0)), "1");
    EXPECT_EQ(print("-0.5", dec(0)), MINUS + "1");
    EXPECT_EQ(print("1200", dec(1)), "1" + NB + "200,0");  // pads
    EXPECT_EQ(print("1.7", dec(3)), "1,700");
}

TEST(FormatNumber, DisplayDoesNotChangeTheValue) {
    Decimal v = D("2.675");
    EXPECT_EQ(format_number(v, dec(1)), "2,7");
    EXPECT_EQ(v.to_string(), "2.675");
    EXPECT_EQ(format_number(v, as_entered), "2,675");
}

TEST(FormatNumber, RoundedToZeroShowsNoSign) {
    EXPECT_EQ(print("-0.04", dec(1)), "0,0");
    EXPECT_EQ(plain("-0.04", dec(1)), "0,0");
    EXPECT_EQ(print("-0.4", dec(0)), "0");
    EXPECT_EQ(print("-0.0049", dec(2)), "0,00");
    EXPECT_EQ(print("-0.05", dec(1)), MINUS + "0,1");  // half rounds away: not zero
    EXPECT_EQ(tertial::format_number(-D("0.000"), {}), "0,000");
    EXPECT_EQ(print("-0.04", dec(1)).find(MINUS), std::string::npos);
}

TEST(FormatNumber, PlainStyle) {
    EXPECT_EQ(plain("1200"), "1 200");
    EXPECT_EQ(plain("1234567.891"), "1 234 567,891");
    EXPECT_EQ(plain("-2.9"), "-2,9");
    EXPECT_EQ(plain("-1234567"), "-1 234 567");
    EXPECT_EQ(plain("999.95", dec(1)), "1 000,0");
    EXPECT_EQ(plain("33.333", dec(1)), "33,3");
    // Pure ASCII: no NBSP, no U+2212.
    for (const std::string& s : {plain("-1234567.5"), plain("-999.95", dec(1))})
        for (char c : s) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << s;
}

TEST(FormatNumber, DefaultStyleIsPrint) {
    EXPECT_EQ(format_number(D("-1200"), as_entered), MINUS + "1" + NB + "200");
}

TEST(FormatAmount, PercentWithNoBreakSpace) {
    EXPECT_EQ(format_amount(D("33.333"), Unit::percent, dec(1)), "33,3" + NB + "%");
    EXPECT_EQ(format_amount(D("33.333"), Unit::percent, dec(1), NumberStyle::plain), "33,3 %");
    EXPECT_EQ(format_amount(D("-5.25"), Unit::percent, dec(1)), MINUS + "5,3" + NB + "%");
}

TEST(FormatAmount, MoneyUnits) {
    EXPECT_EQ(format_amount(D("-2.9"), Unit::mnkr, as_entered), MINUS + "2,9" + NB + "mnkr");
    EXPECT_EQ(format_amount(D("-2.9"), Unit::mnkr, as_entered, NumberStyle::plain), "-2,9 mnkr");
    EXPECT_EQ(format_amount(D("4.4"), Unit::mnkr, dec(1)), "4,4" + NB + "mnkr");
    EXPECT_EQ(format_amount(D("1200"), Unit::tkr, as_entered), "1" + NB + "200" + NB + "tkr");
    EXPECT_EQ(format_amount(D("1200"), Unit::kr, as_entered, NumberStyle::plain), "1 200 kr");
    EXPECT_EQ(format_amount(D("52340"), Unit::kr_per_inv, as_entered), "52" + NB + "340" + NB + "kr/inv");
}

// "underskott på 13,1 mkr", as the municipality writes it.
TEST(FormatAmount, Mkr) {
    EXPECT_EQ(format_amount(D("-13.1"), Unit::mkr, dec(1)), MINUS + "13,1" + NB + "mkr");
    EXPECT_EQ(format_amount(D("13.1"), Unit::mkr, dec(1), NumberStyle::plain), "13,1 mkr");
}

// Every unit with a suffix is printed after a no-break space, never a
// breaking one: a line cannot end between a number and its unit.
TEST(FormatAmount, EveryUnitAfterANoBreakSpace) {
    for (std::string_view name : unit_names()) {
        Unit u = *parse_unit(name);
        std::string printed = format_amount(D("12.5"), u, as_entered);
        EXPECT_EQ(printed.find(' '), std::string::npos) << name << ": " << printed;
        if (!unit_suffix(u).empty()) EXPECT_EQ(printed, "12,5" + NB + std::string(unit_suffix(u))) << name;
    }
}

TEST(FormatAmount, OtherUnits) {
    EXPECT_EQ(format_amount(D("14"), Unit::dagar, as_entered), "14" + NB + "dagar");
    EXPECT_EQ(format_amount(D("3.5"), Unit::timmar, as_entered, NumberStyle::plain), "3,5 timmar");
}

TEST(FormatAmount, CountsHaveNoSuffix) {
    EXPECT_EQ(format_amount(D("586"), Unit::antal, as_entered), "586");
    EXPECT_EQ(format_amount(D("1586"), Unit::antal, as_entered), "1" + NB + "586");
    EXPECT_EQ(format_amount(D("1586"), Unit::antal, as_entered, NumberStyle::plain), "1 586");
    EXPECT_EQ(format_amount(D("102.5"), Unit::index, as_entered), "102,5");
    EXPECT_EQ(format_amount(D("7"), Unit::unknown, as_entered), "7");
}

TEST(FormatAmount, RoundedToZeroWithUnit) {
    EXPECT_EQ(format_amount(D("-0.04"), Unit::mnkr, dec(1)), "0,0" + NB + "mnkr");
    EXPECT_EQ(format_amount(D("-0.04"), Unit::percent, dec(1), NumberStyle::plain), "0,0 %");
}

// ---- typed amounts (the editor's cells) -------------------------------------------------

std::string typed(std::string_view text) {
    auto d = parse_typed_amount(text);
    return d ? d->to_string() : "(refused)";
}

TEST(ParseTypedAmount, SwedishAndCanonicalForms) {
    EXPECT_EQ(typed("1 234,5"), "1234.5");
    EXPECT_EQ(typed("1234.5"), "1234.5");
    EXPECT_EQ(typed("1234,50"), "1234.50");  // the decimals typed are kept
    EXPECT_EQ(typed(" 400 "), "400");
    EXPECT_EQ(typed("0"), "0");
    EXPECT_EQ(typed("12 345 678"), "12345678");
}

TEST(ParseTypedAmount, MinusSigns) {
    EXPECT_EQ(typed("\u22122,9"), "-2.9");
    EXPECT_EQ(typed("-2,9"), "-2.9");
    EXPECT_EQ(typed("\u22121 200"), "-1200");
}

TEST(ParseTypedAmount, PercentSignIsDropped) {
    EXPECT_EQ(typed("12,5 %"), "12.5");
    EXPECT_EQ(typed("12,5%"), "12.5");
    EXPECT_EQ(typed("12,5" + NB + "%"), "12.5");
}

TEST(ParseTypedAmount, PastedSpaces) {
    EXPECT_EQ(typed("1" + NB + "234,5"), "1234.5");  // as printed, or copied from LibreOffice
    EXPECT_EQ(typed("1\u202F234"), "1234");         // narrow no-break space
    EXPECT_EQ(typed("\t7\t"), "7");
}

TEST(ParseTypedAmount, RefusesWhatIsNoAmount) {
    for (std::string_view bad : {"", " ", "abc", "1,2,3", "1.2.3", "12 34", "1 2345", "1234 567", ",5", "5,", "--2",
                                 "2-", "1e3", "%", "- 2", "12 %%", "1 234 ,5", "0x10"})
        EXPECT_EQ(typed(bad), "(refused)") << "'" << bad << "'";
}

}  // namespace
}  // namespace tertial
