// Collecting diagnostics and building JSON pointers.
#include "tertial/diagnostics.hpp"

#include <algorithm>

namespace tertial {

void Diagnostics::error(std::string code, std::string pointer, std::string message) {
    items_.push_back({Severity::error, std::move(code), std::move(pointer), std::move(message)});
}

void Diagnostics::warning(std::string code, std::string pointer, std::string message) {
    items_.push_back({Severity::warning, std::move(code), std::move(pointer), std::move(message)});
}

void Diagnostics::error_at(std::string code, std::string pointer, std::size_t offset, std::string message) {
    items_.push_back({Severity::error, std::move(code), std::move(pointer), std::move(message), 0, 0, offset, {}});
}

void Diagnostics::warning_at(std::string code, std::string pointer, std::size_t offset, std::string message) {
    items_.push_back({Severity::warning, std::move(code), std::move(pointer), std::move(message), 0, 0, offset, {}});
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return count(Severity::error) > 0; }

std::size_t Diagnostics::count(Severity s) const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string_view to_string(Severity s) { return s == Severity::error ? "error" : "warning"; }

void pointer_append(std::string& pointer, std::string_view token) {
    pointer += '/';
    for (char c : token) {
        if (c == '~')
            pointer += "~0";
        else if (c == '/')
            pointer += "~1";
        else
            pointer += c;
    }
}

std::string pointer_join(const std::string& pointer, std::string_view token) {
    std::string out = pointer;
    pointer_append(out, token);
    return out;
}

std::string pointer_join(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

}  // namespace tertial
