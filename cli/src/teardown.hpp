// The end of the process: the kernel's freeing of its memory left to a
// stand-in, after whoever waits for the process has seen it end (teardown.cpp).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace tertial::cli {

// Called right before the process ends (std::_Exit in main()), on its
// last running thread: when the process's peak resident memory is at
// least `min_peak` bytes, starts a stand-in process that shares its memory
// (CLONE_VM), has closed every file descriptor the caller has open by the
// time this returns, holds no signal, and ends only once the caller's
// process has ended. The caller's end then frees nothing, and whoever
// waits for it sees it end that much sooner; the stand-in frees the memory
// as it ends. Returns the stand-in's pid, or 0 when none was started
// (below `min_peak`, or the kernel refused: the process then ends as usual).
pid_t leave_teardown_behind(std::size_t min_peak);

// What `tertial` passes: below this, starting the stand-in costs about what
// it saves.
inline constexpr std::size_t teardown_worth_leaving = std::size_t{16} << 20;

}  // namespace tertial::cli
