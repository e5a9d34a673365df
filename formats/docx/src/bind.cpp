// Amounts typed in running text that are a table's figure become {{references}}, so text and table cannot part.
#include <set>

#include <fmt/format.h>

#include "parts.hpp"
#include "tertial/resolve.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::docx {
namespace {

// The reference that prints what was typed: the sign kept as typed, the typed decimals kept.
std::string reference_for(const TypedAmount& a, const ResolvedFigure& f) {
    std::string filters;
    if (f.value->is_negative() && !a.shown.starts_with("-")) filters += "|abs";
    if (!f.value->is_negative() && a.shown.starts_with("-")) return "";
    if (f.display.decimals.value_or(f.value->scale()) != a.value.scale()) filters += fmt::format("|decimals={}", a.value.scale());
    return fmt::format("{{{{{}{}}}}}", f.id, filters);
}

// The one figure an amount is: the only one with its value; else the only
// one with exactly that value; else the first total with it (a sentence
// quoting a result quotes the total, and equal figures print alike).
const ResolvedFigure* the_figure(const TypedAmount& a, const std::set<std::string>& totals, bool& chosen) {
    chosen = false;
    if (a.figures.size() == 1) return a.figures.front();
    std::vector<const ResolvedFigure*> exact;
    for (const auto* f : a.figures)
        if (f->value && f->value->abs().numerically_equal(a.value)) exact.push_back(f);
    if (exact.size() == 1 && a.figures.size() < 3) return exact.front();
    for (const auto* f : exact)
        if (totals.count(f->id)) {
            chosen = true;
            return f;
        }
    return nullptr;
}

void collect_totals(const Blocks& bs, std::set<std::string>& out) {
    for (const auto& b : bs) {
        if (const auto* t = std::get_if<Table>(&b.content))
            for (const auto& r : t->rows)
                if (r.kind == RowKind::total || r.kind == RowKind::subtotal || r.calc)
                    for (const auto& c : t->columns)
                        if (c.kind == ColumnKind::amount) out.insert(t->id + "." + r.id + "." + c.id);
        if (const auto* s = std::get_if<Section>(&b.content)) collect_totals(s->body, out);
    }
}

class Binder {
public:
    Binder(const Resolution& r, ImportNotes& notes, std::set<std::string> totals)
        : res_(r), notes_(notes), totals_(std::move(totals)) {}

    void text(std::string& s, const std::string& pointer) {
        auto found = find_typed_amounts(s, res_);
        // From the end, so that earlier offsets stay right.
        for (auto a = found.rbegin(); a != found.rend(); ++a) {
            bool chosen = false;
            const ResolvedFigure* f = the_figure(*a, totals_, chosen);
            std::string ref = f ? reference_for(*a, *f) : "";
            if (ref.empty()) {
                std::string why = a->figures.empty() ? "no table figure has this value"
                                  : f                ? "its sign is not the figure's"
                                                     : fmt::format("{} figures have this value", a->figures.size() >= 3 ? "three or more" : "two");
                notes_.left.push_back(fmt::format("{}: '{}': {}", pointer, a->shown, why));
                continue;
            }
            notes_.bound.push_back(fmt::format("{}: '{}' -> {}{}", pointer, a->shown, ref,
                                               chosen ? " (the first total of several figures with this value)" : ""));
            s = s.substr(0, a->from) + ref + s.substr(a->to);
        }
    }

    void blocks(Blocks& bs, const std::string& pointer) {
        for (std::size_t i = 0; i < bs.size(); ++i) {
            std::string p = fmt::format("{}/{}", pointer, i);
            if (auto* par = std::get_if<Paragraph>(&bs[i].content)) text(par->text, p + "/text");
            else if (auto* l = std::get_if<List>(&bs[i].content))
                for (std::size_t k = 0; k < l->items.size(); ++k) text(l->items[k], fmt::format("{}/items/{}", p, k));
            else if (auto* s = std::get_if<Section>(&bs[i].content)) blocks(s->body, p + "/body");
        }
    }

private:
    const Resolution& res_;
    ImportNotes& notes_;
    std::set<std::string> totals_;
};

}  // namespace

void bind_figures(Report& report, ImportNotes& notes) {
    Diagnostics ignored;
    Resolution res = resolve(report, ignored);
    std::set<std::string> totals;
    collect_totals(report.body, totals);
    if (report.cover_letter) {
        collect_totals(report.cover_letter->summary, totals);
        collect_totals(report.cover_letter->background, totals);
    }
    Binder b(res, notes, std::move(totals));
    if (report.cover_letter) {
        b.blocks(report.cover_letter->summary, "/cover_letter/summary");
        for (std::size_t k = 0; k < report.cover_letter->proposals.size(); ++k)
            b.text(report.cover_letter->proposals[k], fmt::format("/cover_letter/proposals/{}", k));
        b.blocks(report.cover_letter->background, "/cover_letter/background");
    }
    b.blocks(report.body, "/body");
}

}  // namespace tertial::docx
