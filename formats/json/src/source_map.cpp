// Finds where JSON pointers are in a (parsed) JSON text, and the keys it writes twice, by scanning the text.
#include "tertial/json/source_map.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace tertial::json {
namespace {

// A place in a text, its line and column counted byte by byte from the start.
struct Cursor {
    std::size_t pos = 0;
    SourcePosition at;

    void advance(std::string_view text) {
        unsigned char c = static_cast<unsigned char>(text[pos++]);
        if (c == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++at.column;
        }
    }
    void move_to(std::string_view text, std::size_t offset) {
        while (pos < offset && pos < text.size()) advance(text);
    }
};

// What one scan looks for: every pointer asked and each of its ancestors
// (for the nearest-ancestor fallback), so that a value under none of them
// can be passed over.
struct Wanted {
    struct Slot {
        std::optional<SourcePosition> at;  // the pointer's, once the scan meets it
        bool string = false;               // whether its value is a string
        std::vector<std::pair<std::size_t, std::size_t>> words;  // (decoded offset, query), by offset
    };
    std::unordered_map<std::string, Slot> slots;
    std::vector<SourcePosition> words_at;  // by query: where its word is, if it asks for one

    explicit Wanted(std::span<const SourceQuery> queries) : words_at(queries.size()) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
            std::string pointer(queries[i].pointer);
            auto [slot, fresh] = slots.try_emplace(pointer);
            if (queries[i].offset != Diagnostic::no_offset) slot->second.words.emplace_back(queries[i].offset, i);
            // Its ancestors, up to the first one already asked.
            while (fresh) {
                auto slash = pointer.rfind('/');
                if (slash == std::string::npos) break;
                pointer.resize(slash);
                fresh = slots.try_emplace(pointer).second;
            }
        }
        for (auto& [pointer, slot] : slots) std::sort(slot.words.begin(), slot.words.end());
    }

    Slot* find(const std::string& pointer) {
        auto it = slots.find(pointer);
        return it == slots.end() ? nullptr : &it->second;
    }

    // After the scan, query `i`: its word, or the position of its pointer
    // or of the pointer's nearest ancestor in the text.
    SourcePosition answer(const SourceQuery& query, std::size_t i) {
        std::string pointer(query.pointer);
        if (query.offset != Diagnostic::no_offset && find(pointer)->string) return words_at[i];
        for (;;) {
            if (auto* slot = find(pointer); slot && slot->at) return *slot->at;
            auto slash = pointer.rfind('/');
            if (slash == std::string::npos) return {};
            pointer.resize(slash);
        }
    }
};

unsigned hex4(std::string_view digits) {
    unsigned v = 0;
    for (char h : digits) v = v * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    return v;
}

class Scanner {
public:
    // Fills in `wanted`'s slots, passing over the values under none of
    // them; or, without `wanted`, `duplicates`, from every object.
    Scanner(std::string_view text, Wanted* wanted, std::vector<DuplicateKey>* duplicates)
        : text_(text), wanted_(wanted), duplicates_(duplicates) {}

