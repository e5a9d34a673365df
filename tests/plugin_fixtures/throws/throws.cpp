// Fixture: register_plugin throws std::runtime_error("kaputt") after registering a check whose code lives in the plugin.
#include <tertial/plugin.hpp>

#include <stdexcept>
#include <string>

namespace {

using namespace tertial;

void register_throws(Registrar& r) {
    r.add_key_figure({"throws_antal", "Antal", Unit::antal, {0}, {}, std::nullopt, "Registered before the throw."});
    // The host must destroy this (its captured string, its manager code)
    // before it unloads the library.
    std::string note(100, 'x');
    r.add_check({"never_run", "Registered before the throw.", [note](const Report&, const Resolution&, Diagnostics& d) {
                     d.warning("never_run", "", note);
                 }});
    throw std::runtime_error("kaputt");
}

}  // namespace

TERTIAL_PLUGIN("throws", "committee", "1.0.0", "Fixture: register_plugin throws std::runtime_error", register_throws)
