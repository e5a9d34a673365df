// Fixture: a plugin whose kind is neither "committee" nor "municipality".
#include <tertial/plugin.hpp>

namespace {

void register_bad_kind(tertial::Registrar&) {}

}  // namespace

TERTIAL_PLUGIN("bad_kind", "county", "1.0.0", "Fixture: an unknown plugin kind", register_bad_kind)
