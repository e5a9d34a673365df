// The progress line of `tertial build`: drawn on a terminal by a thread of its own.
#include "build_progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>

#include "terminal_text.hpp"

namespace tertial::cli {
namespace {

constexpr auto interval = std::chrono::milliseconds(200);

std::size_t terminal_columns() {
    struct winsize ws {};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1) return ws.ws_col;
    return 80;
}

}  // namespace

bool is_terminal_stderr(std::ostream& err) {
    if (::isatty(STDERR_FILENO) != 1) return false;
    std::streambuf* buf = err.rdbuf();
    if (auto* safe = dynamic_cast<TerminalSafeBuf*>(buf)) buf = safe->target();
    return buf == std::cerr.rdbuf();
}

BuildProgress::BuildProgress(std::ostream& err, bool enabled, std::size_t reports, std::size_t outputs,
                             std::chrono::milliseconds delay)
    : err_(err), enabled_(enabled), reports_(reports), outputs_(outputs), delay_(delay) {
    if (enabled_) thread_ = std::thread([this] { run(); });
}

BuildProgress::~BuildProgress() { stop(); }

void BuildProgress::checking(std::size_t report) { checking_.store(report, std::memory_order_relaxed); }

void BuildProgress::making() {
    making_.store(true, std::memory_order_relaxed);
    if (!enabled_ || std::chrono::steady_clock::now() < start_ + delay_) return;
    std::lock_guard<std::mutex> held(lock_);
    if (!stopping_) draw_locked();
}

std::string BuildProgress::line() const {
    if (!making_.load(std::memory_order_relaxed))
        return fmt::format("tertial build: checking report {} of {}", checking_.load(std::memory_order_relaxed), reports_);
    std::string out = fmt::format("tertial build: {} of {} outputs made; pages: {} paginated, {} laid out",
                                  made_.load(std::memory_order_relaxed), outputs_,
                                  paginated_.load(std::memory_order_relaxed), laid_out_.load(std::memory_order_relaxed));
    int writing = writing_.load(std::memory_order_relaxed);
    if (writing > 0) out += fmt::format("; writing {} PDF{}", writing, writing == 1 ? "" : "s");
    return out;
}

void BuildProgress::run() {
    std::unique_lock<std::mutex> held(lock_);
    if (wake_.wait_until(held, start_ + delay_, [this] { return stopping_; })) return;
    while (!stopping_) {
        draw_locked();
        wake_.wait_for(held, interval, [this] { return stopping_; });
    }
}

void BuildProgress::draw_locked() {
    std::string text = line();
    std::size_t room = terminal_columns() - 1;
    if (text.size() > room) text.resize(room);
    // "\r" and erase to the end of the line: drawn over itself (our own
    // control characters; the text has none, nor anything from an input).
    write_own_sequence(err_, "\r");
    err_ << text;
    write_own_sequence(err_, "\x1b[K");
    err_.flush();
    shown_ = true;
}

void BuildProgress::clear_locked() {
    if (!shown_) return;
    write_own_sequence(err_, "\r\x1b[K");
    err_.flush();
    shown_ = false;
}

std::unique_lock<std::mutex> BuildProgress::hold() {
    std::unique_lock<std::mutex> held(lock_);
    clear_locked();
    return held;
}

void BuildProgress::stop() {
    {
        std::lock_guard<std::mutex> held(lock_);
        stopping_ = true;
        clear_locked();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace tertial::cli
