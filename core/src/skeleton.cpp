// Building a report skeleton from a committee template and a municipality's data.
#include "tertial/skeleton.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "strings.hpp"

namespace tertial {
namespace {

std::string yymmdd(const Date& d) { return fmt::format("{:02}{:02}{:02}", d.year % 100, d.month, d.day); }

Date year_before(const Date& d) {
    Date out{d.year - 1, d.month, d.day};
    if (out.day > days_in_month(out.year, out.month)) out.day = days_in_month(out.year, out.month);
    return out;
}

// Layout titles (caption, column titles, row labels) may name the period: {year}, {prev_year}, {end_yymmdd}, {prev_end_yymmdd}.
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

// A layout as a table to fill in: every cell a to-do but those computed,
// and none in a month column after the month the period ends in.
Table table_to_fill(const TableLayout& layout, const Date& end) {
    Table t = layout.table;
    if (t.caption) t.caption = fill_period(*t.caption, end);
    for (auto& c : t.columns) {
        c.title = fill_period(c.title, end);
        if (c.role) fill_role(*c.role, end);
    }
    auto after_end = [&](const std::string& column) {
        auto it = std::find(layout.month_columns.begin(), layout.month_columns.end(), column);
        return it != layout.month_columns.end() && it - layout.month_columns.begin() + 1 > end.month;
    };
    for (auto& row : t.rows) {
        row.label = fill_period(row.label, end);
        if (row.calc || row.kind == RowKind::heading) continue;
        row.cells.clear();
        for (const auto& c : t.columns)
            if (c.kind == ColumnKind::amount && !c.calc && !after_end(c.id)) row.cells.emplace_back(c.id, CellTodo{});
    }
    return t;
}

Block todo_paragraph(const std::string& what) { return Block{Paragraph{"", what, std::nullopt}}; }

// The templates of several committee plugins made one: a section of the
// same title is one section, with the items of each (an item two plugins
// both ask for, such as the goals or a layout, once; key figures in one table).
struct MergedItem {
    TemplateItem item;
    std::vector<std::pair<const LoadedPlugin*, std::vector<std::string>>> key_figures;  // plugin, ids
};

struct MergedSection {
    std::string title;
    std::vector<MergedItem> items;
    std::vector<MergedSection> subsections;
};

void merge_item(std::vector<MergedItem>& into, const TemplateItem& item, const LoadedPlugin* plugin) {
    for (auto& have : into) {
        if (have.item.kind != item.kind) continue;
        if (item.kind == TemplateItem::Kind::key_figures) {
            have.key_figures.emplace_back(plugin, item.ids);
            return;
        }
        if (item.kind != TemplateItem::Kind::block && have.item.text == item.text) return;
    }
    MergedItem m{item, {}};
    if (item.kind == TemplateItem::Kind::key_figures) m.key_figures.emplace_back(plugin, item.ids);
    into.push_back(std::move(m));
}

void merge_sections(std::vector<MergedSection>& into, const std::vector<SectionTemplate>& from, const LoadedPlugin* plugin) {
    for (const auto& s : from) {
        auto it = std::find_if(into.begin(), into.end(), [&](const MergedSection& m) { return m.title == s.title; });
        if (it == into.end()) it = into.insert(into.end(), MergedSection{s.title, {}, {}});
        for (const auto& item : s.items) merge_item(it->items, item, plugin);
        merge_sections(it->subsections, s.subsections, plugin);
    }
}

class Builder {
public:
    Builder(const SkeletonRequest& r, Diagnostics& d) : r_(r), diags_(d) {}

