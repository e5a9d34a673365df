// The process's end (cli/src/teardown.cpp): the stand-in that frees the
// memory shares it, holds none of the caller's files, no working directory
// and no signal, is there while the caller lives and ends once it has.
#include <gtest/gtest.h>
#include <linux/kcmp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "in_child.hpp"
#include "teardown.hpp"

namespace fs = std::filesystem;

namespace {

using tertial::test::in_child;

// The signals blocked in /proc/PID/status, as a mask (SigBlk, in hex).
unsigned long long blocked_signals(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("SigBlk:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
    return 0;
}

bool has_signal(unsigned long long mask, int signal) { return (mask >> (signal - 1)) & 1; }

// Waits up to ten seconds for `pid`, a child of this process, to end.
bool ends(pid_t pid) {
    for (int i = 0; i < 1000; ++i) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST(Teardown, TheStandInSharesTheMemoryHoldsNothingElseAndEndsAfterTheCaller) {
    const int code = in_child([] {
        // This process adopts the stand-in once its caller has ended, as
        // init would, and sees it end.
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return 1;
        int said[2], go[2];
        if (pipe(said) != 0 || pipe(go) != 0) return 2;
        const pid_t caller = fork();
        if (caller == 0) {
            close(said[0]);
            close(go[1]);
            std::vector<char> held(4 << 20, 'x');  // some memory to leave behind
            const pid_t stand_in = tertial::cli::leave_teardown_behind(std::size_t{1} << 20);
            if (write(said[1], &stand_in, sizeof stand_in) != sizeof stand_in) _exit(1);
            char byte;
            if (read(go[0], &byte, 1) != 1) _exit(1);
            _exit(held[12345] == 'x' ? 7 : 1);
        }
        close(said[1]);
        close(go[0]);
        pid_t stand_in = 0;
        if (read(said[0], &stand_in, sizeof stand_in) != sizeof stand_in) return 3;
        if (stand_in <= 0) return 4;  // none started
        // While the caller lives: the stand-in is there, on the same memory.
        if (kill(stand_in, 0) != 0) return 5;
        const long same = syscall(SYS_kcmp, caller, stand_in, KCMP_VM, 0, 0);
        if (same != 0 && !(same < 0 && (errno == ENOSYS || errno == EPERM))) return 6;
        // Its one descriptor is the caller's pidfd: every other is closed
        // before leave_teardown_behind() returns.
        const fs::path proc = "/proc/" + std::to_string(stand_in);
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(proc / "fd")) files.push_back(fs::read_symlink(entry).string());
        if (files.size() != 1 || files[0].find("pidfd") == std::string::npos) return 7;
        if (fs::read_symlink(proc / "cwd") != "/") return 8;
        const auto blocked = blocked_signals(stand_in);
        if (!has_signal(blocked, SIGINT) || !has_signal(blocked, SIGTERM) || !has_signal(blocked, SIGHUP)) return 9;
        // The caller ends with its own code; then the stand-in ends.
        if (write(go[1], "g", 1) != 1) return 10;
        int status = 0;
        if (waitpid(caller, &status, 0) != caller || !WIFEXITED(status) || WEXITSTATUS(status) != 7) return 11;
        if (!ends(stand_in)) return 12;
        return 0;
    });
    EXPECT_EQ(code, 0) << "the check returning " << code << " failed (see the returns above)";
}

TEST(Teardown, NoStandInBelowThePeakAsked) {
    const int code = in_child([] {
        const pid_t stand_in = tertial::cli::leave_teardown_behind(std::size_t{1} << 40);
        // and no signal blocked either
        if (stand_in != 0) return 1;
        return has_signal(blocked_signals(getpid()), SIGUSR1) ? 2 : 0;
    });
    EXPECT_EQ(code, 0) << "the check returning " << code << " failed";
}
