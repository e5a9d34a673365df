// Exact decimal arithmetic on a 128-bit mantissa with an explicit scale.
#include "tertial/decimal.hpp"

#include <algorithm>
#include <stdexcept>

namespace tertial {
namespace {

// Keep well inside __int128 so that one addition never wraps; 10^36.
constexpr __int128 pow10(int n) {
    __int128 r = 1;
    for (int i = 0; i < n; ++i) r *= 10;
    return r;
}
constexpr __int128 limit = pow10(36);

void guard(__int128 m) {
    if (m >= limit || m <= -limit) throw DecimalOverflow("decimal value out of range");
}

__int128 abs128(__int128 v) { return v < 0 ? -v : v; }

// A scale asked for by a caller (divide, rounded): 0..max_scale. Beyond
// max_scale it is reported like any other value that does not fit.
void check_scale(int s) {
    if (s < 0) throw std::invalid_argument("negative decimal scale");
    if (s > Decimal::max_scale) throw DecimalOverflow("decimal scale out of range");
}

// Integer division rounding half away from zero. |num|, |den| <= 10^37, so
// r * 2 cannot wrap.
__int128 div_round(__int128 num, __int128 den) {
    bool neg = (num < 0) != (den < 0);
    __int128 n = abs128(num);
    __int128 d = abs128(den);
    __int128 q = n / d;
    __int128 r = n % d;
    if (r * 2 >= d) ++q;
    return neg ? -q : q;
}

// n * 10^shift / d rounded half away from zero, for 0 <= n < limit,
// 0 < d < limit, by long division so that no intermediate wraps: the
// remainder stays below d, and the quotient is checked digit by digit.
__int128 div_scaled(__int128 n, __int128 d, int shift) {
    __int128 q = n / d;
    __int128 r = n % d;
    for (int i = 0; i < shift; ++i) {
        r *= 10;
        q = q * 10 + r / d;
        r %= d;
        if (q >= limit) throw DecimalOverflow("decimal quotient out of range");
    }
    if (r * 2 >= d) ++q;
    return q;
}

// a * b / 10^e rounded half away from zero, for 0 <= a, b < limit and
// 1 <= e <= max_scale, through a 256-bit product (four 64-bit limbs, least
// significant first); throws DecimalOverflow unless the result is < limit.
__int128 mul_div_pow10(__int128 a, __int128 b, int e) {
    using u64 = std::uint64_t;
    using u128 = unsigned __int128;
    const u64 av[2] = {static_cast<u64>(a), static_cast<u64>(static_cast<u128>(a) >> 64)};
    const u64 bv[2] = {static_cast<u64>(b), static_cast<u64>(static_cast<u128>(b) >> 64)};
    u64 w[4] = {0, 0, 0, 0};
    for (int i = 0; i < 2; ++i) {
        u64 carry = 0;
        for (int j = 0; j < 2; ++j) {
            u128 t = static_cast<u128>(av[i]) * bv[j] + w[i + j] + carry;
            w[i + j] = static_cast<u64>(t);
            carry = static_cast<u64>(t >> 64);
        }
        w[i + 2] = carry;
    }
    const u64 den = static_cast<u64>(pow10(e));  // 10^18 < 2^64
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
        u128 cur = (rem << 64) | w[i];
        w[i] = static_cast<u64>(cur / den);
        rem = cur % den;
    }
    if (w[3] != 0 || w[2] != 0) throw DecimalOverflow("decimal product out of range");
    u128 q = (static_cast<u128>(w[1]) << 64) | w[0];
    if (rem * 2 >= den) ++q;
    if (q >= static_cast<u128>(limit)) throw DecimalOverflow("decimal product out of range");
    return static_cast<__int128>(q);
}

}  // namespace

Decimal Decimal::make(__int128 m, int s) {
    guard(m);
    return Decimal(m, s);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
    std::size_t i = 0;
    bool neg = false;
    if (i < text.size() && text[i] == '-') {
        neg = true;
        ++i;
    }
    __int128 m = 0;
    int scale = 0;
    int digits = 0;
    bool point = false;
    int int_digits = 0;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            if (point || int_digits == 0) return std::nullopt;
            point = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (++digits > max_digits) return std::nullopt;
        m = m * 10 + (c - '0');
        if (point) {
            if (++scale > max_scale) return std::nullopt;
        } else {
            ++int_digits;
        }
    }
    if (int_digits == 0 || (point && scale == 0)) return std::nullopt;
    // One spelling per value, so reading and writing is lossless: no leading
    // zeros ("07"), no negative zero ("-0.0").
    std::size_t first = neg ? 1 : 0;
    if (int_digits > 1 && text[first] == '0') return std::nullopt;
    if (neg && m == 0) return std::nullopt;
    return Decimal(neg ? -m : m, scale);
}