    std::optional<Report> run() {
        if (!is_period_end(r_.kind, r_.period_end, r_.municipality.period_ends)) {
            diags_.error("new.period", "",
                         fmt::format("a {} ends on {}, not on {}: give --period one of those days", to_string(r_.kind),
                                     period_ends_text(r_.kind, r_.municipality.period_ends), r_.period_end.to_string()));
            return std::nullopt;
        }
        std::vector<MergedSection> sections;
        for (const LoadedPlugin* c : r_.committees) {
            const ReportTemplate* tmpl = c->template_for(r_.kind);
            if (!tmpl) {
                std::vector<std::string> kinds;
                for (const auto& t : c->templates) kinds.emplace_back(to_string(t.kind));
                diags_.error("new.no_template", "",
                             fmt::format("committee plugin '{}' has no template for a {} (it has: {})", c->id,
                                         to_string(r_.kind), kinds.empty() ? "none" : fmt::format("{}", fmt::join(kinds, ", "))));
                continue;
            }
            merge_sections(sections, tmpl->sections, c);
        }
        Report report;
        report.meta = meta();
        if (diags_.has_errors()) return std::nullopt;
        if (r_.kind == ReportKind::tertialrapport || r_.kind == ReportKind::delarsrapport) report.cover_letter = cover_letter(report.meta);
        for (const auto& s : sections)
            if (auto b = section(s)) report.body.push_back(std::move(*b));
        if (diags_.has_errors()) return std::nullopt;
        return report;
    }

private:
    // The nämnd: the one named, else the one every committee plugin serves.
    const CommitteeDef* committee() {
        std::vector<const CommitteeDef*> found;
        for (const auto& c : r_.municipality.committees) {
            if (!r_.committee.empty() && c.committee.short_name != r_.committee) continue;
            bool serves_all = std::all_of(r_.committees.begin(), r_.committees.end(), [&](const LoadedPlugin* p) {
                return std::any_of(r_.municipality.committees.begin(), r_.municipality.committees.end(),
                                   [&](const CommitteeDef& d) { return d.plugin == p->id && d.committee == c.committee; });
            });
            if (serves_all && std::none_of(found.begin(), found.end(), [&](const CommitteeDef* f) { return f->committee == c.committee; }))
                found.push_back(&c);
        }
        if (found.size() == 1) return found.front();
        std::vector<std::string> ids;
        for (const LoadedPlugin* p : r_.committees) ids.push_back(p->id);
        if (found.empty())
            diags_.error("new.no_committee", "",
                         fmt::format("municipality plugin '{}' names no committee{} for the committee plugin{} '{}'", r_.municipality.id,
                                     r_.committee.empty() ? "" : " '" + r_.committee + "'", ids.size() == 1 ? "" : "s",
                                     fmt::join(ids, "', '")));
        else
            diags_.error("new.committee", "",
                         fmt::format("committee plugin '{}' serves {} nämnder of '{}': name one by its short name, e.g. --committee {}",
                                     fmt::join(ids, "', '"), found.size(), r_.municipality.id, found.front()->committee.short_name));
        return nullptr;
    }

