// Rollover: every period-bound part of a report moved on by whole years, driven by column roles, never by table names.
#include "tertial/rollover.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "tertial/plugin_host.hpp"
#include "tertial/resolve.hpp"
#include "tertial/text_refs.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
// Letters (and every byte of a non-ASCII character), digits and '_': a year
// glued to one of these is part of a word, not a year of its own.
bool is_word(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (static_cast<unsigned char>(c) & 0x80);
}

Date dec31(int year) {
    return {year, 12, 31};
}

// A label that is really running text (a row of effektiviseringar is a
// paragraph): its years are facts ("bokslutet för år 2018"), not the
// period's, so it is not moved on but reviewed.
bool running_text(const std::string& s) {
    if (s.size() > 160) return true;
    for (std::size_t at = s.find(". "); at != std::string::npos; at = s.find(". ", at + 1)) {
        unsigned char next = at + 2 < s.size() ? static_cast<unsigned char>(s[at + 2]) : 0;
        unsigned char second = at + 3 < s.size() ? static_cast<unsigned char>(s[at + 3]) : 0;
        if ((next >= 'A' && next <= 'Z') || (next == 0xC3 && (second == 0x84 || second == 0x85 || second == 0x96)))
            return true;  // a new sentence: "… år 2018. Inga konsekvenser …", also before Å, Ä, Ö
    }
    return false;
}

// ---- moving dates, years and texts on ----------------------------------------------

// Whole years forward. Years within ten of the old report's year count as
// period years; older or later ones (a law of 2001, SFS 2017:900) are left.
class Shift {
public:
    Shift(const Period& from, const Date& to) : years_(to.year - from.end.year), base_(from.year) {}

    int years() const { return years_; }
    bool period_year(int y) const { return y >= base_ - 10 && y <= base_ + 10; }

    Date date(const Date& d) const {
        Date out{d.year + years_, d.month, d.day};
        int last = days_in_month(out.year, out.month);
        // The last day of a month stays the last day (29 February 2020 → 28 February 2021).
        if (d.day == days_in_month(d.year, d.month) || out.day > last) out.day = last;
        return out;
    }

    // A title or label with every period year moved on: "Utfall 200430" →
    // "Utfall 210430", "Budget 2022" → "Budget 2023", "2020-05-11" →
    // "2021-05-11". References ({{…}}) are left to the id renaming.
    std::string label(const std::string& text) const {
        std::string out;
        std::size_t i = 0;
        while (i < text.size()) {
            if (text.compare(i, 2, "{{") == 0) {
                std::size_t close = text.find("}}", i);
                std::size_t end = close == std::string::npos ? text.size() : close + 2;
                out.append(text, i, end - i);
                i = end;
                continue;
            }
            if (!is_digit(text[i]) || (i > 0 && is_word(text[i - 1]))) {
                out += text[i++];
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && is_digit(text[j])) ++j;
            std::size_t used = token(text, i, j, out);
            if (used == 0) out.append(text, i, j - i);
            i = used ? i + used : j;
        }
        return out;
    }

    // An id with its period years moved on: utfall_2019 → utfall_2020, m2020_04 → m2021_04.
    std::string id(const std::string& id) const {
        std::string out = id;
        for (std::size_t i = 0; i < out.size();) {
            if (!is_digit(out[i])) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < out.size() && is_digit(out[j])) ++j;
            if (j - i == 4 && period_year(std::stoi(out.substr(i, 4))))
                out.replace(i, 4, std::to_string(std::stoi(out.substr(i, 4)) + years_));
            i = j;
        }
        return out;
    }

private:
    // The digits text[i..j) at a word start: appends the moved token and
    // returns how many characters it replaced, or 0 to leave them.
    std::size_t token(const std::string& text, std::size_t i, std::size_t j, std::string& out) const {
        auto after = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
        std::size_t n = j - i;
        if (n == 4) {
            int year = std::stoi(text.substr(i, 4));
            if (!period_year(year)) return 0;
            if (auto d = Date::parse(text.substr(i, 10)); d && !is_word(after(i + 10))) {
                out += date(*d).to_string();
                return 10;
            }
            if (after(j) == ':' && is_digit(after(j + 1))) return 0;  // an SFS number, "2017:900"
            if (is_word(after(j))) return 0;
            out += std::to_string(year + years_);
            return 4;
        }
        if (n == 6 && !is_word(after(j))) {  // yymmdd, as in "Utfall 200430"
            auto d =
                Date::parse(fmt::format("20{}-{}-{}", text.substr(i, 2), text.substr(i + 2, 2), text.substr(i + 4, 2)));
            if (!d || !period_year(d->year)) return 0;
            Date moved = date(*d);
            out += fmt::format("{:02}{:02}{:02}", moved.year % 100, moved.month, moved.day);
            return 6;
        }
        return 0;
    }

    int years_;
    int base_;
};

