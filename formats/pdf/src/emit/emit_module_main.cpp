// The emit module's table (emit_module.hpp).
#include "emit_module.hpp"

extern "C" __attribute__((visibility("default"))) const tertial::pdf::emit_detail::EmitModule* tertial_pdf_emit_module() {
    using namespace tertial::pdf;
    using namespace tertial::pdf::emit_detail;
    static const EmitModule module{
        emit_module_version,
        [](const Document& d, const EmitOptions& o) { return module_emit_pdf(d, o); },
        [](Document&& d, const EmitOptions& o) { return module_emit_pdf(std::move(d), o); },
        module_read_attachment,
        module_inspect_image,
    };
    return &module;
}
