// Checking a plugin file before it is loaded: its ELF headers, its export and
// its API version note, read from the file's bytes without running any of it
// (not part of the installed API).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tertial::detail {

// A plugin file larger than this is refused before it is opened further.
inline constexpr std::uint64_t plugin_file_size_limit = 128u << 20;

// A loadable segment, as the dynamic loader will map it (addresses relative
// to the library's load address).
struct PluginSegment {
    std::uint64_t vaddr = 0;
    std::uint64_t memsz = 0;
    bool readable = false;
    bool executable = false;
};

struct PluginFileCheck {
    // Empty when the file may be handed to the dynamic loader; otherwise the
    // diagnostic code and the reason, to follow "plugin 'ID' (FILE): ".
    std::string code;
    std::string problem;
    std::uint32_t api_version = 0;    // from the note
    std::uint64_t alias_address = 0;  // st_value of 'tertial_plugin'
    std::vector<PluginSegment> segments;

    bool ok() const { return problem.empty(); }
    // The segment holding [vaddr, vaddr + size), or nullptr.
    const PluginSegment* segment_of(std::uint64_t vaddr, std::uint64_t size) const;
};

// Opens `file` without blocking (a FIFO or a device is refused, not read),
// and checks that it is a shared library for this machine whose segments all
// lie inside the file, that exports 'tertial_plugin' as the pointer-sized
// object BOOST_DLL_ALIAS makes, and that carries the API version note with
// `expected_api_version`. Reads only headers, the dynamic symbols and notes.
PluginFileCheck check_plugin_file(const std::filesystem::path& file, std::uint32_t expected_api_version);

}  // namespace tertial::detail
