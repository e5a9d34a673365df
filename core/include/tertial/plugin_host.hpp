// Finding, loading and checking plugins (Boost.DLL), and what they registered.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/plugin.hpp"

namespace tertial {

enum class PluginKind { unknown, committee, municipality };
std::string_view to_string(PluginKind kind);

// Everything one plugin registered, checked by the host.
struct LoadedPlugin {
    std::string id;
    PluginKind kind = PluginKind::unknown;
    std::string version;
    std::string description;
    std::filesystem::path file;
    std::vector<KeyFigureDef> key_figures;
    std::vector<CalculationDef> calculations;
    std::vector<CheckDef> checks;
    std::vector<ReportTemplate> templates;
    std::optional<Municipality> municipality;
    std::vector<CommitteeDef> committees;
    std::optional<HouseStyle> house_style;
    std::vector<GoalDef> goals;
    std::vector<TableLayout> layouts;
    std::vector<RolloverRuleDef> rollover_rules;
    std::vector<LedgerMapping> ledger_mappings;
    std::vector<PeriodEnd> period_ends;

    // The layout `name` of the nämnd `committee` (a short name): its own if
    // it has one, else the one for every nämnd.
    const TableLayout* layout(const std::string& name, const std::string& committee = "") const;
    const ReportTemplate* template_for(ReportKind kind) const;
};

// The calculations and checks that loaded plugins add to the engine.
struct Extensions {
    std::vector<const CalculationDef*> calculations;
    std::vector<std::pair<std::string, const CheckDef*>> checks;  // plugin id, check
    std::vector<std::pair<std::string, const RolloverRuleDef*>> rollover_rules;  // plugin id, rule; in meta.plugins order
    std::vector<PeriodEnd> period_ends;  // the municipality's own (add_period_end)
    const CalculationDef* calculation(const std::string& name) const;
};

struct PluginFile {
    std::string id;
    std::filesystem::path path;
};

// Finds plugin files in fixed directories and loads them on request. Never
// looks in the current directory unless asked to (--plugin-dir). Checks each
// file before loading it (see load_file). Keeps every library
// loaded for its own lifetime, so nothing a plugin made outlives its code.
class PluginHost {
public:
    explicit PluginHost(std::vector<std::filesystem::path> search_dirs);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // --plugin-dir values, then TERTIAL_PLUGIN_PATH (':'-separated), then
    // lib/tertial/plugins beside the directory holding the executable.
    // Relative entries of TERTIAL_PLUGIN_PATH ('.', 'plugins') are ignored,
    // each with a warning in `warnings`; empty ones silently.
    static std::vector<std::filesystem::path> search_path(const std::vector<std::string>& plugin_dirs,
                                                          const char* env_plugin_path,
                                                          const std::filesystem::path& executable,
                                                          std::vector<std::string>* warnings = nullptr);
    static constexpr std::string_view file_prefix = "tertial_plugin_";
    static constexpr std::string_view file_suffix = ".so";

    const std::vector<std::filesystem::path>& search_dirs() const { return dirs_; }

    // A plugin file that other users could change (group- or
    // world-writable, or in a directory they can write to without the
    // sticky bit) is refused, since its code would run as the user; unless
    // this is set (--allow-unsafe-plugins).
    void allow_unsafe(bool allow) { allow_unsafe_ = allow; }
    // Why `file` is unsafe to load, or "" when it is not.
    static std::string unsafe_reason(const std::filesystem::path& file);

    // Every plugin file, in search order. The same id in two directories is
    // an error naming both files (the first is kept).
    std::vector<PluginFile> discover(Diagnostics& diagnostics) const;

    // Loads `id` (once); problems become diagnostics at `pointer`.
    const LoadedPlugin* load(const std::string& id, Diagnostics& diagnostics, const std::string& pointer = "");
    // Loads one file directly (for listing every plugin found). Before the
    // library is loaded, the file must be a regular file of at most
    // 128 MiB, a shared library for this machine with every segment inside
    // the file, exporting 'tertial_plugin' as TERTIAL_PLUGIN does and
    // carrying its API version note with this version: read from the file,
    // so no code of a plugin built for another version runs. While the
    // plugin's code runs (static constructors, register_plugin, and every
    // calculation, check and rollover rule it registers), exit() from it
    // prints an error naming the plugin and fails (plugin_guard.hpp).
    const LoadedPlugin* load_file(const PluginFile& file, Diagnostics& diagnostics, const std::string& pointer = "");

    Extensions extensions() const;
    const std::vector<std::unique_ptr<LoadedPlugin>>& loaded() const { return plugins_; }

private:
    struct Libraries;
    std::vector<std::filesystem::path> dirs_;
    bool allow_unsafe_ = false;
    std::unique_ptr<Libraries> libraries_;  // destroyed after plugins_: see ~PluginHost
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
};

// Loads the plugins a report names (meta.plugins) and reports what is missing.
// Their rollover rules come in the order the report names the plugins.
Extensions load_report_plugins(const Report& report, PluginHost& host, Diagnostics& diagnostics);

}  // namespace tertial
