// Names of the model's enums in report files.
#include <array>
#include <utility>

#include "tertial/model.hpp"

namespace tertial {
namespace {

template <class E>
struct Names;

template <class E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

template <>
struct Names<ReportKind> {
    static constexpr Table<ReportKind, 5> table{{{ReportKind::tertialrapport, "tertialrapport"},
                                                 {ReportKind::delarsrapport, "delarsrapport"},
                                                 {ReportKind::verksamhetsplan, "verksamhetsplan"},
                                                 {ReportKind::kvalitetsrapport, "kvalitetsrapport"},
                                                 {ReportKind::verksamhetsberattelse, "verksamhetsberattelse"}}};
};
template <>
struct Names<ReportStatus> {
    static constexpr Table<ReportStatus, 2> table{{{ReportStatus::utkast, "utkast"}, {ReportStatus::faststalld, "faststalld"}}};
};
template <>
struct Names<MetaTodo> {
    static constexpr Table<MetaTodo, 3> table{
        {{MetaTodo::date, "date"}, {MetaTodo::dnr, "dnr"}, {MetaTodo::signatures, "signatures"}}};
};
template <>
struct Names<GoalStatus> {
    static constexpr Table<GoalStatus, 4> table{{{GoalStatus::uppnas, "uppnas"},
                                                 {GoalStatus::uppnas_delvis, "uppnas_delvis"},
                                                 {GoalStatus::uppnas_inte, "uppnas_inte"},
                                                 {GoalStatus::ej_bedomd, "ej_bedomd"}}};
};
template <>
struct Names<AssignmentSource> {
    static constexpr Table<AssignmentSource, 4> table{{{AssignmentSource::kf, "kf"},
                                                       {AssignmentSource::n, "n"},
                                                       {AssignmentSource::w, "w"},
                                                       {AssignmentSource::klg, "klg"}}};
};
template <>
struct Names<ColumnKind> {
    static constexpr Table<ColumnKind, 3> table{
        {{ColumnKind::label, "label"}, {ColumnKind::text, "text"}, {ColumnKind::amount, "amount"}}};
};
template <>
struct Names<ColumnRoleType> {
    static constexpr Table<ColumnRoleType, 11> table{{
        {ColumnRoleType::budget, "budget"},
        {ColumnRoleType::additional_appropriation, "additional_appropriation"},
        {ColumnRoleType::revised_budget, "revised_budget"},
        {ColumnRoleType::outcome, "outcome"},
        {ColumnRoleType::forecast, "forecast"},
        {ColumnRoleType::outcome_same_period_last_year, "outcome_same_period_last_year"},
        {ColumnRoleType::outcome_last_year, "outcome_last_year"},
        {ColumnRoleType::plan, "plan"},
        {ColumnRoleType::deviation, "deviation"},
        {ColumnRoleType::share, "share"},
        {ColumnRoleType::other, "other"},
    }};
};
template <>
struct Names<RowKind> {
    static constexpr Table<RowKind, 5> table{{{RowKind::normal, "normal"},
                                              {RowKind::varav, "varav"},
                                              {RowKind::subtotal, "subtotal"},
                                              {RowKind::total, "total"},
                                              {RowKind::heading, "heading"}}};
};

template <>
struct Names<ChartKind> {
    static constexpr Table<ChartKind, 2> table{{{ChartKind::bar, "bar"}, {ChartKind::line, "line"}}};
};
template <>
struct Names<SourceKind> {
    static constexpr Table<SourceKind, 2> table{{{SourceKind::ledger, "ledger"}, {SourceKind::kolada, "kolada"}}};
};
template <>
struct Names<SeriesIn> {
    static constexpr Table<SeriesIn, 2> table{{{SeriesIn::rows, "rows"}, {SeriesIn::columns, "columns"}}};
};

template <class E>
std::string_view name_of(E e) {
    for (const auto& [v, n] : Names<E>::table)
        if (v == e) return n;
    return "unknown";
}

}  // namespace

template <class E>
std::optional<E> parse_enum(std::string_view name) {
    for (const auto& [v, n] : Names<E>::table)
        if (n == name) return v;
    return std::nullopt;
}

template <class E>
std::vector<std::string_view> enum_names() {
    std::vector<std::string_view> out;
    for (const auto& entry : Names<E>::table) out.push_back(entry.second);
    return out;
}

#define TERTIAL_ENUM(E)                                               \
    template std::optional<E> parse_enum<E>(std::string_view);        \
    template std::vector<std::string_view> enum_names<E>();           \
    std::string_view to_string(E e) { return name_of(e); }
TERTIAL_ENUM(ReportKind)
TERTIAL_ENUM(ReportStatus)
TERTIAL_ENUM(MetaTodo)
TERTIAL_ENUM(GoalStatus)
TERTIAL_ENUM(AssignmentSource)
TERTIAL_ENUM(ColumnKind)
TERTIAL_ENUM(ColumnRoleType)
TERTIAL_ENUM(RowKind)
TERTIAL_ENUM(ChartKind)
TERTIAL_ENUM(SeriesIn)
TERTIAL_ENUM(SourceKind)
#undef TERTIAL_ENUM

}  // namespace tertial
