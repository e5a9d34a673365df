// Östersunds kommun: its kommunövergripande mål, driftredovisning rows and house style.
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

// The eight goals of Östersunds kommun's strategic plan, as worded in the
// committee reports (seeds 000, 001, 003).
const GoalDef goals[] = {
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
         std::nullopt},
        {"budget",
         "Budget {year} inkl till.ansl",
         ColumnKind::amount,
         std::nullopt,
         {1},
         std::nullopt,
         ColumnRole{ColumnRoleType::budget, {}, {}}},
        {"utfall",
         "Utfall {end_yymmdd}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome, {}, {}}},
        {"prognos",
         "Prognos {year}",
         ColumnKind::amount,
         std::nullopt,
         {1},
         std::nullopt,
         ColumnRole{ColumnRoleType::forecast, {}, {}}},
        {"utfall_fg",
         "Utfall {prev_end_yymmdd}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome_same_period_last_year, {}, {}}},
        {"utfall_fg_ar",
         "Utfall {prev_year}",
         ColumnKind::amount,
         std::nullopt,
         {},
         std::nullopt,
         ColumnRole{ColumnRoleType::outcome_last_year, {}, {}}},
    };
    t.rows = drift_rows();
    return t;
}

void register_ostersund(Registrar& r) {
    r.set_municipality({"Östersunds kommun", "2380"});
    r.add_committee(
        {"social_services", {"Social- och arbetsmarknadsnämnden", "SAN"}, "Social- och arbetsmarknadsförvaltningen"});
    r.add_committee(
        {"labour_market", {"Social- och arbetsmarknadsnämnden", "SAN"}, "Social- och arbetsmarknadsförvaltningen"});
    r.add_committee({"elderly_care", {"Vård- och omsorgsnämnden", "VON"}, "Vård- och omsorgsförvaltningen"});
    for (const auto& g : goals) r.add_goal(g);
    r.add_table_layout({"driftredovisning", driftredovisning()});
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "#00205B";  // Östersund blue
    style.accent_colour = "#7AB800";
    style.header_left = "{administration}";
    style.header_right = "Datum {date}";
    style.footer_left = "{title}";
    style.footer_right = "Sida {page}({pages})";
    r.set_house_style(style);
}

}  // namespace

TERTIAL_PLUGIN("ostersund", "municipality", "1.0.0", "Östersunds kommun (SCB 2380)", register_ostersund)
