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
    // For a problem at one word of the string at `pointer`: the byte offset
    // in the string where it starts, so that its place is the word's, not
    // the string's start.
    std::size_t offset = no_offset;
    // The pointer of the error this one follows from (a figure left empty by
    // an error in its calculation, and a text or total that needed it); ""
    // for a problem of its own.
    std::string cause = {};
    static constexpr std::size_t no_offset = static_cast<std::size_t>(-1);
    bool operator==(const Diagnostic&) const = default;
};

class Diagnostics {
public:
    void error(std::string code, std::string pointer, std::string message);
    void warning(std::string code, std::string pointer, std::string message);
    // A problem at one word of a text: `offset` is its byte offset in the string at `pointer`.
    void error_at(std::string code, std::string pointer, std::size_t offset, std::string message);
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
// pointer_join in place, for a pointer that grows and shrinks as a document is walked.
void pointer_append(std::string& pointer, std::string_view token);

}  // namespace tertial
