// Härnösands kommun: its socialnämnd, monthly follow-up table and house style (seed 002).
#include <tertial/plugin.hpp>

#include <string>

namespace {

using namespace tertial;

// "Sammanställning över intäkter och kostnader per månad" (seed 002), tkr;
// costs are negative, so the net is income plus costs.
std::vector<TableRow> monthly_rows() {
    return layout_rows({
        {"intakter", "INTÄKTER", RowKind::heading},
        {"bidrag", "Bidrag"},
        {"skattemedel", "Skattemedel"},
        {"ovriga_intakter", "Övriga intäkter"},
        {"summa_intakter", "Summa intäkter", RowKind::total, "sum(bidrag..ovriga_intakter)"},
        {"kostnader", "KOSTNADER", RowKind::heading},
        {"hemtjanst", "Hemtjänst"},
        {"lonekostnader", "Lönekostnader"},
        {"lokaler", "Lokaler"},
        {"forsorjningsstod", "Försörjningsstöd"},
        {"placeringar_ifo", "Placeringar IFO"},
        {"placeringar_oof", "Placeringar OoF"},
        {"personlig_assistans", "Personlig assistans"},
        {"hospice", "Hospice/Utskrivningsklara"},
        {"ovriga_kostnader", "Övriga kostnader"},
        {"summa_kostnader", "Summa kostnader", RowKind::total, "sum(hemtjanst..ovriga_kostnader)"},
        {"nettokostnader", "NETTOKOSTNADER", RowKind::total, "summa_intakter + summa_kostnader"},
    });
};

const char* months[] = {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

Table monthly_table() {
    Table t;
    t.id = "manad";
    t.caption = "Sammanställning över intäkter och kostnader per månad {year}";
    t.unit = Unit::tkr;
    t.columns.push_back({"post", "Tkr", ColumnKind::label, std::nullopt, {}, std::nullopt, std::nullopt, std::nullopt});
    t.columns.push_back({"arsbudget",
                         "Årsbudget",
                         ColumnKind::amount,
                         std::nullopt,
                         {0},
                         std::nullopt,
                         ColumnRole{ColumnRoleType::budget, {}, {}}, std::nullopt});
    for (const char* m : months) {
        std::string title = m;
        title[0] = static_cast<char>(title[0] - 'a' + 'A');
        t.columns.push_back(
            {m, title, ColumnKind::amount, std::nullopt, {0}, std::nullopt, ColumnRole{ColumnRoleType::other, {}, {}}, std::nullopt});
    }
    t.columns.push_back({"summa",
                         "Summa",
                         ColumnKind::amount,
                         std::nullopt,
                         {0},
                         std::string("sum(jan..dec)"),
                         ColumnRole{ColumnRoleType::outcome, {}, {}}, std::nullopt});
    t.columns.push_back({"andel",
                         "%",
                         ColumnKind::amount,
                         Unit::percent,
                         {1},
                         std::string("share(summa, arsbudget)"),
                         ColumnRole{ColumnRoleType::share, {}, {}}, std::nullopt});
    t.rows = monthly_rows();
    return t;
}

// How one month of the socialnämnd's ledger (ansvar 74*, kr, debit
// positive) fills that month's column of the monthly table (tkr, income
// positive and costs negative: every sign turned). Placements are told apart
// by ansvar: 743* individ- och familjeomsorg, 745* omsorg om funktionshindrade;
// what no rule names is "Övriga kostnader". One mapping per month column:
// `--column apr` chooses.
LedgerMapping monthly_mapping(const char* month) {
    LedgerMapping m;
    m.id = std::string("manad_") + month;
    m.description = std::string("Intäkter och kostnader per månad, ") + month + ", från huvudboken (kr) till tkr";
    m.table = "manad";
    m.column = month;
    m.system = "Ekonomisystemet";
    m.unit = Unit::kr;
    m.negate = true;
    m.period = LedgerPeriod::month;
    auto rule = [](const char* row, std::vector<std::string> konto, std::vector<std::string> ansvar = {}) {
        return LedgerRule{row, {std::move(konto), std::move(ansvar), {}}, std::nullopt};
    };
    m.rules = {
        rule("bidrag", {"3500-3599"}),
        rule("skattemedel", {"3990-3999"}),
        rule("ovriga_intakter", {"3000-3499", "3600-3989"}),
        rule("hemtjanst", {"4550-4559"}),
        rule("lonekostnader", {"5*"}),
        rule("lokaler", {"61*"}),
        rule("forsorjningsstod", {"4710-4719"}),
        rule("placeringar_ifo", {"4600-4649"}, {"743*"}),
        rule("placeringar_oof", {"4600-4649"}, {"745*"}),
        rule("personlig_assistans", {"4650-4669"}),
        rule("hospice", {"4670-4679"}),
    };
    m.other_row = "ovriga_kostnader";
    m.excluded = {
        {{{"1*", "2*"}, {}, {}}, "balansräkningens konton (tillgångar, skulder, eget kapital)"},
    };
    return m;
}

void register_harnosand(Registrar& r) {
    r.set_municipality({"Härnösands kommun", "2280"});
    r.add_committee({"social_services", {"Socialnämnden", "SN"}, "Socialförvaltningen"});
    r.add_committee({"elderly_care", {"Socialnämnden", "SN"}, "Socialförvaltningen"});
    // Its driftredovisning is the monthly table: committee templates ask for
    // the municipality's driftredovisning by that name.
    // A new report leaves the months after its period empty.
    r.add_table_layout({"driftredovisning", monthly_table(), {}, {std::begin(months), std::end(months)}});
    for (const char* m : months) r.add_ledger_mapping(monthly_mapping(m));
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "#005A9C";
    style.accent_colour = "#E2001A";
    // A plain stand-in drawn for Tertial (plugins/stand_in_logos.py), not
    // Härnösands kommun's real logo, which we have no right to use. Vector
    // art as a one-page PDF, installed beside this plugin (CMakeLists.txt).
    style.logo_file = "harnosand-logo.pdf";
    style.header_left = "{committee}  {title}";
    style.header_right = "{page} [{pages}]";
    style.footer_left = "";
    style.footer_right = "";
    r.set_house_style(style);
}

}  // namespace

TERTIAL_PLUGIN("harnosand", "municipality", "1.0.0", "Härnösands kommun (SCB 2280)", register_harnosand)
