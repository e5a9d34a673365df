// What libtertial_pdf itself keeps of signing, needing neither OpenSSL nor
// libqpdf: signing times as PDFs and people write them, and the verdict on a
// verification. The rest is the signature module's (sign_module.hpp).
#include <algorithm>
#include <ctime>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf {
namespace {

// ---- calendar (proleptic Gregorian, no time zone database needed) -------------------

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    int year, month, day, hour, minute, second;
};

Civil civil_from_unix(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - days * 86400;
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)),
            static_cast<int>(m),
            static_cast<int>(d),
            static_cast<int>(secs / 3600),
            static_cast<int>(secs / 60 % 60),
            static_cast<int>(secs % 60)};
}

bool valid_civil(int y, int mo, int d, int h, int mi, int s) {
    static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= month_days[mo - 1] && !(mo == 2 && d == 29 && !leap);
}

// Reads `n` digits at `s[at]`; -1 when they are not all digits.
int digits(const std::string& s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::string two(int v) {
    std::string s = v < 10 ? "0" : "";
    s += std::to_string(v);
    return s;
}

std::string offset_text(int minutes, const char* separator, const char* end) {
    int a = std::abs(minutes);
    std::string s(1, minutes < 0 ? '-' : '+');
    s += two(a / 60);
    s += separator;
    s += two(a % 60);
    s += end;
    return s;
}

}  // namespace

SigningTime parse_iso_time(const std::string& iso) {
    auto bad = [&](const std::string& why) {
        return std::invalid_argument("'" + iso + "' is not a time like 2020-05-12T10:31:00+02:00: " + why);
    };
    int y = digits(iso, 0, 4), mo = digits(iso, 5, 2), d = digits(iso, 8, 2), h = digits(iso, 11, 2),
        mi = digits(iso, 14, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
        iso[13] != ':')
        throw bad("expected YYYY-MM-DDTHH:MM");
    std::size_t at = 16;
    int s = 0;
    if (at < iso.size() && iso[at] == ':') {
        s = digits(iso, at + 1, 2);
        if (s < 0) throw bad("seconds must be two digits");
        at += 3;
    }
    if (!valid_civil(y, mo, d, h, mi, s)) throw bad("no such date or time");
    int offset = 0;
    if (at < iso.size() && iso[at] == 'Z' && at + 1 == iso.size()) {
        offset = 0;
    } else if (at < iso.size() && (iso[at] == '+' || iso[at] == '-') && at + 6 == iso.size() && iso[at + 3] == ':') {
        int oh = digits(iso, at + 1, 2), om = digits(iso, at + 4, 2);
        if (oh < 0 || om < 0 || oh > 14 || om > 59) throw bad("bad UTC offset");
        offset = (oh * 60 + om) * (iso[at] == '-' ? -1 : 1);
    } else {
        throw bad("it must end with Z or a UTC offset like +02:00");
    }
    std::int64_t local =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
    return {local - offset * 60, offset};
}

SigningTime signing_time_now() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return {static_cast<std::int64_t>(now), static_cast<int>(local.tm_gmtoff / 60)};
}

std::string pdf_date(const SigningTime& t) {
    Civil c = civil_from_unix(t.unix_seconds + t.utc_offset_minutes * 60);
    return "D:" + std::to_string(c.year) + two(c.month) + two(c.day) + two(c.hour) + two(c.minute) + two(c.second) +
           offset_text(t.utc_offset_minutes, "'", "'");
}

std::string display_time(const SigningTime& t) {
    Civil c = civil_from_unix(t.unix_seconds + t.utc_offset_minutes * 60);
    return std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day) + " " + two(c.hour) + ":" + two(c.minute) +
           ":" + two(c.second) + " " + offset_text(t.utc_offset_minutes, ":", "");
}

std::optional<SigningTime> parse_pdf_date(const std::string& date) {
    std::string s = date.rfind("D:", 0) == 0 ? date.substr(2) : date;
    int y = digits(s, 0, 4);
    if (y < 0) return std::nullopt;
    int parts[5] = {1, 1, 0, 0, 0};  // month, day, hour, minute, second
    std::size_t at = 4;
    for (int& p : parts) {
        int v = digits(s, at, 2);
        if (v < 0) break;
        p = v;
        at += 2;
    }
    if (!valid_civil(y, parts[0], parts[1], parts[2], parts[3], parts[4])) return std::nullopt;
    int offset = 0;
    if (at < s.size()) {
        char sign = s[at];
        if (sign == 'Z') {
            ++at;
        } else if (sign == '+' || sign == '-') {
            int oh = digits(s, at + 1, 2);
            if (oh < 0 || oh > 14) return std::nullopt;
            at += 3;
            int om = 0;
            if (at < s.size() && s[at] == '\'') ++at;
            if (digits(s, at, 2) >= 0) {
                om = digits(s, at, 2);
                at += 2;
            }
            if (om > 59) return std::nullopt;
            offset = (oh * 60 + om) * (sign == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
        if (at < s.size() && s[at] == '\'') ++at;
        if (at != s.size()) return std::nullopt;
    }
    std::int64_t local = days_from_civil(y, static_cast<unsigned>(parts[0]), static_cast<unsigned>(parts[1])) * 86400 +
                         parts[2] * 3600 + parts[3] * 60 + parts[4];
    return SigningTime{local - offset * 60, offset};
}

Verdict verdict(const VerifyResult& r) {
    if (r.signatures.empty()) return r.pdf.readable ? Verdict::unsigned_document : Verdict::unreadable;
    auto any = [&](auto pred) { return std::any_of(r.signatures.begin(), r.signatures.end(), pred); };
    if (any([](const SignatureCheck& c) { return c.integrity != Integrity::intact; })) return Verdict::broken;
    if (any([](const SignatureCheck& c) { return c.parsed.later == Later::other_changes; })) return Verdict::changed;
    if (any([](const SignatureCheck& c) { return c.chain != Chain::trusted && c.chain != Chain::not_checked; }))
        return Verdict::untrusted;
    if (any([](const SignatureCheck& c) {
            return c.revocation == Revocation::revoked || c.revocation == Revocation::unknown;
        }))
        return Verdict::untrusted;
    return Verdict::ok;
}

}  // namespace tertial::pdf
