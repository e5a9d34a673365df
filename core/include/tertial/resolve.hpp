// The calculation engine: every figure entered or computed, every text rendered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <cstdint>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/format.hpp"
#include "tertial/model.hpp"
#include "tertial/period_ends.hpp"
#include "tertial/text_refs.hpp"

namespace tertial {

struct Extensions;

enum class FigureSource { entered, computed, empty, todo };
std::string_view to_string(FigureSource s);

struct ResolvedFigure {
    std::string id;
    std::string pointer;  // where it is entered (or its row/figure when empty)
    std::string label;    // for people: "drift: SUMMA KOSTNADER / Utfall 200430"
    Unit unit = Unit::unknown;
    Display display;  // decimals fixed to the entered scale when shown "as entered"
    std::optional<Decimal> value;
    FigureSource source = FigureSource::empty;

    // The value as printed in a table ("−16,8"); empty string when no value.
    std::string text(NumberStyle style = NumberStyle::print) const;
};

// A figure or check kept as printed against its arithmetic, on purpose: a
// waiver in the file, as `tertial check` shows it.
struct Waived {
    std::string pointer;     // of the waived cell, figure or check
    std::string what;        // "drift: SUMMA / Utfall" or "check 'atgardsplan'"
    std::string arithmetic;  // what it accepts: "printed 586; sum(a..b) gives 604"
    std::string reason;      // the file's "waiver"
    bool operator==(const Waived&) const = default;
};

struct Resolution {
    std::vector<ResolvedFigure> figures;  // in document order
    std::vector<Waived> waivers;          // in document order, checks last
    std::vector<std::pair<std::string, std::string>> texts;     // pointer -> rendered, texts with references only
    std::vector<std::pair<std::string, std::string>> sections;  // pointer -> "3.1.2"

    Resolution() = default;
    // A copy has its own index (the index refers to its figures' ids).
    Resolution(const Resolution& other);
    Resolution& operator=(const Resolution& other);
    Resolution(Resolution&&) noexcept = default;
    Resolution& operator=(Resolution&&) noexcept = default;
    ~Resolution() = default;

    const ResolvedFigure* find(const std::string& id) const;
    // Rebuilds the id index: call it after changing `figures`, before the
    // next find().
    void index();
    // Frees what only diagnostics read, once they are printed: each
    // figure's pointer and label (`tertial build`'s outputs read ids,
    // values, units and sources; 10 000 rows' 20 000 figures hold 2.5 MB
    // of them).
    void drop_places();

private:
    // The figures' indices in the order of their ids (the first of equal
    // ids first), searched by halving: 4 bytes a figure, where a hash map
    // of views took 48 (a table of 10 000 rows has 20 000 figures).
    // `figures` is not changed without index().
    std::vector<std::uint32_t> by_id_;
};

// Computes every figure, checks entered totals against their calculations,
// checks ids and references, and renders every text bound to figures.
// `extensions` adds the calculations of the report's plugins.
Resolution resolve(const Report& report, Diagnostics& diagnostics, const Extensions* extensions = nullptr);

// How a table cell's figure is named in messages: "drift: SUMMA KOSTNADER /
// Utfall 200430" (a long row label shortened with "…").
std::string cell_label(const Table& t, const TableRow& r, const Column& c);
// The first `max` bytes of `s` (never cutting a UTF-8 character), with "…".
std::string shorten(const std::string& s, std::size_t max);

// Renders one text's references ("{{drift.resultat.prognos|abs}}" → "16,8 mnkr").
std::string render_text(const ParsedText& parsed, const Resolution& resolution);

// An amount typed into running text instead of a {{reference}}: "4,4 mnkr".
struct TypedAmount {
    std::size_t from = 0, to = 0;  // its bytes in the text, the sign and unit included
    std::string shown;             // as typed, with plain spaces and '-'
    Unit unit = Unit::unknown;
    Decimal value;  // without its sign
    std::vector<const ResolvedFigure*> figures;  // the first three with this value (rounded to the typed decimals)
};
// The amounts typed into one text, as check_text_amounts() warns about them.
std::vector<TypedAmount> find_typed_amounts(const std::string& text, const Resolution& resolution);

// Warnings for amounts typed in running text instead of bound to a figure,
// and for one phrase followed by different amounts in two places.
void check_text_amounts(const Report& report, const Resolution& resolution, Diagnostics& diagnostics);

// Warnings on what the texts say (docs/format.md, "Checks on content"):
// stale periods, copies left behind, sign words against their figure's
// sign, dates that disagree, a period end not of the report's kind (with
// the municipality's own days of that kind, `own_period_ends`).
void check_content(const Report& report, const Resolution& resolution, Diagnostics& diagnostics,
                   const std::vector<PeriodEnd>& own_period_ends = {});
// Warnings for texts that are still `last` year's word for word (figures
// aside) although no review mark is left on them: `tertial check --previous`.
void check_against_last_year(const Report& report, const Report& last, const std::string& last_name,
                             Diagnostics& diagnostics);

// resolve() followed by every check, the plugins' checks among them: what
// `tertial check` runs. Every open item (todo_list()) is a "todo" warning.
Resolution check_report(const Report& report, Diagnostics& diagnostics, const Extensions* extensions = nullptr);
// Makes what every check_report() call shares and makes on first use (the
// pattern of an amount typed in a text): a caller about to check reports on
// several threads calls it first, so that none of them makes it. Not
// needed for correctness (the first use is thread-safe), but then it is
// made before the threads exist, and a race detector sees no first use on
// two threads at once.
void prepare_checks();

}  // namespace tertial
