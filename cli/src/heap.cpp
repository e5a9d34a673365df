// A run is short and allocates some tens of MB in many small pieces; on a
// virtual machine its page faults cost more than the work. So the heap
// grows in one 32 MB step, and memory once touched is kept: no mmap for
// large blocks, no trimming, one arena (the fonts and the hyphenation
// patterns are read on a second thread). `tertial build` of several
// reports, or of one small report, on more than one core raises the arenas
// to one per thread that makes outputs (run_build, commands.cpp).
//
// The step is asked for in 2 MB pages where the kernel offers them on
// request (transparent huge pages in "madvise" mode; what glibc's
// glibc.malloc.hugetlb=1 tunable does) only for a build of a large input:
// a 10 000-row table (1.6 MB) is 4 % faster so (433 against 452 ms), while
// seed 000, a 1 000- or a 5 000-row table gain nothing (33.3 against 33.7
// ms, 99 against 97, 267 against 262) and hold 1.1-1.3 MB more, in steps
// of 2 MB that made a small report's peak jump from run to run.
//
// A thread that would wait may touch the step's next pages ahead of use
// (touch_heap_ahead()): a page fault costs about 1.2 us here, populating a
// page the same, but done while the PDF writer's module loads it is off
// the path of seed 000's layout, which took some 600 of them (its median
// 0.9 ms less in two runs of 100 and 150 interleaved rounds).
#include "heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <system_error>

namespace tertial::cli {
namespace {

constexpr std::size_t step = 32 << 20, huge = 2 << 20;
// Whether tune_heap() set the heap up, and the 2 MB-aligned part of its
// step (none: not called).
bool tuned = false;
std::uintptr_t step_from = 0, step_to = 0;

}  // namespace

void tune_heap() {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, static_cast<int>(step));
    mallopt(M_ARENA_MAX, 1);
    auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // Past the current top: the heap grows by `step`. Through a volatile
    // pointer, or the compiler drops a malloc/free pair nothing reads.
    void* volatile probe = malloc(1 << 20);
    auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::uintptr_t from = (before + huge - 1) & ~(huge - 1);
    tuned = after > before;
    if (after > from + huge) step_from = from, step_to = from + ((after - from) & ~(huge - 1));
    free(probe);
}

void use_huge_pages() {
    if (step_to > step_from) madvise(reinterpret_cast<void*>(step_from), step_to - step_from, MADV_HUGEPAGE);
}

std::size_t touch_heap_ahead(std::size_t most, const std::function<bool()>& waiting) {
    if (!tuned) return 0;
    // The main heap's top chunk, what malloc has not yet handed out, ends
    // at the break (glibc gives its size as keepcost). Populating a page
    // never changes what it holds, only that it is there.
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::size_t top = mallinfo2().keepcost;
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    if (top > end) return 0;
    std::uintptr_t from = (end - top + page - 1) & ~(page - 1);
    const std::uintptr_t to = from + std::min<std::uintptr_t>(most, end - from);
    std::size_t touched = 0;
    while (from < to && waiting()) {
        const std::size_t length = std::min<std::uintptr_t>(heap_touch_step, to - from);
        if (madvise(reinterpret_cast<void*>(from), length, MADV_POPULATE_WRITE) != 0) break;
        from += length;
        touched += length;
    }
    return touched;
}

void use_huge_pages_for(const std::vector<std::string>& files) {
    std::uintmax_t bytes = 0;
    for (const auto& file : files) {
        std::error_code size_unknown;
        const std::uintmax_t size = std::filesystem::file_size(file, size_unknown);
        if (!size_unknown) bytes += size;
    }
    if (bytes >= huge_heap_bytes) use_huge_pages();
}

}  // namespace tertial::cli
