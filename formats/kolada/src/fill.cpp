// Filling a report's key figures and Kolada table cells from snapshots, with what changed and what is missing.
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "tertial/diagnostics.hpp"
#include "tertial/kolada/kolada.hpp"
#include "tertial/walk.hpp"

namespace tertial::kolada {
namespace {

using Key = std::tuple<std::string, std::string, int, std::string>;  // kpi, municipality, year, gender

struct Found {
    const Value* value;
    std::size_t file;
};

// "2019" → 2019; anything else (empty, "År 1 2020") has no year Kolada knows.
std::optional<int> plain_year(const std::string& s) {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoi(s);
}

std::optional<int> column_year(const Column& c) {
    if (!c.role) return std::nullopt;
    if (c.role->year) return c.role->year;
    if (c.role->until) return c.role->until->year;
    return std::nullopt;
}

std::string no_value(const Value& v) {
    return v.status.empty() ? std::string("Kolada has no value (null)")
                            : fmt::format("Kolada has no value (null, status \"{}\")", v.status);
}

class Filler {
public:
    Filler(Report& r, const std::vector<Snapshot>& s, const std::vector<SnapshotFile>& f) : report_(r), snaps_(s), files_(f) {
        for (std::size_t i = 0; i < snaps_.size(); ++i)
            for (const auto& v : snaps_[i].values) {
                index_.emplace(Key{v.kpi, v.municipality, v.year, v.gender}, Found{&v, i});
                by_kpi_[{v.kpi, v.municipality, v.gender}].push_back({&v, i});
            }
    }

    FillResult run() {
        own_ = report_.meta.municipality.scb_code;
        wanted_municipalities_.insert(own_);
        for_each_block(report_, [&](Block& b, const std::string&) {
            if (auto* t = std::get_if<Table>(&b.content))
                for (const auto& c : t->columns)
                    if (c.kolada) wanted_municipalities_.insert(c.kolada->municipality.value_or(own_));
        });
        check_municipalities();
        for_each_block(report_, [&](Block& b, const std::string& p) {
            if (auto* k = std::get_if<KeyFigures>(&b.content)) key_figures(*k, p);
            if (auto* t = std::get_if<Table>(&b.content)) table(*t, p);
        });
        unused_kpis();
        if (result_.lists > 0 && report_.version_minor < 2) report_.version_minor = 2;
        return std::move(result_);
    }

private:
    Report& report_;
    const std::vector<Snapshot>& snaps_;
    const std::vector<SnapshotFile>& files_;
    std::map<Key, Found> index_;
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<Found>> by_kpi_;
    std::string own_;
    std::set<std::string> wanted_municipalities_, used_kpis_;
    FillResult result_;

    // A snapshot of another municipality is a mistake to stop at, not
    // figures to skip: the report would otherwise keep last year's values
    // unnoticed. Values for riket and groups the report does not compare
    // with are only not needed.
    void check_municipalities() const {
        for (std::size_t i = 0; i < snaps_.size(); ++i)
            for (const auto& v : snaps_[i].values) {
                if (wanted_municipalities_.count(v.municipality) || v.municipality == "0000" || v.municipality.starts_with('G'))
                    continue;
                throw FillError(fmt::format("the snapshot holds figures for municipality {}, but the report is for {} "
                                            "({}); save the address `tertial import kolada --url` prints for this report",
                                            v.municipality, own_, report_.meta.municipality.name),
                                i, v.pointer);
            }
    }

    void unused_kpis() {
        std::set<std::string> warned;
        for (std::size_t i = 0; i < snaps_.size(); ++i)
            for (const auto& v : snaps_[i].values)
                if (!used_kpis_.count(v.kpi) && warned.insert(v.kpi).second)
                    result_.warnings.push_back(
                        {fmt::format("{} is in the snapshot, but no key figure or table row of the report names it; "
                                     "its values are not used",
                                     v.kpi),
                         i, v.pointer.substr(0, v.pointer.rfind("/values/"))});
    }

    // The sources of this import, with `column` for a table; each keeps the
    // `print` of the kolada source it replaces (new ones print: Kolada's
    // terms ask for "Källa: Kolada").
    void record(std::vector<Source>& sources, const std::optional<std::string>& column) {
        bool print = true;
        std::vector<Source> kept;
        for (auto& s : sources) {
            if (s.kind == SourceKind::kolada && s.column == column)
                print = s.print;
            else
                kept.push_back(std::move(s));
        }
        for (const auto& f : files_) {
            Source s;
            s.kind = SourceKind::kolada;
            s.column = column;
            s.file = f.name;
            s.sha256 = f.sha256;
            s.rows = f.rows;
            s.date = f.date;
            s.system = "Kolada";
            s.print = print;
            kept.push_back(std::move(s));
        }
        sources = std::move(kept);
        ++result_.lists;
    }

