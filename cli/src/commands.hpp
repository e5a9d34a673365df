// The subcommands and what they share: loading reports, printing diagnostics.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tertial/json/report_json.hpp"

namespace tertial::cli {

// One subcommand: its name, one-line help, how it declares its options, and
// what it runs. `setup` returns the action, bound to the parsed options.
struct Command {
    const char* name;
    const char* help;
    std::function<std::function<int(std::ostream& out, std::ostream& err)>(CLI::App&)> setup;
};

const std::vector<Command>& commands();

// A report read from a file, with its text kept for positions.
struct LoadedReport {
    std::string path;
    std::string text;
    json::ReadResult read;
    std::optional<Resolution> resolution;
    Diagnostics checks;
};

// Reads and checks one file. Returns nullopt if the file cannot be read
// (after printing why); data problems are in the result's diagnostics.
std::optional<LoadedReport> load_and_check(const std::string& path, std::ostream& err);

// Prints "file:line:col: error[code]: /pointer: message" lines.
void print_diagnostics(const LoadedReport& r, std::ostream& err);

}  // namespace tertial::cli
