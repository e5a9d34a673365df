// Unit tests for report units: parsing names, printing names and suffixes, the name list, Display.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "tertial/units.hpp"

namespace tertial {
namespace {

const Unit all_units[] = {Unit::kr,    Unit::tkr,   Unit::mnkr,   Unit::mkr,        Unit::percent,
                          Unit::antal, Unit::dagar, Unit::timmar, Unit::kr_per_inv, Unit::index};

TEST(Units, ParseEveryDocumentedName) {
    EXPECT_EQ(parse_unit("kr"), Unit::kr);
    EXPECT_EQ(parse_unit("tkr"), Unit::tkr);
    EXPECT_EQ(parse_unit("mnkr"), Unit::mnkr);
    EXPECT_EQ(parse_unit("mkr"), Unit::mkr);
    EXPECT_EQ(parse_unit("%"), Unit::percent);
    EXPECT_EQ(parse_unit("antal"), Unit::antal);
    EXPECT_EQ(parse_unit("dagar"), Unit::dagar);
    EXPECT_EQ(parse_unit("timmar"), Unit::timmar);
    EXPECT_EQ(parse_unit("kr/inv"), Unit::kr_per_inv);
    EXPECT_EQ(parse_unit("index"), Unit::index);
}

TEST(Units, RejectsUnknownNames) {
    for (const char* s : {"", "unknown", "Kr", "MNKR", "MKR", "procent", " kr", "kr ", "kr/invånare", "st",
                          "SEK", "%%", "dag"}) {
        EXPECT_FALSE(parse_unit(s).has_value()) << "accepted \"" << s << "\"";
    }
}

TEST(Units, UnknownIsTheDefault) {
    // A value-initialised Unit must not silently be a real unit.
    EXPECT_EQ(Unit{}, Unit::unknown);
    EXPECT_EQ(unit_name(Unit::unknown), "unknown");
    EXPECT_EQ(unit_suffix(Unit::unknown), "");
}

TEST(Units, NameRoundTrips) {
    for (Unit u : all_units) {
        std::string_view name = unit_name(u);
        EXPECT_NE(name, "unknown");
        EXPECT_EQ(parse_unit(name), u) << name;
    }
    EXPECT_EQ(unit_name(Unit::percent), "%");
    EXPECT_EQ(unit_name(Unit::kr_per_inv), "kr/inv");
}

TEST(Units, NamesListMatchesParser) {
    const auto& names = unit_names();
    EXPECT_EQ(names.size(), std::size(all_units));
    std::set<std::string_view> listed(names.begin(), names.end());
    EXPECT_EQ(listed.size(), names.size()) << "duplicate names";
    for (std::string_view n : names) EXPECT_TRUE(parse_unit(n).has_value()) << n;
    for (Unit u : all_units) EXPECT_TRUE(listed.count(unit_name(u))) << unit_name(u);
    // Stable across calls (returned by reference).
    EXPECT_EQ(&unit_names(), &unit_names());
}

TEST(Units, SuffixesInRunningText) {
    EXPECT_EQ(unit_suffix(Unit::kr), "kr");
    EXPECT_EQ(unit_suffix(Unit::tkr), "tkr");
    EXPECT_EQ(unit_suffix(Unit::mnkr), "mnkr");
    EXPECT_EQ(unit_suffix(Unit::mkr), "mkr");
    EXPECT_EQ(unit_suffix(Unit::percent), "%");
    EXPECT_EQ(unit_suffix(Unit::dagar), "dagar");
    EXPECT_EQ(unit_suffix(Unit::timmar), "timmar");
    EXPECT_EQ(unit_suffix(Unit::kr_per_inv), "kr/inv");
    // Plain counts and index values carry their noun in the sentence.
    EXPECT_EQ(unit_suffix(Unit::antal), "");
    EXPECT_EQ(unit_suffix(Unit::index), "");
}

// "underskott på 13,1 mkr": mkr is a unit of its own, printed as written,
// on the scale of mnkr (a million kronor).
TEST(Units, MkrIsMillionsOfKronorUnderItsOwnName) {
    EXPECT_EQ(krona_exponent(Unit::mkr), 6);
    EXPECT_EQ(krona_exponent(Unit::mkr), krona_exponent(Unit::mnkr));
    EXPECT_EQ(unit_meant_by("Mkr"), Unit::mkr);
    EXPECT_EQ(unit_meant_by("msek"), Unit::mnkr);
}

TEST(Display, AsEnteredOrFixedDecimals) {
    Display as_entered;
    EXPECT_FALSE(as_entered.decimals.has_value());
    Display one{1};
    ASSERT_TRUE(one.decimals.has_value());
    EXPECT_EQ(*one.decimals, 1);
    EXPECT_EQ(one, (Display{1}));
    EXPECT_NE(one, as_entered);
    EXPECT_NE(one, (Display{0}));
}

}  // namespace
}  // namespace tertial
