// The seam between libtertial_pdf and its emit module beside it,
// libtertial_pdf_emit.so: the PDF writer and reader, which link PoDoFo and
// the twenty libraries it brings. One C symbol returns the module's
// functions; both sides are built from this tree together.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tertial/pdf/display.hpp"
#include "tertial/pdf/image.hpp"

namespace tertial::pdf::emit_detail {

struct EmitModule {
    int version;  // emit_module_version, so a module from another build is refused
    std::string (*emit_copy)(const Document& document, const EmitOptions& options);
    std::string (*emit_given)(Document&& document, const EmitOptions& options);
    std::optional<std::string> (*read_attachment)(const std::string& pdf_bytes, const std::string& name);
    ImageInfo (*inspect_image)(std::string_view data);
};

// Raised whenever the functions or their types change.
inline constexpr int emit_module_version = 1;
inline constexpr const char* emit_module_file = "libtertial_pdf_emit.so";
inline constexpr const char* emit_module_symbol = "tertial_pdf_emit_module";

// The module's own definitions, which the table holds (named apart from
// the public functions in libtertial_pdf that call through it).
std::string module_emit_pdf(const Document& document, const EmitOptions& options);
std::string module_emit_pdf(Document&& document, const EmitOptions& options);
std::optional<std::string> module_read_attachment(const std::string& pdf_bytes, const std::string& name);
ImageInfo module_inspect_image(std::string_view data);

}  // namespace tertial::pdf::emit_detail

extern "C" const tertial::pdf::emit_detail::EmitModule* tertial_pdf_emit_module();
