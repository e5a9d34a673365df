// The to-do list of a report: every mark that says "fill in", "write" or "review", where it is and in which section.
#include "tertial/todo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tertial/diagnostics.hpp"
#include "tertial/resolve.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {

// "…" after the first words of a text, for a message that names it.
std::string quoted(const std::string& text) {
    return fmt::format("\"{}\"", shorten(text, 60));
}

bool computed(const TableRow& row, const Column& col) {
    return row.calc.has_value() || col.calc.has_value();
}

class Collector {
public:
    // What a draft still lacks (a goal not assessed, no förslag till beslut,
    // nobody to sign, an uppdrag without kommentar) counts only while it is a
    // draft: a fastställd report is what was decided, as it was decided. A
    // verksamhetsplan assesses no goals and comments on no uppdrag yet.
    explicit Collector(const Report& r)
        : report_(r),
          draft_(r.meta.status == ReportStatus::utkast),
          follow_up_(draft_ && assesses_goals(r.meta.kind)) {
        for (const auto& [p, n] : section_numbers(r)) numbers_.emplace(p, n);
        for_each_block(r, [&](const Block& b, const std::string& p) {
            if (const auto* s = std::get_if<Section>(&b.content)) titles_.emplace(p, s->title);
        });
    }

    std::vector<TodoItem> run() {
        meta();
        for (std::size_t i = 0; i < report_.figures.size(); ++i) {
            const Figure& f = report_.figures[i];
            if (f.todo && !f.calc)
                add(TodoKind::fill, pointer_join("/figures", i), "to fill in: " + f.label.value_or(f.id));
        }
        if (const auto& cl = report_.cover_letter) {
            blocks("/cover_letter/summary");
            if (cl->proposals_review)
                add(TodoKind::review, "/cover_letter/proposals_review",
                    fmt::format("to review: förslag till beslut, carried over from last year ({} proposal{})",
                                cl->proposals.size(), cl->proposals.size() == 1 ? "" : "s"));
            if (draft_ && cl->proposals.empty())
                add(TodoKind::write, "/cover_letter/proposals", "to write: förslag till beslut (cover_letter.proposals)");
            if (draft_ && cl->signatures.empty() && !report_.meta.signatories.empty() && !listed(MetaTodo::signatures))
                add(TodoKind::fill, "/cover_letter/signatures",
                    "to fill in: who signs the cover letter (cover_letter.signatures, ids from meta.signatories)");
            blocks("/cover_letter/background");
        }
        blocks("/body");
        return std::move(items_);
    }

private:
    void add(TodoKind kind, std::string pointer, std::string message) {
        auto [title, group_pointer] = group_of(pointer);
        items_.push_back({kind, std::move(pointer), std::move(message), std::move(title), std::move(group_pointer)});
    }

    bool listed(MetaTodo t) const {
        const auto& todo = report_.meta.todo;
        return std::find(todo.begin(), todo.end(), t) != todo.end() && !meta_todo_filled(report_, t);
    }

    void meta() {
        const Meta& m = report_.meta;
        for (std::size_t i = 0; i < m.todo.size(); ++i) {
            std::string p = pointer_join("/meta/todo", i);
            // An entry whose field is filled in has cleared itself.
            if (meta_todo_filled(report_, m.todo[i])) continue;
            switch (m.todo[i]) {
                case MetaTodo::date:
                    add(TodoKind::fill, p,
                        m.date.year ? fmt::format("to fill in: the document's date (meta.date is {} for now)", m.date.to_string())
                                    : std::string("to fill in: the document's date (meta.date, none yet)"));
                    break;
                case MetaTodo::dnr:
                    add(TodoKind::fill, p, "to fill in: the diarienummer (meta.dnr)");
                    break;
                case MetaTodo::signatures:
                    add(TodoKind::fill, p,
                        "to fill in: who signs the report (cover_letter.signatures, ids from meta.signatories)");
                    break;
                case MetaTodo::unknown:
                    break;
            }
        }
        // The cover letter is what goes to decision and is signed: a draft without one (a part, a fixture) is
        // not asked who signs.
        if (draft_ && report_.cover_letter && m.signatories.empty())
            add(TodoKind::fill, "/meta/signatories", "to fill in: who signs the report (meta.signatories)");
    }

