// Plugin discovery and loading: the file checked first (plugin_file.cpp),
// then the entry the loaded library exports, then registration, checked.
#include "tertial/plugin_host.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <sys/stat.h>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "plugin_file.hpp"
#include "plugin_guard.hpp"

#include "tertial/expr.hpp"
#include "tertial/resolve.hpp"
#include "tertial/suggest.hpp"
#include "tertial/text_refs.hpp"

namespace tertial {
namespace fs = std::filesystem;

Registrar::~Registrar() = default;  // the key function: typeinfo lives in core

CheckDef key_figure_range_check(std::vector<KeyFigureDef> catalogue) {
    CheckDef c;
    c.id = "key_figure_range";
    c.description = "Key figures in % lie in 0–100; no key figure is negative.";
    c.run = [catalogue = std::move(catalogue)](const Report&, const Resolution& res, Diagnostics& d) {
        for (const auto& def : catalogue) {
            const ResolvedFigure* f = res.find(def.id);
            if (!f || !f->value) continue;
            bool over = def.unit == Unit::percent && f->value->cmp(Decimal::from_int(100)) > 0;
            if (f->value->is_negative() || over)
                d.error("key_figure_range", f->pointer,
                        def.name + " is " + f->text(NumberStyle::plain) + (over ? ", more than 100 %" : ", below zero"));
        }
    };
    return c;
}

std::string_view to_string(PluginKind kind) {
    switch (kind) {
        case PluginKind::committee:
            return "committee";
        case PluginKind::municipality:
            return "municipality";
        case PluginKind::unknown:
            break;
    }
    return "unknown";
}

const TableLayout* LoadedPlugin::layout(const std::string& name, const std::string& committee) const {
    const TableLayout* every = nullptr;
    for (const auto& l : layouts) {
        if (l.name != name) continue;
        if (!committee.empty() && l.committee == committee) return &l;
        if (l.committee.empty()) every = &l;
    }
    return every;
}

const ReportTemplate* LoadedPlugin::template_for(ReportKind k) const {
    for (const auto& t : templates)
        if (t.kind == k) return &t;
    return nullptr;
}

const CalculationDef* Extensions::calculation(const std::string& name) const {
    for (const auto* c : calculations)
        if (c->name == name) return c;
    return nullptr;
}

namespace {

// Records what a plugin registers and every rule it breaks.
class CheckingRegistrar final : public Registrar {
public:
    CheckingRegistrar(LoadedPlugin& plugin, std::string where) : p_(plugin), where_(std::move(where)) {}
    std::vector<std::string> problems;

    void add_key_figure(KeyFigureDef d) override {
        if (!is_figure_id(d.id)) problem("key figure id '{}' is not a valid id", d.id);
        if (d.unit == Unit::unknown) problem("key figure '{}' has no unit", d.id);
        if (d.name.empty()) problem("key figure '{}' has no name", d.id);
        if (!key_figure_ids_.insert(d.id).second) problem("key figure '{}' is registered twice", d.id);
        p_.key_figures.push_back(std::move(d));
    }

    void add_calculation(CalculationDef d) override {
        const auto& builtins = expr_functions();
        if (!is_simple_id(d.name)) problem("calculation name '{}' is not a valid id", d.name);
        if (std::find(builtins.begin(), builtins.end(), d.name) != builtins.end())
            problem("calculation '{}' has the name of a built-in function", d.name);
        if (!d.compute) problem("calculation '{}' has no compute function", d.name);
        if (d.output == Unit::unknown) problem("calculation '{}' has no output unit", d.name);
        if (d.doc.empty()) problem("calculation '{}' is not documented", d.name);
        if (d.examples.empty()) problem("calculation '{}' has no worked example", d.name);
        for (const auto& ex : d.examples) {
            if (ex.args.size() != d.inputs.size())
                problem("an example of calculation '{}' has {} arguments, not {}", d.name, ex.args.size(), d.inputs.size());
            for (const auto& a : ex.args)
                if (!Decimal::parse(a)) problem("an example of calculation '{}' has the argument '{}', not an amount", d.name, a);
            if (ex.result && !Decimal::parse(*ex.result))
                problem("an example of calculation '{}' has the result '{}', not an amount", d.name, *ex.result);
            if (!Date::parse(ex.period_end)) problem("an example of calculation '{}' has a bad period end", d.name);
        }
        if (!calculation_names_.insert(d.name).second) problem("calculation '{}' is registered twice", d.name);
        d.compute = guarded(std::move(d.compute), "computing calculation '" + d.name + "'");
        p_.calculations.push_back(std::move(d));
    }

