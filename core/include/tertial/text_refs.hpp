// Text bound to figures: parsing "{{figure_id|filter}}" in running text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tertial {

struct TextRef {
    std::string figure_id;
    bool abs = false;     // |abs: drop the sign ("underskott med 2,9 mnkr")
    bool number = false;  // |number: without the unit
    std::optional<int> decimals;  // |decimals=N
    std::size_t offset = 0;       // byte offset of "{{" in the text
    bool operator==(const TextRef&) const = default;
};

using TextPiece = std::variant<std::string, TextRef>;

struct TextRefError {
    std::size_t offset = 0;
    std::string message;
};

struct ParsedText {
    std::vector<TextPiece> pieces;
    std::optional<TextRefError> error;  // the first problem; pieces then partial
};

ParsedText parse_text_refs(std::string_view text);

// True if `id` is a well-formed figure id: lowercase ASCII letters, digits
// and '_', starting with a letter, dot-separated parts ("drift.resultat.prognos").
bool is_figure_id(std::string_view id);
// A single part (table, row, column ids): no dots.
bool is_simple_id(std::string_view id);

}  // namespace tertial