// ---- renaming ids and every reference to them ------------------------------------------

using IdMap = std::unordered_map<std::string, std::string>;

bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

// The names in a calculation, each looked up in `map` ("sum(ar2020, 0)" →
// "sum(ar2021, 0)"). Function names and numbers are left alone.
std::string rename_in_calc(const std::string& calc, const IdMap& map) {
    std::string out;
    std::size_t i = 0;
    while (i < calc.size()) {
        char c = calc[i];
        if (is_digit(c)) {  // a number, with its decimals
            std::size_t j = i;
            while (j < calc.size() &&
                   (is_digit(calc[j]) || (calc[j] == '.' && j + 1 < calc.size() && is_digit(calc[j + 1]))))
                ++j;
            out.append(calc, i, j - i);
            i = j;
            continue;
        }
        if (!(c >= 'a' && c <= 'z')) {
            out += c;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < calc.size() && (id_char(calc[j]) || (calc[j] == '.' && j + 1 < calc.size() && id_char(calc[j + 1]))))
            ++j;
        std::string name = calc.substr(i, j - i);
        auto it = map.find(name);
        out += it == map.end() ? name : it->second;
        i = j;
    }
    return out;
}

// "{{drift.resultat.utfall_2019|abs}}" → "{{drift.resultat.utfall_2020|abs}}".
std::string rename_in_text(const std::string& text, const IdMap& figures) {
    if (figures.empty() || text.find("{{") == std::string::npos) return text;
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t open = text.find("{{", pos);
        std::size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
        if (close == std::string::npos) break;
        std::size_t id_start = open + 2;
        while (id_start < close && (text[id_start] == ' ' || text[id_start] == '\t')) ++id_start;
        std::size_t id_end = id_start;
        while (id_end < close && (id_char(text[id_end]) || text[id_end] == '.')) ++id_end;
        out.append(text, pos, id_start - pos);
        std::string id = text.substr(id_start, id_end - id_start);
        auto it = figures.find(id);
        out += it == figures.end() ? id : it->second;
        out.append(text, id_end, close + 2 - id_end);
        pos = close + 2;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

// ---- what a column holds, and where last year's report had it -----------------------------

// A role reduced to what its figures measure and when: last year's "utfall
// t.o.m. 2020-04-30" and this year's "utfall samma period förra året" are
// the same figures.
struct Measure {
    ColumnRoleType type = ColumnRoleType::unknown;  // outcome for all three outcome roles
    std::optional<int> year;
    std::optional<Date> until;
    bool operator==(const Measure&) const = default;
};

Measure measure(const ColumnRole& r, const Period& period) {
    switch (r.type) {
        case ColumnRoleType::outcome:
            // A year without a day: the whole year, or the report's year so far.
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            if (r.year)
                return {ColumnRoleType::outcome, std::nullopt, *r.year == period.year ? period.end : dec31(*r.year)};
            return {ColumnRoleType::outcome, std::nullopt, period.end};
        case ColumnRoleType::outcome_same_period_last_year: {
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            int y = r.year.value_or(period.year - 1);
            int day = std::min(period.end.day, days_in_month(y, period.end.month));
            return {ColumnRoleType::outcome, std::nullopt, Date{y, period.end.month, day}};
        }
        case ColumnRoleType::outcome_last_year:
            if (r.until) return {ColumnRoleType::outcome, std::nullopt, r.until};
            return {ColumnRoleType::outcome, std::nullopt, dec31(r.year.value_or(period.year - 1))};
        case ColumnRoleType::budget:
        case ColumnRoleType::plan:
        case ColumnRoleType::forecast:
        case ColumnRoleType::additional_appropriation:
        case ColumnRoleType::revised_budget:
            return {r.type, r.year.value_or(period.year), std::nullopt};
        default:
            return {r.type, r.year, r.until};
    }
}

// Does a role name a period at all? deviation, share and other may not.
bool dated(const ColumnRole& r) {
    switch (r.type) {
        case ColumnRoleType::deviation:
        case ColumnRoleType::share:
        case ColumnRoleType::other:
        case ColumnRoleType::unknown:
            return r.year.has_value() || r.until.has_value();
        default:
            return true;
    }
}

std::string role_name(const ColumnRole& r) {
    std::string out(to_string(r.type));
    if (r.year) out += fmt::format(" {}", *r.year);
    if (r.until) out += " until " + r.until->to_string();
    return out;
}

// What a column of the new report gets.
struct Plan {
    enum class Kind { fill, carry, propose, keep } kind = Kind::fill;
    std::size_t source = 0;  // a column of last year's table
    std::string note;        // for propose and keep: what to review
};

bool has_entry(const Cell* c) {
    return c && !std::holds_alternative<std::monostate>(*c);
}

// ---- the rollover itself ------------------------------------------------------------------

class Roller {
public:
    Roller(const Report& last, const Resolution& figures, const Date& to, RolloverLog& log, Diagnostics& diags)
        : last_(last), figures_(figures), shift_(last.meta.period, to), to_(to), log_(log), diags_(diags) {
        for (const auto& [p, t] : figures.texts) rendered_.emplace(p, t);
        for_each_block(last, [&](const Block& b, const std::string& p) { old_blocks_.emplace(p, &b); });
    }

    Report run() {
        Report next = last_;
        next.version_major = format_version_major;
        next.version_minor = format_version_minor;
        rename_ids(next);
        meta(next.meta);
        named_figures(next);
        if (next.cover_letter) cover_letter(*next.cover_letter);
        for_each_block(next, [&](Block& b, const std::string& p) { block(b, p); });
        return next;
    }

private:
    // Last year's text at `pointer` as it was printed.
    std::string printed(const std::string& pointer, const std::string& raw) const {
        auto it = rendered_.find(pointer);
        return it == rendered_.end() ? raw : it->second;
    }

    std::string label(const std::string& text, const std::string& pointer, const char* what) {
        if (running_text(text)) return text;
        std::string moved = shift_.label(text);
        if (moved != text) log_.add(RolloverAction::updated, pointer, fmt::format("{} '{}' → '{}'", what, text, moved));
        return moved;
    }

    // A review mark for a text that was `previous` last year. A mark nobody
    // has cleared yet keeps its older wording: the text was never reviewed.
    static Review review_of(const std::optional<Review>& old, std::vector<std::string> previous) {
        if (old) return *old;
        return Review{std::nullopt, std::move(previous)};
    }

    // ---- ids ----------------------------------------------------------------------------

    // Renames, within one namespace, every id that names a period year, if
    // the renamed ids stay unique; returns old → new for those that change.
    IdMap rename_set(const std::vector<std::string>& ids) {
        IdMap map;
        std::set<std::string> after;
        for (const auto& id : ids) {
            std::string moved = shift_.id(id);
            if (moved != id) map.emplace(id, moved);
            after.insert(moved);
        }
        if (after.size() != std::set<std::string>(ids.begin(), ids.end()).size()) return {};
        return map;
    }

    void rename_ids(Report& next) {
        std::vector<Table*> tables;
        std::vector<std::string> pointers;
        for_each_block(next, [&](Block& b, const std::string& p) {
            if (auto* t = std::get_if<Table>(&b.content)) {
                tables.push_back(t);
                pointers.push_back(p);
            }
        });
        std::vector<std::string> table_ids, figure_ids;
        for (auto* t : tables) table_ids.push_back(t->id);
        IdMap table_map = rename_set(table_ids);
        IdMap figures;
        std::map<std::string, std::pair<IdMap, IdMap>> inside;  // new table id -> column map, row map
        for (std::size_t k = 0; k < tables.size(); ++k) {
            Table& t = *tables[k];
            std::vector<std::string> cols, rows;
            for (const auto& c : t.columns) cols.push_back(c.id);
            for (const auto& r : t.rows) rows.push_back(r.id);
            IdMap col_map = rename_set(cols), row_map = rename_set(rows);
            std::string old_table = t.id;
            auto get = [](const IdMap& m, const std::string& id) {
                auto it = m.find(id);
                return it == m.end() ? id : it->second;
            };
            std::string new_table = get(table_map, old_table);
            if (!col_map.empty() || !row_map.empty() || new_table != old_table) {
                for (const auto& r : t.rows)
                    for (const auto& c : t.columns)
                        if (c.kind == ColumnKind::amount)
                            figures.emplace(fmt::format("{}.{}.{}", old_table, r.id, c.id),
                                            fmt::format("{}.{}.{}", new_table, get(row_map, r.id), get(col_map, c.id)));
                std::vector<std::string> changes;
                if (new_table != old_table) changes.push_back(fmt::format("table '{}' → '{}'", old_table, new_table));
                for (const auto& c : cols)
                    if (col_map.count(c)) changes.push_back(fmt::format("column '{}' → '{}'", c, col_map.at(c)));
                for (const auto& r : rows)
                    if (row_map.count(r)) changes.push_back(fmt::format("row '{}' → '{}'", r, row_map.at(r)));
                log_.add(RolloverAction::renamed, pointers[k], fmt::format("{}", fmt::join(changes, ", ")));
            }
            t.id = new_table;
            for (auto& c : t.columns) {
                c.id = get(col_map, c.id);
                if (c.calc) c.calc = rename_in_calc(*c.calc, col_map);
            }
            for (auto& r : t.rows) {
                r.id = get(row_map, r.id);
                if (r.calc) r.calc = rename_in_calc(*r.calc, row_map);
                for (auto& [id, cell] : r.cells) id = get(col_map, id);
                for (auto& [id, review] : r.review) id = get(col_map, id);
            }
            inside.emplace(new_table, std::make_pair(std::move(col_map), std::move(row_map)));
        }
        for (const auto& f : next.figures) figure_ids.push_back(f.id);
        for_each_block(next, [&](Block& b, const std::string&) {
            if (auto* k = std::get_if<KeyFigures>(&b.content))
                for (auto& g : k->groups)
                    for (auto& i : g.items) figure_ids.push_back(i.id);
        });
        IdMap named = rename_set(figure_ids);
        for (const auto& id : figure_ids)  // in document order, so the log is the same each time
            if (auto it = named.find(id); it != named.end()) {
                figures.emplace(id, it->second);
                log_.add(RolloverAction::renamed, "", fmt::format("figure '{}' → '{}'", id, it->second));
            }
        if (figures.empty() && table_map.empty()) return;
        apply_renames(next, figures, table_map, inside);
    }

    void apply_renames(Report& next, const IdMap& figures, const IdMap& tables,
                       const std::map<std::string, std::pair<IdMap, IdMap>>& inside) {
        auto get = [](const IdMap& m, const std::string& id) {
            auto it = m.find(id);
            return it == m.end() ? id : it->second;
        };
        for (auto& f : next.figures) {
            f.id = get(figures, f.id);
            if (f.calc) f.calc = rename_in_calc(*f.calc, figures);
        }
        for (auto& c : next.checks) {
            c.left = get(figures, c.left);
            c.right = get(figures, c.right);
        }
        for_each_text(next, [&](std::string& text, const std::string&) { text = rename_in_text(text, figures); });
        for_each_block(next, [&](Block& b, const std::string&) {
            if (auto* t = std::get_if<Table>(&b.content)) {
                for (auto& r : t->rows)
                    for (auto& [id, cell] : r.cells)
                        if (auto* c = std::get_if<CellCalc>(&cell)) c->calc = rename_in_calc(c->calc, figures);
            } else if (auto* k = std::get_if<KeyFigures>(&b.content)) {
                for (auto& g : k->groups)
                    for (auto& i : g.items) i.id = get(figures, i.id);
            } else if (auto* c = std::get_if<Chart>(&b.content)) {
                c->table = get(tables, c->table);
                auto it = inside.find(c->table);
                if (it == inside.end()) return;
                const IdMap& series = c->series_in == SeriesIn::columns ? it->second.first : it->second.second;
                for (auto& s : c->series) s = get(series, s);
            }
        });
    }

    // ---- meta and the cover letter ----------------------------------------------------------

    void meta(Meta& m) {
        const Meta& old = last_.meta;
        m.title = label(m.title, "/meta/title", "title");
        m.period = {to_.year, to_};
        log_.add(RolloverAction::updated, "/meta/period",
                 fmt::format("period {} → {}", old.period.end.to_string(), to_.to_string()));
        m.date = shift_.date(old.date);
        std::set<MetaTodo> todo(old.todo.begin(), old.todo.end());
        todo.insert(MetaTodo::date);
        log_.add(RolloverAction::cleared, "/meta/date",
                 fmt::format("date {} → {}, to fill in: it is last year's date a year on", old.date.to_string(),
                             m.date.to_string()));
        if (m.dnr) {
            log_.add(RolloverAction::cleared, "/meta/dnr",
                     fmt::format("diarienummer '{}' cleared, to fill in", *m.dnr));
            m.dnr.reset();
            todo.insert(MetaTodo::dnr);
        }
        if (m.status != ReportStatus::utkast)
            log_.add(RolloverAction::cleared, "/meta/status", fmt::format("status {} → utkast", to_string(m.status)));
        m.status = ReportStatus::utkast;
        if (last_.cover_letter && !last_.cover_letter->signatures.empty()) todo.insert(MetaTodo::signatures);
        todo.erase(MetaTodo::unknown);
        m.todo.assign(todo.begin(), todo.end());
    }

    void cover_letter(CoverLetter& c) {
        const CoverLetter& old = *last_.cover_letter;
        c.title = label(c.title, "/cover_letter/title", "cover letter title");
        for (std::size_t i = 0; i < c.basis.size(); ++i)
            c.basis[i] = label(c.basis[i], pointer_join("/cover_letter/basis", i), "underlag");
        if (!c.proposals.empty() || old.proposals_review) {
            std::vector<std::string> previous;
            for (std::size_t i = 0; i < old.proposals.size(); ++i)
                previous.push_back(printed(pointer_join("/cover_letter/proposals", i), old.proposals[i]));
            c.proposals_review = review_of(old.proposals_review, std::move(previous));
            log_.add(RolloverAction::review, "/cover_letter/proposals_review",
                     fmt::format("{} förslag till beslut kept, to review", c.proposals.size()));
        }
        if (!c.signatures.empty()) {
            log_.add(RolloverAction::cleared, "/cover_letter/signatures",
                     fmt::format("signatures ({}) cleared, to fill in", fmt::join(c.signatures, ", ")));
            c.signatures.clear();
        }
    }

    // Named figures are last year's numbers: to fill in again. Calculations stay.
    void named_figures(Report& next) {
        for (std::size_t i = 0; i < next.figures.size(); ++i) {
            Figure& f = next.figures[i];
            std::string p = pointer_join("/figures", i);
            if (f.label) f.label = label(*f.label, pointer_join(p, "label"), "figure label");
            if (f.value) {
                log_.add(RolloverAction::emptied, p,
                         fmt::format("figure '{}' ({}) emptied, to fill in", f.id, f.value->to_string()));
                f.value.reset();
                f.todo = true;
            }
        }
    }

    // ---- blocks -----------------------------------------------------------------------------

    void block(Block& b, const std::string& p) {
        const Block* old = old_blocks_.at(p);
        std::visit(
            [&](auto& x) {
                using T = std::decay_t<decltype(x)>;
                const T& o = std::get<T>(old->content);
                if constexpr (std::is_same_v<T, Section>) {
                    section(x, p);
                } else if constexpr (std::is_same_v<T, Paragraph>) {
                    if (x.todo || x.text.empty()) return;
                    x.review = review_of(o.review, {printed(pointer_join(p, "text"), o.text)});
                    log_.add(RolloverAction::review, p, "paragraph kept, to review");
                } else if constexpr (std::is_same_v<T, List>) {
                    std::vector<std::string> previous;
                    for (std::size_t i = 0; i < o.items.size(); ++i)
                        previous.push_back(printed(pointer_join(pointer_join(p, "items"), i), o.items[i]));
                    x.review = review_of(o.review, std::move(previous));
                    log_.add(RolloverAction::review, p, "list kept, to review");
                } else if constexpr (std::is_same_v<T, Assignments>) {
                    assignments(x, o, p);
                } else if constexpr (std::is_same_v<T, KeyFigures>) {
                    key_figures(x, o, p);
                } else if constexpr (std::is_same_v<T, Chart>) {
                    x.title = label(x.title, pointer_join(p, "title"), "chart title");
                    if (!x.alt.empty()) x.review = review_of(o.review, {printed(pointer_join(p, "alt"), o.alt)});
                    log_.add(RolloverAction::review, p, "chart's text alternative kept, to review");
                } else if constexpr (std::is_same_v<T, Table>) {
                    table(x, o, p);
                }
            },
            b.content);
    }

    void section(Section& s, const std::string& p) {
        s.title = label(s.title, pointer_join(p, "title"), "heading");
        if (s.goal && s.goal->status != GoalStatus::ej_bedomd) {
            log_.add(RolloverAction::cleared, pointer_join(p, "goal"),
                     fmt::format("goal status {} → ej_bedomd", to_string(s.goal->status)));
            s.goal->status = GoalStatus::ej_bedomd;
        }
    }

    // Uppdrag keep their text; the kommentar is written anew, last year's kept for reference.
    void assignments(Assignments& a, const Assignments& old, const std::string& p) {
        for (std::size_t i = 0; i < a.items.size(); ++i) {
            std::string ip = pointer_join(pointer_join(p, "items"), i);
            const Assignment& o = old.items[i];
            std::vector<std::string> previous;
            for (std::size_t k = 0; k < o.comment.size(); ++k)
                previous.push_back(printed(pointer_join(pointer_join(ip, "comment"), k), o.comment[k]));
            a.items[i].review = o.comment.empty() && o.review ? *o.review : Review{std::nullopt, std::move(previous)};
            a.items[i].comment.clear();
            log_.add(RolloverAction::review, ip, "uppdrag kept, to review; kommentar emptied, to write");
        }
    }

    void key_figures(KeyFigures& k, const KeyFigures& old, const std::string& p) {
        k.sources.clear();  // every value is emptied: last year's import no longer says where any came from
        for (std::size_t g = 0; g < k.groups.size(); ++g) {
            std::string gp = pointer_join(pointer_join(p, "groups"), g);
            k.groups[g].goal = label(k.groups[g].goal, pointer_join(gp, "goal"), "goal");
            for (std::size_t i = 0; i < k.groups[g].items.size(); ++i) {
                KeyFigure& kf = k.groups[g].items[i];
                const KeyFigure& o = old.groups[g].items[i];
                std::string ip = pointer_join(pointer_join(gp, "items"), i);
                kf.name = label(kf.name, pointer_join(ip, "name"), "key figure");
                // The latest outcome is usually a year later than last year's.
                kf.year = label(kf.year, pointer_join(ip, "year"), "key figure year");
                kf.value.reset();
                kf.todo = true;
                if (!kf.comment.empty())
                    kf.review = review_of(o.review, {printed(pointer_join(ip, "comment"), o.comment)});
                log_.add(RolloverAction::emptied, ip,
                         fmt::format("key figure '{}' to fill in; its comment kept, to review", kf.id));
            }
        }
    }

    // ---- tables -------------------------------------------------------------------------------

    void table(Table& t, const Table& old, const std::string& p) {
        if (t.caption) t.caption = label(*t.caption, pointer_join(p, "caption"), "caption");
        if (t.note) t.note = label(*t.note, pointer_join(p, "note"), "table note");
        std::vector<Plan> plans(t.columns.size());
        std::vector<std::string> roleless;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            Column& col = t.columns[c];
            std::string cp = pointer_join(pointer_join(p, "columns"), c);
            col.title = label(col.title, pointer_join(cp, "title"), "column title");
            if (col.kind != ColumnKind::amount) continue;
            if (!old.columns[c].role) {
                if (!col.calc) roleless.push_back(old.columns[c].id);
                continue;
            }
            col.role = shifted(*old.columns[c].role);
            plans[c] = plan(t, old, c);
            // A computed column is computed again: nothing to carry or fill in.
            if (!col.calc) describe_plan(t, old, c, plans[c], cp);
        }
        if (!roleless.empty()) {
            std::vector<std::string> quoted;
            for (const auto& id : roleless) quoted.push_back("'" + id + "'");
            diags_.warning(
                "rollover.no_role", p,
                fmt::format("table '{}' has no period role on its amount column{} {}, so rollover cannot tell which "
                            "period their figures belong to: they are emptied, to fill in. Give each amount column "
                            "a \"role\" (budget, outcome, forecast, plan, …; \"other\" for figures that do not "
                            "depend on the period) to have its figures carried over or shifted",
                            old.id, roleless.size() == 1 ? "" : "s", fmt::join(quoted, ", ")));
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) row(t, old, r, plans, pointer_join(pointer_join(p, "rows"), r));
    }

    ColumnRole shifted(const ColumnRole& r) const {
        ColumnRole out = r;
        if (r.year) out.year = *r.year + shift_.years();
        if (r.until) out.until = shift_.date(*r.until);
        return out;
    }

    // Where the figures of new column `c` were in last year's table.
    Plan plan(const Table& t, const Table& old, std::size_t c) const {
        const ColumnRole& role = *t.columns[c].role;
        Period next{to_.year, to_};
        if (!dated(role)) {
            if (role.type == ColumnRoleType::other) return {Plan::Kind::keep, c, "oförändrat från förra årets rapport"};
            return {};  // a deviation or share entered by hand belongs to the period
        }
        Measure want = measure(role, next);
        auto candidates = [&](ColumnRoleType type) {
            std::vector<std::size_t> out;
            for (std::size_t k = 0; k < old.columns.size(); ++k) {
                const Column& oc = old.columns[k];
                if (oc.kind != ColumnKind::amount || !oc.role) continue;
                Measure m = measure(*oc.role, last_.meta.period);
                Measure w = want;
                w.type = type;
                if (m == w) out.push_back(k);
            }
            return out;
        };
        auto pick = [&](const std::vector<std::size_t>& found) -> std::optional<std::size_t> {
            if (found.size() == 1) return found.front();
            for (auto k : found)
                if (old.columns[k].id == t.columns[c].id) return k;
            for (auto k : found)
                if (old.columns[k].title == t.columns[c].title) return k;
            return std::nullopt;
        };
        bool estimate = role.type == ColumnRoleType::plan || role.type == ColumnRoleType::forecast;
        if (auto k = pick(candidates(want.type)))
            return estimate ? Plan{Plan::Kind::propose, *k,
                                   fmt::format("från {} i {}", old.columns[*k].title, last_.meta.title)}
                            : Plan{Plan::Kind::carry, *k, {}};
        // A budget not yet decided: last year's plan for that year is the proposal.
        if (role.type == ColumnRoleType::budget)
            if (auto k = pick(candidates(ColumnRoleType::plan)))
                return {Plan::Kind::propose, *k,
                        fmt::format("föreslagen från {} i {}", old.columns[*k].title, last_.meta.title)};
        return {};
    }

    void describe_plan(const Table& t, const Table& old, std::size_t c, const Plan& plan, const std::string& cp) {
        const Column& col = t.columns[c];
        std::string what = fmt::format("{}: '{}' ({})", t.id, col.title, role_name(*col.role));
        switch (plan.kind) {
            case Plan::Kind::fill:
                log_.add(RolloverAction::emptied, cp, what + " to fill in");
                break;
            case Plan::Kind::carry:
                log_.add(RolloverAction::carried, cp,
                         fmt::format("{} ← last year's '{}' ({})", what, old.columns[plan.source].title,
                                     role_name(*old.columns[plan.source].role)));
                break;
            case Plan::Kind::propose:
                log_.add(RolloverAction::proposed, cp,
                         fmt::format("{} ← last year's '{}' ({}), to review", what, old.columns[plan.source].title,
                                     role_name(*old.columns[plan.source].role)));
                break;
            case Plan::Kind::keep:
                log_.add(RolloverAction::kept, cp, what + " kept as it was, to review");
                break;
        }
    }

    void row(Table& t, const Table& old, std::size_t r, const std::vector<Plan>& plans, const std::string& rp) {
        TableRow& row = t.rows[r];
        const TableRow& o = old.rows[r];
        row.label = label(row.label, pointer_join(rp, "label"), "row label");
        std::map<std::string, Cell> cells;
        std::vector<std::pair<std::string, Review>> reviews;
        // A row label that is running text (a measure described in a
        // paragraph) is narrative: kept, not moved on, and reviewed.
        if (running_text(row.label))
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                if (t.columns[c].kind == ColumnKind::label) {
                    const Review* before = nullptr;
                    for (const auto& [id, rv] : o.review)
                        if (id == old.columns[c].id) before = &rv;
                    reviews.emplace_back(
                        t.columns[c].id,
                        before ? *before : Review{std::nullopt, {printed(pointer_join(rp, "label"), o.label)}});
                }
        if (row.month) row.month = YearMonth{row.month->year + shift_.years(), row.month->month};
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Column& col = t.columns[c];
            const Column& oc = old.columns[c];
            const Cell* own = o.cell(oc.id);  // this position, last year
            if (col.kind == ColumnKind::text) {
                if (!own) continue;
                cells.emplace(col.id, *row.cell(col.id));  // with its references renamed
                const auto* text = std::get_if<std::string>(own);
                if (text && !text->empty()) {
                    const Review* before = nullptr;
                    for (const auto& [id, rv] : o.review)
                        if (id == oc.id) before = &rv;
                    std::string cell_p = pointer_join(pointer_join(rp, "cells"), oc.id);
                    reviews.emplace_back(col.id, before ? *before : Review{std::nullopt, {printed(cell_p, *text)}});
                }
                continue;
            }
            if (col.kind != ColumnKind::amount || row.kind == RowKind::heading) {
                if (const Cell* now = row.cell(col.id)) cells.emplace(col.id, *now);
                continue;
            }
            if (own && std::holds_alternative<CellCalc>(*own)) {  // a formula stays in its place
                cells.emplace(col.id, *row.cell(col.id));
                continue;
            }
            bool computed = row.calc.has_value() || col.calc.has_value();
            const Plan& plan = plans[c];
            const Cell* source = plan.kind == Plan::Kind::fill ? nullptr : o.cell(old.columns[plan.source].id);
            switch (plan.kind) {
                case Plan::Kind::fill:
                    if (!computed && has_entry(own)) cells.emplace(col.id, CellTodo{});
                    break;
                case Plan::Kind::carry:
                    // Last year's printed totals are facts too, and still agree with their parts.
                    if (auto v = carried(old, o, plan.source, source, computed)) {
                        cells.emplace(col.id, *v);
                        // A figure still under review last year (a proposal nobody
                        // confirmed) stays under review.
                        for (const auto& [id, rv] : o.review)
                            if (id == old.columns[plan.source].id) reviews.emplace_back(col.id, rv);
                    }
                    break;
                case Plan::Kind::propose:
                case Plan::Kind::keep:
                    // Totals are recomputed, so that changing a proposed part never contradicts them.
                    if (computed) break;
                    if (auto v = carried(old, o, plan.source, source, computed)) {
                        if (!std::holds_alternative<CellTodo>(*v)) reviews.emplace_back(col.id, Review{plan.note, {}});
                        cells.emplace(col.id, *v);
                    }
                    break;
            }
        }
        row.cells.clear();
        for (const auto& col : t.columns)
            if (auto it = cells.find(col.id); it != cells.end()) row.cells.emplace_back(col.id, it->second);
        row.review.clear();
        for (const auto& col : t.columns)
            for (auto& [id, rv] : reviews)
                if (id == col.id) row.review.emplace_back(id, rv);
    }

    // Last year's cell at (row, column k) as this year's entry, if it has one.
    std::optional<Cell> carried(const Table& old, const TableRow& o, std::size_t k, const Cell* source,
                                bool computed) const {
        if (!source) return std::nullopt;
        if (std::holds_alternative<Decimal>(*source) || std::holds_alternative<CellWaived>(*source)) return *source;
        if (computed) return std::nullopt;
        if (std::holds_alternative<CellTodo>(*source)) return *source;
        if (std::holds_alternative<CellCalc>(*source)) {
            // A figure computed last year is carried as the number it was.
            const ResolvedFigure* f = figures_.find(fmt::format("{}.{}.{}", old.id, o.id, old.columns[k].id));
            if (f && f->value) return Cell{*f->value};
        }
        return std::nullopt;
    }

    const Report& last_;
    const Resolution& figures_;
    Shift shift_;
    Date to_;
    RolloverLog& log_;
    Diagnostics& diags_;
    std::unordered_map<std::string, std::string> rendered_;
    std::unordered_map<std::string, const Block*> old_blocks_;
};

}  // namespace

