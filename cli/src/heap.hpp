// The process's heap, set up for a short run (heap.cpp).
#pragma once

#include <cstddef>
#include <functional>
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

// While `waiting()` holds, touches the heap's pages beyond what malloc has
// handed out, heap_touch_step bytes at a time and at most `most` in all, so
// that the work after takes fewer page faults: for a thread that would
// otherwise wait (`tertial build` of one small report, while the PDF
// writer's module loads). The main heap's, once tune_heap() has set it up;
// a no-op before, or on a kernel without MADV_POPULATE_WRITE (Linux before
// 5.14). Returns the bytes touched.
std::size_t touch_heap_ahead(std::size_t most, const std::function<bool()>& waiting);
inline constexpr std::size_t heap_touch_step = std::size_t{256} << 10;

}  // namespace tertial::cli
