// The plugin interface: the one header a plugin author includes.
//
// A plugin is a shared library named tertial_plugin_<id>.so that exports one
// Boost.DLL alias, `tertial_plugin`, pointing at a PluginEntry, and a note
// with the API version it was built for (TERTIAL_PLUGIN makes both). The host
// checks the file and reads that version before it loads the library, then
// calls register_plugin() with a Registrar that records what it provides.
// See docs/plugins.md for a walk-through.
#pragma once

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/ledger_mapping.hpp"
#include "tertial/model.hpp"
#include "tertial/period_ends.hpp"
#include "tertial/rollover.hpp"

namespace tertial {

// Bumped whenever anything in this header (or the model it exposes) changes
// in a way that old plugins cannot follow. Plugins must be built with the
// same compiler and standard library as the host.
// 2: Registrar::add_rollover_rule; review marks and meta.todo in the model.
// 3: Registrar::add_ledger_mapping; sources on tables and key figures.
// 4: Registrar::add_period_end; TableLayout::committee and month_columns;
//    waivers on figures and checks, units per row in the model (format 1.3).
// 5: a waived cell is boxed in the model's Cell (Boxed<CellWaived>), a row's
//    calc and kolada in OptionalBox; the Resolution's id index is a sorted vector.
inline constexpr std::uint32_t plugin_api_version = 5;

class Registrar;
struct Resolution;

// What the alias points at: plain C types only, so the host can read the
// version of a plugin built against any API version.
struct PluginEntry {
    std::uint32_t api_version;
    const char* id;           // must match the file name: tertial_plugin_<id>.so
    const char* kind;         // "committee" or "municipality"
    const char* version;      // the plugin's own version, e.g. "1.0.0"
    const char* description;  // one line, Swedish or English
    void (*register_plugin)(Registrar&);
};

// ---- what a plugin can provide ------------------------------------------------------

// A key figure in the catalogue (nyckeltal).
struct KeyFigureDef {
    std::string id;    // e.g. "ifo_kostnad_per_invanare"
    std::string name;  // Swedish name as printed
    Unit unit = Unit::unknown;
    Display display;
    std::optional<std::string> kolada;  // Kolada KPI id, e.g. "U30400"
    std::optional<bool> higher_is_better;
    std::string description;
};

// What a calculation sees besides its arguments.
struct CalculationContext {
    const Report& report;
};

// A worked example of a calculation: documentation that the conformance
// tests run. `period_end` is the report period the example assumes.
struct CalculationExample {
    std::vector<std::string> args;          // canonical amounts, e.g. "238833"
    std::string period_end = "2021-04-30";
    std::optional<std::string> result;      // canonical amount, or nullopt for "empty"
};

// A named calculation, callable in any calculation by its name:
// "riktpunkt()", "ekb_per_hushall(eb.summa.ar2021, hushall)".
struct CalculationDef {
    std::string name;  // lowercase, unique across plugins and the built-in functions
    std::string doc;   // what it computes, for `tertial plugins` and the docs
    std::vector<Unit> inputs;  // the unit of each argument
    Unit output = Unit::unknown;
    // Returns nullopt when the result is not defined (the figure stays empty).
    // Called on several threads at once (reports checked side by side):
    // a function of its arguments and the report, or locking what it shares.
    std::function<std::optional<Decimal>(const std::vector<Decimal>& args, const CalculationContext&)> compute;
    std::vector<CalculationExample> examples;  // at least one
};

// A consistency check run by `tertial check` on reports that use the plugin.
struct CheckDef {
    std::string id;  // diagnostic code suffix: "<plugin>.<id>"
    std::string description;
    // Called on several threads at once, as CalculationDef::compute is.
    std::function<void(const Report&, const Resolution&, Diagnostics&)> run;
};

// A rule of the plugin's own for `tertial rollover`, run on the new report
// after core's rules (in the order of meta.plugins), for reports that use
// the plugin: a municipality's goal list for the new year, say. It changes
// `next` in place and records what it did in context.log; what it cannot
// settle becomes a warning in context.diagnostics. It must be deterministic:
// the same report gives the same result.
struct RolloverRuleDef {
    std::string id;  // unique within the plugin; notes and errors name "<plugin>.<id>"
    std::string description;
    std::function<void(Report& next, RolloverContext& context)> apply;
};

// One part of a report skeleton, for `tertial new`.
struct TemplateItem {
    enum class Kind {
        text,        // a paragraph to write; `text` is what to write about
        block,       // a literal block
        goals,       // the municipality's goals, each a section for its assignments
        layout,      // the municipality's table layout named `text`, every cell to fill in
        key_figures, // the key figures `ids` of this plugin's catalogue, values to fill in
        layout_if_given  // as `layout`, if the municipality gives one for the nämnd; else nothing
    };
    Kind kind = Kind::text;
    std::string text;
    std::vector<std::string> ids;
    std::optional<Block> block;
};

struct SectionTemplate {
    std::string title;
    std::vector<TemplateItem> items;
    std::vector<SectionTemplate> subsections;
};

// The sections a committee plugin gives one kind of report.
struct ReportTemplate {
    ReportKind kind = ReportKind::unknown;
    std::vector<SectionTemplate> sections;
};

// A municipality's look: used by the PDF writer.
struct HouseStyle {
    std::string font_family;                     // e.g. "Liberation Sans"
    std::string primary_colour = "#000000";      // "#RRGGBB"
    std::string accent_colour = "#000000";
    std::optional<std::string> logo_file;        // relative to the plugin's folder
    std::string header_left;                     // e.g. "{administration}"
    std::string header_right = "Datum {date}";
    std::string footer_left;                     // e.g. "{title}"
    std::string footer_right = "Sida {page}({pages})";
    bool number_headings = true;                 // 3.1.2 before section titles
};

// A committee of the municipality and the committee plugin that knows its
// field, e.g. Östersund's SAN is social_services and labour_market.
struct CommitteeDef {
    std::string plugin;  // committee plugin id
    Committee committee;
    std::string administration;  // its förvaltning
};

// A kommunövergripande mål, as the municipality words it.
struct GoalDef {
    std::string id;     // e.g. "mal3"
    std::string title;  // e.g. "I Östersunds kommun har vi ett positivt företagsklimat ..."
};

// A named table the municipality always lays out the same way, e.g. its
// driftredovisning rows; templates refer to it by name. A layout given for
// one nämnd (`committee`, its short name: "SAN") is that nämnd's; one without
// is every other nämnd's: a socialnämnd's anslag rows need not be the
// kommunstyrelse's.
struct TableLayout {
    std::string name;
    Table table;
    std::string committee;  // a nämnd's short name, as in add_committee; empty: every nämnd
    // The columns that hold one month each, January first ("jan", "feb", ...):
    // a new report fills in none after the month its period ends in.
    std::vector<std::string> month_columns;
};



// The narrow door through which a plugin adds what it provides. The host
// checks everything: unique ids, known units, that only municipality plugins
// set a house style, goals and layouts.
class BOOST_SYMBOL_VISIBLE Registrar {
public:
    virtual ~Registrar();
    virtual void add_key_figure(KeyFigureDef def) = 0;
    virtual void add_calculation(CalculationDef def) = 0;
    virtual void add_check(CheckDef def) = 0;
    virtual void add_template(ReportTemplate def) = 0;
    virtual void set_municipality(Municipality municipality) = 0;
    virtual void add_committee(CommitteeDef def) = 0;
    virtual void set_house_style(HouseStyle style) = 0;
    virtual void add_goal(GoalDef def) = 0;
    virtual void add_table_layout(TableLayout def) = 0;
    virtual void add_rollover_rule(RolloverRuleDef def) = 0;
    // How the municipality's ledger export fills a table column, for
    // `tertial import ledger` (see docs/imports.md). Municipality plugins only.
    virtual void add_ledger_mapping(LedgerMapping def) = 0;
    // Another day a kind of report may end on in this municipality.
    // Municipality plugins only.
    virtual void add_period_end(PeriodEnd def) = 0;
};

// ---- helpers for plugin authors ------------------------------------------------------

// Template items, so a template reads as what it asks for.
inline TemplateItem write_about(std::string what) { return {TemplateItem::Kind::text, std::move(what), {}, std::nullopt}; }
inline TemplateItem municipality_goals() { return {TemplateItem::Kind::goals, "", {}, std::nullopt}; }
inline TemplateItem table_layout(std::string name) { return {TemplateItem::Kind::layout, std::move(name), {}, std::nullopt}; }
// A table some municipalities lay out for some nämnder only (a prognos per
// verksamhet): there when the municipality gives it, else left out.
inline TemplateItem table_layout_if_given(std::string name) {
    return {TemplateItem::Kind::layout_if_given, std::move(name), {}, std::nullopt};
}
inline TemplateItem key_figure_table(std::vector<std::string> ids = {}) {
    return {TemplateItem::Kind::key_figures, "", std::move(ids), std::nullopt};
}

// One row of a table layout: {"summa_intakter", "SUMMA INTÄKTER", RowKind::total, "sum(taxor..kommunbidrag)"}.
struct RowSpec {
    const char* id;
    const char* label;
    RowKind kind = RowKind::normal;
    const char* calc = nullptr;
};

inline std::vector<TableRow> layout_rows(std::initializer_list<RowSpec> specs) {
    std::vector<TableRow> rows;
    for (const auto& s : specs) {
        TableRow row;
        row.id = s.id;
        row.label = s.label;
        row.kind = s.kind;
        if (s.calc) row.calc = s.calc;
        rows.push_back(std::move(row));
    }
    return rows;
}

// The sanity check every key-figure catalogue wants: a share in % lies in
// 0–100, and no key figure is negative. Reported as "<plugin>.key_figure_range".
CheckDef key_figure_range_check(std::vector<KeyFigureDef> catalogue);

// The plugin API version a plugin was built for, as an ELF note in its own
// section (`readelf -n` shows owner "Tertial", type 1). The host reads it
// from the file's bytes, so a plugin built for another version is refused
// before the dynamic loader runs any of its code (static constructors
// included). Its layout never changes, whatever the API version.
struct PluginApiNote {
    std::uint32_t name_size;  // 8: "Tertial" and its NUL
    std::uint32_t desc_size;  // 4: the version
    std::uint32_t type;       // plugin_api_note_type
    char name[8];
    std::uint32_t api_version;
};
inline constexpr std::uint32_t plugin_api_note_type = 1;

}  // namespace tertial

// Emits the API version note (TERTIAL_PLUGIN does; only a plugin that
// declares its entry by hand needs this). Use once, at namespace scope.
#define TERTIAL_PLUGIN_API_NOTE(API_VERSION)                                                                \
    namespace tertial_plugin_definition {                                                                 \
    [[gnu::used, gnu::section(".note.tertial"), gnu::aligned(4)]] constexpr ::tertial::PluginApiNote api_note{ \
        8, 4, ::tertial::plugin_api_note_type, {'T', 'e', 'r', 't', 'i', 'a', 'l', '\0'}, API_VERSION};     \
    }

// Declares the plugin: TERTIAL_PLUGIN("ostersund", "municipality", "1.0.0",
// "Östersunds kommun", register_ostersund). Use once, at namespace scope.
#define TERTIAL_PLUGIN(ID, KIND, VERSION, DESCRIPTION, REGISTER)                                               \
    TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)                                                   \
    namespace tertial_plugin_definition {                                                                    \
    const ::tertial::PluginEntry entry{::tertial::plugin_api_version, ID, KIND, VERSION, DESCRIPTION, REGISTER}; \
    }                                                                                                          \
    BOOST_DLL_ALIAS(tertial_plugin_definition::entry, tertial_plugin)
