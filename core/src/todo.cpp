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
    explicit Collector(const Report& r) : report_(r) {
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

    void meta() {
        const Meta& m = report_.meta;
        for (std::size_t i = 0; i < m.todo.size(); ++i) {
            std::string p = pointer_join("/meta/todo", i);
            switch (m.todo[i]) {
                case MetaTodo::date:
                    add(TodoKind::fill, p,
                        fmt::format("to fill in: the document's date (meta.date is {} for now)", m.date.to_string()));
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
                if constexpr (std::is_same_v<T, Paragraph>) {
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
            if (!item.review) continue;
            std::string ip = pointer_join(pointer_join(p, "items"), i);
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

std::vector<TodoItem> todo_list(const Report& report) {
    return Collector(report).run();
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
