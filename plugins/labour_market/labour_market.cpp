// Arbetsmarknad, vuxenutbildning, SFI och etablering: key figures and templates.
#include <tertial/plugin.hpp>
#include <tertial/resolve.hpp>

namespace {

using namespace tertial;

// The labour-market key figures of seeds 000 and 001.
KeyFigureDef key_figures[] = {
    {"am_forvarvsarbetande",
     "Förvärvsarbetande invånare 20–64 år, andel (%)",
     Unit::percent,
     {1},
     std::string("N00914"),
     true,
     "Gainfully employed residents aged 20–64."},
    {"am_arbetslosa_16_64",
     "Arbetslösa 16–64 år, andel av registerbaserad arbetskraft (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Arbetslöshet 16–64 år."},
    {"am_arbetslosa_16_24",
     "Arbetslösa 16–24 år, andel av befolkningen (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Ungdomsarbetslöshet."},
    {"am_langtidsarbetslosa",
     "Långtidsarbetslösa 25–64 år, andel av befolkningen (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Unemployed for more than six months."},
    {"am_varken_studerar_arbetar",
     "Invånare 17–24 år som varken studerar eller arbetar, andel (%)",
     Unit::percent,
     {1},
     {},
     false,
     "Unga som varken arbetar eller studerar."},
    {"am_deltagare_arbete_studier",
     "Deltagare som börjat arbeta eller studera vid avslut i kommunal arbetsmarknadsverksamhet, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Outcome of the municipal labour-market programmes."},
    {"am_etablering_90_dagar",
     "Personer som lämnat etableringsuppdraget och börjat arbeta eller studera efter 90 dagar, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Etablering of newly arrived."},
    {"am_sfi_tva_kurser",
     "Elever på SFI som klarat minst två kurser, av nybörjare två år tidigare, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "SFI progression."},
    {"vux_godkanda_kurser",
     "Elever i kommunal vuxenutbildning som fått godkänt betyg, andel (%)",
     Unit::percent,
     {0},
     {},
     true,
     "Vuxenutbildning: share of course grades that are passes."},
    {"vux_elever",
     "Elever i kommunal vuxenutbildning (antal)",
     Unit::antal,
     {0},
     {},
     std::nullopt,
     "Number of adult-education students."},
    {"am_nri_arbetsmojligheter",
     "Nöjd Region-Index – Arbetsmöjligheter",
     Unit::index,
     {0},
     {},
     true,
     "Residents' view of job opportunities (SCB's medborgarundersökning)."},
};

// The titles are social_services' (seed 000), so that a nämnd with both
// (Östersund's SAN) gets one report of the same sections from the two.
SectionTemplate economy(const char* comment) {
    return {"Ekonomi",
            {},
            {{"Driftsredovisning",
              {table_layout("driftredovisning"), table_layout_if_given("prognos_per_verksamhet"), write_about(comment)},
              {}}}};
}

SectionTemplate area() {
    return {"Nämndens ansvarsområde", {write_about("Arbetsmarknadsinsatser, vuxenutbildning, SFI och etablering")}, {}};
}

SectionTemplate goals() { return {"Kommunövergripande mål och uppdrag", {municipality_goals()}, {}}; }

// Seed 000's structure, its labour-market part.
ReportTemplate tertialrapport() {
    return {ReportKind::tertialrapport,
            {area(),
             goals(),
             {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera nyckeltalen")}, {}},
             economy("Kommentera utfall och prognos")}};
}

ReportTemplate delarsrapport() {
    return {ReportKind::delarsrapport,
            {area(),
             {"Väsentliga händelser under perioden",
              {write_about("Arbetsmarknadsläget, deltagare i insatser, vuxenutbildningens och SFI:s elevantal")},
              {}},
             goals(),
             {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera nyckeltalen")}, {}},
             economy("Kommentera utfall och helårsprognos, och åtgärderna mot ett underskott")}};
}

// Seed 001's structure, its labour-market part.
ReportTemplate verksamhetsplan() {
    return {ReportKind::verksamhetsplan,
            {{"Nämndens ansvarsområde", {write_about("Beskriv ansvarsområdet och målgrupperna")}, {}},
             goals(),
             {"Nyckeltal", {key_figure_table()}, {}},
             {"Ekonomi", {write_about("Budget och plan")}, {}}}};
}

ReportTemplate verksamhetsberattelse() {
    return {ReportKind::verksamhetsberattelse,
            {area(),
             {"Årets viktigaste händelser",
              {write_about("Arbetsmarknadsläget och insatserna under året: deltagare, avslut till arbete eller studier")},
              {}},
             goals(),
             {"Nyckeltal och verksamhetsutveckling", {key_figure_table(), write_about("Kommentera årets nyckeltal")}, {}},
             economy("Kommentera årets resultat mot budget")}};
}

// Seed 003's structure, for arbetsmarknad, vuxenutbildning and SFI.
ReportTemplate kvalitetsrapport() {
    return {ReportKind::kvalitetsrapport,
            {{"Inledning", {write_about("Rapportens syfte och källor")}, {}},
             {"Lagstiftning, förordningar, föreskrifter och allmänna råd",
              {write_about("Skollagen och förordningen om vuxenutbildning, lagen om etableringsinsatser")},
              {}},
             {"Klagomål och synpunkter", {write_about("Klagomål och synpunkter på vuxenutbildningen, SFI och insatserna")}, {}},
             {"Kvalitetsmått",
              {key_figure_table(), write_about("Jämförelse med liknande kommuner och riket, uppdelat på kön")},
              {}}}};
}

void register_labour_market(Registrar& r) {
    for (const auto& k : key_figures) r.add_key_figure(k);
    r.add_check(key_figure_range_check({std::begin(key_figures), std::end(key_figures)}));
    r.add_template(tertialrapport());
    r.add_template(delarsrapport());
    r.add_template(verksamhetsplan());
    r.add_template(verksamhetsberattelse());
    r.add_template(kvalitetsrapport());
}

}  // namespace

TERTIAL_PLUGIN("labour_market", "committee", "1.0.0", "Arbetsmarknad, vuxenutbildning, SFI och etablering",
               register_labour_market)
