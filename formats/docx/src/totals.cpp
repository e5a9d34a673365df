// Totals recognised in a printed table: a row or column that is a sum or difference of others becomes a calculation.
//
// Every candidate is evaluated on the printed figures, column by column, as
// `tertial check` will: a cell whose calculation prints what Word printed is
// left to the calculation; one that agrees at the printed decimals or within
// the rounding of its parts stays entered (the table is then marked
// rounded); one that does not add up stays as printed, with a waiver saying
// what the parts give, and is listed for the controller.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parts.hpp"
#include "tertial/format.hpp"

namespace tertial::docx {
namespace {

using Value = std::optional<Decimal>;

struct Candidate {
    enum class Op { sum, difference, share, change_pct };
    Op op = Op::sum;
    std::vector<std::size_t> operands;  // rows or columns
    bool empty_as_zero = false;         // difference: sum(a, 0) - sum(b, 0); sum: sum(…, 0), 0 when every part is empty
    std::string calc;
};

Value evaluate(const Candidate& c, const std::vector<Value>& v) {
    switch (c.op) {
        case Candidate::Op::sum: {
            Value out;
            for (auto i : c.operands)
                if (v[i]) out = out ? *out + *v[i] : *v[i];
            if (!out && c.empty_as_zero) out = Decimal::from_int(0);
            return out;
        }
        case Candidate::Op::difference: {
            Value a = v[c.operands[0]], b = v[c.operands[1]];
            if (c.empty_as_zero) {
                if (!a && !b) return std::nullopt;
                return a.value_or(Decimal::from_int(0)) - b.value_or(Decimal::from_int(0));
            }
            if (!a || !b) return std::nullopt;
            return *a - *b;
        }
        case Candidate::Op::share:
        case Candidate::Op::change_pct: {
            Value a = v[c.operands[0]], b = v[c.operands[1]];
            if (!a || !b || b->is_zero()) return std::nullopt;
            Decimal top = c.op == Candidate::Op::share ? *a : *a - *b;
            return (top * Decimal::from_int(100)).divide(*b, 10);
        }
    }
    return std::nullopt;
}

enum class Fit { neutral, reproduces, agrees, rounding, differs };

Fit fit(const Value& computed, const Value& printed, const Display& display, std::size_t parts) {
    if (!computed && !printed) return Fit::neutral;
    if (!computed || !printed) return Fit::differs;
    if (format_number(*computed, display, NumberStyle::plain) == format_number(*printed, display, NumberStyle::plain))
        return Fit::reproduces;
    if (computed->rounded(printed->scale()).numerically_equal(*printed)) return Fit::agrees;
    // (n + 1) halves of the last printed decimal, as `check` allows in a rounded table.
    Decimal unit = *Decimal::parse(printed->scale() == 0 ? "1" : "0." + std::string(printed->scale() - 1, '0') + "1");
    Decimal allowed = (unit * Decimal::from_int(static_cast<std::int64_t>(parts + 1))).divide(Decimal::from_int(2), printed->scale() + 1);
    if ((*printed - *computed).abs().cmp(allowed) <= 0) return Fit::rounding;
    return Fit::differs;
}

struct Score {
    std::size_t fits = 0, differs = 0;
};

class Totals {
public:
    explicit Totals(TableImport& t) : t_(t), table_(t.table) {
        for (std::size_t c = 0; c < table_.columns.size(); ++c)
            if (table_.columns[c].kind == ColumnKind::amount) amount_.push_back(c);
        printed_.assign(table_.rows.size(), std::vector<Value>(table_.columns.size()));
        for (std::size_t r = 0; r < table_.rows.size(); ++r)
            for (std::size_t c : amount_)
                if (const Cell* cell = table_.rows[r].cell(table_.columns[c].id)) {
                    if (const auto* d = std::get_if<Decimal>(cell)) printed_[r][c] = *d;
                    else if (const auto* w = waived(*cell)) printed_[r][c] = w->value;
                }
    }

    void run() {
        columns();
        rows();
    }

private:
    std::string shown(const Decimal& d, const Column& col) const {
        return format_number(d, col.display.decimals ? col.display : Display{std::max(0, std::min(d.scale(), 2))}, NumberStyle::plain);
    }

