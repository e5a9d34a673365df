// Compression and digests the PDF needs, apart from PoDoFo: libtertial_pdf
// packs a report's source for embedding with them before the emit module
// (libtertial_pdf_emit.so, which links PoDoFo) is loaded, and the module
// uses them for every stream.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace tertial::pdf::emit_detail {

std::array<unsigned char, 16> md5(std::string_view data);

// Flate in zlib format, by libdeflate (faster than zlib and, at the same
// speed, smaller), at level 6 for every stream: level 1 or 4 would save
// 1.4 or 0.6 ms of seed 000 for a file 8 or 3.8 % larger, level 9 0.3 %
// for a second compressor's 0.4 MB (bench/issue-21-*.md).
std::string deflate(std::string_view data);

// `packed` (deflate()'s) back as the `size` bytes it was made of.
std::string inflate(std::string_view packed, std::size_t size);

}  // namespace tertial::pdf::emit_detail
