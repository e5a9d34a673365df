// Parser for "{{figure_id|abs|number|decimals=N}}" references in text.
#include "tertial/text_refs.hpp"

#include <charconv>

namespace tertial {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

std::optional<std::string> apply_filter(std::string_view f, TextRef& ref) {
    if (f == "abs") {
        ref.abs = true;
    } else if (f == "number") {
        ref.number = true;
    } else if (f.starts_with("decimals=")) {
        auto v = f.substr(9);
        int n = -1;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || p != v.data() + v.size() || n < 0 || n > 6)
            return "decimals must be a whole number from 0 to 6, not '" + std::string(v) + "'";
        ref.decimals = n;
    } else {
        return "unknown filter '" + std::string(f) + "' (known: abs, number, decimals=N)";
    }
    return std::nullopt;
}

}  // namespace

bool is_simple_id(std::string_view id) {
    if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
    for (char c : id)
        if (!is_lower_alnum(c)) return false;
    return true;
}

bool is_figure_id(std::string_view id) {
    if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
    bool after_dot = false;
    for (char c : id) {
        if (c == '.') {
            if (after_dot) return false;
            after_dot = true;
        } else if (is_lower_alnum(c)) {
            after_dot = false;
        } else {
            return false;
        }
    }
    return !after_dot;
}

ParsedText parse_text_refs(std::string_view text) {
    ParsedText out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t open = text.find("{{", pos);
        std::size_t stray = text.find("}}", pos);
        if (stray != std::string_view::npos && stray < open) {
            out.error = TextRefError{stray, "'}}' without a matching '{{'"};
            return out;
        }
        if (open == std::string_view::npos) {
            out.pieces.emplace_back(std::string(text.substr(pos)));
            break;
        }
        if (open > pos) out.pieces.emplace_back(std::string(text.substr(pos, open - pos)));
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out.error = TextRefError{open, "'{{' is not closed with '}}'"};
            return out;
        }
        std::string_view inner = text.substr(open + 2, close - open - 2);
        TextRef ref;
        ref.offset = open;
        std::size_t bar = inner.find('|');
        ref.figure_id = std::string(trim(inner.substr(0, bar)));
        if (!is_figure_id(ref.figure_id)) {
            out.error = TextRefError{open, "'" + ref.figure_id + "' is not a figure id (lowercase letters, digits, '_' and '.')"};
            return out;
        }
        while (bar != std::string_view::npos) {
            std::size_t next = inner.find('|', bar + 1);
            auto filter = trim(inner.substr(bar + 1, next == std::string_view::npos ? next : next - bar - 1));
            if (auto err = apply_filter(filter, ref)) {
                out.error = TextRefError{open, *err};
                return out;
            }
            bar = next;
        }
        out.pieces.emplace_back(std::move(ref));
        pos = close + 2;
    }
    return out;
}

}  // namespace tertial
