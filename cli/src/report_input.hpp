// The report a command reads: a report's JSON file, or the report embedded in a Tertial PDF.
#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace tertial::cli {

// A PDF by its content, or by its name: a file called .pdf that is not one
// is reported as a damaged PDF, not as a JSON syntax error.
bool is_pdf(const std::string& path, const std::string& bytes);

// What a command says when a PDF gives it no report to use.
struct EmbeddedReportWords {
    std::string no_report;  // after "this PDF carries no Tertial report (no embedded report.json)"
    std::string broken;     // after "the PDF's signatures are not intact: SUMMARY"
};

struct ReportText {
    std::string name;  // for messages: the file, or "FILE.pdf(report.json)"
    std::string text;
};

// The report JSON in `bytes`, read from `path`: the file itself (within a
// report's size limit), or, from a PDF, its embedded report.json once the
// PDF's signatures are verified intact (see check_input_signatures; an
// intact set is named on `err`). nullopt after printing why not, with
// `exit` set to the code to end with.
std::optional<ReportText> report_text(const std::string& path, std::string bytes, const EmbeddedReportWords& words,
                                      int& exit, std::ostream& err);

}  // namespace tertial::cli
