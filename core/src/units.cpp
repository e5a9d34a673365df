// Unit names as they appear in report files and in printed text.
#include "tertial/units.hpp"

#include <array>
#include <utility>

#include "tertial/suggest.hpp"

namespace tertial {
namespace {

constexpr std::array<std::pair<Unit, std::string_view>, 10> names{{
    {Unit::kr, "kr"},
    {Unit::tkr, "tkr"},
    {Unit::mnkr, "mnkr"},
    {Unit::mkr, "mkr"},
    {Unit::percent, "%"},
    {Unit::antal, "antal"},
    {Unit::dagar, "dagar"},
    {Unit::timmar, "timmar"},
    {Unit::kr_per_inv, "kr/inv"},
    {Unit::index, "index"},
}};

}  // namespace

std::optional<Unit> parse_unit(std::string_view name) {
    for (const auto& [u, n] : names)
        if (n == name) return u;
    return std::nullopt;
}

std::string_view unit_name(Unit u) {
    for (const auto& [v, n] : names)
        if (v == u) return n;
    return "unknown";
}

std::optional<Unit> unit_meant_by(std::string_view name) {
    // Abbreviations Swedish reports use for the units Tertial names
    // otherwise ("mkr" is a unit of its own, as the report writes it).
    static constexpr std::pair<std::string_view, Unit> spellings[] = {
        {"msek", Unit::mnkr}, {"mn_kr", Unit::mnkr}, {"milj_kr", Unit::mnkr},
        {"tsek", Unit::tkr}, {"t_kr", Unit::tkr},  {"sek", Unit::kr},     {"kronor", Unit::kr},
        {"st", Unit::antal}, {"procent", Unit::percent}, {"dygn", Unit::dagar}, {"tim", Unit::timmar}};
    std::string folded = fold(name);
    if (!folded.empty() && folded.back() == '.') folded.pop_back();  // "tkr."
    for (const auto& [spelling, unit] : spellings)
        if (folded == spelling) return unit;
    for (const auto& [unit, n] : names)
        if (n != name && fold(n) == folded) return unit;  // "Mnkr"
    return std::nullopt;
}

const std::initializer_list<std::string_view>& unit_names() {
    static const std::initializer_list<std::string_view> all{"kr",    "tkr",    "mnkr",   "mkr",  "%",
                                                             "antal", "dagar", "timmar", "kr/inv", "index"};
    return all;
}

std::optional<int> krona_exponent(Unit u) {
    switch (u) {
        case Unit::kr:
            return 0;
        case Unit::tkr:
            return 3;
        case Unit::mnkr:
        case Unit::mkr:
            return 6;
        default:
            return std::nullopt;
    }
}

std::string_view unit_suffix(Unit u) {
    switch (u) {
        case Unit::antal:
        case Unit::index:
        case Unit::unknown:
            return "";
        default:
            return unit_name(u);
    }
}

}  // namespace tertial
