// Fixture: a manifest with no version, no description and no register function.
#include <tertial/plugin.hpp>

TERTIAL_PLUGIN("bare_manifest", "committee", "", "", nullptr)