    // The newest year with a value, at or after `from` (any year without
    // it); or why there is none.
    std::variant<Found, std::string> latest(const std::string& kpi, std::optional<int> from) {
        auto it = by_kpi_.find({kpi, own_, "T"});
        if (it == by_kpi_.end()) return fmt::format("{} for {} is not in the snapshot", kpi, own_);
        const Found* best = nullptr;
        const Found* null_at_year = nullptr;
        int newest_seen = 0;
        for (const auto& f : it->second) {
            newest_seen = std::max(newest_seen, f.value->year);
            if (from && f.value->year < *from) continue;
            if (!f.value->value) {
                if (from && f.value->year == *from) null_at_year = &f;
                continue;
            }
            if (!best || f.value->year > best->value->year) best = &f;
        }
        if (best) return *best;
        if (null_at_year) return fmt::format("{} {}: {}", kpi, *from, no_value(*null_at_year->value));
        if (from && newest_seen < *from)
            return fmt::format("the snapshot has {} only up to {}, older than the report's {}", kpi, newest_seen, *from);
        return fmt::format("{}: Kolada has no value in the years of the snapshot", kpi);
    }

    void key_figures(KeyFigures& k, const std::string& p) {
        bool any = false;
        for (std::size_t g = 0; g < k.groups.size(); ++g)
            for (std::size_t i = 0; i < k.groups[g].items.size(); ++i) {
                KeyFigure& kf = k.groups[g].items[i];
                if (!kf.kolada) continue;
                used_kpis_.insert(*kf.kolada);
                std::string ip = pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), g), "items"), i);
                auto found = latest(*kf.kolada, plain_year(kf.year));
                if (auto* why = std::get_if<std::string>(&found)) {
                    result_.missing.push_back({kf.id, ip, *why});
                    if (!kf.value) kf.todo = true;
                    continue;
                }
                const Value& v = *std::get<Found>(found).value;
                any = true;
                ++result_.filled;
                std::string year = std::to_string(v.year);
                // 83 and 83.0 are the same outcome: the report keeps how it wrote it.
                bool same_value = kf.value && kf.value->numerically_equal(*v.value);
                if (!same_value || kf.year != year) {
                    Change c{kf.id, ip, kf.value, v.value, kf.display, kf.unit, std::nullopt, std::nullopt};
                    if (kf.year != year) {
                        c.year_before = kf.year;
                        c.year_after = year;
                    }
                    result_.changes.push_back(std::move(c));
                }
                if (!same_value) kf.value = v.value;
                kf.year = year;
                kf.todo = false;
            }
        if (any) record(k.sources, std::nullopt);
    }

    void table(Table& t, const std::string& p) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Column& col = t.columns[c];
            if (!col.kolada) continue;
            std::string cp = pointer_join(pointer_join(p, "columns"), c);
            auto year = column_year(col);
            if (!year)
                throw FillError(fmt::format("table '{}', column '{}' takes Kolada values but says no year: give it a "
                                            "\"role\" with a \"year\"",
                                            t.id, col.id),
                                0, cp);
            std::string municipality = col.kolada->municipality.value_or(own_);
            std::string gender = col.kolada->gender.value_or("T");
            bool any = false;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                TableRow& row = t.rows[r];
                if (!row.kolada) continue;
                used_kpis_.insert(*row.kolada);
                std::string figure = t.id + "." + row.id + "." + col.id;
                std::string at = pointer_join(pointer_join(pointer_join(p, "rows"), r), "cells") + "/" + col.id;
                Cell* cell = nullptr;
                for (auto& [id, value] : row.cells)
                    if (id == col.id) cell = &value;
                if (cell && !std::holds_alternative<std::monostate>(*cell) && !std::holds_alternative<Decimal>(*cell) &&
                    !std::holds_alternative<CellTodo>(*cell)) {
                    result_.warnings.push_back({fmt::format("{} is computed or waived in the report; Kolada's value "
                                                            "is not put there",
                                                            figure),
                                                0, ""});
                    continue;
                }
                auto it = index_.find(Key{*row.kolada, municipality, *year, gender});
                if (it == index_.end() || !it->second.value->value) {
                    result_.missing.push_back(
                        {figure, at,
                         it == index_.end()
                             ? fmt::format("{} for {} {} ({}) is not in the snapshot", *row.kolada, municipality, *year, gender)
                             : fmt::format("{} for {} {} ({}): {}", *row.kolada, municipality, *year, gender,
                                           no_value(*it->second.value))});
                    if (!cell) row.cells.emplace_back(col.id, CellTodo{});
                    else if (std::holds_alternative<std::monostate>(*cell)) *cell = CellTodo{};
                    continue;
                }
                const Decimal& value = *it->second.value->value;
                any = true;
                ++result_.filled;
                std::optional<Decimal> before;
                if (cell)
                    if (const auto* d = std::get_if<Decimal>(cell)) before = *d;
                if (before && before->numerically_equal(value)) continue;  // kept as the report wrote it
                result_.changes.push_back({figure, at, before, value, col.display,
                                           col.unit.value_or(t.unit.value_or(Unit::unknown)), std::nullopt, std::nullopt});
                if (cell)
                    *cell = value;
                else
                    row.cells.emplace_back(col.id, value);
            }
            if (any) record(t.sources, col.id);
        }
    }
};

}  // namespace

FillResult fill(Report& report, const std::vector<Snapshot>& snapshots, const std::vector<SnapshotFile>& files) {
    return Filler(report, snapshots, files).run();
}

}  // namespace tertial::kolada
