// The heap's set-up (cli/src/heap.cpp): its 32 MB step is advised into
// huge pages only for a build of a large input (use_huge_pages_for()),
// never by tune_heap() alone.
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