    Meta meta() {
        Meta m;
        if (r_.municipality.municipality) m.municipality = *r_.municipality.municipality;
        if (const CommitteeDef* c = committee()) {
            m.committee = c->committee;
            m.administration = c->administration;
        }
        m.kind = r_.kind;
        m.title = default_title(r_.kind, r_.period_end, m.committee.name);
        m.period = {r_.period_end.year, r_.period_end};
        // Without --date the draft's date is to fill in: no date yet, rather
        // than one nobody chose.
        if (r_.date)
            m.date = *r_.date;
        else
            m.todo = {MetaTodo::date};
        m.status = ReportStatus::utkast;
        m.plugins = {r_.municipality.id};
        for (const LoadedPlugin* c : r_.committees)
            if (std::find(m.plugins.begin(), m.plugins.end(), c->id) == m.plugins.end()) m.plugins.push_back(c->id);
        committee_short_name_ = m.committee.short_name;
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

    // A section left with nothing (its goals, where the municipality has
    // none; a layout another committee plugin's section holds) is left out.
    std::optional<Block> section(const MergedSection& s) {
        Section out;
        out.title = s.title;
        for (const auto& item : s.items) expand(item, out.body);
        for (const auto& sub : s.subsections)
            if (auto b = section(sub)) out.body.push_back(std::move(*b));
        if (out.body.empty()) return std::nullopt;
        return Block{std::move(out)};
    }

    void expand(const MergedItem& m, Blocks& out) {
        const TemplateItem& item = m.item;
        switch (item.kind) {
            case TemplateItem::Kind::text:
                out.push_back(todo_paragraph(item.text));
                break;
            case TemplateItem::Kind::block:
                if (item.block) out.push_back(*item.block);
                break;
            case TemplateItem::Kind::goals:
                // Once in a report, where the first committee plugin asks for them.
                if (!goals_done_) goals(out);
                goals_done_ = true;
                break;
            case TemplateItem::Kind::layout:
            case TemplateItem::Kind::layout_if_given:
                if (std::find(layouts_done_.begin(), layouts_done_.end(), item.text) == layouts_done_.end())
                    layout(item.text, item.kind == TemplateItem::Kind::layout, out);
                layouts_done_.push_back(item.text);
                break;
            case TemplateItem::Kind::key_figures: {
                KeyFigureGroup group;
                for (const auto& [plugin, ids] : m.key_figures) key_figures(*plugin, ids, group);
                out.push_back(Block{KeyFigures{{std::move(group)}, {}}});
                break;
            }
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

    void layout(const std::string& name, bool required, Blocks& out) {
        const TableLayout* l = r_.municipality.layout(name, committee_short_name_);
        if (!l && !required) return;
        if (!l) {
            std::vector<std::string> ids;
            for (const LoadedPlugin* c : r_.committees) ids.push_back(c->id);
            diags_.error("new.no_layout", "",
                         fmt::format("the template of '{}' needs the table layout '{}', which municipality plugin '{}' lacks{}",
                                     fmt::join(ids, "' and '"), name, r_.municipality.id,
                                     committee_short_name_.empty() ? "" : " (for every nämnd, or for " + committee_short_name_ + ")"));
            return;
        }
        out.push_back(Block{table_to_fill(*l, r_.period_end)});
    }

    void key_figures(const LoadedPlugin& plugin, const std::vector<std::string>& ids, KeyFigureGroup& group) {
        for (const auto& def : plugin.key_figures) {
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
            if (std::none_of(plugin.key_figures.begin(), plugin.key_figures.end(), [&](const KeyFigureDef& d) { return d.id == id; }))
                diags_.error("new.no_key_figure", "",
                             fmt::format("the template of '{}' names key figure '{}', which is not in its catalogue", plugin.id, id));
    }

    const SkeletonRequest& r_;
    Diagnostics& diags_;
    std::string committee_short_name_;
    bool goals_done_ = false;
    std::vector<std::string> layouts_done_;
};

}  // namespace

std::string default_title(ReportKind kind, const Date& end, const std::string& committee) {
    switch (kind) {
        case ReportKind::tertialrapport:
            return fmt::format("Tertialrapport {} {} för {}", (end.month - 1) / 4 + 1, end.year, committee);
        case ReportKind::delarsrapport:  // the months it covers: "januari–april 2021"
            return fmt::format("Delårsrapport januari–{} {} för {}", swedish_month_name(end.month), end.year, committee);
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

namespace tertial {

std::optional<CommitteeChoice> choose_committee(const LoadedPlugin& municipality, const std::vector<std::string>& names,
                                                Diagnostics& diagnostics) {
    CommitteeChoice choice;
    auto add = [&](const std::string& plugin) {
        if (std::find(choice.plugins.begin(), choice.plugins.end(), plugin) == choice.plugins.end()) choice.plugins.push_back(plugin);
    };
    std::vector<std::string> short_names;
    for (const auto& c : municipality.committees)
        if (std::find(short_names.begin(), short_names.end(), c.committee.short_name) == short_names.end())
            short_names.push_back(c.committee.short_name);
    auto lower = [](std::string s) {
        for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    for (const auto& given : names) {
        // A committee plugin's id first; else a short name, in any case ("san").
        bool is_plugin = std::any_of(municipality.committees.begin(), municipality.committees.end(),
                                     [&](const CommitteeDef& c) { return c.plugin == given; });
        auto short_name = std::find_if(short_names.begin(), short_names.end(),
                                       [&](const std::string& s) { return lower(s) == lower(given); });
        if (is_plugin || short_name == short_names.end()) {
            add(given);
            continue;
        }
        const std::string& name = *short_name;
        if (!choice.short_name.empty() && choice.short_name != name) {
            diagnostics.error("new.committee", "",
                              fmt::format("--committee names two nämnder, {} and {}: a report is one nämnd's", choice.short_name, name));
            return std::nullopt;
        }
        choice.short_name = name;
        for (const auto& c : municipality.committees)
            if (c.committee.short_name == name) add(c.plugin);
    }
    if (choice.plugins.empty()) {
        diagnostics.error("new.committee", "",
                          fmt::format("--committee names no committee: give a committee plugin id or a short name of {} ({})",
                                      municipality.id, fmt::join(short_names, ", ")));
        return std::nullopt;
    }
    return choice;
}

}  // namespace tertial
