// Fixture: exports a function named tertial_plugin instead of the alias.
#include <tertial/plugin.hpp>

TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)

extern "C" BOOST_SYMBOL_EXPORT void tertial_plugin(tertial::Registrar&) {}
