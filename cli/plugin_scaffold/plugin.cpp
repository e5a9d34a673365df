// @NAME@: a Tertial municipality plugin. Made by `tertial plugin new`; now
// yours to fill in (docs/plugins.md says what each part does).
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

// The driftredovisning, as every committee of the municipality reports it:
// its columns, and (to fill in) its rows, the posts of its own accounts in
// its own order. Column titles may name the period: {year}, {prev_year},
// {end_yymmdd}, {prev_end_yymmdd}; column roles give rollover the years.
Table driftredovisning() {
    Table drift;
    drift.id = "drift";
    drift.caption = "Driftredovisning (mnkr)";
    drift.unit = Unit::mnkr;
    auto amount = [](const char* id, const char* title, ColumnRoleType role) {
        return Column{id, title, ColumnKind::amount, std::nullopt, {1}, std::nullopt, ColumnRole{role, {}, {}}};
    };
    drift.columns = {
        {"post", "Driftredovisning", ColumnKind::label, std::nullopt, {}, std::nullopt, std::nullopt},
        amount("budget", "Budget {year}", ColumnRoleType::budget),
        amount("utfall", "Utfall {end_yymmdd}", ColumnRoleType::outcome),
        amount("prognos", "Prognos {year}", ColumnRoleType::forecast),
    };
    // The rows: one TableRow each, e.g.
    //   TableRow r; r.id = "intakter"; r.label = "Intäkter"; drift.rows.push_back(r);
    // and a total: r.kind = RowKind::total; r.calc = "intakter - kostnader";
    return drift;
}

void register_@ID@(Registrar& r) {
    // Who the municipality is: its name and SCB kommunkod.
    r.set_municipality({"@NAME_C@", "@SCB_CODE@"});

    // Its committees, and which committee plugin knows each one's field
    // (`tertial plugins` lists the committee plugins installed):
    // {plugin, {name, short name}, förvaltning}.
    r.add_committee({"social_services", {"Socialnämnden", "SN"}, "Socialförvaltningen"});

    // Its kommunövergripande mål, one section each in a new report, e.g.
    //   r.add_goal({"mal1", "I @NAME_C@ växer vi hållbart"});

    r.add_table_layout({"driftredovisning", driftredovisning()});

    // Its look in the PDF: font, colours, header and footer ({administration},
    // {title}, {committee}, {date}, {page}, {pages}).
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "#1F4E79";
    style.accent_colour = "#2E75B6";
    style.header_left = "{administration}";
    style.header_right = "Datum {date}";
    style.footer_left = "{title}";
    style.footer_right = "Sida {page}({pages})";
    r.set_house_style(style);
}

}  // namespace

TERTIAL_PLUGIN("@ID@", "municipality", "0.1.0", "@NAME_C@ (SCB @SCB_CODE@)", register_@ID@)
