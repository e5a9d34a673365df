// Values held behind a pointer, copied and compared as the values: for a
// large member or alternative that is nearly always absent, so that what
// holds it does not take its size.
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <utility>

namespace tertial {

// A value held behind a pointer, copied and compared as the value: a
// variant's rare large alternative, so that the common ones do not take its
// size. A moved-from box holds nothing: it may only be assigned or destroyed.
template <typename T>
class Boxed {
public:
    Boxed(T value) : value_(std::make_unique<T>(std::move(value))) {}
    Boxed(const Boxed& other) : value_(std::make_unique<T>(*other.value_)) {}
    Boxed& operator=(const Boxed& other) {
        if (this != &other) value_ = std::make_unique<T>(*other.value_);
        return *this;
    }
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(Boxed&&) noexcept = default;
    ~Boxed() = default;
    const T& operator*() const { return *value_; }
    const T* operator->() const { return value_.get(); }
    bool operator==(const Boxed& other) const { return *value_ == *other.value_; }

private:
    std::unique_ptr<T> value_;
};

// An optional value held behind a pointer: 8 bytes when absent, where
// std::optional takes the value's size. Made, assigned and read like an
// optional: from a value (or what makes one, such as a string literal for a
// std::string), from an optional, or std::nullopt.
template <typename T>
class OptionalBox {
public:
    OptionalBox() = default;
    OptionalBox(std::nullopt_t) {}
    OptionalBox(std::optional<T> value) : value_(value ? std::make_unique<T>(std::move(*value)) : nullptr) {}
    template <typename U>
        requires std::constructible_from<T, U&&>
    OptionalBox(U&& value) : value_(std::make_unique<T>(std::forward<U>(value))) {}
    OptionalBox(const OptionalBox& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    OptionalBox& operator=(const OptionalBox& other) {
        if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        return *this;
    }
    OptionalBox(OptionalBox&&) noexcept = default;
    OptionalBox& operator=(OptionalBox&&) noexcept = default;
    ~OptionalBox() = default;
    explicit operator bool() const { return value_ != nullptr; }
    bool has_value() const { return value_ != nullptr; }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    T* operator->() { return value_.get(); }
    const T* operator->() const { return value_.get(); }
    bool operator==(const OptionalBox& other) const {
        return value_ && other.value_ ? *value_ == *other.value_ : !value_ && !other.value_;
    }

private:
    std::unique_ptr<T> value_;
};

}  // namespace tertial
