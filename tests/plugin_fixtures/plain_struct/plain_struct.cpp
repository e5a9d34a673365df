// Fixture: exports a tertial::PluginEntry itself under the alias's name, not the pointer to one that TERTIAL_PLUGIN makes; the host must refuse it before loading it (reading the struct's first bytes as a pointer crashed).
#include <tertial/plugin.hpp>

#include <stdexcept>

namespace {
void register_plain_struct(tertial::Registrar&) { throw std::runtime_error("register_plugin of plain_struct was called"); }
}  // namespace

TERTIAL_PLUGIN_API_NOTE(::tertial::plugin_api_version)

extern "C" BOOST_SYMBOL_EXPORT const tertial::PluginEntry tertial_plugin{
    tertial::plugin_api_version, "plain_struct", "committee", "1.0.0", "Fixture: a struct exported as the alias",
    register_plain_struct};
