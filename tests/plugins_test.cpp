// Plugin conformance (the suite of `tertial plugins --conformance`) over every plugin built into lib/tertial/plugins, the plugin commands through the real binary, and fixture plugins that break each host rule on purpose.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/cli/plugin_conformance.hpp"
#include "tertial/expr.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/skeleton.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;

// The binary must search only --plugin-dir and its own plugin directory, so
// that the messages below are exact whatever the environment says.
const bool environment_cleared = (::unsetenv("TERTIAL_PLUGIN_PATH"), true);

const fs::path kPluginDir = TERTIAL_PLUGIN_DIR;
const fs::path kFixtureDir = TERTIAL_FIXTURE_PLUGIN_DIR;
const std::vector<std::string> kRealPlugins = {"elderly_care", "harnosand", "labour_market", "ostersund", "social_services"};

std::string plugin_file_name(const std::string& id) { return "tertial_plugin_" + id + ".so"; }

// Every plugin id in the build's plugin directory, sorted.
std::vector<std::string> plugin_ids() {
    std::vector<std::string> ids;
    std::error_code ec;
    for (fs::directory_iterator it(kPluginDir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.starts_with("tertial_plugin_") && name.ends_with(".so"))
            ids.push_back(name.substr(15, name.size() - 15 - 3));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string messages(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items())
        out += fmt::format("{}[{}] {}: {}\n", to_string(x.severity), x.code, x.pointer, x.message);
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// ---- conformance: every plugin in the build's plugin directory -------------------------
// The checks are cli/src/plugin_conformance.cpp's, which `tertial plugins
// --conformance` runs too: one test per plugin and check.

TEST(PluginDirectory, HoldsTheFiveRealPlugins) {
    auto ids = plugin_ids();
    for (const auto& id : kRealPlugins) EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

struct ConformanceCase {
    std::string plugin, check;
};

void PrintTo(const ConformanceCase& c, std::ostream* os) { *os << c.plugin << " " << c.check; }

std::vector<ConformanceCase> conformance_cases() {
    std::vector<ConformanceCase> out;
    for (const auto& id : plugin_ids())
        for (const auto& check : cli::conformance_checks()) out.push_back({id, check.id});
    return out;
}

// One suite for every case: the plugins are loaded once per plugin, as the CLI does.
cli::Conformance& suite() {
    static cli::Conformance conformance({kPluginDir}, example_files());
    return conformance;
}

class Conformance : public ::testing::TestWithParam<ConformanceCase> {};

TEST_P(Conformance, Passes) {
    const auto& c = GetParam();
    auto problems = suite().run(c.check, {c.plugin, kPluginDir / plugin_file_name(c.plugin)});
    EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
}

INSTANTIATE_TEST_SUITE_P(Built, Conformance, ::testing::ValuesIn(conformance_cases()),
                         [](const auto& info) { return info.param.plugin + "_" + info.param.check; });

// The suite can fail: a plugin that loads but breaks its rules fails the
// checks it breaks, and only those, each naming what is wrong.
TEST(ConformanceSuite, FindsWhatANonconformingPluginBreaks) {
    const fs::path dir = kFixtureDir / "nonconforming";
    cli::Conformance conformance({dir, kPluginDir});
    const PluginFile file{"nonconforming", dir / plugin_file_name("nonconforming")};
    std::map<std::string, std::vector<std::string>> found;
    for (const auto& check : cli::conformance_checks()) found[check.id] = conformance.run(check.id, file);
    EXPECT_EQ(found["calculations"],
              (std::vector<std::string>{"example halv(10) at 2021-04-30: gives 5, the example says 6"}));
    EXPECT_EQ(found["calculations_in_report"],
              (std::vector<std::string>{"example halv(10) at 2021-04-30 in a report: gives 5, the example says 6"}));
    EXPECT_EQ(found["manifest"], (std::vector<std::string>{"its description is more than one line"}));
    EXPECT_EQ(found["provides"],
              (std::vector<std::string>{"the house style's primary colour 'blue' is not #RRGGBB",
                                        "committee 'Socialnämnden' names plugin 'no_such_committee', which is not found or "
                                        "does not load"}));
    EXPECT_EQ(found["key_figures"], (std::vector<std::string>{"key figure 'nc.andel': no description"}));
    for (const char* ok : {"loads", "checks", "rollover_rules", "ledger_mappings", "together"})
        EXPECT_EQ(found[ok], std::vector<std::string>{}) << ok;
    // Its one committee plugin is not there: no skeleton can be tried, which is no failure of the suite's.
    EXPECT_EQ(found["skeletons"], std::vector<std::string>{});
    EXPECT_EQ(conformance.run("no_such_check", file), std::vector<std::string>{"there is no conformance check 'no_such_check'"});
}

TEST(ConformanceSuite, APluginThatDoesNotLoadFailsEveryCheckSayingWhy) {
    const fs::path dir = kFixtureDir / "throws";
    cli::Conformance conformance({dir, kPluginDir});
    for (const auto& check : cli::conformance_checks())
        EXPECT_EQ(conformance.run(check.id, {"throws", dir / plugin_file_name("throws")}),
                  std::vector<std::string>{fmt::format("does not load: error[plugin.register]: plugin 'throws' ({}): "
                                                       "register_plugin failed: kaputt",
                                                       (dir / plugin_file_name("throws")).string())})
            << check.id;
}

// ---- the plugin commands through the real binary -----------------------------------------

// Where the binary looks last: lib/tertial/plugins beside its bin/.
std::string binary_plugin_dir() {
    return (fs::canonical(TERTIAL_BINARY).parent_path().parent_path() / "lib" / "tertial" / "plugins").string();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

TEST(PluginCommands, PluginsListsEveryRealPlugin) {
    RunResult r = run_tertial({"plugins"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    for (const auto& id : kRealPlugins) {
        auto all = lines(r.out);
        bool listed = std::any_of(all.begin(), all.end(), [&](const std::string& l) { return l.starts_with(id + " "); });
        EXPECT_TRUE(listed) << id << " not listed:\n" << r.out;
        EXPECT_TRUE(contains(r.out, (fs::path(binary_plugin_dir()) / plugin_file_name(id)).string())) << r.out;
    }
    EXPECT_TRUE(r.out.ends_with(fmt::format("{} plugins found in: {}\n", plugin_ids().size(), binary_plugin_dir()))) << r.out;
}

TEST(PluginCommands, PluginsReportsABrokenPluginAndListsTheRest) {
    std::string dir = (kFixtureDir / "throws").string();
    RunResult r = run_tertial({"plugins", "--plugin-dir", dir});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, fmt::format("tertial: error[plugin.register]: plugin 'throws' ({}/tertial_plugin_throws.so): "
                                 "register_plugin failed: kaputt\n",
                                 dir));
    EXPECT_TRUE(r.out.ends_with(fmt::format("{} plugins found in: {}, {}\n", plugin_ids().size(), dir, binary_plugin_dir())))
        << r.out;
}

TEST(PluginCommands, NewWritesASkeletonThatChecksCleanButForTodos) {
    TempDir tmp;
    RunResult made = run_tertial({"new", "--municipality", "ostersund", "--committee", "social_services", "--kind", "tertialrapport",
                                  "--period", "2021-04-30", "-o", "san.json"},
                                 tmp.path().string());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(made.err, "");
    EXPECT_TRUE(made.out.starts_with("wrote san.json: a tertialrapport for Social- och arbetsmarknadsnämnden, ")) << made.out;
    ASSERT_TRUE(fs::exists(tmp.path() / "san.json"));

    RunResult checked = run_tertial({"check", "san.json"}, tmp.path().string());
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    auto err_lines = lines(checked.err);
    EXPECT_FALSE(err_lines.empty());
    for (const auto& l : err_lines) EXPECT_TRUE(contains(l, ": warning[todo]: ")) << l;
    // The summary line, then what is left to do, grouped by section.
    EXPECT_TRUE(checked.out.starts_with(fmt::format("san.json: 0 errors, {} warnings\nsan.json: {} left to do: ", err_lines.size(),
                                                    err_lines.size())))
        << checked.out;
    // `new` counts the same to-dos that `check` lists.
    EXPECT_TRUE(contains(made.out, fmt::format(", {} to fill in;", err_lines.size()))) << made.out;
}

TEST(PluginCommands, NewRefusesAnExistingOutputWithoutForce) {
    TempDir tmp;
    const std::string before = "{\"not\": \"a report\"}\n";
    {
        std::ofstream out(tmp.path() / "san.json", std::ios::binary);
        out << before;
    }
    std::vector<std::string> args = {"new", "--municipality", "ostersund", "--committee", "social_services", "--kind",
                                     "tertialrapport", "--period", "2021-04-30", "-o", "san.json"};
    RunResult r = run_tertial(args, tmp.path().string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "tertial new: error: san.json exists; choose another file or pass --force to replace it\n");
    EXPECT_EQ(slurp(tmp.path() / "san.json"), before);

    args.push_back("--force");
    RunResult forced = run_tertial(args, tmp.path().string());
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_NE(slurp(tmp.path() / "san.json"), before);
}

TEST(PluginCommands, CheckNamesTheDirectoriesSearchedForAnUnknownPlugin) {
    TempDir tmp;
    const std::string report = R"J({
  "format": "tertial-report", "format_version": "1.0",
  "meta": {"municipality": {"name": "Testby kommun", "scb_code": "9999"},
           "committee": {"name": "Testnämnden", "short_name": "TN"},
           "kind": "tertialrapport", "title": "Test", "period": {"year": 2021, "end": "2021-04-30"},
           "date": "2021-05-11", "status": "utkast", "plugins": ["ostersund", "socal_services"]},
  "body": []
}
)J";
    {
        std::ofstream out(tmp.path() / "r.json", std::ios::binary);
        out << report;
    }
    // The diagnostic points at the misspelt id: line 6, where it starts.
    std::size_t at = report.find("\"socal_services\"");
    std::size_t column = at - report.rfind('\n', at);
    std::string extra = (kFixtureDir / "twin").string();
    RunResult r = run_tertial({"check", "--plugin-dir", extra, "r.json"}, tmp.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, fmt::format("r.json:6:{}: error[plugin.not_found]: /meta/plugins/1: plugin 'socal_services' not found "
                                 "(looked for tertial_plugin_socal_services.so in {}, {}), did you mean 'social_services'?\n",
                                 column, extra, binary_plugin_dir()));
    EXPECT_EQ(r.out, "r.json: 1 error, 0 warnings\n");
}

// ---- fixture plugins that break the rules on purpose --------------------------------------

fs::path fixture(const std::string& dir) { return kFixtureDir / dir; }

// "plugin 'ID' (FILE)": how every loading diagnostic starts.
std::string where(const std::string& dir, const std::string& id) {
    return fmt::format("plugin '{}' ({})", id, (fixture(dir) / plugin_file_name(id)).string());
}

Diagnostic error(std::string code, std::string message) { return {Severity::error, std::move(code), "", std::move(message)}; }

// Loads fixture `id` from its own directory: refused, with exactly `expected`.
void expect_refused(const std::string& id, const std::vector<Diagnostic>& expected) {
    PluginHost host({fixture(id)});
    Diagnostics d;
    EXPECT_EQ(host.load(id, d), nullptr);
    EXPECT_EQ(d.items(), expected) << messages(d);
    EXPECT_TRUE(host.loaded().empty());
}

TEST(PluginFixture, WrongApiVersionIsRefusedBeforeRegistering) {
    expect_refused("wrong_version",
                   {error("plugin.api_version", fmt::format("{}: built for plugin API version 999, but this Tertial uses version {}; "
                                                            "rebuild the plugin",
                                                            where("wrong_version", "wrong_version"), plugin_api_version))});
}

TEST(PluginFixture, StdExceptionInRegisterIsReported) {
    expect_refused("throws", {error("plugin.register", where("throws", "throws") + ": register_plugin failed: kaputt")});
}

TEST(PluginFixture, NonStdExceptionInRegisterIsReported) {
    expect_refused("throws_other", {error("plugin.register", where("throws_other", "throws_other") +
                                                                 ": register_plugin failed with an unknown exception")});
}

TEST(PluginFixture, KeyFigureRegisteredTwiceInOnePlugin) {
    expect_refused("dup_key_figure", {error("plugin.invalid", where("dup_key_figure", "dup_key_figure") +
                                                                  ": key figure 'dup_antal' is registered twice")});
}

TEST(PluginFixture, KeyFigureOfAnotherPluginIsRefusedNamingIt) {
    PluginHost host({kPluginDir, fixture("clash")});
    Diagnostics d;
    ASSERT_NE(host.load("social_services", d), nullptr) << messages(d);
    EXPECT_EQ(host.load("clash", d), nullptr);
    EXPECT_EQ(d.items(), (std::vector<Diagnostic>{error(
                             "plugin.invalid", where("clash", "clash") +
                                                   ": key figure 'ifo_kostnad_per_invanare' is already registered by plugin "
                                                   "'social_services'")}))
        << messages(d);
    ASSERT_EQ(host.loaded().size(), 1u);
    EXPECT_EQ(host.loaded()[0]->id, "social_services");
}

TEST(PluginFixture, LibraryWithoutTheAliasIsNotAPlugin) {
    expect_refused("noalias", {error("plugin.no_entry", where("noalias", "noalias") +
                                                            ": not a Tertial plugin: it exports no 'tertial_plugin' alias "
                                                            "(use TERTIAL_PLUGIN)")});
}

TEST(PluginFixture, IdMustMatchTheFileName) {
    expect_refused("id_mismatch", {error("plugin.id", where("id_mismatch", "id_mismatch") +
                                                          ": declares id 'something_else', but its file name says 'id_mismatch' "
                                                          "(TERTIAL_PLUGIN and tertial_add_plugin must name the same id)")});
}

TEST(PluginFixture, ManifestMustBeComplete) {
    expect_refused("bare_manifest", {error("plugin.manifest", where("bare_manifest", "bare_manifest") +
                                                                  ": the manifest lacks a version and a description and a "
                                                                  "register function")});
}

TEST(PluginFixture, CommitteePluginCannotSetAHouseStyle) {
    expect_refused("house_style", {error("plugin.invalid", where("house_style", "house_style") +
                                                               ": only a municipality plugin can register a house style")});
}

TEST(PluginFixture, CalculationWithoutDocIsRefused) {
    expect_refused("calc_no_doc",
                   {error("plugin.invalid", where("calc_no_doc", "calc_no_doc") + ": calculation 'dubbel' is not documented")});
}

TEST(PluginFixture, CalculationWithoutExamplesIsRefused) {
    expect_refused("calc_no_examples", {error("plugin.invalid", where("calc_no_examples", "calc_no_examples") +
                                                                    ": calculation 'halva' has no worked example")});
}

TEST(PluginFixture, UnknownKindIsRefused) {
    expect_refused("bad_kind", {error("plugin.kind", where("bad_kind", "bad_kind") +
                                                         ": kind 'county' is neither 'committee' nor 'municipality'")});
}

TEST(PluginFixture, RolloverRuleWithoutAFunctionIsRefused) {
    expect_refused("rollover_no_apply", {error("plugin.invalid", where("rollover_no_apply", "rollover_no_apply") +
                                                                     ": rollover rule 'tom' has no apply function")});
}

TEST(PluginFixture, RolloverRuleThatThrowsStopsTheRolloverNamingIt) {
    PluginHost host({fixture("rollover_throws")});
    Report report;
    report.meta.kind = ReportKind::tertialrapport;
    report.meta.title = "Test";
    report.meta.period = {2021, {2021, 4, 30}};
    report.meta.date = {2021, 5, 11};
    report.meta.status = ReportStatus::faststalld;
    report.meta.plugins = {"rollover_throws"};
    Diagnostics d;
    Extensions ext = load_report_plugins(report, host, d);
    ASSERT_TRUE(d.empty()) << messages(d);
    ASSERT_EQ(ext.rollover_rules.size(), 1u);
    RolloverResult r = rollover(report, {{2022, 4, 30}}, &ext);
    EXPECT_FALSE(r.report);
    EXPECT_EQ(r.diagnostics.items(),
              std::vector<Diagnostic>{error("plugin.rollover", "rollover rule 'kastar' of plugin 'rollover_throws' failed: kaputt")})
        << messages(r.diagnostics);
}

TEST(PluginFixture, MunicipalityPluginMustSayWhichMunicipality) {
    expect_refused("no_municipality",
                   {error("plugin.invalid", where("no_municipality", "no_municipality") +
                                                ": a municipality plugin must call set_municipality (name and SCB code)")});
}

TEST(PluginFixture, SameIdInTwoDirectoriesKeepsTheFirst) {
    const std::string first = (fixture("twin") / "tertial_plugin_twin.so").string();
    const std::string second = (fixture("twin_copy") / "tertial_plugin_twin.so").string();
    const Diagnostic twice = error("plugin.duplicate", fmt::format("plugin 'twin' is found twice: {} and {}; using the first", first, second));
    PluginHost host({fixture("twin"), fixture("twin_copy")});
    Diagnostics found;
    auto files = host.discover(found);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].path, first);
    EXPECT_EQ(found.items(), std::vector<Diagnostic>{twice}) << messages(found);

    Diagnostics d;
    const LoadedPlugin* p = host.load("twin", d);
    ASSERT_NE(p, nullptr) << messages(d);
    EXPECT_EQ(p->file, first);
    EXPECT_EQ(d.items(), std::vector<Diagnostic>{twice}) << messages(d);
}

TEST(PluginFixture, RefusedPluginsLeaveTheHostUsable) {
    // Every broken fixture first, then the real plugins: all of them still load.
    std::vector<fs::path> dirs;
    for (const char* c : {"wrong_version", "throws", "throws_other", "dup_key_figure", "noalias", "id_mismatch", "house_style",
                          "calc_no_doc", "calc_no_examples", "bad_kind", "no_municipality", "bare_manifest", "rollover_no_apply"})
        dirs.push_back(fixture(c));
    dirs.push_back(kPluginDir);
    PluginHost host(dirs);
    Diagnostics d;
    for (const auto& f : host.discover(d)) host.load_file(f, d);
    EXPECT_EQ(d.count(Severity::error), 13u) << messages(d);
    EXPECT_EQ(host.loaded().size(), plugin_ids().size());
}

TEST(PluginFixture, NotFoundNamesTheDirectoriesAndTheClosestId) {
    PluginHost host({fixture("twin"), kPluginDir});
    Diagnostics d;
    EXPECT_EQ(host.load("ostersnd", d, "/meta/plugins/0"), nullptr);
    EXPECT_EQ(d.items(), (std::vector<Diagnostic>{{Severity::error, "plugin.not_found", "/meta/plugins/0",
                                                   fmt::format("plugin 'ostersnd' not found (looked for tertial_plugin_ostersnd.so in "
                                                               "{}, {}), did you mean 'ostersund'?",
                                                               fixture("twin").string(), kPluginDir.string())}}))
        << messages(d);
}

// ---- plugin files other users could change -------------------------------------------------

// A real plugin copied into `dir` with `mode`; `dir` gets `dir_mode`.
fs::path unsafe_copy(const fs::path& dir, fs::perms mode, fs::perms dir_mode) {
    fs::path file = dir / plugin_file_name("social_services");
    fs::copy_file(fs::path(binary_plugin_dir()) / plugin_file_name("social_services"), file);
    fs::permissions(file, mode);
    fs::permissions(dir, dir_mode);
    return file;
}

TEST(UnsafePlugin, AWorldWritableFileIsRefusedUnlessAllowed) {
    TempDir tmp;
    fs::path dir = tmp.path() / "plugins";
    fs::create_directory(dir);
    fs::path file = unsafe_copy(dir, fs::perms(0666), fs::perms(0755));
    RunResult r = run_tertial({"plugins", "--plugin-dir", dir.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(fmt::format("tertial: error[plugin.unsafe]: plugin 'social_services' ({}): refused: the file {} "
                                     "is writable by other users (mode 0666), so anyone who can change it could run "
                                     "code as you; fix it (chmod go-w) or pass --allow-unsafe-plugins\n",
                                     file.string(), file.string())),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(contains(r.out, file.string())) << r.out;
    RunResult allowed = run_tertial({"plugins", "--allow-unsafe-plugins", "--plugin-dir", dir.string()});
    EXPECT_FALSE(contains(allowed.err, "plugin.unsafe")) << allowed.err;
    EXPECT_TRUE(contains(allowed.out, file.string())) << allowed.out;
}

TEST(UnsafePlugin, AGroupWritableFileOrAnOpenDirectoryIsRefusedAStickyOneIsNot) {
    TempDir tmp;
    fs::path a = tmp.path() / "a", b = tmp.path() / "b", c = tmp.path() / "c";
    for (const auto& d : {a, b, c}) fs::create_directory(d);
    fs::path group = unsafe_copy(a, fs::perms(0664), fs::perms(0755));
    EXPECT_EQ(PluginHost::unsafe_reason(group), "the file " + group.string() + " is writable by other users (mode 0664)");
    fs::path open = unsafe_copy(b, fs::perms(0644), fs::perms(0777));
    EXPECT_EQ(PluginHost::unsafe_reason(open), "its directory " + b.string() + " is writable by other users (mode 0777)");
    fs::path sticky = unsafe_copy(c, fs::perms(0644), fs::perms(01777));
    EXPECT_EQ(PluginHost::unsafe_reason(sticky), "");
    EXPECT_EQ(PluginHost::unsafe_reason(fs::path(binary_plugin_dir()) / plugin_file_name("social_services")), "")
        << "the build's own plugins must load";

    PluginHost host({a});
    Diagnostics d;
    EXPECT_EQ(host.load("social_services", d), nullptr);
    ASSERT_EQ(d.items().size(), 1u) << messages(d);
    EXPECT_EQ(d.items()[0].code, "plugin.unsafe");
    PluginHost allowing({a});
    allowing.allow_unsafe(true);
    Diagnostics ok;
    EXPECT_NE(allowing.load("social_services", ok), nullptr) << messages(ok);
}

}  // namespace
}  // namespace tertial::test
