// The JSON reader's one class, shared by the files that read each part of a
// report (reader_document.cpp: meta, figures, checks, the tjänsteskrivelse;
// reader_blocks.cpp: sections, lists, goals, key figures, charts and tables).
// The primitives every part uses are here, inline: each reads one value and
// reports what is wrong with it at its JSON pointer.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pasted_amount.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/suggest.hpp"

namespace tertial::json::detail {

using Json = nlohmann::ordered_json;
using Keys = std::initializer_list<std::string_view>;

inline std::string_view type_name(const Json& j) {
    switch (j.type()) {
        case Json::value_t::object:
            return "an object";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "true/false";
        case Json::value_t::null:
            return "null";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "a number";
        default:
            return "something else";
    }
}

class Reader {
public:
    explicit Reader(Diagnostics& diags) : diags_(diags) {}

    std::optional<Report> report(const Json& j);

private:
    // ---- primitives ---------------------------------------------------------

    bool expect_object(const Json& j, const std::string& p) {
        if (j.is_object()) return true;
        diags_.error("json.type", p, fmt::format("expected an object, found {}", type_name(j)));
        return false;
    }

    void check_keys(const Json& j, const std::string& p, Keys known) {
        std::vector<std::string_view> names(known);
        for (const auto& [key, value] : j.items()) {
            if (std::find(names.begin(), names.end(), key) != names.end()) continue;
            diags_.error("json.unknown_key", pointer_join(p, key),
                         fmt::format("unknown key '{}'{}", key, did_you_mean(key, names)));
        }
    }

    const Json* member(const Json& j, const std::string& p, const char* key, bool required) {
        auto it = j.find(key);
        if (it != j.end()) return &*it;
        if (required) diags_.error("json.missing_key", p, fmt::format("missing required key '{}'", key));
        return nullptr;
    }

    std::optional<std::string> string(const Json& j, const std::string& p) {
        if (j.is_string()) return j.get<std::string>();
        diags_.error("json.type", p, fmt::format("expected a string, found {}", type_name(j)));
        return std::nullopt;
    }

    std::string req_string(const Json& obj, const std::string& p, const char* key) {
        if (const Json* v = member(obj, p, key, true))
            if (auto s = string(*v, pointer_join(p, key))) return *s;
        return {};
    }

    std::optional<std::string> opt_string(const Json& obj, const std::string& p, const char* key) {
        if (const Json* v = member(obj, p, key, false)) return string(*v, pointer_join(p, key));
        return std::nullopt;
    }

    std::optional<std::string> opt_id(const Json& obj, const std::string& p, const char* key, bool dotted) {
        auto id = opt_string(obj, p, key);
        if (id && !(dotted ? is_figure_id(*id) : is_simple_id(*id)))
            diags_.error("json.id", pointer_join(p, key),
                         fmt::format("'{}' is not a valid id: use lowercase ASCII letters, digits and '_', starting with a letter{}",
                                     *id, dotted ? " (parts may be joined with '.')" : ""));
        return id;
    }

    std::string req_id(const Json& obj, const std::string& p, const char* key, bool dotted = false) {
        if (!member(obj, p, key, true)) return {};
        return opt_id(obj, p, key, dotted).value_or("");
    }

    std::optional<bool> opt_bool(const Json& obj, const std::string& p, const char* key) {
        const Json* v = member(obj, p, key, false);
        if (!v) return std::nullopt;
        if (v->is_boolean()) return v->get<bool>();
        diags_.error("json.type", pointer_join(p, key), fmt::format("expected true or false, found {}", type_name(*v)));
        return std::nullopt;
    }

    std::optional<int> integer(const Json& j, const std::string& p, int lo, int hi) {
        if (j.is_number_integer() && j.get<long long>() >= lo && j.get<long long>() <= hi) return j.get<int>();
        diags_.error("json.type", p,
                     fmt::format("expected a whole number from {} to {}, found {}", lo, hi,
                                 j.is_primitive() ? j.dump() : std::string(type_name(j))));
        return std::nullopt;
    }

