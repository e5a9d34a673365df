// Layout primitives: pages and parts, the flow cursor, structure elements,
// placing shaped lines (headers and footers: layout_headers.cpp).
#include "layout_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "tertial/walk.hpp"

namespace tertial::pdf {

std::string signature_field_name(const std::string& signatory_id) {
    std::string name = signatory_id;
    for (char& c : name)
        if (c == '.' || static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) c = '_';
    return name;
}

Colour parse_colour(const std::string& hex, Colour fallback) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    auto channel = [&](int i) { return std::stoi(hex.substr(static_cast<std::size_t>(i), 2), nullptr, 16) / 255.0; };
    try {
        return {channel(1), channel(3), channel(5)};
    } catch (const std::exception&) {
        return fallback;
    }
}

Layouter::Layouter(const LayoutInput& input, std::map<std::string, std::size_t> known)
    : in_(input), fonts_(input.resources.fonts()), known_heading_pages_(std::move(known)) {
    const Font* regular = fonts_.regular;
    const Font* bold = fonts_.bold ? fonts_.bold : regular;
    Colour text{0.1, 0.1, 0.1};
    Colour primary = parse_colour(input.style.primary_colour, {0, 0, 0});
    styles_.primary = primary;
    styles_.accent = parse_colour(input.style.accent_colour, styles_.rule_colour);
    styles_.body = {regular, 10, 13.4, text, 0, 0};
    styles_.bold = {bold, 10, 13.4, text, 0, 0};
    styles_.small = {regular, 8, 10.5, text, 0, 0};
    styles_.small_bold = {bold, 8, 10.5, text, 0, 0};
    styles_.title = {bold, 20, 25, primary, 0, 0};
    styles_.subtitle = {regular, 12, 16, text, 0, 0};
    styles_.h1 = {bold, 15, 19, primary, 16, 6};
    styles_.h2 = {bold, 12.5, 16, primary, 12, 4};
    styles_.h3 = {bold, 10.5, 14, text, 9, 3};
    styles_.table = {regular, 8.5, 11, text, 0, 0};
    styles_.table_bold = {bold, 8.5, 11, text, 0, 0};
    styles_.header = {regular, 8, 10, Colour{0.35, 0.35, 0.35}, 0, 0};
    cache_short_cells_ = few_table_rows(input.report);
    for (const auto& [p, t] : input.resolution.texts) texts_.emplace(p, t);
    for (const auto& [p, n] : input.resolution.sections) sections_.emplace(p, n);
}

void Layouter::lay_out() {
    structure_.push_back({"Document", std::nullopt, {}, {}, {}, in_.report.meta.title, {}, {}, 1});
    root_ = 0;
    if (in_.report.cover_letter) cover_letter(*in_.report.cover_letter);
    report_body();
    close_url();
}

void Layouter::lay_out_keeping_body() {
    keeps_body_ = true;
    lay_out();
}

Document Layouter::run() {
    lay_out();
    headers_and_footers();

    Document doc;
    const Meta& m = in_.report.meta;
    doc.metadata.title = m.title;
    doc.metadata.author = m.administration.value_or(m.committee.name);
    doc.metadata.subject = fmt::format("{}, {}", m.committee.name, m.municipality.name);
    doc.metadata.keywords = fmt::format("{}; {}; {}", to_string(m.kind), m.committee.short_name, m.period.end.to_string());
    doc.metadata.date = m.date.year ? m.date.to_string() : "";  // a draft's date still to fill in: none
    doc.metadata.document_id = fmt::format("{}:{}:{}:{}", m.municipality.scb_code, m.committee.short_name, to_string(m.kind),
                                           m.period.end.to_string());
    doc.fonts = fonts_;
    if (in_.resources.logo()) doc.images.push_back(*in_.resources.logo());  // drawn by letterhead_logo()
    doc.outline = nest_outline();
    // Page labels as printed: each part numbers its pages from 1.
    for (std::size_t i = 0; i < page_parts_.size(); ++i)
        if (i == 0 || page_parts_[i].second != page_parts_[i - 1].second) doc.page_labels.push_back({i, "", 1});
    doc.pages = std::move(pages_);
    doc.anchors = std::move(anchors_);
    doc.keep = std::move(keep_);
    doc.structure = std::move(structure_);
    for (const auto& slot : signature_fields_)
        doc.signature_fields.push_back({signature_field_name(slot.signatory), "Underskrift: " + slot.name + ", " + slot.title,
                                        slot.page, slot.x, slot.y, slot.w, slot.h, slot.element});
    if (!in_.source_json.empty()) attach_source(doc, in_.source_json);
    return doc;
}

