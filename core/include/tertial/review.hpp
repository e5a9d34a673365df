// Review marks: what rollover carried over to be looked at, last year's text beside this year's, and accepting them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/model.hpp"

namespace tertial {

// One review mark, with the texts it is about. The CLI (`tertial review`)
// and the editor both list and accept marks through these, so that what a
// mark covers and how it is removed is decided in one place.
struct ReviewMark {
    std::string pointer;  // the mark: ".../review", ".../rows/3/review/kommentar", "/cover_letter/proposals_review"
    std::vector<std::string> fields;    // the texts it is about, one per entry of `current`
    std::string message;                // as todo_list() says it ("to review: …")
    std::string group, group_pointer;   // as todo_list() groups it
    std::optional<std::string> note;
    std::vector<std::string> previous;  // last year's, as printed
    std::vector<std::string> current;   // this year's, as written in the file (references as {{…}})
    // An amount cell: a figure proposed from last year's plan, not a text.
    bool figure = false;
    // The JSON pointer whose removal accepts the mark: the mark, or a row's
    // whole `review` object when this is its last mark.
    std::string removal;
};

// Every review mark, in document order (the order of todo_list()).
std::vector<ReviewMark> review_marks(const Report& report);

// Whether this year's text was changed from last year's. `unchanged`: the
// same word for word, where a {{reference}} may stand for any figure (so a
// text that only had its figures renewed is unchanged); `empty`: last year
// had text and this year has none (an uppdrag's kommentar still to write).
// A figure mark is always `changed`: it has no text to compare.
enum class ReviewChange { changed, unchanged, empty };
ReviewChange review_change(const ReviewMark& mark);

// Removes the mark at `pointer` (a ReviewMark::pointer); false, and the
// report untouched, if there is no mark there.
bool accept_review(Report& report, std::string_view pointer);

// A word diff of last year's text against this year's: runs of words
// (non-blank characters) kept, removed or added, in order. Blanks are not
// compared; the text of each piece is its words joined by single spaces.
struct DiffPiece {
    enum class Kind { same, removed, added } kind = Kind::same;
    std::string text;
    bool operator==(const DiffPiece&) const = default;
};
std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after);

}  // namespace tertial
