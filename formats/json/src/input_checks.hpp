// Checks on a report file before and just after parsing that its reader
// relies on: the file is UTF-8, and no string holds a control character.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tertial/diagnostics.hpp"

namespace tertial::json {

// "the file is UTF-16 (little endian); save it as UTF-8" when the text
// starts with a UTF-16 or UTF-32 byte order mark, or its first bytes have
// the NUL pattern such a file of JSON has (RFC 8259 begins with ASCII).
std::optional<std::string> wrong_encoding(std::string_view text);

// A json.control_character error for every string and key that holds a
// character Tertial refuses: C0 controls except tab and line feed, DEL, C1
// controls. They print as nothing, cut titles short in PDF metadata and
// can drive a terminal. `text` is what `j` was parsed from: when it holds
// none of the bytes and escapes such a character can come from, `j` is
// not walked.
void check_control_characters(const nlohmann::ordered_json& j, std::string_view text, Diagnostics& diagnostics);

// `s` with every control character written as a JSON escape ("\u001b", as the terminal filter writes it), so
// a message that quotes it stays plain text.
std::string escape_controls(std::string_view s);

}  // namespace tertial::json
