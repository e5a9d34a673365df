// `tertial check` and `tertial build`, and what the subcommands share.
#include "commands.hpp"
#include "heap.hpp"

#include <malloc.h>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "input_files.hpp"
#include "terminal_text.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "build_outputs.hpp"
#include "build_progress.hpp"
#include "build_reports.hpp"
#include "outputs.hpp"
#include "report_input.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/todo.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

}  // namespace

namespace {
bool allow_unsafe_plugins_flag = false;  // one command runs per cli::run, which resets it
}  // namespace

void add_plugin_dir_option(CLI::App& app, std::vector<std::string>& dirs) {
    app.add_option("--plugin-dir", dirs, "Look for plugins here first (repeatable); then TERTIAL_PLUGIN_PATH, then the installed ones")
        ->type_name("DIR")
        ->check(CLI::ExistingDirectory);
    app.add_flag("--allow-unsafe-plugins", allow_unsafe_plugins_flag,
                 "Load plugin files even when other users could change them (group- or world-writable)");
}

bool allow_unsafe_plugins() { return allow_unsafe_plugins_flag; }
void reset_plugin_options() { allow_unsafe_plugins_flag = false; }

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& dirs) {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<std::string> warnings;
    auto path = PluginHost::search_path(dirs, std::getenv("TERTIAL_PLUGIN_PATH"), exe, &warnings);
    for (const auto& w : warnings) fmt::print(stderr, "tertial: warning: {}\n", w);
    return path;
}

