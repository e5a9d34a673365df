// Fixture: a calculation without documentation (it has a worked example).
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_calc_no_doc(Registrar& r) {
    CalculationDef c;
    c.name = "dubbel";
    c.inputs = {Unit::antal};
    c.output = Unit::antal;
    c.compute = [](const std::vector<Decimal>& a, const CalculationContext&) -> std::optional<Decimal> { return a[0] + a[0]; };
    c.examples = {{{"2"}, "2021-04-30", "4"}};
    r.add_calculation(std::move(c));
}

}  // namespace

TERTIAL_PLUGIN("calc_no_doc", "committee", "1.0.0", "Fixture: an undocumented calculation", register_calc_no_doc)
