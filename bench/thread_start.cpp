// How long a helper thread takes to begin while the thread that started it
// keeps busy, as a build's main thread does: started plainly (std::thread)
// and with start_beside() (formats/pdf/src/threads.hpp), interleaved.
//
//   build/bin/thread_start [ROUNDS]     (default 50)
//
// Prints the minimum, median, 90th percentile and maximum in ms. On a
// 2-core VM a plain thread waited for its starter's time slice (2.4-2.9 ms
// median); moved off its starter's CPU before it runs, it began in 0.05 ms.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "threads.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Starts a thread with `start`, keeps this one busy for 3 ms, and returns
// how long the new one took to begin, in ms.
template <class Start>
double latency(Start start) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the other CPUs go idle
    std::atomic<long long> began{-1};
    const auto t0 = Clock::now();
    std::thread t = start([&] { began = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count(); });
    volatile unsigned long spin = 0;
    while (Clock::now() < t0 + std::chrono::milliseconds(3)) spin = spin + 1;
    t.join();
    return static_cast<double>(began) / 1e6;
}

void print(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("%-40s min %6.3f  median %6.3f  p90 %6.3f  max %6.3f ms\n", what, ms.front(), ms[ms.size() / 2],
                ms[ms.size() * 9 / 10], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
    std::vector<double> plain, beside;
    for (int r = 0; r < rounds; ++r) {
        plain.push_back(latency([](auto body) { return std::thread(body); }));
        beside.push_back(latency([](auto body) { return tertial::pdf::start_beside(tertial::pdf::Beside::throughout, body); }));
    }
    std::printf("a thread's start while its starter is busy, %d rounds, %u CPUs\n", rounds,
                std::thread::hardware_concurrency());
    print("std::thread", plain);
    print("start_beside (moved before it runs)", beside);
}