std::string Decimal::to_string() const {
    __int128 m = mantissa_ < 0 ? -mantissa_ : mantissa_;
    std::string digits;
    do {
        digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    } while (m != 0);
    while (static_cast<int>(digits.size()) <= scale_) digits.push_back('0');
    std::reverse(digits.begin(), digits.end());
    if (scale_ > 0) digits.insert(digits.end() - scale_, '.');
    if (mantissa_ < 0) digits.insert(digits.begin(), '-');
    return digits;
}

Decimal Decimal::with_scale(int s) const {
    if (s <= scale_) return *this;
    // Check before multiplying: the product itself could wrap __int128.
    __int128 f = pow10(s - scale_);
    if (abs128(mantissa_) >= limit / f) throw DecimalOverflow("decimal value out of range");
    return make(mantissa_ * f, s);
}

Decimal Decimal::operator-() const { return Decimal(-mantissa_, scale_); }

Decimal Decimal::operator+(const Decimal& o) const {
    int s = std::max(scale_, o.scale_);
    return make(with_scale(s).mantissa_ + o.with_scale(s).mantissa_, s);
}

Decimal Decimal::operator-(const Decimal& o) const { return *this + (-o); }

Decimal Decimal::operator*(const Decimal& o) const {
    int s = scale_ + o.scale_;
    __int128 a = mantissa_, b = o.mantissa_;
    if (a != 0 && b != 0) {
        __int128 aa = abs128(a), bb = abs128(b);
        if (aa > limit / bb) {
            // The exact mantissa does not fit; if the scale exceeds max_scale
            // the result is rounded anyway and may well fit then.
            if (s <= max_scale) throw DecimalOverflow("decimal product out of range");
            bool neg = (a < 0) != (b < 0);
            __int128 q = mul_div_pow10(aa, bb, s - max_scale);
            return make(neg ? -q : q, max_scale);
        }
    }
    Decimal p = make(a * b, s);
    return s > max_scale ? p.rounded(max_scale) : p;
}

Decimal Decimal::divide(const Decimal& o, int scale) const {
    if (o.mantissa_ == 0) throw std::domain_error("division by zero");
    check_scale(scale);
    // this/o = (m1 / 10^s1) / (m2 / 10^s2); we want q with `scale` decimals:
    // q = m1 * 10^(scale + s2 - s1) / m2.
    int shift = scale + o.scale_ - scale_;
    bool neg = (mantissa_ < 0) != (o.mantissa_ < 0);
    __int128 n = abs128(mantissa_), d = abs128(o.mantissa_);
    __int128 q;
    if (shift >= 0) {
        q = div_scaled(n, d, shift);
    } else {
        // q = n / (d * 10^k). If d * 10^k exceeds 10^37 > 2n, q rounds to 0
        // (and computing it could wrap).
        __int128 f = pow10(-shift);  // -shift <= max_scale
        if (d > pow10(37) / f) {
            q = 0;
        } else {
            q = div_round(n, d * f);
        }
    }
    return make(neg ? -q : q, scale);
}

Decimal Decimal::rounded(int scale) const {
    check_scale(scale);
    if (scale >= scale_) return with_scale(scale);
    return make(div_round(mantissa_, pow10(scale_ - scale)), scale);
}

std::strong_ordering Decimal::cmp(const Decimal& o) const {
    // Never throws: widening to a common scale could overflow, so compare the
    // integer parts (truncated toward zero, which keeps order) first, then
    // the fractions, which are below 10^max_scale at any common scale.
    __int128 fa = pow10(scale_), fb = pow10(o.scale_);
    __int128 ia = mantissa_ / fa, ib = o.mantissa_ / fb;
    if (ia != ib) return ia < ib ? std::strong_ordering::less : std::strong_ordering::greater;
    int s = std::max(scale_, o.scale_);
    __int128 ra = (mantissa_ % fa) * pow10(s - scale_);
    __int128 rb = (o.mantissa_ % fb) * pow10(s - o.scale_);
    if (ra < rb) return std::strong_ordering::less;
    if (ra > rb) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
}

}  // namespace tertial
