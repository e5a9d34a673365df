// The editor's view of a report as JSON: GET /api/state.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tertial/diagnostics.hpp"
#include "tertial/pdf/display.hpp"

namespace tertial::editor {

class Session;

// Everything the page shows (see docs/editor.md for each member).
nlohmann::ordered_json build_state(Session& session);

// Diagnostics as the API gives them.
nlohmann::ordered_json diagnostics_json(const std::vector<Diagnostic>& items);

// Where each top-level block and section starts: JSON pointer -> page (1-based).
std::vector<std::pair<std::string, int>> page_map(const pdf::Document& document);

}  // namespace tertial::editor
