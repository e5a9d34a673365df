// Fixture: a municipality plugin that never says which municipality it is (no set_municipality).
#include <tertial/plugin.hpp>

namespace {

void register_no_municipality(tertial::Registrar& r) {
    r.add_goal({"mal1", "Ett mål utan kommun"});
}

}  // namespace

TERTIAL_PLUGIN("no_municipality", "municipality", "1.0.0", "Fixture: a municipality plugin without its municipality",
               register_no_municipality)
