// The process's heap, set up for a short run (heap.cpp).
#pragma once

#include <cstddef>

namespace tertial::cli {

// Called first thing in main(): the heap grows in one 32 MB step and keeps
// what it touched (see heap.cpp).
void tune_heap();

// Advises the heap's 32 MB step into 2 MB pages, for a run over a large
// input (`tertial build` of at least huge_heap_bytes of reports); a no-op
// when tune_heap() was not called (a test's process).
void use_huge_pages();
inline constexpr std::size_t huge_heap_bytes = std::size_t{1} << 20;

}  // namespace tertial::cli
