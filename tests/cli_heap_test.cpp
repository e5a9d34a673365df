// The heap's set-up (cli/src/heap.cpp): its 32 MB step is advised into
// huge pages only for a build of a large input (use_huge_pages_for()),
// never by tune_heap() alone; touch_heap_ahead() touches what malloc hands
// out next, no more than asked and only while asked.
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "heap.hpp"
#include "in_child.hpp"

namespace {

using tertial::test::in_child;

// How many of the heap's areas in /proc/self/smaps are advised into huge
// pages ("hg" among their VmFlags), and how many there are.
std::pair<int, int> heap_areas() {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool in_heap = false;
    int advised = 0, areas = 0;
    while (std::getline(smaps, line)) {
        if (line.find(" [heap]") != std::string::npos) {
            in_heap = true;
            ++areas;
        } else if (line.rfind("VmFlags:", 0) == 0) {
            if (in_heap && (line + " ").find(" hg ") != std::string::npos) ++advised;
            in_heap = false;
        }
    }
    return {advised, areas};
}

// Where malloc's next block of the main heap begins, page-aligned.
std::uintptr_t heap_top() {
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    return (end - mallinfo2().keepcost + page - 1) & ~(page - 1);
}

// How many of the pages of [from, from + bytes) are in memory.
std::size_t resident_pages(std::uintptr_t from, std::size_t bytes) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in((bytes + page - 1) / page);
    if (mincore(reinterpret_cast<void*>(from), bytes, in.data()) != 0) return SIZE_MAX;
    std::size_t n = 0;
    for (unsigned char c : in) n += c & 1;
    return n;
}

}  // namespace

TEST(Heap, TouchesAheadWhatMallocHandsOutNextWhileAsked) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "a sanitizer's allocator maps its own memory: there is no heap to set up";
#endif
    using tertial::cli::heap_touch_step;
    using tertial::cli::touch_heap_ahead;
    constexpr std::size_t mb = 1 << 20;
    const int code = in_child([] {
        if (touch_heap_ahead(mb, [] { return true; }) != 0) return 1;  // tune_heap() not called: nothing
        // Page by page, as a small build's heap is: with transparent huge
        // pages "always", one touch would bring in 2 MB around it.
        prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
        tertial::cli::tune_heap();
        const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        // Past the pages tune_heap()'s probe wrote to: from here on the
        // heap's step is untouched.
        void* volatile spacer = malloc(2 * mb);

        // Stopped when asked: two steps, then waiting() says no more.
        int asked = 0;
        std::uintptr_t from = heap_top();
        if (touch_heap_ahead(mb, [&] { return ++asked <= 2; }) != 2 * heap_touch_step) return 2;
        if (resident_pages(from, 2 * heap_touch_step) != 2 * heap_touch_step / page) return 3;

        // At most `most`: the megabyte after the top in memory, the pages past it not.
        from = heap_top() + 2 * heap_touch_step;
        if (resident_pages(from, 4 * heap_touch_step) != 0) return 4;  // untouched until now
        std::size_t touched = touch_heap_ahead(mb + 2 * heap_touch_step, [] { return true; });
        if (touched == 0) return 77;  // no MADV_POPULATE_WRITE in this kernel
        if (touched != mb + 2 * heap_touch_step) return 5;
        if (resident_pages(from, mb) != mb / page) return 6;
        if (resident_pages(from + mb, 2 * heap_touch_step) != 0) return 7;

        // What was touched is what malloc hands out next, and it holds what is put there.
        auto* block = static_cast<unsigned char*>(malloc(mb));
        if (reinterpret_cast<std::uintptr_t>(block) + mb > from + mb) return 8;
        std::memset(block, 0xA5, mb);
        if (block[mb - 1] != 0xA5) return 9;
        free(block);
        free(spacer);
        return 0;
    });
    if (code == 77) GTEST_SKIP() << "this kernel has no MADV_POPULATE_WRITE (Linux 5.14)";
    EXPECT_EQ(code, 0) << "the child's check " << code << " failed (see the returns above)";
}

// Once advised, a process's heap stays so: one test, in this order.
TEST(Heap, TheStepGoesIntoHugePagesForALargeInputOnly) {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        GTEST_SKIP() << "this kernel has no transparent huge pages";
    tertial::cli::tune_heap();
    auto [advised, areas] = heap_areas();
    // A sanitizer's allocator maps its own memory: there is no heap to set up.
    if (areas == 0) GTEST_SKIP() << "no [heap] in /proc/self/smaps: malloc is not glibc's here";
    EXPECT_EQ(advised, 0) << "tune_heap() alone advises nothing";

    const std::string seed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";
    tertial::cli::use_huge_pages_for({seed, "no-such-file.json"});
    std::tie(advised, areas) = heap_areas();
    EXPECT_EQ(advised, 0) << "a small report (86 KB), and a file that cannot be sized";

    const auto large = std::filesystem::temp_directory_path() / "tertial_cli_heap_test_large.json";
    {
        std::ofstream out(large, std::ios::binary);
        out << std::string(tertial::cli::huge_heap_bytes - std::filesystem::file_size(seed), ' ');
    }
    tertial::cli::use_huge_pages_for({seed, large.string()});  // exactly huge_heap_bytes in all
    std::tie(advised, areas) = heap_areas();
    std::filesystem::remove(large);
    EXPECT_GT(advised, 0) << "reports of huge_heap_bytes in all: the heap's step is advised";
}