// Bookmarks: the headings of levels 1–3, nested by level.
std::vector<Outline> Layouter::nest_outline() const {
    std::vector<Outline> roots;
    std::vector<std::pair<int, std::vector<Outline>*>> stack{{0, &roots}};
    for (const auto& e : outline_) {
        while (stack.size() > 1 && stack.back().first >= e.level) stack.pop_back();
        stack.back().second->push_back({e.title, e.page, e.y, {}});
        stack.emplace_back(e.level, &stack.back().second->back().children);
    }
    return roots;
}

// ---- pages and parts -------------------------------------------------------------

void Layouter::start_part(PartKind kind) {
    part_ = kind;
    new_page();
    part_first_page_ = pages_.size() - 1;
    page_parts_.back() = {kind, part_first_page_};
}

void Layouter::new_page() {
    check_stop();
    measure_cap_ = 0;
    // A pass 1 that keeps no body for pass 2 (a report with long tables:
    // layout_report()) only finds where the headings fall: a page's content
    // is never read again once the next page is begun (a heading carried
    // over is taken off the page before), so it goes. It never holds a
    // whole document, and with the patterns released between the passes
    // (LayoutInput::between_passes) the two never take memory at once.
    if (pass_ == 1 && !keeps_body_ && !pages_.empty()) std::vector<ContentGroup>().swap(pages_.back().content);
    pages_.push_back(Page{});
    if (landscape_) std::swap(pages_.back().width, pages_.back().height);
    page_parts_.emplace_back(part_, part_first_page_);
    y_ = top();
    if (in_.on_page) in_.on_page(pass_, pages_.size());
}

void Layouter::ensure(double height) {
    if (y_ - height < margin_bottom && y_ < top()) break_page();
}

void Layouter::move_down(double d) {
    y_ -= d;
    if (y_ < margin_bottom) break_page();
}

// ---- keeping headings with what follows ------------------------------------------

bool Layouter::heading_run_ends_page() const {
    return heading_run_ && !pages_.empty() && heading_run_->page == pages_.size() - 1 &&
           heading_run_->content_end == pages_.back().content.size();
}

double Layouter::heading_run_height() const { return heading_run_ends_page() ? heading_run_->y_begin - y_ : 0; }

double Layouter::fresh_room() const { return top() - margin_bottom - heading_run_height(); }

// A page break right after headings (nothing of their content on this page
// yet) moves them to the new page. Headings that began their page stay:
// moving them would leave the page empty.
void Layouter::break_page() {
    if (carrying_ || !heading_run_ends_page() || heading_run_->content_begin == 0) {
        new_page();
        return;
    }
    pages_.back().content.resize(heading_run_->content_begin);
    new_page();
    redraw_heading_run();
}

