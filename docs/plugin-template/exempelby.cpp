// Exempelby kommun: a complete municipality plugin to copy from.
#include <tertial/plugin.hpp>
#include <tertial/walk.hpp>

namespace {

using namespace tertial;

// The kommunövergripande mål of its strategic plan, as worded there.
const GoalDef goals[] = {
    {"mal1", "I Exempelby kommun växer vi hållbart"},
    {"mal2", "I Exempelby kommun får alla stöd när de behöver det"},
};

// What `tertial rollover` does for Exempelby besides core's rules (which
// shift periods, carry figures and mark what to fill in and review): a goal
// section of last year's report takes the goal's wording of today.
RolloverRuleDef goal_wording() {
    RolloverRuleDef rule;
    rule.id = "goal_wording";
    rule.description = "Goal sections take the goals' current wording";
    rule.apply = [](Report& next, RolloverContext& context) {
        for_each_block(next, [&](Block& b, const std::string& pointer) {
            auto* s = std::get_if<Section>(&b.content);
            if (!s || !s->goal || !s->goal->id) return;
            for (const auto& g : goals)
                if (g.id == *s->goal->id && g.title != s->title) {
                    context.log.add(RolloverAction::updated, pointer, "goal '" + g.id + "' worded as today");
                    s->title = g.title;
                }
        });
    };
    return rule;
}

void register_exempelby(Registrar& r) {
    // Who the municipality is: name and SCB kommunkod (four digits).
    r.set_municipality({"Exempelby kommun", "9999"});

    // Its committees, and which committee plugin knows each one's field.
    r.add_committee({"social_services", {"Socialnämnden", "SN"}, "Socialförvaltningen"});

    // Its goals, one section each in a new report.
    for (const auto& g : goals) r.add_goal(g);

    // Its driftredovisning, as every committee reports it. Column titles may
    // name the period: {year}, {prev_year}, {end_yymmdd}, {prev_end_yymmdd}.
    Table drift;
    drift.id = "drift";
    drift.caption = "Driftredovisning (mnkr)";
    drift.unit = Unit::mnkr;
    drift.columns = {
        {"post", "Driftredovisning", ColumnKind::label, std::nullopt, {}, std::nullopt, std::nullopt},
        {"budget", "Budget {year}", ColumnKind::amount, std::nullopt, {1}, std::nullopt, ColumnRole{ColumnRoleType::budget, {}, {}}},
        {"utfall", "Utfall {end_yymmdd}", ColumnKind::amount, std::nullopt, {1}, std::nullopt, ColumnRole{ColumnRoleType::outcome, {}, {}}},
        {"prognos", "Prognos {year}", ColumnKind::amount, std::nullopt, {1}, std::nullopt, ColumnRole{ColumnRoleType::forecast, {}, {}}},
    };
    auto row = [](const char* id, const char* label, RowKind kind = RowKind::normal, const char* calc = nullptr) {
        TableRow r;
        r.id = id;
        r.label = label;
        r.kind = kind;
        if (calc) r.calc = calc;
        return r;
    };
    drift.rows = {row("intakter", "Intäkter"), row("kostnader", "Kostnader"),
                  row("resultat", "Resultat", RowKind::total, "intakter - kostnader")};
    r.add_table_layout({"driftredovisning", drift});

    // Its look in the PDF.
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "#1F4E79";
    style.header_left = "{administration}";
    style.footer_right = "Sida {page}({pages})";
    r.set_house_style(style);

    // Its rules for rollover.
    r.add_rollover_rule(goal_wording());
}

}  // namespace

TERTIAL_PLUGIN("exempelby", "municipality", "1.0.0", "Exempelby kommun (exempel)", register_exempelby)