    void run() {
        skip_space();
        node(here());
    }

private:
    SourcePosition here() const { return cursor_.at; }
    void advance() { cursor_.advance(text_); }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            advance();
    }

    // Past the string at pos_; into `out`, when given, its value, escapes
    // decoded, so that pointers and duplicate keys compare as the parser's
    // keys do.
    void string(std::string* out) {
        advance();  // opening quote
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] != '\\') {
                if (out) *out += text_[pos_];
                advance();
                continue;
            }
            advance();
            if (pos_ >= text_.size()) break;
            if (text_[pos_] != 'u') {
                if (out) *out += unescape(text_[pos_]);
                advance();
                continue;
            }
            advance();
            char32_t c = code_unit();
            if (c >= 0xD800 && c < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                advance();
                advance();
                c = 0x10000 + ((c - 0xD800) << 10) + (code_unit() - 0xDC00);
            }
            if (out) append_utf8(*out, c);
        }
        if (pos_ < text_.size()) advance();  // closing quote
    }

    char32_t code_unit() {
        std::size_t start = pos_;
        for (int k = 0; k < 4 && pos_ < text_.size(); ++k) advance();
        return hex4(text_.substr(start, pos_ - start));
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

    // The value at pos_, whose pointer is path_, met at `at` (its key's
    // place, for an object member).
    void node(SourcePosition at) {
        Wanted::Slot* slot = wanted_ ? wanted_->find(path_) : nullptr;
        if (wanted_ && !slot) return value(false, nullptr);  // nothing under it is asked
        if (slot) slot->at = at;
        value(true, slot);
    }

    // Past the value at pos_; with `look` false, nothing in it is looked at.
    void value(bool look, Wanted::Slot* slot) {
        if (pos_ >= text_.size()) return;
        char c = text_[pos_];
        if (c == '{') {
            object(look);
        } else if (c == '[') {
            array(look);
        } else if (c == '"') {
            if (slot) place_words(*slot);
            string(nullptr);
        } else {
            while (pos_ < text_.size() && std::string_view(",]} \n\r\t").find(text_[pos_]) == std::string_view::npos) advance();
        }
    }

    void object(bool look) {
        advance();
        skip_space();
        std::unordered_map<std::string, SourcePosition> keys;  // for duplicates
        std::string key;
        while (pos_ < text_.size() && text_[pos_] != '}') {
            SourcePosition at = here();
            key.clear();
            string(look ? &key : nullptr);
            if (look && duplicates_)
                if (auto [first, fresh] = keys.emplace(key, at); !fresh)
                    duplicates_->push_back({pointer_join(path_, key), key, first->second, at});
            skip_space();
            advance();  // ':'
            skip_space();
            if (look)
                member(key, at);
            else
                value(false, nullptr);
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') advance();
            skip_space();
        }
        if (pos_ < text_.size()) advance();
    }

    void array(bool look) {
        advance();
        skip_space();
        std::size_t index = 0;
        while (pos_ < text_.size() && text_[pos_] != ']') {
            if (look)
                element(index++);
            else
                value(false, nullptr);
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') advance();
            skip_space();
        }
        if (pos_ < text_.size()) advance();
    }

    // path_ is one pointer for the whole scan, a token longer inside each
    // member and element (as pointer_join writes them) and shorter after.
    void member(const std::string& key, SourcePosition at) {
        std::size_t parent = path_.size();
        pointer_append(path_, key);
        node(at);
        path_.resize(parent);
    }

    void element(std::size_t index) {
        std::size_t parent = path_.size();
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
        (path_ += '/').append(digits, end);
        node(here());
        path_.resize(parent);
    }

    // Where the slot's words are in the string at pos_: its bytes walked as
    // written, decoded bytes counted, up to each word's offset.
    void place_words(Wanted::Slot& slot) {
        slot.string = true;
        Cursor at = cursor_;
        std::size_t raw = pos_ + 1, decoded = 0;
        for (auto [offset, query] : slot.words) {
            while (raw < text_.size() && text_[raw] != '"' && decoded < offset) {
                if (text_[raw] != '\\') {
                    ++raw;
                    ++decoded;
                    continue;
                }
                if (raw + 1 < text_.size() && text_[raw + 1] != 'u') {
                    raw += 2;
                    ++decoded;
                    continue;
                }
                // \uXXXX, or a surrogate pair \uXXXX\uXXXX: the UTF-8 bytes it stands for.
                unsigned v = raw + 6 <= text_.size() ? hex4(text_.substr(raw + 2, 4)) : 0;
                raw += 6;
                if (v >= 0xD800 && v < 0xDC00 && text_.substr(raw, 2) == "\\u") {
                    raw += 6;
                    decoded += 4;
                } else {
                    decoded += v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
                }
            }
            at.move_to(text_, raw);
            wanted_->words_at[query] = at.at;
        }
    }

    std::string_view text_;
    Wanted* wanted_;
    std::vector<DuplicateKey>* duplicates_;
    Cursor cursor_;
    const std::size_t& pos_ = cursor_.pos;  // the byte the scan is at
    std::string path_;
};

}  // namespace

std::vector<DuplicateKey> find_duplicate_keys(std::string_view text) {
    std::vector<DuplicateKey> duplicates;
    Scanner(text, nullptr, &duplicates).run();
    return duplicates;
}

SourcePosition position_of_offset(std::string_view text, std::size_t offset) {
    Cursor cursor;
    cursor.move_to(text, offset);
    return cursor.at;
}

std::vector<SourcePosition> find_positions(std::string_view text, std::span<const SourceQuery> queries) {
    if (queries.empty()) return {};
    Wanted wanted(queries);
    Scanner(text, &wanted, nullptr).run();
    std::vector<SourcePosition> out;
    out.reserve(queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) out.push_back(wanted.answer(queries[i], i));
    return out;
}

SourcePosition position_of_pointer(std::string_view text, std::string_view pointer) {
    SourceQuery query{pointer};
    return find_positions(text, std::span(&query, 1)).front();
}

SourcePosition locate(std::string_view text, const Diagnostic& d) {
    const Diagnostic* one = &d;
    return locate(text, std::span(&one, 1)).front();
}

std::vector<SourcePosition> locate(std::string_view text, std::span<const Diagnostic* const> ds) {
    std::vector<SourceQuery> queries;
    for (const auto* d : ds)
        if (!d->line) queries.push_back({d->pointer, d->offset});
    auto found = find_positions(text, queries);
    std::vector<SourcePosition> out;
    out.reserve(ds.size());
    auto next = found.begin();
    for (const auto* d : ds) out.push_back(d->line ? SourcePosition{d->line, d->column} : *next++);
    return out;
}

}  // namespace tertial::json
