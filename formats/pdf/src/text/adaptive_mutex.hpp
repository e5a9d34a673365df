// A mutex that spins a little before it sleeps, for locks held a moment.
#pragma once

#include <pthread.h>

namespace tertial::pdf::text_detail {

// glibc's adaptive mutex (PTHREAD_MUTEX_ADAPTIVE_NP): a thread that finds
// it held spins for a while before it sleeps in the kernel. The text cache
// is locked for one hash lookup, thousands of times in a report; with
// reports laid out on two threads a std::mutex put one to sleep at many
// meetings (a futex call and a context switch, longer than the lookup):
// ten copies of seed 000 made 620-880 context switches, 330-590 with this.
// Meets the standard's Lockable, so std::lock_guard and std::unique_lock
// take it.
class AdaptiveMutex {
public:
    AdaptiveMutex() {
        pthread_mutexattr_t kind;
        pthread_mutexattr_init(&kind);
        pthread_mutexattr_settype(&kind, PTHREAD_MUTEX_ADAPTIVE_NP);
        pthread_mutex_init(&mutex_, &kind);
        pthread_mutexattr_destroy(&kind);
    }
    ~AdaptiveMutex() { pthread_mutex_destroy(&mutex_); }
    AdaptiveMutex(const AdaptiveMutex&) = delete;
    AdaptiveMutex& operator=(const AdaptiveMutex&) = delete;

    void lock() { pthread_mutex_lock(&mutex_); }
    bool try_lock() { return pthread_mutex_trylock(&mutex_) == 0; }
    void unlock() { pthread_mutex_unlock(&mutex_); }

private:
    pthread_mutex_t mutex_;
};

}  // namespace tertial::pdf::text_detail