std::string_view to_string(RolloverAction action) {
    switch (action) {
        case RolloverAction::updated:
            return "updated";
        case RolloverAction::renamed:
            return "renamed";
        case RolloverAction::carried:
            return "carried";
        case RolloverAction::proposed:
            return "proposed";
        case RolloverAction::emptied:
            return "emptied";
        case RolloverAction::kept:
            return "kept";
        case RolloverAction::review:
            return "review";
        case RolloverAction::cleared:
            return "cleared";
        case RolloverAction::added:
            return "added";
    }
    return "unknown";
}

std::size_t RolloverLog::count(RolloverAction action) const {
    return static_cast<std::size_t>(
        std::count_if(notes.begin(), notes.end(), [&](const RolloverNote& n) { return n.action == action; }));
}

std::optional<Date> rollover_target(const Period& from, std::string_view to, std::string& error) {
    const Date& end = from.end;
    std::optional<Date> target;
    bool is_year = to.size() == 4 && std::all_of(to.begin(), to.end(), is_digit);
    if (is_year) {
        int year = std::stoi(std::string(to));
        target = Shift(from, Date{year, 1, 1}).date(end);  // too early or too late: said below
    } else {
        target = Date::parse(to);
    }
    if (target && target->year > 2999) {  // the report format's limit on every year (/meta/period/year)
        error = fmt::format("{} is past 2999, the last year a report can have: give the new period's end, e.g. {}",
                            target->year, Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    if (!target) {
        bool date_shaped = to.size() == 10 && to[4] == '-' && to[7] == '-' &&
                           std::all_of(to.begin(), to.end(), [](char c) { return c == '-' || is_digit(c); });
        error = fmt::format("'{}' is {}: give the new period's end, e.g. {}", to,
                            date_shaped ? "not a day of the calendar" : "neither a date (YYYY-MM-DD) nor a year",
                            Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    Date same_day = Shift(from, *target).date(end);
    if (target->year <= end.year) {
        error = fmt::format("the report runs until {}; rollover moves it to the same period of a later year, e.g. {}",
                            end.to_string(), Shift(from, Date{end.year + 1, 1, 1}).date(end).to_string());
        return std::nullopt;
    }
    if (*target != same_day) {
        error = fmt::format(
            "the report runs until {}, so the new period must end on the same day of a later year ({}), "
            "not {}: rollover keeps the kind of period (a tertial stays a tertial)",
            end.to_string(), same_day.to_string(), target->to_string());
        return std::nullopt;
    }
    return target;
}

RolloverResult rollover(const Report& last, const RolloverRequest& request, const Extensions* extensions) {
    RolloverResult out;
    std::string error;
    if (!rollover_target(last.meta.period, request.to.to_string(), error)) {
        out.diagnostics.error("rollover.period", "/meta/period", error);
        return out;
    }
    Diagnostics found;
    Resolution figures = resolve(last, found, extensions);
    if (found.has_errors()) {
        out.diagnostics.error(
            "rollover.input", "",
            fmt::format("last year's report has {} error{}: fix them (tertial check) before rolling it over",
                        found.count(Severity::error), found.count(Severity::error) == 1 ? "" : "s"));
        return out;
    }
    Report next = Roller(last, figures, request.to, out.log, out.diagnostics).run();
    if (extensions) {
        int years = request.to.year - last.meta.period.end.year;
        for (const auto& [plugin, rule] : extensions->rollover_rules) {
            RolloverContext context{last, years, out.log, out.diagnostics};
            std::size_t before = out.diagnostics.items().size();
            try {
                rule->apply(next, context);
            } catch (const std::exception& e) {
                out.diagnostics.error(
                    "plugin.rollover", "",
                    fmt::format("rollover rule '{}' of plugin '{}' failed: {}", rule->id, plugin, e.what()));
            }
            // A rule's warnings carry its name, as a plugin check's do.
            Diagnostics named;
            for (std::size_t i = 0; i < out.diagnostics.items().size(); ++i) {
                Diagnostic d = out.diagnostics.items()[i];
                if (i >= before && !d.code.starts_with("plugin.")) d.code = plugin + "." + d.code;
                named.add(std::move(d));
            }
            out.diagnostics = std::move(named);
        }
    }
    if (!out.diagnostics.has_errors()) out.report = std::move(next);
    return out;
}

}  // namespace tertial
