// md5(), deflate() and inflate(): libcrypto and libdeflate, no PoDoFo.
#include "packing.hpp"

#include <libdeflate.h>

#include <openssl/md5.h>

#include <memory>
#include <stdexcept>

namespace tertial::pdf::emit_detail {

// OpenSSL's MD5 itself, not through EVP: EVP_Digest's first call reads
// OpenSSL's configuration and starts its default provider, which made
// libcrypto 1.8 MB more resident in every `tertial build` (seed 000: 3.3 MB
// of libcrypto's pages against 1.5 MB; the whole build then peaked over
// 30 MB). The function is deprecated in OpenSSL 3 in favour of EVP, not
// removed; MD5 is what the PDF's /ID and an embedded file's /CheckSum are
// (no security rests on it here). The digest is the same.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
std::array<unsigned char, 16> md5(std::string_view data) {
    std::array<unsigned char, 16> digest{};
    if (!MD5(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data()))
        throw std::runtime_error("OpenSSL cannot compute MD5");
    return digest;
}
#pragma GCC diagnostic pop

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
