// Maps JSON pointers to line:column by scanning the (already valid) text.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "tertial/diagnostics.hpp"
#include "tertial/json/report_json.hpp"

namespace tertial::json {
namespace {

class Scanner {
public:
    Scanner(std::string_view text, std::unordered_map<std::string, SourcePosition>& out,
            std::unordered_map<std::string, std::size_t>& strings, std::vector<DuplicateKey>& duplicates)
        : text_(text), out_(out), strings_(strings), duplicates_(duplicates) {}

    void run() {
        skip_space();
        out_[""] = here();
        value("");
    }

private:
    SourcePosition here() const { return {line_, column_}; }

    void advance() {
        unsigned char c = static_cast<unsigned char>(text_[pos_++]);
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column_;
        }
    }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            advance();
    }

    // The string's value, escapes decoded, so that pointers and duplicate
    // keys compare as the parser's keys do.
    std::string string() {
        std::string s;
        advance();  // opening quote
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] != '\\') {
                s += text_[pos_];
                advance();
                continue;
            }
            advance();
            if (pos_ >= text_.size()) break;
            if (text_[pos_] != 'u') {
                s += unescape(text_[pos_]);
                advance();
                continue;
            }
            advance();
            char32_t c = hex4();
            if (c >= 0xD800 && c < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                advance();
                advance();
                c = 0x10000 + ((c - 0xD800) << 10) + (hex4() - 0xDC00);
            }
            append_utf8(s, c);
        }
        if (pos_ < text_.size()) advance();  // closing quote
        return s;
    }

    char32_t hex4() {
        char32_t c = 0;
        for (int k = 0; k < 4 && pos_ < text_.size(); ++k) {
            char h = text_[pos_];
            c = c * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            advance();
        }
        return c;
    }

    static void append_utf8(std::string& s, char32_t c) {
        auto put = [&](unsigned v) { s += static_cast<char>(v); };
        if (c < 0x80) {
            put(c);
        } else if (c < 0x800) {
            put(0xC0 | (c >> 6));
            put(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            put(0xE0 | (c >> 12));
            put(0x80 | ((c >> 6) & 0x3F));
            put(0x80 | (c & 0x3F));
        } else {
            put(0xF0 | (c >> 18));
            put(0x80 | ((c >> 12) & 0x3F));
            put(0x80 | ((c >> 6) & 0x3F));
            put(0x80 | (c & 0x3F));
        }
    }

    static char unescape(char c) {
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            default:
                return c;
        }
    }

    void value(const std::string& pointer) {
        if (pos_ >= text_.size()) return;
        char c = text_[pos_];
        if (c == '{') {
            object(pointer);
        } else if (c == '[') {
            array(pointer);
        } else if (c == '"') {
            strings_[pointer] = pos_;
            string();
        } else {
            while (pos_ < text_.size() && std::string_view(",]} \n\r\t").find(text_[pos_]) == std::string_view::npos) advance();
        }
    }

    void object(const std::string& pointer) {
        advance();
        skip_space();
        std::unordered_map<std::string, SourcePosition> keys;
        while (pos_ < text_.size() && text_[pos_] != '}') {
            SourcePosition at = here();
            std::string key = string();
            std::string member = pointer_join(pointer, key);
            if (auto [first, fresh] = keys.emplace(key, at); !fresh)
                duplicates_.push_back({member, key, first->second, at});
            out_[member] = at;
            skip_space();
            advance();  // ':'
            skip_space();
            value(member);
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') advance();
            skip_space();
        }
        if (pos_ < text_.size()) advance();
    }

    void array(const std::string& pointer) {
        advance();
        skip_space();
        std::size_t index = 0;
        while (pos_ < text_.size() && text_[pos_] != ']') {
            std::string element = pointer_join(pointer, index++);
            out_[element] = here();
            value(element);
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') advance();
            skip_space();
        }
        if (pos_ < text_.size()) advance();
    }

    std::string_view text_;
    std::unordered_map<std::string, SourcePosition>& out_;
    std::unordered_map<std::string, std::size_t>& strings_;
    std::vector<DuplicateKey>& duplicates_;
    std::size_t pos_ = 0, line_ = 1, column_ = 1;
};

}  // namespace

SourceMap SourceMap::build(std::string_view text) {
    SourceMap map;
    Scanner(text, map.positions_, map.strings_, map.duplicates_).run();
    return map;
}

SourcePosition SourceMap::find(const std::string& pointer) const {
    std::string p = pointer;
    for (;;) {
        if (auto it = positions_.find(p); it != positions_.end()) return it->second;
        auto slash = p.rfind('/');
        if (slash == std::string::npos) return {};
        p.resize(slash);
    }
}

SourcePosition SourceMap::position_of_offset(std::string_view text, std::size_t offset) {
    SourcePosition pos;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

SourcePosition SourceMap::find_in_string(std::string_view text, const std::string& pointer, std::size_t offset) const {
    auto it = strings_.find(pointer);
    if (it == strings_.end()) return find(pointer);
    // Walk the string as written, counting decoded bytes, until `offset`.
    std::size_t raw = it->second + 1, decoded = 0;
    while (raw < text.size() && text[raw] != '"' && decoded < offset) {
        if (text[raw] != '\\') {
            ++raw;
            ++decoded;
            continue;
        }
        if (raw + 1 < text.size() && text[raw + 1] != 'u') {
            raw += 2;
            ++decoded;
            continue;
        }
        // \uXXXX, or a surrogate pair \uXXXX\uXXXX: the UTF-8 bytes it stands for.
        unsigned v = raw + 6 <= text.size() ? static_cast<unsigned>(std::stoul(std::string(text.substr(raw + 2, 4)), nullptr, 16)) : 0;
        raw += 6;
        if (v >= 0xD800 && v < 0xDC00 && text.substr(raw, 2) == "\\u") {
            raw += 6;
            decoded += 4;
        } else {
            decoded += v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
        }
    }
    return position_of_offset(text, raw);
}

SourcePosition SourceMap::locate(std::string_view text, const Diagnostic& d) const {
    if (d.line) return {d.line, d.column};
    if (d.offset != Diagnostic::no_offset) return find_in_string(text, d.pointer, d.offset);
    return find(d.pointer);
}

}  // namespace tertial::json
