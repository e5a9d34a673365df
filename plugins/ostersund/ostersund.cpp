// Östersunds kommun: its kommunövergripande mål (and the rollover rule that keeps reports on the year's list), driftredovisning rows and house style.
#include <fmt/format.h>
#include <tertial/plugin.hpp>
#include <tertial/walk.hpp>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace tertial;

// The eight goals of Östersunds kommun's strategic plan, as worded in the
// committee reports (seeds 000, 001, 003).
const std::vector<GoalDef> goals_2020 = {
    {"mal1",
     "I Östersunds kommun har vi en tillväxt som är jämställd och ekonomiskt hållbar, där alla känner sig delaktiga"},
    {"mal2",
     "I Östersunds kommun har vi en trygg och tillgänglig infrastruktur där både stad och landsbygd växer på ett "
     "smart och hållbart sätt"},
    {"mal3", "I Östersunds kommun har vi ett positivt företagsklimat och medborgarna har arbete och bostad"},
    {"mal4",
     "I Östersunds kommun ska alla barn och elever klara sin utbildning, nå sin gymnasieexamen och utmanas i sitt "
     "livslånga lärande"},
    {"mal5", "I Östersunds kommun finns goda förutsättningar för en meningsfull fritid och ett aktivt liv"},
    {"mal6", "I Östersunds kommun får medborgarna stöd, vård och omsorg och lever ett självständigt liv"},
    {"mal7", "I Östersunds kommun bedrivs ett effektivt arbete för minskad miljö- och klimatpåverkan"},
    {"mal8", "I Östersund är kommunen en modern och attraktiv arbetsgivare"},
};

// Fullmäktige's goal lists, each with the first year it applies to. The
// seeds show the list above in use from 2020 (tertial 1, kvalitetsrapport)
// to 2022 (verksamhetsplan). When fullmäktige adopts a new list, add it
// here with its first year: `tertial rollover` then gives that year's
// reports the new goals, and `tertial new` uses the latest list.
struct GoalList {
    int from_year;
    const std::vector<GoalDef>* goals;
};
const GoalList goal_lists[] = {{2020, &goals_2020}};

const GoalList& goals_for(int year) {
    const GoalList* found = &goal_lists[0];
    for (const auto& list : goal_lists)
        if (list.from_year <= year) found = &list;
    return *found;
}

// ---- rollover: the goals of the new year ----------------------------------------------

// Where a report keeps its goals: the goal sections, in the block list that holds them.
struct GoalPlace {
    Blocks* blocks = nullptr;
    std::string pointer;  // of that block list
};

void find_goal_places(Blocks& blocks, const std::string& pointer, std::vector<GoalPlace>& out) {
    bool here = false;
    for (std::size_t i = 0; i < blocks.size(); ++i)
        if (auto* s = std::get_if<Section>(&blocks[i].content)) {
            if (s->goal && s->goal->id) here = true;
            find_goal_places(s->body, pointer_join(pointer_join(pointer, i), "body"), out);
        }
    if (here) out.push_back({&blocks, pointer});
}

// Reports that follow up every goal (a tertialrapport has a section for each)
// get a section for a goal that is new on the list; a verksamhetsplan names
// only the goals the nämnd has uppdrag for, so it gets none.
bool follows_every_goal(ReportKind kind) {
    return kind == ReportKind::tertialrapport || kind == ReportKind::delarsrapport ||
           kind == ReportKind::verksamhetsberattelse;
}

Block new_goal_section(const GoalDef& g) {
    Section goal{g.title, true, std::nullopt, Goal{g.id, GoalStatus::ej_bedomd}, {}};
    goal.body.push_back(Block{Section{"Fullmäktige", true, std::nullopt, std::nullopt,
                                      {Block{Assignments{AssignmentSource::kf, {}}}}}});
    goal.body.push_back(Block{Paragraph{"", "Nytt mål: fyll i uppdragen med kommentarer och bedöm måluppfyllelsen", std::nullopt}});
    return Block{std::move(goal)};
}

