// Reading a saved Kolada API response: JSON parsed with numbers kept as their text.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <map>
#include <tuple>

#include "tertial/diagnostics.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/kolada/kolada.hpp"

namespace tertial::kolada {
namespace {

// A JSON value as written: numbers keep their text ("80.1" stays 80.1,
// which no double holds), so that they become Decimals exactly.
struct Node {
    enum class Kind { null, boolean, number, string, array, object };
    Node() = default;
    explicit Node(Kind k) : kind(k) {}
    Kind kind = Kind::null;
    std::string text;  // a number's text, or a string
    bool flag = false;
    std::vector<Node> items;
    std::vector<std::pair<std::string, Node>> members;

    const Node* member(std::string_view key) const {
        for (const auto& [k, v] : members)
            if (k == key) return &v;
        return nullptr;
    }
};

// nlohmann's SAX interface hands over a float's text as the lexer read it
// (number_float's second argument); integers come as 64-bit integers, which
// are exact. The tree is built from those, so no number passes a double.
class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
    Node root;
    std::size_t error_offset = 0;
    std::string error;

    bool null() override { return put(Node()); }
    bool boolean(bool b) override {
        Node n{Node::Kind::boolean};
        n.flag = b;
        return put(std::move(n));
    }
    bool number_integer(number_integer_t v) override { return number(std::to_string(v)); }
    bool number_unsigned(number_unsigned_t v) override { return number(std::to_string(v)); }
    bool number_float(number_float_t, const string_t& s) override { return number(s); }
    bool string(string_t& s) override {
        Node n{Node::Kind::string};
        n.text = std::move(s);
        return put(std::move(n));
    }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(Node::Kind::object); }
    bool key(string_t& k) override {
        keys_.back() = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Node::Kind::array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        error_offset = position;
        std::string what = e.what();
        auto at = what.find("syntax error");
        error = at == std::string::npos ? what : what.substr(at);
        return false;
    }

private:
    std::vector<Node> stack_;
    std::vector<std::string> keys_;

    bool number(std::string text) {
        Node n{Node::Kind::number};
        n.text = std::move(text);
        return put(std::move(n));
    }
    bool put(Node n) {
        if (stack_.empty()) {
            root = std::move(n);
        } else if (stack_.back().kind == Node::Kind::array) {
            stack_.back().items.push_back(std::move(n));
        } else {
            stack_.back().members.emplace_back(keys_.back(), std::move(n));
        }
        return true;
    }
    bool open(Node::Kind k) {
        stack_.push_back(Node(k));
        keys_.emplace_back();
        return true;
    }
    bool close() {
        Node n = std::move(stack_.back());
        stack_.pop_back();
        keys_.pop_back();
        return put(std::move(n));
    }
};

