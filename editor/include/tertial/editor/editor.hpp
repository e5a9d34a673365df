// `tertial edit`: a local web editor for one report, with live preview.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tertial/model.hpp"
#include "tertial/plugin.hpp"

namespace tertial {
class PluginHost;
}

namespace tertial::editor {

// How `tertial edit` ended; the CLI maps these to its exit codes.
enum class Outcome { stopped, report_unreadable, io_error, busy };

struct Options {
    std::filesystem::path file;
    int port = 0;  // 0: a free port
    bool open_browser = true;
    PluginHost* host = nullptr;
    // The house style a report is laid out in (its municipality plugin's).
    std::function<HouseStyle(const Report&)> house_style;
};

// Locks the file against a second editor, keeps FILE.bak, serves the editor
// on 127.0.0.1 until SIGINT or SIGTERM. Prints the address on `out`, errors
// on `err`.
Outcome run(const Options& options, std::ostream& out, std::ostream& err);

class Session;

// The HTTP server of one session, on 127.0.0.1 (also for tests: start it,
// talk to it over a real socket, stop it).
class Server {
public:
    // Binds 127.0.0.1:port (0: a free one); throws std::runtime_error if it cannot.
    Server(Session& session, int port);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int port() const;
    const std::string& token() const;
    std::string address() const;  // http://127.0.0.1:PORT/?token=TOKEN
    // Serves until stop() (from another thread or a signal handler thread).
    void listen();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tertial::editor
