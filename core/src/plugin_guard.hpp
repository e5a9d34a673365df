// Catching a plugin that ends the process: while a plugin's code runs, exit()
// and quick_exit() print what happened and fail (not part of the installed API).
#pragma once

#include <string>

namespace tertial::detail {

// The exit code when a plugin calls exit() or quick_exit(): a plugin error
// is an error of the report that names it (README, "exit codes").
inline constexpr int plugin_exit_code = 1;

// While one lives, a call to exit() or quick_exit() (which Tertial's own code
// never makes) prints `message` to stderr and ends the process with
// plugin_exit_code at once, instead of letting a command end quietly, as if
// all was well, from inside a plugin. `message` must outlive the guard.
// Nests, and holds for the thread it lives on (several threads may run
// plugin code at once); not meant for threads a plugin starts itself.
class PluginCodeGuard {
public:
    explicit PluginCodeGuard(const std::string& message);
    ~PluginCodeGuard();
    PluginCodeGuard(const PluginCodeGuard&) = delete;
    PluginCodeGuard& operator=(const PluginCodeGuard&) = delete;

private:
    const char* previous_;
};

// "tertial: error[plugin.exit]: WHO: called exit() while DOING; ...": the
// message for a guard.
std::string plugin_exit_message(const std::string& who, const std::string& doing);

}  // namespace tertial::detail
