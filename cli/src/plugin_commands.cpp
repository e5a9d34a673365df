// `tertial plugins` (what is installed, and --conformance) and `tertial new` (a skeleton from the plugins).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <filesystem>

#include "commands.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/cli/plugin_conformance.hpp"
#include "tertial/skeleton.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

void print_plain_diagnostics(const Diagnostics& d, std::ostream& err) {
    for (const auto& x : d.items()) fmt::print(err, "tertial: {}[{}]: {}\n", to_string(x.severity), x.code, x.message);
}

std::string provides(const LoadedPlugin& p) {
    std::vector<std::string> parts;
    if (p.municipality) parts.push_back(fmt::format("municipality {} ({})", p.municipality->name, p.municipality->scb_code));
    if (!p.committees.empty()) {
        std::vector<std::string> names;
        for (const auto& c : p.committees) names.push_back(fmt::format("{} → {}", c.committee.short_name, c.plugin));
        parts.push_back(fmt::format("committees: {}", fmt::join(names, ", ")));
    }
    if (!p.goals.empty()) parts.push_back(fmt::format("{} goals", p.goals.size()));
    if (!p.layouts.empty()) {
        std::vector<std::string> names;
        for (const auto& l : p.layouts) names.push_back(l.name);
        parts.push_back(fmt::format("table layouts: {}", fmt::join(names, ", ")));
    }
    if (p.house_style) parts.push_back(fmt::format("house style ({})", p.house_style->font_family));
    if (!p.key_figures.empty()) parts.push_back(fmt::format("{} key figures", p.key_figures.size()));
    if (!p.calculations.empty()) {
        std::vector<std::string> names;
        for (const auto& c : p.calculations) names.push_back(c.name + "()");
        parts.push_back(fmt::format("calculations: {}", fmt::join(names, ", ")));
    }
    if (!p.checks.empty()) {
        std::vector<std::string> names;
        for (const auto& c : p.checks) names.push_back(c.id);
        parts.push_back(fmt::format("checks: {}", fmt::join(names, ", ")));
    }
    if (!p.templates.empty()) {
        std::vector<std::string> kinds;
        for (const auto& t : p.templates) kinds.emplace_back(to_string(t.kind));
        parts.push_back(fmt::format("templates: {}", fmt::join(kinds, ", ")));
    }
    if (!p.rollover_rules.empty()) {
        std::vector<std::string> ids;
        for (const auto& r : p.rollover_rules) ids.push_back(r.id);
        parts.push_back(fmt::format("rollover rules: {}", fmt::join(ids, ", ")));
    }
    if (!p.ledger_mappings.empty()) {
        std::vector<std::string> ids;
        for (const auto& m : p.ledger_mappings) ids.push_back(m.id);
        parts.push_back(fmt::format("ledger mappings: {}", fmt::join(ids, ", ")));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

struct PluginsOptions {
    std::vector<std::string> plugin_dirs;
    bool verbose = false;
    std::string conformance;  // a folder of plugin files, or one
};

bool is_plugin_file_name(const fs::path& p) {
    std::string name = p.filename().string();
    return name.starts_with(PluginHost::file_prefix) && name.ends_with(PluginHost::file_suffix) &&
           name.size() > PluginHost::file_prefix.size() + PluginHost::file_suffix.size();
}

std::vector<PluginFile> plugin_files_in(const fs::path& dir) {
    std::vector<PluginFile> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!is_plugin_file_name(it->path())) continue;
        std::string name = it->path().filename().string();
        out.push_back({name.substr(PluginHost::file_prefix.size(),
                                   name.size() - PluginHost::file_prefix.size() - PluginHost::file_suffix.size()),
                       it->path()});
    }
    std::sort(out.begin(), out.end(), [](const PluginFile& a, const PluginFile& b) { return a.path < b.path; });
    return out;
}

