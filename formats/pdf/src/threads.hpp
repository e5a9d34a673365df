// Helper threads that a PDF build starts beside the thread they help, for
// a few milliseconds of work (layout/layout_warm.cpp, emit/page_drafts.cpp,
// the fonts' and the PDF writer module's loading).
#pragma once

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace tertial::pdf {

// How long a thread started by start_beside() stays off its starter's CPU.
enum class Beside {
    // Moved before it runs, then placed by the scheduler as any thread: for
    // work that runs while its starter may block and move (the fonts' and
    // the PDF writer module's loading). Two of them kept off a starter's
    // CPU took turns on the other one, 4 ms at a time, while the starter's
    // was idle: seed 000 took 32-35 ms instead of 21-24 in a third of its
    // builds, ten copies 110-135 ms instead of 76-82 in half of theirs.
    at_start,
    // Kept off it as long as it runs: a helper beside a starter that stays
    // busy meanwhile (the layout's second thread, the page drafts'), which
    // Linux would otherwise wake on the starter's CPU again.
    throughout,
};

// A thread running `body`, started on one of the process's CPUs other than
// the calling thread's (on any, when there is no other). Linux queues a
// new thread on its starter's CPU, where it waits until the starter blocks
// or its time slice ends, while the other CPU is idle: on a 2-core VM a
// thread started beside a busy one began 2.4-2.9 ms later (median;
// bench/thread_start prints it), the layout helper beside the first pass
// in 6 builds of 10 (bench/issue-21-speed.md). Moved by its starter before
// it ever runs, it begins in 0.05-0.1 ms. Throws std::system_error as
// std::thread does.
template <class Body>
std::thread start_beside(Beside how_long, Body&& body) {
    const int starter = sched_getcpu();
    cpu_set_t all;
    CPU_ZERO(&all);
    const bool move = starter >= 0 && sched_getaffinity(0, sizeof all, &all) == 0 && CPU_COUNT(&all) >= 2 &&
                      CPU_ISSET(starter, &all);
    // For a thread that lets go: set once it has been moved, as it lets go
    // of the CPUs it was moved to only after that. The starter moves it
    // right after starting it, so the thread yields rather than sleeps for
    // it: a thread woken on an idle CPU may wait for that CPU's next tick.
    auto moved = move && how_long == Beside::at_start ? std::make_shared<std::atomic<bool>>(false) : nullptr;
    std::thread thread([all, moved, body = std::forward<Body>(body)]() mutable {
        if (moved) {
            while (!moved->load(std::memory_order_acquire)) std::this_thread::yield();
            pthread_setaffinity_np(pthread_self(), sizeof all, &all);
        }
        body();
    });
    if (move) {
        cpu_set_t others = all;
        CPU_CLR(starter, &others);
        pthread_setaffinity_np(thread.native_handle(), sizeof others, &others);
        if (moved) moved->store(true, std::memory_order_release);
    }
    return thread;
}

// Work a detached thread does once, waited for by others: a mutex and a
// condition variable, not a std::promise, whose futex helgrind cannot
// follow (it then took every read of the fonts after the wait for a race).
// Before start(), wait() returns at once: there is nothing to wait for.
class Handover {
public:
    void start() {
        std::lock_guard<std::mutex> held(lock_);
        started_ = true;
    }
    void finish() {
        {
            std::lock_guard<std::mutex> held(lock_);
            finished_ = true;
        }
        changed_.notify_all();
    }
    void wait() {
        std::unique_lock<std::mutex> held(lock_);
        changed_.wait(held, [this] { return !started_ || finished_; });
    }
    // Started and not yet finished: wait() would wait.
    bool pending() {
        std::lock_guard<std::mutex> held(lock_);
        return started_ && !finished_;
    }

private:
    std::mutex lock_;
    std::condition_variable changed_;
    bool started_ = false, finished_ = false;
};

}  // namespace tertial::pdf
