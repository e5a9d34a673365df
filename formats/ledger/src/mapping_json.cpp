// A ledger mapping from its JSON file (docs/imports.md), with file:line:col errors as the report reader gives.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "tertial/json/report_json.hpp"
#include "tertial/ledger/ledger.hpp"

namespace tertial::ledger {
namespace {

using Json = nlohmann::ordered_json;

class MappingReader {
public:
    void error(const std::string& pointer, const std::string& message) { errors_.push_back({pointer, message}); }
    bool failed() const { return !errors_.empty(); }

    // Each error as FILE:LINE:COL: error: POINTER: MESSAGE, placed in one scan of `text`.
    std::string errors(std::string_view text, const std::string& file) const {
        auto places = json::positions_of(text, errors_, [](const auto& e) -> std::string_view { return e.pointer; });
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < errors_.size(); ++i)
            lines.push_back(fmt::format("{}:{}:{}: error: {}: {}", file, places[i].line, places[i].column,
                                        errors_[i].pointer.empty() ? "/" : errors_[i].pointer, errors_[i].message));
        return fmt::format("{}", fmt::join(lines, "\n"));
    }

    void keys(const Json& j, const std::string& pointer, std::initializer_list<const char*> allowed) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            // Not a structured binding: clang 14 cannot capture one in a lambda.
            const std::string& k = it.key();
            if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }) != allowed.end()) continue;
            std::vector<std::string> names(allowed.begin(), allowed.end());
            error(pointer_join(pointer, k), fmt::format("unknown key '{}'; known here: {}", k, fmt::join(names, ", ")));
        }
    }

    std::optional<std::string> string(const Json& j, const std::string& pointer, const char* key, bool required) {
        if (!j.contains(key)) {
            if (required) error(pointer, fmt::format("the key '{}' is missing", key));
            return std::nullopt;
        }
        const Json& v = j.at(key);
        if (!v.is_string() || v.get<std::string>().empty()) {
            error(pointer_join(pointer, key), fmt::format("'{}' is a non-empty string", key));
            return std::nullopt;
        }
        return v.get<std::string>();
    }

    std::optional<bool> boolean(const Json& j, const std::string& pointer, const char* key) {
        if (!j.contains(key)) return std::nullopt;
        if (!j.at(key).is_boolean()) {
            error(pointer_join(pointer, key), fmt::format("'{}' is true or false", key));
            return std::nullopt;
        }
        return j.at(key).get<bool>();
    }

    // "konto": "4010" or ["4000-4999", "45*"], each pattern checked here so
    // the error names its place.
    std::vector<std::string> patterns(const Json& j, const std::string& pointer, const char* key) {
        std::vector<std::string> out;
        if (!j.contains(key)) return out;
        const Json& v = j.at(key);
        std::string p = pointer_join(pointer, key);
        auto one = [&](const Json& item, const std::string& at) {
            std::string why;
            if (!item.is_string()) error(at, "a code pattern is a string: \"4010\", \"4000-4999\" or \"45*\"");
            else if (!CodePattern::parse(item.get<std::string>(), why))
                error(at, fmt::format("'{}' is not a code pattern: {}", item.get<std::string>(), why));
            else out.push_back(item.get<std::string>());
        };
        if (v.is_array()) {
            if (v.empty()) error(p, fmt::format("'{}' lists no codes", key));
            for (std::size_t i = 0; i < v.size(); ++i) one(v[i], pointer_join(p, i));
        } else {
            one(v, p);
        }
        return out;
    }

    CodeMatch codes(const Json& j, const std::string& pointer) {
        CodeMatch m;
        for (LedgerField f : ledger_fields) m.of(f) = patterns(j, pointer, std::string(to_string(f)).c_str());
        if (!j.contains("konto") && !j.contains("ansvar") && !j.contains("verksamhet"))
            error(pointer, "names no codes: give \"konto\", \"ansvar\" or \"verksamhet\" patterns");
        return m;
    }

    LedgerMapping mapping(const Json& j) {
        LedgerMapping m;
        if (!j.is_object()) {
            error("", "a mapping is a JSON object");
            return m;
        }
        keys(j, "", {"id", "description", "table", "column", "system", "unit", "negate", "period", "rows", "other",
                     "excluded", "headers", "print"});
        m.id = string(j, "", "id", false).value_or("mapping");
        m.description = string(j, "", "description", false).value_or("");
        m.table = string(j, "", "table", true).value_or("");
        m.column = string(j, "", "column", true).value_or("");
        m.system = string(j, "", "system", false);
        if (auto u = string(j, "", "unit", false)) {
            auto unit = parse_unit(*u);
            if (!unit || (*unit != Unit::kr && *unit != Unit::tkr && *unit != Unit::mnkr))
                error("/unit", fmt::format("the export's unit '{}' is not kr, tkr or mnkr", *u));
            else m.unit = *unit;
        }
        m.negate = boolean(j, "", "negate").value_or(false);
        m.print = boolean(j, "", "print").value_or(true);
        if (auto p = string(j, "", "period", false)) {
            if (*p == "month") m.period = LedgerPeriod::month;
            else if (*p != "year_to_date") error("/period", fmt::format("'{}' is not a period: year_to_date or month", *p));
        }
        m.other_row = string(j, "", "other", false);

        if (!j.contains("rows") || !j.at("rows").is_array() || j.at("rows").empty())
            error(j.contains("rows") ? "/rows" : "", "\"rows\" is a non-empty array of rules");
        else
            for (std::size_t i = 0; i < j.at("rows").size(); ++i) {
                const Json& r = j.at("rows")[i];
                std::string p = pointer_join("/rows", i);
                if (!r.is_object()) {
                    error(p, "a rule is an object: {\"row\": ..., \"konto\": [...]}");
                    continue;
                }
                keys(r, p, {"row", "konto", "ansvar", "verksamhet", "negate"});
                LedgerRule rule;
                rule.row = string(r, p, "row", true).value_or("");
                rule.codes = codes(r, p);
                rule.negate = boolean(r, p, "negate");
                m.rules.push_back(std::move(rule));
            }
        if (j.contains("excluded")) {
            const Json& ex = j.at("excluded");
            if (!ex.is_array()) error("/excluded", "\"excluded\" is an array");
            else
                for (std::size_t i = 0; i < ex.size(); ++i) {
                    std::string p = pointer_join("/excluded", i);
                    if (!ex[i].is_object()) {
                        error(p, "an exclusion is an object: {\"konto\": [...], \"reason\": ...}");
                        continue;
                    }
                    keys(ex[i], p, {"konto", "ansvar", "verksamhet", "reason"});
                    LedgerExclusion e;
                    e.codes = codes(ex[i], p);
                    e.reason = string(ex[i], p, "reason", true).value_or("");
                    m.excluded.push_back(std::move(e));
                }
        }
        if (j.contains("headers")) {
            const Json& h = j.at("headers");
            if (!h.is_object()) error("/headers", "\"headers\" is an object: {\"belopp\": [\"Utfall jan-apr\"]}");
            else {
                keys(h, "/headers", {"konto", "ansvar", "verksamhet", "belopp", "period", "datum"});
                for (const auto& [k, v] : h.items()) {
                    std::vector<std::string> names;
                    std::string p = pointer_join("/headers", k);
                    if (v.is_string()) names.push_back(v.get<std::string>());
                    else if (v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_string(); }))
                        for (const auto& x : v) names.push_back(x.get<std::string>());
                    else error(p, "a header name, or a non-empty array of them");
                    m.headers.emplace_back(k, std::move(names));
                }
            }
        }
        return m;
    }

private:
    struct Error {
        std::string pointer, message;
    };
    std::vector<Error> errors_;
};

}  // namespace

LedgerMapping read_mapping(std::string_view text, const std::string& file) {
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        auto pos = json::position_of_offset(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        auto at = what.find("syntax error");
        throw LedgerError(fmt::format("{}:{}:{}: error: {}", file, pos.line, pos.column, at == std::string::npos ? what : what.substr(at)));
    }
    MappingReader reader;
    for (const auto& d : json::find_duplicate_keys(text))
        reader.error(d.pointer, fmt::format("the key '{}' is written twice in this object; write it once", d.key));
    LedgerMapping m = reader.mapping(j);
    if (!reader.failed())
        for (const auto& why : ledger_mapping_problems(m)) reader.error("", why);
    if (reader.failed()) throw LedgerError(reader.errors(text, file));
    return m;
}

}  // namespace tertial::ledger
