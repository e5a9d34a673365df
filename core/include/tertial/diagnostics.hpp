// Diagnostics: data problems collected, not thrown, each naming its place.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tertial {

enum class Severity { error, warning };

// A problem in a report. `pointer` is the JSON pointer of the node it is
// about ("" for the whole document); the CLI turns it into file:line:col.
struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;  // stable, e.g. "check.total", "json.unknown_key"
    std::string pointer;
    std::string message;
    // Set only when the place is known but has no pointer (a syntax error).
    std::size_t line = 0, column = 0;
    // The word a text check is about: a byte offset into the (decoded) string
    // at `pointer`, so that file:line:col names the word, not the string.
    std::optional<std::size_t> offset = std::nullopt;
    bool operator==(const Diagnostic&) const = default;
};

class Diagnostics {
public:
    void error(std::string code, std::string pointer, std::string message);
    void warning(std::string code, std::string pointer, std::string message);
    // A warning about the word at byte `offset` of the text at `pointer`.
    void warning_at(std::string code, std::string pointer, std::size_t offset, std::string message);
    void add(Diagnostic d) { items_.push_back(std::move(d)); }
    void append(const Diagnostics& other);

    const std::vector<Diagnostic>& items() const { return items_; }
    bool has_errors() const;
    std::size_t count(Severity s) const;
    bool empty() const { return items_.empty(); }

private:
    std::vector<Diagnostic> items_;
};

std::string_view to_string(Severity s);

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string pointer_join(const std::string& pointer, std::string_view token);
std::string pointer_join(const std::string& pointer, std::size_t index);

}  // namespace tertial
