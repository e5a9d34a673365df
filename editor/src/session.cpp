// One report open in the editor: check-then-save, undo, the file on disk, the preview.
#include "tertial/editor/session.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "edit_ops.hpp"
#include "state.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/todo.hpp"

namespace tertial::editor {
namespace fs = std::filesystem;
namespace {

std::string sha256(const std::string& bytes) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(md), n);
}

std::optional<std::string> read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Writes `bytes` to `file` all at once: a temporary beside it, flushed,
// renamed over it. The file keeps its permissions.
void write_atomically(const fs::path& file, const std::string& bytes) {
    std::string temp = (file.parent_path() / ("." + file.filename().string() + ".tmp-XXXXXX")).string();
    int fd = mkstemp(temp.data());
    if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot create: {}", temp, std::strerror(errno)));
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) fchmod(fd, st.st_mode & 07777);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    int saved_errno = errno;
    bool ok = done == bytes.size() && ::fsync(fd) == 0;
    if (!ok && saved_errno == 0) saved_errno = errno;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), file.c_str()) != 0) {
        if (ok) saved_errno = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error(fmt::format("{}: cannot write: {}", file.string(), std::strerror(saved_errno)));
    }
    int dir = ::open(file.parent_path().empty() ? "." : file.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

// Errors by code and message (pointers move when blocks are added or
// removed), counted: an edit may not add one.
std::map<std::pair<std::string, std::string>, int> error_counts(const Checked& c) {
    std::map<std::pair<std::string, std::string>, int> out;
    for (const auto* d : c.all())
        if (d->severity == Severity::error) ++out[{d->code, d->message}];
    return out;
}

}  // namespace

const nlohmann::ordered_json& Checked::doc() const {
    if (!doc_) doc_ = nlohmann::ordered_json::parse(text);
    return *doc_;
}

Reply Reply::error(int status, std::string message) {
    Reply r{status, {}};
    r.body["error"] = std::move(message);
    return r;
}

std::string Reply::text() const {
    std::string out = body.dump();
    if (report) {
        out.pop_back();  // the closing brace
        out += (body.empty() ? "\"report\":" : ",\"report\":") + *report + "}";
    }
    return out;
}

std::vector<const Diagnostic*> Checked::all() const {
    std::vector<const Diagnostic*> out;
    for (const auto* set : {&read.diagnostics, &checks})
        for (const auto& d : set->items()) out.push_back(&d);
    return out;
}

Session::Session(fs::path file, PluginHost& host, std::function<HouseStyle(const Report&)> house_style)
    : file_(std::move(file)), host_(host), house_style_(std::move(house_style)) {
    pdf::Resources::prepare();
    auto text = read_bytes(file_);
    if (!text) throw SessionError(fmt::format("{}: cannot read: {}", file_.string(), std::strerror(errno)));
    opened_text_ = *text;
    current_ = check(std::move(*text));
    if (!current_->read.report) {
        std::string lines;
        auto all = current_->all();
        auto places = json::locate(current_->text, all);
        for (std::size_t i = 0; i < all.size(); ++i) {
            const Diagnostic* d = all[i];
            const auto& pos = places[i];
            lines += fmt::format("{}:{}:{}: {}[{}]: {}{}\n", file_.string(), pos.line, pos.column, to_string(d->severity),
                                 d->code, d->pointer.empty() ? "" : d->pointer + ": ", d->message);
        }
        throw SessionError(lines + fmt::format("tertial edit: error: {} does not read as a report; nothing opened", file_.string()));
    }
    stamp_ = stamp_of_disk(true);
}

Session::~Session() = default;

std::unique_ptr<Checked> Session::check(std::string text) {
    auto c = std::make_unique<Checked>();
    c->text = std::move(text);
    c->read = json::read_report(c->text);
    run_checks(*c);
    return c;
}

void Session::run_checks(Checked& c) {
    if (!c.read.report) return;
    Extensions ext = load_report_plugins(*c.read.report, host_, c.checks);
    if (!c.checks.has_errors()) c.resolution = check_report(*c.read.report, c.checks, &ext);
}

