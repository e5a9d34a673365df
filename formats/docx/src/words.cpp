// Words and ids: Swedish lower case for comparing, ids from labels.
#include <string>

#include "parts.hpp"

namespace tertial::docx {

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            unsigned char d = static_cast<unsigned char>(text[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);  // À..Þ -> à..þ
            out += static_cast<char>(c);
            out += static_cast<char>(d);
            ++i;
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            out += ' ';  // no-break space
            ++i;
        } else {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    return out;
}

std::string slug(std::string_view text, std::string_view fallback) {
    std::string f = fold(text), out;
    for (std::size_t i = 0; i < f.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(f[i]);
        char put = '_';
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put = static_cast<char>(c);
        else if (c == 0xC3 && i + 1 < f.size()) {
            unsigned char d = static_cast<unsigned char>(f[++i]);
            if (d == 0xA5 || d == 0xA4 || d == 0xA0 || d == 0xA1 || d == 0xA2) put = 'a';  // å ä à á â
            else if (d == 0xB6 || d == 0xB8 || d == 0xB3) put = 'o';
            else if (d == 0xA9 || d == 0xA8 || d == 0xAA) put = 'e';
            else if (d == 0xBC || d == 0xBA) put = 'u';
        } else if (c >= 0x80) {
            while (i + 1 < f.size() && (static_cast<unsigned char>(f[i + 1]) & 0xC0) == 0x80) ++i;
        }
        if (put == '_' && (out.empty() || out.back() == '_')) continue;
        out += put;
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.size() > 40) {
        auto cut = out.rfind('_', 40);
        out.resize(cut != std::string::npos && cut > 10 ? cut : 40);
    }
    if (out.empty()) return std::string(fallback);
    if (out[0] >= '0' && out[0] <= '9') out = (out.size() >= 4 && std::isdigit(static_cast<unsigned char>(out[3])) ? "ar" : "n") + out;
    return out;
}

std::string unique_id(const std::string& base, std::set<std::string>& taken) {
    std::string id = base;
    for (int k = 2; taken.count(id); ++k) id = base + "_" + std::to_string(k);
    taken.insert(id);
    return id;
}

}  // namespace tertial::docx
