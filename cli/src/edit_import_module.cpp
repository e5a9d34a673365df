// edit_import_module(): libtertial_edit_import.so, loaded from the directory
// of libtertial_core.so the first time `edit` or `import` needs it.
#include "edit_import_module.hpp"

#include <dlfcn.h>
#include <limits.h>

#include <filesystem>
#include <mutex>

#include "tertial/own_module.hpp"

namespace tertial::cli {
namespace {

// The directory the dynamic loader found libtertial_core.so in (through the
// run path: ".../bin/../lib" in the build tree and installed alike).
std::string module_path() {
    void* core = ::dlopen("libtertial_core.so", RTLD_LAZY | RTLD_NOLOAD);
    char origin[PATH_MAX + 1] = {};
    bool found = core && ::dlinfo(core, RTLD_DI_ORIGIN, origin) == 0;
    if (core) ::dlclose(core);  // only the reference NOLOAD took
    if (!found) throw ModuleError("cannot find where Tertial's libraries are installed");
    return (std::filesystem::path(origin) / edit_import_module_file).lexically_normal().string();
}

const EditImportModule* load() {
    const std::string path = module_path();
    auto failed = [&](const std::string& why) {
        return ModuleError("cannot load Tertial's edit and import module " + path + ": " + why + " (reinstall Tertial)");
    };
    const EditImportModule* module = nullptr;
    try {
        module = static_cast<const EditImportModule*>(open_own_module(path, edit_import_module_symbol));
    } catch (const std::runtime_error& e) {
        throw failed(e.what());
    }
    if (!module || module->version != edit_import_module_version || module->layout != edit_import_module_layout())
        throw failed("it is from another build of Tertial");
    return module;
}

}  // namespace

ModuleError::~ModuleError() = default;

const EditImportModule& edit_import_module() {
    static std::mutex mutex;
    static const EditImportModule* loaded = nullptr;
    std::lock_guard lock(mutex);
    if (!loaded) loaded = load();  // a failure is reported again at the next call
    return *loaded;
}

}  // namespace tertial::cli
