// run_isolated(): every way a child reading a file from elsewhere can end
// becomes an answer or one clear sentence, never a crash or hang here.
#include <gtest/gtest.h>

#include <csignal>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "isolated.hpp"

namespace tertial::cli {
namespace {

std::string error_of(const std::function<std::string()>& work, const IsolationLimits& limits = {}) {
    try {
        run_isolated(work, limits);
    } catch (const IsolationError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Isolated, ReturnsWhatTheChildReturnsBytesIncluded) {
    std::string bytes("a\0b\xff", 4);
    EXPECT_EQ(run_isolated([&] { return bytes; }), bytes);
}

TEST(Isolated, AnExceptionInTheChildIsItsMessage) {
    EXPECT_EQ(error_of([]() -> std::string { throw std::runtime_error("no /Root in the trailer"); }),
              "no /Root in the trailer");
}

TEST(Isolated, ACrashIsNamedBySignal) {
    EXPECT_EQ(error_of([]() -> std::string {
                  std::raise(SIGSEGV);
                  return "";
              }),
              "the PDF reader crashed on it (signal 11: Segmentation fault): the file is damaged, or made to crash "
              "readers");
}

TEST(Isolated, RunningOutOfMemoryIsSaidSo) {
    IsolationLimits limits;
    limits.memory_bytes = std::size_t(256) << 20;
    EXPECT_EQ(error_of(
                  [] {
                      std::vector<std::string> hog;
                      for (;;) hog.emplace_back(std::size_t(16) << 20, 'x');
                      return std::string();
                  },
                  limits),
              "reading it needs more than 256 MB of memory: the file is damaged, or made to exhaust readers");
}

TEST(Isolated, AChildThatSleepsPastTheWallLimitIsStopped) {
    IsolationLimits limits;
    limits.wall_seconds = 1;
    EXPECT_EQ(error_of(
                  [] {
                      std::this_thread::sleep_for(std::chrono::seconds(30));
                      return std::string();
                  },
                  limits),
              "not readable within 1 s (the reader was stopped: the file is damaged, or made to hang readers)");
}

}  // namespace
}  // namespace tertial::cli
