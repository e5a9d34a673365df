// Plugin files the host must refuse before loading them, or catch once their
// code runs: truncated copies, exports of the wrong kind, no or another API
// note, special and huge files, relative search-path entries, exit().
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "run_binary.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/resolve.hpp"
#include "truncated_plugin.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

const fs::path kPluginDir = TERTIAL_PLUGIN_DIR;
const fs::path kFixtureDir = TERTIAL_FIXTURE_PLUGIN_DIR;

std::string file_name(const std::string& id) { return "tertial_plugin_" + id + ".so"; }
fs::path fixture_file(const std::string& id) { return kFixtureDir / id / file_name(id); }

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items()) out += fmt::format("{}[{}] {}\n", to_string(x.severity), x.code, x.message);
    return out;
}

// Loads plugin `id` from `dir`: refused with one error, `code` and `message`
// after "plugin 'ID' (FILE): ".
void expect_refused(const fs::path& dir, const std::string& id, const std::string& code, const std::string& message,
                    bool allow_unsafe = false) {
    PluginHost host({dir});
    host.allow_unsafe(allow_unsafe);
    Diagnostics d;
    EXPECT_EQ(host.load(id, d), nullptr);
    ASSERT_EQ(d.items().size(), 1u) << messages(d);
    EXPECT_EQ(d.items()[0].code, code);
    EXPECT_EQ(d.items()[0].message, fmt::format("plugin '{}' ({}): {}", id, (dir / file_name(id)).string(), message));
    EXPECT_TRUE(host.loaded().empty());
}

void expect_fixture_refused(const std::string& id, const std::string& code, const std::string& message) {
    expect_refused(kFixtureDir / id, id, code, message);
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
    fs::permissions(p, fs::perms(0644));
}

// ---- truncated files: the dynamic loader maps segments past the end, and touching them was a SIGBUS ----

TEST(PluginFile, EveryTruncatedCopyOfARealPluginIsRefusedNotLoaded) {
    TempDir tmp;
    const fs::path real = kPluginDir / file_name("ostersund");
    const auto full = static_cast<std::size_t>(fs::file_size(real));
    std::vector<std::size_t> sizes = {0, 1, 63, 64, 700};
    for (std::size_t kb = 1; kb <= 20; ++kb) sizes.push_back(kb * 1024);
    sizes.push_back(full / 2);
    sizes.push_back(full - 1);
    for (std::size_t size : sizes) {
        SCOPED_TRACE(size);
        write_file(tmp.path() / file_name("ostersund"), truncated_plugin(real, size));
        PluginHost host({tmp.path()});
        Diagnostics d;
        EXPECT_EQ(host.load("ostersund", d), nullptr);
        ASSERT_EQ(d.items().size(), 1u) << messages(d);
        EXPECT_EQ(d.items()[0].code, "plugin.load");
        EXPECT_TRUE(d.items()[0].message.find("): cannot load: ") != std::string::npos) << d.items()[0].message;
    }
}

TEST(PluginFile, ATruncatedPluginNamesTheSegmentPastTheEnd) {
    TempDir tmp;
    const fs::path real = kPluginDir / file_name("ostersund");
    for (std::size_t size : {1024u, 8192u, 20480u}) {
        write_file(tmp.path() / file_name("ostersund"), truncated_plugin(real, size));
        expect_refused(tmp.path(), "ostersund", "plugin.load", truncated_plugin_problem(real, size));
    }
}

TEST(PluginFile, CutInsideTheHeaderIsNotASharedLibrary) {
    TempDir tmp;
    write_file(tmp.path() / file_name("ostersund"), truncated_plugin(kPluginDir / file_name("ostersund"), 40));
    expect_refused(tmp.path(), "ostersund", "plugin.load",
                   "cannot load: not a shared library (it does not start with an ELF header)");
}