    void add_check(CheckDef d) override {
        if (!is_simple_id(d.id)) problem("check id '{}' is not a valid id", d.id);
        if (!d.run) problem("check '{}' has no run function", d.id);
        d.run = guarded(std::move(d.run), "running check '" + d.id + "'");
        p_.checks.push_back(std::move(d));
    }

    void add_template(ReportTemplate t) override {
        if (t.kind == ReportKind::unknown) problem("a template has no report kind");
        if (p_.template_for(t.kind)) problem("two templates for {}", to_string(t.kind));
        p_.templates.push_back(std::move(t));
    }

    void set_municipality(Municipality m) override {
        if (!municipality_only("its municipality")) return;
        if (m.scb_code.size() != 4 || m.scb_code.find_first_not_of("0123456789") != std::string::npos)
            problem("SCB code '{}' is not four digits", m.scb_code);
        p_.municipality = std::move(m);
    }

    void add_committee(CommitteeDef c) override {
        if (!municipality_only("committees")) return;
        if (!is_simple_id(c.plugin)) problem("committee '{}' names plugin '{}', which is not a valid id", c.committee.name, c.plugin);
        p_.committees.push_back(std::move(c));
    }

    void set_house_style(HouseStyle s) override {
        if (municipality_only("a house style")) p_.house_style = std::move(s);
    }

    void add_goal(GoalDef g) override {
        if (!municipality_only("goals")) return;
        if (!is_simple_id(g.id)) problem("goal id '{}' is not a valid id", g.id);
        p_.goals.push_back(std::move(g));
    }

    void add_table_layout(TableLayout l) override {
        if (!municipality_only("table layouts")) return;
        for (const auto& other : p_.layouts)
            if (other.name == l.name && other.committee == l.committee)
                problem("table layout '{}'{} is registered twice", l.name,
                        l.committee.empty() ? "" : fmt::format(" of committee '{}'", l.committee));
        if (!l.month_columns.empty() && l.month_columns.size() != 12)
            problem("table layout '{}' names {} month columns, not 12 (January to December)", l.name, l.month_columns.size());
        for (const auto& id : l.month_columns)
            if (std::none_of(l.table.columns.begin(), l.table.columns.end(), [&](const Column& c) { return c.id == id; }))
                problem("table layout '{}' names month column '{}', which it does not have", l.name, id);
        p_.layouts.push_back(std::move(l));
    }

    void add_period_end(PeriodEnd e) override {
        if (!municipality_only("report periods")) return;
        if (e.kind == ReportKind::unknown) problem("a period end has no report kind");
        if (e.month < 1 || e.month > 12 || e.day < 1 || e.day > days_in_month(2001, e.month))
            problem("a {} ending on month {} day {}: not a day of the year", to_string(e.kind), e.month, e.day);
        else
            p_.period_ends.push_back(e);
    }

    void add_rollover_rule(RolloverRuleDef d) override {
        if (!is_simple_id(d.id)) problem("rollover rule id '{}' is not a valid id", d.id);
        if (!d.apply) problem("rollover rule '{}' has no apply function", d.id);
        if (d.description.empty()) problem("rollover rule '{}' is not described", d.id);
        if (!rollover_rule_ids_.insert(d.id).second) problem("rollover rule '{}' is registered twice", d.id);
        d.apply = guarded(std::move(d.apply), "applying rollover rule '" + d.id + "'");
        p_.rollover_rules.push_back(std::move(d));
    }

