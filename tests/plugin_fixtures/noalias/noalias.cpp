// Fixture: a shared library named like a plugin (tertial_plugin_noalias.so) that exports no tertial_plugin alias.
extern "C" __attribute__((visibility("default"))) int tertial_fixture_noalias() { return 42; }
