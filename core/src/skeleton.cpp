// Building a report skeleton from a committee template and a municipality's data.
#include "tertial/skeleton.hpp"

#include <fmt/format.h>

#include "strings.hpp"

namespace tertial {
namespace {

std::string yymmdd(const Date& d) { return fmt::format("{:02}{:02}{:02}", d.year % 100, d.month, d.day); }

Date year_before(const Date& d) {
    Date out{d.year - 1, d.month, d.day};
    if (out.day > days_in_month(out.year, out.month)) out.day = days_in_month(out.year, out.month);
    return out;
}

// Layout titles may name the period: {year}, {prev_year}, {end_yymmdd}, {prev_end_yymmdd}.
std::string fill_period(std::string title, const Date& end) {
    title = detail::replace_all(title, "{year}", std::to_string(end.year));
    title = detail::replace_all(title, "{prev_year}", std::to_string(end.year - 1));
    title = detail::replace_all(title, "{end_yymmdd}", yymmdd(end));
    return detail::replace_all(title, "{prev_end_yymmdd}", yymmdd(year_before(end)));
}

// A column's role gets the report's period: what rollover later shifts.
void fill_role(ColumnRole& role, const Date& end) {
    switch (role.type) {
        case ColumnRoleType::budget:
        case ColumnRoleType::forecast:
        case ColumnRoleType::revised_budget:
        case ColumnRoleType::additional_appropriation:
        case ColumnRoleType::deviation:
            role.year = end.year;
            break;
        case ColumnRoleType::outcome:
            role.until = end;
            break;
        case ColumnRoleType::outcome_same_period_last_year:
            role.until = year_before(end);
            break;
        case ColumnRoleType::outcome_last_year:
            role.year = end.year - 1;
            break;
        default:
            break;
    }
}

Table table_to_fill(const Table& layout, const Date& end) {
    Table t = layout;
    if (t.caption) t.caption = fill_period(*t.caption, end);
    for (auto& c : t.columns) {
        c.title = fill_period(c.title, end);
        if (c.role) fill_role(*c.role, end);
    }
    for (auto& row : t.rows) {
        if (row.calc || row.kind == RowKind::heading) continue;
        row.cells.clear();
        for (const auto& c : t.columns)
            if (c.kind == ColumnKind::amount && !c.calc) row.cells.emplace_back(c.id, CellTodo{});
    }
    return t;
}

Block todo_paragraph(const std::string& what) { return Block{Paragraph{"", what, std::nullopt}}; }

class Builder {
public:
    Builder(const SkeletonRequest& r, Diagnostics& d) : r_(r), diags_(d) {}

    std::optional<Report> run() {
        const ReportTemplate* tmpl = r_.committee.template_for(r_.kind);
        if (!tmpl) {
            std::vector<std::string> kinds;
            for (const auto& t : r_.committee.templates) kinds.emplace_back(to_string(t.kind));
            diags_.error("new.no_template", "",
                         fmt::format("committee plugin '{}' has no template for a {} (it has: {})", r_.committee.id,
                                     to_string(r_.kind), kinds.empty() ? "none" : fmt::format("{}", fmt::join(kinds, ", "))));
            return std::nullopt;
        }
        Report report;
        report.meta = meta();
        if (r_.kind == ReportKind::tertialrapport || r_.kind == ReportKind::delarsrapport) report.cover_letter = cover_letter(report.meta);
        for (const auto& s : tmpl->sections) report.body.push_back(section(s));
        if (diags_.has_errors()) return std::nullopt;
        return report;
    }

private:
    Meta meta() {
        Meta m;
        if (r_.municipality.municipality) m.municipality = *r_.municipality.municipality;
        const CommitteeDef* committee = nullptr;
        for (const auto& c : r_.municipality.committees)
            if (c.plugin == r_.committee.id) committee = &c;
        if (!committee) {
            diags_.error("new.no_committee", "",
                         fmt::format("municipality plugin '{}' names no committee for the committee plugin '{}'",
                                     r_.municipality.id, r_.committee.id));
        } else {
            m.committee = committee->committee;
            m.administration = committee->administration;
        }
        m.kind = r_.kind;
        m.title = default_title(r_.kind, r_.period_end, m.committee.name);
        m.period = {r_.period_end.year, r_.period_end};
        m.date = r_.date.value_or(r_.period_end);
        m.status = ReportStatus::utkast;
        m.plugins = {r_.municipality.id, r_.committee.id};
        return m;
    }

