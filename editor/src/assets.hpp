// The editor page's files (editor/web), compiled into the binary at build
// time by cmake/EmbedFiles.cmake.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace tertial::editor {

// Every file of editor/web but hidden ones, as {name, bytes}: {"index.html", "<!doctype html>…"}.
const std::vector<std::pair<std::string_view, std::string_view>>& assets();

}  // namespace tertial::editor
