// Fixture: a key figure whose id is already in a real plugin's catalogue (social_services).
#include <tertial/plugin.hpp>

namespace {

using namespace tertial;

void register_clash(Registrar& r) {
    r.add_key_figure({"ifo_kostnad_per_invanare", "Kostnad IFO (kr/inv)", Unit::kr_per_inv, {0}, {}, std::nullopt,
                      "The same id as social_services' key figure."});
}

}  // namespace

TERTIAL_PLUGIN("clash", "committee", "1.0.0", "Fixture: a key figure id that social_services already has", register_clash)
