// Runs the real `tertial` binary (TERTIAL_BINARY) and captures its exit code, stdout and stderr;
// a temporary directory per test.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_files.hpp"

namespace tertial::test {

// A fresh directory under /tmp named after the test, removed afterwards.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        // A parameterised test's name has a '/' ("Case/12"): one directory, not a parent left behind.
        std::string name = info ? info->name() : "x";
        std::replace(name.begin(), name.end(), '/', '_');
        path_ = std::filesystem::temp_directory_path() /
                ("tertial-test-" + std::to_string(::getpid()) + "-" + name + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

struct RunResult {
    int exit_code = -1;  // the process's exit status; -1 if it did not exit normally
    std::string out;
    std::string err;
};

// One word for /bin/sh, whatever it contains.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a shell command with stdin from /dev/null and captures what it prints.
inline RunResult run_shell(const std::string& command) {
    namespace fs = std::filesystem;
    static std::atomic<int> counter{0};
    fs::path base = fs::temp_directory_path() /
                    ("tertial-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::path out_file = base.string() + ".out", err_file = base.string() + ".err";
    std::string full = "(" + command + ") </dev/null >" + shell_quote(out_file.string()) + " 2>" +
                       shell_quote(err_file.string());
    int status = std::system(full.c_str());
    RunResult r;
    if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    std::error_code ec;
    fs::remove(out_file, ec);
    fs::remove(err_file, ec);
    return r;
}

// A shell command with stdout and stderr together in `out`, for the outside
// tools whose findings go to either (pdfsig, qpdf, PDFBox).
inline RunResult sh(const std::string& command) {
    return run_shell("(" + command + ") 2>&1");
}

// Runs `tertial ARGS...` in `cwd`. Paths in args are relative to cwd, so
// diagnostics print them exactly as given.
inline RunResult run_tertial(std::vector<std::string> args, std::string cwd = TERTIAL_SOURCE_DIR) {
    std::string command = "cd " + shell_quote(cwd) + " && exec " + shell_quote(TERTIAL_BINARY);
    for (const auto& a : args) command += " " + shell_quote(a);
    return run_shell(command);
}

// A copy of the installation in `to`: bin/tertial, the plugins, and of lib/
// the libraries and modules named. Returns the copied binary, shell-quoted:
// what an installation without a module does.
inline std::string copy_installation(const std::filesystem::path& to, const std::vector<std::string>& libraries) {
    namespace fs = std::filesystem;
    fs::path lib = fs::path(TERTIAL_BINARY).parent_path().parent_path() / "lib";
    fs::create_directories(to / "bin");
    fs::create_directories(to / "lib");
    fs::copy_file(TERTIAL_BINARY, to / "bin/tertial");
    for (const auto& name : libraries) fs::copy_file(lib / name, to / "lib" / name);
    fs::copy(lib / "tertial", to / "lib/tertial", fs::copy_options::recursive);
    return shell_quote((to / "bin/tertial").string());
}

}  // namespace tertial::test