void align_goal_sections(Report& next, const GoalList& list, RolloverContext& ctx) {
    std::vector<GoalPlace> places;
    find_goal_places(next.body, "/body", places);
    auto index_of = [&](const std::string& id) -> std::optional<std::size_t> {
        for (std::size_t k = 0; k < list.goals->size(); ++k)
            if ((*list.goals)[k].id == id) return k;
        return std::nullopt;
    };
    for (auto& place : places) {
        std::vector<std::string> present;
        for (std::size_t i = 0; i < place.blocks->size(); ++i) {
            auto* s = std::get_if<Section>(&(*place.blocks)[i].content);
            if (!s || !s->goal || !s->goal->id) continue;
            std::string p = pointer_join(place.pointer, i);
            const std::string& id = *s->goal->id;
            present.push_back(id);
            auto k = index_of(id);
            if (!k) {
                ctx.diagnostics.warning("goal_list", p,
                                        fmt::format("goal '{}' (\"{}\") is not among Östersunds kommun's goals for {}: move its "
                                                    "uppdrag to the goals they now serve, or remove the section",
                                                    id, s->title, next.meta.period.year));
                continue;
            }
            const std::string& title = (*list.goals)[*k].title;
            if (s->title != title) {
                ctx.log.add(RolloverAction::updated, pointer_join(p, "title"),
                            fmt::format("goal '{}' worded as on the goal list for {}: '{}'", id, list.from_year, title));
                s->title = title;
            }
        }
        if (!follows_every_goal(next.meta.kind)) continue;
        // A new goal goes before the first goal that follows it on the list.
        for (std::size_t k = 0; k < list.goals->size(); ++k) {
            const GoalDef& g = (*list.goals)[k];
            if (std::find(present.begin(), present.end(), g.id) != present.end()) continue;
            auto at = place.blocks->end();
            for (auto it = place.blocks->begin(); it != place.blocks->end(); ++it) {
                auto* s = std::get_if<Section>(&it->content);
                auto other = s && s->goal && s->goal->id ? index_of(*s->goal->id) : std::nullopt;
                if (other && *other > k) {
                    at = it;
                    break;
                }
            }
            std::size_t i = static_cast<std::size_t>(std::distance(place.blocks->begin(), at));
            place.blocks->insert(at, new_goal_section(g));
            present.push_back(g.id);
            ctx.log.add(RolloverAction::added, pointer_join(place.pointer, i),
                        fmt::format("goal '{}' is on the goal list for {}: a section for it, uppdrag to fill in", g.id,
                                    list.from_year));
        }
    }
}

// Key-figure groups are headed "3. <goal>": the number is the goal's (mal3).
void align_key_figure_groups(Report& next, const GoalList& list, RolloverContext& ctx) {
    for_each_block(next, [&](Block& b, const std::string& p) {
        auto* k = std::get_if<KeyFigures>(&b.content);
        if (!k) return;
        for (std::size_t g = 0; g < k->groups.size(); ++g) {
            std::string& heading = k->groups[g].goal;
            auto dot = heading.find(". ");
            if (dot == std::string::npos || dot == 0 || heading.find_first_not_of("0123456789") != dot) continue;
            std::string id = "mal" + heading.substr(0, dot);
            auto it = std::find_if(list.goals->begin(), list.goals->end(), [&](const GoalDef& d) { return d.id == id; });
            std::string gp = pointer_join(pointer_join(pointer_join(p, "groups"), g), "goal");
            if (it == list.goals->end()) {
                ctx.diagnostics.warning("goal_list", gp,
                                        fmt::format("key figures under \"{}\": Östersunds kommun has no goal {} for {}",
                                                    heading, heading.substr(0, dot), next.meta.period.year));
                continue;
            }
            std::string wanted = heading.substr(0, dot + 2) + it->title;
            if (heading != wanted) {
                ctx.log.add(RolloverAction::updated, gp, fmt::format("key-figure group '{}' → '{}'", heading, wanted));
                heading = wanted;
            }
        }
    });
}

RolloverRuleDef goal_list_rule() {
    RolloverRuleDef r;
    r.id = "goal_list";
    r.description =
        "Goals follow fullmäktige's goal list for the new year: goal sections and key-figure groups take its wording, a "
        "tertialrapport gets a section for a new goal, a goal no longer on the list is reported.";
    r.apply = [](Report& next, RolloverContext& ctx) {
        const GoalList& list = goals_for(next.meta.period.year);
        align_goal_sections(next, list, ctx);
        align_key_figure_groups(next, list, ctx);
    };
    return r;
}

