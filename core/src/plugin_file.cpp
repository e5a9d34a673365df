// Checking a plugin file before dlopen: what the dynamic loader would trip
// over (a FIFO, a truncated file that SIGBUSes when a mapped page is past
// its end, an export of the wrong kind) or run too early (static
// constructors of a plugin built for another API version).
#include "plugin_file.hpp"

#include <elf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>

#include "tertial/file_type.hpp"
#include "tertial/plugin.hpp"

// The ELF header of the module this code is linked into (libtertial_core),
// defined by the linker: the machine plugins must be built for.
extern "C" const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));

namespace tertial::detail {
namespace {

constexpr std::string_view alias_name = "tertial_plugin";
constexpr std::uint64_t note_segment_limit = 1u << 20;

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// [offset, offset + size) lies inside `file_size` bytes, without overflow.
bool inside(std::uint64_t offset, std::uint64_t size, std::uint64_t file_size) {
    return offset <= file_size && size <= file_size - offset;
}

std::uint64_t end_of(std::uint64_t offset, std::uint64_t size) {
    return size > UINT64_MAX - offset ? UINT64_MAX : offset + size;
}

// Exactly `size` bytes at `offset`; false if the file is shorter or unreadable.
bool read_at(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
    auto* p = static_cast<char*>(buffer);
    while (size > 0) {
        ssize_t got = ::pread(fd, p, size, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        p += got;
        size -= static_cast<std::size_t>(got);
        offset += static_cast<std::uint64_t>(got);
    }
    return true;
}

template <class T>
bool read_table(int fd, std::vector<T>& out, std::uint64_t count, std::uint64_t offset) {
    out.resize(count);
    return read_at(fd, out.data(), count * sizeof(T), offset);
}

std::string_view elf_type_name(unsigned type) {
    switch (type) {
        case ET_REL:
            return "an object file (.o)";
        case ET_EXEC:
            return "an executable";
        case ET_CORE:
            return "a core dump";
        default:
            return "an ELF file of unknown type";
    }
}

std::string segment_name(const ElfW(Phdr) & ph) {
    switch (ph.p_type) {
        case PT_LOAD:
            return "loadable segment";
        case PT_DYNAMIC:
            return "dynamic segment";
        case PT_NOTE:
            return "note segment";
        default:
            return fmt::format("segment of type {:#x}", ph.p_type);
    }
}

constexpr unsigned char native_class = __ELF_NATIVE_CLASS == 64 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char native_data = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

// The checks that end in a problem return it; the rest of the work is in
// the Inspector's members.
class Inspector {
public:
    Inspector(int fd, std::uint64_t size, PluginFileCheck& result) : fd_(fd), size_(size), r_(result) {}

    bool header() {
        if (size_ < sizeof eh_ || !read_at(fd_, &eh_, sizeof eh_, 0) || std::memcmp(eh_.e_ident, ELFMAG, SELFMAG) != 0)
            return fail("plugin.load", "cannot load: not a shared library (it does not start with an ELF header)");
        if (eh_.e_ident[EI_CLASS] != native_class || eh_.e_ident[EI_DATA] != native_data ||
            eh_.e_machine != __ehdr_start.e_machine)
            return fail("plugin.load",
                        fmt::format("cannot load: built for another kind of machine (ELF class {}, data {}, machine {}; "
                                    "this Tertial: {}, {}, {})",
                                    eh_.e_ident[EI_CLASS], eh_.e_ident[EI_DATA], eh_.e_machine, native_class, native_data,
                                    __ehdr_start.e_machine));
        if (eh_.e_type != ET_DYN)
            return fail("plugin.load", fmt::format("cannot load: {}, not a shared library", elf_type_name(eh_.e_type)));
        if (eh_.e_ident[EI_VERSION] != EV_CURRENT || eh_.e_phentsize != sizeof(ElfW(Phdr)) || eh_.e_phnum == 0 ||
            eh_.e_phnum == PN_XNUM)
            return fail("plugin.load", "cannot load: its ELF header is damaged");
        return true;
    }

    // Every segment inside the file: the dynamic loader maps them whole, and
    // a page past the end of the file is a SIGBUS when touched.
    bool segments() {
        std::uint64_t table = std::uint64_t{eh_.e_phnum} * sizeof(ElfW(Phdr));
        if (!inside(eh_.e_phoff, table, size_) || !read_table(fd_, phdrs_, eh_.e_phnum, eh_.e_phoff))
            return truncated("its program header table", end_of(eh_.e_phoff, table));
        for (std::size_t i = 0; i < phdrs_.size(); ++i) {
            const auto& ph = phdrs_[i];
            if (ph.p_filesz > 0 && !inside(ph.p_offset, ph.p_filesz, size_))
                return truncated(fmt::format("its {} {}", segment_name(ph), i), end_of(ph.p_offset, ph.p_filesz));
            if (ph.p_type != PT_LOAD) continue;
            if (ph.p_filesz > ph.p_memsz) return fail("plugin.load", fmt::format("cannot load: its loadable segment {} is damaged", i));
            r_.segments.push_back({ph.p_vaddr, ph.p_memsz, (ph.p_flags & PF_R) != 0, (ph.p_flags & PF_X) != 0});
        }
        if (r_.segments.empty()) return fail("plugin.load", "cannot load: it has no loadable segment");
        return true;
    }

    // The API version notes; a version other than `expected` is refused here,
    // before anything else about the plugin is looked at.
    bool api_note(std::uint32_t expected) {
        for (const auto& ph : phdrs_) {
            if (ph.p_type != PT_NOTE || ph.p_filesz > note_segment_limit) continue;
            std::vector<unsigned char> bytes;
            if (!read_table(fd_, bytes, ph.p_filesz, ph.p_offset)) return truncated("a note segment", end_of(ph.p_offset, ph.p_filesz));
            if (!notes(bytes, ph.p_align == 8 ? 8 : 4)) return false;
        }
        if (version_ && *version_ != expected)
            return fail("plugin.api_version", fmt::format("built for plugin API version {}, but this Tertial uses version {}; "
                                                          "rebuild the plugin",
                                                          *version_, expected));
        return true;
    }

    // 'tertial_plugin' in the dynamic symbols: the object BOOST_DLL_ALIAS makes.
    bool alias() {
        std::optional<ElfW(Sym)> symbol;
        if (!find_dynamic_symbol(symbol)) return false;
        const std::string what = "not a Tertial plugin: its 'tertial_plugin' is ";
        const std::string expected =
            fmt::format(", not the alias TERTIAL_PLUGIN makes (a pointer to a tertial::PluginEntry, {} bytes)", sizeof(void*));
        if (!symbol)
            return fail("plugin.no_entry", "not a Tertial plugin: it exports no 'tertial_plugin' alias (use TERTIAL_PLUGIN)");
        unsigned type = ELF64_ST_TYPE(symbol->st_info);  // the same in ELF32
        if (type == STT_FUNC || type == STT_GNU_IFUNC) return fail("plugin.no_entry", what + "a function" + expected);
        if (type != STT_OBJECT) return fail("plugin.no_entry", what + fmt::format("an ELF symbol of type {}", type) + expected);
        if (symbol->st_size != sizeof(void*))
            return fail("plugin.no_entry", what + fmt::format("an object of {} bytes", symbol->st_size) + expected);
        const PluginSegment* segment = r_.segment_of(symbol->st_value, sizeof(void*));
        if (!segment || segment->executable || !segment->readable)
            return fail("plugin.no_entry", what + "not in the plugin's data" + expected);
        r_.alias_address = symbol->st_value;
        if (!version_)
            return fail("plugin.api_version",
                        "has no plugin API version note: it was not built with this Tertial's TERTIAL_PLUGIN "
                        "(tertial/plugin.hpp); rebuild the plugin");
        r_.api_version = *version_;
        return true;
    }

private:
    bool fail(std::string code, std::string problem) {
        r_.code = std::move(code);
        r_.problem = std::move(problem);
        return false;
    }

    bool truncated(const std::string& what, std::uint64_t end) {
        return fail("plugin.load", fmt::format("cannot load: the file is truncated or damaged: {} reaches byte {}, but the "
                                               "file has {} bytes",
                                               what, end, size_));
    }

    bool notes(const std::vector<unsigned char>& bytes, std::size_t align) {
        auto padded = [align](std::uint64_t n) { return (n + align - 1) / align * align; };
        std::size_t at = 0;
        while (bytes.size() - at >= 12) {
            std::uint32_t head[3];
            std::memcpy(head, bytes.data() + at, sizeof head);
            std::uint64_t name = at + 12, desc = name + padded(head[0]), next = desc + padded(head[1]);
            if (desc > bytes.size() || next > bytes.size()) break;  // not ours to judge: the loader ignores notes
            if (head[0] == 8 && head[1] == 4 && head[2] == plugin_api_note_type &&
                std::memcmp(bytes.data() + name, "Tertial", 8) == 0) {
                std::uint32_t version;
                std::memcpy(&version, bytes.data() + desc, sizeof version);
                if (version_ && *version_ != version)
                    return fail("plugin.api_version",
                                fmt::format("has two plugin API version notes, {} and {}; rebuild the plugin", *version_, version));
                version_ = version;
            }
            at = next;
        }
        return true;
    }

    bool find_dynamic_symbol(std::optional<ElfW(Sym)>& found) {
        std::uint64_t table = std::uint64_t{eh_.e_shnum} * sizeof(ElfW(Shdr));
        if (eh_.e_shnum == 0 || eh_.e_shentsize != sizeof(ElfW(Shdr)))
            return fail("plugin.load", "cannot load: it has no section headers, so what it exports cannot be checked");
        if (!inside(eh_.e_shoff, table, size_) || !read_table(fd_, shdrs_, eh_.e_shnum, eh_.e_shoff))
            return truncated("its section header table", end_of(eh_.e_shoff, table));
        for (const auto& sh : shdrs_) {
            if (sh.sh_type != SHT_DYNSYM) continue;
            if (sh.sh_entsize != sizeof(ElfW(Sym)) || sh.sh_link >= shdrs_.size())
                return fail("plugin.load", "cannot load: its dynamic symbol table is damaged");
            const auto& strings = shdrs_[sh.sh_link];
            if (!inside(sh.sh_offset, sh.sh_size, size_)) return truncated("its dynamic symbol table", end_of(sh.sh_offset, sh.sh_size));
            if (!inside(strings.sh_offset, strings.sh_size, size_))
                return truncated("its dynamic string table", end_of(strings.sh_offset, strings.sh_size));
            std::vector<ElfW(Sym)> symbols;
            std::vector<char> names;
            if (!read_table(fd_, symbols, sh.sh_size / sizeof(ElfW(Sym)), sh.sh_offset) ||
                !read_table(fd_, names, strings.sh_size, strings.sh_offset))
                return truncated("its dynamic symbol table", end_of(sh.sh_offset, sh.sh_size));
            for (const auto& s : symbols) {
                if (s.st_shndx == SHN_UNDEF || s.st_name >= names.size()) continue;
                if (names.size() - s.st_name < alias_name.size() + 1) continue;
                if (std::memcmp(names.data() + s.st_name, alias_name.data(), alias_name.size() + 1) == 0) {
                    found = s;
                    return true;
                }
            }
        }
        return true;
    }

    int fd_;
    std::uint64_t size_;
    PluginFileCheck& r_;
    ElfW(Ehdr) eh_{};
    std::vector<ElfW(Phdr)> phdrs_;
    std::vector<ElfW(Shdr)> shdrs_;
    std::optional<std::uint32_t> version_;
};

}  // namespace

const PluginSegment* PluginFileCheck::segment_of(std::uint64_t vaddr, std::uint64_t size) const {
    for (const auto& s : segments)
        if (vaddr >= s.vaddr && size <= s.memsz && vaddr - s.vaddr <= s.memsz - size) return &s;
    return nullptr;
}

PluginFileCheck check_plugin_file(const std::filesystem::path& file, std::uint32_t expected_api_version) {
    PluginFileCheck r;
    struct stat st {};
    // A special file is refused unopened (opening a device can do things);
    // O_NONBLOCK in case one takes its place: opening a FIFO must not wait
    // for a writer. fstat then says what was opened.
    bool special = ::stat(file.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
    FileDescriptor fd(special ? -1 : ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (!special && (fd.get() < 0 || ::fstat(fd.get(), &st) != 0)) {
        r.code = "plugin.load";
        r.problem = fmt::format("cannot load: cannot open it: {}", std::strerror(errno));
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.code = "plugin.load";
        r.problem = fmt::format("cannot load: it is {}, not a regular file", file_type_words(st.st_mode));
        return r;
    }
    auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > plugin_file_size_limit) {
        r.code = "plugin.load";
        r.problem = fmt::format("cannot load: it has {} bytes, more than the {} MiB a plugin file may have", size,
                                plugin_file_size_limit >> 20);
        return r;
    }
    Inspector inspect(fd.get(), size, r);
    if (inspect.header() && inspect.segments() && inspect.api_note(expected_api_version)) inspect.alias();
    return r;
}

}  // namespace tertial::detail
