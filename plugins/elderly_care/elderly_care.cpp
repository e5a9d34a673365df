// Äldreomsorg: hemtjänst, särskilt boende, korttid, hälso- och sjukvård.
#include <tertial/plugin.hpp>
#include <tertial/resolve.hpp>

namespace {

using namespace tertial;

KeyFigureDef key_figures[] = {
    {"ao_hemtjanst_brukare",
     "Brukare med beslut om hemtjänst i ordinärt boende (antal)",
     Unit::antal,
     {0},
     {},
     std::nullopt,
     "Excluding users with only alarm, HSL or meal delivery."},
    {"ao_hemtjanst_kommunal_andel",
     "Utförd hemtjänsttid av kommunal utförare, andel (%)",
     Unit::percent,
     {1},
     {},
     std::nullopt,
     "Share of home-care hours delivered by the municipality's own staff."},
    {"ao_hemtjanst_timmar_per_dag",
     "Utförda hemtjänsttimmar per dag (timmar)",
     Unit::timmar,
     {0},
     {},
     std::nullopt,
     "Delivered home-care hours per day."},
    {"ao_sarskilt_boende_platser",
     "Platser i särskilt boende (antal)",
     Unit::antal,
     {0},
     {},
     std::nullopt,
     "Beds in särskilt boende."},
    {"ao_sarskilt_boende_vantetid",
     "Väntetid till särskilt boende från ansökan till erbjudet inflyttningsdatum, medelvärde (dagar)",
     Unit::dagar,
     {0},
     {},
     false,
     "Waiting time for särskilt boende."},
    {"ao_korttid_dygn",
     "Vårddygn på korttidsboende (antal)",
     Unit::antal,
     {0},
     {},
     std::nullopt,
     "Care days in short-term housing."},
    {"ao_utskrivningsklara_dygn",
     "Betalningsansvarsdygn för utskrivningsklara (antal)",
     Unit::antal,
     {0},
     {},
     false,
     "Days the municipality pays the region for patients ready for discharge."},
    {"ao_kostnad_per_invanare",
     "Kostnad äldreomsorg (kr/inv)",
     Unit::kr_per_inv,
     {0},
     {},
     std::nullopt,
     "Cost of elderly care per resident."},
};

// The riktpunkt: the share of the year that has passed at the end of the
// report's period, against which each row's share of its annual budget is
// read (33,3 % at the end of April).
CalculationDef riktpunkt() {
    CalculationDef c;
    c.name = "riktpunkt";
    c.doc =
        "riktpunkt(): the share of the year passed at the report's period end, in %, from whole months "
        "(30 April gives 33,3333333333 %; 31 August 66,6666666667 %).";
    c.output = Unit::percent;
    c.compute = [](const std::vector<Decimal>&, const CalculationContext& ctx) -> std::optional<Decimal> {
        return Decimal::from_int(ctx.report.meta.period.months_passed() * 100).divide(Decimal::from_int(12), 10);
    };
    c.examples = {
        {{}, "2021-04-30", "33.3333333333"}, {{}, "2021-08-31", "66.6666666667"}, {{}, "2021-12-31", "100.0000000000"}};
    return c;
}

// How far a row's use of its annual budget is ahead of the riktpunkt, in
// percentage points: positive means it is spending faster than the year.
CalculationDef over_riktpunkt() {
    CalculationDef c;
    c.name = "over_riktpunkt";
    c.doc =
        "over_riktpunkt(utfall, årsbudget): the row's share of its annual budget minus the riktpunkt, in percentage "
        "points "
        "(both in the same unit); empty when the annual budget is zero.";
    c.inputs = {Unit::tkr, Unit::tkr};
    c.output = Unit::percent;
    c.compute = [](const std::vector<Decimal>& a, const CalculationContext& ctx) -> std::optional<Decimal> {
        if (a[1].is_zero()) return std::nullopt;
        Decimal share = (a[0] * Decimal::from_int(100)).divide(a[1], 10);
        Decimal mark =
            Decimal::from_int(ctx.report.meta.period.months_passed() * 100).divide(Decimal::from_int(12), 10);
        return share - mark;
    };
    c.examples = {{{"238833", "724091"}, "2021-04-30", "-0.3494956665"}, {{"1", "0"}, "2021-04-30", std::nullopt}};
    return c;
}

// In the hemtjänst tables the users and hours are split into kommunal and
// privat utförare: the parts must add up to the whole in every month.
CheckDef parts_add_up() {
    CheckDef c;
    c.id = "varav_sum";
    c.description =
        "Where an entered row (one Tertial does not compute) is followed by exactly two 'varav' rows, they add up "
        "to it in every column.";
    c.run = [](const Report& report, const Resolution& res, Diagnostics& d) {
        auto check_table = [&](const Table& t) {
            for (std::size_t r = 0; r + 2 < t.rows.size(); ++r) {
                const auto &whole = t.rows[r], &a = t.rows[r + 1], &b = t.rows[r + 2];
                bool pair = a.kind == RowKind::varav && b.kind == RowKind::varav &&
                            (r + 3 >= t.rows.size() || t.rows[r + 3].kind != RowKind::varav);
                // A computed row is checked by the engine already, waivers and rounding included.
                if (whole.kind == RowKind::varav || !pair || whole.calc) continue;
                for (const auto& col : t.columns) {
                    auto fig = [&](const TableRow& row) { return res.find(t.id + "." + row.id + "." + col.id); };
                    const auto *w = fig(whole), *fa = fig(a), *fb = fig(b);
                    if (!w || !fa || !fb || !w->value || !fa->value || !fb->value) continue;
                    if (!(*fa->value + *fb->value).numerically_equal(*w->value))
                        d.warning("varav_sum", w->pointer,
                                  t.id + ": " + a.label + " + " + b.label + " is " +
                                      format_number(*fa->value + *fb->value, {}, NumberStyle::plain) + " but " +
                                      whole.label + " / " + col.title + " is " + w->text(NumberStyle::plain));
                }
            }
        };
        std::function<void(const Blocks&)> walk = [&](const Blocks& blocks) {
            for (const auto& b : blocks) {
                if (const auto* t = std::get_if<Table>(&b.content)) check_table(*t);
                if (const auto* s = std::get_if<Section>(&b.content)) walk(s->body);
            }
        };
        walk(report.body);
    };
    return c;
}

// Seed 002's structure: the fyramånadersrapport of a socialnämnd.
ReportTemplate tertialrapport() {
    return {ReportKind::tertialrapport,
            {{"Uppdrag och verksamhet", {write_about("Nämndens uppdrag och verksamhetsområden")}, {}},
             {"Ekonomisk uppföljning och prognos",
              {},
              {{"Utfall", {write_about("Resultat per periodens slut och avvikelser mot budget")}, {}},
               {"Prognos", {table_layout_if_given("prognos_per_verksamhet"), write_about("Prognos för helåret och åtgärder")}, {}},
               // The municipality's own driftredovisning: Härnösand's is per month.
               {"Driftredovisning", {table_layout("driftredovisning")}, {}}}},
             {"Volymer",
              {key_figure_table(), write_about("Hemtjänst, särskilt boende, korttid och utskrivningsklara")},
              {}}}};
}

// The delårsrapport: seed 002's follow-up, with the period's events and staff.
ReportTemplate delarsrapport() {
    return {ReportKind::delarsrapport,
            {{"Uppdrag och verksamhet", {write_about("Nämndens uppdrag och verksamhetsområden")}, {}},
             {"Väsentliga händelser under perioden",
              {write_about("Händelser som påverkat äldreomsorgen: smittskydd, platser i särskilt boende, bemanning")},
              {}},
             {"Ekonomisk uppföljning och prognos",
              {},
              {{"Utfall", {write_about("Resultat per periodens slut och avvikelser mot budget")}, {}},
               {"Prognos",
                {table_layout_if_given("prognos_per_verksamhet"), write_about("Prognos för helåret och åtgärder mot ett underskott")},
                {}},
               {"Driftredovisning", {table_layout("driftredovisning")}, {}}}},
             {"Volymer",
              {key_figure_table(), write_about("Hemtjänst, särskilt boende, korttid och utskrivningsklara")},
              {}},
             {"Personal", {write_about("Sjukfrånvaro, bemanning och kompetensförsörjning")}, {}}}};
}

ReportTemplate verksamhetsplan() {
    return {ReportKind::verksamhetsplan,
            {{"Uppdrag och verksamhet", {write_about("Nämndens uppdrag och verksamhetsområden")}, {}},
             {"Mål och aktiviteter", {write_about("Aktiviteter för att nå kommunens mål")}, {}},
             {"Nyckeltal", {key_figure_table()}, {}}}};
}

// The year told after its end, in the order of the follow-up (seed 002).
ReportTemplate verksamhetsberattelse() {
    return {ReportKind::verksamhetsberattelse,
            {{"Uppdrag och verksamhet", {write_about("Nämndens uppdrag och verksamhetsområden")}, {}},
             {"Årets viktigaste händelser", {write_about("Händelser som påverkat äldreomsorgen under året")}, {}},
             {"Mål och måluppfyllelse", {municipality_goals(), write_about("Måluppfyllelse för nämndens mål")}, {}},
             {"Ekonomiskt utfall",
              {},
              {{"Utfall", {write_about("Årets resultat mot budget och orsakerna till avvikelserna")}, {}},
               {"Driftredovisning", {table_layout("driftredovisning")}, {}}}},
             {"Volymer", {key_figure_table(), write_about("Volymerna under året mot föregående år")}, {}},
             {"Framtiden", {write_about("Demografi, bemanning och utmaningar de kommande åren")}, {}}}};
}

// Seed 003's structure, for äldreomsorg and hälso- och sjukvård.
ReportTemplate kvalitetsrapport() {
    return {ReportKind::kvalitetsrapport,
            {{"Inledning", {write_about("Rapportens syfte och källor")}, {}},
             {"Lagstiftning, förordningar, föreskrifter och allmänna råd",
              {write_about("Socialtjänstlagen, hälso- och sjukvårdslagen och Socialstyrelsens föreskrifter")},
              {}},
             {"Klagomål och synpunkter, Lex Sarah och Lex Maria",
              {write_about("Klagomål, synpunkter och rapporter enligt Lex Sarah och Lex Maria per år")},
              {}},
             {"Avvikelser", {write_about("Avvikelser i vård och omsorg: fall, läkemedel, bristande omsorg")}, {}},
             {"Ej verkställda beslut", {write_about("Ej verkställda beslut per tid sedan beslut och kön")}, {}},
             {"Kvalitetsmått", {key_figure_table(), write_about("Jämförelse med liknande kommuner och riket")}, {}}}};
}

void register_elderly_care(Registrar& r) {
    for (const auto& k : key_figures) r.add_key_figure(k);
    r.add_calculation(riktpunkt());
    r.add_calculation(over_riktpunkt());
    r.add_check(parts_add_up());
    r.add_template(tertialrapport());
    r.add_template(delarsrapport());
    r.add_template(verksamhetsplan());
    r.add_template(verksamhetsberattelse());
    r.add_template(kvalitetsrapport());
}

}  // namespace

TERTIAL_PLUGIN("elderly_care", "committee", "1.0.0",
               "Äldreomsorg: hemtjänst, särskilt boende, korttid, hälso- och sjukvård", register_elderly_care)