    CoverLetter cover_letter(const Meta& m) {
        CoverLetter c;
        c.title = m.title;
        c.summary.push_back(todo_paragraph("Sammanfatta periodens resultat, prognos och viktigaste händelser"));
        c.background.push_back(todo_paragraph("Beskriv bakgrunden: resultat, prognos och orsaker till avvikelser"));
        c.send_to = {"Kommunstyrelsen"};
        return c;
    }

    Block section(const SectionTemplate& s) {
        Section out;
        out.title = s.title;
        for (const auto& item : s.items) expand(item, out.body);
        for (const auto& sub : s.subsections) out.body.push_back(section(sub));
        return Block{std::move(out)};
    }

    void expand(const TemplateItem& item, Blocks& out) {
        switch (item.kind) {
            case TemplateItem::Kind::text:
                out.push_back(todo_paragraph(item.text));
                break;
            case TemplateItem::Kind::block:
                if (item.block) out.push_back(*item.block);
                break;
            case TemplateItem::Kind::goals:
                goals(out);
                break;
            case TemplateItem::Kind::layout:
                layout(item.text, out);
                break;
            case TemplateItem::Kind::key_figures:
                key_figures(item.ids, out);
                break;
        }
    }

    void goals(Blocks& out) {
        for (const auto& g : r_.municipality.goals) {
            Section goal{g.title, true, std::nullopt, Goal{g.id, GoalStatus::ej_bedomd}, {}};
            goal.body.push_back(Block{Section{"Fullmäktige", true, std::nullopt, std::nullopt, {Block{Assignments{AssignmentSource::kf, {}}}}}});
            goal.body.push_back(Block{Section{"Nämnd", true, std::nullopt, std::nullopt, {Block{Assignments{AssignmentSource::n, {}}}}}});
            goal.body.push_back(todo_paragraph("Fyll i uppdragen med kommentarer och bedöm måluppfyllelsen"));
            out.push_back(Block{std::move(goal)});
        }
    }

    void layout(const std::string& name, Blocks& out) {
        const TableLayout* l = r_.municipality.layout(name);
        if (!l) {
            diags_.error("new.no_layout", "",
                         fmt::format("the template of '{}' needs the table layout '{}', which municipality plugin '{}' lacks",
                                     r_.committee.id, name, r_.municipality.id));
            return;
        }
        out.push_back(Block{table_to_fill(l->table, r_.period_end)});
    }

    void key_figures(const std::vector<std::string>& ids, Blocks& out) {
        KeyFigureGroup group;
        for (const auto& def : r_.committee.key_figures) {
            if (!ids.empty() && std::find(ids.begin(), ids.end(), def.id) == ids.end()) continue;
            KeyFigure k;
            k.id = def.id;
            k.name = def.name;
            k.unit = def.unit;
            k.display = def.display;
            k.kolada = def.kolada;
            k.higher_is_better = def.higher_is_better;
            k.todo = true;
            group.items.push_back(std::move(k));
        }
        for (const auto& id : ids)
            if (std::none_of(r_.committee.key_figures.begin(), r_.committee.key_figures.end(),
                             [&](const KeyFigureDef& d) { return d.id == id; }))
                diags_.error("new.no_key_figure", "",
                             fmt::format("the template of '{}' names key figure '{}', which is not in its catalogue",
                                         r_.committee.id, id));
        out.push_back(Block{KeyFigures{{std::move(group)}}});
    }

    const SkeletonRequest& r_;
    Diagnostics& diags_;
};

}  // namespace

std::string default_title(ReportKind kind, const Date& end, const std::string& committee) {
    switch (kind) {
        case ReportKind::tertialrapport:
            return fmt::format("Tertialrapport {} {} för {}", (end.month - 1) / 4 + 1, end.year, committee);
        case ReportKind::delarsrapport:
            return fmt::format("Delårsrapport {} för {}", end.year, committee);
        case ReportKind::verksamhetsplan:
            return fmt::format("Verksamhetsplan {} för {}", end.year, committee);
        case ReportKind::kvalitetsrapport:
            return fmt::format("Kvalitetsrapport {} för {}", end.year, committee);
        case ReportKind::verksamhetsberattelse:
            return fmt::format("Verksamhetsberättelse {} för {}", end.year, committee);
        case ReportKind::unknown:
            break;
    }
    return committee;
}

std::optional<Report> make_skeleton(const SkeletonRequest& request, Diagnostics& diagnostics) {
    return Builder(request, diagnostics).run();
}

}  // namespace tertial
