// Running text as words with their places: what the checks on text read.
#include "text_words.hpp"

#include <limits>
#include <stdexcept>

#include "strings.hpp"

namespace tertial::detail {
namespace {

void append_normalised(FlatText& flat, std::string_view s, std::size_t base) {
    // Made at compile time: nothing to make on first use, on any thread.
    static constexpr std::pair<std::string_view, std::string_view> plain[] = {
        {"\u2212", "-"}, {"\u00A0", " "}, {"\u202F", " "}, {"\u2013", " - "}, {"\u2014", " - "}};
    for (std::size_t i = 0; i < s.size();) {
        std::string_view from = s.substr(i, 1), to = from;
        for (const auto& [f, t] : plain)
            if (s.substr(i).starts_with(f)) {
                from = f;
                to = t;
                break;
            }
        for (char c : to) {
            flat.text += c;
            flat.source.push_back(static_cast<std::uint32_t>(base + i));
        }
        i += from.size();
    }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Letters of words: ASCII letters and UTF-8 sequences other than the
// punctuation block U+2000..U+206F (quotes, dashes, ellipsis).
std::size_t letter_length(std::string_view t, std::size_t i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(t[i])) return 1;
    if (c < 0xC0) return 0;
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (c == 0xE2 && i + 1 < t.size() && (static_cast<unsigned char>(t[i + 1]) == 0x80 || static_cast<unsigned char>(t[i + 1]) == 0x81))
        return 0;
    return std::min(n, t.size() - i);
}

bool starts_sentence(std::string_view t, std::size_t i) {
    while (i < t.size() && t[i] == ' ') ++i;
    if (i >= t.size()) return true;
    unsigned char c = static_cast<unsigned char>(t[i]);
    if ((c >= 'A' && c <= 'Z') || is_digit(t[i]) || t[i] == '\x01') return true;
    std::string_view rest = t.substr(i);
    return rest.starts_with("\u00C5") || rest.starts_with("\u00C4") || rest.starts_with("\u00D6");
}

// A number: digits, "16,8", or an ISO date "2021-05-11".
std::size_t number_length(std::string_view t, std::size_t i) {
    std::size_t j = i;
    while (j < t.size() && is_digit(t[j])) ++j;
    if (j - i == 4 && t.size() >= j + 6 && t[j] == '-' && is_digit(t[j + 1]) && is_digit(t[j + 2]) && t[j + 3] == '-' &&
        is_digit(t[j + 4]) && is_digit(t[j + 5]))
        return 10;
    if (j + 1 < t.size() && t[j] == ',' && is_digit(t[j + 1])) {
        ++j;
        while (j < t.size() && is_digit(t[j])) ++j;
    }
    return j - i;
}

}  // namespace

FlatText flatten(const std::string& source, const ParsedText& parsed,
                 const std::function<void(const TextRef&, const std::string&)>& on_ref) {
    if (source.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("a text of 4 GB or more cannot be checked");
    FlatText flat;
    // Nearly a byte for a byte: room for that, not for up to twice it.
    flat.text.reserve(source.size());
    flat.source.reserve(source.size() + 1);
    std::size_t pos = 0;
    for (const auto& piece : parsed.pieces) {
        if (const auto* s = std::get_if<std::string>(&piece)) {
            append_normalised(flat, *s, pos);
            pos += s->size();
        } else {
            const auto& ref = std::get<TextRef>(piece);
            on_ref(ref, flat.text);
            flat.text += "\x01";  // a reference is no typed amount
            flat.source.push_back(static_cast<std::uint32_t>(ref.offset));
            pos = source.find("}}", ref.offset) + 2;
        }
    }
    flat.source.push_back(static_cast<std::uint32_t>(source.size()));
    return flat;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s = replace_all(s, "\u00C5", "\u00E5");
    s = replace_all(s, "\u00C4", "\u00E4");
    s = replace_all(s, "\u00D6", "\u00F6");
    return s;
}

Words split_words(const std::string& source) {
    Words w;
    w.parsed = parse_text_refs(source);
    if (w.parsed.error) return w;
    std::vector<const TextRef*> refs;  // into w.parsed, as flatten() passes them
    FlatText flat = flatten(source, w.parsed, [&](const TextRef& r, const std::string&) { refs.push_back(&r); });
    const std::string& t = flat.text;
    // Lowercasing keeps every byte where it is (Å, Ä, Ö and their small
    // letters are two bytes each), so a token's text is its place in it.
    w.lowered = std::make_unique<const std::string>(lower(t));
    const std::string_view low(*w.lowered);
    Sentence current;
    std::size_t next_ref = 0;
    auto end_sentence = [&] {
        // Kept while the text is checked: without the room it grew into.
        current.shrink_to_fit();
        if (!current.empty()) w.sentences.push_back(std::move(current));
        current.clear();
    };
    for (std::size_t i = 0; i < t.size();) {
        if (t[i] == '\x01') {
            current.push_back({TokenKind::reference, {}, flat.source[i], refs[next_ref++]});
            ++i;
        } else if (t[i] == ' ' || t[i] == '\t') {
            ++i;
        } else if (t[i] == '\n') {
            end_sentence();
            ++i;
        } else if (is_digit(t[i]) && (i == 0 || !letter_length(t, i - 1))) {
            std::size_t n = number_length(t, i);
            if (i + n < t.size() && letter_length(t, i + n) && !is_digit(t[i + n])) {
                // "12st", "3e": a word that starts with a digit
                std::size_t j = i + n;
                while (j < t.size() && letter_length(t, j)) j += letter_length(t, j);
                n = j - i;
                current.push_back({TokenKind::word, low.substr(i, n), flat.source[i]});
            } else {
                current.push_back({TokenKind::number, low.substr(i, n), flat.source[i]});
            }
            i += n;
        } else if (std::size_t n = letter_length(t, i)) {
            std::size_t j = i;
            while (j < t.size() && (n = letter_length(t, j))) j += n;
            current.push_back({TokenKind::word, low.substr(i, j - i), flat.source[i]});
            i = j;
        } else {
            std::size_t len = static_cast<unsigned char>(t[i]) >= 0xC0 ? std::min<std::size_t>(3, t.size() - i) : 1;
            current.push_back({TokenKind::mark, low.substr(i, len), flat.source[i]});
            bool stop = (t[i] == '.' || t[i] == '!' || t[i] == '?') && starts_sentence(t, i + 1) &&
                        (i + 1 >= t.size() || t[i + 1] == ' ');
            i += len;
            if (stop) end_sentence();
        }
    }
    end_sentence();
    return w;
}

std::optional<int> year_of(const Token& t) {
    if (t.kind != TokenKind::number || t.text.size() != 4) return std::nullopt;
    int y = std::stoi(std::string(t.text));  // four digits (a number token)
    if (y < 1900 || y > 2099) return std::nullopt;
    return y;
}

bool is_running_text(std::string_view pointer) {
    return !pointer.ends_with("/title") && !pointer.ends_with("/caption") && !pointer.ends_with("/label");
}

}  // namespace tertial::detail
