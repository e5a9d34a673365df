// The report as JSON: read with diagnostics that name the place, write losslessly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/model.hpp"
#include "tertial/resolve.hpp"

namespace tertial::json {

struct SourcePosition {
    std::size_t line = 1, column = 1;  // 1-based; column counts characters
};

// A key written twice in one object (JSON parsers keep one of the two).
struct DuplicateKey {
    std::string pointer;  // of the member
    std::string key;
    SourcePosition first, second;
};

// Where each JSON pointer of a document starts in its text: the key for an
// object member, the value for an array element.
class SourceMap {
public:
    static SourceMap build(std::string_view text);
    // The position of `pointer`, or of its nearest ancestor that has one.
    SourcePosition find(const std::string& pointer) const;
    static SourcePosition position_of_offset(std::string_view text, std::size_t offset);
    // Where byte `offset` of the decoded string value at `pointer` is in
    // `text` (the document this map was built from), escapes counted as
    // written; the pointer's own position when it is not a string.
    SourcePosition find_in_string(std::string_view text, const std::string& pointer, std::size_t offset) const;
    // Where a diagnostic is: its line:col, the word it is about, or its pointer.
    SourcePosition locate(std::string_view text, const Diagnostic& d) const;
    // Every key that appears again in its object, at each later appearance.
    const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

private:
    std::unordered_map<std::string, SourcePosition> positions_;
    std::unordered_map<std::string, std::size_t> strings_;  // pointer -> byte offset of a string value's opening quote
    std::vector<DuplicateKey> duplicates_;
};

struct ReadResult {
    std::optional<Report> report;  // empty when there were errors
    Diagnostics diagnostics;
    SourceMap source_map;
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
