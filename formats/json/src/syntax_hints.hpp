// Where a JSON syntax error is, and a hint for the slips people make in a report file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tertial::json {

struct SyntaxError {
    std::size_t offset = 0;  // the byte to point at
    std::string message;
};

// The parser's error at `byte` (nlohmann's offset, just past the offending
// character) with its `message` (from "syntax error" on), placed at the
// token that starts it, or at the slip itself, with a hint when the text
// shows a likely cause: a comma missing or one too many (after a list's
// last element), a straight quote or a line break inside a string, a
// number with grouping spaces ("350 000") or the minus sign U+2212.
SyntaxError explain_syntax_error(std::string_view text, std::size_t byte, std::string message);

}  // namespace tertial::json
