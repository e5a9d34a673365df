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

// Every open item, in document order: cells and figures marked to fill in
// (unless a calculation computes them), paragraphs still to write, and every
// review mark. Structural: it needs no figures resolved, so the PDF writer
// can ask it too.
std::vector<TodoItem> todo_list(const Report& report);

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