TEST(PluginFile, CutOneByteShortLosesItsSectionHeaders) {
    TempDir tmp;
    const fs::path real = kPluginDir / file_name("ostersund");
    const auto size = static_cast<std::size_t>(fs::file_size(real)) - 1;
    write_file(tmp.path() / file_name("ostersund"), truncated_plugin(real, size));
    expect_refused(tmp.path(), "ostersund", "plugin.load",
                   fmt::format("cannot load: the file is truncated or damaged: its section header table reaches byte {}, "
                               "but the file has {} bytes",
                               size + 1, size));
}

// ---- exports that are not the alias ----------------------------------------------------------------

const std::string not_the_alias =
    fmt::format(", not the alias TERTIAL_PLUGIN makes (a pointer to a tertial::PluginEntry, {} bytes)", sizeof(void*));

TEST(PluginFile, AStructExportedAsTheAliasIsRefusedBeforeLoading) {
    expect_fixture_refused("plain_struct", "plugin.no_entry",
                           fmt::format("not a Tertial plugin: its 'tertial_plugin' is an object of {} bytes", sizeof(PluginEntry)) +
                               not_the_alias);
}

TEST(PluginFile, AFunctionExportedAsTheAliasIsRefusedBeforeLoading) {
    expect_fixture_refused("function_export", "plugin.no_entry",
                           "not a Tertial plugin: its 'tertial_plugin' is a function" + not_the_alias);
}

TEST(PluginFile, APointerSizedIntegerIsRefusedWithoutBeingFollowed) {
    expect_fixture_refused("pointer_int", "plugin.no_entry",
                           "not a Tertial plugin: its 'tertial_plugin' alias points outside the plugin's data (at 0x2), not "
                           "at a tertial::PluginEntry (use TERTIAL_PLUGIN)");
}

TEST(PluginFile, AMisalignedAliasIsRefusedWithoutBeingFollowed) {
    const std::string id = "misaligned_alias";
    PluginHost host({kFixtureDir / id});
    Diagnostics d;
    EXPECT_EQ(host.load(id, d), nullptr);
    ASSERT_EQ(d.items().size(), 1u) << messages(d);
    EXPECT_EQ(d.items()[0].code, "plugin.no_entry");
    EXPECT_NE(d.items()[0].message.find("not a Tertial plugin: its 'tertial_plugin' alias points at a misaligned address "
                                        "in the plugin's data (at 0x"),
              std::string::npos)
        << d.items()[0].message;
}

TEST(PluginFile, AnAliasOfAFunctionIsRefused) {
    expect_fixture_refused("function_alias", "plugin.no_entry",
                           "not a Tertial plugin: its 'tertial_plugin' alias points at code, not at a tertial::PluginEntry: "
                           "was a function aliased? (use TERTIAL_PLUGIN)");
}

TEST(PluginFile, RefusedFilesLeaveTheHostUsable) {
    // Every fixture refused by its file or its entry, then the real plugins: all of them still load.
    std::vector<fs::path> dirs;
    for (const char* c : {"plain_struct", "pointer_int", "function_alias", "function_export", "no_note", "wrong_version"})
        dirs.push_back(kFixtureDir / c);
    dirs.push_back(kPluginDir);
    PluginHost host(dirs);
    Diagnostics d;
    for (const auto& f : host.discover(d)) host.load_file(f, d);
    EXPECT_EQ(d.count(Severity::error), 6u) << messages(d);
    EXPECT_EQ(host.loaded().size(), 5u) << messages(d);
}

// ---- the API version note ------------------------------------------------------------------------

TEST(PluginFile, APluginWithoutTheApiNoteIsRefusedBeforeLoading) {
    expect_fixture_refused("no_note", "plugin.api_version",
                           "has no plugin API version note: it was not built with this Tertial's TERTIAL_PLUGIN "
                           "(tertial/plugin.hpp); rebuild the plugin");
}

