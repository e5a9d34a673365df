// Fixture: a register function that ends the process with exit(0); the host must not let that pass for success.
#include <tertial/plugin.hpp>

#include <cstdlib>

namespace {
void register_exit_in_register(tertial::Registrar&) { std::exit(0); }
}  // namespace

TERTIAL_PLUGIN("exit_in_register", "committee", "1.0.0", "Fixture: exits while registering", register_exit_in_register)