DiskStamp Session::stamp_of_disk(bool with_hash) const {
    DiskStamp s;
    struct stat st {};
    if (::stat(file_.c_str(), &st) != 0) return {0, -1, ""};
    s.size = static_cast<std::uintmax_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    if (with_hash)
        if (auto bytes = read_bytes(file_)) s.hash = sha256(*bytes);
    return s;
}

bool Session::disk_changed() {
    if (disk_changed_) return true;
    DiskStamp quick = stamp_of_disk(false);
    if (quick.size == stamp_.size && quick.mtime_ns == stamp_.mtime_ns) return false;
    DiskStamp full = stamp_of_disk(true);
    if (full.mtime_ns >= 0 && full.hash == stamp_.hash) {
        stamp_ = full;  // touched, not changed
        return false;
    }
    disk_changed_ = true;
    return true;
}

std::optional<Reply> Session::refuse_stale(const nlohmann::json& request) {
    const auto it = request.find("revision");
    if (it == request.end() || !it->is_number_integer())
        return Reply::error(400, "Förfrågan saknar \"revision\" (heltal).");
    // Size, time and content: what is on disk must be what we last wrote.
    bool changed = disk_changed();
    if (!changed && stamp_of_disk(true).hash != stamp_.hash) changed = disk_changed_ = true;
    if (changed) {
        Reply r = Reply::error(409, fmt::format("{} har ändrats på disken utanför redigeraren. Läs in filen igen "
                                               "innan du ändrar något; inget har sparats.", file_.filename().string()));
        r.body["disk_changed"] = true;
        return r;
    }
    if (it->get<std::int64_t>() != revision_) {
        Reply r = Reply::error(409, fmt::format("Rapporten har ändrats sedan sidan hämtade den (version {}, nu {}). "
                                               "Sidan läser in den nya versionen.", it->get<std::int64_t>(), revision_));
        r.body["revision"] = revision_;
        return r;
    }
    return std::nullopt;
}

Reply Session::edit(const nlohmann::json& request) {
    if (auto stale = refuse_stale(request)) return *stale;
    auto ops = request.find("ops");
    if (ops == request.end() || !ops->is_array() || ops->empty())
        return Reply::error(400, "Förfrågan saknar \"ops\" (en lista med ändringar).");
    nlohmann::ordered_json doc = current_->doc();
    std::string problem = apply_ops(doc, *ops);
    if (!problem.empty()) return Reply::error(422, problem);

    // Read once, from the changed JSON; what is saved is the writer's text
    // of the model read (the writer is lossless, so reading that text again
    // gives the same model: tests/examples_test.cpp).
    auto next = std::make_unique<Checked>();
    next->read = json::read_report(doc.dump(2));
    if (!next->read.report) {
        Reply r = Reply::error(422, "Ändringen gör rapporten ogiltig; inget har sparats.");
        r.body["diagnostics"] = diagnostics_json(next->read.diagnostics.items());
        return r;
    }
    // meta.todo entries whose field this change filled in (core decides which).
    clear_filled_meta_todos(*current_->read.report, *next->read.report);
    next->text = json::write_report(*next->read.report);
    // (No source map: the API names places by pointer; line:col is only for
    // syntax errors, which a written report cannot have.)
    run_checks(*next);
    auto added = added_errors(*next);
    if (!added.empty()) {
        Reply r = Reply::error(422, fmt::format("Ändringen ger {} fel; inget har sparats: {}", added.size(),
                                               added.front()->message));
        std::vector<Diagnostic> list;
        for (const auto* d : added) list.push_back(*d);
        r.body["diagnostics"] = diagnostics_json(list);
        return r;
    }
    if (next->text == current_->text) return state();  // nothing changed: no new revision
    return commit(std::move(next));
}

