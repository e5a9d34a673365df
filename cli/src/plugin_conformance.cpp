// The plugin conformance suite (see plugin_conformance.hpp): each check is a
// function from a loaded plugin to the problems it has.
#include "tertial/cli/plugin_conformance.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "tertial/expr.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/ledger_mapping.hpp"
#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/skeleton.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;

namespace {

using Problems = std::vector<std::string>;

std::string messages(const Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& x : d.items())
        out.push_back(fmt::format("{}[{}]{}: {}", to_string(x.severity), x.code, x.pointer.empty() ? "" : " " + x.pointer,
                                  x.message));
    return fmt::format("{}", fmt::join(out, "; "));
}

std::string canonical(const std::optional<Decimal>& v) { return v ? v->to_string() : "(empty)"; }

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool is_colour(const std::string& s) {
    return s.size() == 7 && s[0] == '#' && s.find_first_not_of("0123456789ABCDEFabcdef", 1) == std::string::npos;
}

std::vector<ReportKind> report_kinds() {
    std::vector<ReportKind> out;
    for (auto name : enum_names<ReportKind>()) out.push_back(*parse_enum<ReportKind>(name));
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

// A report with one entered figure per argument and a figure computed by
// the calculation, naming only the plugin under test.
Report calculation_report(const std::string& plugin, const CalculationDef& c, const CalculationExample& ex, const Date& end) {
    Report r;
    r.meta.municipality = {"Testby kommun", "9999"};
    r.meta.committee = {"Testnämnden", "TN"};
    r.meta.title = "Prov av " + c.name;
    // A kind whose period may end on that day (a tertialrapport ends 30/4 or 31/8).
    r.meta.kind = end.month == 12  ? ReportKind::verksamhetsberattelse
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

}  // namespace

struct Conformance::State {
    std::vector<fs::path> dirs;
    std::vector<fs::path> examples;
    bool allow_unsafe = false;
    std::unique_ptr<PluginHost> host() const {
        auto h = std::make_unique<PluginHost>(dirs);
        h->allow_unsafe(allow_unsafe);
        return h;
    }
    // One host per plugin, each loading only that plugin: what it provides on its own.
    std::map<fs::path, std::unique_ptr<PluginHost>> alone_hosts;
    std::map<fs::path, Diagnostics> alone_diagnostics;
    // One host with every plugin found, as `tertial plugins` loads them.
    std::unique_ptr<PluginHost> all;
    Diagnostics all_diagnostics;
    std::vector<PluginFile> found;
    Diagnostics found_diagnostics;
    bool discovered = false;

    const std::vector<PluginFile>& files() {
        if (!discovered) {
            found = host()->discover(found_diagnostics);
            discovered = true;
        }
        return found;
    }

    const LoadedPlugin* alone(const PluginFile& f, Diagnostics* diagnostics = nullptr) {
        auto& host = alone_hosts[f.path];
        if (!host) {
            host = this->host();
            host->load_file(f, alone_diagnostics[f.path]);
        }
        if (diagnostics) *diagnostics = alone_diagnostics[f.path];
        for (const auto& p : host->loaded())
            if (p->file == f.path) return p.get();
        return nullptr;
    }

    // The plugin `id` as `tertial` would find it.
    const LoadedPlugin* alone(const std::string& id) {
        for (const auto& f : files())
            if (f.id == id) return alone(f);
        return nullptr;
    }

    PluginHost& everything() {
        if (!all) {
            all = host();
            for (const auto& f : files()) all->load_file(f, all_diagnostics);
        }
        return *all;
    }

    const LoadedPlugin* loaded(const std::string& id) {
        for (const auto& p : everything().loaded())
            if (p->id == id) return p.get();
        return nullptr;
    }
};

namespace {

using CheckFn = std::function<void(Conformance::State&, const PluginFile&, const LoadedPlugin&, Problems&)>;

template <class... Args>
void problem(Problems& out, fmt::format_string<Args...> f, Args&&... args) {
    out.push_back(fmt::format(f, std::forward<Args>(args)...));
}

// A copy of the plugin further down the search path (the installed one, while
// its build is tried) is no fault of the plugin's: `tertial` uses the first.
bool is_shadowed_copy(const Diagnostic& d) { return d.code == "plugin.duplicate"; }

void check_loads(Conformance::State& s, const PluginFile& file, const LoadedPlugin&, Problems& out) {
    // Alone, loading it gave no diagnostics (else it would not have come here
    // but for warnings), and it is the file `tertial` uses for its id.
    Diagnostics d;
    s.alone(file, &d);
    if (!d.empty()) problem(out, "loading it: {}", messages(d));
    for (const auto& f : s.files())
        if (f.id == file.id) {
            if (f.path != file.path)
                problem(out, "{} comes first on the search path with the same id, so tertial would use that one",
                        f.path.string());
            break;
        }
}

void check_manifest(Conformance::State&, const PluginFile& file, const LoadedPlugin& p, Problems& out) {
    if (p.id != file.id) problem(out, "its id '{}' is not its file's '{}'", p.id, file.id);
    if (!is_simple_id(p.id)) problem(out, "its id '{}' is not a simple id (a-z, 0-9, _)", p.id);
    if (p.file != file.path) problem(out, "it was loaded from {}, not {}", p.file.string(), file.path.string());
    if (p.kind == PluginKind::unknown) problem(out, "its kind is neither committee nor municipality");
    if (p.version.empty()) problem(out, "it has no version");
    if (p.description.empty()) problem(out, "it has no description");
    if (p.description.find('\n') != std::string::npos) problem(out, "its description is more than one line");
}

void check_key_figures(Conformance::State& s, const PluginFile& file, const LoadedPlugin& p, Problems& out) {
    std::set<std::string> own;
    for (const auto& k : p.key_figures) {
        if (!is_figure_id(k.id)) problem(out, "key figure '{}': not a valid figure id", k.id);
        if (!own.insert(k.id).second) problem(out, "key figure '{}': registered twice", k.id);
        if (k.name.empty()) problem(out, "key figure '{}': no name", k.id);
        if (k.unit == Unit::unknown) problem(out, "key figure '{}': no unit", k.id);
        if (k.description.empty()) problem(out, "key figure '{}': no description", k.id);
        if (k.display.decimals && (*k.display.decimals < 0 || *k.display.decimals > 6))
            problem(out, "key figure '{}': {} decimals (0 to 6)", k.id, *k.display.decimals);
    }
    // Ids are one namespace across plugins: a report may name any of them.
    for (const auto& other_file : s.files()) {
        if (other_file.id == file.id) continue;
        const LoadedPlugin* other = s.alone(other_file);
        if (!other) continue;  // its own conformance says why
        for (const auto& k : other->key_figures)
            if (own.count(k.id)) problem(out, "key figure '{}' is in plugin '{}' too", k.id, other->id);
        for (const auto& c : other->calculations)
            for (const auto& mine : p.calculations)
                if (mine.name == c.name) problem(out, "calculation '{}' is in plugin '{}' too", c.name, other->id);
    }
}

void check_calculations(Conformance::State&, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    const auto& builtins = expr_functions();
    for (const auto& c : p.calculations) {
        if (!is_simple_id(c.name)) problem(out, "calculation '{}': not a simple id", c.name);
        if (std::find(builtins.begin(), builtins.end(), c.name) != builtins.end())
            problem(out, "calculation '{}': shadows a built-in function", c.name);
        if (!c.doc.starts_with(c.name + "("))
            problem(out, "calculation '{}': its doc does not start with the call, '{}(': {}", c.name, c.name, c.doc);
        if (c.output == Unit::unknown) problem(out, "calculation '{}': no output unit", c.name);
        for (Unit u : c.inputs)
            if (u == Unit::unknown) problem(out, "calculation '{}': an argument without a unit", c.name);
        if (!c.compute) problem(out, "calculation '{}': no compute function", c.name);
        if (c.examples.empty()) problem(out, "calculation '{}': no worked example", c.name);
        if (!c.compute) continue;
        for (const auto& ex : c.examples) {
            std::string call = fmt::format("{}({}) at {}", c.name, fmt::join(ex.args, ", "), ex.period_end);
            auto end = Date::parse(ex.period_end);
            if (!end || ex.args.size() != c.inputs.size()) {
                problem(out, "example {}: not a date, or not {} arguments", call, c.inputs.size());
                continue;
            }
            std::vector<Decimal> args;
            for (const auto& a : ex.args) {
                auto v = Decimal::parse(a);
                if (!v) problem(out, "example {}: '{}' is not an amount", call, a);
                else if (v->to_string() != a) problem(out, "example {}: write '{}' as '{}'", call, a, v->to_string());
                if (v) args.push_back(*v);
            }
            if (args.size() != ex.args.size()) continue;
            Report report;
            report.meta.period = {end->year, *end};
            std::string got = canonical(c.compute(args, CalculationContext{report}));
            std::string want = ex.result.value_or("(empty)");
            if (got != want) problem(out, "example {}: gives {}, the example says {}", call, got, want);
        }
    }
}

void check_calculations_in_report(Conformance::State& s, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    for (const auto& c : p.calculations)
        for (const auto& ex : c.examples) {
            auto end = Date::parse(ex.period_end);
            if (!end || ex.args.size() != c.inputs.size()) continue;  // the calculations check says why
            std::string call = fmt::format("{}({}) at {}", c.name, fmt::join(ex.args, ", "), ex.period_end);
            Report report = calculation_report(p.id, c, ex, *end);
            auto host = s.host();
            Diagnostics d;
            Extensions ext = load_report_plugins(report, *host, d);
            if (!ext.calculation(c.name)) {
                problem(out, "example {}: not callable from a report: {}", call, messages(d));
                continue;
            }
            Resolution res = check_report(report, d, &ext);
            for (const auto& x : d.items())
                if (!is_shadowed_copy(x))
                    problem(out, "example {} in a report: {}[{}]: {}", call, to_string(x.severity), x.code, x.message);
            const ResolvedFigure* f = res.find("result");
            std::string got = f ? canonical(f->value) : "no figure";
            if (got != ex.result.value_or("(empty)"))
                problem(out, "example {} in a report: gives {}, the example says {}", call, got, ex.result.value_or("(empty)"));
        }
}

void check_checks(Conformance::State& s, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    for (const auto& c : p.checks) {
        if (!is_simple_id(c.id)) problem(out, "check '{}': not a simple id", c.id);
        if (c.description.empty()) problem(out, "check '{}': not described", c.id);
        if (!c.run) problem(out, "check '{}': no run function", c.id);
    }
    if (p.checks.empty()) return;
    for (const auto& file : s.examples) {
        auto read = json::read_report(read_file(file));
        if (!read.report) {
            problem(out, "example {} does not read: {}", file.string(), messages(read.diagnostics));
            continue;
        }
        const auto& named = read.report->meta.plugins;
        if (std::find(named.begin(), named.end(), p.id) == named.end()) continue;
        auto host = s.host();
        Diagnostics d;
        Extensions ext = load_report_plugins(*read.report, *host, d);
        Resolution res = check_report(*read.report, d, &ext);
        for (const auto& x : d.items())
            if (x.code == "plugin.check") problem(out, "on {}: {}", file.string(), x.message);
        const LoadedPlugin* loaded = host->load(p.id, d);
        if (!loaded) continue;
        for (const auto& c : loaded->checks) {
            Diagnostics found;
            try {
                c.run(*read.report, res, found);
            } catch (const std::exception& e) {
                problem(out, "check '{}' on {}: throws: {}", c.id, file.string(), e.what());
            }
        }
    }
}

void check_provides(Conformance::State& s, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    if (p.kind == PluginKind::committee) {
        for (ReportKind kind : report_kinds())
            if (!p.template_for(kind)) problem(out, "a committee plugin gives every kind of report a template; it gives a {} none", to_string(kind));
        return;  // the host refuses a committee plugin's municipality, house style and committees
    }
    if (!p.municipality) return problem(out, "a municipality plugin says which municipality (set_municipality)");
    if (p.municipality->name.empty()) problem(out, "the municipality has no name");
    if (!p.house_style) problem(out, "a municipality plugin sets its house style (set_house_style)");
    if (p.house_style) {
        if (p.house_style->font_family.empty()) problem(out, "the house style names no font family");
        if (!is_colour(p.house_style->primary_colour))
            problem(out, "the house style's primary colour '{}' is not #RRGGBB", p.house_style->primary_colour);
        if (!is_colour(p.house_style->accent_colour))
            problem(out, "the house style's accent colour '{}' is not #RRGGBB", p.house_style->accent_colour);
        if (p.house_style->logo_file) {
            try {  // as `tertial build` will read it: beside the plugin file
                pdf::read_logo((p.file.parent_path() / *p.house_style->logo_file).lexically_normal().string());
            } catch (const pdf::ImageError& e) {
                problem(out, "the house style's {}", e.what());
            }
        }
    }
    if (p.committees.empty()) problem(out, "a municipality plugin names at least one committee (add_committee)");
    for (const auto& c : p.committees) {
        if (c.committee.name.empty()) problem(out, "committee of plugin '{}': no name", c.plugin);
        if (c.committee.short_name.empty()) problem(out, "committee '{}': no short name", c.committee.name);
        if (c.administration.empty()) problem(out, "committee '{}': no förvaltning (administration)", c.committee.name);
        const LoadedPlugin* committee = s.alone(c.plugin);
        if (!committee)
            problem(out, "committee '{}' names plugin '{}', which is not found or does not load", c.committee.name, c.plugin);
        else if (committee->kind != PluginKind::committee)
            problem(out, "committee '{}' names plugin '{}', which is not a committee plugin", c.committee.name, c.plugin);
    }
    std::set<std::string> goal_ids;
    for (const auto& g : p.goals) {
        if (!goal_ids.insert(g.id).second) problem(out, "goal '{}' twice", g.id);
        if (g.title.empty()) problem(out, "goal '{}' has no title", g.id);
    }
}

void check_rollover_rules(Conformance::State&, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    for (const auto& r : p.rollover_rules) {
        if (!is_simple_id(r.id)) problem(out, "rollover rule '{}': not a simple id", r.id);
        if (r.description.empty()) problem(out, "rollover rule '{}': not described", r.id);
        if (!r.apply) problem(out, "rollover rule '{}': no apply function", r.id);
    }
}

// A ledger mapping fills rows the municipality's own table layout has, when
// it has a layout of that table: else it would fail at the first import.
void check_ledger_mappings(Conformance::State&, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    for (const auto& m : p.ledger_mappings) {
        for (const auto& why : ledger_mapping_problems(m)) problem(out, "ledger mapping '{}': {}", m.id, why);
        if (m.description.empty()) problem(out, "ledger mapping '{}': not described", m.id);
        for (const auto& l : p.layouts) {
            if (l.table.id != m.table) continue;
            auto has_row = [&](const std::string& id) {
                return std::any_of(l.table.rows.begin(), l.table.rows.end(), [&](const auto& r) { return r.id == id; });
            };
            for (const auto& r : m.rules)
                if (!has_row(r.row)) problem(out, "ledger mapping '{}': row '{}' is not in layout '{}'", m.id, r.row, l.name);
            if (m.other_row && !has_row(*m.other_row))
                problem(out, "ledger mapping '{}': row '{}' is not in layout '{}'", m.id, *m.other_row, l.name);
            if (std::none_of(l.table.columns.begin(), l.table.columns.end(), [&](const auto& c) { return c.id == m.column; }))
                problem(out, "ledger mapping '{}': column '{}' is not in layout '{}'", m.id, m.column, l.name);
        }
    }
}

// A new report from each template checks clean but for to-dos, reads back
// as written, and rolls a year on (with every plugin's rules) clean but for
// to-dos, the same each time.
void check_skeleton(Conformance::State& s, const LoadedPlugin& m, const std::vector<const LoadedPlugin*>& committees,
                    const std::string& short_name, ReportKind kind, const Date& end, Problems& out) {
    std::vector<std::string> ids;
    for (const LoadedPlugin* c : committees) ids.push_back(c->id);
    std::string which = fmt::format("{} × {}, {} {}", m.id, fmt::join(ids, " + "), to_string(kind), end.to_string());
    Diagnostics made;
    auto report = make_skeleton({m, committees, short_name, kind, end, std::nullopt}, made);
    if (!report) return problem(out, "{}: no skeleton: {}", which, messages(made));
    if (!made.empty()) problem(out, "{}: making it: {}", which, messages(made));
    auto host = s.host();
    Diagnostics d;
    Extensions ext = load_report_plugins(*report, *host, d);
    check_report(*report, d, &ext);
    if (d.count(Severity::warning) == 0) problem(out, "{}: nothing to fill in", which);
    for (const auto& x : d.items())
        if ((x.severity != Severity::warning || x.code != "todo") && !is_shadowed_copy(x))
            problem(out, "{}: {}[{}] {}: {}", which, to_string(x.severity), x.code, x.pointer, x.message);
    std::string written = json::write_report(*report);
    auto again = json::read_report(written);
    if (!again.report) return problem(out, "{}: does not read back: {}", which, messages(again.diagnostics));
    if (!(*again.report == *report) || json::write_report(*again.report) != written)
        problem(out, "{}: reads back as another report", which);
    RolloverResult rolled = rollover(*report, {Date{end.year + 1, end.month, end.day}}, &ext);
    if (!rolled.report) return problem(out, "{}: rollover fails: {}", which, messages(rolled.diagnostics));
    if (rolled.diagnostics.count(Severity::error) > 0) problem(out, "{}: rollover: {}", which, messages(rolled.diagnostics));
    Diagnostics after;
    check_report(*rolled.report, after, &ext);
    for (const auto& x : after.items())
        if (x.code != "todo") problem(out, "{}: a year on: {}[{}] {}: {}", which, to_string(x.severity), x.code, x.pointer, x.message);
    auto twice = rollover(*report, {Date{end.year + 1, end.month, end.day}}, &ext);
    if (!twice.report || json::write_report(*twice.report) != json::write_report(*rolled.report))
        problem(out, "{}: rolled a year on twice, it comes out different", which);
}

// Every day the kind may end on in this municipality; one year-end day for
// a kind that may end on any day.
std::vector<Date> period_ends_to_try(ReportKind kind, const LoadedPlugin& m) {
    int year = kind == ReportKind::verksamhetsplan ? 2022 : 2021;
    std::vector<Date> out;
    for (const auto& [month, day] : period_ends(kind, m.period_ends)) out.push_back({year, month, day});
    if (out.empty()) out.push_back(period_end(kind));
    return out;
}

void check_skeletons(Conformance::State& s, const PluginFile&, const LoadedPlugin& p, Problems& out) {
    // The reports a user can make with `tertial new`: each nämnd of a
    // municipality with each of its committee plugins and with all of them
    // together, every kind, every day the kind may end on.
    std::size_t tried = 0;
    auto with = [&](const LoadedPlugin& m, const std::vector<const LoadedPlugin*>& committees, const std::string& short_name) {
        for (ReportKind kind : report_kinds())
            if (std::all_of(committees.begin(), committees.end(), [&](const LoadedPlugin* c) { return c->template_for(kind); }))
                for (const Date& end : period_ends_to_try(kind, m)) {
                    check_skeleton(s, m, committees, short_name, kind, end, out);
                    ++tried;
                }
    };
    auto committee_of = [&](const LoadedPlugin& m, const std::string& short_name, const std::string* only) {
        std::vector<const LoadedPlugin*> committees;
        for (const auto& c : m.committees) {
            if (c.committee.short_name != short_name || (only && c.plugin != *only)) continue;
            const LoadedPlugin* committee = s.alone(c.plugin);
            if (!committee || committee->kind != PluginKind::committee) continue;
            if (std::find(committees.begin(), committees.end(), committee) == committees.end()) committees.push_back(committee);
        }
        if (committees.empty()) return;
        for (const LoadedPlugin* c : committees) with(m, {c}, short_name);
        if (committees.size() > 1) with(m, committees, short_name);
    };
    if (p.kind == PluginKind::municipality) {
        std::vector<std::string> done;
        for (const auto& c : p.committees) {
            if (std::find(done.begin(), done.end(), c.committee.short_name) != done.end()) continue;
            done.push_back(c.committee.short_name);
            committee_of(p, c.committee.short_name, nullptr);
        }
        return;
    }
    for (const auto& f : s.files()) {
        const LoadedPlugin* m = s.alone(f);
        if (!m || m->kind != PluginKind::municipality) continue;
        for (const auto& c : m->committees)
            if (c.plugin == p.id) committee_of(*m, c.committee.short_name, &p.id);
    }
    if (tried == 0 && !p.templates.empty())
        problem(out, "no municipality plugin found names '{}', so its templates could not be tried: give --plugin-dir "
                     "with one that does",
                p.id);
}

void check_together(Conformance::State& s, const PluginFile& file, const LoadedPlugin&, Problems& out) {
    PluginHost& all = s.everything();
    std::string prefix = fmt::format("plugin '{}' ", file.id);
    for (const auto& x : s.all_diagnostics.items())
        if (x.message.starts_with(prefix) || x.message.find(fmt::format("registered by plugin '{}'", file.id)) != std::string::npos)
            problem(out, "{}", x.message);
    if (std::none_of(all.loaded().begin(), all.loaded().end(), [&](const auto& p) { return p->file == file.path; }))
        problem(out, "not loaded beside the other plugins found");
}

struct Entry {
    ConformanceCheck check;
    CheckFn run;
};

const std::vector<Entry>& entries() {
    static const std::vector<Entry> all{
        {{"loads", "loads alone without a diagnostic, and is found once on the search path"}, check_loads},
        {{"manifest", "id, kind, version and a one-line description"}, check_manifest},
        {{"key_figures", "key figures with id, name, unit and description; ids and calculation names no other plugin has"},
         check_key_figures},
        {{"calculations", "every calculation documented, its worked examples give what they say"}, check_calculations},
        {{"calculations_in_report", "every calculation callable from a report, with the examples' results"},
         check_calculations_in_report},
        {{"checks", "every check described; none fails or throws on a report that names the plugin"}, check_checks},
        {{"provides", "what its kind provides: a template for every kind of report, or municipality, house style (and its logo) and committees that exist"},
         check_provides},
        {{"rollover_rules", "every rollover rule described"}, check_rollover_rules},
        {{"ledger_mappings", "every ledger mapping valid, filling rows and a column of its own table layout"},
         check_ledger_mappings},
        {{"skeletons", "a new report of every kind, for every nämnd and day the kind may end on, checks clean but for to-dos, before and after a rollover"},
         check_skeletons},
        {{"together", "loads beside every other plugin found, without a clash"}, check_together},
    };
    return all;
}

}  // namespace

const std::vector<ConformanceCheck>& conformance_checks() {
    static const std::vector<ConformanceCheck> checks = [] {
        std::vector<ConformanceCheck> out;
        for (const auto& e : entries()) out.push_back(e.check);
        return out;
    }();
    return checks;
}

Conformance::Conformance(std::vector<fs::path> search_dirs, std::vector<fs::path> examples) : s_(std::make_unique<State>()) {
    s_->dirs = std::move(search_dirs);
    s_->examples = std::move(examples);
}

Conformance::~Conformance() = default;

void Conformance::allow_unsafe(bool allow) { s_->allow_unsafe = allow; }

std::vector<std::string> Conformance::run(const std::string& check_id, const PluginFile& plugin) {
    auto entry = std::find_if(entries().begin(), entries().end(), [&](const Entry& e) { return e.check.id == check_id; });
    if (entry == entries().end()) return {fmt::format("there is no conformance check '{}'", check_id)};
    Diagnostics d;
    const LoadedPlugin* p = s_->alone(plugin, &d);
    if (!p) return {fmt::format("does not load: {}", messages(d))};
    Problems out;
    entry->run(*s_, plugin, *p, out);
    return out;
}

}  // namespace tertial::cli
