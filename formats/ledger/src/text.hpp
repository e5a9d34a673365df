// Small text helpers the export readers share: UTF-8 validity, lines, header names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tertial::ledger {

// The offset of the first byte that is not part of valid UTF-8, or nullopt.
std::optional<std::size_t> invalid_utf8_at(std::string_view s);

// The text's lines, without their line ends ("\n" or "\r\n").
std::vector<std::string> split_lines(const std::string& text);

// A header as compared: trimmed, lower case (ASCII and Å, Ä, Ö, É), inner
// runs of spaces (NBSP too) one space.
std::string header_key(std::string_view s);

// Characters (code points) in `s`: columns are counted in characters.
std::size_t char_count(std::string_view s);

// `s` without spaces (ASCII, NBSP, U+202F) at either end.
std::string_view trim(std::string_view s);

}  // namespace tertial::ledger
