// Liang's hyphenation patterns, read from a libhyphen .dic file (Debian's
// hyphen-sv) into a trie, and the values they give a word.
//
// libhyphen itself parses these files into an automaton that takes 4.5 ms
// (11 ms in a new process) for the 14 954 Swedish patterns, a fifth of a
// one-report build on its critical path. Read here into a trie of the same
// 18 513 states, the file takes 0.5-0.9 ms, and Liang's rule (the highest
// digit any pattern puts between two letters; odd is a hyphen) gives what
// libhyphen gives: hyphen_patterns_test compares both, position by position.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tertial::pdf::text_detail {

class HyphenPatterns {
public:
    // Reads a libhyphen pattern file: a charset line (UTF-8 or ISO8859-1),
    // then patterns, `%` comments and libhyphen's keywords (LEFTHYPHENMIN
    // and the like, whose values Tertial does not take: its own minimums
    // are in the hyphenator). Throws std::runtime_error naming file and
    // line for a file it cannot read, another charset, or what libhyphen
    // reads that Liang's rule does not say (NEXTLEVEL compound levels,
    // non-standard "/" patterns): the Swedish patterns have none.
    static HyphenPatterns read(const std::string& path);

    // The patterns' charset is ISO8859-1: a word with a letter beyond
    // U+00FF is not in it (libhyphen is given no such word either).
    bool latin1() const { return latin1_; }
    // values[i] for i in [0, word.size()]: the highest digit the patterns
    // put before word[i] (values[word.size()]: after the last letter).
    // `word` is lowercased; a letter no pattern has matches none.
    void values(const std::vector<char32_t>& word, std::vector<std::uint8_t>& values) const;

    std::size_t states() const { return states_; }  // trie nodes, the root included

private:
    // Letters are numbered 1..255 in the order the file first uses them;
    // 0 is none.
    std::uint8_t letter(char32_t cp) const;
    std::uint8_t add_letter(char32_t cp);
    std::uint32_t child(std::uint32_t state, std::uint8_t letter) const;
    std::uint32_t add_child(std::uint32_t state, std::uint8_t letter);
    void grow();

    bool latin1_ = false;
    std::uint8_t small_letters_[256] = {};     // code point < 256 -> letter
    std::vector<char32_t> other_letters_;      // code points >= 256 (searched: a few at most)
    std::vector<std::uint8_t> other_numbers_;  // their letters, in other_letters_' order
    std::uint32_t letters_ = 0;
    // Open addressing: (state << 8 | letter) << 32 | child state; 0 is an
    // empty slot (no key is 0: letters start at 1).
    std::vector<std::uint64_t> slots_;
    std::size_t used_ = 0;
    std::uint32_t states_ = 1;
    // Per state: 0, or 1 + the offset in digits_ of its pattern's values
    // (a count, then that many digits).
    std::vector<std::uint32_t> pattern_at_;
    std::vector<std::uint8_t> digits_;
};

}  // namespace tertial::pdf::text_detail
