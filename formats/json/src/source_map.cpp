// Maps JSON pointers to line:column by scanning the (already valid) text.
#include <string>

#include "tertial/diagnostics.hpp"
#include "tertial/json/report_json.hpp"

namespace tertial::json {
namespace {

class Scanner {
public:
    Scanner(std::string_view text, std::unordered_map<std::string, SourcePosition>& out) : text_(text), out_(out) {}

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

    std::string string() {
        std::string s;
        advance();  // opening quote
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] == '\\') {
                advance();
                if (pos_ < text_.size() && text_[pos_] == 'u') {
                    // Keys with \u escapes are rare; keep the escape so the
                    // pointer still finds its parent.
                    s += "\\u";
                    advance();
                    continue;
                }
                s += unescape(text_[pos_]);
                advance();
                continue;
            }
            s += text_[pos_];
            advance();
        }
        if (pos_ < text_.size()) advance();  // closing quote
        return s;
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
            string();
        } else {
            while (pos_ < text_.size() && std::string_view(",]} \n\r\t").find(text_[pos_]) == std::string_view::npos) advance();
        }
    }

    void object(const std::string& pointer) {
        advance();
        skip_space();
        while (pos_ < text_.size() && text_[pos_] != '}') {
            SourcePosition at = here();
            std::string member = pointer_join(pointer, string());
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
    std::size_t pos_ = 0, line_ = 1, column_ = 1;
};

}  // namespace

SourceMap SourceMap::build(std::string_view text) {
    SourceMap map;
    Scanner(text, map.positions_).run();
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

}  // namespace tertial::json
