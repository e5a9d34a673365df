// All-or-nothing output: temporary files in the target directory, fsync, rename.
#include "tertial/cli/atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "tertial/file_type.hpp"
#include "signal_cleanup.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

// A hidden name beside `target` for mkstemp: ".NAME" + `suffix` (which ends
// in XXXXXX), with NAME cut short (at a UTF-8 character) if the whole would
// pass NAME_MAX; mkstemp's six characters keep it unique.
std::string sibling(const fs::path& target, const char* suffix) {
    std::string name = target.filename().string();
    std::size_t room = NAME_MAX - 1 - std::strlen(suffix);
    if (name.size() > room) {
        name.resize(room);
        while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
        if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0) name.pop_back();
    }
    std::string hidden(1, '.');  // appended, not "." + name: GCC 12's -Wrestrict false positive
    hidden += name;
    hidden += suffix;
    return (target.parent_path() / hidden).string();
}

}  // namespace

std::optional<std::string> output_refusal(const fs::path& target) {
    const std::string& p = target.native();
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        if (errno == ENAMETOOLONG)
            return fmt::format("the output path is too long ({} bytes; the system takes at most {} in all and {} per name)",
                               p.size(), PATH_MAX - 1, NAME_MAX);
        return std::nullopt;  // absent (or unreachable: said when writing)
    }
    if (S_ISREG(st.st_mode)) return std::nullopt;
    if (S_ISLNK(st.st_mode))
        return fmt::format("{} is a symbolic link; Tertial replaces only regular files, never a link (write to the "
                           "path of the file itself, or elsewhere)",
                           p);
    if (S_ISDIR(st.st_mode)) return std::nullopt;  // said by commit(), as "is a directory" always was (exit 3)
    return fmt::format("{} is {}; Tertial replaces only regular files", p, file_type_words(st.st_mode));
}

AtomicFileSet::~AtomicFileSet() {
    if (!committed_) roll_back();
}

void AtomicFileSet::ensure_directory(const fs::path& dir) {
    std::vector<fs::path> missing;
    std::error_code ec;
    for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        if (ec) throw OutputError(fmt::format("{}: {}", p.string(), ec.message()));
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        SignalsDeferred deferred;
        if (!fs::create_directory(*it, ec) && ec)
            throw OutputError(fmt::format("{}: cannot create directory: {}", it->string(), ec.message()));
        created_dirs_.push_back(*it);
        track_temporary(it->string(), true);
    }
    if (!fs::is_directory(dir, ec)) throw OutputError(fmt::format("{}: not a directory", dir.string()));
}

void AtomicFileSet::stage(const fs::path& target, const std::string& bytes) {
    std::string pattern = sibling(target, ".tmp-XXXXXX");
    int fd;
    {
        SignalsDeferred deferred;
        fd = ::mkstemp(pattern.data());
        if (fd < 0)
            throw OutputError(fmt::format("{}: cannot create a temporary file: {}", target.string(), std::strerror(errno)));
        staged_.push_back({pattern, target, {}, false, false});
        track_temporary(pattern, false);
    }
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
    // A signal now waits until every target is new, or every one old again.
    SignalsDeferred deferred;
    // Refuse before moving anything if any target cannot take a file.
    for (const auto& s : staged_) {
        std::error_code ec;
        if (fs::is_directory(s.target, ec))
            throw OutputError(fmt::format("{}: is a directory, cannot write the output there", s.target.string()));
        if (auto refusal = output_refusal(s.target)) throw OutputError(*refusal);
    }
    // Move each old file aside first, so a failure half way can put every
    // target back as it was.
    for (auto& s : staged_) {
        std::error_code ec;
        if (fs::exists(s.target, ec)) {
            std::string backup = sibling(s.target, ".old-XXXXXX");
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
        untrack_temporary(s.temp.string());
    }
    for (const auto& d : created_dirs_) untrack_temporary(d.string());
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
    SignalsDeferred deferred;
    for (const auto& s : staged_) {
        fs::remove(s.temp, ec);
        untrack_temporary(s.temp.string());
    }
    for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) {
        fs::remove(*it, ec);
        untrack_temporary(it->string());
    }
}

}  // namespace tertial::cli
