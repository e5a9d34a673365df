// Reads a report from JSON into the model, collecting every problem with its
// JSON pointer instead of stopping at the first.
#include <fmt/format.h>

#include <optional>

#include "input_checks.hpp"
#include "reader.hpp"
#include "syntax_hints.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::json {
namespace {

using detail::Json;
using detail::Reader;

// Where the text first nests arrays and objects deeper than `limit`, if it
// does. Reports nest about a dozen levels; a file nested thousands deep is
// not a report, and reading it recursively would overflow the stack.
std::optional<std::size_t> too_deep(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::nullopt;
}

// A parser message quotes the bytes it last read; bytes that are not UTF-8
// or are control characters are shown as \xNN so the message itself stays
// printable text.
std::string printable(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (valid && (len > 1 || c >= 0x20)) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        }
    }
    return out;
}

}  // namespace

ReadResult read_report(std::string_view text) {
    ReadResult result;
    if (auto encoding = wrong_encoding(text)) {
        result.diagnostics.add({Severity::error, "json.encoding", "", *encoding, 1, 1});
        return result;
    }
    if (auto at = too_deep(text, max_nesting)) {
        auto pos = position_of_offset(text, *at);
        result.diagnostics.add({Severity::error, "json.depth", "",
                                fmt::format("arrays and objects nested more than {} deep; a report nests about a "
                                            "dozen levels",
                                            max_nesting),
                                pos.line, pos.column});
        return result;
    }
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        auto colon = what.find("syntax error");
        auto error = explain_syntax_error(text, e.byte, printable(colon == std::string::npos ? what : what.substr(colon)));
        auto pos = position_of_offset(text, error.offset);
        result.diagnostics.add({Severity::error, "json.syntax", "", error.message, pos.line, pos.column});
        return result;
    }
    // The parser keeps the last of two equal keys; the writer may have meant
    // either, so neither is taken.
    for (const auto& d : find_duplicate_keys(text))
        result.diagnostics.add({Severity::error, "json.duplicate_key", escape_controls(d.pointer),
                                fmt::format("the key '{}' is written twice in this object, first at line {}, column {}; "
                                            "write it once",
                                            escape_controls(d.key), d.first.line, d.first.column),
                                d.second.line, d.second.column});
    Diagnostics controls;
    check_control_characters(j, text, controls);
    result.diagnostics.append(controls);
    if (!controls.empty()) return result;  // nothing quotes those strings
    Reader reader(result.diagnostics);
    result.report = reader.report(j);
    return result;
}

}  // namespace tertial::json
