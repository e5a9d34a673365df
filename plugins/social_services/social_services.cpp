// Individ- och familjeomsorg (IFO): key figures, calculations, checks and report templates.
#include <tertial/plugin.hpp>
#include <tertial/resolve.hpp>

#include <string>

namespace {

using namespace tertial;

// The IFO key figures the seeds report (000, 001, 003), as Kolada words them.
KeyFigureDef key_figures[] = {
    {"ifo_ekb_andel_invanare", "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)", Unit::percent, {1}, {}, false,
     "Share of the population that received ekonomiskt bistånd during the year."},
    {"ifo_ekb_langvarigt", "Invånare med långvarigt ekonomiskt bistånd, andel (%)", Unit::percent, {1}, {}, false,
     "Ten months or more of ekonomiskt bistånd during the year."},
    {"ifo_ekb_ej_aterkommit", "Vuxna biståndsmottagare som inte återkommit inom ett år efter avslutat bistånd, andel (%)", Unit::percent, {0},
     {}, true, "Återaktualisering, ekonomiskt bistånd: the share that did not return within a year."},
    {"ifo_ungdom_ej_aterkommit", "Ungdomar med insats som inte återkommit inom ett år efter avslutad insats, andel (%)", Unit::percent, {0},
     {}, true, "Återaktualisering, ungdomar 13–20 år."},
    {"ifo_barn_ej_aterkommit", "Barn 0–12 år med insats som inte återkommit inom ett år efter avslutad insats, andel (%)", Unit::percent,
     {0}, {}, true, "Återaktualisering, barn 0–12 år."},
    {"ifo_vuxna_missbruk_ej_aterkommit", "Vuxna med missbruksproblem som inte återkommit inom ett år efter avslutad insats, andel (%)",
     Unit::percent, {0}, {}, true, "Återaktualisering, vuxna med missbruksproblem."},
    {"ifo_utredningstid_barn", "Handläggningstid från inledd utredning till beslut, barn och unga 0–20 år, medelvärde (dagar)", Unit::dagar,
     {0}, {}, false, "Utredningstid in barnavården."},
    {"ifo_vantetid_ekb", "Väntetid i antal dagar från ansökningsdatum till beslut inom försörjningsstöd, medelvärde (dagar)", Unit::dagar,
     {0}, {}, false, "Väntetid försörjningsstöd."},
    {"ifo_kostnad_per_invanare", "Kostnad individ- och familjeomsorg (kr/inv)", Unit::kr_per_inv, {0}, {}, std::nullopt,
     "Kostnad IFO per invånare."},
    {"ifo_orosanmalningar", "Orosanmälningar som inkommit till socialtjänsten (antal)", Unit::antal, {0}, {}, std::nullopt,
     "Orosanmälningar about children and young people."},
    {"ifo_ej_verkstallda", "Ej verkställda beslut äldre än tre månader (antal)", Unit::antal, {0}, {}, false,
     "Beslut enligt SoL not carried out within three months, as reported to IVO."},
};

// Ekonomiskt bistånd per household and month: what one household received
// on average in a month, the figure controllers compare across years.
CalculationDef per_household_month() {
    CalculationDef c;
    c.name = "ekb_per_hushall_manad";
    c.doc = "ekb_per_hushall_manad(utbetalt kr, hushåll antal, månader antal): utbetalt ekonomiskt bistånd per hushåll och "
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

// Key figures in per cent must lie between 0 and 100, days and counts must
// not be negative: a typo here is otherwise printed as fact.
CheckDef key_figure_ranges() {
    CheckDef c;
    c.id = "key_figure_range";
    c.description = "Key figures in % lie in 0–100; days and counts are not negative.";
    c.run = [](const Report&, const Resolution& res, Diagnostics& d) {
        for (const auto& def : key_figures) {
            const ResolvedFigure* f = res.find(def.id);
            if (!f || !f->value) continue;
            bool negative = f->value->is_negative();
            bool over = def.unit == Unit::percent && f->value->cmp(Decimal::from_int(100)) > 0;
            if (negative || over)
                d.error("key_figure_range", f->pointer,
                        def.name + " is " + f->text(NumberStyle::plain) + (over ? ", more than 100 %" : ", below zero"));
        }
    };
    return c;
}

TemplateItem text(const char* what) { return {TemplateItem::Kind::text, what, {}, std::nullopt}; }
TemplateItem goals() { return {TemplateItem::Kind::goals, "", {}, std::nullopt}; }
TemplateItem layout(const char* name) { return {TemplateItem::Kind::layout, name, {}, std::nullopt}; }
TemplateItem all_key_figures() { return {TemplateItem::Kind::key_figures, "", {}, std::nullopt}; }

// Seed 000's structure: the tertialrapport of an IFO committee.
ReportTemplate tertialrapport() {
    return {ReportKind::tertialrapport,
            {
                {"Nämndens ansvarsområde", {text("Beskriv nämndens ansvarsområde")}, {}},
                {"Förvaltningschefen har ordet",
                 {text("Förvaltningens verksamheter hittills under året"), text("Utmaningar och framtidsperspektiv")},
                 {}},
                {"Kommunövergripande mål och uppdrag", {goals()}, {}},
                {"Nyckeltal och verksamhetsutveckling", {all_key_figures(), text("Kommentera nyckeltalen")}, {}},
                {"Ekonomi",
                 {},
                 {{"Driftsredovisning", {layout("driftredovisning"), text("Kommentera utfall och prognos")}, {}},
                  {"Effektiviseringar, besparingar och intäktsökningar", {text("Redovisa effektiviseringarna")}, {}},
                  {"Investeringar", {text("Redovisa investeringarna")}, {}}}},
            }};
}

// Seed 001's structure: the verksamhetsplan med budget.
ReportTemplate verksamhetsplan() {
    return {ReportKind::verksamhetsplan,
            {
                {"Nämndens ansvarsområde", {text("Beskriv nämndens ansvarsområde, målgrupper och lagstiftning")}, {}},
                {"Nämndsordförande har ordet", {text("Ordförandens inledning")}, {}},
                {"Kommunövergripande mål och uppdrag", {goals()}, {}},
                {"Nyckeltal", {all_key_figures()}, {}},
                {"Ekonomi", {text("Budget och plan, effektiviseringar och investeringar")}, {}},
            }};
}

// Seed 003's structure: the annual kvalitetsrapport.
ReportTemplate kvalitetsrapport() {
    return {ReportKind::kvalitetsrapport,
            {
                {"Inledning", {text("Rapportens syfte och källor")}, {}},
                {"Lagstiftning, förordningar, föreskrifter och allmänna råd", {text("Förteckning över styrande lagstiftning")}, {}},
                {"Klagomål och synpunkter, Lex Sarah", {text("Klagomål, synpunkter och rapporter enligt Lex Sarah per år")}, {}},
                {"Ej verkställda beslut", {text("Ej verkställda beslut per tid sedan beslut och kön")}, {}},
                {"Kvalitetsmått", {all_key_figures(), text("Jämförelse med liknande kommuner och riket")}, {}},
            }};
}

void register_social_services(Registrar& r) {
    for (const auto& k : key_figures) r.add_key_figure(k);
    r.add_calculation(per_household_month());
    r.add_check(key_figure_ranges());
    r.add_template(tertialrapport());
    r.add_template(verksamhetsplan());
    r.add_template(kvalitetsrapport());
}

}  // namespace

TERTIAL_PLUGIN("social_services", "committee", "1.0.0", "Individ- och familjeomsorg: ekonomiskt bistånd, placeringar, barn och unga",
               register_social_services)
