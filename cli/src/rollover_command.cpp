// `tertial rollover`: last year's report (JSON, or the JSON inside a Tertial PDF) as this year's template.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "input_files.hpp"
#include "report_input.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/rollover.hpp"
#include "tertial/todo.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

struct RolloverOptions {
    std::string input, to, output;
    std::vector<std::string> plugin_dirs;
    bool force = false;
    bool verbose = false;
};

// What rollover says when a PDF gives it no report to roll over.
const EmbeddedReportWords rollover_words{
    ", so there is nothing to roll over; roll over the report's JSON file instead", "; nothing written"};

// Refuses an output that is the input, or that exists without --force.
bool output_allowed(const RolloverOptions& o, std::ostream& err) {
    if (auto refusal = output_refusal(o.output)) {
        fmt::print(err, "tertial rollover: error: {}\n", *refusal);
        return false;
    }
    std::error_code ec;
    if (fs::weakly_canonical(o.output, ec) == fs::weakly_canonical(o.input, ec) ||
        fs::equivalent(o.output, o.input, ec)) {
        fmt::print(err, "tertial rollover: error: {} is the input; the input is never overwritten: choose another -o\n",
                   o.output);
        return false;
    }
    if (fs::exists(o.output, ec) && !o.force) {
        fmt::print(err, "tertial rollover: error: {} exists; choose another file or pass --force to replace it\n",
                   o.output);
        return false;
    }
    return true;
}

void print_summary(const RolloverOptions& o, const Report& last, const Report& next, const RolloverLog& log,
                   const std::vector<TodoItem>& todo, std::ostream& out) {
    fmt::print(out, "wrote {}: {}, period ending {}\n", o.output, next.meta.title, next.meta.period.end.to_string());
    std::vector<std::string> did;
    auto say = [&](RolloverAction a, const char* one, const char* many) {
        if (std::size_t n = log.count(a)) did.push_back(fmt::format("{} {}", n, n == 1 ? one : many));
    };
    say(RolloverAction::updated, "title or label updated", "titles and labels updated");
    say(RolloverAction::renamed, "set of ids renamed", "sets of ids renamed");
    say(RolloverAction::carried, "column carried over", "columns carried over");
    say(RolloverAction::proposed, "column proposed from last year's plan", "columns proposed from last year's plan");
    say(RolloverAction::kept, "column kept as it was", "columns kept as they were");
    say(RolloverAction::emptied, "column or figure emptied", "columns and figures emptied");
    say(RolloverAction::review, "text kept for review", "texts kept for review");
    say(RolloverAction::cleared, "decision item cleared", "decision items cleared");
    say(RolloverAction::added, "part added", "parts added");
    fmt::print(out, "  from {} ({}): {}\n", o.input, last.meta.title, fmt::join(did, ", "));
    std::size_t fill = 0, write = 0, review = 0;
    for (const auto& t : todo) (t.kind == TodoKind::fill ? fill : t.kind == TodoKind::write ? write : review)++;
    fmt::print(out,
               "  left to do: {} ({} to fill in, {} to write, {} to review); `tertial check --todo {}` lists them\n",
               todo.size(), fill, write, review, o.output);
    if (o.verbose)
        for (const auto& n : log.notes)
            fmt::print(out, "  {}: {}{}\n", to_string(n.action), n.pointer.empty() ? "" : n.pointer + ": ", n.message);
}

int run_rollover(const RolloverOptions& o, std::ostream& out, std::ostream& err) {
    auto bytes = read_input(o.input, InputKind::report_or_pdf, err);
    if (!bytes) return exit_io;
    if (!output_allowed(o, err)) return exit_usage;
    int failure = exit_report_errors;
    auto text = report_text(o.input, std::move(*bytes), rollover_words, failure, err);
    if (!text) return failure;
    const std::string name = text->name;

    PluginHost host(plugin_search_path(o.plugin_dirs));

    host.allow_unsafe(allow_unsafe_plugins());
    LoadedReport last{name, std::move(text->text), {}, std::nullopt, {}};
    last.read = json::read_report(last.text);
    if (!last.read.report) {
        print_diagnostics(last, err);
        return exit_report_errors;
    }
    Extensions ext = load_report_plugins(*last.read.report, host, last.checks);
    if (!last.checks.has_errors()) last.resolution = check_report(*last.read.report, last.checks, &ext);
    if (last.checks.has_errors()) {
        print_errors(last, err);
        fmt::print(err, "tertial rollover: {} has errors; fix them before rolling it over; nothing written\n", name);
        return exit_report_errors;
    }

    std::string why;
    auto to = rollover_target(last.read.report->meta.period, o.to, why);
    if (!to) {
        fmt::print(err, "tertial rollover: error: --to {}: {}\n", o.to, why);
        return exit_usage;
    }
    RolloverResult rolled = rollover(*last.read.report, {*to}, &ext);
    LoadedReport notes = last;
    notes.checks = rolled.diagnostics;
    print_diagnostics(notes, err);
    if (!rolled.report) {
        fmt::print(err, "tertial rollover: nothing written\n");
        return exit_report_errors;
    }

    // The new report must read back and check without errors before it is written.
    std::string written = json::write_report(*rolled.report);
    if (!reads_back_clean(o.output, written, host, err)) {
        fmt::print(
            err,
            "tertial rollover: the rolled-over report has errors (above, as it would be written); nothing written\n");
        return exit_report_errors;
    }
    if (!write_output(o.output, written, "rollover", err)) return exit_io;
    print_summary(o, *last.read.report, *rolled.report, rolled.log, todo_list(*rolled.report), out);
    return exit_ok;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_rollover(CLI::App& app) {
    auto o = std::make_shared<RolloverOptions>();
    app.add_option("last", o->input, "Last year's report: its JSON, or a PDF made by tertial build")
        ->required()
        ->type_name("LAST.json|LAST.pdf");
    app.add_option("--to", o->to,
                   "The end of the new period (2021-04-30), or a year for the same day of that year (2023)")
        ->required()
        ->type_name("DATE|YEAR");
    app.add_option("-o,--output", o->output, "The new report (JSON); never the input")
        ->required()
        ->type_name("NEW.json");
    app.add_flag("--force", o->force, "Replace NEW.json if it exists");
    app.add_flag("-v,--verbose", o->verbose, "Also list everything rollover changed");
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_rollover(*o, out, err); };
}

}  // namespace tertial::cli
