// A plugin file cut short, for the tests of the host's file check: its bytes
// and what the host must say about it, worked out here from the file's own
// program headers, independently of the host's code.
#pragma once

#include <elf.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "test_files.hpp"

namespace tertial::test {

// The first `size` bytes of `plugin`.
inline std::string truncated_plugin(const std::filesystem::path& plugin, std::size_t size) {
    return slurp(plugin).substr(0, size);
}

// The host's complaint about `plugin` cut to `size` bytes (its ELF header and
// program headers still whole): the first segment that reaches past the end.
inline std::string truncated_plugin_problem(const std::filesystem::path& plugin, std::size_t size) {
    const std::string bytes = slurp(plugin);
    Elf64_Ehdr eh;
    std::memcpy(&eh, bytes.data(), sizeof eh);
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        std::memcpy(&ph, bytes.data() + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_filesz == 0 || ph.p_offset + ph.p_filesz <= size) continue;
        std::string kind = ph.p_type == PT_LOAD ? "loadable segment" : ph.p_type == PT_DYNAMIC ? "dynamic segment"
                           : ph.p_type == PT_NOTE                   ? "note segment"
                                                                    : fmt::format("segment of type {:#x}", ph.p_type);
        return fmt::format("cannot load: the file is truncated or damaged: its {} {} reaches byte {}, but the file has {} bytes",
                           kind, i, ph.p_offset + ph.p_filesz, size);
    }
    return "(no segment past byte " + std::to_string(size) + ")";
}

}  // namespace tertial::test
