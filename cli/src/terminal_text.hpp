// Text from input files made harmless on a terminal: control characters escaped, never sent raw.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace tertial::cli {

// `text` with every control character written out: C0 (newline and tab
// too), DEL and C1 as \u001b, \u007f, \u009b (as JSON writes them), and each
// byte that is not part of valid UTF-8 as \xff. For one field of a line
// (a file name, a JSON key, a message), so that input can neither move the
// cursor, recolour the terminal nor start a line of its own.
std::string printable(std::string_view text);

// A stream buffer that passes everything to `target` escaped as printable()
// does, except newlines and tabs (the lines are Tertial's own). Every
// command prints through one, so nothing from an input reaches the
// terminal raw, whichever message it is in.
class TerminalSafeBuf : public std::streambuf {
public:
    explicit TerminalSafeBuf(std::streambuf* target) : target_(target) {}
    ~TerminalSafeBuf() override;

    // Tertial's own escape sequence (a colour for `review diff`), passed
    // through as it is; never text from an input.
    void write_own_sequence(std::string_view sequence);
    // Where it writes (to tell whether a stream ends on the process's stderr).
    std::streambuf* target() const { return target_; }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    std::streambuf* target_;
    std::string pending_;  // an unfinished UTF-8 sequence
    std::size_t need_ = 0;
};

// Writes Tertial's own escape sequence to `out`: raw through a
// TerminalSafeBuf, as it is to any other stream.
void write_own_sequence(std::ostream& out, std::string_view sequence);

}  // namespace tertial::cli
