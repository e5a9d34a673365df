// What is left to do in a report: figures to fill in, texts to write, what rollover carried over to review.
#pragma once

#include <string>
#include <vector>

#include "tertial/model.hpp"

namespace tertial {

enum class TodoKind { fill, write, review };
std::string_view to_string(TodoKind kind);

struct TodoItem {
    TodoKind kind = TodoKind::fill;
    std::string pointer;  // the JSON pointer of the mark (a cell, a review, a meta.todo entry)
    std::string message;  // "to fill in: drift: Taxor och avgifter / Budget 2021"
    // The part of the report it is in, for grouping: a section of level 1 or
    // 2 ("5.1 Driftsredovisning"), the cover letter, the named figures or the
    // report's details.
    std::string group;
    std::string group_pointer;
};

// Whether a report of this kind assesses its goals and comments on its
// uppdrag: a verksamhetsplan does neither, it sets them for the year ahead.
// What a draft still lacks, and what its PDF prints under a goal, follow it.
bool assesses_goals(ReportKind kind);

// Every open item, in document order: cells and figures marked to fill in
// (unless a calculation computes them), paragraphs still to write, every
// review mark, meta.todo entries whose field is still empty, and what a
// draft (status utkast) still lacks: signatories, signatures in the cover
// letter, förslag till beslut and, unless it is a verksamhetsplan, goals
// still ej_bedomd and uppdrag without kommentar. Structural: it needs no
// figures resolved, so the PDF writer can ask it too.
std::vector<TodoItem> todo_list(const Report& report);

// Whether the report fills in the field a meta.todo entry stands for: a
// diarienummer, signatures in the cover letter. Such an entry is no longer
// listed. The date cannot tell (rollover keeps last year's a year on): only
// a change to it can, see clear_filled_meta_todos().
bool meta_todo_filled(const Report& report, MetaTodo todo);

// After an edit from `before` to `after`: removes the meta.todo entries
// whose field `after` fills in (the date: when the edit changed it), unless
// the edit changed meta.todo itself. What `tertial edit` does on each change.
void clear_filled_meta_todos(const Report& before, Report& after);

// True when todo_list() is not empty: the report is a draft (UTKAST).
bool has_open_items(const Report& report);

// Per group, in document order: the group and its items.
struct TodoGroup {
    std::string title;
    std::string pointer;
    std::vector<const TodoItem*> items;
    std::size_t count(TodoKind kind) const;
};
std::vector<TodoGroup> group_todos(const std::vector<TodoItem>& items);

}  // namespace tertial
