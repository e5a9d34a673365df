// The plugin author's tools through the real binary: `tertial plugin new`
// (the scaffold) and `tertial plugins --conformance`. Building a scaffold
// against an installed Tertial is tests/out_of_tree_plugin.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/cli/plugin_conformance.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

const fs::path kPluginDir = TERTIAL_PLUGIN_DIR;
const fs::path kFixtureDir = TERTIAL_FIXTURE_PLUGIN_DIR;

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string binary_plugin_dir() {
    return (fs::canonical(TERTIAL_BINARY).parent_path().parent_path() / "lib" / "tertial" / "plugins").string();
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// ---- tertial plugin new -------------------------------------------------------------------

TEST(PluginNew, WritesAFolderReadyToBuild) {
    TempDir tmp;
    RunResult r = run_tertial({"plugin", "new", "--municipality", "Sollefteå kommun", "--scb-code", "2283", "-o", "sol"},
                              tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "wrote sol: plugin 'solleftea' for Sollefteå kommun (SCB 2283): CMakeLists.txt, README.md, .gitignore, "
              "solleftea.cpp\n"
              "next: fill in sol/solleftea.cpp, then\n"
              "  cmake -S sol -B sol/build && cmake --build sol/build && tertial plugins --conformance sol/build\n");
    const fs::path dir = tmp.path() / "sol";
    EXPECT_EQ(files_in(dir), (std::vector<std::string>{".gitignore", "CMakeLists.txt", "README.md", "solleftea.cpp"}));
    const std::string source = slurp(dir / "solleftea.cpp");
    EXPECT_TRUE(contains(source, "r.set_municipality({\"Sollefteå kommun\", \"2283\"});")) << source;
    EXPECT_TRUE(contains(source, "r.add_table_layout({\"driftredovisning\", driftredovisning()});")) << source;
    EXPECT_TRUE(contains(source, "r.set_house_style(style);")) << source;
    EXPECT_TRUE(contains(source, "TERTIAL_PLUGIN(\"solleftea\", \"municipality\", \"0.1.0\", \"Sollefteå kommun (SCB 2283)\", "
                                 "register_solleftea)"))
        << source;
    const std::string cmake = slurp(dir / "CMakeLists.txt");
    EXPECT_TRUE(contains(cmake, "find_package(Tertial 0.1 REQUIRED)")) << cmake;
    EXPECT_TRUE(contains(cmake, "tertial_add_plugin(solleftea SOURCES solleftea.cpp)")) << cmake;
    EXPECT_EQ(slurp(dir / ".gitignore"), "build/\n");
    for (const auto& f : files_in(dir)) EXPECT_FALSE(contains(slurp(dir / f), "@")) << f << " keeps a placeholder";
}

TEST(PluginNew, QuotesTheNameInTheSourceAndTakesAnId) {
    TempDir tmp;
    RunResult r = run_tertial({"plugin", "new", "--municipality", "Norra \"Kusten\" kommun", "--scb-code", "9997", "--id",
                               "norra_kusten", "-o", "nk"},
                              tmp.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string source = slurp(tmp.path() / "nk" / "norra_kusten.cpp");
    EXPECT_TRUE(contains(source, R"(r.set_municipality({"Norra \"Kusten\" kommun", "9997"});)")) << source;
}

TEST(PluginNew, RefusesBadInputAndWritesNothing) {
    TempDir tmp;
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    fs::create_directory(tmp.path() / "taken");
    { std::ofstream(tmp.path() / "taken" / "keep.cpp") << "// mine\n"; }
    const std::vector<Case> cases{
        {{"--municipality", "Sollefteå kommun", "--scb-code", "228", "-o", "new"},
         "tertial plugin new: error: --scb-code '228' is not a kommunkod: four digits, as in SCB's list (Sollefteå is 2283); "
         "nothing written\n"},
        {{"--municipality", "Sollefteå kommun", "--scb-code", "2283", "-o", "taken"},
         "tertial plugin new: error: taken exists and is not empty; name a new folder; nothing written\n"},
        {{"--municipality", "---", "--scb-code", "2283", "-o", "new"},
         "tertial plugin new: error: cannot make a plugin id from '---': give one with --id (a-z, 0-9, _; starting with a "
         "letter); nothing written\n"},
        {{"--municipality", "Sollefteå kommun", "--scb-code", "2283", "--id", "Sol", "-o", "new"},
         "tertial plugin new: error: --id 'Sol' is not a plugin id: a-z, 0-9 and _, starting with a letter; nothing "
         "written\n"},
        {{"--municipality", "Sollefteå\nkommun", "--scb-code", "2283", "-o", "new"},
         "tertial plugin new: error: --municipality holds a control character (a line break or a tab?); nothing written\n"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"plugin", "new"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        RunResult r = run_tertial(args, tmp.path().string());
        EXPECT_EQ(r.exit_code, 2) << c.err;
        EXPECT_EQ(r.err, c.err);
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>{"taken"});
    EXPECT_EQ(files_in(tmp.path() / "taken"), std::vector<std::string>{"keep.cpp"});
}

// ---- tertial plugins --conformance ---------------------------------------------------------

TEST(PluginsConformance, ARealPluginConformsAndItsFolderIsNotSearchedTwice) {
    // The file is in the binary's own plugin folder: named again by
    // --conformance, the folder is still searched once (no "found twice").
    const std::string file = (fs::path(binary_plugin_dir()) / "tertial_plugin_harnosand.so").string();
    RunResult r = run_tertial({"plugins", "--conformance", file});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(r.err, "");
    std::string expected = fmt::format("harnosand ({})\n", file);
    for (const auto& check : cli::conformance_checks()) expected += fmt::format("  ok    {}: {}\n", check.id, check.requirement);
    expected += fmt::format("harnosand: conforms ({} checks)\n", cli::conformance_checks().size());
    EXPECT_EQ(r.out, expected);
}

TEST(PluginsConformance, PluginDirOfTheInstalledFolderListsEachPluginOnce) {
    RunResult r = run_tertial({"plugins", "--plugin-dir", binary_plugin_dir()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out.ends_with(fmt::format("5 plugins found in: {}\n", binary_plugin_dir()))) << r.out;
}

TEST(PluginsConformance, ANonconformingPluginFailsNamingEachProblem) {
    const fs::path dir = kFixtureDir / "nonconforming";
    const std::string file = (dir / "tertial_plugin_nonconforming.so").string();
    RunResult r = run_tertial({"plugins", "--conformance", dir.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, fmt::format("tertial plugins: error: plugin 'nonconforming' ({}) fails 5 of {} conformance checks\n", file,
                                 cli::conformance_checks().size()));
    EXPECT_TRUE(r.out.starts_with(fmt::format("nonconforming ({})\n  ok    loads: ", file))) << r.out;
    EXPECT_TRUE(contains(r.out, "\n  FAIL  calculations: every calculation documented, its worked examples give what they say\n"
                                "        example halv(10) at 2021-04-30: gives 5, the example says 6\n"))
        << r.out;
    EXPECT_TRUE(r.out.ends_with(fmt::format("nonconforming: 5 of {} checks failed\n", cli::conformance_checks().size())))
        << r.out;
}

TEST(PluginsConformance, RefusesWhatHoldsNoPlugin) {
    TempDir tmp;
    fs::create_directories(tmp.path() / "folder" / "build");
    fs::copy_file(kFixtureDir / "nonconforming" / "tertial_plugin_nonconforming.so",
                  tmp.path() / "folder" / "build" / "tertial_plugin_nonconforming.so");
    { std::ofstream(tmp.path() / "plugin.so") << "x"; }
    RunResult empty = run_tertial({"plugins", "--conformance", "folder"}, tmp.path().string());
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(empty.err, "tertial plugins: error: folder holds no plugin file (tertial_plugin_ID.so); did you mean "
                         "folder/build?\n");
    RunResult named = run_tertial({"plugins", "--conformance", "plugin.so"}, tmp.path().string());
    EXPECT_EQ(named.exit_code, 2);
    EXPECT_EQ(named.err, "tertial plugins: error: plugin.so is not a plugin file: its name must be tertial_plugin_ID.so\n");
    RunResult missing = run_tertial({"plugins", "--conformance", "nowhere"}, tmp.path().string());
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_TRUE(contains(missing.err, "nowhere")) << missing.err;
}

}  // namespace
}  // namespace tertial::test
