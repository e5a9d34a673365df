// emit_pdf(), read_attachment() and inspect_image(): the emit module
// (libtertial_pdf_emit.so), loaded from the directory of this library the
// first time one is needed, or before (load_emit_module(), and
// preload_emit_module() on a thread of its own).
#include "emit_module.hpp"

#include <cstdlib>
#include <mutex>
#include <system_error>

#include "module_loader.hpp"
#include "threads.hpp"
#include "tertial/pdf/embedded.hpp"

namespace tertial::pdf {
namespace {

using emit_detail::EmitModule;

const EmitModule& module() {
    using namespace emit_detail;
    return module_detail::once<EmitModule>(emit_module_file, emit_module_symbol, emit_module_version, "PDF writer module");
}

// Never destroyed, as preload_emit_module()'s thread may still be loading
// at exit: the exit handler waits for it, so the process never ends while
// the loader maps the module.
Handover& module_loading() {
    static auto* loading = new Handover;
    return *loading;
}

}  // namespace

void load_emit_module() { module(); }

bool emit_module_loading() { return module_loading().pending(); }

void preload_emit_module() {
    static std::once_flag started;
    std::call_once(started, [] {
        module_loading().start();
        try {
            start_beside(Beside::at_start, [] {
                try {
                    module();
                } catch (const std::exception&) {
                    // Said, and thrown, by the first call that needs the module.
                }
                module_loading().finish();
            }).detach();
        } catch (const std::system_error&) {
            module_loading().finish();  // no thread to be had: loaded when first needed
            return;
        }
        std::atexit([] { module_loading().wait(); });
    });
}

std::string emit_pdf(const Document& document, const EmitOptions& options) {
    return module().emit_copy(document, options);
}

std::string emit_pdf(Document&& document, const EmitOptions& options) {
    return module().emit_given(std::move(document), options);
}

std::optional<std::string> read_attachment(const std::string& pdf_bytes, const std::string& name) {
    return module().read_attachment(pdf_bytes, name);
}

ImageInfo inspect_image(std::string_view data) { return module().inspect_image(data); }

}  // namespace tertial::pdf
