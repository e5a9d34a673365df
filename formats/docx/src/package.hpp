// The .docx package (a ZIP) read within limits; the XML parts' helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/docx/docx.hpp"

typedef struct zip zip_t;

namespace tertial::docx {

class Package {
public:
    // Throws DocxError naming what the file is when it is no ZIP (an
    // encrypted Word file is an OLE compound file, not a ZIP).
    Package(std::string_view bytes, std::string file, const Limits& limits);
    ~Package();
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    // The part's bytes, or nullopt if there is none. Throws past the limits.
    std::optional<std::string> part(const std::string& name);
    std::vector<std::string> names() const;

private:
    std::string file_;
    Limits limits_;
    zip_t* archive_ = nullptr;
    std::uint64_t read_ = 0;
};

}  // namespace tertial::docx
