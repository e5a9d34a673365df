// Fixture: a plugin built for plugin API version 999, written without TERTIAL_PLUGIN; the host must refuse it unread.
#include <tertial/plugin.hpp>

#include <stdexcept>

namespace {

// Never called: the host reads the version first and stops there.
void register_wrong_version(tertial::Registrar&) { throw std::runtime_error("register_plugin of a wrong-version plugin was called"); }

const tertial::PluginEntry entry{999, "wrong_version", "committee", "9.9.9", "Fixture: built for a future plugin API",
                                 register_wrong_version};

}  // namespace

BOOST_DLL_ALIAS(entry, tertial_plugin)
