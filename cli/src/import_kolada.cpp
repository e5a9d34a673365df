// `tertial import kolada`: key figures and comparison values from a saved Kolada API response.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "terminal_text.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/format.hpp"
#include "tertial/kolada/kolada.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct KoladaOptions {
    std::vector<std::string> snapshots;
    std::string into, url, date;
    bool dry_run = false;
};

// A report read as JSON, or nullopt after printing its errors.
std::optional<LoadedReport> read_report_file(const std::string& path, std::ostream& err) {
    auto text = read_input(path, InputKind::report, err);
    if (!text) return std::nullopt;
    LoadedReport r{path, std::move(*text), {}, std::nullopt, {}};
    r.read = json::read_report(r.text);
    if (!r.read.report || r.read.diagnostics.has_errors()) {
        print_errors(r, err);
        fmt::print(err, "tertial import kolada: {} has errors; fix them first; nothing written\n", path);
        return std::nullopt;
    }
    return r;
}

int print_addresses(const KoladaOptions& o, std::ostream& out, std::ostream& err) {
    auto r = read_report_file(o.url, err);
    if (!r) return exit_report_errors;
    auto urls = kolada::addresses(*r->read.report);
    if (urls.empty()) {
        fmt::print(err,
                   "tertial import kolada: {} names no Kolada KPI: give key figures a \"kolada\" id, or table rows a "
                   "\"kolada\" id and columns a \"kolada\" selector\n",
                   o.url);
        return exit_report_errors;
    }
    for (const auto& u : urls) fmt::print(out, "{}\n", u);
    return exit_ok;
}

// "80,1 %", or "(empty)" for a figure that had none.
std::string shown(const std::optional<Decimal>& v, const kolada::Change& c) {
    return v ? format_amount(*v, c.unit, c.display, NumberStyle::plain) : "(empty)";
}

void print_changes(const KoladaOptions& o, const kolada::FillResult& result, const Date& date, std::ostream& out) {
    for (const auto& c : result.changes) {
        if (c.year_before)
            fmt::print(out, "  {}: {} → {}, year {} → {} (a newer outcome than the report had: check the comment)\n",
                       c.figure, shown(c.before, c), shown(c.after, c),
                       c.year_before->empty() ? "(none)" : *c.year_before, *c.year_after);
        else
            fmt::print(out, "  {}: {} → {}\n", c.figure, shown(c.before, c), shown(c.after, c));
    }
    for (const auto& m : result.missing) fmt::print(out, "  {}: left to fill in: {}\n", m.figure, m.reason);
    std::size_t unchanged = result.filled - std::min(result.filled, result.changes.size());
    fmt::print(out, "{}: {} figure{} from Kolada, taken {}: {} changed, {} unchanged, {} left to fill in\n", o.into,
               result.filled, result.filled == 1 ? "" : "s", date.to_string(), result.changes.size(), unchanged,
               result.missing.size());
}

struct ReadSnapshot {
    std::string path, text;
    kolada::Snapshot snapshot;
};

// Prints "FILE:line:col: severity: message" at a pointer of a snapshot.
void say_at(const ReadSnapshot& s, const std::string& pointer, const char* severity, const std::string& message,
            std::ostream& err) {
    auto pos = json::SourceMap::build(s.text).find(pointer);
    fmt::print(err, "{}:{}:{}: {}: {}{}\n", s.path, pos.line, pos.column, severity,
               pointer.empty() ? "" : pointer + ": ", message);
}

