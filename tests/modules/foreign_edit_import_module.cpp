// A stand-in for libtertial_edit_import.so from another build of Tertial:
// the right entry point, a table of another version and no functions.
// cli_test checks that `import` refuses it before calling anything.
#include "edit_import_module.hpp"

extern "C" __attribute__((visibility("default"))) const tertial::cli::EditImportModule* tertial_edit_import_module() {
    static const tertial::cli::EditImportModule module = [] {
        tertial::cli::EditImportModule m{};
        m.version = tertial::cli::edit_import_module_version + 1;
        return m;
    }();
    return &module;
}