namespace {

std::size_t count(const LoadedReport& r, Severity s) { return r.read.diagnostics.count(s) + r.checks.count(s); }

// Errors always fail; with --strict, warnings fail too.
bool failed(const LoadedReport& r, bool strict) {
    return count(r, Severity::error) > 0 || (strict && count(r, Severity::warning) > 0);
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// ---- check ------------------------------------------------------------------------

struct CheckOptions {
    std::vector<std::string> files;
    std::vector<std::string> plugin_dirs;
    bool strict = false;
    bool todo = false;
    std::string previous;  // last year's report, for text.unreviewed
};

// Last year's report for --previous; nullopt after saying why not (`exit`).
std::optional<Report> read_previous(const std::string& path, int& exit, std::ostream& err) {
    auto text = read_input(path, InputKind::report, err);
    exit = exit_io;
    if (!text) return std::nullopt;
    LoadedReport last{path, std::move(*text), {}, std::nullopt, {}};
    last.read = json::read_report(last.text);
    if (last.read.report) return std::move(last.read.report);
    print_diagnostics(last, err);
    fmt::print(err, "tertial check: --previous {} does not read as a report\n", path);
    exit = exit_report_errors;
    return std::nullopt;
}

// "120 to fill in, 3 to write, 60 to review", leaving out the kinds with none.
std::string todo_counts(const std::vector<const TodoItem*>& items) {
    std::vector<std::string> parts;
    for (TodoKind k : {TodoKind::fill, TodoKind::write, TodoKind::review}) {
        auto n = std::count_if(items.begin(), items.end(), [&](const TodoItem* i) { return i->kind == k; });
        if (n) parts.push_back(fmt::format("{} {}", n, to_string(k)));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

// What is left to do, grouped by section with counts; with `items`, each
// item too, as FILE:LINE:COL: message.
void print_todo(const LoadedReport& r, bool items, std::ostream& out) {
    if (!r.read.report) return;
    auto todo = todo_list(*r.read.report);
    std::vector<const TodoItem*> all;
    for (const auto& t : todo) all.push_back(&t);
    if (todo.empty()) {
        if (items) fmt::print(out, "{}: nothing left to do\n", r.path);
        return;
    }
    fmt::print(out, "{}: {} left to do: {}\n", r.path, todo.size(), todo_counts(all));
    auto groups = group_todos(todo);
    std::vector<json::SourceQuery> queries;
    if (items)
        for (const auto& g : groups)
            for (const auto* i : g.items) queries.push_back({i->pointer});
    auto places = json::find_positions(r.text, queries);  // in one scan, as there may be thousands
    auto pos = places.begin();
    for (const auto& g : groups) {
        if (!items) {
            fmt::print(out, "  {}: {}\n", g.title, todo_counts(g.items));
            continue;
        }
        fmt::print(out, "\n{}: {}\n", g.title, todo_counts(g.items));
        for (const auto* i : g.items) {
            fmt::print(out, "  {}:{}:{}: {}\n", r.path, pos->line, pos->column, i->message);
            ++pos;
        }
    }
}

// The waivers in the file, each with the arithmetic it accepts: kept as
// printed on purpose, so listed (not warned about) whenever it is checked.
void print_waivers(const LoadedReport& r, std::ostream& out) {
    if (!r.resolution || r.resolution->waivers.empty()) return;
    const auto& waivers = r.resolution->waivers;
    fmt::print(out, "{}: {}, kept as printed on purpose:\n", r.path, plural(waivers.size(), "waiver"));
    auto places = json::positions_of(r.text, waivers, [](const auto& w) -> std::string_view { return w.pointer; });
    auto pos = places.begin();
    for (const auto& w : waivers) {
        fmt::print(out, "  {}:{}:{}: {}: {}: {}\n", r.path, pos->line, pos->column, w.what, w.arithmetic, w.reason);
        ++pos;
    }
}

// What check says when a PDF gives it no report to check.
const EmbeddedReportWords check_words{"; check the report's JSON file instead", "; its report is not checked"};

// A report file, or the report embedded in a Tertial PDF (named
// "FILE.pdf(report.json)" in messages), read and checked; nullopt after
// printing why not, with the failure noted in `io_failed` or `report_failed`.
std::optional<LoadedReport> load_for_check(const std::string& path, PluginHost& host, std::ostream& err, bool& io_failed,
                                           bool& report_failed) {
    auto bytes = read_input(path, InputKind::report_or_pdf, err);
    int exit = exit_report_errors;
    auto text = bytes ? report_text(path, std::move(*bytes), check_words, exit, err) : std::nullopt;
    if (!text) {
        (bytes && exit == exit_report_errors ? report_failed : io_failed) = true;
        return std::nullopt;
    }
    return check_text(text->name, std::move(text->text), host);
}

int run_check(const CheckOptions& o, std::ostream& out, std::ostream& err) {
    bool io_failed = false, report_failed = false;
    std::optional<Report> last;
    if (!o.previous.empty()) {
        int exit = exit_ok;
        if (!(last = read_previous(o.previous, exit, err))) return exit;
    }
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    for (const auto& file : o.files) {
        auto r = load_for_check(file, host, err, io_failed, report_failed);
        if (!r) continue;
        const std::string& path = r->path;
        if (last && r->read.report) check_against_last_year(*r->read.report, *last, o.previous, r->checks);
        report_failed |= failed(*r, o.strict);
        if (o.todo) {
            // Only the list; errors are not hidden, only not spelt out here.
            if (std::size_t n = count(*r, Severity::error))
                fmt::print(err, "{}: {}; `tertial check {}` shows them\n", path, plural(n, "error"), path);
            print_todo(*r, true, out);
            continue;
        }
        print_diagnostics(*r, err);
        fmt::print(out, "{}: {}, {}\n", path, plural(count(*r, Severity::error), "error"),
                   plural(count(*r, Severity::warning), "warning"));
        print_todo(*r, false, out);
        print_waivers(*r, out);
    }
    return io_failed ? exit_io : report_failed ? exit_report_errors : exit_ok;
}

std::function<int(std::ostream&, std::ostream&)> setup_check(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    app.add_option("files", o->files, "Report files (JSON), or PDFs made by tertial build (their embedded report)")
        ->required()
        ->type_name("FILE");
    app.add_flag("--strict", o->strict, "Treat warnings as errors");
    app.add_flag("--todo", o->todo,
                 "Print only what is left to do (figures to fill in, texts to write or review), grouped by section");
    app.add_option("--previous", o->previous,
                   "Last year's report (JSON): warn about texts still word for word as in it with no review mark left")
        ->type_name("LAST.json");
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_check(*o, out, err); };
}

// ---- build ------------------------------------------------------------------------

struct BuildOptions {
    std::vector<std::string> files;
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> formats;
    std::string out_dir;
    bool strict = false;
    bool quiet = false;
    unsigned jobs = 0;  // 0: one per core
};

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

// How long a build runs before its progress line appears: a second, or
// TERTIAL_PROGRESS_DELAY_MS (for tests, docs/development.md).
std::chrono::milliseconds progress_delay() {
    const char* v = std::getenv("TERTIAL_PROGRESS_DELAY_MS");
    char* end = nullptr;
    long ms = v && *v ? std::strtol(v, &end, 10) : -1;
    return std::chrono::milliseconds(end && *end == '\0' && ms >= 0 ? ms : 1000);
}

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

// A report whose first layout pass may have a helper thread: a few hundred
// KB at most, so that its outputs made in heaps of their own keep the peak
// within its memory target (a section-heavy 680 KB report: 29.5 -> 38.3 MB).
constexpr std::size_t small_report_bytes = 256 << 10;

// How much of the heap one small report's PDF may have touched ahead, while
// the PDF writer's module loads: what seed 000's build takes after its check
// (2.4 MB; the examples 1.9-4.2 MB).
constexpr std::size_t heap_ahead_of_layout = 3 << 20;

// Whether a build is of one small report with a core to spare: known from
// the file's size before anything is read, since glibc fixes the number of
// heaps when the first thread allocates (run_build sets it first).
bool one_small_report(const BuildOptions& o, unsigned jobs) {
    std::error_code size_unknown;
    return o.files.size() == 1 && jobs > 1 && fs::file_size(o.files.front(), size_unknown) <= small_report_bytes &&
           !size_unknown;
}

// How a build's outputs use its threads, once its reports are read.
// Several reports keep every core busy with a report each. One report
// with a core to spare:
// - a small one whose tables are short (pdf::helper_thread_pays()): its
//   JSON and PDF made side by side, each in a heap of its own, its first
//   layout pass with a helper thread and its pages drawn on two threads
//   (seed 000: 38.8 -> 36.1 ms, and 45 -> 43 ms);
// - another small one: made in the calling thread's heap, one output after
//   the other (in heaps of their own its outputs' memory is not shared: a
//   1 000-row table 0.35 MB more, no faster);
// - a larger one: its outputs side by side in one heap, its pages drawn on
//   two threads; over 1 MB, one output after the other, which was faster
//   (50 000 rows: 11.3 s side by side, 8.9 s).
struct Threads {
    unsigned at_once = 1;  // outputs made at once
    bool layout_helper = false, page_helper = false;
};

Threads plan_threads(const std::vector<LoadedReport>& reports, unsigned jobs, unsigned workers, bool small_one) {
    if (reports.size() != 1) return {workers, false, false};
    const LoadedReport& one = reports.front();
    Threads t;
    t.layout_helper = small_one && one.text.size() <= small_report_bytes && one.read.report &&
                      pdf::helper_thread_pays(*one.read.report);
    t.page_helper = jobs > 1 && (!small_one || t.layout_helper);
    const bool large = one.text.size() > (std::size_t{1} << 20);
    t.at_once = large || (small_one && !t.layout_helper) ? 1 : jobs;
    return t;
}

// Where every output goes, checked before anything is made; nullopt after
// saying why one cannot be written.
std::optional<std::vector<PlannedOutput>> plan_outputs(const BuildOptions& o, const std::vector<LoadedReport>& reports,
                                                       std::set<fs::path>& targets, std::ostream& err) {
    std::vector<PlannedOutput> plan;
    for (const auto& r : reports)
        for (const auto& format : output_formats()) {
            if (!o.formats.empty() && std::find(o.formats.begin(), o.formats.end(), format.name) == o.formats.end()) continue;
            fs::path target = fs::path(o.out_dir) / (fs::path(r.path).stem().string() + format.extension);
            if (auto refusal = output_refusal(target)) {
                fmt::print(err, "tertial build: error: {}; nothing written\n", *refusal);
                return std::nullopt;
            }
            if (same_file(target, r.path)) {
                fmt::print(err, "tertial build: error: {} would overwrite its input; choose another --out directory\n",
                           target.string());
                return std::nullopt;
            }
            if (!targets.insert(target).second) {
                fmt::print(err, "tertial build: error: two inputs would both be written to {}\n", target.string());
                return std::nullopt;
            }
            plan.push_back({&r, &format, target});
        }
    return plan;
}

// What a one-at-a-time build would have said when this output failed.
int report_failure(const OutputFailure& f, const std::vector<PlannedOutput>& plan, std::ostream& err) {
    const PlannedOutput& p = plan[f.index];
    switch (f.kind) {
        case OutputFailure::Kind::layout: {
            // Content no page can hold, found only as the PDF is laid
            // out: said like the checks' errors, at its place in the file.
            auto pos = json::position_of_pointer(p.report->text, f.pointer);
            fmt::print(err, "{}:{}:{}: error[{}]: {}: {}\n", p.report->path, pos.line, pos.column, f.code, f.pointer,
                       f.message);
            fmt::print(err, "tertial build: nothing written: fix the errors above first\n");
            return exit_report_errors;
        }
        case OutputFailure::Kind::make:
            fmt::print(err, "tertial build: error: {}: cannot make the {}: {}; nothing written\n", p.report->path,
                       p.format->name, f.message);
            return exit_io;
        case OutputFailure::Kind::stage:
            break;
    }
    fmt::print(err, "tertial build: error: {}; nothing written\n", f.message);
    return exit_io;
}

int run_build(const BuildOptions& o, std::ostream& out, std::ostream& err) {
    // Several reports are made on as many workers as there are cores (or
    // --jobs), each in a heap of its own: in the one heap main() sets up
    // their allocations waited for each other (ten copies of seed 000: 435
    // ms; 278 ms with a heap each). Set before any other thread allocates,
    // since glibc fixes the number of heaps when the first one is wanted.
    // One small report with a core to spare has up to four: the calling
    // thread's, the JSON's and the PDF's workers' and the layout helper's
    // (pdf::LayoutInput::helper_thread), which in a shared heap waited for
    // the first pass's allocations and made it slower, not faster (seed
    // 000: 442 context switches against 13). Only threads that allocate
    // take one. Any other report has one heap, which its outputs share.
    const unsigned jobs = o.jobs ? o.jobs : default_jobs();
    const unsigned workers = std::max<unsigned>(1, std::min<std::size_t>(jobs, o.files.size()));
    const bool small_one = one_small_report(o, jobs);
    if (workers > 1) mallopt(M_ARENA_MAX, static_cast<int>(workers) + 1);
    else if (small_one) mallopt(M_ARENA_MAX, 4);
    use_huge_pages_for(o.files);  // a large input's heap in 2 MB pages (heap.cpp)
    const bool pdf_wanted = o.formats.empty() || std::find(o.formats.begin(), o.formats.end(), "pdf") != o.formats.end();
    if (pdf_wanted) pdf::Resources::prepare();  // fonts are looked up while the reports are read
    std::size_t formats = o.formats.empty() ? output_formats().size() : std::set<std::string>(o.formats.begin(), o.formats.end()).size();
    BuildProgress progress(err, !o.quiet && is_terminal_stderr(err), o.files.size(),
                           o.files.size() * formats, progress_delay());
    std::vector<LoadedReport> reports;
    bool io_failed = false, report_failed = false;
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    // Several reports are checked at once, and said in file order.
    check_reports(o.files, host, workers, progress, [&](std::optional<LoadedReport> r, const std::string& said) {
        auto held = progress.hold();  // printed here, not over the progress line
        err << said;
        if (!r) {
            io_failed = true;
            return;
        }
        print_diagnostics(*r, err);
        held.unlock();
        report_failed |= failed(*r, o.strict);
        if (r->resolution) r->resolution->drop_places();  // the figures' pointers and labels are for diagnostics, printed
        reports.push_back(std::move(*r));
    }, [pdf_wanted] {
        // The PDF writer's libraries are loaded while the reports are
        // checked, once the first report's plugins are open.
        if (pdf_wanted) pdf::preload_emit_module();
    });
    if (io_failed) return exit_io;
    if (report_failed) {
        progress.stop();
        fmt::print(err, "tertial build: nothing written: fix the errors above first\n");
        return exit_report_errors;
    }
    std::set<fs::path> targets;
    auto plan = [&] {
        auto held = progress.hold();  // it may say why an output cannot be written
        return plan_outputs(o, reports, targets, err);
    }();
    if (!plan) return exit_usage;
    // Each output goes to a temporary file as soon as it is made (so only
    // a few are in memory at a time); they replace the targets together at
    // the end, or, on any error, are removed and nothing is written.
    try {
        AtomicFileSet files;
        files.ensure_directory(o.out_dir);
        BuildContext context(host);
        context.progress = &progress;
        const Threads threads = plan_threads(reports, jobs, workers, small_one);
        // Planning the PDF waits for the PDF writer's module (the house
        // style's logo is checked through it). One small report's PDF made
        // on this thread (its only output, or its outputs one at a time)
        // then takes this thread's heap: its next pages are touched while
        // the module loads, not page by page in the layout (heap.cpp).
        if (small_one && pdf_wanted && output_threads(plan->size(), threads.at_once) == 1)
            touch_heap_ahead(heap_ahead_of_layout, pdf::emit_module_loading);
        for (const auto& p : *plan) {
            if (p.format->plan) p.format->plan(*p.report, context);
            auto& readers = context.model_readers[p.report];
            readers.report = &reports[static_cast<std::size_t>(p.report - reports.data())];
            ++readers.left;
        }
        progress.making();
        context.layout_helper = threads.layout_helper;
        context.page_helper = threads.page_helper;
        auto failure = make_outputs(*plan, context, files, threads.at_once, progress);
        progress.stop();
        if (failure) return report_failure(*failure, *plan, err);
        files.commit();
    } catch (const OutputError& e) {
        progress.stop();
        fmt::print(err, "tertial build: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    for (const auto& target : targets) fmt::print(out, "wrote {}\n", target.string());
    return exit_ok;
}

std::function<int(std::ostream&, std::ostream&)> setup_build(CLI::App& app) {
    auto o = std::make_shared<BuildOptions>();
    app.add_option("files", o->files, "Report files (JSON)")->required()->type_name("FILE");
    app.add_option("-o,--out", o->out_dir, "Directory for the outputs (created if missing)")->required()->type_name("DIR");
    app.add_flag("--strict", o->strict, "Treat warnings as errors");
    add_plugin_dir_option(app, o->plugin_dirs);
    app.add_option("--format", o->formats, "Only this output: json or pdf (repeatable; default: all)")
        ->type_name("FORMAT")
        ->allow_extra_args(false)
        ->check(CLI::IsMember({"json", "pdf"}));
    app.add_option("-j,--jobs", o->jobs,
                   "Use this many threads (default: one per core): outputs made at once, or for one report a second "
                   "thread laying out and drawing pages ahead; the files are the same")
        ->type_name("N")
        ->check(CLI::Range(1u, 256u));
    app.add_flag("-q,--quiet", o->quiet, "Show no progress line (shown on a terminal only, once a build takes over a second)");
    return [o](std::ostream& out, std::ostream& err) { return run_build(*o, out, err); };
}

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> table{
        {"check", "tertial check [--strict] [--todo] [--previous LAST.json] FILE.json|FILE.pdf...",
         "Check reports: figures, totals, references and text; print diagnostics and what is left to do", setup_check},
        {"build", "tertial build [--strict] [--format json|pdf] [--jobs N] [--quiet] FILE... --out DIR", "Compute every figure; write the resolved JSON and the PDF of each report into a directory", setup_build},
        {"edit", "tertial edit REPORT.json [--port N] [--no-browser]",
         "Edit a report in a local web page with live preview; every change is checked and saved at once", setup_edit},
        {"new", "tertial new --municipality ID --committee ID --kind KIND --period YYYY-MM-DD -o FILE",
         "Write a new report skeleton from the plugins' templates, everything to fill in marked", setup_new},
        {"extract", "tertial extract REPORT.pdf -o FILE.json", "Write out the report JSON embedded in a Tertial PDF, byte for byte",
         setup_extract},
        {"sign",
         "tertial sign REPORT.pdf --signer ID (--p12 FILE | --cert FILE --key FILE) [--certify] [--draft]\n"
         "       [--on-behalf-of REASON] [--signing-time TIME] -o SIGNED.pdf\n"
         "       (or the key on a card: --pkcs11 MODULE --token LABEL [--key-label L | --key-id ID] [--cert FILE])",
         "Sign a signatory's field of a Tertial PDF (PAdES, offline) into a new file; earlier signatures stay valid",
         setup_sign},
        {"verify", "tertial verify REPORT.pdf [--trust CA.pem|DIR]... [--crl FILE|DIR]... [--json]",
         "Check every signature of a PDF: what it covers, its integrity and chain, and what changed after it", setup_verify},
        {"import",
         "tertial import ledger EXPORT.csv|EXPORT.xlsx --into REPORT.json [--map MAP.json] [--table ID] [--column ID] "
         "[--sheet NAME] [--date YYYY-MM-DD] [--dry-run]\n"
         "       tertial import kolada SNAPSHOT.json... --into REPORT.json [--date YYYY-MM-DD] [--dry-run]\n"
         "       tertial import kolada --url REPORT.json\n"
         "       tertial import docx LAST.docx --municipality ID --committee ID... -o REPORT.json [--dry-run] [--force]",
         "Fill a report's figures from where they live (a ledger export, a saved Kolada response), reconciled, with "
         "their source recorded; or turn last year's Word report into a Tertial report",
         setup_import},
        {"rollover", "tertial rollover LAST.json|LAST.pdf --to DATE|YEAR -o NEW.json",
         "Turn last year's report into this year's: periods shifted, figures to fill in and texts to review marked",
         setup_rollover},
        {"review", "tertial review list|accept|diff REPORT.json [--section ID] [POINTER...]",
         "List the review marks rollover left (last year's text beside this year's), show the word diff, accept them",
         setup_review},
        {"plugins", "tertial plugins [--plugin-dir DIR]... [--conformance DIR|FILE]",
         "List every plugin found, what it provides and where it is; or check plugins against the conformance suite",
         setup_plugins},
        {"plugin", "tertial plugin new --municipality NAME --scb-code CODE -o DIR [--id ID]",
         "Start a municipality plugin of your own: a folder with its source, CMakeLists.txt and README, ready to build",
         setup_plugin},
        {"ltv", "tertial ltv SIGNED.pdf --trust CA.pem|DIR... --crl FILE|DIR... -o OUT.pdf",
         "Add the signatures' chains and CRLs to a signed PDF (PAdES B-LT, a DSS); every signature stays valid",
         setup_ltv},
    };
    return table;
}

std::optional<LoadedReport> load_and_check(const std::string& path, PluginHost& host, std::ostream& err,
                                           std::mutex* host_lock, const std::function<void()>& plugins_loaded) {
    auto text = read_input(path, InputKind::report, err);
    if (!text) return std::nullopt;
    return check_text(path, std::move(*text), host, host_lock, plugins_loaded);
}

LoadedReport check_text(const std::string& name, std::string text, PluginHost& host, std::mutex* host_lock,
                        const std::function<void()>& plugins_loaded) {
    LoadedReport r{name, std::move(text), {}, std::nullopt, {}};
    r.read = json::read_report(r.text);
    if (!r.read.report) return r;
    Extensions ext = [&] {
        std::unique_lock<std::mutex> held;
        if (host_lock) held = std::unique_lock<std::mutex>(*host_lock);
        return load_report_plugins(*r.read.report, host, r.checks);
    }();
    if (r.checks.has_errors()) return r;
    if (plugins_loaded) plugins_loaded();
    r.resolution = check_report(*r.read.report, r.checks, &ext);
    return r;
}

void print_diagnostics(const LoadedReport& r, std::ostream& err) {
    // In file order, whatever order the checks found them in; a problem in
    // one word of a text at that word.
    struct Line {
        json::SourcePosition pos;
        const Diagnostic* d;
    };
    std::vector<const Diagnostic*> all;
    for (const auto* set : {&r.read.diagnostics, &r.checks})
        for (const auto& d : set->items()) all.push_back(&d);
    auto places = json::locate(r.text, all);  // in one scan, as there may be thousands
    std::vector<Line> lines;
    for (std::size_t i = 0; i < all.size(); ++i) lines.push_back({places[i], all[i]});
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
    });
    auto print = [&](const Line& l, std::string_view indent) {
        // Keys, values and file names come from the input: escaped, so that
        // none can reach the terminal as a control sequence or a line break.
        const Diagnostic& d = *l.d;
        std::string where = d.pointer.empty() ? "" : printable(d.pointer) + ": ";
        fmt::print(err, "{}{}:{}:{}: {}[{}]: {}{}\n", indent, printable(r.path), l.pos.line, l.pos.column,
                   to_string(d.severity), d.code, where, printable(d.message));
    };
    // An error that follows from another (a figure its calculation left
    // empty) is printed under that one, indented: the cause comes first.
    auto is_root = [&](const Line& l, const std::string& cause) {
        return l.d->cause.empty() && l.d->severity == Severity::error && l.d->pointer == cause;
    };
    auto has_root = [&](const Line& l) {
        return !l.d->cause.empty() &&
               std::any_of(lines.begin(), lines.end(), [&](const Line& root) { return is_root(root, l.d->cause); });
    };
    std::set<std::string> grouped;
    for (const auto& l : lines) {
        if (has_root(l)) continue;
        print(l, "");
        if (!l.d->cause.empty() || l.d->severity != Severity::error || !grouped.insert(l.d->pointer).second) continue;
        for (const auto& follow : lines)
            if (follow.d->cause == l.d->pointer && has_root(follow)) print(follow, "  ");
    }
}

void print_errors(const LoadedReport& r, std::ostream& err) {
    LoadedReport errors_only = r;
    errors_only.read.diagnostics = {};
    errors_only.checks = {};
    for (const auto& d : r.read.diagnostics.items())
        if (d.severity == Severity::error) errors_only.read.diagnostics.add(d);
    for (const auto& d : r.checks.items())
        if (d.severity == Severity::error) errors_only.checks.add(d);
    print_diagnostics(errors_only, err);
}

bool write_output(const std::string& path, const std::string& bytes, const std::string& command, std::ostream& err) {
    try {
        AtomicFileSet files;
        std::filesystem::path target(path);
        if (target.has_parent_path()) files.ensure_directory(target.parent_path());
        files.stage(target, bytes);
        files.commit();
        return true;
    } catch (const OutputError& e) {
        fmt::print(err, "tertial {}: error: {}; nothing written\n", command, e.what());
        return false;
    }
}

bool reads_back_clean(const std::string& path, const std::string& written, PluginHost& host, std::ostream& err) {
    LoadedReport next{path, written, json::read_report(written), std::nullopt, {}};
    if (next.read.report) {
        Extensions ext = load_report_plugins(*next.read.report, host, next.checks);
        if (!next.checks.has_errors()) check_report(*next.read.report, next.checks, &ext);
    }
    if (next.read.report && !next.read.diagnostics.has_errors() && !next.checks.has_errors()) return true;
    print_errors(next, err);
    return false;
}

}  // namespace tertial::cli
