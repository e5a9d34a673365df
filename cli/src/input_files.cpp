// read_input(): stat, refuse what is not a regular file or too large, open without blocking, read with a cap.
#include "input_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "tertial/file_type.hpp"

namespace tertial::cli {
namespace {

constexpr std::uint64_t mib = std::uint64_t(1) << 20;

struct Kind {
    const char* noun;  // "not a report file"
    std::uint64_t limit;
};

// The limits are far above any real file and far below what would exhaust
// memory: the reader holds a report's text, its parsed form and positions
// (about ten times the file), so 64 MiB of JSON is some 600 MB of memory;
// the largest example report is 240 kB, and a year's reports of a whole
// municipality fit in a few MB. A Tertial PDF is a few hundred kB (fonts
// subset, no images but a logo); 512 MiB leaves room for anything signed
// with large attachments. Keys and certificates are a few kB: 1 MiB holds
// any chain.
Kind kind_of(InputKind kind) {
    switch (kind) {
        case InputKind::report:
            return {"a report file", 64 * mib};
        case InputKind::pdf:
            return {"a PDF", 512 * mib};
        case InputKind::report_or_pdf:
            return {"a report file or PDF", 512 * mib};
        case InputKind::credential:
            return {"a key or certificate file", 1 * mib};
        // A year's every ledger line of a large förvaltning is a few hundred
        // thousand lines, some 50 MB of CSV; a mapping is a few kB.
        case InputKind::ledger_export:
            return {"a ledger export", 512 * mib};
        case InputKind::ledger_mapping:
            return {"a ledger mapping", 4 * mib};
        case InputKind::kolada:  // a response is at most 5000 values a page, some 1 MB
            return {"a Kolada snapshot", 64 * mib};
        // A report of a hundred pages with its pictures is some 10 MB; its
        // parts unpacked are limited again by the reader (zip bombs).
        case InputKind::word_document:
            return {"a Word document", 128 * mib};
        // A large CA's CRL lists hundreds of thousands of certificates: tens of MB.
        case InputKind::crl:
            return {"a CRL file", 256 * mib};
    }
    return {"a file", 0};
}

// "a directory", "a named pipe (FIFO)", ..., or nullptr for a regular file.
const char* special(mode_t mode) { return S_ISREG(mode) ? nullptr : file_type_words(mode); }

std::string size_words(std::uint64_t bytes) {
    return bytes % mib == 0 ? fmt::format("{} MiB", bytes / mib) : fmt::format("{} bytes", bytes);
}

}  // namespace

std::uint64_t input_limit(InputKind kind) { return kind_of(kind).limit; }

std::optional<std::string> over_limit(const std::string& path, std::uint64_t size, InputKind kind) {
    Kind k = kind_of(kind);
    if (size <= k.limit) return std::nullopt;
    return fmt::format("{}: error: the file has {} bytes, and {} may have at most {} ({} bytes)\n", path, size, k.noun,
                       size_words(k.limit), k.limit);
}

std::optional<std::string> read_input(const std::string& path, InputKind kind, std::ostream& err) {
    Kind k = kind_of(kind);
    auto refuse = [&](mode_t mode) {
        fmt::print(err, "{}: error: is {}, not {}\n", path, special(mode), k.noun);
        return std::nullopt;
    };
    auto cannot = [&](int e) {
        fmt::print(err, "{}: error: cannot read: {}\n", path, std::strerror(e));
        return std::nullopt;
    };
    // First by name, so that a FIFO, a device or a socket is never opened;
    // then the opened file again, in case the name was changed in between
    // (O_NONBLOCK: opening a FIFO put there meanwhile does not wait).
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return cannot(errno);
    if (special(st.st_mode)) return refuse(st.st_mode);
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return cannot(errno);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    if (::fstat(fd, &st) != 0) return cannot(errno);
    if (special(st.st_mode)) return refuse(st.st_mode);
    if (auto message = over_limit(path, static_cast<std::uint64_t>(st.st_size), kind)) {
        err << *message;
        return std::nullopt;
    }
    // Read up to one byte past the limit: a file that grows while it is read
    // (or one in /proc, whose size says 0) is still stopped at the limit.
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return cannot(errno);
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
        if (auto message = over_limit(path, bytes.size(), kind)) {
            err << *message;
            return std::nullopt;
        }
    }
    return bytes;
}

std::optional<Date> file_date(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    std::tm tm{};
    if (!::localtime_r(&st.st_mtime, &tm)) return std::nullopt;
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace tertial::cli
