// `tertial edit` from start to stop: the lock, the .bak copy, the server, signals, the browser.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

#include "tertial/editor/editor.hpp"
#include "tertial/editor/session.hpp"

extern char** environ;

namespace tertial::editor {
namespace fs = std::filesystem;
namespace {

// `.REPORT.json.lock` beside the report, flock()ed for as long as the editor
// runs: the kernel releases it when the process ends, however it ends.
class FileLock {
public:
    explicit FileLock(const fs::path& report) : path_(report.parent_path() / ("." + report.filename().string() + ".lock")) {}
    ~FileLock() {
        if (fd_ < 0) return;
        if (held_) ::unlink(path_.c_str());  // before the lock goes, so nobody else is holding it
        ::close(fd_);
    }
    // "" when taken; else why not.
    std::string take() {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) return fmt::format("cannot create the lock file {}: {}", path_.string(), std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            char buf[32] = {};
            ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
            std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
            while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
            return fmt::format("it is open in another tertial edit{}; close that one first (lock file {})",
                               pid.empty() ? "" : " (process " + pid + ")", path_.string());
        }
        held_ = true;
        std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
        }  // the pid is only for the message above
        return "";
    }

private:
    fs::path path_;
    int fd_ = -1;
    bool held_ = false;
};

// REPORT.json.bak: the file as it was when this editor opened it.
void keep_backup(const fs::path& file, const std::string& bytes) {
    fs::path bak = file;
    bak += ".bak";
    fs::path temp = bak;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) throw std::runtime_error(fmt::format("{}: cannot write: {}", temp.string(), std::strerror(errno)));
    }
    fs::rename(temp, bak);
}

// The default browser, where there is a display to show one; never waited for.
void open_browser(const std::string& url) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string prog = "xdg-open";
    char* argv[] = {prog.data(), const_cast<char*>(url.c_str()), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv, environ) == 0)
        std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
    posix_spawn_file_actions_destroy(&actions);
}

}  // namespace

Outcome run(const Options& options, std::ostream& out, std::ostream& err) {
    const fs::path& file = options.file;
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        fmt::print(err, "{}: error: is a directory, not a report file\n", file.string());
        return Outcome::io_error;
    }
    if (::access(file.c_str(), R_OK | W_OK) != 0) {
        fmt::print(err, "{}: error: cannot {}: {}\n", file.string(), ::access(file.c_str(), R_OK) ? "read" : "write",
                   std::strerror(errno));
        return Outcome::io_error;
    }
    FileLock lock(file);
    if (std::string why = lock.take(); !why.empty()) {
        fmt::print(err, "tertial edit: error: {}: {}\n", file.string(), why);
        return Outcome::busy;
    }
    // SIGINT and SIGTERM go to one thread that stops the server; blocked
    // here, before any other thread exists, so every thread inherits that.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a browser that closes a connection early must not end the editor
    try {
        Session session(file, *options.host, options.house_style);
        keep_backup(file, session.opened_text());
        Server server(session, options.port);
        // A signal may come before listen() has started, when stop() does
        // nothing yet: ask again until listen() has returned.
        std::atomic<bool> listening_done = false;
        std::thread stopper([&] {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            while (!listening_done) {
                server.stop();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        fmt::print(out, "Tertial editor: {}\nCtrl-C to stop.\n", server.address());
        out.flush();
        if (options.open_browser) open_browser(server.address());
        server.listen();
        listening_done = true;
        pthread_kill(stopper.native_handle(), SIGTERM);  // if the server stopped for another reason
        stopper.join();
        fmt::print(out, "Stopped; every change is saved in {}.\n", file.string());
    } catch (const SessionError& e) {
        fmt::print(err, "{}\n", e.what());
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
        return Outcome::report_unreadable;
    } catch (const std::exception& e) {
        fmt::print(err, "tertial edit: error: {}\n", e.what());
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
        return Outcome::io_error;
    }
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    return Outcome::stopped;
}

}  // namespace tertial::editor
