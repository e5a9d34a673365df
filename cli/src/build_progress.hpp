// The progress line `tertial build` shows on a terminal during long work.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace tertial::cli {

// One line on stderr, redrawn in place: which report is being checked, or
// how many outputs are made and how many pages are laid out. It appears
// only once the build has run for `delay` (a short build prints nothing),
// and only when `enabled` (stderr is a terminal and --quiet is not given).
// The counters may be moved from any thread; the line is drawn by a thread
// of its own, so a long single step (one 50 000-row table checked) still
// shows it is alive.
class BuildProgress {
public:
    BuildProgress(std::ostream& err, bool enabled, std::size_t reports, std::size_t outputs,
                  std::chrono::milliseconds delay = std::chrono::milliseconds(1000));
    ~BuildProgress();
    BuildProgress(const BuildProgress&) = delete;
    BuildProgress& operator=(const BuildProgress&) = delete;

    void checking(std::size_t report);  // 1-based
    // Every report checked; outputs under way. Once the line is due, it
    // turns at once (drawn from this thread), not at the next tick: a build
    // done within a tick still says it made outputs.
    void making();
    // A page laid out: pass 1 paginates (finds where headings fall), pass 2
    // lays out for good.
    void page(int pass) { (pass == 1 ? paginated_ : laid_out_).fetch_add(1, std::memory_order_relaxed); }
    void writing(int change) { writing_.fetch_add(change, std::memory_order_relaxed); }
    void made() { made_.fetch_add(1, std::memory_order_relaxed); }

    // Hold it while printing anything else on the same stream: the line is
    // cleared first and drawn again at the next tick.
    std::unique_lock<std::mutex> hold();
    // Clears the line and ends the drawing thread (also on destruction).
    void stop();

    // The line as it would be drawn now (for tests).
    std::string line() const;

private:
    void run();
    void draw_locked();
    void clear_locked();

    std::ostream& err_;
    const bool enabled_;
    const std::size_t reports_, outputs_;
    const std::chrono::milliseconds delay_;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::atomic<std::size_t> checking_{0}, made_{0}, paginated_{0}, laid_out_{0};
    std::atomic<int> writing_{0};
    std::atomic<bool> making_{false};
    std::mutex lock_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool shown_ = false;
    std::thread thread_;
};

// True if `err` writes to the process's stderr (directly or through a
// TerminalSafeBuf) and that is a terminal: where `tertial build` shows its
// progress.
bool is_terminal_stderr(std::ostream& err);

}  // namespace tertial::cli
