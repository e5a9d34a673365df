// A new report from the plugins' templates: what `tertial new` writes.
#pragma once

#include <optional>

#include "tertial/diagnostics.hpp"
#include "tertial/model.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial {

struct SkeletonRequest {
    const LoadedPlugin& municipality;
    // The committee plugins of one nämnd, in the order their sections come:
    // Östersund's SAN is social_services and labour_market.
    std::vector<const LoadedPlugin*> committees;
    // The nämnd's short name, as the municipality names it ("SAN"); empty:
    // the one nämnd the committee plugins serve.
    std::string committee;
    ReportKind kind = ReportKind::unknown;
    Date period_end;
    std::optional<Date> date;  // the document's date; if not given, one to fill in (meta.todo)
};

// The report skeleton: the committees' sections for this kind of report
// (sections of the same title, from two committee plugins, become one), the
// municipality's goals and table layouts (the nämnd's own layout where it
// has one), every figure and text to fill in marked as such, no month after
// the period's end. Problems (a period end the kind does not have, no
// template for the kind, a layout the municipality lacks, ...) are
// diagnostics; the result is then empty.
std::optional<Report> make_skeleton(const SkeletonRequest& request, Diagnostics& diagnostics);

// What `tertial new --committee` names: one nämnd of the municipality and
// the committee plugins its report is made from.
struct CommitteeChoice {
    std::string short_name;            // "SAN"
    std::vector<std::string> plugins;  // "social_services", "labour_market"
};

// The nämnd and committee plugins `names` stand for in `municipality`: each
// name is a nämnd's short name ("SAN": every committee plugin the
// municipality gives it) or a committee plugin id; every plugin must serve
// that one nämnd. nullopt, with diagnostics, when they do not.
std::optional<CommitteeChoice> choose_committee(const LoadedPlugin& municipality, const std::vector<std::string>& names,
                                                Diagnostics& diagnostics);

// "Tertialrapport 1 2021 för Social- och arbetsmarknadsnämnden".
std::string default_title(ReportKind kind, const Date& period_end, const std::string& committee);

}  // namespace tertial
