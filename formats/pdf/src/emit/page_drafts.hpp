// Pages' content streams drawn and compressed apart from the PDF's objects,
// on a second thread ahead of the one that makes the objects.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "emit_content.hpp"

namespace tertial::pdf::emit_detail {

// One page's content stream, drawn and deflated, and what the page's
// objects need of it.
struct PageDraft {
    std::string packed;                         // the content stream, deflated
    std::vector<std::size_t> mcid_elements;     // the structure element of each MCID, in order
    std::vector<const FontTable::Entry*> fonts;  // for /Resources, in order of use
    std::vector<std::size_t> images;            // indices into the images, for /Resources
};

// Draws page `page` of `d`. Reads only: `fonts` scanned and created (every
// font the pages draw has its entry), `images` embedded.
PageDraft draft_page(const Document& d, std::size_t page, FontTable& fonts, const std::vector<EmbeddedImage>& images);

// The drafts of a document's pages, taken in page order. With `helper`, a
// second thread draws pages ahead of the one taking them (at most
// `lookahead` pages ahead, so a long document's drafts are never all held
// at once); the taker draws a page itself when the helper has not begun
// it. Without, take() draws each page as it is taken. The drafts are the
// same either way: drawing a page reads only the page and the tables.
class PageDrafts {
public:
    PageDrafts(const Document& d, FontTable& fonts, const std::vector<EmbeddedImage>& images, bool helper);
    ~PageDrafts();
    PageDrafts(const PageDrafts&) = delete;
    PageDrafts& operator=(const PageDrafts&) = delete;

    // Page `page`'s draft; pages are taken 0, 1, 2, ... A drawing error
    // (std::invalid_argument for an item the page cannot hold) is thrown
    // here, from the page it belongs to.
    PageDraft take(std::size_t page);

private:
    static constexpr std::size_t lookahead = 8;
    enum class State { waiting, drawing, done };
    struct Slot {
        State state = State::waiting;
        PageDraft draft;
        std::exception_ptr failure;
    };
    void help();
    // Whether a thread may begin the next page: there is one, and it is
    // not more than `lookahead` pages ahead of those taken. Under lock_.
    bool may_begin() const;
    // Draws the next page no thread has begun into its slot: called with
    // lock_ held in `held`, which it lets go while drawing.
    void draw_next(std::unique_lock<std::mutex>& held);

    const Document& d_;
    FontTable& fonts_;
    const std::vector<EmbeddedImage>& images_;
    std::mutex lock_;  // guards the slots, next_, taken_ and stop_
    std::condition_variable changed_;
    std::vector<Slot> slots_;
    std::size_t next_ = 0;   // the first page no thread has begun
    std::size_t taken_ = 0;  // pages taken so far
    bool stop_ = false;
    std::thread helper_;
};

}  // namespace tertial::pdf::emit_detail
