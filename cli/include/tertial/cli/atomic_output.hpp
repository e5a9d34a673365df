// Writing output files all-or-nothing: staged beside their targets, then renamed.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tertial::cli {

class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Why `target` cannot be an output, as a sentence naming it, or nullopt if
// it can: it exists and is not a regular file (a symbolic link, even to a
// regular file, a device, a FIFO or a socket: renaming over it would
// replace that with a file), or the path is too long for the system.
// Commands ask this before any work; commit() asks again, and refuses a
// directory too (exit 3, as it always has).
std::optional<std::string> output_refusal(const std::filesystem::path& target);

// Stages files as temporaries in their target directory (flushed to disk),
// and renames them into place only on commit(). If anything fails before
// commit, or the set is destroyed uncommitted, every temporary is removed and
// any directory it created is removed again: the output is left as it was.
// So too if SIGINT, SIGTERM or SIGHUP ends the process (signal_cleanup.hpp);
// a commit under way is finished first.
class AtomicFileSet {
public:
    AtomicFileSet() = default;
    AtomicFileSet(const AtomicFileSet&) = delete;
    AtomicFileSet& operator=(const AtomicFileSet&) = delete;
    ~AtomicFileSet();

    // Creates `dir` (and parents) if needed, remembering what it created.
    void ensure_directory(const std::filesystem::path& dir);
    // Throws OutputError naming the file and the reason.
    void stage(const std::filesystem::path& target, const std::string& bytes);
    void commit();

private:
    struct Staged {
        std::filesystem::path temp, target;
        std::filesystem::path backup;  // the file the target replaced, while committing
        bool moved = false, failed = false;
    };
    void roll_back() noexcept;
    void restore() noexcept;

    std::vector<Staged> staged_;
    std::vector<std::filesystem::path> created_dirs_;
    bool committed_ = false;
};

}  // namespace tertial::cli