// The heading run drawn again from the top of the (new or turned) page; its
// bookmarks, link targets and page-map anchors go with it.
void Layouter::redraw_heading_run() {
    HeadingRun& run = *heading_run_;
    outline_.resize(run.outline_size);
    for (std::size_t i = run.anchors_size; i < anchors_.size(); ++i) anchors_[i].second = pages_.size() - 1;
    run.page = pages_.size() - 1;
    run.content_begin = pages_.back().content.size();
    run.y_begin = y_;
    carrying_ = true;
    for (const auto& piece : run.headings) {
        if (const auto* h = std::get_if<LastHeading>(&piece)) {
            draw_heading(*h);
            continue;
        }
        const auto& p = std::get<CarriedParagraph>(piece);
        for (const auto& line : p.lines) {
            place_line(p.element, line, margin_left + p.indent, y_ - p.style.size, p.style.colour);
            y_ -= p.style.leading;
        }
        if (p.gap_after > 0) move_down(p.gap_after);
    }
    carrying_ = false;
    run.content_end = pages_.back().content.size();
}

std::size_t Layouter::element(const std::string& role, std::size_t parent) {
    structure_.push_back({role, parent, {}, {}, {}, {}, {}, {}, 1});
    std::size_t index = structure_.size() - 1;
    structure_[parent].children.push_back(index);
    return index;
}

void Layouter::add_item(std::optional<std::size_t> element, Item item) {
    if (!pending_anchors_.empty() && !page_override_) {
        for (auto& p : pending_anchors_) anchors_.emplace_back(std::move(p), pages_.size() - 1);
        pending_anchors_.clear();
    }
    auto& groups = pages_[page_override_.value_or(pages_.size() - 1)].content;
    if (groups.empty() || groups.back().element != element) groups.push_back({element, {}});
    groups.back().items.push_back(std::move(item));
}

// ---- text ----------------------------------------------------------------------------

BreakOptions Layouter::break_options(double width, bool hyphenate, bool whole_names) const {
    BreakOptions o;
    o.width = width;
    o.hyphenator = hyphenate ? in_.resources.hyphenator() : nullptr;
    o.whole_names = whole_names;
    o.fonts = &fonts_;
    return o;
}

std::shared_ptr<const BrokenLines> Layouter::wrap_spans(const std::vector<Span>& spans, double width, bool hyphenate, bool whole_names) {
    return break_lines_cached(spans, break_options(width, hyphenate, whole_names), in_.resources.text_cache());
}

std::vector<Line> Layouter::wrap(const std::string& text, const TextStyle& st, double width) {
    std::vector<Line> lines = wrap_spans({{text, st.font, st.size}}, width)->lines();
    if (lines.empty()) lines.push_back(Line{});
    return lines;
}

// A body cell's short text, a row's label, is nearly always seen once: in
// a long table it is broken for its row alone (its words' shapes still
// from the cache) and copied into the page, and measured for its column
// without being kept, where the cache held it, its width and its words for
// the whole layout (a 10 000-row table: peak 69.7 -> 64.6 MB for the
// lines). Pass 2 breaks it again, at a cost. A longer text (a comment) and
// a header stay the cache's: breaking them again costs more. A report of
// at most short_table_rows rows keeps its short cells too: a few hundred
// KB at most, and a layout the cache serves whole (seed 000's second pass,
// and every copy of it made after the first, 1 ms faster of 5.5).
bool Layouter::seen_once(const std::string& cell_text, bool header) const {
    constexpr std::size_t short_cell_bytes = 64;
    return !cache_short_cells_ && !header && cell_text.size() <= short_cell_bytes;
}

bool Layouter::few_table_rows(const Report& report) {
    constexpr std::size_t short_table_rows = 500;
    std::size_t rows = 0;
    for_each_block(report, [&](const Block& b, const std::string&) {
        if (const auto* t = std::get_if<Table>(&b.content)) rows += t->rows.size();
    });
    return rows <= short_table_rows;
}

Layouter::CellText Layouter::wrap_cell(const std::string& text, const TextStyle& st, double width, bool header) {
    CellText cell;
    cell.alone = seen_once(text, header);
    if (cell.alone) {
        BreakOptions o = break_options(width, true, true);
        o.cache = &in_.resources.text_cache();
        o.cache_numbers = false;
        cell.text = break_lines_alone({{text, st.font, st.size}}, o);
    } else {
        cell.text = wrap_spans({{text, st.font, st.size}}, width, !header, true);
    }
    cell.count = std::max<std::size_t>(cell.text->size(), 1);  // an empty cell takes a line
    return cell;
}

