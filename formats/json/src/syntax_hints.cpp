// explain_syntax_error(): a JSON syntax error at its cause, with a hint.
#include "syntax_hints.hpp"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "pasted_amount.hpp"

namespace tertial::json {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// The last character before `i` that is not white space, or npos.
std::size_t before(std::string_view text, std::size_t i) {
    while (i > 0) {
        if (!space(text[--i])) return i;
    }
    return std::string_view::npos;
}

// An unexpected token is reported at its last character ("period" at its
// closing quote, 2021 at its 1); a reader looks for where it starts.
std::size_t token_start(std::string_view text, std::size_t last) {
    if (last >= text.size()) return last;
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; };
    if (text[last] == '"') {
        for (std::size_t i = last; i-- > 0;) {
            if (text[i] != '"') continue;
            std::size_t backslashes = 0;
            while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
            if (backslashes % 2 == 0) return i;
        }
        return last;
    }
    while (last > 0 && word(text[last]) && word(text[last - 1])) --last;
    return last;
}

// The rest of the line from `i` up to the end of the value: as far as a
// '}', ']' or line break, without a trailing ',' and spaces.
std::string_view value_text(std::string_view text, std::size_t i) {
    std::size_t end = i;
    while (end < text.size() && text[end] != '}' && text[end] != ']' && text[end] != '\n') ++end;
    while (end > i && (space(text[end - 1]) || text[end - 1] == ',')) --end;
    return text.substr(i, end - i);
}

// A number written with grouping spaces, "350 000": the error is at the
// second group; the amount starts at the first.
std::optional<SyntaxError> grouped_number(std::string_view text, std::size_t token, const std::string& message) {
    if (message.find("unexpected number literal") == std::string::npos) return std::nullopt;
    std::size_t prev = before(text, token);
    if (prev == std::string_view::npos || !digit(text[prev]) || text.substr(prev, token - prev).find('\n') != std::string_view::npos)
        return std::nullopt;
    std::size_t start = prev;
    while (start > 0 && (digit(text[start - 1]) || text[start - 1] == ' ' || text[start - 1] == '-' ||
                         text[start - 1] == '.' || text[start - 1] == ','))
        --start;
    while (start < prev && text[start] == ' ') ++start;
    auto advice = pasted_amount_advice(value_text(text, start));
    if (!advice) return std::nullopt;
    return SyntaxError{start, fmt::format("{} (an amount is a string: {})", message, *advice)};
}

// The parser quotes the whole token it last read, a paragraph if the error
// is in a string: its end, where the error is, is enough.
std::string shorten_last_read(std::string message) {
    constexpr std::string_view marker = "; last read: '";
    constexpr std::size_t most = 40, kept = 30;
    std::size_t from = message.find(marker);
    if (from == std::string::npos) return message;
    from += marker.size();
    std::size_t to = message.rfind("'; expected");
    if (to == std::string::npos || to < from) to = message.rfind('\'');
    if (to == std::string::npos || to < from) return message;
    std::vector<std::size_t> starts;  // of each UTF-8 character
    for (std::size_t i = from; i < to; ++i)
        if ((static_cast<unsigned char>(message[i]) & 0xC0) != 0x80) starts.push_back(i);
    if (starts.size() <= most) return message;
    return message.substr(0, from) + "…" + message.substr(starts[starts.size() - kept]);
}

}  // namespace

SyntaxError explain_syntax_error(std::string_view text, std::size_t byte, std::string message) {
    message = shorten_last_read(std::move(message));
    std::size_t offset = byte > 0 ? byte - 1 : 0;
    bool lexer_error = message.find("; last read:") != std::string::npos;
    if (lexer_error) {
        if (message.find("control character U+000A (LF) must be escaped") != std::string::npos)
            return {offset, message + " (a line break inside a string is written \\n; or is the string's closing '\"' missing?)"};
        if (text.substr(offset).starts_with("\u2212")) {
            auto advice = pasted_amount_advice(value_text(text, offset));
            return {offset, message + (advice ? fmt::format(" (an amount is a string: {})", *advice)
                                              : " (the minus sign '−' (U+2212) is not JSON's '-')")};
        }
        // A word straight after a string: the string ended at a straight
        // quote that was meant to be inside it.
        std::size_t word = offset;
        while (word > 0 && (std::isalnum(static_cast<unsigned char>(text[word - 1])) ||
                            (static_cast<unsigned char>(text[word - 1]) & 0x80)))
            --word;
        if (message.find("invalid literal") != std::string::npos && word > 0 && text[word - 1] == '"' &&
            message.find("parsing value") == std::string::npos)
            return {word - 1, message + " (is a '\"' inside the string? write it as \\\" or as ”)"};
        return {offset, message};
    }
    offset = token_start(text, offset);
    if (auto grouped = grouped_number(text, offset, message)) return *grouped;
    std::size_t prev = before(text, offset);
    bool after_comma = prev != std::string_view::npos && text[prev] == ',';
    if (after_comma && message.starts_with("syntax error while parsing value - unexpected ']'"))
        return {prev, message + " (is there a ',' after the last element?)"};
    if (after_comma && message.starts_with("syntax error while parsing object key - unexpected '}'"))
        return {prev, message + " (is there a ',' after the last member?)"};
    if (message.ends_with("; expected '}'") || message.ends_with("; expected ']'"))
        return {offset, message + " (is a ',' missing before it?)"};
    return {offset, message};
}

}  // namespace tertial::json
