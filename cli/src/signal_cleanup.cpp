// The signal handler and its registry of temporary paths.
//
// Why a registry read by the handler, not a self-pipe: a self-pipe needs a
// thread or loop that reads it, and a build spends its time laying out and
// compressing, with no loop to poll. The handler does only what is
// async-signal-safe: it reads a fixed array of C strings (changed only while
// the signals are blocked in the main thread, so never while it runs there),
// calls unlink, rmdir, sigaction and raise, and leaves the process by the
// same signal with its default action, so the caller sees how it ended.
#include "signal_cleanup.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace tertial::cli {
namespace {

constexpr int signals[] = {SIGINT, SIGTERM, SIGHUP};

struct Slot {
    char* path;  // owned (strdup); nullptr when free
    bool directory;
};
// Plain storage, no constructors: the handler may read it at any time.
std::array<Slot, 4096> slots;
volatile sig_atomic_t installed = 0;
pid_t owner_pid = 0;  // the process that installed the handler
pid_t main_tid = 0;   // the thread that changes the registry

sigset_t signal_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : signals) sigaddset(&set, s);
    return set;
}

pid_t this_thread() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

void remove_temporaries() {
    for (const Slot& s : slots)
        if (s.path && !s.directory) ::unlink(s.path);
    // Directories inside one another: innermost first, whatever their
    // order here; rmdir leaves any directory that is not empty.
    for (std::size_t pass = 0; pass < slots.size(); ++pass) {
        bool removed = false;
        for (const Slot& s : slots)
            if (s.path && s.directory && ::rmdir(s.path) == 0) removed = true;
        if (!removed) break;
    }
}

void on_signal(int sig) {
    int saved = errno;
    if (::getpid() != owner_pid) {
        // A forked child (the PDF reader) ends as it would have; the
        // temporaries are its parent's.
    } else if (this_thread() != main_tid) {
        // Another thread (fonts, hyphenation) caught it: the main thread
        // may be changing the registry, so it gets the signal, and acts on
        // it as soon as it does not have it blocked.
        ::syscall(SYS_tgkill, owner_pid, main_tid, sig);
        errno = saved;
        return;
    } else {
        remove_temporaries();
    }
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    // Blocked while the handler runs: delivered, with the default action
    // (the end of the process), as it returns.
    ::raise(sig);
    errno = saved;
}

void install() {
    owner_pid = ::getpid();
    main_tid = this_thread();
    for (int s : signals) {
        struct sigaction old {};
        ::sigaction(s, nullptr, &old);
        if (old.sa_handler == SIG_IGN) continue;  // nohup, or a shell's background job: keep ignoring it
        struct sigaction act {};
        act.sa_handler = on_signal;
        act.sa_mask = signal_set();
        act.sa_flags = SA_RESTART;
        ::sigaction(s, &act, nullptr);
    }
    installed = 1;
}

}  // namespace

SignalsDeferred::SignalsDeferred() {
    // Installed before the first file is made, not when it is tracked: a
    // signal another thread (fonts, --jobs workers) takes in between would
    // otherwise still have its default action, and end the process with
    // the file left behind (seen once in 30 runs of cli_files_test).
    if (!installed) install();
    sigset_t set = signal_set();
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

SignalsDeferred::~SignalsDeferred() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

void track_temporary(const std::string& path, bool directory) {
    if (!installed) install();
    for (Slot& s : slots)
        if (!s.path) {
            char* copy = ::strdup(path.c_str());
            if (!copy) throw std::bad_alloc();
            s.directory = directory;
            s.path = copy;
            return;
        }
    throw std::length_error("more than 4096 temporary files at once");
}

void untrack_temporary(const std::string& path) {
    for (Slot& s : slots)
        if (s.path && path == s.path) {
            char* p = s.path;
            s.path = nullptr;
            std::free(p);
            return;
        }
}

}  // namespace tertial::cli
