// Fixture: a rollover rule that throws; rollover must report it with the plugin's and the rule's name and write
// nothing.
#include <tertial/plugin.hpp>

#include <stdexcept>

namespace {

using namespace tertial;

void register_rollover_throws(Registrar& r) {
    RolloverRuleDef rule;
    rule.id = "kastar";
    rule.description = "Throws on every report";
    rule.apply = [](Report&, RolloverContext&) { throw std::runtime_error("kaputt"); };
    r.add_rollover_rule(std::move(rule));
}

}  // namespace

TERTIAL_PLUGIN("rollover_throws", "committee", "1.0.0", "Fixture: a rollover rule that throws",
               register_rollover_throws)
