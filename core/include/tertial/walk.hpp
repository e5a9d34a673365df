// Walking a report's blocks and texts with the JSON pointer of each.
#pragma once

#include <functional>
#include <string>

#include "tertial/model.hpp"

namespace tertial {

// Calls `visit` for every block (cover letter summary and background, then
// the body, sections before their children), with its JSON pointer.
void for_each_block(const Report& report, const std::function<void(const Block&, const std::string& pointer)>& visit);
// The same walk, for changing blocks in place (rollover); the visitor must not
// add or remove blocks in the list it is visiting.
void for_each_block(Report& report, const std::function<void(Block&, const std::string& pointer)>& visit);

// Calls `visit` for every text that may hold {{…}} references: section
// titles, paragraphs, list items, proposals, basis lines, assignment texts
// and comments, key-figure comments, table captions, column titles, row
// labels, text cells and notes.
void for_each_text(const Report& report,
                   const std::function<void(const std::string& text, const std::string& pointer)>& visit);
// The same texts, for rewriting them in place (rollover renames references).
void for_each_text(Report& report, const std::function<void(std::string& text, const std::string& pointer)>& visit);

// Section numbers ("3.1.2") by the section's JSON pointer; unnumbered
// sections are absent. Numbered sections inside an unnumbered one go on
// counting at the unnumbered section's level.
std::vector<std::pair<std::string, std::string>> section_numbers(const Report& report);

}  // namespace tertial
