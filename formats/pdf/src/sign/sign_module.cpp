// parse_signed_pdf() and sign_pdf(): the libqpdf module, loaded from the
// directory of this library the first time either is called.
#include "sign_module.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace tertial::pdf {
namespace {

using sign_detail::QpdfModule;

std::string module_path() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<const void*>(&load_signature_module), &info) == 0 || !info.dli_fname)
        throw std::runtime_error("cannot find where Tertial's libraries are installed");
    // Loaded through the run path, it is ".../bin/../lib/libtertial_pdf.so".
    return (std::filesystem::path(info.dli_fname).parent_path() / sign_detail::qpdf_module_file)
        .lexically_normal()
        .string();
}

const QpdfModule* load() {
    const std::string path = module_path();
    auto failed = [&](const std::string& why) {
        return ModuleError("cannot load Tertial's PDF signature module " + path + ": " + why + " (reinstall Tertial)");
    };
    // Never unloaded: what it made may live until the process ends.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = ::dlerror();
        std::string why = error ? error : "unknown error";
        if (why.starts_with(path + ": ")) why.erase(0, path.size() + 2);  // the file is named already
        throw failed(why);
    }
    auto entry = reinterpret_cast<const QpdfModule* (*)()>(::dlsym(handle, sign_detail::qpdf_module_symbol));
    if (!entry) throw failed(std::string("it has no ") + sign_detail::qpdf_module_symbol);
    const QpdfModule* module = entry();
    if (!module || module->version != sign_detail::qpdf_module_version)
        throw failed("it is from another version of Tertial");
    return module;
}

const QpdfModule& module() {
    static std::mutex mutex;
    static const QpdfModule* loaded = nullptr;
    std::lock_guard lock(mutex);
    if (!loaded) loaded = load();  // a failure is reported again at the next call
    return *loaded;
}

}  // namespace

ModuleError::~ModuleError() = default;

void load_signature_module() {
    module();
}

ParsedPdf parse_signed_pdf(const std::string& bytes) {
    return module().parse_signed_pdf(bytes);
}

std::vector<std::string> pdf_differences(const std::string& expected, const std::string& actual) {
    return module().pdf_differences(expected, actual);
}

std::string sign_pdf(const std::string& pdf, const SignRequest& request, const Credentials& credentials) {
    return module().sign_pdf(pdf, request, credentials);
}

std::string add_validation_data(const std::string& pdf, const ValidationData& data) {
    return module().add_validation_data(pdf, data);
}

}  // namespace tertial::pdf
