// `tertial import kolada`: key figures and comparison values from a saved Kolada API response.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "edit_import_module.hpp"
#include "input_files.hpp"
#include "terminal_text.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"

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
    auto urls = edit_import_module().kolada_addresses(*r->read.report);
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

// Reads the files, runs the import (formats/imports: the one the editor runs
// too), prints what it did, and writes the report unless told not to.
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

    std::vector<std::string> texts;
    texts.reserve(o.snapshots.size());
    for (const auto& path : o.snapshots) {
        auto text = read_input(path, InputKind::kolada, err);
        if (!text) return exit_io;
        texts.push_back(std::move(*text));
    }
    std::vector<imports::KoladaSnapshot> snapshots;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        auto date = given ? given : file_date(o.snapshots[i]);
        snapshots.push_back({{o.snapshots[i], texts[i]}, date.value_or(Date{})});
    }
    const EditImportModule& module = edit_import_module();
    auto run = module.run_kolada_import(*loaded->read.report, loaded->text, o.into, snapshots);
    if (!run.error.empty()) {
        fmt::print(err, "{}\ntertial import kolada: nothing written\n", run.error);
        return exit_report_errors;
    }
    for (const auto& w : run.warnings) fmt::print(err, "{}\n", w);
    out << module.kolada_listing(run);
    if (run.stopped) {
        print_diagnostics(LoadedReport{o.into, run.written, std::move(run.back), std::nullopt, {}}, err);
        fmt::print(err, "tertial import kolada: the report would have errors (above, as it would be written); nothing written\n");
        return exit_report_errors;
    }
    if (o.dry_run) {
        fmt::print(out, "dry run: {} not written\n", o.into);
        return exit_ok;
    }
    if (run.unchanged) {
        fmt::print(out, "{} is unchanged\n", o.into);
        return exit_ok;
    }
    try {
        AtomicFileSet out_files;
        out_files.stage(o.into, run.written);
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
