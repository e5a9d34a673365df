// The process's heap, set up for a short run (heap.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tertial::cli {

// Called first thing in main(): the heap grows in one 32 MB step and keeps
// what it touched (see heap.cpp).
void tune_heap();

// Advises the heap's 32 MB step into 2 MB pages; a no-op when tune_heap()
// was not called (a test's process).
void use_huge_pages();
// use_huge_pages() when `files` hold at least huge_heap_bytes in all
// (`tertial build` of a large input; a file that cannot be sized counts
// for nothing).
void use_huge_pages_for(const std::vector<std::string>& files);
inline constexpr std::size_t huge_heap_bytes = std::size_t{1} << 20;

}  // namespace tertial::cli
