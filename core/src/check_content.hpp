// The checks on what a report says (check_content_*.cpp): one family per
// file, all reading the report's running texts as words; internal to core.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tertial/diagnostics.hpp"
#include "tertial/model.hpp"
#include "tertial/period_ends.hpp"
#include "tertial/resolve.hpp"
#include "text_words.hpp"

namespace tertial::detail {

// One running text of the report (see is_running_text) as words.
struct ContentText {
    std::string pointer;
    const std::string* source = nullptr;
    Words words;
    std::string part;              // "/cover_letter" or the pointer of its top-level section
    const Review* review = nullptr;  // a rollover mark still on it
};

// Every running text, in document order (texts whose references do not
// parse are left out: resolve() reports them).
std::vector<ContentText> content_texts(const Report& report);

// Every text that can carry a review mark, by pointer, with its mark (or
// null): paragraphs, list items, assignment comments, key-figure comments,
// chart text alternatives, proposals and text cells.
std::map<std::string, const Review*> reviewable_texts(const Report& report);

// The text from byte `from` to the end of token `last`, as written.
std::string quote(const ContentText& t, std::size_t from, const Token& last);

void check_periods(const Report& report, const std::vector<ContentText>& texts, Diagnostics& diagnostics);
void check_signs(const Resolution& resolution, const std::vector<ContentText>& texts, Diagnostics& diagnostics);
void check_dates(const Report& report, const std::vector<ContentText>& texts, const std::vector<PeriodEnd>& own_period_ends,
                 Diagnostics& diagnostics);
void check_duplicates(const Resolution& resolution, const std::vector<ContentText>& texts, Diagnostics& diagnostics);

}  // namespace tertial::detail
