// Exact decimal numbers for every figure in a report: never binary floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tertial {

// Raised when a result does not fit; the engine turns it into a diagnostic.
class DecimalOverflow : public std::overflow_error {
public:
    using std::overflow_error::overflow_error;
};

// A decimal value mantissa × 10^-scale with its scale kept, so "1.70" stays
// "1.70" (the number of decimals the user entered is information: a column
// shown "as entered" prints it). operator== compares the representation,
// which is what a lossless round trip needs; use cmp() for numeric order.
class Decimal {
public:
    static constexpr int max_scale = 18;   // decimals
    static constexpr int max_digits = 36;  // before and after the point together

    Decimal() = default;
    static Decimal from_int(std::int64_t v) { return Decimal(v, 0); }

    // Parses the canonical form used in files: -?digits[.digits]. nullopt if
    // the text is anything else (no exponent, no grouping, no comma).
    static std::optional<Decimal> parse(std::string_view text);

    std::string to_string() const;  // canonical, e.g. "-2.9", "0.0", "1200"
    int scale() const { return scale_; }
    bool is_zero() const { return mantissa_ == 0; }
    bool is_negative() const { return mantissa_ < 0; }

    Decimal operator-() const;
    Decimal abs() const { return is_negative() ? -*this : *this; }
    // Results keep the larger scale (+, -) or the sum of scales (*; above
    // max_scale the product is rounded half away from zero to max_scale).
    // A mantissa of 10^36 or more throws DecimalOverflow.
    Decimal operator+(const Decimal& o) const;
    Decimal operator-(const Decimal& o) const;
    Decimal operator*(const Decimal& o) const;
    // Quotient rounded half away from zero to `scale` decimals; throws
    // std::domain_error on division by zero. For divide and rounded, `scale`
    // must be 0..max_scale: above, DecimalOverflow; negative,
    // std::invalid_argument.
    Decimal divide(const Decimal& o, int scale) const;
    // Rounded half away from zero to `scale` decimals (scale may grow: pads).
    Decimal rounded(int scale) const;

    // Numeric comparison: 1.7 and 1.70 compare equal. Never throws.
    std::strong_ordering cmp(const Decimal& o) const;
    bool numerically_equal(const Decimal& o) const { return cmp(o) == 0; }

    bool operator==(const Decimal&) const = default;

private:
    Decimal(__int128 m, int s) : mantissa_(m), scale_(s) {}
    static Decimal make(__int128 m, int s);
    Decimal with_scale(int s) const;  // exact widening only

    __int128 mantissa_ = 0;
    int scale_ = 0;
};

}  // namespace tertial
