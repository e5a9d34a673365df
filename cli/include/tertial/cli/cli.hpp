// The `tertial` command line as a library: run(args) is all main() calls.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tertial::cli {

// Exit codes, one table for the whole command line (documented in README).
enum ExitCode : int {
    exit_ok = 0,
    exit_report_errors = 1,  // the report has errors (or warnings with --strict)
    exit_usage = 2,          // bad command line
    exit_io = 3,             // a file could not be read or written
    exit_internal = 4,       // a bug in Tertial
    exit_credentials = 5,    // sign: the key or certificate cannot sign (password, mismatch, expired, usage)
    exit_signature_broken = 6,       // verify: a signature does not match the bytes it covers, or is malformed
    exit_changed_after_signing = 7,  // verify: something other than a signature was changed after a signature
    exit_untrusted = 8,              // verify: a chain does not reach a --trust anchor, or was not valid at /M
    exit_unsigned = 9,               // verify: the PDF has no signature
};

// args excludes the program name.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tertial::cli
