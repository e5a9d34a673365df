// `tertial review list|accept|diff`: the review marks rollover left, last year's text beside this year's.
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "commands.hpp"
#include "terminal_text.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/review.hpp"
#include "tertial/suggest.hpp"
#include "tertial/walk.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct ReviewOptions {
    std::string action, file, section, color = "auto";
    std::vector<std::string> pointers, plugin_dirs;
    bool all = false, yes = false, unchanged_ok = false;
};

// A pointer is inside a part when it is the part or below it.
bool within(const std::string& pointer, const std::string& part) {
    return pointer.starts_with(part) && (pointer.size() == part.size() || pointer[part.size()] == '/');
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Options that belong to another action than the one given.
std::optional<std::string> misplaced_option(const ReviewOptions& o) {
    if (o.action != "accept") {
        if (o.all) return "--all";
        if (o.yes) return "--yes";
        if (o.unchanged_ok) return "--unchanged-ok";
    }
    return std::nullopt;
}

// The pointer of the section --section names, by id or by number ("5.1").
std::optional<std::string> section_pointer(const Report& report, const std::string& wanted, std::string& hint) {
    std::map<std::string, std::string> numbers;
    for (const auto& [p, n] : section_numbers(report)) numbers[p] = n;
    std::optional<std::string> found;
    std::vector<std::string> names;
    for_each_block(report, [&](const Block& b, const std::string& p) {
        const auto* s = std::get_if<Section>(&b.content);
        if (!s || !p.starts_with("/body")) return;
        auto n = numbers.find(p);
        if (s->id) names.push_back(*s->id);
        if (!found && ((s->id && *s->id == wanted) || (n != numbers.end() && n->second == wanted))) found = p;
    });
    if (!found) hint = did_you_mean(wanted, names);
    return found;
}

struct Selection {
    std::vector<const ReviewMark*> marks;
    bool by_pointer = false;  // named one by one, not in bulk
};

// The marks the options select; nullopt after saying why not (exit 2).
std::optional<Selection> select(const ReviewOptions& o, const Report& report, const std::vector<ReviewMark>& marks,
                                std::ostream& err) {
    std::optional<std::string> section;
    if (!o.section.empty()) {
        std::string hint;
        section = section_pointer(report, o.section, hint);
        if (!section) {
            fmt::print(err, "tertial review: error: --section {}: {} has no section with that id or number{}\n",
                       o.section, o.file, hint);
            return std::nullopt;
        }
    }
    Selection s;
    s.by_pointer = !o.pointers.empty();
    for (const auto& p : o.pointers) {
        bool any = false;
        for (const auto& m : marks)
            if (within(m.pointer, p) && (!section || within(m.pointer, *section))) any = true;
        if (!p.starts_with("/") || !any) {
            fmt::print(err, "tertial review: error: {} has no review mark at or under '{}'{}; `tertial review list {}` "
                       "shows them\n",
                       o.file, p, section ? " in section " + o.section : "", o.file);
            return std::nullopt;
        }
    }
    for (const auto& m : marks) {
        if (section && !within(m.pointer, *section)) continue;
        bool named = o.pointers.empty();
        for (const auto& p : o.pointers) named |= within(m.pointer, p);
        if (named) s.marks.push_back(&m);
    }
    return s;
}

// ---- showing ----------------------------------------------------------------------------

// This year's texts as they print, where the report's figures could be
// computed; as written otherwise.
std::vector<std::string> this_year(const ReviewMark& m, const std::optional<Resolution>& res) {
    std::vector<std::string> out = m.current;
    if (!res) return out;
    for (std::size_t i = 0; i < out.size() && i < m.fields.size(); ++i)
        for (const auto& [p, t] : res->texts)
            if (p == m.fields[i]) out[i] = t;
    return out;
}

// "FILE:LINE:COL: POINTER" for each mark, found in one scan of the text.
std::vector<std::string> where(const LoadedReport& r, const std::vector<const ReviewMark*>& marks) {
    auto places = json::positions_of(r.text, marks, [](const ReviewMark* m) -> std::string_view { return m->pointer; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < marks.size(); ++i)
        out.push_back(fmt::format("{}:{}:{}: {}", r.path, places[i].line, places[i].column, marks[i]->pointer));
    return out;
}

void print_texts(const char* label, const std::vector<std::string>& texts, std::ostream& out) {
    if (texts.empty()) fmt::print(out, "  {:<11}(none)\n", label);
    for (std::size_t i = 0; i < texts.size(); ++i) fmt::print(out, "  {:<11}{}\n", i == 0 ? label : "", texts[i]);
}

const char* change_words(const ReviewMark& m) {
    if (m.figure) return "a figure to confirm; no text to compare";
    switch (review_change(m)) {
        case ReviewChange::unchanged:
            return "unchanged: this year's text is still last year's, word for word";
        case ReviewChange::empty:
            return "empty: last year's text is not replaced by anything yet";
        default:
            return "changed since last year";
    }
}

// "12 review marks (5 changed, 6 unchanged, 1 figure)".
std::string counts(const std::vector<const ReviewMark*>& marks) {
    std::size_t changed = 0, unchanged = 0, empty = 0, figures = 0;
    for (const auto* m : marks) {
        if (m->figure) ++figures;
        else if (auto c = review_change(*m); c == ReviewChange::unchanged) ++unchanged;
        else if (c == ReviewChange::empty) ++empty;
        else ++changed;
    }
    std::vector<std::string> parts;
    if (changed) parts.push_back(fmt::format("{} changed", changed));
    if (unchanged) parts.push_back(fmt::format("{} unchanged", unchanged));
    if (empty) parts.push_back(fmt::format("{} empty", empty));
    if (figures) parts.push_back(plural(figures, "figure", "figures"));
    return fmt::format("{} ({})", plural(marks.size(), "review mark", "review marks"), fmt::join(parts, ", "));
}

int run_list(const LoadedReport& r, const Selection& s, const std::string& section, std::ostream& out) {
    std::string group;
    auto places = where(r, s.marks);
    for (std::size_t i = 0; i < s.marks.size(); ++i) {
        const ReviewMark* m = s.marks[i];
        if (m->group_pointer != group) {
            group = m->group_pointer;
            fmt::print(out, "{}\n", m->group);
        }
        fmt::print(out, "{}: {}\n", places[i], m->message);
        if (m->note && m->message.find(*m->note) == std::string::npos) fmt::print(out, "  {:<11}{}\n", "note:", *m->note);
        if (!m->figure) {
            print_texts("last year:", m->previous, out);
            print_texts("this year:", this_year(*m, r.resolution), out);
        }
        fmt::print(out, "  {}\n", change_words(*m));
    }
    fmt::print(out, "{}: {}{}\n", r.path, counts(s.marks), section.empty() ? "" : " in section " + section);
    return exit_ok;
}

bool use_colour(const std::string& when) {
    if (when == "always") return true;
    if (when == "never") return false;
    const char* no_colour = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return ::isatty(STDOUT_FILENO) && !(no_colour && *no_colour) && !(term && std::string_view(term) == "dumb");
}

// One text's word diff on one line: removed words red, added green, on a
// terminal (as git's --word-diff=color); [-removed-]{+added+} otherwise
// (as git's --word-diff=plain).
void print_diff(const std::string& before, const std::string& after, bool colour, std::ostream& out) {
    out << "  ";
    auto pieces = word_diff(before, after);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const DiffPiece& piece = pieces[i];
        // Plain, a replacement reads as one: [-old-]{+new+}, as git writes it.
        bool replacement = !colour && piece.kind == DiffPiece::Kind::added && i > 0 &&
                           pieces[i - 1].kind == DiffPiece::Kind::removed;
        if (i > 0 && !replacement) out << ' ';
        switch (piece.kind) {
            case DiffPiece::Kind::same:
                out << piece.text;
                break;
            case DiffPiece::Kind::removed:
                if (colour) write_own_sequence(out, "\x1b[31m");
                out << (colour ? "" : "[-") << piece.text << (colour ? "" : "-]");
                if (colour) write_own_sequence(out, "\x1b[m");
                break;
            case DiffPiece::Kind::added:
                if (colour) write_own_sequence(out, "\x1b[32m");
                out << (colour ? "" : "{+") << piece.text << (colour ? "" : "+}");
                if (colour) write_own_sequence(out, "\x1b[m");
                break;
        }
    }
    out << '\n';
}

int run_diff(const LoadedReport& r, const Selection& s, bool colour, std::ostream& out) {
    auto places = where(r, s.marks);
    for (std::size_t i = 0; i < s.marks.size(); ++i) {
        const ReviewMark* m = s.marks[i];
        fmt::print(out, "{}: {}\n", places[i], m->message);
        if (m->figure) {
            fmt::print(out, "  ({})\n", change_words(*m));
            continue;
        }
        auto now = this_year(*m, r.resolution);
        if (m->previous == now) {
            fmt::print(out, "  (no difference: this year's text is last year's)\n");
            continue;
        }
        for (std::size_t i = 0; i < std::max(m->previous.size(), now.size()); ++i)
            print_diff(i < m->previous.size() ? m->previous[i] : "", i < now.size() ? now[i] : "", colour, out);
    }
    return exit_ok;
}

// ---- accepting --------------------------------------------------------------------------

// Writes the report over its file, all at once, keeping the file's mode.
int write_back(const LoadedReport& r, const Report& report, std::ostream& err) {
    if (auto refusal = output_refusal(r.path)) {
        fmt::print(err, "tertial review accept: error: {}; nothing written\n", *refusal);
        return exit_usage;
    }
    struct stat st {};
    bool keep_mode = ::stat(r.path.c_str(), &st) == 0;
    try {
        AtomicFileSet files;
        files.stage(r.path, json::write_report(report));
        files.commit();
    } catch (const OutputError& e) {
        fmt::print(err, "tertial review accept: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    if (keep_mode) ::chmod(r.path.c_str(), st.st_mode & 07777);
    return exit_ok;
}

int run_accept(const ReviewOptions& o, const LoadedReport& r, const Selection& s, std::size_t total, std::ostream& out,
               std::ostream& err) {
    if (o.all && !o.yes) {
        fmt::print(err, "tertial review accept: error: --all accepts every review mark in {} ({}) without showing "
                   "them; add --yes to do so\n",
                   o.file, total);
        return exit_usage;
    }
    // Accepted only where the text was looked at: a mark whose text is
    // still last year's, or empty, is refused when named, left when in bulk.
    std::vector<const ReviewMark*> accept, left;
    for (const auto* m : s.marks) {
        auto change = review_change(*m);
        (change == ReviewChange::changed || o.unchanged_ok ? accept : left).push_back(m);
    }
    if (s.by_pointer && !left.empty()) {
        auto places = where(r, left);
        for (std::size_t i = 0; i < left.size(); ++i) {
            const ReviewMark* m = left[i];
            fmt::print(err, "{}: error: {}; read it (`tertial review diff {} {}`) and edit it, or pass --unchanged-ok "
                       "to accept it as it is\n",
                       places[i],
                       review_change(*m) == ReviewChange::empty ? "this year's text is empty"
                                                                : "this year's text is still last year's, word for word",
                       o.file, m->pointer);
        }
        fmt::print(err, "tertial review accept: nothing written\n");
        return exit_report_errors;
    }
    if (s.marks.empty()) {
        fmt::print(out, "{}: no review marks to accept; nothing written\n", o.file);
        return exit_ok;
    }
    if (accept.empty()) {
        fmt::print(err,
                   "tertial review accept: every selected mark's text is still last year's or empty: read and edit "
                   "them (`tertial review diff {}`), or pass --unchanged-ok to accept them as they are; nothing "
                   "written\n",
                   o.file);
        return exit_report_errors;
    }
    Report report = *r.read.report;
    for (const auto* m : accept)
        if (!accept_review(report, m->pointer))
            throw std::logic_error("review mark " + m->pointer + " listed but not found to accept");
    if (int code = write_back(r, report, err)) return code;
    for (const auto* m : accept) fmt::print(out, "accepted {}: {}\n", m->pointer, m->message);
    fmt::print(out, "wrote {}: {} accepted, {} left\n", o.file, plural(accept.size(), "review mark", "review marks"),
               total - accept.size());
    if (!left.empty())
        fmt::print(out,
                   "  not accepted: {} whose text is still last year's or empty; `tertial review diff {}` shows "
                   "them, --unchanged-ok accepts them as they are\n",
                   plural(left.size(), "mark", "marks"), o.file);
    return exit_ok;
}

int run_review(const ReviewOptions& o, std::ostream& out, std::ostream& err) {
    if (auto option = misplaced_option(o)) {
        fmt::print(err, "tertial review {}: error: {} is for `tertial review accept` only\n", o.action, *option);
        return exit_usage;
    }
    if (o.action != "diff" && o.color != "auto") {
        fmt::print(err, "tertial review {}: error: --color is for `tertial review diff` only\n", o.action);
        return exit_usage;
    }
    if (o.action == "accept") {
        if (o.all && (!o.pointers.empty() || !o.section.empty())) {
            fmt::print(err, "tertial review accept: error: --all accepts every mark; give it without POINTER or "
                            "--section\n");
            return exit_usage;
        }
        if (!o.all && o.pointers.empty() && o.section.empty()) {
            fmt::print(err, "tertial review accept: error: say which marks to accept: POINTER..., --section ID, or "
                            "--all (with --yes)\n");
            return exit_usage;
        }
    }
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    auto r = load_and_check(o.file, host, err);
    if (!r) return exit_io;
    if (!r->read.report || r->read.diagnostics.has_errors()) {
        print_diagnostics(*r, err);
        fmt::print(err, "tertial review: {} cannot be read as a report (above); nothing {}\n", o.file,
                   o.action == "accept" ? "written" : "shown");
        return exit_report_errors;
    }
    auto marks = review_marks(*r->read.report);
    auto selection = select(o, *r->read.report, marks, err);
    if (!selection) return exit_usage;
    if (o.action == "accept") return run_accept(o, *r, *selection, marks.size(), out, err);
    if (marks.empty()) {
        fmt::print(out, "{}: no review marks\n", o.file);
        return exit_ok;
    }
    if (selection->marks.empty()) {
        fmt::print(out, "{}: no review marks in section {}\n", o.file, o.section);
        return exit_ok;
    }
    if (o.action == "diff") return run_diff(*r, *selection, use_colour(o.color), out);
    return run_list(*r, *selection, o.section, out);
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_review(CLI::App& app) {
    auto o = std::make_shared<ReviewOptions>();
    app.add_option("action", o->action,
                   "list: the marks with last year's text beside this year's; diff: the word diff; accept: remove marks")
        ->required()
        ->type_name("list|accept|diff")
        ->check(CLI::IsMember({"list", "accept", "diff"}));
    app.add_option("file", o->file, "The report (JSON); accept rewrites it in place, all at once")
        ->required()
        ->type_name("REPORT.json");
    app.add_option("pointers", o->pointers, "Only the marks at or under these JSON pointers (as list prints them)")
        ->type_name("POINTER");
    app.add_option("--section", o->section, "Only the marks in this section: its id or its number (5.1)")
        ->type_name("ID");
    app.add_flag("--all", o->all, "accept: every mark in the report (with --yes)");
    app.add_flag("--yes", o->yes, "accept --all: yes, accept every mark without showing them");
    app.add_flag("--unchanged-ok", o->unchanged_ok,
                 "accept: also marks whose text is still last year's word for word, or empty");
    app.add_option("--color", o->color, "diff: colour the words (auto: on a terminal, unless NO_COLOR is set)")
        ->type_name("auto|always|never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_review(*o, out, err); };
}

}  // namespace tertial::cli