    void add_ledger_mapping(LedgerMapping m) override {
        if (!municipality_only("ledger mappings")) return;
        for (const auto& why : ledger_mapping_problems(m)) problem("ledger mapping '{}': {}", m.id, why);
        if (!ledger_mapping_ids_.insert(m.id).second) problem("ledger mapping '{}' is registered twice", m.id);
        p_.ledger_mappings.push_back(std::move(m));
    }

private:
    // `f`, run under an exit() guard naming the plugin and what it was doing.
    template <class R, class... Args>
    std::function<R(Args...)> guarded(std::function<R(Args...)> f, const std::string& doing) {
        if (!f) return f;
        auto message = std::make_shared<const std::string>(detail::plugin_exit_message(where_, doing));
        return [f = std::move(f), message](Args... args) -> R {
            detail::PluginCodeGuard guard(*message);
            return f(std::forward<Args>(args)...);
        };
    }

    template <class... Args>
    void problem(fmt::format_string<Args...> f, Args&&... args) {
        problems.push_back(fmt::format(f, std::forward<Args>(args)...));
    }

    bool municipality_only(const char* what) {
        if (p_.kind == PluginKind::municipality) return true;
        problem("only a municipality plugin can register {}", what);
        return false;
    }

    LoadedPlugin& p_;
    std::string where_;
    std::set<std::string> key_figure_ids_, calculation_names_, rollover_rule_ids_, ledger_mapping_ids_;
};

bool is_plugin_file(const fs::path& p, std::string& id) {
    std::string name = p.filename().string();
    if (!name.starts_with(PluginHost::file_prefix) || !name.ends_with(PluginHost::file_suffix)) return false;
    id = name.substr(PluginHost::file_prefix.size(),
                     name.size() - PluginHost::file_prefix.size() - PluginHost::file_suffix.size());
    return is_simple_id(id);
}


// Boost.DLL wraps dlerror() as "boost::dll::shared_library::load() failed
// (dlerror system message: FILE: WHY): ERRNO TEXT"; the reader needs WHY
// (the caller names the file already).
std::string loader_message(const std::string& what) {
    const std::string marker = "dlerror system message: ";
    std::size_t start = what.find(marker);
    if (start == std::string::npos) return what;
    start += marker.size();
    std::size_t end = what.rfind("): ");
    if (end == std::string::npos || end < start) end = what.size();
    std::string message = what.substr(start, end - start);
    if (std::size_t colon = message.find(".so: "); colon != std::string::npos) message = message.substr(colon + 5);
    return message;
}

// The PluginEntry the loaded alias points at, once it is sure to be one:
// inside the plugin's data, with its strings there too and its register
// function in the plugin's code. A struct or an integer exported under the
// alias's name, or a function aliased, would otherwise be read as one.
const PluginEntry* checked_entry(const void* const& alias, const detail::PluginFileCheck& file, const std::string& where,
                                 Diagnostics& diags, const std::string& pointer) {
    // Where the loader put the plugin: the alias's address less its address in the file.
    const auto bias = reinterpret_cast<std::uintptr_t>(&alias) - file.alias_address;
    auto at = [bias](const void* p) { return reinterpret_cast<std::uintptr_t>(p) - bias; };
    auto refuse = [&](const std::string& why) {
        diags.error("plugin.no_entry", pointer,
                    fmt::format("{}: not a Tertial plugin: its 'tertial_plugin' alias {} (use TERTIAL_PLUGIN)", where, why));
        return nullptr;
    };
    const detail::PluginSegment* segment = file.segment_of(at(alias), sizeof(PluginEntry));
    if (!segment || !segment->readable)
        return refuse(fmt::format("points outside the plugin's data (at {}), not at a tertial::PluginEntry", alias));
    // Code before alignment: a function need not be aligned as a PluginEntry
    // is (at -O1 GCC does not align functions at all).
    if (segment->executable) return refuse("points at code, not at a tertial::PluginEntry: was a function aliased?");
    if (at(alias) % alignof(PluginEntry) != 0)
        return refuse(fmt::format("points at a misaligned address in the plugin's data (at {}), not at a tertial::PluginEntry", alias));
    const auto* entry = static_cast<const PluginEntry*>(alias);
    if (entry->api_version != file.api_version)
        return refuse(fmt::format("points at an entry for plugin API version {}, but the plugin's note says version {}",
                                  entry->api_version, file.api_version));
    const std::pair<const char*, const char*> texts[] = {
        {"id", entry->id}, {"kind", entry->kind}, {"version", entry->version}, {"description", entry->description}};
    for (auto [name, text] : texts) {
        if (!text) continue;
        const detail::PluginSegment* s = file.segment_of(at(text), 1);
        std::uintptr_t left = s ? s->vaddr + s->memsz - at(text) : 0;
        if (!s || !s->readable || s->executable || !std::memchr(text, 0, left))
            return refuse(fmt::format("points at an entry whose {} is not a string in the plugin", name));
    }
    if (entry->register_plugin) {
        const detail::PluginSegment* s = file.segment_of(at(reinterpret_cast<const void*>(entry->register_plugin)), 1);
        if (!s || !s->executable) return refuse("points at an entry whose register function is not in the plugin's code");
    }
    return entry;
}
}  // namespace

struct PluginHost::Libraries {
    std::vector<boost::dll::shared_library> all;
};

PluginHost::PluginHost(std::vector<fs::path> search_dirs)
    : dirs_(std::move(search_dirs)), libraries_(std::make_unique<Libraries>()) {}

// Plugins (and the std::function objects they made) go before their code.
PluginHost::~PluginHost() {
    plugins_.clear();
    libraries_.reset();
}

std::vector<fs::path> PluginHost::search_path(const std::vector<std::string>& plugin_dirs, const char* env_plugin_path,
                                              const fs::path& executable, std::vector<std::string>* warnings) {
    std::vector<fs::path> dirs(plugin_dirs.begin(), plugin_dirs.end());
    if (env_plugin_path) {
        std::string_view rest = env_plugin_path;
        while (!rest.empty()) {
            auto colon = rest.find(':');
            // An empty entry would mean the current directory, and a relative
            // one a directory below it: skipped on purpose.
            if (auto part = rest.substr(0, colon); !part.empty() && part.front() == '/')
                dirs.emplace_back(part);
            else if (!part.empty() && warnings)
                warnings->push_back(fmt::format("TERTIAL_PLUGIN_PATH: '{}' is a relative directory, ignored: plugins are "
                                                "never searched relative to the current directory (name it with "
                                                "--plugin-dir, or give an absolute path)",
                                                part));
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    dirs.push_back(executable.parent_path().parent_path() / "lib" / "tertial" / "plugins");
    // A directory named twice (`--plugin-dir` given the installed one, or a
    // symbolic link to it) is searched once, where it first comes.
    std::vector<fs::path> unique;
    std::set<fs::path> seen;
    for (auto& d : dirs) {
        std::error_code ec;
        fs::path real = fs::canonical(d, ec);
        if (!seen.insert(ec ? d.lexically_normal() : real).second) continue;
        unique.push_back(std::move(d));
    }
    return unique;
}

std::vector<PluginFile> PluginHost::discover(Diagnostics& diags) const {
    std::vector<PluginFile> out;
    std::map<std::string, fs::path> seen;
    std::set<fs::path> files_seen;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) files.push_back(it->path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::string id;
            if (!is_plugin_file(f, id)) continue;
            // The same file reached twice (a link to it in another directory) is one plugin.
            std::error_code real_ec;
            fs::path real = fs::canonical(f, real_ec);
            if (!real_ec && !files_seen.insert(real).second) continue;
            auto [it, inserted] = seen.emplace(id, f);
            if (!inserted) {
                diags.error("plugin.duplicate", "",
                            fmt::format("plugin '{}' is found twice: {} and {}; using the first", id, it->second.string(),
                                        f.string()));
                continue;
            }
            out.push_back({id, f});
        }
    }
    return out;
}

const LoadedPlugin* PluginHost::load(const std::string& id, Diagnostics& diags, const std::string& pointer) {
    for (const auto& p : plugins_)
        if (p->id == id) return p.get();
    Diagnostics found_diags;
    auto files = discover(found_diags);
    for (const auto& f : files)
        if (f.id == id) {
            // Only what concerns this plugin: loading two plugins must not
            // report a third one's duplicate twice.
            for (const auto& d : found_diags.items())
                if (d.message.starts_with(fmt::format("plugin '{}' ", id))) diags.add(d);
            return load_file(f, diags, pointer);
        }
    std::vector<std::string> ids, dirs;
    for (const auto& f : files) ids.push_back(f.id);
    for (const auto& d : dirs_) dirs.push_back(d.string());
    diags.error("plugin.not_found", pointer,
                fmt::format("plugin '{}' not found (looked for {}{}{} in {}){}", id, file_prefix, id, file_suffix,
                            fmt::join(dirs, ", "), did_you_mean(id, ids)));
    return nullptr;
}

std::string PluginHost::unsafe_reason(const fs::path& file) {
    std::error_code ec;
    fs::path real = fs::canonical(file, ec);
    if (ec) real = file;
    auto writable_by_others = [](const fs::path& p, bool directory) -> std::string {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) return {};
        bool others = st.st_mode & (S_IWGRP | S_IWOTH);
        if (!others || (directory && (st.st_mode & S_ISVTX))) return {};
        return fmt::format("{} {} is writable by other users (mode {:04o})", directory ? "its directory" : "the file",
                           p.string(), st.st_mode & 07777);
    };
    for (const fs::path& p : {file, real}) {
        if (auto why = writable_by_others(p, false); !why.empty()) return why;
        if (auto why = writable_by_others(p.parent_path().empty() ? fs::path(".") : p.parent_path(), true); !why.empty())
            return why;
    }
    return {};
}

