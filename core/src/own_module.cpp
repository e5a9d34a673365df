#include "tertial/own_module.hpp"

#include <dlfcn.h>

namespace tertial {

const void* open_own_module(const std::string& path, const char* symbol) {
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = ::dlerror();
        std::string why = error ? error : "unknown error";
        if (why.starts_with(path + ": ")) why.erase(0, path.size() + 2);  // the caller names the file
        throw std::runtime_error(why);
    }
    auto entry = reinterpret_cast<const void* (*)()>(::dlsym(handle, symbol));
    if (!entry) throw std::runtime_error(std::string("it has no ") + symbol);
    return entry();
}

}  // namespace tertial
