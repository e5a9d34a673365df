// Reads a report from JSON into the model, collecting every problem with its
// JSON pointer instead of stopping at the first.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include <nlohmann/json.hpp>

#include "input_checks.hpp"
#include "pasted_amount.hpp"
#include "syntax_hints.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/suggest.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::json {
namespace {

using Json = nlohmann::ordered_json;
using Keys = std::initializer_list<std::string_view>;

std::string_view type_name(const Json& j) {
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

    std::optional<Report> report(const Json& j) {
        if (!expect_object(j, "")) return std::nullopt;
        Report r;
        if (!version(j, r)) return std::nullopt;
        check_keys(j, "", {"$schema", "format", "format_version", "meta", "figures", "checks", "cover_letter", "body",
                           "resolved"});
        r.schema = opt_string(j, "", "$schema");
        if (auto* m = member(j, "", "meta", true)) r.meta = meta(*m, "/meta");
        if (auto* f = member(j, "", "figures", false)) r.figures = array_of<Figure>(*f, "/figures", &Reader::figure);
        if (auto* c = member(j, "", "checks", false)) r.checks = array_of<EqualityCheck>(*c, "/checks", &Reader::check);
        if (auto* c = member(j, "", "cover_letter", false)) r.cover_letter = cover_letter(*c, "/cover_letter");
        if (auto* b = member(j, "", "body", true)) r.body = blocks(*b, "/body");
        if (diags_.has_errors()) return std::nullopt;
        return r;
    }

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

    // ---- document parts -------------------------------------------------------

    bool version(const Json& j, Report& r) {
        auto fmt_it = j.find("format");
        if (fmt_it == j.end() || !fmt_it->is_string() || fmt_it->get<std::string>() != "tertial-report") {
            diags_.error("json.format", fmt_it == j.end() ? "" : "/format",
                         fmt::format("not a Tertial report: \"format\" must be \"tertial-report\"{}",
                                     fmt_it == j.end() ? " (the key is missing)" : ", not " + fmt_it->dump()));
            return false;
        }
        auto v = j.find("format_version");
        std::string s = v != j.end() && v->is_string() ? v->get<std::string>() : "";
        int major = 0, minor = 0;
        char dot = 0;
        if (std::sscanf(s.c_str(), "%d%c%d", &major, &dot, &minor) != 3 || dot != '.' ||
            s != fmt::format("{}.{}", major, minor)) {
            diags_.error("json.version", v == j.end() ? "" : "/format_version",
                         v == j.end() ? "missing required key 'format_version'"
                                      : fmt::format("format_version must look like \"{}.{}\", found {}", format_version_major,
                                                    format_version_minor, v->dump()));
            return false;
        }
        if (major != format_version_major) {
            diags_.error("json.version", "/format_version",
                         fmt::format("this file has format version {}.{} but this build of Tertial reads version {}.x{}", major,
                                     minor, format_version_major,
                                     major > format_version_major ? ": update Tertial to read it" : ""));
            return false;
        }
        r.version_major = major;
        r.version_minor = minor;
        minor_ = minor;
        return true;
    }

    Meta meta(const Json& j, const std::string& p) {
        Meta m;
        if (!expect_object(j, p)) return m;
        check_keys(j, p, {"municipality", "committee", "administration", "kind", "title", "period", "date", "dnr", "status",
                          "plugins", "signatories", "todo"});
        if (const Json* v = member(j, p, "municipality", true)) m.municipality = municipality(*v, p + "/municipality");
        if (const Json* v = member(j, p, "committee", true)) m.committee = committee(*v, p + "/committee");
        m.administration = opt_string(j, p, "administration");
        m.kind = req_enum(j, p, "kind", ReportKind::unknown);
        m.title = req_string(j, p, "title");
        if (const Json* v = member(j, p, "period", true)) m.period = period(*v, p + "/period");
        if (const Json* v = member(j, p, "date", false))
            m.date = date(*v, pointer_join(p, "date")).value_or(Date{});
        m.dnr = opt_string(j, p, "dnr");
        m.status = req_enum(j, p, "status", ReportStatus::unknown);
        m.plugins = strings(j, p, "plugins", false);
        if (const Json* v = member(j, p, "signatories", false))
            m.signatories = array_of<Signatory>(*v, p + "/signatories", &Reader::signatory);
        if (const Json* v = since(1, j, p, "todo")) m.todo = array_of<MetaTodo>(*v, p + "/todo", &Reader::meta_todo);
        if (!j.contains("date")) date_to_fill_in(m, p);
        return m;
    }

    // A draft may leave its date to fill in (1.3): no "date", and "date" in
    // "todo". Anything else still needs one.
    void date_to_fill_in(const Meta& m, const std::string& p) {
        bool listed = std::find(m.todo.begin(), m.todo.end(), MetaTodo::date) != m.todo.end();
        if (!listed || m.status != ReportStatus::utkast) {
            diags_.error("json.missing_key", p,
                         m.status == ReportStatus::utkast
                             ? "missing required key 'date' (a draft may leave it to fill in: list \"date\" in \"todo\")"
                             : fmt::format("missing required key 'date' (only a draft, status \"utkast\", may leave it to "
                                           "fill in; this report is \"{}\")",
                                           to_string(m.status)));
        } else if (minor_ < 3) {
            diags_.error("json.version", pointer_join(p, "todo"),
                         fmt::format("a date still to fill in (no \"date\") is new in format version 1.3, but this file "
                                     "says \"format_version\": \"1.{}\"; write \"1.3\"",
                                     minor_));
        }
    }

    MetaTodo meta_todo(const Json& j, const std::string& p) { return enumeration<MetaTodo>(j, p).value_or(MetaTodo::unknown); }

    // A key that format version 1.`minor` added (1.1: review marks and
    // meta.todo; 1.2: sources, kolada keys, figure roles): a file that says
    // an older version may not use it, so an older reader never meets a key
    // it does not know.
    const Json* since(int minor, const Json& obj, const std::string& p, const char* key) {
        const Json* v = member(obj, p, key, false);
        if (v && minor_ < minor)
            diags_.error("json.version", pointer_join(p, key),
                         fmt::format("'{}' is new in format version 1.{}, but this file says \"format_version\": \"1.{}\"; "
                                     "write \"1.{}\"",
                                     key, minor, minor_, minor));
        return v;
    }

    // [{"kind": "ledger", "column": "utfall", "file": ..., "sha256": ..., "rows": 412, ...}]:
    // where imported figures came from.
    std::vector<Source> sources(const Json& obj, const std::string& p) {
        const Json* v = since(2, obj, p, "sources");
        if (!v) return {};
        return array_of<Source>(*v, pointer_join(p, "sources"), &Reader::source);
    }

    Source source(const Json& j, const std::string& p) {
        Source s;
        if (!expect_object(j, p)) return s;
        check_keys(j, p, {"kind", "column", "file", "sha256", "rows", "sum", "date", "system", "print"});
        if (member(j, p, "kind", true)) s.kind = opt_enum<SourceKind>(j, p, "kind").value_or(SourceKind::unknown);
        s.column = opt_string(j, p, "column");
        s.file = req_string(j, p, "file");
        s.sha256 = req_string(j, p, "sha256");
        if (member(j, p, "sha256", false) &&
            (s.sha256.size() != 64 || s.sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
            diags_.error("json.value", p + "/sha256",
                         "a SHA-256 is 64 lowercase hexadecimal digits");
        if (const Json* r = member(j, p, "rows", true)) {
            if (r->is_number_unsigned())
                s.rows = r->get<std::size_t>();
            else
                diags_.error("json.type", p + "/rows",
                             fmt::format("expected a whole number of rows, found {}", type_name(*r)));
        }
        s.sum = opt_amount(j, p, "sum");
        s.date = req_date(j, p, "date");
        s.system = opt_string(j, p, "system");
        s.print = opt_bool(j, p, "print").value_or(false);
        return s;
    }

    // {"note": "...", "previous": ["...", ...]}: what rollover carried over.
    std::optional<Review> review(const Json& obj, const std::string& p, const char* key = "review") {
        const Json* v = since(1, obj, p, key);
        if (!v) return std::nullopt;
        return review_object(*v, pointer_join(p, key));
    }

    Review review_object(const Json& j, const std::string& p) {
        Review r;
        if (!expect_object(j, p)) return r;
        check_keys(j, p, {"note", "previous"});
        r.note = opt_string(j, p, "note");
        r.previous = strings(j, p, "previous", false);
        return r;
    }

    Municipality municipality(const Json& j, const std::string& p) {
        Municipality m;
        if (!expect_object(j, p)) return m;
        check_keys(j, p, {"name", "scb_code"});
        m.name = req_string(j, p, "name");
        m.scb_code = req_string(j, p, "scb_code");
        if (member(j, p, "scb_code", false) &&
            (m.scb_code.size() != 4 || m.scb_code.find_first_not_of("0123456789") != std::string::npos))
            diags_.error("meta.scb_code", p + "/scb_code",
                         fmt::format("SCB municipality code must be four digits, e.g. \"2380\", not '{}'", m.scb_code));
        return m;
    }

    Committee committee(const Json& j, const std::string& p) {
        Committee c;
        if (!expect_object(j, p)) return c;
        check_keys(j, p, {"name", "short_name"});
        c.name = req_string(j, p, "name");
        c.short_name = req_string(j, p, "short_name");
        return c;
    }

    Period period(const Json& j, const std::string& p) {
        Period per;
        if (!expect_object(j, p)) return per;
        check_keys(j, p, {"year", "end"});
        if (const Json* v = member(j, p, "year", true)) per.year = integer(*v, p + "/year", 1900, 2999).value_or(0);
        per.end = req_date(j, p, "end");
        if (per.year && per.end.year && per.end.year != per.year)
            diags_.error("meta.period", p + "/end",
                         fmt::format("the period ends {} which is not in its year {}", per.end.to_string(), per.year));
        return per;
    }

    Signatory signatory(const Json& j, const std::string& p) {
        Signatory s;
        if (!expect_object(j, p)) return s;
        check_keys(j, p, {"id", "name", "title"});
        s.id = req_id(j, p, "id");
        s.name = req_string(j, p, "name");
        s.title = req_string(j, p, "title");
        return s;
    }

    Figure figure(const Json& j, const std::string& p) {
        Figure f;
        if (!expect_object(j, p)) return f;
        check_keys(j, p, {"id", "label", "unit", "decimals", "value", "calc", "todo", "role", "waiver", "accepts"});
        f.id = req_id(j, p, "id", true);
        f.label = opt_string(j, p, "label");
        if (member(j, p, "unit", true)) f.unit = opt_unit(j, p, "unit").value_or(Unit::unknown);
        f.display = display(j, p);
        f.value = opt_amount(j, p, "value");
        f.calc = opt_string(j, p, "calc");
        f.todo = opt_bool(j, p, "todo").value_or(false);
        if (since(3, j, p, "waiver")) f.waiver = opt_string(j, p, "waiver");
        if (since(3, j, p, "accepts")) f.accepts = opt_amount(j, p, "accepts");
        int ways = (j.contains("value") ? 1 : 0) + (f.calc ? 1 : 0) + (f.todo ? 1 : 0);
        if (f.waiver || j.contains("accepts")) {
            // Waived: printed as "value" although "calc" gives another.
            if (!f.waiver || f.waiver->empty() || !j.contains("value") || !f.calc || f.todo)
                diags_.error("figure.definition", p,
                             fmt::format("a waived figure ('{}') needs \"calc\", the \"value\" printed and a \"waiver\" "
                                         "saying why it is kept as printed",
                                         f.id));
        } else if (ways != 1) {
            diags_.error("figure.definition", p,
                         fmt::format("figure '{}' needs exactly one of \"value\", \"calc\" or \"todo\": true", f.id));
        }
        if (const Json* r = since(2, j, p, "role")) {
            f.role = figure_role(*r, p + "/role");
            if (f.calc)
                diags_.error("figure.role", p + "/role",
                             fmt::format("figure '{}' is computed (\"calc\"), so rollover computes it again: a role is "
                                         "for an entered figure, or one still to fill in",
                                         f.id));
        }
        return f;
    }

    // {"last_year_of": "eb_utfall"}: what rollover fills the figure from.
    FigureRole figure_role(const Json& j, const std::string& p) {
        FigureRole r;
        if (!expect_object(j, p)) return r;
        check_keys(j, p, {"last_year_of"});
        r.last_year_of = req_id(j, p, "last_year_of", true);
        return r;
    }

    EqualityCheck check(const Json& j, const std::string& p) {
        EqualityCheck c;
        if (!expect_object(j, p)) return c;
        check_keys(j, p, {"id", "left", "right", "message", "waiver", "accepts"});
        c.id = req_id(j, p, "id");
        c.left = req_id(j, p, "left", true);
        c.right = req_id(j, p, "right", true);
        c.message = opt_string(j, p, "message");
        if (since(3, j, p, "waiver")) c.waiver = opt_string(j, p, "waiver");
        if (const Json* a = since(3, j, p, "accepts")) {
            std::string ap = pointer_join(p, "accepts");
            if (expect_object(*a, ap)) {
                check_keys(*a, ap, {"left", "right"});
                c.accepts_left = opt_amount(*a, ap, "left");
                c.accepts_right = opt_amount(*a, ap, "right");
            }
        }
        if ((c.waiver && c.waiver->empty()) || (j.contains("accepts") && !c.waiver))
            diags_.error("check.waiver", p,
                         fmt::format("check '{}': a waiver needs a \"waiver\" saying why the check does not hold", c.id));
        return c;
    }

    CoverLetter cover_letter(const Json& j, const std::string& p) {
        CoverLetter c;
        if (!expect_object(j, p)) return c;
        check_keys(j, p, {"title", "summary", "proposals", "proposals_review", "basis", "send_to", "background", "signatures"});
        c.title = req_string(j, p, "title");
        if (const Json* v = member(j, p, "summary", true)) c.summary = blocks(*v, p + "/summary");
        c.proposals = strings(j, p, "proposals", true);
        c.proposals_review = review(j, p, "proposals_review");
        c.basis = strings(j, p, "basis", false);
        c.send_to = strings(j, p, "send_to", false);
        if (const Json* v = member(j, p, "background", false)) c.background = blocks(*v, p + "/background");
        c.signatures = strings(j, p, "signatures", false);
        return c;
    }

    // ---- blocks ------------------------------------------------------------------

    Blocks blocks(const Json& j, const std::string& p) {
        Blocks out;
        if (!j.is_array()) {
            diags_.error("json.type", p, fmt::format("expected an array of blocks, found {}", type_name(j)));
            return out;
        }
        for (std::size_t i = 0; i < j.size(); ++i)
            if (auto b = block(j[i], pointer_join(p, i))) out.push_back(std::move(*b));
        return out;
    }

    std::optional<Block> block(const Json& j, const std::string& p) {
        if (!expect_object(j, p)) return std::nullopt;
        static const std::vector<std::string_view> types{"section", "paragraph", "list", "table", "assignments", "key_figures", "chart"};
        std::string type = req_string(j, p, "type");
        if (type == "section") return Block{section(j, p)};
        if (type == "paragraph") {
            check_keys(j, p, {"type", "text", "todo", "review"});
            return Block{Paragraph{req_string(j, p, "text"), opt_string(j, p, "todo"), review(j, p)}};
        }
        if (type == "list") {
            check_keys(j, p, {"type", "ordered", "items", "review"});
            return Block{List{opt_bool(j, p, "ordered").value_or(false), strings(j, p, "items", true), review(j, p)}};
        }
        if (type == "table") return Block{table(j, p)};
        if (type == "assignments") return Block{assignments(j, p)};
        if (type == "key_figures") return Block{key_figures(j, p)};
        if (type == "chart") return Block{chart(j, p)};
        if (j.contains("type") && j["type"].is_string())
            diags_.error("json.value", p + "/type",
                         fmt::format("unknown block type '{}' (known: {}){}", type, fmt::join(types, ", "), did_you_mean(type, types)));
        return std::nullopt;
    }

    Section section(const Json& j, const std::string& p) {
        Section s;
        check_keys(j, p, {"type", "title", "numbered", "id", "goal", "body"});
        s.title = req_string(j, p, "title");
        s.numbered = opt_bool(j, p, "numbered").value_or(true);
        s.id = opt_id(j, p, "id", false);
        if (const Json* g = member(j, p, "goal", false)) s.goal = goal(*g, p + "/goal");
        if (const Json* b = member(j, p, "body", true)) s.body = blocks(*b, p + "/body");
        return s;
    }

    Chart chart(const Json& j, const std::string& p) {
        Chart c;
        check_keys(j, p, {"type", "id", "kind", "title", "table", "series_in", "series", "categories", "alt", "review"});
        c.id = req_id(j, p, "id");
        c.kind = req_enum(j, p, "kind", ChartKind::unknown);
        c.title = req_string(j, p, "title");
        c.table = req_id(j, p, "table");
        c.series_in = req_enum(j, p, "series_in", SeriesIn::rows);
        c.series = strings(j, p, "series", true);
        if (since(3, j, p, "categories")) c.categories = strings(j, p, "categories", false);
        c.alt = req_string(j, p, "alt");
        c.review = review(j, p);
        return c;
    }

    Goal goal(const Json& j, const std::string& p) {
        Goal g;
        if (!expect_object(j, p)) return g;
        check_keys(j, p, {"id", "status"});
        g.id = opt_id(j, p, "id", false);
        g.status = req_enum(j, p, "status", GoalStatus::unknown);
        return g;
    }

    Assignments assignments(const Json& j, const std::string& p) {
        Assignments a;
        check_keys(j, p, {"type", "source", "items"});
        a.source = req_enum(j, p, "source", AssignmentSource::unknown);
        if (const Json* v = member(j, p, "items", true)) a.items = array_of<Assignment>(*v, p + "/items", &Reader::assignment);
        return a;
    }

    Assignment assignment(const Json& j, const std::string& p) {
        Assignment a;
        if (!expect_object(j, p)) return a;
        check_keys(j, p, {"id", "text", "clarification", "note", "comment", "review"});
        a.id = opt_id(j, p, "id", false);
        a.text = req_string(j, p, "text");
        a.clarification = opt_string(j, p, "clarification");
        a.note = opt_string(j, p, "note");
        a.comment = strings(j, p, "comment", true);
        a.review = review(j, p);
        return a;
    }

    KeyFigures key_figures(const Json& j, const std::string& p) {
        KeyFigures k;
        check_keys(j, p, {"type", "groups", "sources"});
        if (const Json* v = member(j, p, "groups", true)) k.groups = array_of<KeyFigureGroup>(*v, p + "/groups", &Reader::kf_group);
        k.sources = sources(j, p);
        for (std::size_t i = 0; i < k.sources.size(); ++i)
            if (k.sources[i].column)
                diags_.error("json.value", pointer_join(p + "/sources", i) + "/column",
                             "key figures have no columns: leave \"column\" out of their source");
        return k;
    }

    KeyFigureGroup kf_group(const Json& j, const std::string& p) {
        KeyFigureGroup g;
        if (!expect_object(j, p)) return g;
        check_keys(j, p, {"goal", "items"});
        g.goal = req_string(j, p, "goal");
        if (const Json* v = member(j, p, "items", true)) g.items = array_of<KeyFigure>(*v, p + "/items", &Reader::key_figure);
        return g;
    }

    KeyFigure key_figure(const Json& j, const std::string& p) {
        KeyFigure k;
        if (!expect_object(j, p)) return k;
        check_keys(j, p,
                   {"id", "name", "unit", "decimals", "year", "value", "kolada", "higher_is_better", "comment", "todo", "review"});
        k.id = req_id(j, p, "id", true);
        k.name = req_string(j, p, "name");
        if (member(j, p, "unit", true)) k.unit = opt_unit(j, p, "unit").value_or(Unit::unknown);
        k.display = display(j, p);
        k.year = req_string(j, p, "year");
        k.value = opt_amount(j, p, "value");
        k.kolada = opt_string(j, p, "kolada");
        k.higher_is_better = opt_bool(j, p, "higher_is_better");
        k.comment = req_string(j, p, "comment");
        k.todo = opt_bool(j, p, "todo").value_or(false);
        k.review = review(j, p);
        if (k.todo && k.value)
            diags_.error("figure.definition", p, fmt::format("key figure '{}' has a value and is marked to fill in", k.id));
        return k;
    }

    // ---- tables --------------------------------------------------------------------

    Table table(const Json& j, const std::string& p) {
        Table t;
        check_keys(j, p, {"type", "id", "caption", "unit", "rounded", "columns", "rows", "note", "sources"});
        t.id = req_id(j, p, "id");
        t.caption = opt_string(j, p, "caption");
        t.unit = opt_unit(j, p, "unit");
        t.rounded = opt_bool(j, p, "rounded").value_or(false);
        t.note = opt_string(j, p, "note");
        t.sources = sources(j, p);
        if (const Json* v = member(j, p, "columns", true)) t.columns = array_of<Column>(*v, p + "/columns", &Reader::column);
        if (const Json* v = member(j, p, "rows", true)) {
            if (!v->is_array()) {
                diags_.error("json.type", p + "/rows", fmt::format("expected an array, found {}", type_name(*v)));
            } else {
                for (std::size_t i = 0; i < v->size(); ++i) t.rows.push_back(row((*v)[i], pointer_join(p + "/rows", i), t));
            }
        }
        for (std::size_t i = 0; i < t.sources.size(); ++i) {
            const auto& col = t.sources[i].column;
            std::string sp = pointer_join(p + "/sources", i);
            if (!col)
                diags_.error("json.missing", sp, "a table's source names the column it filled: add \"column\"");
            else if (std::none_of(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.id == *col; }))
                diags_.error("table.source", sp + "/column", fmt::format("table '{}' has no column '{}'", t.id, *col));
        }
        return t;
    }

    Column column(const Json& j, const std::string& p) {
        Column c;
        if (!expect_object(j, p)) return c;
        check_keys(j, p, {"id", "title", "kind", "unit", "decimals", "calc", "role", "kolada"});
        c.id = req_id(j, p, "id");
        c.title = req_string(j, p, "title");
        c.kind = opt_enum<ColumnKind>(j, p, "kind").value_or(ColumnKind::amount);
        c.unit = opt_unit(j, p, "unit");
        c.display = display(j, p);
        c.calc = opt_string(j, p, "calc");
        if (const Json* r = member(j, p, "role", false)) c.role = role(*r, p + "/role");
        if (const Json* k = since(2, j, p, "kolada")) c.kolada = kolada_selector(*k, p + "/kolada");
        return c;
    }

    // {"municipality": "0000", "gender": "K"}: which Kolada value a column holds.
    KoladaSelector kolada_selector(const Json& j, const std::string& p) {
        KoladaSelector k;
        if (!expect_object(j, p)) return k;
        check_keys(j, p, {"municipality", "gender"});
        k.municipality = opt_string(j, p, "municipality");
        k.gender = opt_string(j, p, "gender");
        if (k.municipality && !kolada_municipality_id(*k.municipality))
            diags_.error("json.value", p + "/municipality",
                         fmt::format("'{}' is not a Kolada municipality id: write four digits (\"0000\" is riket) or "
                                     "a group id such as \"G33827\"",
                                     *k.municipality));
        if (k.gender && *k.gender != "T" && *k.gender != "K" && *k.gender != "M")
            diags_.error("json.value", p + "/gender",
                         fmt::format("'{}' is not a Kolada gender: write \"T\" (total), \"K\" (kvinnor) or \"M\" (män)",
                                     *k.gender));
        return k;
    }

    static bool kolada_municipality_id(const std::string& s) {
        auto digits = [](std::string_view v) {
            return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
        };
        return (s.size() == 4 && digits(s)) || (s.size() > 1 && s[0] == 'G' && digits(std::string_view(s).substr(1)));
    }

    ColumnRole role(const Json& j, const std::string& p) {
        ColumnRole r;
        if (!expect_object(j, p)) return r;
        check_keys(j, p, {"type", "year", "until"});
        r.type = req_enum(j, p, "type", ColumnRoleType::unknown);
        if (const Json* v = member(j, p, "year", false)) r.year = integer(*v, p + "/year", 1900, 2999);
        if (const Json* v = member(j, p, "until", false)) r.until = date(*v, p + "/until");
        return r;
    }

    TableRow row(const Json& j, const std::string& p, const Table& t) {
        TableRow r;
        if (!expect_object(j, p)) return r;
        check_keys(j, p, {"id", "label", "kind", "calc", "month", "kolada", "unit", "cells", "review"});
        r.id = req_id(j, p, "id");
        r.label = req_string(j, p, "label");
        r.kind = opt_enum<RowKind>(j, p, "kind").value_or(RowKind::normal);
        r.calc = opt_string(j, p, "calc");
        if (auto m = opt_string(j, p, "month")) {
            r.month = YearMonth::parse(*m);
            if (!r.month) diags_.error("date.invalid", p + "/month", fmt::format("'{}' is not a month: write YYYY-MM", *m));
        }
        if (since(2, j, p, "kolada")) r.kolada = opt_string(j, p, "kolada");
        if (since(3, j, p, "unit")) r.unit = opt_unit(j, p, "unit");
        if (const Json* cells = member(j, p, "cells", false)) {
            if (!expect_object(*cells, p + "/cells")) return r;
            for (const auto& [col_id, value] : cells->items()) {
                auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                        [&, &id = col_id](const Column& c) { return c.id == id; });
                ColumnKind kind = col == t.columns.end() ? ColumnKind::amount : col->kind;
                r.cells.emplace_back(col_id, cell(value, pointer_join(p + "/cells", col_id), kind));
            }
        }
        if (const Json* reviews = since(1, j, p, "review")) {
            if (!expect_object(*reviews, p + "/review")) return r;
            for (const auto& [col_id, value] : reviews->items()) {
                std::string rp = pointer_join(p + "/review", col_id);
                auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                        [&, &id = col_id](const Column& c) { return c.id == id; });
                if (col == t.columns.end()) {
                    std::vector<std::string> ids;
                    for (const auto& c : t.columns) ids.push_back(c.id);
                    diags_.error("table.unknown_column", rp,
                                 fmt::format("table '{}' has no column '{}' to review{}", t.id, col_id, did_you_mean(col_id, ids)));
                }
                r.review.emplace_back(col_id, review_object(value, rp));
            }
        }
        return r;
    }

