// Fixture: a rollover rule without an apply function; the host must refuse the plugin.
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_rollover_no_apply(Registrar& r) {
    RolloverRuleDef rule;
    rule.id = "tom";
    rule.description = "A rule that does nothing, because it has no function";
    r.add_rollover_rule(std::move(rule));
}

}  // namespace

TERTIAL_PLUGIN("rollover_no_apply", "committee", "1.0.0", "Fixture: a rollover rule without a function",
               register_rollover_no_apply)