std::vector<const Diagnostic*> Session::added_errors(const Checked& next) const {
    auto before = error_counts(*current_);
    std::vector<const Diagnostic*> added;
    std::map<std::pair<std::string, std::string>, int> seen;
    for (const auto* d : next.all())
        if (d->severity == Severity::error && ++seen[{d->code, d->message}] > before[{d->code, d->message}])
            added.push_back(d);
    return added;
}

Reply Session::commit(std::unique_ptr<Checked> next) {
    // The stacks first, so that the state sent back shows them; put back if saving fails.
    undo_.push_back(current_->text);
    std::vector<std::string> redo = std::exchange(redo_, {});
    Reply r = save(std::move(next));
    if (r.status != 200) {
        undo_.pop_back();
        redo_ = std::move(redo);
    }
    return r;
}

Reply Session::save(std::unique_ptr<Checked> next) {
    try {
        write_atomically(file_, next->text);
    } catch (const std::exception& e) {
        return Reply::error(500, fmt::format("Kunde inte spara: {}", e.what()));
    }
    DiskStamp s = stamp_of_disk(false);
    s.hash = sha256(next->text);
    stamp_ = s;
    current_ = std::move(next);
    ++revision_;
    return state();
}

Reply Session::step(const nlohmann::json& request, std::vector<std::string>& from, std::vector<std::string>& to) {
    if (auto stale = refuse_stale(request)) return *stale;
    if (from.empty()) return Reply::error(409, &from == &undo_ ? "Det finns inget att ångra." : "Det finns inget att göra om.");
    std::string target = std::move(from.back());
    from.pop_back();
    to.push_back(current_->text);
    Reply r = save(check(target));
    if (r.status != 200) {
        to.pop_back();
        from.push_back(std::move(target));
    }
    return r;
}

Reply Session::undo(const nlohmann::json& request) { return step(request, undo_, redo_); }
Reply Session::redo(const nlohmann::json& request) { return step(request, redo_, undo_); }

Reply Session::reload() {
    auto text = read_bytes(file_);
    if (!text) return Reply::error(500, fmt::format("Kunde inte läsa {}: {}", file_.string(), std::strerror(errno)));
    auto next = check(std::move(*text));
    if (!next->read.report) {
        Reply r = Reply::error(422, fmt::format("{} på disken är ingen läsbar rapport; rätta filen och läs in igen.",
                                               file_.filename().string()));
        r.body["diagnostics"] = diagnostics_json(next->read.diagnostics.items());
        return r;
    }
    DiskStamp s = stamp_of_disk(false);
    s.hash = sha256(next->text);
    stamp_ = s;
    disk_changed_ = false;
    current_ = std::move(next);
    undo_.clear();
    redo_.clear();
    ++revision_;
    return state();
}

Reply Session::state() {
    Reply r{200, build_state(*this)};
    r.report = &current_->text;  // valid until the next change, which the server's lock keeps out
    return r;
}

Reply Session::status() {
    Reply r;
    r.body["revision"] = revision_;
    r.body["disk_changed"] = disk_changed();
    return r;
}

const Preview& Session::preview() {
    if (preview_ && preview_->first == revision_) return preview_->second;
    Preview p;
    const Checked& c = *current_;
    if (!c.read.report || !c.resolution) {
        p.error = "Förhandsvisningen kan inte byggas: rapporten har fel (se listan).";
    } else {
        try {
            HouseStyle style = house_style_(*c.read.report);
            auto& fonts = fonts_[pdf::Resources::key(style)];
            if (!fonts) fonts = pdf::Resources::load(style);
            pdf::Document document = pdf::layout_report({*c.read.report, *c.resolution, style, *fonts, c.text});
            p.pages = page_map(document);
            p.pdf = pdf::emit_pdf(std::move(document));
        } catch (const std::exception& e) {
            p.error = fmt::format("Förhandsvisningen kan inte byggas: {}", e.what());
        }
    }
    preview_.emplace(revision_, std::move(p));
    return preview_->second;
}

}  // namespace tertial::editor
