// All-or-nothing output: temporary files in the target directory, fsync, rename.
#include "tertial/cli/atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace tertial::cli {
namespace fs = std::filesystem;

AtomicFileSet::~AtomicFileSet() {
    if (!committed_) roll_back();
}

void AtomicFileSet::ensure_directory(const fs::path& dir) {
    std::vector<fs::path> missing;
    for (fs::path p = dir; !p.empty() && !fs::exists(p); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        std::error_code ec;
        if (!fs::create_directory(*it, ec) && ec)
            throw OutputError(fmt::format("{}: cannot create directory: {}", it->string(), ec.message()));
        created_dirs_.push_back(*it);
    }
    if (!fs::is_directory(dir)) throw OutputError(fmt::format("{}: not a directory", dir.string()));
}

void AtomicFileSet::stage(const fs::path& target, const std::string& bytes) {
    std::string pattern = (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw OutputError(fmt::format("{}: cannot create a temporary file: {}", target.string(), std::strerror(errno)));
    staged_.push_back({pattern, target, {}, false, false});
    // mkstemp makes the file private; give it the mode a plain create would.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = errno;
            ::close(fd);
            throw OutputError(fmt::format("{}: cannot write: {}", target.string(), std::strerror(e)));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw OutputError(fmt::format("{}: cannot write: {}", target.string(), std::strerror(errno)));
}

void AtomicFileSet::commit() {
    // Refuse before moving anything if any target cannot take a file.
    for (const auto& s : staged_) {
        std::error_code ec;
        if (fs::is_directory(s.target, ec))
            throw OutputError(fmt::format("{}: is a directory, cannot write the output there", s.target.string()));
    }
    // Move each old file aside first, so a failure half way can put every
    // target back as it was.
    for (auto& s : staged_) {
        std::error_code ec;
        if (fs::exists(s.target, ec)) {
            std::string backup = (s.target.parent_path() / ("." + s.target.filename().string() + ".old-XXXXXX")).string();
            int fd = ::mkstemp(backup.data());
            if (fd >= 0) ::close(fd);
            fs::rename(s.target, backup, ec);
            if (fd < 0 || ec) {
                fs::remove(backup, ec);
                restore();
                throw OutputError(fmt::format("{}: cannot replace the old file", s.target.string()));
            }
            s.backup = backup;
        }
        fs::rename(s.temp, s.target, ec);
        if (ec) {
            std::string reason = ec.message();
            s.failed = true;
            restore();
            throw OutputError(fmt::format("{}: cannot move into place: {}", s.target.string(), reason));
        }
        s.moved = true;
    }
    for (const auto& s : staged_) {
        std::error_code ec;
        if (!s.backup.empty()) fs::remove(s.backup, ec);
    }
    committed_ = true;
}

// Undoes a commit that failed part way: new files out, old files back.
void AtomicFileSet::restore() noexcept {
    std::error_code ec;
    for (auto& s : staged_) {
        if (s.moved) fs::remove(s.target, ec);
        if (!s.backup.empty()) fs::rename(s.backup, s.target, ec);
        s.moved = false;
        s.backup.clear();
    }
}

void AtomicFileSet::roll_back() noexcept {
    std::error_code ec;
    for (const auto& s : staged_) fs::remove(s.temp, ec);
    for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) fs::remove(*it, ec);
}

}  // namespace tertial::cli
