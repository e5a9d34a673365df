// Plugin conformance over every plugin built into lib/tertial/plugins, the plugin commands through the real binary, and fixture plugins that break each host rule on purpose.
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

// One host per plugin, each loading only that plugin: what the plugin
// provides on its own, for comparing plugins with each other.
const LoadedPlugin* alone(const std::string& id, Diagnostics* diagnostics = nullptr) {
    static std::map<std::string, std::unique_ptr<PluginHost>> hosts;
    auto& host = hosts[id];
    if (!host) host = std::make_unique<PluginHost>(std::vector<fs::path>{kPluginDir});
    Diagnostics d;
    const LoadedPlugin* p = host->load(id, d);
    if (diagnostics) *diagnostics = d;
    return p;
}

// One host with every plugin loaded, as `tertial plugins` does.
struct AllPlugins {
    PluginHost host{std::vector<fs::path>{kPluginDir}};
    Diagnostics diagnostics;
    AllPlugins() {
        for (const auto& f : host.discover(diagnostics)) host.load_file(f, diagnostics);
    }
    const LoadedPlugin* find(const std::string& id) const {
        for (const auto& p : host.loaded())
            if (p->id == id) return p.get();
        return nullptr;
    }
};

AllPlugins& all_plugins() {
    static AllPlugins all;
    return all;
}

std::optional<Report> read_example(const fs::path& file) {
    auto read = json::read_report(slurp(file));
    if (!read.report) ADD_FAILURE() << file << " does not read:\n" << messages(read.diagnostics);
    return read.report;
}

std::string canonical(const std::optional<Decimal>& v) { return v ? v->to_string() : ""; }

// ---- conformance: every plugin in the build's plugin directory -------------------------

class Plugin : public ::testing::TestWithParam<std::string> {};

TEST(PluginDirectory, HoldsTheFiveRealPlugins) {
    auto ids = plugin_ids();
    for (const auto& id : kRealPlugins) EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

TEST_P(Plugin, LoadsWithoutDiagnostics) {
    Diagnostics found;
    PluginHost host({kPluginDir});
    auto files = host.discover(found);
    EXPECT_TRUE(found.empty()) << messages(found);
    Diagnostics d;
    const LoadedPlugin* p = host.load(GetParam(), d);
    ASSERT_NE(p, nullptr) << messages(d);
    EXPECT_TRUE(d.empty()) << messages(d);
}

TEST_P(Plugin, ManifestIsComplete) {
    Diagnostics d;
    const LoadedPlugin* p = alone(GetParam(), &d);
    ASSERT_NE(p, nullptr) << messages(d);
    EXPECT_EQ(p->id, GetParam());
    EXPECT_TRUE(is_simple_id(p->id)) << p->id;
    EXPECT_EQ(p->file, kPluginDir / plugin_file_name(GetParam()));
    EXPECT_NE(p->kind, PluginKind::unknown);
    EXPECT_FALSE(p->version.empty());
    EXPECT_FALSE(p->description.empty());
    EXPECT_EQ(p->description.find('\n'), std::string::npos) << "the description is one line: " << p->description;
}

TEST_P(Plugin, KeyFiguresAreValidAndUniqueAcrossPlugins) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    std::set<std::string> own;
    for (const auto& k : p->key_figures) {
        SCOPED_TRACE(k.id);
        EXPECT_TRUE(is_figure_id(k.id));
        EXPECT_TRUE(own.insert(k.id).second) << "registered twice";
        EXPECT_FALSE(k.name.empty());
        EXPECT_NE(k.unit, Unit::unknown);
        EXPECT_FALSE(k.description.empty());
        if (k.display.decimals) {
            EXPECT_TRUE(*k.display.decimals >= 0 && *k.display.decimals <= 6) << *k.display.decimals;
        }
    }
    for (const auto& other_id : plugin_ids()) {
        if (other_id == GetParam()) continue;
        const LoadedPlugin* other = alone(other_id);
        ASSERT_NE(other, nullptr) << other_id;
        for (const auto& k : other->key_figures)
            EXPECT_FALSE(own.count(k.id)) << "key figure '" << k.id << "' is in both " << GetParam() << " and " << other_id;
        for (const auto& c : other->calculations)
            for (const auto& mine : p->calculations)
                EXPECT_NE(mine.name, c.name) << "calculation in both " << GetParam() << " and " << other_id;
    }
}

