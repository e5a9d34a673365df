// source_difference(): the PDF to be signed, against what `tertial build` makes from its embedded report.
#include "sign_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "commands.hpp"
#include "isolated.hpp"
#include "outputs.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::cli {
namespace {

// The PDF `tertial build` makes from `report_json`; throws
// std::runtime_error saying why it cannot be made.
std::string rebuild(const std::string& report_json, PluginHost& host) {
    LoadedReport r = check_text("report.json", report_json, host);
    if (!r.read.report || !r.resolution) {
        for (const auto* set : {&r.read.diagnostics, &r.checks})
            for (const auto& d : set->items())
                if (d.severity == Severity::error)
                    throw std::runtime_error(fmt::format("it has errors here ({}{}{})", d.code.empty() ? "" : "[" + d.code + "] ",
                                                         d.pointer.empty() ? "" : d.pointer + ": ", d.message));
        throw std::runtime_error("it cannot be read as a report");
    }
    const auto& formats = output_formats();
    auto pdf = std::find_if(formats.begin(), formats.end(), [](const OutputFormat& f) { return f.name == std::string("pdf"); });
    BuildContext context(host);
    if (pdf->plan) pdf->plan(r, context);
    return pdf->write(r, context);
}

// The first few differences, object by object, read in a limited process.
std::string describe(const std::string& expected, const std::string& actual) {
    std::vector<std::string> found;
    try {
        pdf::load_signature_module();  // before the fork
        std::string joined = run_isolated([&] {
            std::string out;
            for (const auto& d : pdf::pdf_differences(expected, actual)) out += d + '\n';
            return out;
        });
        for (std::size_t at = 0, end; (end = joined.find('\n', at)) != std::string::npos; at = end + 1)
            found.push_back(joined.substr(at, end - at));
    } catch (const pdf::ModuleError&) {
        throw;
    } catch (const std::exception& e) {
        return std::string("cannot tell which objects: ") + e.what();
    }
    if (found.empty()) {
        auto mismatch = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
        std::size_t at = static_cast<std::size_t>(mismatch.first - expected.begin());
        if (at == expected.size())
            return fmt::format("no object differs, but {} bytes follow the end of what tertial build makes",
                               actual.size() - at);
        return fmt::format("no object differs, but the bytes differ from byte {} on", at);
    }
    const std::size_t shown = 3;
    std::string out;
    for (std::size_t i = 0; i < found.size() && i < shown; ++i) out += (i ? "; " : "") + found[i];
    if (found.size() > shown) out += fmt::format("; and {} more", found.size() - shown);
    return out;
}

}  // namespace

std::size_t unsigned_part_end(const std::string& pdf_bytes, std::size_t first_signed_end) {
    std::size_t own = pdf_bytes.rfind("%%EOF", first_signed_end >= 5 ? first_signed_end - 5 : 0);
    if (own == std::string::npos || own == 0) return 0;
    std::size_t before = pdf_bytes.rfind("%%EOF", own - 1);
    if (before == std::string::npos) return 0;
    std::size_t end = before + 5;
    if (end < pdf_bytes.size() && pdf_bytes[end] == '\r') ++end;
    if (end < pdf_bytes.size() && pdf_bytes[end] == '\n') ++end;
    return end;
}

std::optional<std::string> source_difference(const std::string& pdf_bytes, const pdf::VerifyResult& parsed,
                                             const std::string& report_json, PluginHost& host) {
    std::string rebuilt;
    try {
        rebuilt = rebuild(report_json, host);
    } catch (const std::exception& e) {
        return std::string("its embedded report cannot be built again here to compare: ") + e.what();
    }
    std::size_t end = pdf_bytes.size();
    for (const auto& s : parsed.signatures)
        if (s.parsed.covers_revision) {
            end = unsigned_part_end(pdf_bytes, s.parsed.revision_end);
            break;
        }
    std::string unsigned_part = pdf_bytes.substr(0, end);
    if (unsigned_part == rebuilt) return std::nullopt;
    return describe(rebuilt, unsigned_part);
}

}  // namespace tertial::cli
