// Fixture: the alias points into the plugin's read-only data, but one byte past an aligned array: a PluginEntry can never
// start there, so the host must refuse it by its address without reading it as one.
#include <tertial/plugin.hpp>

TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)

namespace {
alignas(16) const unsigned char entry_bytes[2 * sizeof(tertial::PluginEntry)] = {1};
}  // namespace

extern "C" BOOST_SYMBOL_EXPORT const void* const tertial_plugin = entry_bytes + 1;
