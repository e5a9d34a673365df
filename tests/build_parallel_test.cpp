// `tertial build` on several reports at once (--jobs) makes the same bytes as one at a time, and its
// progress line shows on a terminal only (a real pty), never with --quiet or when stderr is not one.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;
using namespace tertial::test;

namespace {

const std::string kSeed = std::string(TERTIAL_SOURCE_DIR) + "/examples/ostersund/san-tertial-1-2020.json";

// Every file in `dir` by name, with its bytes.
std::map<std::string, std::string> outputs(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = slurp(e.path());
    return out;
}

// Builds `files` with `jobs` into a fresh directory under `tmp`; the outputs.
std::map<std::string, std::string> build(const TempDir& tmp, const std::vector<std::string>& files, const std::string& jobs) {
    std::string dir = tmp / ("out-" + jobs);
    std::vector<std::string> args{"build", "--jobs", jobs, "--out", dir};
    args.insert(args.end(), files.begin(), files.end());
    RunResult r = run_tertial(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return outputs(dir);
}

TEST(BuildParallel, EveryExampleAtOnceIsByteIdenticalToOneAtATime) {
    TempDir tmp;
    std::vector<std::string> files;
    for (const auto& f : example_files()) files.push_back(f.string());
    // Ten copies of seed 000 as well: the same words shaped by several threads at once.
    for (int i = 0; i < 10; ++i) {
        std::string copy = tmp / ("seed-" + std::to_string(i) + ".json");
        fs::copy_file(kSeed, copy);
        files.push_back(copy);
    }
    auto one = build(tmp, files, "1");
    ASSERT_EQ(one.size(), 2 * files.size());
    for (const char* jobs : {"2", "4", "16"}) {
        auto many = build(tmp, files, jobs);
        ASSERT_EQ(many.size(), one.size()) << "--jobs " << jobs;
        for (const auto& [name, bytes] : one) {
            ASSERT_TRUE(many.count(name)) << name;
            EXPECT_TRUE(many[name] == bytes) << name << " differs with --jobs " << jobs;
        }
    }
    // Each copy of the seed is the same PDF whatever thread made it.
    EXPECT_TRUE(one["seed-0.pdf"] == one["seed-9.pdf"]);
}

// One report on two cores takes a second core in three ways (run_build):
// a small report with short tables with the layout helper and its outputs
// in heaps of their own; a small one with a long table one output after
// the other; a report over 256 KB with its outputs side by side in one
// heap. Each is the same bytes as on one core; so is a small report with a
// unit too heavy for the helper.
TEST(BuildParallel, OneReportOnTwoCoresIsByteIdenticalToOneCore) {
    TempDir tmp;
    nlohmann::json seed = nlohmann::json::parse(slurp(kSeed));
    auto variant = [&](const std::string& name, const nlohmann::json& block) {
        nlohmann::json report = seed;
        report["body"].push_back(block);
        std::string path = tmp / name;
        std::ofstream(path) << report.dump(1);
        return path;
    };
    nlohmann::json table = {{"type", "table"}, {"id", "lang"}, {"unit", "tkr"}};
    table["columns"] = {{{"id", "post"}, {"title", "Post"}, {"kind", "label"}}, {{"id", "belopp"}, {"title", "Belopp"}}};
    for (int i = 0; i < 600; ++i)
        table["rows"].push_back({{"id", "r" + std::to_string(i)}, {"label", "Verksamhet " + std::to_string(i)},
                                 {"cells", {{"belopp", std::to_string(i) + ".5"}}}});
    auto paragraph = [](std::size_t bytes) {
        std::string text;
        for (int i = 0; text.size() < bytes; ++i) text += "Förvaltningsövergripande arbetsmarknadsinsatser " + std::to_string(i) + ". ";
        return nlohmann::json{{"type", "paragraph"}, {"text", text}};
    };
    std::vector<std::string> files;
    for (const auto& f : example_files()) files.push_back(f.string());
    files.push_back(variant("long-table.json", table));
    files.push_back(variant("heavy-unit.json", paragraph(20 << 10)));
    files.push_back(variant("over-256-kb.json", paragraph(300 << 10)));
    for (const std::string& file : files) {
        TempDir each;
        auto one = build(each, {file}, "1");
        auto two = build(each, {file}, "2");
        ASSERT_EQ(one.size(), 2u) << file;
        EXPECT_TRUE(one == two) << file << " differs on two cores";
    }
    EXPECT_GT(fs::file_size(files.back()), std::uintmax_t{256} << 10);
}

TEST(BuildParallel, AFailingReportAmongManyIsTheOneNamedAndNothingIsWritten) {
    TempDir tmp;
    // A table too wide for any page fails only as it is laid out; the
    // build stops at the first failure in file order, as one at a time.
    std::string text = slurp(kSeed);
    std::string wide = text;
    std::string columns;
    for (int i = 0; i < 40; ++i)
        columns += ", {\"id\": \"x" + std::to_string(i) + "\", \"title\": \"Kolumn med lång rubrik " + std::to_string(i) +
                   "\", \"kind\": \"text\"}";
    auto at = wide.find("\"id\": \"post\"");
    ASSERT_NE(at, std::string::npos);
    auto end = wide.find('}', at);
    wide.insert(end + 1, columns);
    // Given, if empty, in the first row: a column empty in every row would be left out.
    std::string cells;
    for (int i = 0; i < 40; ++i) cells += "\"x" + std::to_string(i) + "\": \"\", ";
    auto row_cells = wide.find("\"cells\": {", end);
    ASSERT_NE(row_cells, std::string::npos);
    wide.insert(row_cells + std::string("\"cells\": {").size(), cells);
    std::vector<std::string> files;
    for (int i = 0; i < 6; ++i) {
        std::string f = tmp / ("r" + std::to_string(i) + ".json");
        std::ofstream(f) << (i == 3 || i == 5 ? wide : text);
        files.push_back(f);
    }
    std::string one_err;
    for (const char* jobs : {"1", "4"}) {
        std::vector<std::string> args{"build", "--jobs", jobs, "--out", tmp / "out"};
        args.insert(args.end(), files.begin(), files.end());
        RunResult r = run_tertial(args);
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("r3.json:"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("r5.json:"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(tmp / "out")) << "--jobs " << jobs;
        if (one_err.empty())
            one_err = r.err;
        else
            EXPECT_EQ(r.err, one_err);
    }
}

TEST(BuildParallel, ReportsCheckedAtOnceAreSaidInFileOrderAsOneAtATime) {
    // Several reports are read and checked on as many threads: what each
    // says (a file that cannot be read, a syntax error, a plugin that is not
    // there, a check's warning) comes in file order, word for word as with
    // one thread, and the build fails the same way.
    TempDir tmp;
    std::string text = slurp(kSeed);
    std::string no_plugin = text;
    auto at = no_plugin.find("\"plugins\": [");
    ASSERT_NE(at, std::string::npos);
    no_plugin.insert(at + std::string("\"plugins\": [").size(), "\"no_such_plugin\", ");
    std::vector<std::string> files;
    auto add = [&](const std::string& name, const std::string& body) {
        std::string f = tmp / name;
        std::ofstream(f) << body;
        files.push_back(f);
    };
    add("a-fine.json", text);
    add("b-no-plugin.json", no_plugin);
    files.push_back(tmp / "c-missing.json");
    add("d-cut.json", text.substr(0, text.size() / 2));
    for (int i = 0; i < 6; ++i) add("e-fine-" + std::to_string(i) + ".json", text);
    add("f-no-plugin.json", no_plugin);
    std::string one_err;
    for (const char* jobs : {"1", "2", "4", "16"}) {
        std::vector<std::string> args{"build", "--jobs", jobs, "--out", tmp / "out"};
        args.insert(args.end(), files.begin(), files.end());
        RunResult r = run_tertial(args);
        EXPECT_EQ(r.exit_code, 3) << "--jobs " << jobs << "\n" << r.err;  // a file that cannot be read
        EXPECT_FALSE(fs::exists(tmp / "out")) << "--jobs " << jobs;
        if (one_err.empty()) {
            one_err = r.err;
            // Each file's words, in file order.
            std::size_t b = r.err.find("b-no-plugin.json:"), c = r.err.find("c-missing.json:"),
                        d = r.err.find("d-cut.json:"), f = r.err.find("f-no-plugin.json:");
            ASSERT_NE(b, std::string::npos) << r.err;
            ASSERT_NE(c, std::string::npos) << r.err;
            ASSERT_NE(d, std::string::npos) << r.err;
            ASSERT_NE(f, std::string::npos) << r.err;
            EXPECT_LT(b, c);
            EXPECT_LT(c, d);
            EXPECT_LT(d, f);
        } else {
            EXPECT_EQ(r.err, one_err) << "--jobs " << jobs;
        }
    }
}

TEST(BuildParallel, JobsMustBeAPositiveNumber) {
    TempDir tmp;
    RunResult r = run_tertial({"build", "--jobs", "0", kSeed, "--out", tmp / "out"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--jobs"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "out"));
}

struct PtyRun {
    int exit_code = -1;
    std::string terminal;  // stdout and stderr as the terminal got them
};

// Runs tertial with stdout and stderr on a new pseudo-terminal.
PtyRun run_on_pty(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    int master = -1;
    pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv{const_cast<char*>(TERTIAL_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(TERTIAL_BINARY, argv.data());
        ::_exit(127);
    }
    PtyRun r;
    if (pid < 0) return r;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) {
            r.terminal.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // EIO: the child closed the terminal
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    return r;
}

// The progress line appears after a second; the tests make it appear at
// once (TERTIAL_PROGRESS_DELAY_MS, docs/development.md) so a fast build shows it too.
const std::map<std::string, std::string> kAtOnce{{"TERTIAL_PROGRESS_DELAY_MS", "0"}};

std::vector<std::string> ten_reports(const TempDir& tmp) {
    std::vector<std::string> args{"build", "--out", tmp / "out"};
    for (int i = 0; i < 10; ++i) {
        std::string copy = tmp / ("r" + std::to_string(i) + ".json");
        fs::copy_file(kSeed, copy);
        args.push_back(copy);
    }
    return args;
}

TEST(BuildProgress, ShownOnATerminalAndClearedAtTheEnd) {
    TempDir tmp;
    PtyRun r = run_on_pty(ten_reports(tmp), kAtOnce);
    ASSERT_EQ(r.exit_code, 0) << r.terminal;
    EXPECT_NE(r.terminal.find("\rtertial build: "), std::string::npos) << r.terminal;
    EXPECT_NE(r.terminal.find("of 20 outputs made; pages: "), std::string::npos) << r.terminal;
    // Cleared before the summary: "wrote" lines start on a clean line.
    auto cleared = r.terminal.rfind("\r\x1b[K");
    auto wrote = r.terminal.find("wrote ");
    ASSERT_NE(cleared, std::string::npos);
    ASSERT_NE(wrote, std::string::npos);
    EXPECT_LT(cleared, wrote);
    EXPECT_EQ(outputs(tmp.path() / "out").size(), 20u);
}

TEST(BuildProgress, QuietShowsNothing) {
    TempDir tmp;
    auto args = ten_reports(tmp);
    args.push_back("--quiet");
    PtyRun r = run_on_pty(args, kAtOnce);
    ASSERT_EQ(r.exit_code, 0) << r.terminal;
    EXPECT_EQ(r.terminal.find("tertial build:"), std::string::npos) << r.terminal;
    EXPECT_EQ(r.terminal.find('\x1b'), std::string::npos) << r.terminal;
    EXPECT_NE(r.terminal.find("wrote "), std::string::npos) << r.terminal;
}

TEST(BuildProgress, NothingWhenStderrIsNotATerminal) {
    TempDir tmp;
    auto args = ten_reports(tmp);
    std::string command = "TERTIAL_PROGRESS_DELAY_MS=0 exec " + shell_quote(TERTIAL_BINARY);
    for (const auto& a : args) command += " " + shell_quote(a);
    RunResult r = run_shell(command);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST(BuildProgress, DiagnosticsPrintedOnCleanLines) {
    TempDir tmp;
    // A warning for every report (a draft's open items): each diagnostic
    // line must start at the line's beginning, not after the progress text.
    std::string text = slurp(kSeed);
    auto at = text.find("\"status\": \"faststalld\"");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string("\"status\": \"faststalld\"").size(), "\"status\": \"utkast\"");
    std::vector<std::string> args{"build", "--out", tmp / "out"};
    for (int i = 0; i < 4; ++i) {
        std::string f = tmp / ("r" + std::to_string(i) + ".json");
        std::ofstream(f) << text;
        args.push_back(f);
    }
    PtyRun shown = run_on_pty(args, kAtOnce);
    args.push_back("--quiet");  // (without it, a build slower than a second on a busy machine shows the line too)
    PtyRun plain = run_on_pty(args, {});
    EXPECT_EQ(plain.exit_code, shown.exit_code);
    // Without the progress line's own bytes, the terminal got the same text.
    std::string stripped;
    for (std::size_t i = 0; i < shown.terminal.size();) {
        if (shown.terminal.compare(i, 15, "\rtertial build:") == 0) {
            auto end = shown.terminal.find("\x1b[K", i);
            ASSERT_NE(end, std::string::npos);
            i = end + 3;
        } else if (shown.terminal.compare(i, 4, "\r\x1b[K") == 0) {
            i += 4;
        } else {
            stripped += shown.terminal[i++];
        }
    }
    EXPECT_EQ(stripped, plain.terminal);
}

}  // namespace
