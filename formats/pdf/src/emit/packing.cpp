// md5(), deflate() and inflate(): Nettle and libdeflate, no PoDoFo.
#include "packing.hpp"

#include <libdeflate.h>

#include <nettle/md5.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace tertial::pdf::emit_detail {

std::array<unsigned char, 16> md5(std::string_view data) {
    md5_ctx ctx;
    md5_init(&ctx);
    md5_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
    std::array<unsigned char, 16> digest{};
    md5_digest(&ctx, digest.size(), digest.data());
    return digest;
}

std::string deflate(std::string_view data) {
    // A compressor a thread, kept: allocating one costs more than
    // compressing a small stream.
    constexpr int level = 6;
    static thread_local std::unique_ptr<libdeflate_compressor, void (*)(libdeflate_compressor*)> compressor(
        nullptr, libdeflate_free_compressor);
    if (!compressor) {
        compressor.reset(libdeflate_alloc_compressor(level));
        if (!compressor) throw std::runtime_error("libdeflate cannot make a compressor");
    }
    std::string packed(libdeflate_zlib_compress_bound(compressor.get(), data.size()), '\0');
    std::size_t size = libdeflate_zlib_compress(compressor.get(), data.data(), data.size(), packed.data(), packed.size());
    if (size == 0) throw std::runtime_error("libdeflate cannot compress a stream");
    packed.resize(size);
    return packed;
}

std::string inflate(std::string_view packed, std::size_t size) {
    std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(libdeflate_alloc_decompressor(),
                                                                                  libdeflate_free_decompressor);
    if (!d) throw std::runtime_error("libdeflate cannot make a decompressor");
    std::string out(size, '\0');
    if (libdeflate_zlib_decompress(d.get(), packed.data(), packed.size(), out.data(), out.size(), nullptr) !=
        LIBDEFLATE_SUCCESS)
        throw std::runtime_error("a compressed stream does not decompress to its size");
    return out;
}

}  // namespace tertial::pdf::emit_detail
