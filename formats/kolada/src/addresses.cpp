// The Kolada addresses to save for a report: its KPIs, municipalities and years.
#include <fmt/format.h>

#include <set>

#include "tertial/kolada/kolada.hpp"
#include "tertial/walk.hpp"

namespace tertial::kolada {
namespace {

// Kolada takes comma-separated lists; the current API refuses lists much
// longer than some twenty-five ids, so longer ones are split.
constexpr std::size_t max_list = 25;

std::optional<int> plain_year(const std::string& s) {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoi(s);
}

}  // namespace

std::vector<std::string> addresses(const Report& report) {
    const std::string& own = report.meta.municipality.scb_code;
    // Key figures: their year up to the report's, so that a newer outcome
    // is in the file when Kolada has published it; without a year, the
    // three years before the report's and its own.
    std::set<std::string> kf_kpis;
    std::set<int> kf_years;
    // Tables: each column's municipality and year, per KPI of its rows.
    std::set<std::string> table_kpis, table_municipalities;
    std::set<int> table_years;
    int last = report.meta.period.year;
    for_each_block(report, [&](const Block& b, const std::string&) {
        if (const auto* k = std::get_if<KeyFigures>(&b.content))
            for (const auto& g : k->groups)
                for (const auto& kf : g.items) {
                    if (!kf.kolada) continue;
                    kf_kpis.insert(*kf.kolada);
                    int from = plain_year(kf.year).value_or(last - 3);
                    for (int y = from; y <= std::max(from, last); ++y) kf_years.insert(y);
                }
        if (const auto* t = std::get_if<Table>(&b.content)) {
            bool rows = false;
            for (const auto& r : t->rows)
                if (r.kolada) {
                    table_kpis.insert(*r.kolada);
                    rows = true;
                }
            if (!rows) return;
            for (const auto& c : t->columns) {
                if (!c.kolada || !c.role) continue;
                table_municipalities.insert(c.kolada->municipality.value_or(own));
                if (c.role->year) table_years.insert(*c.role->year);
                else if (c.role->until) table_years.insert(c.role->until->year);
            }
        }
    });
    // One request for everything when the lists are short; the key figures
    // and the tables apart otherwise would ask for more than needed, so the
    // union is asked for, split into lists Kolada accepts.
    std::set<std::string> kpis = kf_kpis, municipalities = table_municipalities;
    kpis.insert(table_kpis.begin(), table_kpis.end());
    if (!kf_kpis.empty()) municipalities.insert(own);
    std::set<int> years = kf_years;
    years.insert(table_years.begin(), table_years.end());
    std::vector<std::string> out;
    if (kpis.empty() || years.empty()) return out;
    std::vector<std::string> all(kpis.begin(), kpis.end());
    std::string where = fmt::format("municipality/{}/year/{}", fmt::join(municipalities, ","), fmt::join(years, ","));
    for (std::size_t i = 0; i < all.size(); i += max_list) {
        std::vector<std::string> part(all.begin() + static_cast<std::ptrdiff_t>(i),
                                      all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + max_list)));
        out.push_back(fmt::format("https://api.kolada.se/v3/data/kpi/{}/{}?per_page=5000", fmt::join(part, ","), where));
    }
    return out;
}

}  // namespace tertial::kolada
