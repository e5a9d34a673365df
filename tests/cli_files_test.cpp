// What the command line does with files beyond the catalogue: a signal in the middle of a build, names at NAME_MAX, escaping.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "run_binary.hpp"
#include "terminal_text.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const fs::path kExample = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";

// Seed 000 with its first section's paragraphs repeated: its PDF takes
// seconds to lay out, after the JSON output has been staged.
std::string big_report() {
    auto report = nlohmann::ordered_json::parse(slurp(kExample));
    auto& body = report["body"][0]["body"];
    auto paragraph = body[0];
    for (int i = 0; i < 3000; ++i) body.push_back(paragraph);
    return report.dump(2);
}

bool has_temporary(const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().find(".tmp-") != std::string::npos) return true;
    return false;
}

// `tertial build` started directly (not through a shell, which would have
// a background job ignore SIGINT), with the default action for every signal.
pid_t start_build(const fs::path& input, const fs::path& out) {
    pid_t pid = ::fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s : {SIGINT, SIGTERM, SIGHUP}) ::signal(s, SIG_DFL);
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execl(TERTIAL_BINARY, "tertial", "build", input.c_str(), "--out", out.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

class BuildInterrupted : public ::testing::TestWithParam<int> {};

// The README promises a build leaves the output directory as it was: a
// signal that ends it too. The signal comes while a temporary file exists
// (the JSON output is staged, the PDF is being laid out).
TEST_P(BuildInterrupted, RemovesItsTemporariesAndTheDirectoryItMadeThenEndsByTheSignal) {
    const int sig = GetParam();
    TempDir tmp;
    { std::ofstream(tmp / "big.json", std::ios::binary) << big_report(); }
    const fs::path made = tmp.path() / "made", out = made / "out";
    pid_t pid = start_build(tmp.path() / "big.json", out);
    ASSERT_GT(pid, 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    bool staged = false;
    while (!(staged = has_temporary(out)) && std::chrono::steady_clock::now() < deadline) {
        int status;
        if (::waitpid(pid, &status, WNOHANG) == pid) FAIL() << "the build ended before a temporary file was seen";
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_TRUE(staged);
    ASSERT_EQ(::kill(pid, sig), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
    if (WIFSIGNALED(status)) EXPECT_EQ(WTERMSIG(status), sig);
    EXPECT_FALSE(fs::exists(made)) << "left behind: " << made;
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);  // big.json
}

INSTANTIATE_TEST_SUITE_P(Signals, BuildInterrupted, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const ::testing::TestParamInfo<int>& info) { return std::string(sigabbrev_np(info.param)); });

// An existing directory keeps what it held, and gets nothing new.
TEST(BuildInterruptedInAnExistingDirectory, LeavesItAsItWas) {
    TempDir tmp;
    { std::ofstream(tmp / "big.json", std::ios::binary) << big_report(); }
    const fs::path out = tmp.path() / "out";
    fs::create_directories(out);
    { std::ofstream(out / "big.json") << "earlier\n"; }
    auto before = snapshot(out);
    pid_t pid = start_build(tmp.path() / "big.json", out);
    while (!has_temporary(out)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    EXPECT_EQ(snapshot(out), before);
}

// A name of 255 bytes (NAME_MAX) builds: its temporary name is cut short,
// not refused by the file system.
TEST(LongNames, AnInputNamedWithTheMostBytesAFileNameMayHaveBuilds) {
    TempDir tmp;
    const std::string stem(250, 'r');  // + ".json": 255 bytes
    fs::copy_file(kExample, tmp.path() / (stem + ".json"));
    RunResult r = run_tertial({"build", stem + ".json", "--out", "out"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote out/" + stem + ".json\nwrote out/" + stem + ".pdf\n");
    EXPECT_EQ(slurp(tmp.path() / "out" / (stem + ".json")).substr(0, 1), "{");
    // The PDF's name is shorter; replacing both again works too (old files moved aside under a cut name).
    r = run_tertial({"build", stem + ".json", "--out", "out"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path() / "out"), fs::directory_iterator()), 2);
}

TEST(TerminalText, EscapesEveryControlCharacterAndEveryByteThatIsNotUtf8) {
    EXPECT_EQ(cli::printable("röd \x1b[31m\n\t\x7f"), "röd \\u001b[31m\\u000a\\u0009\\u007f");
    EXPECT_EQ(cli::printable("\xc2\x9b" "2J \xc2\xa0"), "\\u009b2J \xc2\xa0");  // C1 CSI; a no-break space stays
    EXPECT_EQ(cli::printable("a\x9b" "b\xff\xc3"), "a\\x9bb\\xff\\xc3");
    EXPECT_EQ(cli::printable("€ 😀"), "€ 😀");
}

TEST(TerminalText, TheStreamKeepsLinesAndTabsAndFindsSequencesSplitAcrossWrites) {
    std::ostringstream target;
    {
        cli::TerminalSafeBuf buf(target.rdbuf());
        std::ostream out(&buf);
        out << "a\tb\n\x1b[2J" << "\xc2";
        out << "\x9b" << "\xe2\x82" << "\xac\n" << "\xe2";
    }
    EXPECT_EQ(target.str(), "a\tb\n\\u001b[2J\\u009b€\n\\xe2");
}

}  // namespace
}  // namespace tertial::test
