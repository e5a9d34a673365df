// Individ- och familjeomsorg (IFO): key figures, calculations, checks and report templates.
#include <tertial/plugin.hpp>
#include <tertial/resolve.hpp>

#include <string>

namespace {

using namespace tertial;

// The IFO key figures the seeds report (000, 001, 003), as Kolada words them.
KeyFigureDef key_figures[] = {
    {"ifo_ekb_andel_invanare",
     "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Share of the population that received ekonomiskt bistånd during the year."},
    {"ifo_ekb_langvarigt",
     "Invånare med långvarigt ekonomiskt bistånd, andel (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Ten months or more of ekonomiskt bistånd during the year."},
    {"ifo_ekb_ej_aterkommit",
     "Vuxna biståndsmottagare som inte återkommit inom ett år efter avslutat bistånd, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Återaktualisering, ekonomiskt bistånd: the share that did not return within a year."},
    {"ifo_ungdom_ej_aterkommit",
     "Ungdomar med insats som inte återkommit inom ett år efter avslutad insats, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Återaktualisering, ungdomar 13–20 år."},
    {"ifo_barn_ej_aterkommit",
     "Barn 0–12 år med insats som inte återkommit inom ett år efter avslutad insats, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Återaktualisering, barn 0–12 år."},
    {"ifo_vuxna_missbruk_ej_aterkommit",
     "Vuxna med missbruksproblem som inte återkommit inom ett år efter avslutad insats, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Återaktualisering, vuxna med missbruksproblem."},
    {"ifo_utredningstid_barn",
     "Handläggningstid från inledd utredning till beslut, barn och unga 0–20 år, medelvärde (dagar)",
     Unit::dagar,
     {0},
     {},
     false,
     "Utredningstid in barnavården."},
    {"ifo_vantetid_ekb",
     "Väntetid i antal dagar från ansökningsdatum till beslut inom försörjningsstöd, medelvärde (dagar)",
     Unit::dagar,
     {0},
     {},
     false,
     "Väntetid försörjningsstöd."},
    {"ifo_kostnad_per_invanare",
     "Kostnad individ- och familjeomsorg (kr/inv)",
     Unit::kr_per_inv,
     {0},
     {},
     std::nullopt,
     "Kostnad IFO per invånare."},
    {"ifo_orosanmalningar",
     "Orosanmälningar som inkommit till socialtjänsten (antal)",
     Unit::antal,
     {0},
     {},
     std::nullopt,
     "Orosanmälningar about children and young people."},
    {"ifo_ej_verkstallda",
     "Ej verkställda beslut äldre än tre månader (antal)",
     Unit::antal,
     {0},
     {},
     false,
     "Beslut enligt SoL not carried out within three months, as reported to IVO."},
};

// Ekonomiskt bistånd per household and month: what one household received
// on average in a month, the figure controllers compare across years.
CalculationDef per_household_month() {
    CalculationDef c;
    c.name = "ekb_per_hushall_manad";
    c.doc =
        "ekb_per_hushall_manad(utbetalt kr, hushåll antal, månader antal): utbetalt ekonomiskt bistånd per hushåll och "
        "månad, in kr, rounded to whole kronor; empty when there are no households or months.";
    c.inputs = {Unit::kr, Unit::antal, Unit::antal};
    c.output = Unit::kr;
    c.compute = [](const std::vector<Decimal>& a, const CalculationContext&) -> std::optional<Decimal> {
        Decimal household_months = a[1] * a[2];
        if (household_months.is_zero()) return std::nullopt;
        return a[0].divide(household_months, 0);
    };
    c.examples = {{{"7808020", "586", "4"}, "2020-04-30", "3331"}, {{"100", "0", "4"}, "2020-04-30", std::nullopt}};
    return c;
}

// The economy of a follow-up (seed 000, 5): the municipality's
// driftredovisning, then what the nämnd saves and invests.
SectionTemplate economy(const char* comment) {
    return {"Ekonomi",
            {},
            {{"Driftsredovisning",
              {table_layout("driftredovisning"), table_layout_if_given("prognos_per_verksamhet"), write_about(comment)},
              {}},
             {"Effektiviseringar, besparingar och intäktsökningar", {write_about("Redovisa effektiviseringarna")}, {}},
             {"Investeringar", {write_about("Redovisa investeringarna")}, {}}}};
}

// Seed 000's structure: the tertialrapport of an IFO committee.
ReportTemplate tertialrapport() {
    return {
        ReportKind::tertialrapport,
        {
            {"Nämndens ansvarsområde", {write_about("Beskriv nämndens ansvarsområde")}, {}},
            {"Förvaltningschefen har ordet",
             {write_about("Förvaltningens verksamheter hittills under året"),
              write_about("Utmaningar och framtidsperspektiv")},
             {}},
            {"Kommunövergripande mål och uppdrag", {municipality_goals()}, {}},
            {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera nyckeltalen")}, {}},
            economy("Kommentera utfall och prognos"),
        }};
}

// The delårsrapport (per 31 August, or per 30 April where the municipality
// reports so): seed 000's tertial follow-up, with the period's events, the
// forecast's measures and the staff, as the delårsbokslut asks.
ReportTemplate delarsrapport() {
    return {
        ReportKind::delarsrapport,
        {
            {"Nämndens ansvarsområde", {write_about("Beskriv nämndens ansvarsområde")}, {}},
            {"Förvaltningschefen har ordet",
             {write_about("Förvaltningens verksamheter hittills under året"),
              write_about("Utmaningar och framtidsperspektiv")},
             {}},
            {"Väsentliga händelser under perioden",
             {write_about("Händelser som påverkat verksamheten och ekonomin: placeringar, ekonomiskt bistånd, lagändringar")},
             {}},
            {"Kommunövergripande mål och uppdrag", {municipality_goals()}, {}},
            {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera nyckeltalen")}, {}},
            economy("Kommentera utfall och helårsprognos, och åtgärderna mot ett underskott"),
            {"Personal", {write_about("Sjukfrånvaro, kompetensförsörjning och rekrytering")}, {}},
        }};
}

// The verksamhetsberättelse: the year told after its end, in the order of
// the tertial follow-up (seed 000), with the outcome against the plan.
ReportTemplate verksamhetsberattelse() {
    return {
        ReportKind::verksamhetsberattelse,
        {
            {"Nämndens ansvarsområde", {write_about("Beskriv nämndens ansvarsområde")}, {}},
            {"Förvaltningschefen har ordet", {write_about("Året som gått: verksamhet, utmaningar och resultat")}, {}},
            {"Årets viktigaste händelser", {write_about("Händelser som påverkat verksamheten och ekonomin under året")}, {}},
            {"Kommunövergripande mål och uppdrag", {municipality_goals()}, {}},
            {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera årets nyckeltal")}, {}},
            economy("Kommentera årets resultat mot budget"),
            {"Personal", {write_about("Sjukfrånvaro, kompetensförsörjning och rekrytering under året")}, {}},
            {"Framtiden", {write_about("Utmaningar och förändringar de kommande åren")}, {}},
        }};
}

// Seed 001's structure: the verksamhetsplan med budget.
ReportTemplate verksamhetsplan() {
    return {ReportKind::verksamhetsplan,
            {
                {"Nämndens ansvarsområde",
                 {write_about("Beskriv nämndens ansvarsområde, målgrupper och lagstiftning")},
                 {}},
                {"Nämndsordförande har ordet", {write_about("Ordförandens inledning")}, {}},
                {"Kommunövergripande mål och uppdrag", {municipality_goals()}, {}},
                {"Nyckeltal", {key_figure_table()}, {}},
                {"Ekonomi", {write_about("Budget och plan, effektiviseringar och investeringar")}, {}},
            }};
}

// Seed 003's structure: the annual kvalitetsrapport.
ReportTemplate kvalitetsrapport() {
    return {ReportKind::kvalitetsrapport,
            {
                {"Inledning", {write_about("Rapportens syfte och källor")}, {}},
                {"Lagstiftning, förordningar, föreskrifter och allmänna råd",
                 {write_about("Förteckning över styrande lagstiftning")},
                 {}},
                {"Klagomål och synpunkter, Lex Sarah",
                 {write_about("Klagomål, synpunkter och rapporter enligt Lex Sarah per år")},
                 {}},
                {"Ej verkställda beslut", {write_about("Ej verkställda beslut per tid sedan beslut och kön")}, {}},
                {"Kvalitetsmått", {key_figure_table(), write_about("Jämförelse med liknande kommuner och riket")}, {}},
            }};
}

void register_social_services(Registrar& r) {
    for (const auto& k : key_figures) r.add_key_figure(k);
    r.add_calculation(per_household_month());
    r.add_check(key_figure_range_check({std::begin(key_figures), std::end(key_figures)}));
    r.add_template(tertialrapport());
    r.add_template(delarsrapport());
    r.add_template(verksamhetsplan());
    r.add_template(verksamhetsberattelse());
    r.add_template(kvalitetsrapport());
}

}  // namespace

TERTIAL_PLUGIN("social_services", "committee", "1.0.0",
               "Individ- och familjeomsorg: ekonomiskt bistånd, placeringar, barn och unga", register_social_services)
