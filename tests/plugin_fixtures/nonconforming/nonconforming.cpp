// Fixture: a municipality plugin the host loads, which the conformance suite
// fails: a calculation whose example is wrong, a two-line description, a
// colour that is no colour, a committee plugin that does not exist, a key
// figure without a description.
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_nonconforming(Registrar& r) {
    r.set_municipality({"Avvikarby kommun", "9998"});
    r.add_committee({"no_such_committee", {"Socialnämnden", "SN"}, "Socialförvaltningen"});
    HouseStyle style;
    style.font_family = "Liberation Sans";
    style.primary_colour = "blue";
    r.set_house_style(style);

    KeyFigureDef k;
    k.id = "nc.andel";
    k.name = "Andel";
    k.unit = Unit::percent;
    r.add_key_figure(k);

    CalculationDef c;
    c.name = "halv";
    c.doc = "halv(x): half of x";
    c.inputs = {Unit::tkr};
    c.output = Unit::tkr;
    c.compute = [](const std::vector<Decimal>& args, const CalculationContext&) -> std::optional<Decimal> {
        return args.at(0).divide(Decimal::from_int(2), 0);
    };
    c.examples = {{{"10"}, "2021-04-30", "6"}};
    r.add_calculation(std::move(c));
}

}  // namespace

TERTIAL_PLUGIN("nonconforming", "municipality", "1.0.0", "Fixture: a plugin that loads\nbut does not conform",
               register_nonconforming)