GlyphRun Layouter::shape_one(const std::string& text, const TextStyle& st) {
    // Used for digits and leader dots, which every font has: one run.
    const auto& runs = in_.resources.text_cache().shape(text, *st.font, st.size, fonts_);
    return runs.empty() ? GlyphRun{st.font, st.size, "", {}, {}} : runs.front();
}

Line Layouter::shape_line(const std::string& text, const TextStyle& st) {
    Line line;
    line.runs = in_.resources.text_cache().shape(text, *st.font, st.size, fonts_);
    line.width = width_of(line.runs);
    return line;
}

void Layouter::place_runs(std::optional<std::size_t> element, const Line& line, double x, double baseline,
                          const Colour& colour) {
    for (const GlyphRun& run : line.runs) {
        if (!run.glyphs.empty()) add_item(element, TextItem{run, x, baseline, colour});
        x += run.width();
    }
}

double Layouter::text_width(const std::string& text, const TextStyle& st, Figures figures, bool store) {
    return in_.resources.text_cache().width(text, *st.font, st.size, fonts_, figures, store);
}

namespace {

// Appends a space glyph (the font has one) to `run`.
void add_space(GlyphRun& run) {
    const std::uint16_t space = run.font->glyph_id(U' ');
    Glyph g;
    g.gid = space;
    g.x_advance = run.font->advance(space);
    g.cluster = static_cast<std::uint32_t>(run.text.size());
    run.text += ' ';
    run.push(g);
}

}  // namespace

void Layouter::place_line(std::optional<std::size_t> element, const Line& line, double x, double baseline,
                          const Colour& colour, const BrokenLines* from, std::size_t index) {
    // A reference to the paragraph's line in place of a copy of the run;
    // a line of more runs than a reference counts (never seen) is copied.
    auto refer = [&](std::size_t run) {
        TextItem item{{}, x, baseline, colour};
        if (from && run <= std::numeric_limits<std::uint16_t>::max()) {
            item.lines = from;
            item.line = static_cast<std::uint32_t>(index);
            item.run_index = static_cast<std::uint16_t>(run);
        } else {
            item.run = line.runs[run];
        }
        return item;
    };
    double cursor = x;
    for (std::size_t i = 0; i < line.runs.size(); ++i) {
        const GlyphRun& run = line.runs[i];
        if (run.glyphs.empty()) continue;
        bool last = i + 1 == line.runs.size();
        std::uint16_t space = run.font->glyph_id(U' ');
        TextItem item = refer(i);
        item.x = cursor;
        if (last && line.ends_at_space && space != 0) {
            // The space the line was broken at, drawn (it shows nothing)
            // so that text extraction and the tagged text keep it.
            if (item.lines) item.space_after = true;
            else add_space(item.run);
            place_held(element, std::move(item), run);
        } else if (last && line.hyphenated && !run.text.empty() && run.text.back() == '-') {
            // The hyphen inserted at the break is shown but not read: it is
            // an artifact, and the word stays whole in the tagged text.
            Glyph mark = run.glyphs.back();
            GlyphRun hyphen{run.font, run.size, "-", {}, {}};
            hyphen.push({0, mark.x_advance, mark.gid}, run.offset(run.glyphs.size() - 1));
            if (item.lines) {
                item.drop_hyphen = true;
            } else {
                item.run.glyphs.pop_back();
                if (!item.run.offsets.empty()) item.run.offsets.pop_back();
                item.run.text.pop_back();
            }
            double w = run.width(run.glyphs.size() - 1);  // the word's, without the hyphen
            if (run.glyphs.size() > 1) place_held(element, std::move(item), run);
            add_item(std::nullopt, TextItem{std::move(hyphen), cursor + w, baseline, colour});
        } else {
            place_held(element, std::move(item), run);
        }
        cursor += run.width();
    }
}