    Cell cell(const Json& j, const std::string& p, ColumnKind kind) {
        if (j.is_null()) return std::monostate{};
        if (kind == ColumnKind::text || kind == ColumnKind::label) {
            if (auto s = string(j, p)) return *s;
            return std::monostate{};
        }
        if (j.is_object()) {
            check_keys(j, p, {"calc", "todo", "value", "waiver", "accepts"});
            if (auto c = opt_string(j, p, "calc")) return CellCalc{*c};
            if (opt_bool(j, p, "todo").value_or(false)) return CellTodo{};
            if (j.contains("value") || j.contains("waiver") || j.contains("accepts")) {
                auto reason = opt_string(j, p, "waiver");
                std::optional<Decimal> accepts;
                if (since(3, j, p, "accepts")) accepts = opt_amount(j, p, "accepts");
                auto value = j.contains("value") ? amount(j["value"], p + "/value") : std::nullopt;
                if (!reason || reason->empty() || !j.contains("value")) {
                    diags_.error("json.value", p, "a waived cell needs both \"value\" and a \"waiver\" saying why it is kept as printed");
                    return std::monostate{};
                }
                if (value) return CellWaived{*value, *reason, accepts};
                return std::monostate{};
            }
            diags_.error("json.value", p, "a cell object needs \"calc\", \"todo\": true, or \"value\" with a \"waiver\"");
            return std::monostate{};
        }
        if (auto d = amount(j, p)) return *d;
        return std::monostate{};
    }

