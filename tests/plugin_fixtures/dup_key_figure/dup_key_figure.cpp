// Fixture: one plugin registers the same key figure id twice.
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_dup_key_figure(Registrar& r) {
    r.add_key_figure({"dup_antal", "Antal", Unit::antal, {0}, {}, std::nullopt, "First registration."});
    r.add_key_figure({"dup_antal", "Antal igen", Unit::antal, {0}, {}, std::nullopt, "Second registration of the same id."});
}

}  // namespace

TERTIAL_PLUGIN("dup_key_figure", "committee", "1.0.0", "Fixture: a key figure id registered twice", register_dup_key_figure)