TEST_P(Plugin, CalculationsAreDocumentedAndTheirExamplesHold) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    const auto& builtins = expr_functions();
    for (const auto& c : p->calculations) {
        SCOPED_TRACE(c.name);
        EXPECT_TRUE(is_simple_id(c.name));
        EXPECT_EQ(std::find(builtins.begin(), builtins.end(), c.name), builtins.end()) << "shadows a built-in function";
        EXPECT_FALSE(c.doc.empty());
        EXPECT_TRUE(c.doc.starts_with(c.name + "(")) << "the doc starts with the call: " << c.doc;
        EXPECT_NE(c.output, Unit::unknown);
        for (Unit u : c.inputs) EXPECT_NE(u, Unit::unknown);
        ASSERT_TRUE(c.compute);
        ASSERT_FALSE(c.examples.empty());
        for (const auto& ex : c.examples) {
            SCOPED_TRACE(fmt::format("{}({}) at {}", c.name, fmt::join(ex.args, ", "), ex.period_end));
            auto end = Date::parse(ex.period_end);
            ASSERT_TRUE(end);
            ASSERT_EQ(ex.args.size(), c.inputs.size());
            std::vector<Decimal> args;
            for (const auto& a : ex.args) {
                auto v = Decimal::parse(a);
                ASSERT_TRUE(v) << a;
                EXPECT_EQ(v->to_string(), a) << "example arguments are canonical";
                args.push_back(*v);
            }
            Report report;
            report.meta.period = {end->year, *end};
            EXPECT_EQ(canonical(c.compute(args, CalculationContext{report})), ex.result.value_or(""));
        }
    }
}

// A report with one entered figure per argument and a figure computed by
// the calculation, naming only the plugin under test.
Report calculation_report(const std::string& plugin, const CalculationDef& c, const CalculationExample& ex) {
    Report r;
    r.meta.municipality = {"Testby kommun", "9999"};
    r.meta.committee = {"Testnämnden", "TN"};
    r.meta.title = "Prov av " + c.name;
    Date end = *Date::parse(ex.period_end);
    // A kind whose period may end on that day (a tertialrapport ends 30/4 or 31/8).
    r.meta.kind = end.month == 12 ? ReportKind::verksamhetsberattelse
                  : end.month == 6 ? ReportKind::delarsrapport
                                   : ReportKind::tertialrapport;
    r.meta.period = {end.year, end};
    r.meta.date = end;
    r.meta.status = ReportStatus::utkast;
    r.meta.plugins = {plugin};
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ex.args.size(); ++i) {
        Figure f;
        f.id = fmt::format("arg{}", i + 1);
        f.unit = c.inputs.at(i);
        f.value = Decimal::parse(ex.args[i]);
        r.figures.push_back(f);
        names.push_back(f.id);
    }
    Figure result;
    result.id = "result";
    result.unit = c.output;
    result.calc = fmt::format("{}({})", c.name, fmt::join(names, ", "));
    r.figures.push_back(result);
    return r;
}

TEST_P(Plugin, CalculationsAreCallableFromAReport) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    for (const auto& c : p->calculations)
        for (const auto& ex : c.examples) {
            SCOPED_TRACE(fmt::format("{}({}) at {}", c.name, fmt::join(ex.args, ", "), ex.period_end));
            Report report = calculation_report(GetParam(), c, ex);
            PluginHost host({kPluginDir});
            Diagnostics d;
            Extensions ext = load_report_plugins(report, host, d);
            ASSERT_NE(ext.calculation(c.name), nullptr) << messages(d);
            Resolution res = check_report(report, d, &ext);
            EXPECT_TRUE(d.empty()) << messages(d);
            const ResolvedFigure* f = res.find("result");
            ASSERT_NE(f, nullptr);
            EXPECT_EQ(canonical(f->value), ex.result.value_or(""));
        }
}

TEST_P(Plugin, ChecksRunOnEveryExampleThatNamesIt) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    for (const auto& c : p->checks) {
        EXPECT_TRUE(is_simple_id(c.id)) << c.id;
        EXPECT_FALSE(c.description.empty()) << c.id;
        EXPECT_TRUE(c.run) << c.id;
    }
    if (p->checks.empty()) return;
    for (const auto& file : example_files()) {
        auto report = read_example(file);
        if (!report) continue;
        const auto& named = report->meta.plugins;
        if (std::find(named.begin(), named.end(), GetParam()) == named.end()) continue;
        SCOPED_TRACE(file.string());
        PluginHost host({kPluginDir});
        Diagnostics d;
        Extensions ext = load_report_plugins(*report, host, d);
        Resolution res = check_report(*report, d, &ext);
        for (const auto& x : d.items()) EXPECT_NE(x.code, "plugin.check") << x.message;
        const LoadedPlugin* loaded = host.load(GetParam(), d);
        ASSERT_NE(loaded, nullptr);
        for (const auto& c : loaded->checks) {
            Diagnostics found;
            EXPECT_NO_THROW(c.run(*report, res, found)) << c.id;
        }
    }
}

