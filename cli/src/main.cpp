// The `tertial` binary: everything is in the tertial_cli library.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <iostream>

#include "tertial/cli/cli.hpp"

namespace {

// A run is short and allocates some tens of MB in many small pieces; on a
// virtual machine its page faults cost more than the work. So the heap
// grows in one 32 MB step, asked for in 2 MB pages where the kernel offers
// them on request (transparent huge pages in "madvise" mode; what glibc's
// glibc.malloc.hugetlb=1 tunable does), and memory once touched is kept:
// no mmap for large blocks, no trimming, one arena (the fonts and the
// hyphenation patterns are read on a second thread). `tertial build` of
// several reports, or of one small report, on more than one core raises
// the arenas to one per thread that makes outputs (run_build, commands.cpp).
void tune_heap() {
    constexpr std::size_t step = 32 << 20, huge = 2 << 20;
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
    if (after > from + huge) madvise(reinterpret_cast<void*>(from), (after - from) & ~(huge - 1), MADV_HUGEPAGE);
    free(probe);
}

}  // namespace

int main(int argc, char** argv) {
    tune_heap();
    // Over a file-size limit a write fails (EFBIG) and the output is rolled
    // back with a message, instead of the process being killed half way.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    return tertial::cli::run(args, std::cout, std::cerr);
}
