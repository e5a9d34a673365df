// Fixture: exports a pointer-sized integer (2) under the alias's name; it looks like the alias in the file, so the host must refuse it once loaded, by where it points, without reading there.
#include <tertial/plugin.hpp>

TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)

extern "C" BOOST_SYMBOL_EXPORT const std::uint64_t tertial_plugin = 2;
