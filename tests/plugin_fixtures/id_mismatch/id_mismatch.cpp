// Fixture: tertial_plugin_id_mismatch.so declares another id than its file name.
#include <tertial/plugin.hpp>

namespace {

void register_something_else(tertial::Registrar&) {}

}  // namespace

TERTIAL_PLUGIN("something_else", "committee", "1.0.0", "Fixture: the id does not match the file name", register_something_else)
