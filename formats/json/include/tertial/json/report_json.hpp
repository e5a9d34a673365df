// The report as JSON: read with diagnostics that name the place, write losslessly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/json/source_map.hpp"
#include "tertial/model.hpp"
#include "tertial/resolve.hpp"

namespace tertial::json {

struct ReadResult {
    std::optional<Report> report;  // empty when there were errors
    Diagnostics diagnostics;
};

// How deep arrays and objects may nest in a report (json.depth beyond it).
inline constexpr int max_nesting = 64;

// Parses a report. Never throws for bad input: every problem is a diagnostic.
ReadResult read_report(std::string_view text);

// The report as JSON text (two-space indent, trailing newline, keys in a
// fixed order, so the same model always gives the same bytes). With a
// resolution, adds the "resolved" object: every figure and rendered text.
std::string write_report(const Report& report, const Resolution* resolution = nullptr);

}  // namespace tertial::json