    // Applies a calculation's verdict to one cell.
    void settle(std::size_t r, std::size_t c, Fit f, const Value& computed, const char* parts_word) {
        TableRow& row = table_.rows[r];
        const Column& col = table_.columns[c];
        auto it = std::find_if(row.cells.begin(), row.cells.end(), [&](const auto& p) { return p.first == col.id; });
        std::string where = fmt::format("{}, {}", row.label.empty() ? row.id : row.label, col.title.empty() ? col.id : col.title);
        switch (f) {
            case Fit::reproduces:
                if (it != row.cells.end()) row.cells.erase(it);
                ++t_.calculations;
                break;
            case Fit::agrees: break;
            case Fit::rounding:
                table_.rounded = true;
                t_.rounding.push_back(fmt::format("{}: {}: printed {}, the {} give {} (rounding; kept as printed)", table_.id,
                                                  where, shown(*printed_[r][c], col), parts_word, shown(*computed, col)));
                break;
            case Fit::differs:
                if (!printed_[r][c]) {
                    t_.not_adding_up.push_back(fmt::format("{}: {}: printed nothing, the {} give {}", table_.id, where, parts_word,
                                                           shown(*computed, col)));
                    break;
                }
                t_.not_adding_up.push_back(fmt::format("{}: {}: printed {}, the {} give {}", table_.id, where,
                                                       shown(*printed_[r][c], col), parts_word,
                                                       computed ? shown(*computed, col) : std::string("nothing")));
                // The waiver accepts what the parts give today, so that a
                // part corrected later brings the check back (format 1.3).
                if (it != row.cells.end())
                    it->second = CellWaived{*printed_[r][c],
                                            fmt::format("Tryckt så i källan; {} ger {}", parts_word == std::string("rows") ? "raderna" : "kolumnerna",
                                                        computed ? shown(*computed, col) : std::string("inget värde")),
                                            computed};
                break;
            case Fit::neutral: break;
        }
    }

    // ---- columns: Summa, Avvikelse, Skillnad kr, Skillnad %, Andel ------------------

    void columns() {
        for (std::size_t k = 0; k < amount_.size(); ++k) {
            std::size_t c = amount_[k];
            std::string f = fold(table_.columns[c].title);
            bool total = f.find("summa") != std::string::npos || f.find("totalt") != std::string::npos;
            bool deviation = f.find("avvikelse") != std::string::npos || f.find("skillnad") != std::string::npos ||
                             f.find("differens") != std::string::npos || f.find("förändring") != std::string::npos;
            bool pct = table_.columns[c].unit == Unit::percent || f.find("andel") != std::string::npos;
            std::vector<std::size_t> before, entered;  // earlier amount columns; those of them that are entered
            for (std::size_t j = 0; j < k; ++j) {
                before.push_back(amount_[j]);
                if (!table_.columns[amount_[j]].calc) entered.push_back(amount_[j]);
            }
            std::vector<Candidate> cands;
            const auto& cols = table_.columns;
            if (total && !pct)
                for (std::size_t s = 0; s + 1 < entered.size(); ++s) {
                    std::vector<std::size_t> run(entered.begin() + static_cast<long>(s), entered.end());
                    if (cols[run.front()].unit != cols[c].unit) continue;
                    cands.push_back({Candidate::Op::sum, run, false,
                                     run.size() == 2 ? fmt::format("sum({}, {})", cols[run[0]].id, cols[run[1]].id)
                                                     : fmt::format("sum({}..{})", cols[run.front()].id, cols[run.back()].id)});
                }
            for (std::size_t a : before)
                for (std::size_t b : before) {
                    if (a == b || cols[a].unit != cols[b].unit) continue;
                    if (pct) {
                        if (deviation)
                            cands.push_back({Candidate::Op::change_pct, {a, b}, false, fmt::format("change_pct({}, {})", cols[a].id, cols[b].id)});
                        else
                            cands.push_back({Candidate::Op::share, {a, b}, false, fmt::format("share({}, {})", cols[a].id, cols[b].id)});
                    } else if (deviation && cols[c].unit == cols[a].unit) {
                        cands.push_back({Candidate::Op::difference, {a, b}, false, fmt::format("{} - {}", cols[a].id, cols[b].id)});
                        cands.push_back({Candidate::Op::difference, {a, b}, true,
                                         fmt::format("sum({}, 0) - sum({}, 0)", cols[a].id, cols[b].id)});
                    }
                }
            // Last: a share of a column by itself, 100 % in every row ("Riktpunkt" as a share of the budget).
            if (pct && !deviation)
                for (std::size_t a : before)
                    cands.push_back({Candidate::Op::share, {a, a}, false, fmt::format("share({}, {})", cols[a].id, cols[a].id)});
            choose_column(c, cands);
        }
    }

