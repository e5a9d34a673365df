// Removing Tertial's temporary files and directories when SIGINT, SIGTERM or SIGHUP ends the process.
#pragma once

#include <signal.h>

#include <string>

namespace tertial::cli {

// While one lives, SIGINT, SIGTERM and SIGHUP wait (they are blocked in
// this thread, and a handler on another thread hands them to this one):
// what is done inside (create and track a file, rename and untrack it) is
// done whole before a signal ends the process.
class SignalsDeferred {
public:
    SignalsDeferred();
    ~SignalsDeferred();
    SignalsDeferred(const SignalsDeferred&) = delete;
    SignalsDeferred& operator=(const SignalsDeferred&) = delete;

private:
    sigset_t old_;
};

// Remembers a temporary file (or a directory made for the outputs) that the
// handler removes if one of those signals comes; the handler is installed
// by the first SignalsDeferred (or on first use), for the signals that are
// not ignored. Call inside a
// SignalsDeferred, right after creating it. Throws std::length_error past
// 4096 paths at once.
void track_temporary(const std::string& path, bool directory);
// Forgets it (it was renamed into place or removed). Inside a SignalsDeferred.
void untrack_temporary(const std::string& path);

}  // namespace tertial::cli
