// Fixture: a plugin built for plugin API version 999, written without TERTIAL_PLUGIN, with a static constructor that aborts; the host must refuse it from its note, without loading it.
#include <tertial/plugin.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace {

// Never called: the host reads the version first and stops there.
void register_wrong_version(tertial::Registrar&) { throw std::runtime_error("register_plugin of a wrong-version plugin was called"); }

const tertial::PluginEntry entry{999, "wrong_version", "committee", "9.9.9", "Fixture: built for a future plugin API",
                                 register_wrong_version};

// Never run either: the version is read from the file, before dlopen.
const bool constructed = [] {
    std::fputs("static constructor of wrong_version ran\n", stderr);
    std::abort();
    return true;
}();

}  // namespace

TERTIAL_PLUGIN_API_NOTE(999)
BOOST_DLL_ALIAS(entry, tertial_plugin)
