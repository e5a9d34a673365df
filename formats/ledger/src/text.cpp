// Small text helpers the export readers share.
#include "text.hpp"

namespace tertial::ledger {

std::optional<std::size_t> invalid_utf8_at(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return i;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        if (n == 3) {
            auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;
        }
        if (n == 4) {
            auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return i;
        }
        i += n;
    }
    return std::nullopt;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::size_t stop = end == std::string::npos ? text.size() : end;
        std::size_t cut = stop > start && text[stop - 1] == '\r' ? stop - 1 : stop;
        lines.emplace_back(text, start, cut - start);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view s) {
    auto space_at_start = [](std::string_view t) -> std::size_t {
        if (t.starts_with(' ') || t.starts_with('\t') || t.starts_with('\r')) return 1;
        if (t.starts_with("\xC2\xA0")) return 2;
        if (t.starts_with("\xE2\x80\xAF")) return 3;
        return 0;
    };
    auto space_at_end = [](std::string_view t) -> std::size_t {
        if (t.ends_with(' ') || t.ends_with('\t') || t.ends_with('\r')) return 1;
        if (t.ends_with("\xC2\xA0")) return 2;
        if (t.ends_with("\xE2\x80\xAF")) return 3;
        return 0;
    };
    while (std::size_t n = space_at_start(s)) s.remove_prefix(n);
    while (std::size_t n = space_at_end(s)) s.remove_suffix(n);
    return s;
}

std::string header_key(std::string_view s) {
    s = trim(s);
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0)) {
            if (c == 0xC2) ++i;
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < s.size()) {
            unsigned char d = static_cast<unsigned char>(s[i + 1]);
            // Å Ä Ö É (U+00C5, C4, D6, C9) to å ä ö é: the second byte + 0x20.
            if (d == 0x85 || d == 0x84 || d == 0x96 || d == 0x89) d = static_cast<unsigned char>(d + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(d);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::size_t char_count(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace tertial::ledger