// `tertial plugins --conformance PATH`: the conformance suite on each plugin
// file there, with the plugins it names found as `tertial` finds them (PATH's
// folder first).
int run_conformance(const PluginsOptions& o, std::ostream& out, std::ostream& err) {
    fs::path target(o.conformance);
    std::error_code ec;
    fs::path dir = target;
    std::vector<PluginFile> under_test;
    if (fs::is_directory(target, ec)) {
        under_test = plugin_files_in(target);
        if (under_test.empty()) {
            std::string hint;
            if (!plugin_files_in(target / "build").empty()) hint = fmt::format("; did you mean {}?", (target / "build").string());
            fmt::print(err, "tertial plugins: error: {} holds no plugin file (tertial_plugin_ID.so){}\n", o.conformance, hint);
            return exit_usage;
        }
    } else {
        if (!is_plugin_file_name(target)) {
            fmt::print(err, "tertial plugins: error: {} is not a plugin file: its name must be tertial_plugin_ID.so\n",
                       o.conformance);
            return exit_usage;
        }
        dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
        for (const auto& f : plugin_files_in(dir))
            if (f.path.filename() == target.filename()) under_test.push_back(f);
    }
    std::vector<std::string> dirs{dir.string()};
    dirs.insert(dirs.end(), o.plugin_dirs.begin(), o.plugin_dirs.end());
    Conformance suite(plugin_search_path(dirs));
    suite.allow_unsafe(allow_unsafe_plugins());
    std::size_t failed_plugins = 0;
    for (const auto& plugin : under_test) {
        fmt::print(out, "{} ({})\n", plugin.id, plugin.path.string());
        std::size_t failed = 0;
        for (const auto& check : conformance_checks()) {
            auto problems = suite.run(check.id, plugin);
            fmt::print(out, "  {:<4}  {}: {}\n", problems.empty() ? "ok" : "FAIL", check.id, check.requirement);
            for (const auto& p : problems) fmt::print(out, "        {}\n", p);
            failed += !problems.empty();
        }
        failed_plugins += failed > 0;
        if (failed) {
            fmt::print(out, "{}: {} of {} checks failed\n", plugin.id, failed, conformance_checks().size());
            fmt::print(err, "tertial plugins: error: plugin '{}' ({}) fails {} of {} conformance checks\n", plugin.id,
                       plugin.path.string(), failed, conformance_checks().size());
        } else {
            fmt::print(out, "{}: conforms ({} checks)\n", plugin.id, conformance_checks().size());
        }
    }
    return failed_plugins ? exit_report_errors : exit_ok;
}

int run_plugins(const PluginsOptions& o, std::ostream& out, std::ostream& err) {
    if (!o.conformance.empty()) return run_conformance(o, out, err);
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    Diagnostics diags;
    auto files = host.discover(diags);
    for (const auto& f : files) host.load_file(f, diags);
    for (const auto& p : host.loaded()) {
        fmt::print(out, "{:<16} {:<12} {:<8} {}\n", p->id, to_string(p->kind), p->version, p->file.string());
        fmt::print(out, "    {}\n    provides: {}\n", p->description, provides(*p));
        if (o.verbose) {
            for (const auto& c : p->calculations) fmt::print(out, "    {}(): {}\n", c.name, c.doc);
            for (const auto& r : p->rollover_rules) fmt::print(out, "    rollover rule {}: {}\n", r.id, r.description);
            for (const auto& m : p->ledger_mappings)
                fmt::print(out, "    ledger mapping {} ({}.{}): {}\n", m.id, m.table, m.column, m.description);
        }
    }
    std::vector<std::string> dirs;
    for (const auto& d : host.search_dirs()) dirs.push_back(d.string());
    fmt::print(out, "{} plugin{} found in: {}\n", host.loaded().size(), host.loaded().size() == 1 ? "" : "s",
               fmt::join(dirs, ", "));
    print_plain_diagnostics(diags, err);
    return diags.has_errors() ? exit_report_errors : exit_ok;
}

struct NewOptions {
    std::vector<std::string> plugin_dirs;
    std::string municipality, kind, period, date, output;
    std::vector<std::string> committees;  // plugin ids or a nämnd's short name
    bool force = false;
};

