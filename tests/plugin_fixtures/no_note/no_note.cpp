// Fixture: a complete entry and alias, but no API version note, as a plugin built with a plugin.hpp older than the note has; the host must refuse it before loading it.
#include <tertial/plugin.hpp>

#include <stdexcept>

namespace {
void register_no_note(tertial::Registrar&) { throw std::runtime_error("register_plugin of no_note was called"); }

const tertial::PluginEntry entry{tertial::plugin_api_version, "no_note", "committee", "1.0.0", "Fixture: no API note",
                                 register_no_note};
}  // namespace

BOOST_DLL_ALIAS(entry, tertial_plugin)
