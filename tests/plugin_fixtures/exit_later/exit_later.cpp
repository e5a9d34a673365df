// Fixture: registers cleanly, but its calculation, check and rollover rule each end the process with exit(0).
#include <tertial/plugin.hpp>

#include <cstdlib>

namespace {
void register_exit_later(tertial::Registrar& r) {
    tertial::CalculationDef c;
    c.name = "exit_now";
    c.doc = "exit_now(): ends the process";
    c.output = tertial::Unit::antal;
    c.compute = [](const std::vector<tertial::Decimal>&, const tertial::CalculationContext&) -> std::optional<tertial::Decimal> {
        std::exit(0);
    };
    c.examples = {{{}, "2021-04-30", "1"}};
    r.add_calculation(std::move(c));
    r.add_check({"exits", "Ends the process", [](const tertial::Report&, const tertial::Resolution&, tertial::Diagnostics&) {
                     std::exit(0);
                 }});
    r.add_rollover_rule({"exits", "Ends the process", [](tertial::Report&, tertial::RolloverContext&) { std::exit(0); }});
}
}  // namespace

TERTIAL_PLUGIN("exit_later", "committee", "1.0.0", "Fixture: exits in its calculation, check and rollover rule", register_exit_later)
