// Fixture: a committee plugin that tries to set a house style (only municipality plugins may).
#include <tertial/plugin.hpp>

namespace {

void register_house_style(tertial::Registrar& r) {
    tertial::HouseStyle style;
    style.font_family = "Liberation Serif";
    r.set_house_style(style);
}

}  // namespace

TERTIAL_PLUGIN("house_style", "committee", "1.0.0", "Fixture: a committee plugin with a house style", register_house_style)
