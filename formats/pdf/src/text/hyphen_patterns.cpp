// Reads libhyphen's pattern files into a trie and applies Liang's rule (see hyphen_patterns.hpp).
#include "hyphen_patterns.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "text_impl.hpp"

namespace tertial::pdf::text_detail {

namespace {

constexpr std::uint32_t most_states = 1u << 24;  // a state and a letter share 32 bits

std::string read_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw std::runtime_error(path + ": cannot read the hyphenation patterns");
    std::string bytes;
    char buffer[65536];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) bytes.append(buffer, n);
    if (std::ferror(file.get())) throw std::runtime_error(path + ": cannot read the hyphenation patterns");
    return bytes;
}

// libhyphen reads a line up to its first space or control character.
std::string_view first_word(std::string_view line) {
    std::size_t end = 0;
    while (end < line.size() && static_cast<unsigned char>(line[end]) > ' ') ++end;
    return line.substr(0, end);
}

bool starts_with_any(std::string_view word, std::initializer_list<std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return word.starts_with(k); });
}

// (state << 8 | letter) spread over the table's bits (Fibonacci hashing).
std::size_t slot_of(std::uint32_t key, int shift) { return (key * 0x9E3779B1u) >> shift; }

}  // namespace

std::uint8_t HyphenPatterns::letter(char32_t cp) const {
    if (cp < 256) return small_letters_[cp];
    for (std::size_t i = 0; i < other_letters_.size(); ++i)
        if (other_letters_[i] == cp) return other_numbers_[i];
    return 0;
}

std::uint8_t HyphenPatterns::add_letter(char32_t cp) {
    if (std::uint8_t known = letter(cp)) return known;
    if (letters_ == 255) throw std::length_error("more than 255 different letters");
    auto number = static_cast<std::uint8_t>(++letters_);
    if (cp < 256) {
        small_letters_[cp] = number;
    } else {
        other_letters_.push_back(cp);
        other_numbers_.push_back(number);
    }
    return number;
}

std::uint32_t HyphenPatterns::child(std::uint32_t state, std::uint8_t letter) const {
    std::uint32_t key = state << 8 | letter;
    int shift = 32 - std::countr_zero(slots_.size());
    for (std::size_t i = slot_of(key, shift);; i = (i + 1) & (slots_.size() - 1)) {
        std::uint64_t s = slots_[i];
        if (static_cast<std::uint32_t>(s >> 32) == key) return static_cast<std::uint32_t>(s);
        if (!s) return 0;
    }
}

std::uint32_t HyphenPatterns::add_child(std::uint32_t state, std::uint8_t letter) {
    if (std::uint32_t known = child(state, letter)) return known;
    if (states_ == most_states) throw std::length_error("more than 16 million pattern states");
    if ((used_ + 1) * 4 > slots_.size() * 3) grow();  // at most three quarters full
    std::uint32_t key = state << 8 | letter;
    int shift = 32 - std::countr_zero(slots_.size());
    std::size_t i = slot_of(key, shift);
    while (slots_[i]) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = static_cast<std::uint64_t>(key) << 32 | states_;
    ++used_;
    pattern_at_.push_back(0);
    return states_++;
}

void HyphenPatterns::grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    int shift = 32 - std::countr_zero(slots_.size());
    for (std::uint64_t s : old) {
        if (!s) continue;
        std::size_t i = slot_of(static_cast<std::uint32_t>(s >> 32), shift);
        while (slots_[i]) i = (i + 1) & (slots_.size() - 1);
        slots_[i] = s;
    }
}

