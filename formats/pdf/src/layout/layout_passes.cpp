// The two layout passes: the first finds the page of every heading, the
// second prints them in the table of contents and takes the first's body.
#include <map>
#include <optional>
#include <string>

#include "layout_engine.hpp"

namespace tertial::pdf {

Layouter::BodyStart Layouter::body_start() const {
    BodyStart at;
    at.pages = pages_.size();
    at.groups = pages_.back().content.size();
    at.structure = structure_.size();
    at.outline = outline_.size();
    at.anchors = anchors_.size();
    at.pending = pending_anchors_.size();
    at.keep = keep_.size();
    at.signatures = signature_fields_.size();
    at.part_first_page = part_first_page_;
    at.y = y_;
    at.measure_cap = measure_cap_;
    at.part = part_;
    at.landscape = landscape_;
    at.open = heading_run_.has_value() || open_url_.has_value() || page_override_.has_value();
    return at;
}

void Layouter::drop_pages() {
    std::vector<Page>().swap(pages_);
    std::deque<StructElement>().swap(structure_);
    std::vector<std::shared_ptr<const void>>().swap(keep_);
}

// The first pass's body moved into this one (whose start is the same,
// body_start()): its pages from the body on, their structure elements (and
// the children they gave elements made before), bookmarks, anchors, the
// paragraphs they draw from and the signature fields.
void Layouter::take_body(Layouter& first) {
    const BodyStart& at = *first.body_start_;
    auto move_from = [](auto& to, auto& from, std::size_t begin) {
        to.insert(to.end(), std::make_move_iterator(from.begin() + static_cast<std::ptrdiff_t>(begin)),
                  std::make_move_iterator(from.end()));
    };
    Page& here = pages_.back();
    Page& there = first.pages_[at.pages - 1];
    move_from(here.content, there.content, at.groups);
    move_from(here.links, there.links, first.body_start_links_);
    for (std::size_t p = at.pages; p < first.pages_.size(); ++p) {
        pages_.push_back(std::move(first.pages_[p]));
        page_parts_.push_back(first.page_parts_[p]);
        if (in_.on_page) in_.on_page(pass_, pages_.size());
    }
    for (std::size_t i = 0; i < at.structure; ++i)
        for (std::size_t child : first.structure_[i].children)
            if (child >= at.structure) structure_[i].children.push_back(child);
    move_from(structure_, first.structure_, at.structure);
    move_from(outline_, first.outline_, at.outline);
    move_from(anchors_, first.anchors_, at.anchors);
    move_from(keep_, first.keep_, at.keep);
    move_from(signature_fields_, first.signature_fields_, at.signatures);
    took_body_ = true;
}

bool helper_thread_pays(const Report& report) { return Layouter::few_table_rows(report); }

Document layout_report(const LayoutInput& input) {
    if (input.resources.layout_released())
        throw std::logic_error("layout_report: these resources' hyphenation patterns and text cache were released");
    // Two passes: the first finds the page of every heading, the second
    // prints them in the table of contents. The contents' length does not
    // depend on the numbers, so the pagination is the same in both. In a
    // report with short tables the second lays out only what comes before
    // the body, then takes the first's body (Layouter::take_body_from();
    // all of it again should the two differ there): seed 000's warm layout
    // 5.2 -> 2.6 ms. With long tables the first pass keeps no page, as
    // before: holding them while it lays out took the peak from 170.6 to
    // 190.0 MB at 50 000 rows.
    const bool keep_body = Layouter::few_table_rows(input.report);
    std::optional<Layouter> first(std::in_place, input, std::map<std::string, std::size_t>{});
    // A second thread lays out the body from its end meanwhile (only its
    // text cache entries are kept); its layout is stopped before the first
    // pass's results are read. Then it does the work beside the layout
    // (LayoutInput::beside_layout) while the second pass runs, and is
    // joined once that is done.
    std::optional<LayoutHelper> helper;
    if (keep_body && input.helper_thread) helper.emplace(input, *first);
    if (keep_body) first->lay_out_keeping_body();
    else first->lay_out();
    if (helper) helper->stop_layout();
    Layouter second(input, first->heading_pages());
    second.known_targets(first->heading_targets());
    if (keep_body) second.take_body_from(*first);
    else first.reset();  // its last page goes before the patterns do (between_passes) and the second pass lays out all
    if (input.between_passes) input.between_passes();
    Document document = second.run();
    const bool done_beside = helper && helper->started();
    helper.reset();  // joined: its work beside is done
    if (!done_beside && input.beside_layout) input.beside_layout();
    return document;
}

}  // namespace tertial::pdf
