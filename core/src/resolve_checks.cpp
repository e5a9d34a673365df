// The calculation engine, checking: signatories, equality checks, charts, and the texts' references, rendered.
#include "resolve_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tertial/suggest.hpp"
#include "tertial/walk.hpp"

namespace tertial::detail {

void Engine::run_checks(const Resolution& res) {
    std::set<std::string> signatories;
    for (std::size_t i = 0; i < report_.meta.signatories.size(); ++i)
        if (!signatories.insert(report_.meta.signatories[i].id).second)
            diags_->error("meta.duplicate_signatory", pointer_join(pointer_join("/meta/signatories", i), "id"),
                         fmt::format("signatory id '{}' is used twice", report_.meta.signatories[i].id));
    if (report_.cover_letter)
        for (std::size_t i = 0; i < report_.cover_letter->signatures.size(); ++i) {
            const auto& id = report_.cover_letter->signatures[i];
            if (!signatories.count(id))
                diags_->error("meta.unknown_signatory", pointer_join("/cover_letter/signatures", i),
                             fmt::format("'{}' is not among meta.signatories{}", id,
                                         did_you_mean(id, std::vector<std::string>(signatories.begin(), signatories.end()))));
        }
    for (std::size_t i = 0; i < report_.checks.size(); ++i) equality_check(report_.checks[i], pointer_join("/checks", i), res);
    for (const auto& [chart, p] : charts_) check_chart(*chart, p);
    for (std::size_t i = 0; i < report_.figures.size(); ++i)
        if (report_.figures[i].role) check_figure_role(report_.figures[i], pointer_join("/figures", i), res);
}

// A figure that is last year's value of another: the other must be a
// figure of this report, measured in the same unit (or in kr, tkr and mnkr,
// which rollover converts exactly), for rollover to carry its value.
void Engine::check_figure_role(const Figure& f, const std::string& p, const Resolution& res) {
    const std::string& of = f.role->last_year_of;
    std::string at = pointer_join(pointer_join(p, "role"), "last_year_of");
    const ResolvedFigure* source = res.find(of);
    if (!source) {
        std::vector<std::string> ids;
        for (const auto& r : res.figures) ids.push_back(r.id);
        diags_->error("figure.role", at,
                      fmt::format("figure '{}' is last year's value of '{}', which is not a figure of this report{}", f.id,
                                  of, did_you_mean(of, ids)));
    } else if (of == f.id) {
        diags_->error("figure.role", at, fmt::format("figure '{}' cannot be last year's value of itself", f.id));
    } else if (source->unit != f.unit && !(krona_exponent(source->unit) && krona_exponent(f.unit))) {
        diags_->error("figure.role", at,
                      fmt::format("figure '{}' is in {} but '{}', whose last year's value it is, is in {}", f.id,
                                  unit_name(f.unit), of, unit_name(source->unit)));
    }
}

void Engine::equality_check(const EqualityCheck& c, const std::string& p, const Resolution& res) {
    const ResolvedFigure* sides[2] = {res.find(c.left), res.find(c.right)};
    const std::string* names[2] = {&c.left, &c.right};
    for (int k = 0; k < 2; ++k)
        if (!sides[k]) {
            std::vector<std::string> ids;
            for (const auto& f : res.figures) ids.push_back(f.id);
            diags_->error("check.unknown_figure", pointer_join(p, k == 0 ? "left" : "right"),
                         fmt::format("unknown figure '{}'{}", *names[k], did_you_mean(*names[k], ids)));
            return;
        }
    if (!sides[0]->value || !sides[1]->value) return;
    const Decimal &left = *sides[0]->value, &right = *sides[1]->value;
    if (left.numerically_equal(right)) return;
    std::string arithmetic = fmt::format("{} is {} but {} is {}", c.left, plain(left), c.right, plain(right));
    if (c.waiver) {
        // Waived while both sides are what the waiver accepts (any, if it names none).
        bool same = (!c.accepts_left || c.accepts_left->numerically_equal(left)) &&
                    (!c.accepts_right || c.accepts_right->numerically_equal(right));
        if (same) {
            waivers_.push_back({p, fmt::format("check '{}'", c.id), arithmetic, *c.waiver});
            return;
        }
        diags_->error("check.waiver", p,
                      fmt::format("check '{}' is waived for {} = {} and {} = {}, but now {}: check the figures, then "
                                  "change \"accepts\" or remove the waiver",
                                  c.id, c.left, c.accepts_left ? plain(*c.accepts_left) : "any", c.right,
                                  c.accepts_right ? plain(*c.accepts_right) : "any", arithmetic));
        return;
    }
    diags_->error("check.equal", p, fmt::format("{}{}{}", c.message ? *c.message : "", c.message ? ": " : "", arithmetic));
}

// A chart draws from a table: the table and every series must exist.
void Engine::check_chart(const Chart& c, const std::string& p) {
    auto it = tables_.find(c.table);
    if (it == tables_.end()) {
        std::vector<std::string> ids;
        for (const auto& [id, t] : tables_) ids.push_back(id);
        diags_->error("chart.unknown_table", pointer_join(p, "table"),
                     fmt::format("chart '{}' draws from table '{}', which does not exist{}", c.id, c.table,
                                 did_you_mean(c.table, ids)));
        return;
    }
    const Table& t = *it->second;
    bool rows = c.series_in == SeriesIn::rows;
    auto known = rows ? row_ids(t) : column_ids(t);
    for (std::size_t i = 0; i < c.series.size(); ++i)
        if (std::find(known.begin(), known.end(), c.series[i]) == known.end())
            diags_->error("chart.unknown_series", pointer_join(pointer_join(p, "series"), i),
                         fmt::format("table '{}' has no {} '{}'{}", t.id, rows ? "row" : "column", c.series[i],
                                     did_you_mean(c.series[i], known)));
    auto across = rows ? column_ids(t) : row_ids(t);
    for (std::size_t i = 0; i < c.categories.size(); ++i)
        if (std::find(across.begin(), across.end(), c.categories[i]) == across.end())
            diags_->error("chart.unknown_category", pointer_join(pointer_join(p, "categories"), i),
                         fmt::format("table '{}' has no {} '{}'{}", t.id, rows ? "column" : "row", c.categories[i],
                                     did_you_mean(c.categories[i], across)));
    if (c.series.empty()) diags_->error("chart.no_series", pointer_join(p, "series"), fmt::format("chart '{}' has no series", c.id));
}

void Engine::render_texts(Resolution& res) {
    std::vector<std::string> ids;
    for (const auto& f : res.figures) ids.push_back(f.id);
    for_each_text(report_, [&](const std::string& text, const std::string& p) {
        if (text.find("{{") == std::string::npos && text.find("}}") == std::string::npos) return;
        ParsedText parsed = parse_text_refs(text);
        if (parsed.error) {
            diags_->error_at("text.reference", p, parsed.error->offset,
                         fmt::format("at character {}: {}", character_number(text, parsed.error->offset),
                                     parsed.error->message));
            return;
        }
        for (const auto& piece : parsed.pieces)
            if (const auto* ref = std::get_if<TextRef>(&piece)) check_reference(*ref, p, res, ids);
        res.texts.emplace_back(p, render_text(parsed, res));
    });
}

void Engine::check_reference(const TextRef& ref, const std::string& p, const Resolution& res,
                             const std::vector<std::string>& ids) {
    const ResolvedFigure* f = res.find(ref.figure_id);
    if (!f)
        diags_->error_at("text.unknown_figure", p, ref.offset,
                     fmt::format("'{{{{{}}}}}' refers to no figure{}", ref.figure_id, did_you_mean(ref.figure_id, ids)));
    else if (!f->value && f->source != FigureSource::todo)
        diags_->add({Severity::error, "text.empty_figure", p,
                     fmt::format("'{{{{{}}}}}' refers to {}, which has no value", ref.figure_id, f->label), 0, 0,
                     ref.offset, empty_cause_of(ref.figure_id)});
}

}  // namespace tertial::detail
