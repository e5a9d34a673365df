// When a process ends, the kernel unmaps and frees its memory before the
// parent's wait() returns: for a build of seed 000 (23 MB resident) 1.7 ms
// from std::_Exit to the parent seeing the exit, against 0.45 ms for
// `tertial --version` (bench/issue-21-floors.md). None of it is needed by
// anyone: the outputs are committed by then. So, as the mold linker does
// with its forked child, the freeing is left to a process that ends after:
// a stand-in made with CLONE_VM shares the memory, so the caller's end only
// drops one of two references to it, and the stand-in, ending once the
// caller has (it polls a pidfd of the caller's), frees it.
//
// What the stand-in must not change for anyone: it closes every file
// descriptor before the caller goes on (a pipe from `tertial` reaches its
// end when `tertial` ends, not a moment later), leaves the working
// directory for "/", and blocks every signal (it runs none of the caller's
// handlers on the caller's memory). It lives a few milliseconds; orphaned,
// it is reaped by init (or the nearest subreaper) as any orphan is.
#include "teardown.hpp"

#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>

namespace tertial::cli {
namespace {

// In the shared memory, never freed: the stand-in's stack and what the two
// processes tell each other.
struct StandIn {
    int caller = -1;                    // a pidfd of the caller's process
    std::atomic<std::uint32_t> ready{0};  // 1 once the stand-in has closed the caller's files, 2 if it could not
    alignas(64) char stack[16 << 10];
};
StandIn stand_in;

long futex(std::atomic<std::uint32_t>& word, int op, std::uint32_t value) {
    return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), op, value, nullptr, nullptr, 0);
}

// The stand-in: system calls only. It runs on the caller's memory and
// thread-local storage beside the caller's last moments, so it touches
// nothing but its own stack and `stand_in`.
int stand_in_main(void*) {
    const auto keep = static_cast<unsigned>(stand_in.caller);
    const bool closed = (keep == 0 || syscall(SYS_close_range, 0U, keep - 1, 0U) == 0) &&
                        syscall(SYS_close_range, keep + 1, UINT_MAX, 0U) == 0;  // Linux 5.9
    syscall(SYS_chdir, "/");
    stand_in.ready.store(closed ? 1 : 2, std::memory_order_release);
    futex(stand_in.ready, FUTEX_WAKE_PRIVATE, 1);
    if (!closed) return 0;  // the caller ends as usual
    // Readable once the caller's process has ended (its memory dropped).
    // Every signal is blocked, so nothing interrupts the wait; should it
    // fail all the same, the stand-in ends now and the caller frees the
    // memory as usual.
    struct pollfd ended{stand_in.caller, POLLIN, 0};
    syscall(SYS_ppoll, &ended, 1, nullptr, nullptr, 0);
    return 0;  // the memory is freed as the stand-in ends
}

}  // namespace

pid_t leave_teardown_behind(std::size_t min_peak) {
    struct rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0 || static_cast<std::size_t>(usage.ru_maxrss) * 1024 < min_peak) return 0;
    const int caller = static_cast<int>(syscall(SYS_pidfd_open, getpid(), 0U));
    if (caller < 0) return 0;  // Linux before 5.3
    stand_in.caller = caller;
    // Every signal blocked before the clone, so the stand-in starts with
    // none; this thread is about to end the process and needs none either.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, nullptr);
    const pid_t pid = clone(stand_in_main, stand_in.stack + sizeof stand_in.stack, CLONE_VM | SIGCHLD, nullptr);
    if (pid < 0) {
        close(caller);
        return 0;
    }
    std::uint32_t ready;
    while ((ready = stand_in.ready.load(std::memory_order_acquire)) == 0) futex(stand_in.ready, FUTEX_WAIT_PRIVATE, 0);
    if (ready != 1) {
        waitpid(pid, nullptr, 0);
        close(caller);
        return 0;
    }
    return pid;
}

}  // namespace tertial::cli
