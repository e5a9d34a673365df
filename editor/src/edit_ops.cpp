// Edit operations: RFC 6902 through nlohmann::json's patch, and typed amounts.
#include "edit_ops.hpp"

#include <fmt/format.h>

#include "tertial/format.hpp"

namespace tertial::editor {
namespace {

// nlohmann's messages without their "[json.exception.type.403] " prefix.
std::string reason(const nlohmann::json::exception& e) {
    std::string what = e.what();
    if (auto end = what.find("] "); what.starts_with("[json.exception") && end != std::string::npos)
        what = what.substr(end + 2);
    return what;
}

bool is_blank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

// An "amount" op as the RFC 6902 op that puts its value in place.
std::string amount_op(nlohmann::ordered_json& doc, const nlohmann::json& op, nlohmann::ordered_json& out) {
    const auto text = op.find("text");
    if (text == op.end() || !text->is_string()) return "saknar \"text\" (det inskrivna beloppet)";
    std::string typed = text->get<std::string>();
    nlohmann::ordered_json value = nullptr;  // an empty cell is no figure, not zero
    if (!is_blank(typed)) {
        auto parsed = parse_typed_amount(typed);
        if (!parsed) return fmt::format("\"{}\" är inget belopp (skriv till exempel 1 234,5 eller −2,9)", typed);
        value = parsed->to_string();
    }
    nlohmann::json::json_pointer path(op.at("path").get<std::string>());
    if (path.empty() || !doc.contains(path.parent_pointer()) || !doc.at(path.parent_pointer()).is_object())
        return "en cell ligger i ett objekt (\"cells\"), och det finns inget sådant här";
    out = {{"op", "add"}, {"path", op.at("path")}, {"value", value}};
    return "";
}

}  // namespace

std::string apply_ops(nlohmann::ordered_json& doc, const nlohmann::json& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& op = ops[i];
        std::string name = op.is_object() && op.contains("op") && op["op"].is_string() ? op["op"].get<std::string>() : "";
        std::string path = op.is_object() && op.contains("path") && op["path"].is_string() ? op["path"].get<std::string>() : "";
        auto refuse = [&](const std::string& why) {
            return fmt::format("Ändring {} ({} {}) går inte att göra: {}", i + 1, name.empty() ? "?" : name,
                               path.empty() ? "?" : path, why);
        };
        if (name.empty() || !op.contains("path") || !op["path"].is_string())
            return refuse("en ändring är ett objekt med \"op\" och \"path\"");
        try {
            nlohmann::ordered_json patch_op;
            if (name == "amount") {
                if (std::string why = amount_op(doc, op, patch_op); !why.empty()) return refuse(why);
            } else if (name == "replace" || name == "add" || name == "remove") {
                if (name != "remove" && !op.contains("value")) return refuse("saknar \"value\"");
                patch_op = {{"op", name}, {"path", path}};
                if (name != "remove") patch_op["value"] = nlohmann::ordered_json::parse(op["value"].dump());
            } else {
                return refuse("okänd ändring (add, remove, replace eller amount)");
            }
            if (path.empty()) return refuse("hela rapporten kan inte bytas ut");
            doc = doc.patch(nlohmann::ordered_json::array({patch_op}));
        } catch (const nlohmann::json::exception& e) {
            return refuse(reason(e));
        }
    }
    return "";
}

}  // namespace tertial::editor
