// Fixture: a documented calculation without a worked example.
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_calc_no_examples(Registrar& r) {
    CalculationDef c;
    c.name = "halva";
    c.doc = "halva(antal): half of it, rounded to one decimal.";
    c.inputs = {Unit::antal};
    c.output = Unit::antal;
    c.compute = [](const std::vector<Decimal>& a, const CalculationContext&) -> std::optional<Decimal> {
        return a[0].divide(Decimal::from_int(2), 1);
    };
    r.add_calculation(std::move(c));
}

}  // namespace

TERTIAL_PLUGIN("calc_no_examples", "committee", "1.0.0", "Fixture: a calculation without a worked example", register_calc_no_examples)