    void choose_column(std::size_t c, const std::vector<Candidate>& cands) {
        const Candidate* best = nullptr;
        Score best_score;
        for (const auto& cand : cands) {
            Score s;
            for (std::size_t r = 0; r < table_.rows.size(); ++r) {
                if (table_.rows[r].kind == RowKind::heading) continue;
                Fit f = fit(evaluate(cand, printed_[r]), printed_[r][c], table_.columns[c].display, cand.operands.size());
                if (f == Fit::differs) ++s.differs;
                else if (f != Fit::neutral) ++s.fits;
            }
            if (s.fits > best_score.fits || (s.fits == best_score.fits && best && s.differs < best_score.differs)) {
                best = &cand;
                best_score = s;
            }
        }
        if (!best || best_score.fits < 2 || best_score.differs * 4 > best_score.fits) return;
        table_.columns[c].calc = best->calc;
        for (std::size_t r = 0; r < table_.rows.size(); ++r) {
            if (table_.rows[r].kind == RowKind::heading) continue;
            Value computed = evaluate(*best, printed_[r]);
            settle(r, c, fit(computed, printed_[r][c], table_.columns[c].display, best->operands.size()), computed, "columns");
        }
        column_calc_.push_back(c);
    }

    // ---- rows: Summa, Totalt, Netto, Resultat, bold; a row above its "varav" parts ---------

    // A column a row total adds up: not one with its own calculation, and not
    // shares in % (a sum of percentages is no total).
    bool row_summable(std::size_t c) const {
        if (std::find(column_calc_.begin(), column_calc_.end(), c) != column_calc_.end()) return false;
        return table_.columns[c].unit != Unit::percent && !(table_.columns[c].role && table_.columns[c].role->type == ColumnRoleType::share);
    }

    // A share printed in a total row, in a column no calculation explains:
    // kept as printed, with a waiver, since the row's sum would add shares.
    void keep_share(std::size_t r, std::size_t c) {
        const Column& col = table_.columns[c];
        if (col.calc) return;
        for (auto& [id, cell] : table_.rows[r].cells)
            if (id == col.id)
                if (const auto* d = std::get_if<Decimal>(&cell))
                    cell = CellWaived{*d, "Tryckt så i källan; en andel är ingen summa av raderna", std::nullopt};
    }

    // "Summa intäkter", "SUMMA KOSTNADER", "Totalt", "Netto", "Nettokostnader", "RESULTAT", "Tertial 1 Summa":
    // its first word, or a "summa" later in a short label; not "Resultat vid avslut i …".
    static bool total_word(const std::string& label) {
        std::string f = fold(label);
        if (f.size() > 48) return false;
        std::string first = f.substr(0, f.find_first_of(" ,:"));
        for (std::string_view w : {"summa", "totalt", "totalsumma", "total", "netto", "nettokostnad", "nettokostnader",
                                   "resultat", "delsumma"})
            if (first == w) return true;
        return f.find(" summa") != std::string::npos;
    }

    Score score(const Candidate& cand, std::size_t r) const {
        Score s;
        for (std::size_t c : amount_) {
            if (!row_summable(c)) continue;
            std::vector<Value> down(table_.rows.size());
            for (std::size_t i = 0; i < table_.rows.size(); ++i) down[i] = printed_[i][c];
            Fit f = fit(evaluate(cand, down), printed_[r][c], table_.columns[c].display, cand.operands.size());
            if (f == Fit::differs) ++s.differs;
            else if (f != Fit::neutral) ++s.fits;
        }
        return s;
    }