    Diagnostics& diags_;
    int minor_ = format_version_minor;
};

// Where the text first nests arrays and objects deeper than `limit`, if it
// does. Reports nest about a dozen levels; a file nested thousands deep is
// not a report, and reading it recursively would overflow the stack.
std::optional<std::size_t> too_deep(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::nullopt;
}

// A parser message quotes the bytes it last read; bytes that are not UTF-8
// or are control characters are shown as \xNN so the message itself stays
// printable text.
std::string printable(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (valid && (len > 1 || c >= 0x20)) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        }
    }
    return out;
}

}  // namespace

ReadResult read_report(std::string_view text) {
    ReadResult result;
    if (auto encoding = wrong_encoding(text)) {
        result.diagnostics.add({Severity::error, "json.encoding", "", *encoding, 1, 1});
        return result;
    }
    if (auto at = too_deep(text, max_nesting)) {
        auto pos = SourceMap::position_of_offset(text, *at);
        result.diagnostics.add({Severity::error, "json.depth", "",
                                fmt::format("arrays and objects nested more than {} deep; a report nests about a "
                                            "dozen levels",
                                            max_nesting),
                                pos.line, pos.column});
        return result;
    }
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        auto colon = what.find("syntax error");
        auto error = explain_syntax_error(text, e.byte, printable(colon == std::string::npos ? what : what.substr(colon)));
        auto pos = SourceMap::position_of_offset(text, error.offset);
        result.diagnostics.add({Severity::error, "json.syntax", "", error.message, pos.line, pos.column});
        return result;
    }
    result.source_map = SourceMap::build(text);
    // The parser keeps the last of two equal keys; the writer may have meant
    // either, so neither is taken.
    for (const auto& d : result.source_map.duplicate_keys())
        result.diagnostics.add({Severity::error, "json.duplicate_key", escape_controls(d.pointer),
                                fmt::format("the key '{}' is written twice in this object, first at line {}, column {}; "
                                            "write it once",
                                            escape_controls(d.key), d.first.line, d.first.column),
                                d.second.line, d.second.column});
    Diagnostics controls;
    check_control_characters(j, controls);
    result.diagnostics.append(controls);
    if (!controls.empty()) return result;  // nothing quotes those strings
    Reader reader(result.diagnostics);
    result.report = reader.report(j);
    return result;
}

}  // namespace tertial::json
