// One Kolada import from bytes to the report as it would be written: what `tertial import kolada` runs on
// the snapshots it read, and the editor on the files its page sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/date.hpp"
#include "tertial/imports/imports.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/kolada/kolada.hpp"

namespace tertial::imports {

struct KoladaSnapshot {
    InputFile file;
    Date date;  // when the figures were taken: --date, else the file's modification date
};

// A figure the import changes, as shown ("80,1 %", plain).
struct KoladaChange {
    std::string where;  // the key figure's id, or table.row.column
    std::string pointer;
    std::optional<std::string> before, after;                // nullopt: empty
    std::optional<std::string> year_before, year_after;      // a key figure whose year moved ("" before: none)
};

struct KoladaRun {
    bool stopped = false;
    std::string error;                  // why it stopped, as `tertial import kolada` prints it ("FILE:line:col: error: ...")
    std::vector<std::string> warnings;  // placed in the snapshot, or naming the report
    kolada::FillResult result;
    std::vector<kolada::SnapshotFile> files;
    std::vector<KoladaChange> changes;
    std::vector<std::string> missing;   // "figure: left to fill in: reason"
    std::string summary;                // "REPORT: 4 figures from Kolada, taken 2021-05-03: 4 changed, ..."
    std::string written;                // the report as it would be written
    json::ReadResult back;              // `written` read back: stopped when it has errors
    bool unchanged = false;             // `written` is the report's text as it was
};

// Reads the snapshots, fills a copy of `report` (read from `report_text`,
// named `report_name` in messages), and reads back what would be written.
// Never throws for bad input: the run says where it stopped. Nothing is
// written anywhere.
KoladaRun run_kolada_import(const Report& report, std::string_view report_text, const std::string& report_name,
                            const std::vector<KoladaSnapshot>& snapshots);

// What `tertial import kolada` prints on stdout: the changes, the figures
// left to fill in, the summary.
std::string kolada_listing(const KoladaRun& run);

}  // namespace tertial::imports