    std::optional<Decimal> amount(const Json& j, const std::string& p) {
        if (j.is_number()) {
            diags_.error("amount.number", p,
                         fmt::format("amount {} is a JSON number; write it as a string (\"{}\") so it stays exact", j.dump(),
                                     j.dump()));
            return std::nullopt;
        }
        if (!j.is_string()) {
            diags_.error("json.type", p, fmt::format("expected an amount string such as \"1.7\", found {}", type_name(j)));
            return std::nullopt;
        }
        const std::string s = j.get<std::string>();
        auto d = Decimal::parse(s);
        if (!d) diags_.error("amount.invalid", p, fmt::format("'{}' is not an amount: {}", s, amount_advice(s)));
        return d;
    }

    // Why a string that looks like a number is still refused, and its one
    // accepted spelling ("1,5" -> "1.5", "07" -> "7", "-0" -> "0").
    static std::string amount_advice(std::string s) {
        std::string general = "write digits with an optional '-' and decimal point, e.g. \"-2.9\"";
        if (auto pasted = pasted_amount_advice(s)) return *pasted;
        if (std::count(s.begin(), s.end(), ',') == 1 && s.find('.') == std::string::npos) {
            std::replace(s.begin(), s.end(), ',', '.');
            if (Decimal::parse(s)) return fmt::format("write a decimal point, not a comma: \"{}\"", s);
        }
        if (s.find_first_not_of("-0123456789.") != std::string::npos) return general;
        std::size_t first = s.starts_with('-') ? 1 : 0;
        std::size_t point = s.find('.');
        std::size_t digits = s.size() - first - (point == std::string::npos ? 0 : 1);
        std::size_t decimals = point == std::string::npos ? 0 : s.size() - point - 1;
        bool shaped = s.find('-', first) == std::string::npos && digits > 0 &&
                      (point == std::string::npos || (point > first && decimals > 0 && s.find('.', point + 1) == std::string::npos));
        if (!shaped) return general;
        if (decimals > static_cast<std::size_t>(Decimal::max_scale))
            return fmt::format("it has {} decimals, and an amount has at most {}", decimals, Decimal::max_scale);
        if (digits > static_cast<std::size_t>(Decimal::max_digits))
            return fmt::format("it has {} digits, and an amount has at most {} (before and after the point together)",
                               digits, Decimal::max_digits);
        std::size_t digit = std::min(s.find_first_not_of('0', first), s.size());
        std::size_t keep = digit == s.size() || s[digit] == '.' ? 1 : 0;  // "00.5" -> "0.5"
        if (digit > first + keep) s.erase(first, digit - first - keep);
        if (first == 1 && s.find_first_not_of("-0.") == std::string::npos)
            return fmt::format("zero has no sign: write \"{}\"", s.substr(1));
        if (Decimal::parse(s)) return fmt::format("write it without leading zeros: \"{}\"", s);
        return general;
    }

    std::optional<Decimal> opt_amount(const Json& obj, const std::string& p, const char* key) {
        const Json* v = member(obj, p, key, false);
        if (!v || v->is_null()) return std::nullopt;
        return amount(*v, pointer_join(p, key));
    }

    std::optional<Date> date(const Json& j, const std::string& p) {
        auto s = string(j, p);
        if (!s) return std::nullopt;
        auto d = Date::parse(*s);
        if (!d) diags_.error("date.invalid", p, fmt::format("'{}' is not a date: write a real calendar day as YYYY-MM-DD", *s));
        return d;
    }

    Date req_date(const Json& obj, const std::string& p, const char* key) {
        if (const Json* v = member(obj, p, key, true))
            if (auto d = date(*v, pointer_join(p, key))) return *d;
        return {};
    }

    std::optional<Unit> unit(const Json& j, const std::string& p) {
        auto s = string(j, p);
        if (!s) return std::nullopt;
        auto u = parse_unit(*s);
        if (!u)
            diags_.error("unit.unknown", p,
                         fmt::format("unknown unit '{}' (known: {}){}", *s, fmt::join(unit_names(), ", "),
                                     unit_meant_by(*s) ? fmt::format(", did you mean '{}'?", unit_name(*unit_meant_by(*s)))
                                                       : did_you_mean(*s, std::vector<std::string_view>(unit_names()))));
        if (u == Unit::mkr && minor_ < 3)  // an older reader would not know it
            diags_.error("json.version", p,
                         fmt::format("the unit 'mkr' is new in format version 1.3, but this file says \"format_version\": "
                                     "\"1.{}\"; write \"1.3\" (or 'mnkr', the same scale)",
                                     minor_));
        return u;
    }

    std::optional<Unit> opt_unit(const Json& obj, const std::string& p, const char* key) {
        if (const Json* v = member(obj, p, key, false)) return unit(*v, pointer_join(p, key));
        return std::nullopt;
    }