TEST(PluginFile, AnotherApiVersionIsRefusedBeforeItsStaticConstructorsRun) {
    // wrong_version's static constructor prints and aborts: had it run, this
    // binary would have died here.
    RunResult r = run_tertial({"plugins", "--plugin-dir", (kFixtureDir / "wrong_version").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, fmt::format("tertial: error[plugin.api_version]: plugin 'wrong_version' ({}): built for plugin API "
                                 "version 999, but this Tertial uses version {}; rebuild the plugin\n",
                                 fixture_file("wrong_version").string(), plugin_api_version));
}

// ---- special and huge files ----------------------------------------------------------------------

TEST(PluginFile, AFifoADeviceAndADirectoryAreRefusedWithoutWaiting) {
    TempDir tmp;
    ASSERT_EQ(::mkfifo((tmp.path() / file_name("fifo")).c_str(), 0644), 0);
    fs::create_symlink("/dev/zero", tmp.path() / file_name("zero"));
    fs::create_directory(tmp.path() / file_name("folder"));
    expect_refused(tmp.path(), "fifo", "plugin.load", "cannot load: it is a named pipe (FIFO), not a regular file");
    // /dev/zero is world-writable: refused as unsafe first, and as a device when that is allowed.
    expect_refused(tmp.path(), "zero", "plugin.load", "cannot load: it is a character device, not a regular file", true);
    expect_refused(tmp.path(), "folder", "plugin.load", "cannot load: it is a directory, not a regular file");
}

TEST(PluginFile, AFileOverTheSizeLimitIsRefusedUnread) {
    TempDir tmp;
    const fs::path big = tmp.path() / file_name("big");
    {
        std::ofstream(big) << "";
    }
    fs::permissions(big, fs::perms(0644));
    fs::resize_file(big, (128u << 20) + 1);  // sparse: no disk space
    expect_refused(tmp.path(), "big", "plugin.load",
                   "cannot load: it has 134217729 bytes, more than the 128 MiB a plugin file may have");
}

TEST(PluginFile, AnUnreadableFileSaysWhy) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
    TempDir tmp;
    write_file(tmp.path() / file_name("closed"), "x");
    fs::permissions(tmp.path() / file_name("closed"), fs::perms(0));
    expect_refused(tmp.path(), "closed", "plugin.load", "cannot load: cannot open it: Permission denied");
}

// ---- TERTIAL_PLUGIN_PATH never means the current directory --------------------------------------------

TEST(PluginSearchPath, RelativeEntriesAreIgnoredWithAWarning) {
    std::vector<std::string> warnings;
    auto dirs = PluginHost::search_path({"mine"}, ".:/opt/plugins::plugins", "/usr/local/bin/tertial", &warnings);
    EXPECT_EQ(dirs, (std::vector<fs::path>{"mine", "/opt/plugins", "/usr/local/lib/tertial/plugins"}));
    auto warning = [](const std::string& entry) {
        return fmt::format("TERTIAL_PLUGIN_PATH: '{}' is a relative directory, ignored: plugins are never searched relative "
                           "to the current directory (name it with --plugin-dir, or give an absolute path)",
                           entry);
    };
    EXPECT_EQ(warnings, (std::vector<std::string>{warning("."), warning("plugins")}));
}

TEST(PluginSearchPath, ADotInTheEnvironmentDoesNotSearchTheCurrentDirectory) {
    TempDir tmp;
    fs::copy_file(fixture_file("twin"), tmp.path() / file_name("twin"));
    RunResult r = run_shell("cd " + shell_quote(tmp.path().string()) + " && TERTIAL_PLUGIN_PATH=. exec " +
                            shell_quote(TERTIAL_BINARY) + " plugins");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("twin"), std::string::npos) << r.out;
    EXPECT_EQ(r.err,
              "tertial: warning: TERTIAL_PLUGIN_PATH: '.' is a relative directory, ignored: plugins are never searched "
              "relative to the current directory (name it with --plugin-dir, or give an absolute path)\n");
}