const LoadedPlugin* PluginHost::load_file(const PluginFile& file, Diagnostics& diags, const std::string& pointer) {
    for (const auto& p : plugins_)
        if (p->file == file.path) return p.get();
    std::string where = fmt::format("plugin '{}' ({})", file.id, file.path.string());
    if (!allow_unsafe_) {
        if (std::string why = unsafe_reason(file.path); !why.empty()) {
            diags.error("plugin.unsafe", pointer,
                        fmt::format("{}: refused: {}, so anyone who can change it could run code as you; fix it "
                                    "(chmod go-w) or pass --allow-unsafe-plugins",
                                    where, why));
            return nullptr;
        }
    }
    // Everything the dynamic loader could trip over, or would run too early,
    // is checked in the file first.
    detail::PluginFileCheck checked = detail::check_plugin_file(file.path, plugin_api_version);
    if (!checked.ok()) {
        diags.error(checked.code, pointer, fmt::format("{}: {}", where, checked.problem));
        return nullptr;
    }
    boost::dll::shared_library lib;
    try {
        // Static constructors run here: a plugin that exits in one is caught.
        const std::string message = detail::plugin_exit_message(where, "loading (in a static constructor)");
        detail::PluginCodeGuard guard(message);
        lib.load(file.path.string(), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        diags.error("plugin.load", pointer, fmt::format("{}: cannot load: {}", where, loader_message(e.what())));
        return nullptr;
    }
    if (!lib.has("tertial_plugin")) {
        diags.error("plugin.no_entry", pointer,
                    fmt::format("{}: not a Tertial plugin: it exports no 'tertial_plugin' alias (use TERTIAL_PLUGIN)", where));
        return nullptr;
    }
    const PluginEntry* found = checked_entry(lib.get<const void* const>("tertial_plugin"), checked, where, diags, pointer);
    if (!found) {
        libraries_->all.push_back(std::move(lib));  // its static constructors may have left things behind
        return nullptr;
    }
    const PluginEntry& entry = *found;
    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->id = entry.id ? entry.id : "";
    std::string kind = entry.kind ? entry.kind : "";
    plugin->kind = kind == "committee" ? PluginKind::committee : kind == "municipality" ? PluginKind::municipality : PluginKind::unknown;
    plugin->version = entry.version ? entry.version : "";
    plugin->description = entry.description ? entry.description : "";
    plugin->file = file.path;
    if (plugin->id != file.id) {
        diags.error("plugin.id", pointer,
                    fmt::format("{}: declares id '{}', but its file name says '{}' (TERTIAL_PLUGIN and tertial_add_plugin must "
                                "name the same id)",
                                where, plugin->id, file.id));
        return nullptr;
    }
    if (plugin->kind == PluginKind::unknown) {
        diags.error("plugin.kind", pointer,
                    fmt::format("{}: kind '{}' is neither 'committee' nor 'municipality'", where, kind));
        return nullptr;
    }
    std::vector<std::string> missing;
    if (plugin->version.empty()) missing.emplace_back("a version");
    if (plugin->description.empty()) missing.emplace_back("a description");
    if (!entry.register_plugin) missing.emplace_back("a register function");
    if (!missing.empty()) {
        diags.error("plugin.manifest", pointer, fmt::format("{}: the manifest lacks {}", where, fmt::join(missing, " and ")));
        return nullptr;
    }
    CheckingRegistrar registrar(*plugin, where);
    try {
        const std::string message = detail::plugin_exit_message(where, "registering");
        detail::PluginCodeGuard guard(message);
        entry.register_plugin(registrar);
    } catch (const std::exception& e) {
        diags.error("plugin.register", pointer, fmt::format("{}: register_plugin failed: {}", where, e.what()));
        return nullptr;
    } catch (...) {
        diags.error("plugin.register", pointer, fmt::format("{}: register_plugin failed with an unknown exception", where));
        return nullptr;
    }
    if (plugin->kind == PluginKind::municipality && !plugin->municipality)
        registrar.problems.push_back("a municipality plugin must call set_municipality (name and SCB code)");
    for (const auto& l : plugin->layouts)
        if (!l.committee.empty() && std::none_of(plugin->committees.begin(), plugin->committees.end(),
                                                 [&](const CommitteeDef& c) { return c.committee.short_name == l.committee; }))
            registrar.problems.push_back(fmt::format("table layout '{}' is given for committee '{}', which it does not name "
                                                     "(add_committee with that short name)",
                                                     l.name, l.committee));
    for (const auto& p : plugins_) {
        for (const auto& k : plugin->key_figures)
            for (const auto& other : p->key_figures)
                if (k.id == other.id)
                    registrar.problems.push_back(fmt::format("key figure '{}' is already registered by plugin '{}'", k.id, p->id));
        for (const auto& c : plugin->calculations)
            for (const auto& other : p->calculations)
                if (c.name == other.name)
                    registrar.problems.push_back(
                        fmt::format("calculation '{}' is already registered by plugin '{}'", c.name, p->id));
    }
    if (!registrar.problems.empty()) {
        for (const auto& problem : registrar.problems)
            diags.error("plugin.invalid", pointer, fmt::format("{}: {}", where, problem));
        // The plugin's functions may already exist; keep its code loaded.
        libraries_->all.push_back(std::move(lib));
        return nullptr;
    }
    libraries_->all.push_back(std::move(lib));
    plugins_.push_back(std::move(plugin));
    return plugins_.back().get();
}

Extensions PluginHost::extensions() const {
    Extensions e;
    for (const auto& p : plugins_) {
        e.period_ends.insert(e.period_ends.end(), p->period_ends.begin(), p->period_ends.end());
        for (const auto& c : p->calculations) e.calculations.push_back(&c);
        for (const auto& c : p->checks) e.checks.emplace_back(p->id, &c);
        for (const auto& r : p->rollover_rules) e.rollover_rules.emplace_back(p->id, &r);
    }
    return e;
}

Extensions load_report_plugins(const Report& report, PluginHost& host, Diagnostics& diags) {
    for (std::size_t i = 0; i < report.meta.plugins.size(); ++i)
        host.load(report.meta.plugins[i], diags, pointer_join("/meta/plugins", i));
    Extensions used;
    // Only the plugins this report names take part in its checks.
    auto named = [&](const std::string& id) {
        return std::find(report.meta.plugins.begin(), report.meta.plugins.end(), id) != report.meta.plugins.end();
    };
    for (const auto& p : host.loaded()) {
        if (!named(p->id)) continue;
        used.period_ends.insert(used.period_ends.end(), p->period_ends.begin(), p->period_ends.end());
        for (const auto& c : p->calculations) used.calculations.push_back(&c);
        for (const auto& c : p->checks) used.checks.emplace_back(p->id, &c);
    }
    for (const auto& id : report.meta.plugins)
        for (const auto& p : host.loaded())
            if (p->id == id)
                for (const auto& r : p->rollover_rules) used.rollover_rules.emplace_back(p->id, &r);
    return used;
}

}  // namespace tertial