int run_new(const NewOptions& o, std::ostream& out, std::ostream& err) {
    auto kind = parse_enum<ReportKind>(o.kind);
    if (!kind) {
        fmt::print(err, "tertial new: error: unknown report kind '{}' (known: {})\n", o.kind, fmt::join(enum_names<ReportKind>(), ", "));
        return exit_usage;
    }
    auto end = Date::parse(o.period);
    if (!end) {
        fmt::print(err, "tertial new: error: --period '{}' is not a date: give the day the period ends, e.g. 2021-04-30\n", o.period);
        return exit_usage;
    }
    std::optional<Date> date;
    if (!o.date.empty() && !(date = Date::parse(o.date))) {
        fmt::print(err, "tertial new: error: --date '{}' is not a date (YYYY-MM-DD)\n", o.date);
        return exit_usage;
    }
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial new: error: {}\n", *refusal);
        return exit_usage;
    }
    std::error_code ec;
    if (fs::exists(o.output, ec) && !o.force) {
        fmt::print(err, "tertial new: error: {} exists; choose another file or pass --force to replace it\n", o.output);
        return exit_usage;
    }
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    Diagnostics diags;
    const LoadedPlugin* m = host.load(o.municipality, diags);
    if (m && m->kind != PluginKind::municipality)
        diags.error("new.kind", "", fmt::format("'{}' is a {} plugin, not a municipality plugin", m->id, to_string(m->kind)));
    std::optional<CommitteeChoice> choice;
    if (!diags.has_errors()) choice = choose_committee(*m, o.committees, diags);
    std::vector<const LoadedPlugin*> committees;
    if (choice)
        for (const auto& id : choice->plugins) {
            const LoadedPlugin* c = host.load(id, diags);
            if (c && c->kind != PluginKind::committee)
                diags.error("new.kind", "", fmt::format("'{}' is a {} plugin, not a committee plugin", c->id, to_string(c->kind)));
            if (c) committees.push_back(c);
        }
    std::optional<Report> report;
    if (!diags.has_errors()) report = make_skeleton({*m, committees, choice->short_name, *kind, *end, date}, diags);
    if (!report) {
        print_plain_diagnostics(diags, err);
        return exit_report_errors;
    }
    if (!write_output(o.output, json::write_report(*report), "new", err)) return exit_io;
    Diagnostics todo;
    Extensions ext = load_report_plugins(*report, host, todo);
    check_report(*report, todo, &ext);
    fmt::print(out, "wrote {}: a {} for {}, {} to fill in; `tertial check {}` lists them\n", o.output, to_string(*kind),
               report->meta.committee.name, todo.count(Severity::warning), o.output);
    return exit_ok;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_plugins(CLI::App& app) {
    auto o = std::make_shared<PluginsOptions>();
    add_plugin_dir_option(app, o->plugin_dirs);
    app.add_flag("-v,--verbose", o->verbose, "Also document every calculation and rollover rule");
    app.add_option("--conformance", o->conformance,
                   "Run the conformance suite on the plugin files in this folder (or on this one file) instead")
        ->type_name("DIR|FILE")
        ->check(CLI::ExistingPath);
    return [o](std::ostream& out, std::ostream& err) { return run_plugins(*o, out, err); };
}

std::function<int(std::ostream&, std::ostream&)> setup_new(CLI::App& app) {
    auto o = std::make_shared<NewOptions>();
    app.add_option("--municipality", o->municipality, "Municipality plugin id, e.g. ostersund")->required()->type_name("ID");
    app.add_option("--committee", o->committees,
                   "A nämnd's short name from the municipality plugin (SAN: all its committee plugins), or a committee "
                   "plugin id; repeated for a nämnd of several (--committee social_services --committee labour_market)")
        ->required()
        ->type_name("NAME");
    app.add_option("--kind", o->kind, "tertialrapport, delarsrapport, verksamhetsplan, kvalitetsrapport or verksamhetsberattelse")
        ->required()
        ->type_name("KIND");
    app.add_option("--period", o->period,
                   "The day the period ends: a tertialrapport 30 April or 31 August, a delarsrapport 30 June or 31 August "
                   "(and days the municipality plugin adds, e.g. 30 April), a verksamhetsplan or verksamhetsberattelse "
                   "31 December, a kvalitetsrapport any day; e.g. 2021-04-30")
        ->required()
        ->type_name("DATE");
    app.add_option("--date", o->date, "The document's date (default: none yet, a to-do of the draft)")->type_name("DATE");
    app.add_option("-o,--output", o->output, "The report file to write")->required()->type_name("FILE");
    app.add_flag("--force", o->force, "Replace FILE if it exists");
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_new(*o, out, err); };
}

}  // namespace tertial::cli