    // Only blocks under `prefix`, in document order.
    void blocks(const std::string& prefix) {
        for_each_block(report_, [&](const Block& b, const std::string& p) {
            if (p.starts_with(prefix + "/")) block(b, p);
        });
    }

    void block(const Block& b, const std::string& p) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, Section>) {
                    if (follow_up_ && x.goal && x.goal->status == GoalStatus::ej_bedomd)
                        add(TodoKind::fill, pointer_join(pointer_join(p, "goal"), "status"),
                            fmt::format("to fill in: whether goal {} is met (its status is ej_bedomd)", quoted(x.title)));
                } else if constexpr (std::is_same_v<T, Paragraph>) {
                    if (x.todo) add(TodoKind::write, pointer_join(p, "text"), "to write: " + *x.todo);
                    if (x.review)
                        add(TodoKind::review, pointer_join(p, "review"),
                            "to review: paragraph carried over from last year, " + quoted(x.text));
                } else if constexpr (std::is_same_v<T, List>) {
                    if (x.review)
                        add(TodoKind::review, pointer_join(p, "review"),
                            fmt::format("to review: list of {} item{} carried over from last year{}", x.items.size(),
                                        x.items.size() == 1 ? "" : "s",
                                        x.items.empty() ? "" : ", " + quoted(x.items.front())));
                } else if constexpr (std::is_same_v<T, Assignments>) {
                    assignments(x, p);
                } else if constexpr (std::is_same_v<T, KeyFigures>) {
                    key_figures(x, p);
                } else if constexpr (std::is_same_v<T, Chart>) {
                    if (x.review)
                        add(TodoKind::review, pointer_join(p, "review"),
                            fmt::format("to review: the text alternative of chart '{}'", x.title));
                } else if constexpr (std::is_same_v<T, Table>) {
                    table(x, p);
                }
            },
            b.content);
    }

    void assignments(const Assignments& a, const std::string& p) {
        for (std::size_t i = 0; i < a.items.size(); ++i) {
            const Assignment& item = a.items[i];
            std::string ip = pointer_join(pointer_join(p, "items"), i);
            // A review mark whose kommentar is to write anew says so itself.
            bool said = item.review && item.comment.empty() && !item.review->previous.empty();
            if (follow_up_ && item.comment.empty() && !said)
                add(TodoKind::write, pointer_join(ip, "comment"),
                    fmt::format("to write: the kommentar on uppdrag {}", quoted(item.text)));
            if (!item.review) continue;
            // The kommentar was emptied if last year had one: it is to write anew.
            const char* comment = !item.comment.empty()            ? ", and its kommentar"
                                  : !item.review->previous.empty() ? ", and write its kommentar (last year's is kept)"
                                                                   : "";
            add(TodoKind::review, pointer_join(ip, "review"),
                fmt::format("to review: uppdrag {}{}", quoted(item.text), comment));
        }
    }

    void key_figures(const KeyFigures& k, const std::string& p) {
        for (std::size_t g = 0; g < k.groups.size(); ++g)
            for (std::size_t i = 0; i < k.groups[g].items.size(); ++i) {
                const KeyFigure& kf = k.groups[g].items[i];
                std::string ip = pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), g), "items"), i);
                if (kf.todo)
                    add(TodoKind::fill, ip,
                        fmt::format("to fill in: {}{}", kf.name, kf.year.empty() ? "" : fmt::format(" ({})", kf.year)));
                if (kf.review)
                    add(TodoKind::review, pointer_join(ip, "review"),
                        fmt::format("to review: the comment on {}", kf.name));
            }
    }

    void table(const Table& t, const std::string& p) {
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const TableRow& row = t.rows[r];
            std::string rp = pointer_join(pointer_join(p, "rows"), r);
            for (const auto& col : t.columns) {
                if (row.kind == RowKind::heading || col.kind != ColumnKind::amount) continue;
                const Cell* cell = row.cell(col.id);
                if (cell && std::holds_alternative<CellTodo>(*cell) && !computed(row, col))
                    add(TodoKind::fill, pointer_join(pointer_join(rp, "cells"), col.id),
                        "to fill in: " + cell_label(t, row, col));
            }
            for (const auto& [col_id, review] : row.review) {
                const Column* col = nullptr;
                for (const auto& c : t.columns)
                    if (c.id == col_id) col = &c;
                if (!col) continue;
                std::string what = col->kind == ColumnKind::amount  ? ""
                                   : col->kind == ColumnKind::label ? " (the row's text, carried over from last year)"
                                                                    : " (text carried over from last year)";
                add(TodoKind::review, pointer_join(pointer_join(rp, "review"), col_id),
                    fmt::format("to review: {}{}{}", cell_label(t, row, *col), what,
                                review.note ? ": " + *review.note : ""));
            }
        }
    }

    // The section of level 1 or 2 a pointer lies in ("/body/4/body/0"), or
    // the part of the file it is in.
    std::pair<std::string, std::string> group_of(const std::string& pointer) const {
        if (pointer.starts_with("/meta")) return {"Report details (meta)", "/meta"};
        if (pointer.starts_with("/figures")) return {"Named figures", "/figures"};
        if (pointer.starts_with("/cover_letter")) return {"Cover letter (tjänsteskrivelse)", "/cover_letter"};
        std::string best;
        std::size_t at = 0;
        for (int level = 0; level < 2; ++level) {
            // "/body/N" then "/body/N/body/M": each level adds "/body/<index>".
            std::size_t start = pointer.find("/body/", at);
            if (start != at) break;
            std::size_t end = pointer.find('/', start + 6);
            std::string candidate = pointer.substr(0, end == std::string::npos ? pointer.size() : end);
            if (!titles_.count(candidate)) break;
            best = candidate;
            at = candidate.size();
        }
        if (best.empty()) return {"Report body", "/body"};
        auto number = numbers_.find(best);
        std::string title = titles_.at(best);
        return {number == numbers_.end() ? title : number->second + " " + title, best};
    }

    const Report& report_;
    bool draft_, follow_up_;
    std::map<std::string, std::string> numbers_, titles_;
    std::vector<TodoItem> items_;
};

}  // namespace

