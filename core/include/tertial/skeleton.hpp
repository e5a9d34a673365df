// A new report from the plugins' templates: what `tertial new` writes.
#pragma once

#include <optional>

#include "tertial/diagnostics.hpp"
#include "tertial/model.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial {

struct SkeletonRequest {
    const LoadedPlugin& municipality;
    const LoadedPlugin& committee;
    ReportKind kind = ReportKind::unknown;
    Date period_end;
    std::optional<Date> date;  // the document's date; the period end if not given
};

// The report skeleton: the committee's sections for this kind of report,
// the municipality's goals and table layouts, every figure and text to fill
// in marked as such. Problems (no template for the kind, a layout the
// municipality lacks, ...) are diagnostics; the result is then empty.
std::optional<Report> make_skeleton(const SkeletonRequest& request, Diagnostics& diagnostics);

// "Tertialrapport 1 2021 för Social- och arbetsmarknadsnämnden".
std::string default_title(ReportKind kind, const Date& period_end, const std::string& committee);

}  // namespace tertial
