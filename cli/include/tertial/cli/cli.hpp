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
};

// args excludes the program name.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tertial::cli