HyphenPatterns HyphenPatterns::read(const std::string& path) {
    std::string bytes = read_file(path);
    HyphenPatterns p;
    // A state for about every 5.5 bytes of the Swedish file: a slot for
    // every 4 bytes holds them without growing (18 513 states in 32 768
    // slots, 256 KB; a table half as full took 512 KB for no measurable
    // speed).
    p.slots_.assign(std::max<std::size_t>(1024, std::bit_ceil(bytes.size() / 4)), 0);
    p.pattern_at_.reserve(bytes.size() / 4);
    p.pattern_at_.push_back(0);  // the root
    p.digits_.reserve(bytes.size());

    std::vector<char32_t> chars;  // one line's, reused: the file has 15 000
    std::vector<char32_t> letters;
    std::vector<std::uint8_t> digits;
    std::vector<char32_t> previous;           // the last pattern's letters
    std::vector<std::uint32_t> path_states{0};  // its states, from the root
    std::size_t line_number = 0;
    bool have_charset = false;
    std::size_t at = 0;
    while (at < bytes.size()) {
        std::size_t end = bytes.find('\n', at);
        if (end == std::string::npos) end = bytes.size();
        std::string_view line(bytes.data() + at, end - at);
        at = end + 1;
        ++line_number;
        auto fail = [&](const std::string& what) {
            throw std::runtime_error(path + ":" + std::to_string(line_number) + ": " + what);
        };
        std::string_view word = first_word(line);
        if (!have_charset) {
            if (word.empty()) continue;
            if (word == "UTF-8") p.latin1_ = false;
            else if (word == "ISO8859-1" || word == "ISO-8859-1") p.latin1_ = true;
            else fail("the patterns' charset is '" + std::string(word) + "'; Tertial reads UTF-8 and ISO8859-1");
            have_charset = true;
            continue;
        }
        if (word.empty() || word[0] == '%') continue;
        if (word.starts_with("NEXTLEVEL"))
            fail("compound patterns (NEXTLEVEL) are not read: Tertial hyphenates with one level of patterns");
        if (starts_with_any(word, {"LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN",
                                   "NOHYPHEN"}))
            continue;
        if (word.find('/') != std::string_view::npos)
            fail("non-standard hyphenation (a pattern with '/') is not read: '" + std::string(word) + "'");

        letters.clear();
        digits.assign(1, 0);
        try {
            chars.clear();
            if (p.latin1_) {
                for (char c : word) chars.push_back(static_cast<unsigned char>(c));
            } else {
                for (const Utf8Char& c : decode_utf8(word)) {
                    if (c.cp == 0xFFFD) fail("'" + std::string(word) + "' is not UTF-8");
                    chars.push_back(c.cp);
                }
            }
            for (char32_t cp : chars) {
                if (cp >= U'0' && cp <= U'9') {
                    digits.back() = static_cast<std::uint8_t>(cp - U'0');
                } else {
                    letters.push_back(cp);
                    digits.push_back(0);
                }
            }
            if (letters.empty()) continue;
            if (digits.size() > 255) fail("a pattern of more than 254 letters");
            // Patterns come nearly sorted: the trie is walked from where
            // this one leaves the last one's letters.
            std::size_t common = 0;
            while (common < letters.size() && common < previous.size() && letters[common] == previous[common]) ++common;
            path_states.resize(common + 1);
            std::uint32_t state = path_states.back();
            for (std::size_t k = common; k < letters.size(); ++k) {
                state = p.add_child(state, p.add_letter(letters[k]));
                path_states.push_back(state);
            }
            previous.swap(letters);
            p.pattern_at_[state] = static_cast<std::uint32_t>(p.digits_.size() + 1);
            p.digits_.push_back(static_cast<std::uint8_t>(digits.size()));
            p.digits_.insert(p.digits_.end(), digits.begin(), digits.end());
        } catch (const std::length_error& e) {
            fail(e.what());
        }
    }
    if (!have_charset) throw std::runtime_error(path + ": not a libhyphen pattern file (no charset line)");
    p.pattern_at_.shrink_to_fit();
    p.digits_.shrink_to_fit();
    return p;
}

void HyphenPatterns::values(const std::vector<char32_t>& word, std::vector<std::uint8_t>& values) const {
    // Liang: every pattern found in ".word." lifts the values it covers.
    std::vector<std::uint8_t> text;
    text.reserve(word.size() + 2);
    std::uint8_t edge = letter(U'.');
    text.push_back(edge);
    for (char32_t cp : word) text.push_back(letter(cp));
    text.push_back(edge);
    std::vector<std::uint8_t> lifted(text.size() + 1, 0);  // lifted[k]: before text[k]
    for (std::size_t start = 0; start < text.size(); ++start) {
        std::uint32_t state = 0;
        for (std::size_t k = start; k < text.size() && text[k]; ++k) {
            state = child(state, text[k]);
            if (!state) break;
            if (std::uint32_t at = pattern_at_[state]) {
                std::size_t count = digits_[at - 1];
                for (std::size_t d = 0; d < count; ++d)
                    lifted[start + d] = std::max(lifted[start + d], digits_[at + d]);
            }
        }
    }
    // text[k + 1] is word[k].
    values.assign(lifted.begin() + 1, lifted.begin() + 1 + word.size() + 1);
}

}  // namespace tertial::pdf::text_detail
