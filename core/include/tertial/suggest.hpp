// "Did you mean": the closest known name to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tertial {

// Edit distance (Levenshtein, by UTF-8 byte), counting two swapped
// neighbouring bytes as one edit (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

// `s` as a name is compared: ASCII lowercase, å ä ö é as a a o e, spaces
// and '-' as '_' ("Uppnås delvis" -> "uppnas_delvis").
std::string fold(std::string_view s);

// The candidate that `name` spells the way people write (fold() makes them
// equal), or else the closest, if it is close enough to be a likely typo
// (distance between the folded names at most a third of the name's length,
// and at least 1 allowed); none when two different candidates are equally close.
std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string_view>& candidates);
std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string>& candidates);

// ", did you mean 'x'?" or "" — for appending to a message.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace tertial
