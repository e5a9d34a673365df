// One report open in the editor: its revisions, checks, saving, undo and preview.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tertial/json/report_json.hpp"
#include "tertial/plugin.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::pdf {
class Resources;
}

namespace tertial::editor {

// Cannot go on with the file (cannot read it, not a report).
class SessionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the file on disk looked like when the editor last read or wrote it.
struct DiskStamp {
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string hash;  // SHA-256 of the bytes
    bool operator==(const DiskStamp&) const = default;
};

// One version of the report, read and checked as `tertial check` does.
struct Checked {
    std::string text;  // the file's bytes
    json::ReadResult read;
    Diagnostics checks;  // plugins and every check, after read.diagnostics
    std::optional<Resolution> resolution;
    std::vector<const Diagnostic*> all() const;
    // The text as JSON, parsed on first use (edits start from it; the state reads review marks in it).
    const nlohmann::ordered_json& doc() const;

private:
    mutable std::optional<nlohmann::ordered_json> doc_;
};

// The preview of one revision.
struct Preview {
    std::string pdf;
    std::vector<std::pair<std::string, int>> pages;  // JSON pointer -> first page (1-based)
    std::string error;                               // why there is no PDF
};

// An answer to the page: HTTP status and JSON body.
struct Reply {
    int status = 200;
    nlohmann::ordered_json body;
    // When set, the body gets a last member "report" with this JSON text as
    // it is (the file's own bytes: no parsing and writing it again).
    const std::string* report = nullptr;
    std::string text() const;
    // {"error": message} with this status.
    static Reply error(int status, std::string message);
};

class Session {
public:
    // Reads and checks `file`; throws SessionError when it cannot be read
    // or is not a report at all (JSON syntax, wrong format version).
    Session(std::filesystem::path file, PluginHost& host, std::function<HouseStyle(const Report&)> house_style);
    ~Session();

    const std::filesystem::path& file() const { return file_; }
    const Checked& current() const { return *current_; }
    const std::string& opened_text() const { return opened_text_; }
    std::int64_t revision() const { return revision_; }
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }

    // True when the file on disk is no longer what the editor last read or
    // wrote (checked now, by size and time, then by content).
    bool disk_changed();

    // The API's POST bodies; every reply with a new state is 200.
    Reply edit(const nlohmann::json& request);
    Reply undo(const nlohmann::json& request);
    Reply redo(const nlohmann::json& request);
    Reply reload();
    // POST /api/import: an import the page sent (a ledger export or Kolada
    // snapshots, as base64) run on the current revision exactly as `tertial
    // import` runs it; nothing changes. The answer shows the reconciliation
    // and the changes and, when it can be accepted, its id.
    Reply import_preview(const nlohmann::json& request);
    // POST /api/import/accept: {"revision", "import": id}: the import
    // previewed last, saved as one change (undone as any other).
    Reply import_accept(const nlohmann::json& request);
    // GET /api/state and /api/status.
    Reply state();
    Reply status();
    // The PDF of the current revision, built once per revision.
    const Preview& preview();

    // The lock serialising requests (the server holds it per request).
    std::mutex& mutex() { return mutex_; }

private:
    std::unique_ptr<Checked> check(std::string text);
    void run_checks(Checked& c);
    std::optional<Reply> refuse_stale(const nlohmann::json& request);
    Reply save(std::unique_ptr<Checked> next);
    // Saves `next` as a new revision with an undo step; the stacks as they were if saving fails.
    Reply commit(std::unique_ptr<Checked> next);
    // The errors `next` has that the current revision has not (by code and message, counted).
    std::vector<const Diagnostic*> added_errors(const Checked& next) const;
    Reply step(const nlohmann::json& request, std::vector<std::string>& from, std::vector<std::string>& to);
    DiskStamp stamp_of_disk(bool with_hash) const;

    std::filesystem::path file_;
    PluginHost& host_;
    std::function<HouseStyle(const Report&)> house_style_;
    std::string opened_text_;
    std::unique_ptr<Checked> current_;
    std::int64_t revision_ = 1;
    DiskStamp stamp_;
    bool disk_changed_ = false;
    std::vector<std::string> undo_, redo_;  // file texts
    std::map<std::string, std::unique_ptr<pdf::Resources>> fonts_;  // warm, by pdf::Resources::key (font family, logo)
    std::optional<std::pair<std::int64_t, Preview>> preview_;
    struct PendingImport {
        std::string id;
        std::int64_t revision = 0;
        std::unique_ptr<Checked> next;
    };
    std::optional<PendingImport> pending_import_;  // previewed, not yet accepted
    std::uint64_t imports_ = 0;
    std::mutex mutex_;
};

}  // namespace tertial::editor
