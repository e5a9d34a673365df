// Rollover's parts, shared by the files that define them (not part of the installed API):
// rollover_shift.cpp moves dates, years and labels on, rollover_ids.cpp renames ids and their references,
// rollover_meta.cpp, rollover_blocks.cpp and rollover_tables.cpp hold the rules for each part of a report.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tertial/resolve.hpp"
#include "tertial/rollover.hpp"
#include "tertial/walk.hpp"

namespace tertial::detail {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Letters (and every byte of a non-ASCII character), digits and '_': a year
// glued to one of these is part of a word, not a year of its own.
inline bool is_word(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (static_cast<unsigned char>(c) & 0x80);
}

// A label that is really running text (a row of effektiviseringar is a
// paragraph): its years are facts ("bokslutet för år 2018"), not the
// period's, so it is not moved on but reviewed.
bool running_text(const std::string& s);

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
    std::string label(const std::string& text) const;

    // An id with its period years moved on: utfall_2019 → utfall_2020, m2020_04 → m2021_04.
    std::string id(const std::string& id) const;

private:
    // The digits text[i..j) at a word start: appends the moved token and
    // returns how many characters it replaced, or 0 to leave them.
    std::size_t token(const std::string& text, std::size_t i, std::size_t j, std::string& out) const;

    int years_;
    int base_;
};

// ---- renaming ids and every reference to them ------------------------------------------

using IdMap = std::unordered_map<std::string, std::string>;

// The names in a calculation, each looked up in `map` ("sum(ar2020, 0)" →
// "sum(ar2021, 0)"). Function names and numbers are left alone.
std::string rename_in_calc(const std::string& calc, const IdMap& map);
// "{{drift.resultat.utfall_2019|abs}}" → "{{drift.resultat.utfall_2020|abs}}".
std::string rename_in_text(const std::string& text, const IdMap& figures);

// What a column of the new report gets.
struct Plan {
    enum class Kind { fill, carry, propose, keep } kind = Kind::fill;
    std::size_t source = 0;  // a column of last year's table
    std::string note;        // for propose and keep: what to review
};

class Roller {
public:
    Roller(const Report& last, const Resolution& figures, const Date& to, RolloverLog& log, Diagnostics& diags)
        : last_(last), figures_(figures), shift_(last.meta.period, to), to_(to), log_(log), diags_(diags) {
        for (const auto& [p, t] : figures.texts) rendered_.emplace(p, t);
        for_each_block(last, [&](const Block& b, const std::string& p) { old_blocks_.emplace(p, &b); });
    }

    Report run();

private:
    // ---- printed texts and labels (rollover.cpp) ----------------------------------

    std::string printed(const std::string& pointer, const std::string& raw) const;
    std::string label(const std::string& text, const std::string& pointer, const char* what);
    static Review review_of(const std::optional<Review>& old, std::vector<std::string> previous);

    // ---- ids (rollover_ids.cpp) ----------------------------------------------------

    IdMap rename_set(const std::vector<std::string>& ids);
    void rename_ids(Report& next);
    void apply_renames(Report& next, const IdMap& figures, const IdMap& tables,
                       const std::map<std::string, std::pair<IdMap, IdMap>>& inside);

    // ---- meta, the cover letter, named figures (rollover_meta.cpp) -----------------

    void meta(Meta& m);
    void cover_letter(CoverLetter& c);
    void named_figures(Report& next);
    void carry_figure(Figure& f, const Figure& old, const std::string& p);

    // ---- blocks (rollover_blocks.cpp) ----------------------------------------------

    void block(Block& b, const std::string& p);
    void section(Section& s, const std::string& p);
    void assignments(Assignments& a, const Assignments& old, const std::string& p);
    void key_figures(KeyFigures& k, const KeyFigures& old, const std::string& p);

    // ---- tables (rollover_tables.cpp) ----------------------------------------------

    void table(Table& t, const Table& old, const std::string& p);
    ColumnRole shifted(const ColumnRole& r) const;
    Plan plan(const Table& t, const Table& old, std::size_t c) const;
    void describe_plan(const Table& t, const Table& old, std::size_t c, const Plan& plan, const std::string& cp);
    void row(Table& t, const Table& old, std::size_t r, const std::vector<Plan>& plans, const std::string& rp);
    std::optional<Cell> carried(const Table& old, const TableRow& o, std::size_t k, const Cell* source,
                                bool computed) const;

    const Report& last_;
    const Resolution& figures_;
    Shift shift_;
    Date to_;
    RolloverLog& log_;
    Diagnostics& diags_;
    std::unordered_map<std::string, std::string> rendered_;
    std::unordered_map<std::string, const Block*> old_blocks_;
};

}  // namespace tertial::detail