std::string_view to_string(TodoKind kind) {
    switch (kind) {
        case TodoKind::fill:
            return "to fill in";
        case TodoKind::write:
            return "to write";
        case TodoKind::review:
            return "to review";
    }
    return "to do";
}

bool assesses_goals(ReportKind kind) {
    return kind != ReportKind::verksamhetsplan;
}

std::vector<TodoItem> todo_list(const Report& report) {
    return Collector(report).run();
}

bool meta_todo_filled(const Report& report, MetaTodo todo) {
    switch (todo) {
        case MetaTodo::dnr:
            return report.meta.dnr && !report.meta.dnr->empty();
        case MetaTodo::signatures:
            return report.cover_letter && !report.cover_letter->signatures.empty();
        default:
            return false;
    }
}

void clear_filled_meta_todos(const Report& before, Report& after) {
    if (after.meta.todo != before.meta.todo) return;  // the edit itself changed the list
    std::erase_if(after.meta.todo, [&](MetaTodo t) {
        return t == MetaTodo::date ? after.meta.date != before.meta.date : meta_todo_filled(after, t);
    });
}

bool has_open_items(const Report& report) {
    return !todo_list(report).empty();
}

std::size_t TodoGroup::count(TodoKind kind) const {
    return static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [&](const TodoItem* i) { return i->kind == kind; }));
}

std::vector<TodoGroup> group_todos(const std::vector<TodoItem>& items) {
    std::vector<TodoGroup> groups;
    for (const auto& item : items) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const TodoGroup& g) { return g.pointer == item.group_pointer; });
        if (it == groups.end()) {
            groups.push_back({item.group, item.group_pointer, {}});
            it = groups.end() - 1;
        }
        it->items.push_back(&item);
    }
    return groups;
}

}  // namespace tertial
