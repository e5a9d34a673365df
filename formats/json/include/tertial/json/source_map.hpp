// Where JSON pointers are in a JSON text: found by scanning the text when asked, so that it costs memory
// for what is asked, not for the document.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/diagnostics.hpp"

namespace tertial::json {

struct SourcePosition {
    std::size_t line = 1, column = 1;  // 1-based; column counts characters
    bool operator==(const SourcePosition&) const = default;
};

// A key written twice in one object (JSON parsers keep one of the two).
struct DuplicateKey {
    std::string pointer;  // of the member
    std::string key;
    SourcePosition first, second;
};

// Every key that appears again in its object, at each later appearance, in
// one scan of `text` (JSON that parsed).
std::vector<DuplicateKey> find_duplicate_keys(std::string_view text);

// Where byte `offset` of `text` is.
SourcePosition position_of_offset(std::string_view text, std::size_t offset);

// One place to find in a text: a pointer's position (the key for an object
// member, the value for an array element), or that of its nearest ancestor
// in the text; with `offset`, where that byte of the pointer's decoded
// string value is, escapes counted as written (the pointer's position when
// its value is not a string). `pointer` is only read during the call.
struct SourceQuery {
    std::string_view pointer;
    std::size_t offset = Diagnostic::no_offset;
};

// Where each query is in `text` (JSON that parsed, the document the
// pointers are from), found in one scan: ask for many places at once.
std::vector<SourcePosition> find_positions(std::string_view text, std::span<const SourceQuery> queries);
// find_positions() of the pointer of each of `items` (`pointer_of(item)`).
template <typename Items, typename PointerOf>
std::vector<SourcePosition> positions_of(std::string_view text, const Items& items, PointerOf pointer_of) {
    std::vector<SourceQuery> queries;
    for (const auto& item : items) queries.push_back({pointer_of(item)});
    return find_positions(text, queries);
}
// One pointer's position (a scan of the text each call).
SourcePosition position_of_pointer(std::string_view text, std::string_view pointer);

// Where a diagnostic is: its line:col, the word it is about, or its pointer.
SourcePosition locate(std::string_view text, const Diagnostic& d);
// Where each diagnostic is, as locate() says, in one scan of `text`.
std::vector<SourcePosition> locate(std::string_view text, std::span<const Diagnostic* const> ds);

}  // namespace tertial::json
