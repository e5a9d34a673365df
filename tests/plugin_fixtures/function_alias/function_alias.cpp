// Fixture: the alias made with BOOST_DLL_ALIAS, but pointing at the register function instead of a PluginEntry.
#include <tertial/plugin.hpp>

#include <stdexcept>

namespace {
void register_function_alias(tertial::Registrar&) { throw std::runtime_error("register_plugin of function_alias was called"); }
}  // namespace

TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)
BOOST_DLL_ALIAS(register_function_alias, tertial_plugin)
