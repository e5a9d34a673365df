// The editor page's files (editor/web), compiled into the binary at build time.
#pragma once

#include <string_view>
#include <vector>

namespace tertial::editor {

struct Asset {
    std::string_view name;  // "index.html"
    std::string_view data;
};

const std::vector<Asset>& assets();

}  // namespace tertial::editor
