// Fixture: register_plugin throws something that is not a std::exception.
#include <tertial/plugin.hpp>

namespace {

struct NotAStdException {
    int code;
};

void register_throws_other(tertial::Registrar&) { throw NotAStdException{42}; }

}  // namespace

TERTIAL_PLUGIN("throws_other", "committee", "1.0.0", "Fixture: register_plugin throws a non-std exception", register_throws_other)
