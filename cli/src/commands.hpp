// The subcommands and what they share: loading reports, printing diagnostics.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tertial/json/report_json.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::cli {

// One subcommand: its name, one-line help, how it declares its options, and
// what it runs. `setup` returns the action, bound to the parsed options.
struct Command {
    const char* name;
    const char* usage;
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

// Reads and checks one file, with the plugins it names loaded from `host`.
// Returns nullopt if the file cannot be read (after printing why); data and
// plugin problems are in the result's diagnostics.
// With `host_lock`, plugins are loaded under it, so that several threads
// may check reports with the one host.
// `plugins_loaded`, when set, is called once the report's plugins are open
// (or it has none), before it is checked; not when one could not be loaded.
std::optional<LoadedReport> load_and_check(const std::string& path, PluginHost& host, std::ostream& err,
                                           std::mutex* host_lock = nullptr, const std::function<void()>& plugins_loaded = {});
// Reads and checks a report's JSON text; `name` is the file named in messages.
LoadedReport check_text(const std::string& name, std::string text, PluginHost& host, std::mutex* host_lock = nullptr,
                        const std::function<void()>& plugins_loaded = {});

// --plugin-dir and --allow-unsafe-plugins, shared by every command that loads plugins.
void add_plugin_dir_option(CLI::App& app, std::vector<std::string>& dirs);
bool allow_unsafe_plugins();
void reset_plugin_options();
// The plugin search path for these --plugin-dir values (see PluginHost::search_path).
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& dirs);

// The plugin and report kind commands.
std::function<int(std::ostream&, std::ostream&)> setup_plugins(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_new(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_extract(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_sign(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_verify(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_ltv(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_rollover(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_edit(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_review(CLI::App& app);
std::function<int(std::ostream&, std::ostream&)> setup_plugin(CLI::App& app);
// `tertial import`: a group; each kind of source registers its subcommand,
// which sets the action the group runs.
using ImportAction = std::function<int(std::ostream&, std::ostream&)>;
std::function<int(std::ostream&, std::ostream&)> setup_import(CLI::App& app);
void register_import_ledger(CLI::App& import, ImportAction& chosen);
void register_import_kolada(CLI::App& import, ImportAction& chosen);
void register_import_docx(CLI::App& import, ImportAction& chosen);

// Prints "file:line:col: error[code]: /pointer: message" lines.
void print_diagnostics(const LoadedReport& r, std::ostream& err);
// The same, for its errors only (warnings left out).
void print_errors(const LoadedReport& r, std::ostream& err);

// `written`, the report text about to go to `path`, read back and checked
// with the plugins it names: true when it has no errors; else false after
// printing them, placed as they would be in the file.
bool reads_back_clean(const std::string& path, const std::string& written, PluginHost& host, std::ostream& err);
// Writes `bytes` to `path` atomically (its directory made if missing); on
// failure prints "tertial COMMAND: error: …; nothing written" and returns false.
bool write_output(const std::string& path, const std::string& bytes, const std::string& command, std::ostream& err);

}  // namespace tertial::cli
