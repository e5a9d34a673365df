// One Kolada import from bytes: the snapshots read, the report filled, what would be written read back;
// shared by `tertial import kolada` and the editor's import.
#include "tertial/imports/kolada_run.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tertial/format.hpp"

namespace tertial::imports {
namespace {

// "80,1 %", or nullopt for a figure that had none.
std::optional<std::string> shown(const std::optional<Decimal>& v, const kolada::Change& c) {
    if (!v) return std::nullopt;
    return format_amount(*v, c.unit, c.display, NumberStyle::plain);
}

// "FILE:line:col: severity: /pointer: message", at `pos` in a snapshot.
std::string placed(const KoladaSnapshot& s, json::SourcePosition pos, const std::string& pointer, const char* severity,
                   const std::string& message) {
    return fmt::format("{}:{}:{}: {}: {}{}", s.file.name, pos.line, pos.column, severity, pointer.empty() ? "" : pointer + ": ",
                       message);
}

// Each warning as printed: placed in its snapshot when about one of its
// values, each snapshot scanned once however many warnings it has.
std::vector<std::string> warning_lines(const std::vector<kolada::Warning>& warnings, const std::vector<KoladaSnapshot>& snapshots,
                                       const std::string& report_name) {
    std::vector<std::string> out(warnings.size());
    for (std::size_t file = 0; file < snapshots.size(); ++file) {
        std::vector<std::size_t> in_file;
        std::vector<json::SourceQuery> queries;
        for (std::size_t i = 0; i < warnings.size(); ++i)
            if (warnings[i].file == file && warnings[i].pointer.starts_with("/values")) {
                in_file.push_back(i);
                queries.push_back({warnings[i].pointer});
            }
        auto places = json::find_positions(snapshots[file].file.bytes, queries);
        for (std::size_t k = 0; k < in_file.size(); ++k) {
            const auto& w = warnings[in_file[k]];
            out[in_file[k]] = placed(snapshots[file], places[k], w.pointer, "warning", w.message);
        }
    }
    for (std::size_t i = 0; i < warnings.size(); ++i)
        if (!warnings[i].pointer.starts_with("/values"))
            out[i] = fmt::format("{}: warning: {}", report_name, warnings[i].message);
    return out;
}

}  // namespace

KoladaRun run_kolada_import(const Report& report, std::string_view report_text, const std::string& report_name,
                            const std::vector<KoladaSnapshot>& snapshots) {
    KoladaRun run;
    std::vector<kolada::Snapshot> read;
    for (const auto& s : snapshots) {
        try {
            read.push_back(kolada::read_snapshot(s.file.bytes));
        } catch (const kolada::SnapshotError& e) {
            run.stopped = true;
            run.error = fmt::format("{}:{}:{}: error: {}", s.file.name, e.line, e.column, e.what());
            return run;
        }
        run.files.push_back({file_name(s.file.name), sha256_hex(s.file.bytes), read.back().rows, s.date});
    }
    Report next = report;
    try {
        run.result = kolada::fill(next, read, run.files);
    } catch (const kolada::FillError& e) {
        run.stopped = true;
        if (e.pointer.starts_with("/values")) {
            const auto& s = snapshots[e.file];
            run.error = placed(s, json::position_of_pointer(s.file.bytes, e.pointer), e.pointer, "error", e.what());
        } else {
            auto pos = json::position_of_pointer(report_text, e.pointer);
            run.error = fmt::format("{}:{}:{}: error: {}: {}", report_name, pos.line, pos.column, e.pointer, e.what());
        }
        return run;
    }
    run.warnings = warning_lines(run.result.warnings, snapshots, report_name);
    for (const auto& c : run.result.changes) {
        KoladaChange k{c.figure, c.pointer, shown(c.before, c), shown(c.after, c), c.year_before, c.year_after};
        run.changes.push_back(std::move(k));
    }
    for (const auto& m : run.result.missing) run.missing.push_back(fmt::format("{}: left to fill in: {}", m.figure, m.reason));
    const auto& r = run.result;
    std::size_t unchanged = r.filled - std::min(r.filled, r.changes.size());
    run.summary = fmt::format("{}: {} figure{} from Kolada, taken {}: {} changed, {} unchanged, {} left to fill in", report_name,
                              r.filled, r.filled == 1 ? "" : "s", run.files.front().date.to_string(), r.changes.size(),
                              unchanged, r.missing.size());
    run.written = json::write_report(next);
    run.back = json::read_report(run.written);
    run.stopped = !run.back.report || run.back.diagnostics.has_errors();
    run.unchanged = run.written == report_text;
    return run;
}

std::string kolada_listing(const KoladaRun& run) {
    std::string out;
    for (const auto& c : run.changes) {
        std::string line = "  " + change_text(c.where, c.before.value_or("(empty)"), c.after.value_or("(empty)"));
        if (c.year_after)
            line += ", year " + change_text(c.year_before->empty() ? "(none)" : *c.year_before, *c.year_after) +
                    " (a newer outcome than the report had: check the comment)";
        out += line + "\n";
    }
    for (const auto& m : run.missing) out += "  " + m + "\n";
    return out + run.summary + "\n";
}

}  // namespace tertial::imports