bool is_colour(const std::string& s) {
    return s.size() == 7 && s[0] == '#' && s.find_first_not_of("0123456789ABCDEFabcdef", 1) == std::string::npos;
}

TEST_P(Plugin, ProvidesWhatItsKindProvides) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    if (p->kind == PluginKind::committee) {
        EXPECT_FALSE(p->templates.empty()) << "a committee plugin gives at least one kind of report a template";
        EXPECT_FALSE(p->municipality);
        EXPECT_FALSE(p->house_style);
        EXPECT_TRUE(p->committees.empty());
        return;
    }
    ASSERT_EQ(p->kind, PluginKind::municipality);
    ASSERT_TRUE(p->municipality);
    EXPECT_FALSE(p->municipality->name.empty());
    EXPECT_EQ(p->municipality->scb_code.size(), 4u);
    ASSERT_TRUE(p->house_style) << "a municipality plugin sets its house style";
    EXPECT_FALSE(p->house_style->font_family.empty());
    EXPECT_TRUE(is_colour(p->house_style->primary_colour)) << p->house_style->primary_colour;
    EXPECT_TRUE(is_colour(p->house_style->accent_colour)) << p->house_style->accent_colour;
    ASSERT_FALSE(p->committees.empty()) << "a municipality plugin names at least one committee";
    for (const auto& c : p->committees) {
        SCOPED_TRACE(c.plugin);
        EXPECT_FALSE(c.committee.name.empty());
        EXPECT_FALSE(c.committee.short_name.empty());
        EXPECT_FALSE(c.administration.empty());
        EXPECT_TRUE(fs::exists(kPluginDir / plugin_file_name(c.plugin))) << "names a committee plugin that is not built";
        const LoadedPlugin* committee = alone(c.plugin);
        ASSERT_NE(committee, nullptr);
        EXPECT_EQ(committee->kind, PluginKind::committee);
    }
    std::set<std::string> goal_ids;
    for (const auto& g : p->goals) {
        EXPECT_TRUE(goal_ids.insert(g.id).second) << "goal id twice: " << g.id;
        EXPECT_FALSE(g.title.empty()) << g.id;
    }
}

TEST_P(Plugin, RolloverRulesAreDescribed) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    for (const auto& r : p->rollover_rules) {
        SCOPED_TRACE(r.id);
        EXPECT_TRUE(is_simple_id(r.id));
        EXPECT_FALSE(r.description.empty());
        EXPECT_TRUE(static_cast<bool>(r.apply));
    }
}