// Driftbudget/plan as every Östersund committee reports it (seed 000, 5.1);
// column titles name the period through {year}, {end_yymmdd}, ... which
// `tertial new` fills in.
std::vector<TableRow> drift_rows() {
    return layout_rows({
        {"taxor", "Taxor och avgifter"},
        {"externa_hyror", "Externa bostads- och lokalhyror"},
        {"statsbidrag", "Statsbidrag"},
        {"ovriga_externa_intakter", "Övriga externa intäkter"},
        {"interna_hyresintakter", "Interna hyresintäkter"},
        {"ovriga_interna_intakter", "Övriga interna intäkter"},
        {"kommunbidrag", "Kommunbidrag"},
        {"summa_intakter", "SUMMA INTÄKTER", RowKind::total, "sum(taxor..kommunbidrag)"},
        {"personalkostnader", "Personalkostnader"},
        {"varav_arvoden", " - varav arvoden, uppdragstagare och övriga löner", RowKind::varav},
        {"po_palagg", "Personalomkostnader (PO-pålägg)"},
        {"varor", "Varor"},
        {"kop_av_verksamhet", "Köp av verksamhet"},
        {"ovriga_kostnader", "Övriga kostnader"},
        {"lamnade_bidrag", "Lämnade bidrag"},
        {"hyror_externt", "Hyror, externt"},
        {"hyror_internt", "Hyror, internt"},
        {"avskrivningar", "Avskrivningar"},
        {"internranta", "Internränta"},
        {"interna_kop", "Interna köp exklusive hyror"},
        {"summa_kostnader", "SUMMA KOSTNADER", RowKind::total, "sum(personalkostnader..interna_kop)"},
        {"resultat", "RESULTAT", RowKind::total, "summa_intakter - summa_kostnader"},
    });
};

Table driftredovisning() {
    Table t;
    t.id = "drift";
    t.caption = "Driftbudget/plan (mnkr med en decimal)";
    t.unit = Unit::mnkr;
    t.columns = {
        {"post",
         "Driftbudget/plan (mnkr med en decimal)",
         ColumnKind::label,
         std::nullopt,
         {},
         std::nullopt,
         std::nullopt,
         std::nullopt},
        {"budget",
         "Budget {year} inkl till.ansl",
         ColumnKind::amount,
         std::nullopt,
         {1},
         std::nullopt,
         ColumnRole{ColumnRoleType::budget, {}, {}},
         std::nullopt},
        {"utfall",
         "Utfall {end_yymmdd}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome, {}, {}},
         std::nullopt},
        {"prognos",
         "Prognos {year}",
         ColumnKind::amount,
         std::nullopt,
         {1},
         std::nullopt,
         ColumnRole{ColumnRoleType::forecast, {}, {}},
         std::nullopt},
        {"utfall_fg",
         "Utfall {prev_end_yymmdd}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome_same_period_last_year, {}, {}},
         std::nullopt},
        {"utfall_fg_ar",
         "Utfall {prev_year}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome_last_year, {}, {}},
         std::nullopt},
    };
    t.rows = drift_rows();
    return t;
}

// The forecast per verksamhet (seed 000, 5.1): each nämnd its own rows, so
// the layout is given per nämnd. Committee templates ask for it where a
// municipality has one.
Table prognos_per_verksamhet(const char* committee, std::vector<TableRow> rows) {
    Table t;
    t.id = "prognos";
    t.caption = std::string("Sammanställning över prognosen för ") + committee + " i mnkr";
    t.unit = Unit::mnkr;
    t.columns = {
        {"verksamhet", "Verksamhet", ColumnKind::label, std::nullopt, {}, std::nullopt, std::nullopt, std::nullopt},
        {"prognos",
         "Prognos {year}",
         ColumnKind::amount,
         std::nullopt,
         {1},
         std::nullopt,
         ColumnRole{ColumnRoleType::forecast, {}, {}},
         std::nullopt},
    };
    t.rows = std::move(rows);
    return t;
}

TableLayout san_prognos() {
    return {"prognos_per_verksamhet",
            prognos_per_verksamhet("Social- och arbetsmarknadsnämnden",
                                   layout_rows({
                                       {"institution_barn", "Institutionsvård barn och unga"},
                                       {"familjehem_barn", "Familjehemsvård barn och unga"},
                                       {"vuxna", "Institutionsvård och familjehemsvård vuxna"},
                                       {"kontaktpersoner", "Kontaktpersoner, stöd och kontaktfamiljer (SoL och LSS)"},
                                       {"ekonomiskt_bistand", "Ekonomiskt bistånd"},
                                       {"arbetsmarknad_integration", "Arbetsmarknad och Lärande, Integration"},
                                       {"atgardsplan", "Åtgärdsplan"},
                                       {"summa", "Summa prognos helår {year}", RowKind::total, "sum(institution_barn..atgardsplan)"},
                                   })),
            "SAN",
            {}};
}

TableLayout von_prognos() {
    return {"prognos_per_verksamhet",
            prognos_per_verksamhet("Vård- och omsorgsnämnden",
                                   layout_rows({
                                       {"hemtjanst", "Hemtjänst"},
                                       {"sarskilt_boende", "Särskilt boende"},
                                       {"korttid", "Korttidsboende och växelvård"},
                                       {"hemsjukvard", "Hälso- och sjukvård"},
                                       {"myndighet", "Myndighetsutövning och gemensamt"},
                                       {"summa", "Summa prognos helår {year}", RowKind::total, "sum(hemtjanst..myndighet)"},
                                   })),
            "VON",
            {}};
}

