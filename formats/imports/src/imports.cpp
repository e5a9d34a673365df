// The digest of an imported file and the one way a change is shown.
#include "tertial/imports/imports.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace tertial::imports {

std::string file_name(const std::string& name) { return std::filesystem::path(name).filename().string(); }

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    std::string hex;
    for (unsigned int i = 0; i < n; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

std::string change_text(std::string_view before, std::string_view after) {
    return std::string(before) + " → " + std::string(after);
}

std::string change_text(std::string_view where, std::string_view before, std::string_view after) {
    return std::string(where) + ": " + change_text(before, after);
}

}  // namespace tertial::imports
