// Helper threads that a PDF build starts beside the thread they help, for
// a few milliseconds of work (layout/layout_warm.cpp, emit/page_drafts.cpp,
// the fonts' and the PDF writer module's loading).
#pragma once

#include <pthread.h>
#include <sched.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

namespace tertial::pdf {

// A thread running `body` on the process's CPUs other than the calling
// thread's one (on any, when there is no other). Linux queues a new thread
// on its starter's CPU, where it waits until the starter blocks or its
// time slice ends, while the other CPU is idle: on a 2-core VM a thread
// started beside a busy one began 2.4-2.9 ms later (median;
// bench/thread_start prints it), the layout helper beside the first pass
// in 6 builds of 10 (bench/issue-21-speed.md). Moved by its starter before
// it ever runs, it begins in 0.05-0.1 ms, and is not woken beside its
// starter again. Throws std::system_error as std::thread does.
template <class Body>
std::thread start_beside(Body&& body) {
    const int starter = sched_getcpu();
    std::thread thread(std::forward<Body>(body));
    cpu_set_t others;
    if (starter >= 0 && sched_getaffinity(0, sizeof others, &others) == 0 && CPU_COUNT(&others) >= 2 &&
        CPU_ISSET(starter, &others)) {
        CPU_CLR(starter, &others);
        pthread_setaffinity_np(thread.native_handle(), sizeof others, &others);
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
