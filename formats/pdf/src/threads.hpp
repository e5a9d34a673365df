// Helper threads that a PDF build starts beside the thread they help, for
// a few milliseconds of work (layout/layout_warm.cpp, emit/page_drafts.cpp).
#pragma once

#include <sched.h>

namespace tertial::pdf {

// The CPU the calling thread runs on, or -1.
inline int current_cpu() { return sched_getcpu(); }

// The first thing a helper thread does, given the CPU its starter ran on:
// it runs on the process's other CPUs from then on. Linux often queues a
// new thread on its starter's CPU, and wakes a thread its starter woke
// there again, while the work lasts only some milliseconds: on a 2-core
// VM the layout helper began beside the first pass in 6 builds of 10 and
// then slowed it down (bench/README.md). Nothing when there is no other CPU.
inline void keep_off(int starter_cpu) {
    if (starter_cpu < 0) return;
    cpu_set_t others;
    if (sched_getaffinity(0, sizeof others, &others) != 0 || CPU_COUNT(&others) < 2 || !CPU_ISSET(starter_cpu, &others))
        return;
    CPU_CLR(starter_cpu, &others);
    sched_setaffinity(0, sizeof others, &others);
}

}  // namespace tertial::pdf