    void rows() {
        auto& rows = table_.rows;
        std::size_t segment = 0;  // first row after the last total
        std::vector<std::size_t> open;  // totals not yet summed by a later one
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (rows[r].kind != RowKind::normal) continue;
            bool named = total_word(rows[r].label) || (r < t_.bold.size() && t_.bold[r]);
            std::vector<Candidate> cands;
            std::vector<std::size_t> parts;  // "varav" rows right below
            for (std::size_t j = r + 1; j < rows.size() && rows[j].kind == RowKind::varav; ++j) parts.push_back(j);
            if (parts.size() >= 2) {
                std::vector<std::string> ids;
                for (auto j : parts) ids.push_back(rows[j].id);
                cands.push_back({Candidate::Op::sum, parts, false, fmt::format("sum({})", fmt::join(ids, ", "))});
            }
            std::vector<std::size_t> seg;
            for (std::size_t j = segment; j < r; ++j)
                if (rows[j].kind == RowKind::normal && std::find(open.begin(), open.end(), j) == open.end()) seg.push_back(j);
            if (named && !seg.empty()) {
                std::string range = fmt::format("{}..{}", rows[seg.front()].id, rows[seg.back()].id);
                cands.push_back({Candidate::Op::sum, seg, false, fmt::format("sum({})", range)});
                // "0" printed for a month whose parts are all still empty.
                cands.push_back({Candidate::Op::sum, seg, true, fmt::format("sum({}, 0)", range)});
            }
            if (named && !open.empty()) {
                std::vector<std::string> ids;
                for (auto j : open) ids.push_back(rows[j].id);
                cands.push_back({Candidate::Op::sum, open, false, fmt::format("sum({})", fmt::join(ids, ", "))});
                cands.push_back({Candidate::Op::sum, open, true, fmt::format("sum({}, 0)", fmt::join(ids, ", "))});
                if (open.size() == 2)
                    cands.push_back({Candidate::Op::difference, open, false, fmt::format("{} - {}", ids[0], ids[1])});
            }
            const Candidate* best = nullptr;
            Score best_score;
            for (const auto& cand : cands) {
                Score s = score(cand, r);
                if (s.fits > best_score.fits || (best && s.fits == best_score.fits && s.differs < best_score.differs)) {
                    best = &cand;
                    best_score = s;
                }
            }
            bool accepted = best && best_score.fits >= 1 && (named || best_score.fits > best_score.differs);
            if (!accepted) {
                if (named && !cands.empty()) {
                    rows[r].kind = RowKind::total;
                    segment = r + 1;
                    t_.not_adding_up.push_back(fmt::format("{}: {}: a total by its name or type, but no sum or difference "
                                                           "of the rows above gives its figures; kept as printed",
                                                           table_.id, rows[r].label));
                }
                continue;
            }
            rows[r].calc = best->calc;
            if (best->operands != parts) {
                rows[r].kind = fold(rows[r].label).starts_with("delsumma") ? RowKind::subtotal : RowKind::total;
                if (best->operands == open) open.clear();
                open.push_back(r);
                segment = r + 1;
            }
            for (std::size_t c : amount_) {
                if (!row_summable(c)) {
                    keep_share(r, c);
                    continue;
                }
                std::vector<Value> down(rows.size());
                for (std::size_t i = 0; i < rows.size(); ++i) down[i] = printed_[i][c];
                Value computed = evaluate(*best, down);
                settle(r, c, fit(computed, printed_[r][c], table_.columns[c].display, best->operands.size()), computed, "rows");
            }
        }
    }

    TableImport& t_;
    Table& table_;
    std::vector<std::size_t> amount_;
    std::vector<std::size_t> column_calc_;
    std::vector<std::vector<Value>> printed_;
};

}  // namespace

void recognise_totals(TableImport& t) { Totals(t).run(); }

}  // namespace tertial::docx