const GlyphRun& TextItem::drawn(GlyphRun& scratch) const {
    if (!lines) return run;
    scratch = lines->run(line, run_index);
    if (drop_hyphen) {
        scratch.glyphs.pop_back();
        if (!scratch.offsets.empty()) scratch.offsets.pop_back();
        scratch.text.pop_back();
    }
    if (space_after) add_space(scratch);
    return scratch;
}

namespace {

// The glyphs of `run` for its text's bytes [from, to), and how far from the
// run's start they begin.
std::pair<GlyphRun, double> sub_run(const GlyphRun& run, std::size_t from, std::size_t to) {
    GlyphRun part{run.font, run.size, run.text.substr(from, to - from), {}, {}};
    GlyphRun before{run.font, run.size, "", {}, {}};
    for (std::size_t k = 0; k < run.glyphs.size(); ++k) {
        const Glyph& g = run.glyphs[k];
        if (g.cluster < from) {
            before.glyphs.push_back(g);  // only measured
        } else if (g.cluster < to) {
            Glyph moved = g;
            moved.cluster -= static_cast<std::uint32_t>(from);
            part.push(moved, run.offset(k));
        }
    }
    return {std::move(part), before.width()};
}

std::size_t url_start(const std::string& text, std::size_t from) {
    std::size_t best = std::string::npos;
    for (const char* scheme : {"https://", "http://", "www."}) {
        std::size_t at = text.find(scheme, from);
        // "www." only at the start of a word
        if (at != std::string::npos && scheme[0] == 'w' && at > 0 && text[at - 1] != ' ' && text[at - 1] != '(') continue;
        best = std::min(best, at);
    }
    return best;
}

}  // namespace

// Text of an element, with any web address in it made a link: the
// address's piece on this line is a Link element (a child of `element`)
// with its own link annotation over it.
void Layouter::place_text(std::optional<std::size_t> element, TextItem item) {
    if (!element || page_override_) {
        add_item(element, std::move(item));
        return;
    }
    if (open_url_ && open_url_->parent != *element) close_url();
    GlyphRun scratch;
    const GlyphRun& shown = item.drawn(scratch);
    const std::string& text = shown.text;
    if (!open_url_ && url_start(text, 0) == std::string::npos) {
        add_item(element, std::move(item));
        return;
    }
    auto piece = [&](std::size_t from, std::size_t to, bool link) {
        if (to <= from) return;
        auto [run, dx] = sub_run(shown, from, to);
        if (run.glyphs.empty()) return;
        double x = item.x + dx, w = run.width(), size = run.size;
        if (!link) {
            add_item(element, TextItem{std::move(run), x, item.y, item.colour});
            return;
        }
        // One Link element for the whole address, with a piece and an
        // annotation for each line it is on.
        if (open_url_->elements.empty()) open_url_->elements.push_back(this->element("Link", *element));
        std::size_t e = open_url_->elements.front();
        open_url_->text += run.text;
        add_item(e, TextItem{std::move(run), x, item.y, item.colour});
        LinkAnnotation a;
        a.x = x, a.y = item.y - 0.25 * size, a.w = w, a.h = 1.2 * size;
        a.element = e;
        pages_.back().links.push_back(std::move(a));
        open_url_->links.emplace_back(pages_.size() - 1, pages_.back().links.size() - 1);
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (open_url_) {
            std::size_t end = std::min(text.find(' ', pos), text.size());
            piece(pos, end, true);
            if (end < text.size()) close_url();
            pos = end;
            continue;
        }
        std::size_t at = url_start(text, pos);
        if (at == std::string::npos) at = text.size();
        piece(pos, at, false);
        pos = at;
        if (pos < text.size()) open_url_ = OpenUrl{"", *element, {}, {}};
    }
}

