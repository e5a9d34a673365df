// Running text as words with their places, shared by the checks on text
// (check_text.cpp, check_content_*.cpp); not part of the installed API.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/text_refs.hpp"

namespace tertial::detail {

// A text's running words with each {{reference}} as one \x01 byte, spaces
// and minus signs in their plain forms (so one pattern finds them), and
// where each byte came from in the source text.
struct FlatText {
    std::string text;
    // Per byte of `text`: its offset in the source; one more for the end.
    // 4 bytes each: a long paragraph is held so while it is checked.
    std::vector<std::uint32_t> source;
};

// `on_ref` sees each reference (an element of `parsed`) with the flat text
// before it. Throws std::length_error for a source of 4 GB or more.
FlatText flatten(const std::string& source, const ParsedText& parsed,
                 const std::function<void(const TextRef&, const std::string&)>& on_ref);

// ASCII and Å, Ä, Ö lowercased.
std::string lower(std::string s);

enum class TokenKind : std::uint8_t { word, number, reference, mark };

// One word, number ("2020", "16,8", "2021-05-11"), reference or punctuation
// mark of a text, lowercased, with its byte offset in the source text.
// 32 bytes (a long paragraph is held as tokens while it is checked): its
// text is in Words::lowered, its reference in Words::parsed.
struct Token {
    Token() = default;
    Token(TokenKind kind_, std::string_view text_, std::uint32_t offset_, const TextRef* ref_ = nullptr)
        : text(text_), ref(ref_), offset(offset_), kind(kind_) {}
    std::string_view text;
    const TextRef* ref = nullptr;  // kind reference only
    std::uint32_t offset = 0;
    TokenKind kind = TokenKind::word;
};

// A sentence: tokens up to ".", "!", "?" or ":" followed by a space and a
// capital or digit, or up to the end. A full stop in "t.o.m." ends nothing.
using Sentence = std::vector<Token>;

// The sentences of one text; empty when its references do not parse.
// The tokens are views into `lowered` and `parsed`: keep the Words while
// its sentences are read (a copy of `sentences` alone dangles).
struct Words {
    ParsedText parsed;
    // The flat text lowercased, which the tokens' texts are views of (held
    // by pointer, so that they stay where they are when Words is moved).
    std::unique_ptr<const std::string> lowered;
    std::vector<Sentence> sentences;
};
Words split_words(const std::string& source);

// A year of running text: four digits 1900..2099, nullopt otherwise.
std::optional<int> year_of(const Token& t);

// True for the texts a reader reads as prose: not titles, captions, row
// labels or column titles (they name things, and rollover moves their years).
bool is_running_text(std::string_view pointer);

}  // namespace tertial::detail