// A JSON number's text as an exact Decimal: "80.1", "-2", "8.01e1", "1E-3".
std::optional<Decimal> exact(const std::string& text) {
    auto e = text.find_first_of("eE");
    if (e == std::string::npos) return Decimal::parse(text);
    std::string mantissa = text.substr(0, e);
    int exponent = 0;
    try {
        exponent = std::stoi(text.substr(e + 1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    bool negative = !mantissa.empty() && mantissa[0] == '-';
    if (negative) mantissa.erase(0, 1);
    auto dot = mantissa.find('.');
    std::string digits = mantissa;
    int point = static_cast<int>(mantissa.size());
    if (dot != std::string::npos) {
        digits.erase(dot, 1);
        point = static_cast<int>(dot);
    }
    point += exponent;
    if (point > 40 || point < -40) return std::nullopt;  // far beyond any figure
    if (point <= 0) {
        digits.insert(0, static_cast<std::size_t>(-point) + 1, '0');
        point = 1;
    }
    while (static_cast<int>(digits.size()) < point) digits += '0';
    std::string canonical = digits.substr(0, static_cast<std::size_t>(point));
    if (static_cast<std::size_t>(point) < digits.size()) canonical += "." + digits.substr(static_cast<std::size_t>(point));
    auto d = Decimal::parse((negative ? "-" : "") + canonical);
    return d;
}

class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    Snapshot read() {
        TreeBuilder tree;
        if (!nlohmann::json::sax_parse(text_, &tree, nlohmann::json::input_format_t::json, true)) {
            auto pos = json::position_of_offset(text_, tree.error_offset > 0 ? tree.error_offset - 1 : 0);
            throw SnapshotError(tree.error.empty() ? "not JSON" : tree.error, pos.line, pos.column);
        }
        const Node& root = tree.root;
        const Node* values = root.kind == Node::Kind::object ? root.member("values") : nullptr;
        if (!values || values->kind != Node::Kind::array)
            fail("", "not a Kolada API response: expected an object with \"values\", the list that "
                     "api.kolada.se/v3/data/kpi/…/municipality/…/year/… returns");
        for (const char* page : {"next_page", "next_url", "next"})
            if (const Node* next = root.member(page); next && next->kind == Node::Kind::string && !next->text.empty())
                fail(std::string("/") + page,
                     fmt::format("this response is one page of several (\"{}\" is set): save every page, or ask for "
                                 "all at once with ?per_page=5000 as `tertial import kolada --url` prints",
                                 page));
        Snapshot s;
        for (std::size_t i = 0; i < values->items.size(); ++i) entry(values->items[i], pointer_join("/values", i), s);
        return s;
    }

private:
    std::string_view text_;
    std::map<std::tuple<std::string, std::string, int, std::string>, std::string> seen_;  // value → its pointer

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        auto pos = json::position_of_pointer(text_, pointer);
        throw SnapshotError(pointer.empty() ? message : pointer + ": " + message, pos.line, pos.column);
    }

    std::string string_member(const Node& n, const std::string& p, const char* key) const {
        const Node* v = n.member(key);
        if (!v) fail(p, fmt::format("not a Kolada data entry: \"{}\" is missing", key));
        if (v->kind == Node::Kind::string) return v->text;
        if (v->kind == Node::Kind::number) return v->text;  // v3 writes the period as a number
        fail(pointer_join(p, key), fmt::format("\"{}\" should be a string", key));
    }

    void entry(const Node& n, const std::string& p, Snapshot& s) {
        if (n.kind != Node::Kind::object) fail(p, "not a Kolada data entry: expected an object");
        if (n.member("ou") && !n.member("municipality"))
            fail(p, "this is Kolada's data for organisational units (oudata), not for municipalities: save the "
                    "address `tertial import kolada --url` prints");
        if (n.member("title") && !n.member("values"))
            fail(p, "this is Kolada metadata (a list of KPIs or municipalities), not data: save the address "
                    "`tertial import kolada --url` prints");
        std::string kpi = string_member(n, p, "kpi");
        std::string municipality = string_member(n, p, "municipality");
        std::string period = string_member(n, p, "period");
        if (period.size() != 4 || period.find_first_not_of("0123456789") != std::string::npos)
            fail(pointer_join(p, "period"), fmt::format("'{}' is not a year", period));
        const Node* values = n.member("values");
        if (!values || values->kind != Node::Kind::array)
            fail(p, "not a Kolada data entry: \"values\" (the values by gender) is missing");
        ++s.rows;
        for (std::size_t i = 0; i < values->items.size(); ++i) {
            const Node& v = values->items[i];
            std::string vp = pointer_join(pointer_join(p, "values"), i);
            if (v.kind != Node::Kind::object) fail(vp, "expected an object with \"gender\" and \"value\"");
            Value out{kpi, municipality, std::stoi(period), string_member(v, vp, "gender"), std::nullopt, "", vp};
            if (out.gender != "T" && out.gender != "K" && out.gender != "M")
                fail(pointer_join(vp, "gender"),
                     fmt::format("'{}' is not a Kolada gender (T total, K kvinnor, M män)", out.gender));
            if (const Node* st = v.member("status"); st && st->kind == Node::Kind::string) out.status = st->text;
            const Node* value = v.member("value");
            if (!value) fail(vp, "\"value\" is missing (Kolada writes null where it has no value)");
            if (value->kind == Node::Kind::number) {
                out.value = exact(value->text);
                if (!out.value) fail(pointer_join(vp, "value"), fmt::format("{} is too large or too precise for a figure", value->text));
            } else if (value->kind == Node::Kind::string) {
                fail(pointer_join(vp, "value"),
                     fmt::format("\"{}\" is a string, not a number: Kolada writes values as JSON numbers, e.g. 80.1",
                                 value->text));
            } else if (value->kind != Node::Kind::null) {
                fail(pointer_join(vp, "value"), "the value is not a number");
            }
            auto [first, fresh] =
                seen_.emplace(std::make_tuple(out.kpi, out.municipality, out.year, out.gender), out.pointer);
            if (!fresh)
                fail(vp, fmt::format("{} for {} {} ({}) is in the file twice, first at {}", out.kpi, out.municipality,
                                     out.year, out.gender, first->second));
            s.values.push_back(std::move(out));
        }
    }
};

}  // namespace

Snapshot read_snapshot(std::string_view text) { return Reader(text).read(); }

}  // namespace tertial::kolada