    Display display(const Json& obj, const std::string& p) {
        Display d;
        if (const Json* v = member(obj, p, "decimals", false)) d.decimals = integer(*v, pointer_join(p, "decimals"), 0, 6);
        return d;
    }

    template <class E>
    std::optional<E> enumeration(const Json& j, const std::string& p) {
        auto s = string(j, p);
        if (!s) return std::nullopt;
        auto e = parse_enum<E>(*s);
        if (!e)
            diags_.error("json.value", p,
                         fmt::format("'{}' is not one of: {}{}", *s, fmt::join(enum_names<E>(), ", "), did_you_mean(*s, enum_names<E>())));
        return e;
    }

    template <class E>
    E req_enum(const Json& obj, const std::string& p, const char* key, E fallback) {
        if (const Json* v = member(obj, p, key, true))
            if (auto e = enumeration<E>(*v, pointer_join(p, key))) return *e;
        return fallback;
    }

    template <class E>
    std::optional<E> opt_enum(const Json& obj, const std::string& p, const char* key) {
        if (const Json* v = member(obj, p, key, false)) return enumeration<E>(*v, pointer_join(p, key));
        return std::nullopt;
    }

    template <class T>
    std::vector<T> array_of(const Json& j, const std::string& p, T (Reader::*element)(const Json&, const std::string&)) {
        std::vector<T> out;
        if (!j.is_array()) {
            diags_.error("json.type", p, fmt::format("expected an array, found {}", type_name(j)));
            return out;
        }
        for (std::size_t i = 0; i < j.size(); ++i) out.push_back((this->*element)(j[i], pointer_join(p, i)));
        return out;
    }

    std::string text(const Json& j, const std::string& p) { return string(j, p).value_or(""); }

    std::vector<std::string> strings(const Json& obj, const std::string& p, const char* key, bool required) {
        if (const Json* v = member(obj, p, key, required)) return array_of<std::string>(*v, pointer_join(p, key), &Reader::text);
        return {};
    }

    // ---- document parts (reader_document.cpp) ------------------------------------

    bool version(const Json& j, Report& r);
    Meta meta(const Json& j, const std::string& p);
    void date_to_fill_in(const Meta& m, const std::string& p);
    MetaTodo meta_todo(const Json& j, const std::string& p);
    const Json* since(int minor, const Json& obj, const std::string& p, const char* key);
    std::vector<Source> sources(const Json& obj, const std::string& p);
    Source source(const Json& j, const std::string& p);
    std::optional<Review> review(const Json& obj, const std::string& p, const char* key = "review");
    Review review_object(const Json& j, const std::string& p);
    Municipality municipality(const Json& j, const std::string& p);
    Committee committee(const Json& j, const std::string& p);
    Period period(const Json& j, const std::string& p);
    Signatory signatory(const Json& j, const std::string& p);
    Figure figure(const Json& j, const std::string& p);
    FigureRole figure_role(const Json& j, const std::string& p);
    EqualityCheck check(const Json& j, const std::string& p);
    CoverLetter cover_letter(const Json& j, const std::string& p);

    // ---- blocks and tables (reader_blocks.cpp) -------------------------------------

    Blocks blocks(const Json& j, const std::string& p);
    std::optional<Block> block(const Json& j, const std::string& p);
    Section section(const Json& j, const std::string& p);
    Chart chart(const Json& j, const std::string& p);
    Goal goal(const Json& j, const std::string& p);
    Assignments assignments(const Json& j, const std::string& p);
    Assignment assignment(const Json& j, const std::string& p);
    KeyFigures key_figures(const Json& j, const std::string& p);
    KeyFigureGroup kf_group(const Json& j, const std::string& p);
    KeyFigure key_figure(const Json& j, const std::string& p);

    Table table(const Json& j, const std::string& p);
    Column column(const Json& j, const std::string& p);
    KoladaSelector kolada_selector(const Json& j, const std::string& p);
    static bool kolada_municipality_id(const std::string& s);
    ColumnRole role(const Json& j, const std::string& p);
    TableRow row(const Json& j, const std::string& p, const Table& t);
    Cell cell(const Json& j, const std::string& p, ColumnKind kind);

    Diagnostics& diags_;
    int minor_ = format_version_minor;
};

}  // namespace tertial::json::detail
