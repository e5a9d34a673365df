// Loading libtertial_pdf's modules, the shared libraries beside it: the
// signature modules (sign/sign_module.cpp) and the PDF writer's
// (emit/emit_module.cpp).
#pragma once

#include <mutex>
#include <string>

#include "tertial/own_module.hpp"
#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::module_detail {

// The path of module `file` beside libtertial_pdf.so.
std::string module_path(const char* file);

// The table `symbol` of the module `file` returns; `what` names the module
// in messages.
template <class Module>
const Module* load(const char* file, const char* symbol, int version, const char* what) {
    const std::string path = module_path(file);
    auto failed = [&](const std::string& why) {
        return ModuleError(std::string("cannot load Tertial's ") + what + " " + path + ": " + why + " (reinstall Tertial)");
    };
    const Module* module = nullptr;
    try {
        module = static_cast<const Module*>(open_own_module(path, symbol));
    } catch (const std::runtime_error& e) {
        throw failed(e.what());
    }
    if (!module || module->version != version) throw failed("it is from another version of Tertial");
    return module;
}

template <class Module>
const Module& once(const char* file, const char* symbol, int version, const char* what) {
    static std::mutex mutex;
    static const Module* loaded = nullptr;
    std::lock_guard lock(mutex);
    if (!loaded) loaded = load<Module>(file, symbol, version, what);  // a failure is reported again at the next call
    return *loaded;
}

}  // namespace tertial::pdf::module_detail