// A ledger mapping passes the host's checks (else the plugin would not have
// loaded), and fills rows the municipality's own table layout has, when it
// has a layout of that table: a mapping to a row that is not there would
// fail at the first import.
TEST_P(Plugin, LedgerMappingsNameRowsOfTheirTable) {
    const LoadedPlugin* p = alone(GetParam());
    ASSERT_NE(p, nullptr);
    for (const auto& m : p->ledger_mappings) {
        SCOPED_TRACE(m.id);
        EXPECT_TRUE(ledger_mapping_problems(m).empty());
        EXPECT_FALSE(m.description.empty());
        for (const auto& l : p->layouts) {
            if (l.table.id != m.table) continue;
            auto has_row = [&](const std::string& id) {
                return std::any_of(l.table.rows.begin(), l.table.rows.end(), [&](const auto& r) { return r.id == id; });
            };
            for (const auto& r : m.rules) EXPECT_TRUE(has_row(r.row)) << r.row;
            if (m.other_row) EXPECT_TRUE(has_row(*m.other_row)) << *m.other_row;
            EXPECT_TRUE(std::any_of(l.table.columns.begin(), l.table.columns.end(),
                                    [&](const auto& c) { return c.id == m.column; }))
                << m.column;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Built, Plugin, ::testing::ValuesIn(plugin_ids()),
                         [](const auto& info) { return info.param; });

TEST(PluginsTogether, LoadIntoOneHostWithoutDiagnostics) {
    auto& all = all_plugins();
    EXPECT_TRUE(all.diagnostics.empty()) << messages(all.diagnostics);
    EXPECT_EQ(all.host.loaded().size(), plugin_ids().size());
    std::map<std::string, std::string> owner;
    for (const auto& p : all.host.loaded())
        for (const auto& k : p->key_figures) {
            auto [it, inserted] = owner.emplace(k.id, p->id);
            EXPECT_TRUE(inserted) << "key figure '" << k.id << "' in " << it->second << " and " << p->id;
        }
}

// ---- skeletons: every municipality x the committee plugins it names x their templates ---

struct SkeletonCase {
    std::string municipality, committee;
    ReportKind kind = ReportKind::unknown;
    std::string name() const { return fmt::format("{}_{}_{}", municipality, committee, to_string(kind)); }
};

void PrintTo(const SkeletonCase& c, std::ostream* os) { *os << c.name(); }

std::vector<SkeletonCase> skeleton_cases() {
    std::vector<SkeletonCase> out;
    auto& all = all_plugins();
    for (const auto& m : all.host.loaded()) {
        if (m->kind != PluginKind::municipality) continue;
        for (const auto& c : m->committees)
            if (const LoadedPlugin* committee = all.find(c.plugin))
                for (const auto& t : committee->templates) out.push_back({m->id, c.plugin, t.kind});
    }
    return out;
}

// A plausible period end for each kind of report.
Date period_end(ReportKind kind) {
    switch (kind) {
        case ReportKind::tertialrapport:
            return {2021, 4, 30};
        case ReportKind::delarsrapport:
            return {2021, 8, 31};
        case ReportKind::verksamhetsplan:
            return {2022, 12, 31};
        default:
            return {2021, 12, 31};
    }
}

class PluginSkeleton : public ::testing::TestWithParam<SkeletonCase> {};

TEST_P(PluginSkeleton, ChecksCleanButForTodosAndRoundTrips) {
    const auto& sc = GetParam();
    auto& all = all_plugins();
    const LoadedPlugin* m = all.find(sc.municipality);
    const LoadedPlugin* c = all.find(sc.committee);
    ASSERT_TRUE(m && c);
    Diagnostics made;
    auto report = make_skeleton({*m, *c, sc.kind, period_end(sc.kind), std::nullopt}, made);
    ASSERT_TRUE(report) << messages(made);
    EXPECT_TRUE(made.empty()) << messages(made);
    EXPECT_EQ(report->meta.kind, sc.kind);
    EXPECT_EQ(report->meta.plugins, (std::vector<std::string>{sc.municipality, sc.committee}));

    PluginHost host({kPluginDir});
    Diagnostics d;
    Extensions ext = load_report_plugins(*report, host, d);
    check_report(*report, d, &ext);
    EXPECT_GT(d.count(Severity::warning), 0u) << "a skeleton has something to fill in";
    for (const auto& x : d.items()) {
        EXPECT_EQ(x.severity, Severity::warning) << x.code << " " << x.pointer << ": " << x.message;
        EXPECT_EQ(x.code, "todo") << x.pointer << ": " << x.message;
    }

    std::string written = json::write_report(*report);
    auto again = json::read_report(written);
    ASSERT_TRUE(again.report) << messages(again.diagnostics);
    EXPECT_TRUE(*again.report == *report);
    EXPECT_EQ(json::write_report(*again.report), written);

    // A year on, with every plugin's rollover rules: still clean but for
    // to-dos, and the same each time.
    Date end = report->meta.period.end;
    Date next_end{end.year + 1, end.month, end.day};
    RolloverResult rolled = rollover(*report, {next_end}, &ext);
    ASSERT_TRUE(rolled.report) << messages(rolled.diagnostics);
    EXPECT_EQ(rolled.diagnostics.count(Severity::error), 0u) << messages(rolled.diagnostics);
    Diagnostics after;
    check_report(*rolled.report, after, &ext);
    for (const auto& x : after.items()) EXPECT_EQ(x.code, "todo") << x.pointer << ": " << x.message;
    EXPECT_EQ(json::write_report(*rollover(*report, {next_end}, &ext).report), json::write_report(*rolled.report));
}

INSTANTIATE_TEST_SUITE_P(Built, PluginSkeleton, ::testing::ValuesIn(skeleton_cases()),
                         [](const auto& info) { return info.param.name(); });

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