int run_import(const KoladaOptions& o, std::ostream& out, std::ostream& err) {
    if (!o.url.empty()) return print_addresses(o, out, err);
    if (o.into.empty() || o.snapshots.empty()) {
        fmt::print(err, "tertial import kolada: give SNAPSHOT.json and --into REPORT.json, or --url REPORT.json\n"
                        "Run 'tertial import kolada --help' for usage.\n");
        return exit_usage;
    }
    std::optional<Date> given;
    if (!o.date.empty() && !(given = Date::parse(o.date))) {
        fmt::print(err, "tertial import kolada: error: --date {}: not a date; write YYYY-MM-DD\n", o.date);
        return exit_usage;
    }
    if (auto refusal = output_refusal(o.into)) {
        fmt::print(err, "tertial import kolada: error: {}; nothing written\n", *refusal);
        return exit_usage;
    }
    auto loaded = read_report_file(o.into, err);
    if (!loaded) return exit_report_errors;

    std::vector<ReadSnapshot> read;
    std::vector<kolada::SnapshotFile> files;
    for (const auto& path : o.snapshots) {
        auto text = read_input(path, InputKind::kolada, err);
        if (!text) return exit_io;
        ReadSnapshot s{path, std::move(*text), {}};
        try {
            s.snapshot = kolada::read_snapshot(s.text);
        } catch (const kolada::SnapshotError& e) {
            fmt::print(err, "{}:{}:{}: error: {}\n", path, e.line, e.column, e.what());
            fmt::print(err, "tertial import kolada: nothing written\n");
            return exit_report_errors;
        }
        auto date = given ? given : file_date(path);
        files.push_back({fs::path(path).filename().string(), sha256_hex(s.text), s.snapshot.rows, date.value_or(Date{})});
        read.push_back(std::move(s));
    }
    std::vector<kolada::Snapshot> snapshots;
    for (const auto& s : read) snapshots.push_back(s.snapshot);

    Report report = *loaded->read.report;
    kolada::FillResult result;
    try {
        result = kolada::fill(report, snapshots, files);
    } catch (const kolada::FillError& e) {
        if (e.pointer.starts_with("/values"))
            say_at(read[e.file], e.pointer, "error", e.what(), err);
        else {
            auto pos = loaded->read.source_map.find(e.pointer);
            fmt::print(err, "{}:{}:{}: error: {}: {}\n", o.into, pos.line, pos.column, e.pointer, e.what());
        }
        fmt::print(err, "tertial import kolada: nothing written\n");
        return exit_report_errors;
    }
    for (const auto& w : result.warnings) {
        if (w.pointer.starts_with("/values"))
            say_at(read[w.file], w.pointer, "warning", w.message, err);
        else
            fmt::print(err, "{}: warning: {}\n", o.into, w.message);
    }
    Date date = files.front().date;
    print_changes(o, result, date, out);

    std::string written = json::write_report(report);
    auto back = json::read_report(written);
    if (!back.report || back.diagnostics.has_errors()) {
        LoadedReport errors{o.into, written, std::move(back), std::nullopt, {}};
        print_diagnostics(errors, err);
        fmt::print(err, "tertial import kolada: the report would have errors (above, as it would be written); nothing written\n");
        return exit_report_errors;
    }
    if (o.dry_run) {
        fmt::print(out, "dry run: {} not written\n", o.into);
        return exit_ok;
    }
    if (written == loaded->text) {
        fmt::print(out, "{} is unchanged\n", o.into);
        return exit_ok;
    }
    try {
        AtomicFileSet out_files;
        out_files.stage(o.into, written);
        out_files.commit();
    } catch (const OutputError& e) {
        fmt::print(err, "tertial import kolada: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    fmt::print(out, "wrote {}\n", o.into);
    return exit_ok;
}

std::function<int(std::ostream&, std::ostream&)> setup_import_kolada(CLI::App& app) {
    auto o = std::make_shared<KoladaOptions>();
    app.add_option("snapshots", o->snapshots,
                   "Saved Kolada API responses (JSON), as the addresses --url prints return them")
        ->type_name("SNAPSHOT.json");
    auto* into = app.add_option("--into", o->into, "The report to fill (JSON); written in place, atomically")
                     ->type_name("REPORT.json");
    app.add_option("--url", o->url, "Print the addresses to save for this report's key figures and years, and stop")
        ->type_name("REPORT.json")
        ->excludes(into);
    app.add_option("--date", o->date, "When the figures were taken (default: each snapshot file's date)")
        ->type_name("YYYY-MM-DD");
    app.add_flag("--dry-run", o->dry_run, "Print what would change; write nothing");
    return [o](std::ostream& out, std::ostream& err) { return run_import(*o, out, err); };
}

}  // namespace

void register_import_kolada(CLI::App& import, ImportAction& chosen) {
    CLI::App* sub = import.add_subcommand("kolada", "Fill key figures and Kolada table cells from a saved Kolada API response");
    auto action = setup_import_kolada(*sub);
    sub->callback([&chosen, action] { chosen = action; });
}

}  // namespace tertial::cli
