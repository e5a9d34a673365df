// Pages' content streams drawn and compressed, on a helper thread ahead of the emitter.
//
// Drawing a page's operators and deflating them is most of what writing a
// page costs (seed 000: 3.3 of the 3.8 ms its 15 pages take), and it reads
// nothing any other page writes: the fonts are scanned and created before
// the first page is drawn. Making the page's objects (its stream object,
// /Resources, annotations) stays on the emitter's thread, in page order, so
// the objects are numbered as before and the file is the same bytes.
#include "page_drafts.hpp"

#include "threads.hpp"

namespace tertial::pdf::emit_detail {

using namespace PoDoFo;

PageDraft draft_page(const Document& d, std::size_t page, FontTable& fonts, const std::vector<EmbeddedImage>& images) {
    const Page& p = d.pages[page];
    PageWriter w(fonts, images);
    PageDraft draft;
    std::optional<std::optional<std::size_t>> open;  // the element (or artifact) whose marked content is open
    for (const ContentGroup& g : p.content) {
        if (g.items.empty()) continue;
        if (!open || *open != g.element) {
            if (open) w.out += "EMC\n";
            if (g.element) {
                std::size_t mcid = draft.mcid_elements.size();
                draft.mcid_elements.push_back(*g.element);
                w.out += '/';
                w.out += PdfName(d.structure[*g.element].role).GetEscapedName();
                w.out += " <</MCID ";
                w.out += std::to_string(mcid);
                w.out += ">> BDC\n";
            } else {
                w.out += "/Artifact BMC\n";
            }
            open = g.element;
        }
        for (const Item& it : g.items) w.item(it);
    }
    if (open) w.out += "EMC\n";
    draft.packed = deflate(w.out);
    draft.fonts = std::move(w.used);
    draft.images = std::move(w.used_images);
    return draft;
}

PageDrafts::PageDrafts(const Document& d, FontTable& fonts, const std::vector<EmbeddedImage>& images, bool helper)
    : d_(d), fonts_(fonts), images_(images), slots_(d.pages.size()) {
    if (helper && d.pages.size() > 1)
        helper_ = start_beside(Beside::throughout, [this] { help(); });
}

PageDrafts::~PageDrafts() {
    {
        std::lock_guard<std::mutex> held(lock_);
        stop_ = true;
    }
    changed_.notify_all();
    if (helper_.joinable()) helper_.join();
}

bool PageDrafts::may_begin() const { return next_ < slots_.size() && next_ < taken_ + lookahead; }

void PageDrafts::draw_next(std::unique_lock<std::mutex>& held) {
    const std::size_t page = next_++;
    Slot& slot = slots_[page];  // the slots never move
    slot.state = State::drawing;
    held.unlock();
    PageDraft draft;
    std::exception_ptr failure;
    try {
        draft = draft_page(d_, page, fonts_, images_);
    } catch (...) {
        failure = std::current_exception();
    }
    held.lock();
    slot.draft = std::move(draft);
    slot.failure = failure;
    slot.state = State::done;
}

void PageDrafts::help() {
    std::unique_lock<std::mutex> held(lock_);
    for (;;) {
        changed_.wait(held, [this] { return stop_ || next_ >= slots_.size() || may_begin(); });
        if (stop_ || next_ >= slots_.size()) return;
        draw_next(held);
        changed_.notify_all();
    }
}

PageDraft PageDrafts::take(std::size_t page) {
    std::unique_lock<std::mutex> held(lock_);
    // Until this page is done, this thread draws the next page no thread
    // has begun (this one, when the helper has not come to it), or waits.
    while (slots_[page].state != State::done) {
        if (may_begin())
            draw_next(held);
        else
            changed_.wait(held);
    }
    taken_ = page + 1;
    PageDraft draft = std::move(slots_[page].draft);
    std::exception_ptr failure = slots_[page].failure;
    held.unlock();
    changed_.notify_all();  // the helper may go further ahead
    if (failure) std::rethrow_exception(failure);
    return draft;
}

}  // namespace tertial::pdf::emit_detail
