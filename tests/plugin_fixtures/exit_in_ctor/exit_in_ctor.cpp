// Fixture: a static constructor that ends the process with exit(0) while the library is being loaded.
#include <tertial/plugin.hpp>

#include <cstdlib>

namespace {
void register_exit_in_ctor(tertial::Registrar&) {}

[[maybe_unused]] const bool exited = (std::exit(0), true);
}  // namespace

TERTIAL_PLUGIN("exit_in_ctor", "committee", "1.0.0", "Fixture: exits in a static constructor", register_exit_in_ctor)