// place_text() for a line's run, drawn from its paragraph: without making
// the line again to look for a web address in it (`run`, the line's own, has
// the same text but for a space or hyphen at its end).
void Layouter::place_held(std::optional<std::size_t> element, TextItem item, const GlyphRun& run) {
    if (item.lines && !open_url_ && url_start(run.text, 0) == std::string::npos) add_item(element, std::move(item));
    else place_text(element, std::move(item));
}

// The address is complete: every piece's annotation gets it (without a
// full stop or comma the sentence put after it).
void Layouter::close_url() {
    if (!open_url_) return;
    std::string url = open_url_->text;
    while (!url.empty() && std::string_view(".,;:)!?»”'\"").find(url.back()) != std::string_view::npos) url.pop_back();
    std::string uri = url.rfind("www.", 0) == 0 ? "https://" + url : url;
    std::string ascii;  // a URI is 7-bit: anything else percent-encoded
    for (unsigned char ch : uri) {
        if (ch < 0x80 && ch > 0x20) ascii += static_cast<char>(ch);
        else ascii += fmt::format("%{:02X}", ch);
    }
    for (auto [page, index] : open_url_->links) {
        LinkAnnotation& a = pages_[page].links[index];
        a.uri = ascii;
        a.description = "Länk till " + url;
    }
    open_url_.reset();
}

void Layouter::place_paragraph(std::size_t element, const std::vector<Span>& spans, const TextStyle& st, double indent,
                               double gap_after) {
    const auto shared = wrap_spans(spans, content_width() - indent);
    const BrokenLines& lines = *shared;
    if (!lines.empty()) keep_.push_back(shared);  // drawn from (TextItem::lines)
    // At a page break a paragraph leaves at least two lines at the foot of
    // the page (no orphan) and takes at least two to the next (no widow):
    // a paragraph of two or three lines is not broken at all.
    const std::size_t n = lines.size();
    // One or two lines right after headings go with them to the next page
    // if what follows them does not fit here (a paragraph with a web
    // address, whose link annotations stay where they are made, aside).
    const bool carried = !carrying_ && n <= 2 && heading_run_ends_page();
    const std::size_t links_before = pages_.back().links.size(), page = pages_.size() - 1;
    for (std::size_t i = 0; i < n;) {
        std::size_t take = n - i;
        if (y_ < top()) {
            auto fit = static_cast<std::size_t>(std::max((y_ - margin_bottom) / st.leading + 1e-9, 0.0));
            if (fit < take) {
                take = fit;
                if (take > 0 && n - i - take == 1) --take;
                if (take < 2) take = 0;
            }
        }
        if (take == 0) {
            break_page();
            continue;
        }
        for (std::size_t k = 0; k < take; ++k, ++i) {
            ensure(st.leading);  // only a paragraph longer than a page breaks without choice
            place_line(element, lines.line(i), margin_left + indent, y_ - st.size, st.colour, &lines, i);
            y_ -= st.leading;
        }
        if (i < n && y_ < top()) break_page();
    }
    close_url();
    if (gap_after > 0) move_down(gap_after);
    if (carried && pages_.size() - 1 == page && heading_run_->page == page && pages_.back().links.size() == links_before) {
        heading_run_->headings.push_back(CarriedParagraph{element, lines.lines(), st, indent, gap_after});
        heading_run_->content_end = pages_.back().content.size();
    }
}

void Layouter::paragraph_text(std::size_t element, const std::string& text, const TextStyle& st, double indent,
                              double gap_after) {
    place_paragraph(element, {{text, st.font, st.size}}, st, indent, gap_after);
}

const std::string& Layouter::render(const std::string& pointer, const std::string& raw) const {
    auto it = texts_.find(pointer);
    return it == texts_.end() ? raw : it->second;
}

std::string Layouter::section_number(const std::string& pointer) const {
    auto it = sections_.find(pointer);
    return it == sections_.end() ? "" : it->second;
}

std::string Layouter::figure_text(const std::string& id) const {
    const ResolvedFigure* f = in_.resolution.find(id);
    return f ? f->text(NumberStyle::print) : "";
}

}  // namespace tertial::pdf
