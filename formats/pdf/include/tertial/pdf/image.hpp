// Pictures the PDF writer accepts (the house style's logo): a PNG, or a
// one-page PDF drawn as vector art. Checked when they are read, before any
// report is laid out, so a bad file is refused with what is wrong with it.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace tertial::pdf {

// What is wrong with an image file, in words a plugin author can act on.
struct ImageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class ImageFormat { png, pdf };

struct ImageInfo {
    ImageFormat format = ImageFormat::png;
    double width = 0, height = 0;  // PNG: pixels; PDF: the page's box in points
};

// A logo is small: larger files are refused rather than embedded.
inline constexpr std::size_t max_image_bytes = 2 * 1024 * 1024;
inline constexpr unsigned max_image_pixels_per_side = 6000;

// The image's format and size. Throws ImageError for a file that is empty,
// too large, neither PNG nor PDF, damaged, an encrypted PDF, a PDF with
// other than one page, or a PDF whose page uses a font it does not embed
// (PDF/A needs every font embedded) or is tagged (its marked content
// would be read as part of the report).
ImageInfo inspect_image(std::string_view data);

}  // namespace tertial::pdf
