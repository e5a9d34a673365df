// The edit operations of POST /api/edit, applied to the report's JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tertial::editor {

// Applies `ops` in order (RFC 6902 add, remove, replace, and "amount": a
// typed Swedish amount put into a cell as its canonical decimal). Returns ""
// or, when one cannot be applied, a message for the page naming it; `doc`
// is then partly changed and must be dropped.
std::string apply_ops(nlohmann::ordered_json& doc, const nlohmann::json& ops);

}  // namespace tertial::editor
