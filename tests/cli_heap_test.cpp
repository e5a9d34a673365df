// The heap's set-up (cli/src/heap.cpp): its 32 MB step is advised into
// huge pages only when use_huge_pages() asks for it (a build of a large
// input), never by tune_heap() alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "heap.hpp"

namespace {

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

}  // namespace

TEST(Heap, TheStepGoesIntoHugePagesOnlyWhenAskedTo) {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        GTEST_SKIP() << "this kernel has no transparent huge pages";
    tertial::cli::tune_heap();
    auto [advised, areas] = heap_areas();
    // A sanitizer's allocator maps its own memory: there is no heap to set up.
    if (areas == 0) GTEST_SKIP() << "no [heap] in /proc/self/smaps: malloc is not glibc's here";
    EXPECT_EQ(advised, 0) << "tune_heap() alone advises nothing";
    tertial::cli::use_huge_pages();
    std::tie(advised, areas) = heap_areas();
    EXPECT_GT(advised, 0) << "the heap's step is advised into huge pages";
}
