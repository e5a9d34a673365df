// What a TLB shootdown costs on this machine, and how many a command makes.
//
//   build/bin/tlb_shootdown [ROUNDS]            (default 2000)
//   build/bin/tlb_shootdown -- COMMAND [ARG...]
//
// The first form takes a page's write permission back (mprotect) ROUNDS
// times while a second thread of the process counts on another CPU, so
// that every time the kernel must interrupt that CPU to flush its TLB, and
// prints what one such interrupt cost the thread that caused it and the one
// it interrupted; then the same with the second thread asleep, when no
// interrupt is needed. The second form runs COMMAND and prints how many TLB
// shootdowns and other function-call interrupts the machine took meanwhile
// (/proc/interrupts, every CPU: run it on a quiet machine).
//
// Why it is here: the PDF writer's module is loaded (dlopen) while the
// report is checked, and each page the loader writes after a read mapped it
// (a relocation), and each part it makes read-only (RELRO), interrupts the
// checking thread's CPU: seed 000's build takes about 50 shootdowns, nearly
// all of them there. On the 2-core VM of bench/issue-21-speed.md one cost
// the loading thread 11 us and the interrupted one 3-5 us: about 0.7 ms of
// the time work beside the loading loses, not all of it.
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

// Counts on CPU 1 while `stop` is false; the counts per ms.
struct Counter {
    std::atomic<bool> stop{false};
    std::atomic<unsigned long> counted{0};
    std::thread thread;
    Clock::time_point begun;

    void start() {
        thread = std::thread([this] {
            pin(1);
            unsigned long n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                for (int i = 0; i < 1000; ++i) asm volatile("");
                ++n;
            }
            counted = n;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // running on its CPU
        begun = Clock::now();
    }
    double per_ms() {
        stop = true;
        thread.join();
        return static_cast<double>(counted) / (ms_since(begun) + 20);
    }
};

// `rounds` times: the page made read-only (a shootdown if another CPU runs
// this process), writable again, and written. Microseconds a round.
double permission_rounds(char* page, int rounds) {
    const auto t0 = Clock::now();
    for (int i = 0; i < rounds; ++i) {
        mprotect(page, 4096, PROT_READ);
        mprotect(page, 4096, PROT_READ | PROT_WRITE);
        page[0] = static_cast<char>(i);
    }
    return ms_since(t0) * 1000 / rounds;
}

// The machine's TLB shootdowns and function-call interrupts so far, all CPUs.
std::pair<long long, long long> interrupts() {
    std::ifstream in("/proc/interrupts");
    std::string line;
    long long tlb = -1, calls = -1;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string name;
        words >> name;
        if (name != "TLB:" && name != "CAL:") continue;
        long long sum = 0, n;
        while (words >> n) sum += n;
        (name == "TLB:" ? tlb : calls) = sum;
    }
    return {tlb, calls};
}

int run_command(char** argv) {
    const auto [tlb0, calls0] = interrupts();
    if (tlb0 < 0) {
        std::fprintf(stderr, "tlb_shootdown: /proc/interrupts has no TLB line on this machine\n");
        return 2;
    }
    const auto t0 = Clock::now();
    pid_t child = fork();
    if (child == 0) {
        execvp(argv[0], argv);
        std::fprintf(stderr, "tlb_shootdown: cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    const double ms = ms_since(t0);
    const auto [tlb1, calls1] = interrupts();
    std::printf("%s: %.1f ms, %lld TLB shootdowns, %lld other function-call interrupts (all CPUs)\n", argv[0], ms,
                tlb1 - tlb0, calls1 - calls0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && std::strcmp(argv[1], "--") == 0) return run_command(argv + 2);
    if (std::thread::hardware_concurrency() < 2) {
        std::printf("one CPU: no other CPU to interrupt\n");
        return 0;
    }
    const int rounds = argc > 1 ? std::max(100, std::atoi(argv[1])) : 2000;
    pin(0);
    char* page = static_cast<char*>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    page[0] = 1;

    Counter idle_check;  // the counter's pace with nothing else happening
    idle_check.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const double pace = idle_check.per_ms();

    Counter beside;
    beside.start();
    const auto [tlb0, calls0] = interrupts();
    const double busy_us = permission_rounds(page, rounds);
    const auto [tlb1, calls1] = interrupts();
    const double pace_beside = beside.per_ms();

    const double alone_us = permission_rounds(page, rounds);  // the other CPU idle: nothing to flush there

    // The kernel may flush for the permission given back as well: per
    // shootdown counted, not per round.
    const double per_round = tlb1 > tlb0 ? static_cast<double>(tlb1 - tlb0) / rounds : 1;
    std::printf("%d rounds of taking a page's write permission back, then giving it again:\n", rounds);
    std::printf("  another CPU idle:          %7.2f us a round\n", alone_us);
    std::printf("  another CPU running this:  %7.2f us a round (%.1f TLB shootdowns a round, %lld function-call "
                "interrupts in all)\n",
                busy_us, per_round, calls1 - calls0);
    std::printf("  a shootdown cost the thread that caused it %.1f us, and the interrupted thread\n",
                (busy_us - alone_us) / per_round);
    std::printf("  %.1f us (it ran at %.0f %% of its pace)\n", (1 - pace_beside / pace) * busy_us / per_round,
                100 * pace_beside / pace);
    return 0;
}