// How the ledger export of a committee (every konto of its ansvar, amounts
// in kr, debit positive) fills "Utfall" of the driftredovisning (mnkr).
// Accounts follow Kommun-Bas 13: class 3 intäkter (credit, so their signs
// are turned to print positive), classes 4-7 kostnader, 8 finansiella poster.
LedgerMapping drift_outcome_mapping() {
    LedgerMapping m;
    m.id = "drift_utfall";
    m.description = "Driftredovisning, utfall hittills i år, från huvudboken (kr) till mnkr";
    m.table = "drift";
    m.column = "utfall";
    m.system = "Ekonomisystemet";
    m.unit = Unit::kr;
    m.period = LedgerPeriod::year_to_date;
    auto income = [](const char* row, std::vector<std::string> konto) {
        return LedgerRule{row, {std::move(konto), {}, {}}, true};
    };
    auto cost = [](const char* row, std::vector<std::string> konto) {
        return LedgerRule{row, {std::move(konto), {}, {}}, std::nullopt};
    };
    m.rules = {
        income("taxor", {"3100-3199", "3200-3299"}),
        income("externa_hyror", {"3300-3399"}),
        income("statsbidrag", {"3500-3599"}),
        income("ovriga_externa_intakter", {"3000-3099", "3400-3499", "3600-3899"}),
        income("interna_hyresintakter", {"3910-3919"}),
        income("ovriga_interna_intakter", {"3900-3909", "3920-3989"}),
        income("kommunbidrag", {"3990-3999"}),
        cost("personalkostnader", {"5000-5599", "5800-5999"}),
        cost("varav_arvoden", {"5300-5499"}),
        cost("po_palagg", {"5600-5799"}),
        cost("varor", {"6400-6499"}),
        cost("kop_av_verksamhet", {"4500-4699"}),
        cost("ovriga_kostnader", {"4000-4499", "4800-4999", "6000-6099", "6200-6399", "6500-7699", "7800-7899"}),
        cost("lamnade_bidrag", {"4700-4799"}),
        cost("hyror_externt", {"6100-6189"}),
        cost("hyror_internt", {"6190-6199"}),
        cost("avskrivningar", {"7700-7799"}),
        cost("internranta", {"8400-8499"}),
        cost("interna_kop", {"7900-7999"}),
    };
    m.excluded = {
        {{{"1*", "2*"}, {}, {}}, "balansräkningens konton (tillgångar, skulder, eget kapital)"},
        {{{"8000-8399", "8500-8999"}, {}, {}}, "finansiella poster och skatteintäkter, som redovisas för kommunen som helhet"},
    };
    return m;
}

void register_ostersund(Registrar& r) {
    r.set_municipality({"Östersunds kommun", "2380"});
    r.add_committee(
        {"social_services", {"Social- och arbetsmarknadsnämnden", "SAN"}, "Social- och arbetsmarknadsförvaltningen"});
    r.add_committee(
        {"labour_market", {"Social- och arbetsmarknadsnämnden", "SAN"}, "Social- och arbetsmarknadsförvaltningen"});
    r.add_committee({"elderly_care", {"Vård- och omsorgsnämnden", "VON"}, "Vård- och omsorgsförvaltningen"});
    for (const auto& g : *std::prev(std::end(goal_lists))->goals) r.add_goal(g);
    r.add_rollover_rule(goal_list_rule());
    r.add_table_layout({"driftredovisning", driftredovisning(), {}, {}});
    r.add_table_layout(san_prognos());
    r.add_table_layout(von_prognos());
    // Seed 000 is the "Delårsrapport Tertial 1": Östersund's delårsrapport
    // follows the first tertial as well as the second.
    r.add_period_end({ReportKind::delarsrapport, 4, 30});
    r.add_ledger_mapping(drift_outcome_mapping());
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "#00205B";  // Östersund blue
    style.accent_colour = "#7AB800";
    // A plain stand-in drawn for Tertial (plugins/stand_in_logos.py), not
    // Östersunds kommun's real logo, which we have no right to use. Vector
    // art in a one-page PDF, installed beside this plugin (CMakeLists.txt: FILES).
    style.logo_file = "ostersund-logo.pdf";
    style.header_left = "{administration}";
    style.header_right = "Datum {date}";
    style.footer_left = "{title}";
    style.footer_right = "Sida {page}({pages})";
    r.set_house_style(style);
}

}  // namespace

TERTIAL_PLUGIN("ostersund", "municipality", "1.0.0", "Östersunds kommun (SCB 2380)", register_ostersund)