// ---- exit() from a plugin's code ---------------------------------------------------------------------

std::string exit_message(const std::string& id, const std::string& doing) {
    return fmt::format("tertial: error[plugin.exit]: plugin '{}' ({}): called exit() while {}; a plugin must report problems "
                       "by throwing, not end Tertial (exit code 1)\n",
                       id, fixture_file(id).string(), doing);
}

TEST(PluginExit, ExitWhileRegisteringFailsNamingThePlugin) {
    RunResult r = run_tertial({"plugins", "--plugin-dir", (kFixtureDir / "exit_in_register").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, exit_message("exit_in_register", "registering"));
    EXPECT_EQ(r.out, "");
}

TEST(PluginExit, ExitInAStaticConstructorFailsNamingThePlugin) {
    RunResult r = run_tertial({"plugins", "--plugin-dir", (kFixtureDir / "exit_in_ctor").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, exit_message("exit_in_ctor", "loading (in a static constructor)"));
}

TEST(PluginExit, ExitInACalculationACheckOrARolloverRuleFailsNamingIt) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    PluginHost host({kFixtureDir / "exit_later"});
    Diagnostics d;
    const LoadedPlugin* p = host.load("exit_later", d);
    ASSERT_NE(p, nullptr) << messages(d);
    Report report;
    EXPECT_EXIT(p->calculations.at(0).compute({}, CalculationContext{report}), testing::ExitedWithCode(1),
                "called exit\\(\\) while computing calculation 'exit_now'");
    Resolution resolution;
    EXPECT_EXIT(p->checks.at(0).run(report, resolution, d), testing::ExitedWithCode(1), "called exit\\(\\) while running check 'exits'");
    Diagnostics rollover_diags;
    RolloverLog log;
    RolloverContext context{report, 1, log, rollover_diags};
    EXPECT_EXIT(p->rollover_rules.at(0).apply(report, context), testing::ExitedWithCode(1),
                "called exit\\(\\) while applying rollover rule 'exits'");
}

TEST(PluginExit, ExitOnOneThreadIsCaughtWhileAnotherRunsPluginCodeToo) {
    // Reports are checked on several threads: one thread's plugin code
    // ending (its guard gone) must not unguard another's. Here one thread
    // runs a calculation over and over while the other calls a check that
    // exits.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    PluginHost host({kPluginDir, kFixtureDir / "exit_later"});
    Diagnostics d;
    const LoadedPlugin* busy = host.load("social_services", d);
    const LoadedPlugin* exiting = host.load("exit_later", d);
    ASSERT_TRUE(busy && exiting) << messages(d);
    const CalculationDef* calc = nullptr;
    for (const auto& c : busy->calculations)
        if (c.name == "ekb_per_hushall_manad") calc = &c;
    ASSERT_NE(calc, nullptr);
    EXPECT_EXIT(
        {
            Report report;
            std::atomic<bool> started{false};
            std::thread other([&] {
                std::vector<Decimal> args{Decimal::parse("7808020").value(), Decimal::parse("586").value(),
                                          Decimal::parse("4").value()};
                for (;;) {
                    calc->compute(args, CalculationContext{report});
                    started.store(true);
                }
            });
            while (!started.load()) std::this_thread::yield();
            Resolution resolution;
            Diagnostics diags;
            exiting->checks.at(0).run(report, resolution, diags);
            other.detach();
        },
        testing::ExitedWithCode(1), "called exit\\(\\) while running check 'exits'");
}

TEST(PluginExit, TertialsOwnExitIsUntouchedOnceThePluginCodeReturns) {
    // The guard is installed by then; outside a plugin's code it lets exit() be.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    PluginHost host({kPluginDir});
    Diagnostics d;
    ASSERT_NE(host.load("ostersund", d), nullptr) << messages(d);
    EXPECT_EXIT(std::exit(0), testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace tertial::test
