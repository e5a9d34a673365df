// Rollover, moving on: dates, years in labels and ids, and what counts as running text.
#include "rollover_roller.hpp"

#include <fmt/format.h>

namespace tertial::detail {

// A label that is really running text (a row of effektiviseringar is a
// paragraph): its years are facts ("bokslutet för år 2018"), not the
// period's, so it is not moved on but reviewed.
bool running_text(const std::string& s) {
    if (s.size() > 160) return true;
    for (std::size_t at = s.find(". "); at != std::string::npos; at = s.find(". ", at + 1)) {
        unsigned char next = at + 2 < s.size() ? static_cast<unsigned char>(s[at + 2]) : 0;
        unsigned char second = at + 3 < s.size() ? static_cast<unsigned char>(s[at + 3]) : 0;
        if ((next >= 'A' && next <= 'Z') || (next == 0xC3 && (second == 0x84 || second == 0x85 || second == 0x96)))
            return true;  // a new sentence: "… år 2018. Inga konsekvenser …", also before Å, Ä, Ö
    }
    return false;
}

// A title or label with every period year moved on: "Utfall 200430" →
// "Utfall 210430", "Budget 2022" → "Budget 2023", "2020-05-11" →
// "2021-05-11". References ({{…}}) are left to the id renaming.
std::string Shift::label(const std::string& text) const {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "{{") == 0) {
            std::size_t close = text.find("}}", i);
            std::size_t end = close == std::string::npos ? text.size() : close + 2;
            out.append(text, i, end - i);
            i = end;
            continue;
        }
        if (!is_digit(text[i]) || (i > 0 && is_word(text[i - 1]))) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && is_digit(text[j])) ++j;
        std::size_t used = token(text, i, j, out);
        if (used == 0) out.append(text, i, j - i);
        i = used ? i + used : j;
    }
    return out;
}

// An id with its period years moved on: utfall_2019 → utfall_2020, m2020_04 → m2021_04.
std::string Shift::id(const std::string& id) const {
    std::string out = id;
    for (std::size_t i = 0; i < out.size();) {
        if (!is_digit(out[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < out.size() && is_digit(out[j])) ++j;
        if (j - i == 4 && period_year(std::stoi(out.substr(i, 4))))
            out.replace(i, 4, std::to_string(std::stoi(out.substr(i, 4)) + years_));
        i = j;
    }
    return out;
}

// The digits text[i..j) at a word start: appends the moved token and
// returns how many characters it replaced, or 0 to leave them.
std::size_t Shift::token(const std::string& text, std::size_t i, std::size_t j, std::string& out) const {
    auto after = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
    std::size_t n = j - i;
    if (n == 4) {
        int year = std::stoi(text.substr(i, 4));
        if (!period_year(year)) return 0;
        if (auto d = Date::parse(text.substr(i, 10)); d && !is_word(after(i + 10))) {
            out += date(*d).to_string();
            return 10;
        }
        if (after(j) == ':' && is_digit(after(j + 1))) return 0;  // an SFS number, "2017:900"
        if (is_word(after(j))) return 0;
        out += std::to_string(year + years_);
        return 4;
    }
    if (n == 6 && !is_word(after(j))) {  // yymmdd, as in "Utfall 200430"
        auto d =
            Date::parse(fmt::format("20{}-{}-{}", text.substr(i, 2), text.substr(i + 2, 2), text.substr(i + 4, 2)));
        if (!d || !period_year(d->year)) return 0;
        Date moved = date(*d);
        out += fmt::format("{:02}{:02}{:02}", moved.year % 100, moved.month, moved.day);
        return 6;
    }
    return 0;
}

}  // namespace tertial::detail
