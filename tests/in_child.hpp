// Runs a test's body in a child process, for what is set up for a whole
// process (the heap's step, the process's end) and must not touch the
// test binary's own.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

namespace tertial::test {

// Runs `body` in a forked child that exits with what it returns; returns
// that exit code (128 + the signal's number if a signal ended it).
template <class Body>
int in_child(Body body) {
    pid_t pid = fork();
    if (pid == 0) _exit(body());
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace tertial::test
