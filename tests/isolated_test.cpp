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
    if (!memory_limit_enforced()) GTEST_SKIP() << "AddressSanitizer's shadow memory leaves no room for an address-space limit";
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
              "not readable within 10 s of processor time and 1 s in all (the reader was stopped: the file is "
              "damaged, or made to hang readers)");
}

// verify and sign read signatures through this: a parse that fails in the
// child is an unreadable PDF whose error says why, never an exception.
TEST(Isolated, ASignatureParseStoppedInTheChildIsAnUnreadablePdf) {
    IsolationLimits limits;
    limits.wall_seconds = 0;  // stopped before it can answer
    pdf::ParsedPdf p = parse_signed_pdf_isolated("%PDF-1.7\n", limits);
    EXPECT_FALSE(p.readable);
    EXPECT_EQ(p.error,
              "not readable within 10 s of processor time and 0 s in all (the reader was stopped: the file is damaged, "
              "or made to hang readers)");
    EXPECT_TRUE(p.signatures.empty());
}

TEST(Isolated, ASignatureParseComesBackAsTheParentWouldHaveMadeIt) {
    const std::string garbage = "%PDF-1.7\n1 0 obj <<<<<< /ByteRange [0 1";
    pdf::ParsedPdf here = pdf::parse_signed_pdf(garbage), there = parse_signed_pdf_isolated(garbage);
    EXPECT_EQ(there.readable, here.readable);
    EXPECT_EQ(there.error, here.error);
    EXPECT_EQ(there.signatures.size(), here.signatures.size());
}

}  // namespace
}  // namespace tertial::cli
