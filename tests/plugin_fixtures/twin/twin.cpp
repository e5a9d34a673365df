// Fixture: a valid, empty committee plugin, built into two directories (twin_a, twin_b) so the same id is found twice.
#include <tertial/plugin.hpp>

namespace {

void register_twin(tertial::Registrar&) {}

}  // namespace

TERTIAL_PLUGIN("twin", "committee", "1.0.0", "Fixture: the same plugin id in two directories", register_twin)
