// report_text(): a report's JSON, from its file or from inside a Tertial PDF (rollover, check).
#include "report_input.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "input_files.hpp"
#include "input_signatures.hpp"
#include "isolated.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/pdf/sign.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;

bool is_pdf(const std::string& path, const std::string& bytes) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".pdf" || bytes.compare(0, 5, "%PDF-") == 0;
}

std::optional<ReportText> report_text(const std::string& path, std::string bytes, const EmbeddedReportWords& words,
                                      int& exit, std::ostream& err) {
    if (!is_pdf(path, bytes)) {
        // Read with a PDF's limit; as a report it has a report's.
        if (auto message = over_limit(path, bytes.size(), InputKind::report)) {
            err << *message;
            exit = exit_io;
            return std::nullopt;
        }
        return ReportText{path, std::move(bytes)};  // not a second copy of a large report
    }
    exit = exit_report_errors;
    try {
        InputSignatures s = check_input_signatures(bytes);
        switch (s.verdict) {
            case InputSignatures::Verdict::none:
                break;
            case InputSignatures::Verdict::intact:
                fmt::print(err, "{}: signatures intact: {}\n", path, s.summary);
                break;
            case InputSignatures::Verdict::broken:
                fmt::print(err, "{}: error: the PDF's signatures are not intact: {}{}\n", path, s.summary, words.broken);
                return std::nullopt;
        }
        auto json = read_attachment_isolated(bytes, "report.json");
        if (!json) {
            fmt::print(err, "{}: error: this PDF carries no Tertial report (no embedded report.json){}\n", path,
                       words.no_report);
            return std::nullopt;
        }
        return ReportText{path + "(report.json)", std::move(*json)};
    } catch (const pdf::ModuleError&) {
        throw;  // said by run(), as for every command
    } catch (const std::exception& e) {
        fmt::print(err, "{}: error: cannot read the PDF: {}\n", path, e.what());
        return std::nullopt;
    }
}

}  // namespace tertial::cli
