// The exit() guard around plugin code: see plugin_guard.hpp.
#include "plugin_guard.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace tertial::detail {
namespace {

// The message of this thread's innermost live guard, or nullptr when no
// plugin code runs on it. A thread of its own: reports are checked on
// several threads at once, and exit() runs its handlers on the thread that
// called it.
thread_local const char* running = nullptr;

// Runs inside exit(): only what is safe there (no allocation, no objects
// that exit() may already have destroyed).
extern "C" void on_exit_from_plugin() {
    const char* message = running;
    if (!message) return;
    std::size_t left = std::strlen(message);
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, message, left);
        if (n <= 0) break;
        message += n;
        left -= static_cast<std::size_t>(n);
    }
    ::_exit(plugin_exit_code);
}

// Registered before the first plugin's code runs, so every handler a plugin
// registers runs before this one: they are its code, as exit() is.
void install_once() {
    static const bool installed = [] {
        std::atexit(on_exit_from_plugin);
        std::at_quick_exit(on_exit_from_plugin);
        return true;
    }();
    (void)installed;
}

}  // namespace

PluginCodeGuard::PluginCodeGuard(const std::string& message) {
    install_once();
    previous_ = running;
    running = message.c_str();
}

PluginCodeGuard::~PluginCodeGuard() { running = previous_; }

std::string plugin_exit_message(const std::string& who, const std::string& doing) {
    return fmt::format("tertial: error[plugin.exit]: {}: called exit() while {}; a plugin must report problems by "
                       "throwing, not end Tertial (exit code {})\n",
                       who, doing, plugin_exit_code);
}

}  // namespace tertial::detail
