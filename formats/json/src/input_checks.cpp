// A report file's encoding, and control characters in its strings.
#include "input_checks.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace tertial::json {
namespace {

using Json = nlohmann::ordered_json;

// The code point that starts at s[i] and its length in bytes; the text is
// valid UTF-8 (nlohmann checked it).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = byte(0);
    if (c < 0x80) return {c, 1};
    if ((c >> 5) == 0x6 && i + 1 < s.size()) return {((c & 0x1Fu) << 6) | (byte(1) & 0x3Fu), 2};
    if ((c >> 4) == 0xE && i + 2 < s.size())
        return {((c & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu), 3};
    if (i + 3 < s.size())
        return {((c & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) | (byte(3) & 0x3Fu), 4};
    return {c, 1};
}

bool refused(char32_t c) { return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F); }

// The ASCII controls' names, as Unicode gives them.
constexpr std::array<std::string_view, 32> c0_names{"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                                    "BS",  "HT",  "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                                    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                                    "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};

// What a C1 control stood for in Windows-1252, where text that was decoded
// as Latin-1 by mistake gets them from (U+0096 for '–').
std::string_view windows_1252(char32_t c) {
    static constexpr std::array<std::string_view, 32> chars{
        "€", "", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", "", "Ž", "",
        "",  "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", "", "ž", "Ÿ"};
    return c >= 0x80 && c <= 0x9F ? chars[c - 0x80] : "";
}

std::string describe(char32_t c) {
    std::string name = fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
    if (c < 0x20) return fmt::format("{} ({})", name, c0_names[c]);
    if (c == 0x7F) return name + " (DEL)";
    return name;
}

struct Problem {
    std::string why;
    std::size_t offset = 0;  // of the character, in bytes
};

// Why the string `s` is refused, if it is.
std::optional<Problem> problem(std::string_view s) {
    std::size_t character = 1;
    for (std::size_t i = 0; i < s.size(); ++character) {
        auto [c, len] = decode(s, i);
        std::size_t at = i;
        i += len;
        if (!refused(c)) continue;
        std::string why = fmt::format("control character {} at character {}", describe(c), character);
        if (c == '\r') return Problem{why + "; a line break is \\n alone", at};
        if (auto meant = windows_1252(c); !meant.empty())
            return Problem{fmt::format("{}; text converted from Windows-1252 by mistake holds it in place of '{}': write that",
                                       why, meant),
                           at};
        return Problem{why + "; remove it (the only control characters a string may hold are tab and line feed, \\t and \\n)", at};
    }
    return std::nullopt;
}

void walk(const Json& j, const std::string& pointer, Diagnostics& diagnostics) {
    if (j.is_string()) {
        if (auto p = problem(j.get_ref<const std::string&>()))
            diagnostics.error_at("json.control_character", pointer, p->offset, "the string holds a " + p->why);
    } else if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            if (auto p = problem(key)) {
                // Reported at the object: a pointer with the key in it would
                // carry the character to the terminal.
                diagnostics.error("json.control_character", pointer,
                                  fmt::format("the key \"{}\" holds a {}", escape_controls(key), p->why));
                continue;
            }
            walk(value, pointer_join(pointer, key), diagnostics);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) walk(j[i], pointer_join(pointer, i), diagnostics);
    }
}

// Whether a string of the JSON `text` (valid JSON, so valid UTF-8 with no
// raw C0 control in a string) may hold a character that walk() refuses: a
// DEL byte, a C1 control (0xC2 0x80-0x9F), or an escape other than \\,
// \", \/, \n and \t (\r, \b, \f, any \u). False only when none can.
bool may_hold_control_characters(std::string_view text) {
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < n && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) return true;
        if (c == '\\') {
            if (i + 1 >= n) return true;
            const char e = text[i + 1];
            if (e != '\\' && e != '"' && e != '/' && e != 'n' && e != 't') return true;
            ++i;  // the escaped character is not itself an escape's start
        }
    }
    return false;
}

}  // namespace

std::optional<std::string> wrong_encoding(std::string_view t) {
    // Each byte of the first four: 'A' for ASCII other than NUL, '0' for
    // NUL, '-' for anything else or past the end.
    std::string shape;
    for (std::size_t i = 0; i < 4; ++i) {
        unsigned char c = i < t.size() ? static_cast<unsigned char>(t[i]) : 0x80;
        shape += c == 0 ? '0' : c < 0x80 ? 'A' : '-';
    }
    auto fits = [&](std::string_view pattern) {  // '.' matches any byte
        for (std::size_t i = 0; i < pattern.size(); ++i)
            if (pattern[i] != '.' && pattern[i] != shape[i]) return false;
        return true;
    };
    bool short_file = t.size() < 4;
    std::string_view found;
    if (t.starts_with(std::string_view("\x00\x00\xFE\xFF", 4)) || fits("000A"))
        found = "UTF-32 (big endian)";
    else if (t.starts_with(std::string_view("\xFF\xFE\x00\x00", 4)) || fits("A000"))
        found = "UTF-32 (little endian)";
    else if (t.starts_with("\xFE\xFF") || fits(short_file ? "0A" : "0A0A"))
        found = "UTF-16 (big endian)";
    else if (t.starts_with("\xFF\xFE") || fits(short_file ? "A0" : "A0A0"))
        found = "UTF-16 (little endian)";
    if (found.empty()) return std::nullopt;
    return fmt::format("the file is {}; save it as UTF-8", found);
}

void check_control_characters(const Json& j, std::string_view text, Diagnostics& diagnostics) {
    // Walking every string of a report decodes every character and names
    // every node (0.05 ms of seed 000's 0.8 ms read); a scan of the text's
    // bytes says first whether there is anything to find.
    if (may_hold_control_characters(text)) walk(j, "", diagnostics);
}

std::string escape_controls(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto [c, len] = decode(s, i);
        if (refused(c) || c == '\t' || c == '\n')
            out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(c));
        else
            out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace tertial::json
