// printable() and TerminalSafeBuf: one UTF-8 scanner that escapes control characters.
#include "terminal_text.hpp"

#include <fmt/format.h>

namespace tertial::cli {
namespace {

void escape_char(std::string& out, unsigned code) { out += fmt::format("\\u{:04x}", code); }

void escape_bytes(std::string& out, std::string_view bytes) {
    for (unsigned char b : bytes) out += fmt::format("\\x{:02x}", b);
}

// Appends `in` to `out`, escaped; `need` and `pending` carry an unfinished
// UTF-8 sequence from one call to the next.
void scan(std::string& out, std::string_view in, bool keep_lines, std::string& pending, std::size_t& need) {
    for (char ch : in) {
        auto b = static_cast<unsigned char>(ch);
        if (need > 0) {
            if ((b & 0xC0) == 0x80) {
                pending += ch;
                if (--need == 0) {
                    auto lead = static_cast<unsigned char>(pending[0]);
                    if (lead == 0xC2 && b <= 0x9F)
                        escape_char(out, b);  // C1: U+0080..U+009F
                    else
                        out += pending;
                    pending.clear();
                }
                continue;
            }
            escape_bytes(out, pending);  // cut short: not UTF-8
            pending.clear();
            need = 0;
        }
        if (b < 0x80) {
            if ((b < 0x20 && !(keep_lines && (b == '\n' || b == '\t'))) || b == 0x7F)
                escape_char(out, b);
            else
                out += ch;
        } else if (b >= 0xC2 && b <= 0xF4) {
            pending = ch;
            need = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
        } else {
            escape_bytes(out, std::string_view(&ch, 1));
        }
    }
}

}  // namespace

std::string printable(std::string_view text) {
    std::string out, pending;
    std::size_t need = 0;
    out.reserve(text.size());
    scan(out, text, false, pending, need);
    escape_bytes(out, pending);
    return out;
}

TerminalSafeBuf::~TerminalSafeBuf() {
    std::string rest;
    escape_bytes(rest, pending_);
    target_->sputn(rest.data(), static_cast<std::streamsize>(rest.size()));
    target_->pubsync();
}

TerminalSafeBuf::int_type TerminalSafeBuf::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
}

std::streamsize TerminalSafeBuf::xsputn(const char* s, std::streamsize n) {
    std::string out;
    out.reserve(static_cast<std::size_t>(n));
    scan(out, std::string_view(s, static_cast<std::size_t>(n)), true, pending_, need_);
    auto size = static_cast<std::streamsize>(out.size());
    return target_->sputn(out.data(), size) == size ? n : 0;
}

int TerminalSafeBuf::sync() { return target_->pubsync(); }

void TerminalSafeBuf::write_own_sequence(std::string_view sequence) {
    target_->sputn(sequence.data(), static_cast<std::streamsize>(sequence.size()));
}

void write_own_sequence(std::ostream& out, std::string_view sequence) {
    out.flush();
    if (auto* safe = dynamic_cast<TerminalSafeBuf*>(out.rdbuf())) safe->write_own_sequence(sequence);
    else out.write(sequence.data(), static_cast<std::streamsize>(sequence.size()));
}

}  // namespace tertial::cli
