// Layout: the report flowed onto A4 pages, with its structure tree.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

#include "layout_engine.hpp"
#include "tertial/date.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/todo.hpp"

namespace tertial::pdf {
namespace {

std::string_view status_word(GoalStatus s) {
    switch (s) {
        case GoalStatus::uppnas:
            return "Uppnås";
        case GoalStatus::uppnas_delvis:
            return "Uppnås delvis";
        case GoalStatus::uppnas_inte:
            return "Uppnås inte";
        default:
            return "Ej bedömd";
    }
}

// A symbol as well as the word, never colour alone.
std::string_view status_symbol(GoalStatus s) {
    switch (s) {
        case GoalStatus::uppnas:
            return "\u25CF";  // ●
        case GoalStatus::uppnas_delvis:
            return "\u25D0";  // ◐
        case GoalStatus::uppnas_inte:
            return "\u25CB";  // ○
        default:
            return "\u2013";  // –
    }
}

}  // namespace

// ---- the report ------------------------------------------------------------------

void Layouter::report_body() {
    start_part(PartKind::report);
    anchor("/body");
    const Report& r = in_.report;
    std::size_t title = element("H1", root_);
    paragraph_text(title, r.meta.title, styles_.title, 0, 12);
    std::string sub = r.meta.committee.name + (r.meta.period.end.year ? ", " + period_text() : "");
    paragraph_text(element("P", root_), sub, styles_.subtitle, 0, 18);
    for (const auto& entry : toc_entries()) in_toc_.insert(entry.first);
    toc();
    body_start_ = body_start();
    body_start_links_ = pages_.back().links.size();
    if (donor_ && donor_->body_start_ && *donor_->body_start_ == *body_start_) {
        take_body(*donor_);
        return;
    }
    if (donor_) donor_->drop_pages();  // not held twice while this pass lays out all
    blocks(r.body, "/body", root_, 1);
}

// A section's number as printed before its title ("3.1 "), or nothing when
// the house style numbers no headings: the sections still count (the table
// of contents, the bookmarks and the appended documents follow them), the
// numbers are only not printed.
std::string Layouter::shown_number(const std::string& number, std::string_view gap) const {
    if (number.empty() || !in_.style.number_headings) return "";
    return number + std::string(gap);
}

std::string Layouter::period_text() const {
    const Date& e = in_.report.meta.period.end;
    if (e.month < 1 || e.month > 12) return "";
    return fmt::format("t.o.m. {} {} {}", e.day, swedish_month_name(e.month), e.year);
}

// The table of contents: one line per numbered section of the first two
// levels; page numbers come from the first pass.
// Its entries: the numbered sections of the first two levels, and each
// appended document (an unnumbered section at the top) by its title. The
// bookmarks are the same headings.
std::vector<std::pair<std::string, std::string>> Layouter::toc_entries() const {
    std::vector<std::pair<std::string, std::string>> entries;  // pointer, text
    std::function<void(const Blocks&, const std::string&, int)> collect = [&](const Blocks& bs, const std::string& p, int depth) {
        for (std::size_t i = 0; i < bs.size(); ++i) {
            const auto* s = std::get_if<Section>(&bs[i].content);
            if (!s) continue;
            std::string sp = pointer_join(p, i);
            auto number = section_number(sp);
            std::string title = render(pointer_join(sp, "title"), s->title);
            if (!number.empty() && depth <= 2) entries.emplace_back(sp, shown_number(number, "  ") + title);
            else if (number.empty() && depth == 1) entries.emplace_back(sp, title);
            if (depth < 2 && !number.empty()) collect(s->body, pointer_join(sp, "body"), depth + 1);
        }
    };
    collect(in_.report.body, "/body", 1);
    return entries;
}

void Layouter::toc() {
    auto entries = toc_entries();
    if (entries.empty()) return;
    heading(root_, "Innehåll", 1, "");
    std::size_t toc = element("TOC", root_);
    for (const auto& [pointer, text] : entries) {
        std::size_t item = element("TOCI", toc);
        auto it = known_heading_pages_.find(pointer);
        std::string page = it == known_heading_pages_.end() ? "0" : std::to_string(it->second);
        bool sub = std::count(pointer.begin(), pointer.end(), '/') > 2;
        toc_line(item, text, page, sub ? 14 : 0, pointer);
    }
    move_down(12);
}

// An entry is TOCI › Reference › Link, with a link annotation over each of
// its lines to the heading (from the first pass).
void Layouter::toc_line(std::size_t item, const std::string& text, const std::string& page, double indent,
                        const std::string& pointer) {
    std::size_t element_index = element("Link", element("Reference", item));
    auto target = known_heading_targets_.find(pointer);
    auto link_here = [&](double x0, double x1, double baseline) {
        if (target == known_heading_targets_.end()) return;
        LinkAnnotation a;
        a.x = x0, a.y = baseline - 0.3 * styles_.body.size, a.w = x1 - x0, a.h = styles_.body.leading;
        a.target_page = target->second.first, a.target_y = target->second.second;
        a.element = element_index;
        a.description = "Till " + text + ", sidan " + page;
        pages_.back().links.push_back(std::move(a));
    };
    const TextStyle& st = styles_.body;
    GlyphRun number = shape_one(page, st);
    double number_w = number.width();
    // A numbered entry's title hangs: its lines after the first start under
    // the title, not under the number ("3.1  I Östersunds kommun …" |
    // "känner sig delaktiga").
    std::string title = text;
    Line number_line;
    double hang = 0;
    if (auto gap = text.find("  "); gap != std::string::npos && gap <= 12 && std::isdigit(static_cast<unsigned char>(text[0]))) {
        number_line.runs.push_back(shape_one(text.substr(0, gap + 2), st));
        hang = number_line.width = number_line.runs.back().width();
        title = text.substr(gap + 2);
    }
    double measure = content_width() - indent - hang - number_w - 24;
    auto lines = wrap(title, st, measure);
    // An entry's last line is not one short word ("… och lever ett
    // självständigt" | "liv"): the lines are narrowed, as long as that costs
    // no extra line, until the last holds two words.
    auto one_word = [](const Line& l) {
        std::string t;
        for (const auto& r : l.runs) t += r.text;
        while (!t.empty() && t.back() == ' ') t.pop_back();
        return t.find(' ') == std::string::npos;
    };
    for (int tries = 0; tries < 4 && lines.size() > 1 && one_word(lines.back()); ++tries) {
        measure -= lines.back().width + shape_one(" ", st).width();
        auto narrower = wrap(title, st, measure);
        if (narrower.size() != lines.size()) break;
        lines = std::move(narrower);
    }
    ensure(static_cast<double>(lines.size()) * st.leading);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        ensure(st.leading);  // only an entry longer than a page goes on over the page break
        double baseline = y_ - st.size;
        if (i == 0 && hang > 0) place_line(element_index, number_line, margin_left + indent, baseline, st.colour);
        const double x = margin_left + indent + hang;
        place_line(element_index, lines[i], x, baseline, st.colour);
        if (i + 1 == lines.size()) {
            double x_end = x + lines[i].width + 4;
            double x_num = page_width() - margin_right - number_w;
            // Leader dots are decoration: an artifact, not read aloud. One
            // run of dots, each followed by a dot's width of space (an item
            // per dot made a contents of 2 000 entries hold 113 000 items,
            // 20 MB).
            GlyphRun dot = shape_one(".", st);
            double dot_w = dot.width() * 2.0;
            std::int32_t dot_advance = 0;
            for (const Glyph& g : dot.glyphs) dot_advance += g.x_advance;
            GlyphRun dots{dot.font, dot.size, "", {}, {}};
            const double first = std::ceil(x_end / dot_w) * dot_w;
            for (double x = first; x + dot_w < x_num - 4 && !dot.glyphs.empty(); x += dot_w) {
                for (std::size_t k = 0; k < dot.glyphs.size(); ++k) {
                    Glyph g = dot.glyphs[k];
                    g.cluster += static_cast<std::uint32_t>(dots.text.size());
                    dots.push(g, dot.offset(k));
                }
                dots.glyphs.back().x_advance += dot_advance;
                dots.text += dot.text;
            }
            if (!dots.glyphs.empty()) add_item(std::nullopt, TextItem{std::move(dots), first, baseline, styles_.rule_colour});
            add_item(element_index, TextItem{number, x_num, baseline, st.colour});
            link_here(i == 0 ? margin_left + indent : x, page_width() - margin_right, baseline);
        } else {
            link_here(i == 0 ? margin_left + indent : x, x + lines[i].width, baseline);
        }
        y_ -= st.leading;
    }
}

void Layouter::blocks(const Blocks& bs, const std::string& pointer, std::size_t parent, int depth) {
    for (std::size_t i = 0; i < bs.size(); ++i) {
        if (ahead_) count_unit(bs[i], depth);
        following_.push_back({&bs, i + 1, pointer, depth});
        block(bs[i], pointer_join(pointer, i), parent, depth);
        following_.pop_back();
    }
}

// How tall what follows the block being laid out is, up to the page break
// that comes anyway (the next appended document, or the end of the report),
// set `width` wide; nullopt when the report's flow goes on past it (a
// numbered section follows), or when it holds more than paragraphs, lists
// and headings (a table or chart, whose height is known only by laying it out).
std::optional<double> Layouter::rest_of_part_height(double width) {
    if (following_.empty() || following_.front().depth != 1) return std::nullopt;
    std::function<std::optional<double>(const Block&, const std::string&, int)> height =
        [&](const Block& b, const std::string& p, int depth) -> std::optional<double> {
        auto lines = [&](const std::string& text, const TextStyle& st, double w) {
            // Counted, not made: a long paragraph's lines are made only as drawn.
            std::size_t n = std::max<std::size_t>(wrap_spans({{text, st.font, st.size}}, w)->size(), 1);
            return static_cast<double>(n) * st.leading;
        };
        if (const auto* para = std::get_if<Paragraph>(&b.content))
            return lines(render(pointer_join(p, "text"), para->text), styles_.body, width) + styles_.paragraph_gap;
        if (const auto* l = std::get_if<List>(&b.content)) {
            double h = styles_.paragraph_gap;
            for (std::size_t i = 0; i < l->items.size(); ++i)
                h += lines(render(pointer_join(pointer_join(p, "items"), i), l->items[i]), styles_.body, width - 16) + 2;
            return h;
        }
        const auto* s = std::get_if<Section>(&b.content);
        if (!s) return std::nullopt;
        const TextStyle& st = depth <= 1 ? styles_.h1 : depth == 2 ? styles_.h2 : styles_.h3;
        double h = st.space_before + lines(shown_number(section_number(p), " ") + render(pointer_join(p, "title"), s->title), st, width) +
                   st.space_after + (s->goal ? styles_.body.leading + styles_.paragraph_gap : 0);
        for (std::size_t i = 0; i < s->body.size(); ++i) {
            auto inner = height(s->body[i], pointer_join(pointer_join(p, "body"), i), depth + 1);
            if (!inner) return std::nullopt;
            h += *inner;
        }
        return h;
    };
    double total = 0;
    for (auto level = following_.rbegin(); level != following_.rend(); ++level) {
        for (std::size_t i = level->next; i < level->blocks->size(); ++i) {
            const Block& b = (*level->blocks)[i];
            std::string p = pointer_join(level->pointer, i);
            if (level->depth == 1) {
                // The next top-level block: an appended document starts a new page.
                if (std::holds_alternative<Section>(b.content) && section_number(p).empty()) return total;
                return std::nullopt;
            }
            auto h = height(b, p, level->depth);
            if (!h) return std::nullopt;
            total += *h;
        }
    }
    return total;
}

void Layouter::block(const Block& b, const std::string& p, std::size_t parent, int depth) {
    check_stop();
    anchor(p);
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Section>) {
                section(v, p, parent, depth);
            } else if constexpr (std::is_same_v<T, Paragraph>) {
                paragraph_text(element("P", parent), render(pointer_join(p, "text"), v.text), styles_.body, 0, styles_.paragraph_gap);
            } else if constexpr (std::is_same_v<T, List>) {
                list(v, p, parent);
            } else if constexpr (std::is_same_v<T, Table>) {
                table(v, p, parent);
            } else if constexpr (std::is_same_v<T, Assignments>) {
                assignments(v, p, parent);
            } else if constexpr (std::is_same_v<T, KeyFigures>) {
                key_figures(v, p, parent);
            } else if constexpr (std::is_same_v<T, Chart>) {
                chart(v, p, parent);
            }
        },
        b.content);
}

void Layouter::section(const Section& s, const std::string& p, std::size_t parent, int depth) {
    // An unnumbered section at the top is an appended document (an ärende,
    // a list, a letter): a Part of its own, from a new page.
    const bool appended = depth == 1 && section_number(p).empty();
    if (appended && y_ < top()) new_page();
    std::size_t sect = element(appended ? "Part" : "Sect", parent);
    std::string number = section_number(p);
    std::string title = render(pointer_join(p, "title"), s.title);
    // A heading whose section opens with a subheading keeps both with the
    // text after them.
    double keep = 0;
    if (!s.body.empty() && std::holds_alternative<Section>(s.body.front().content)) keep = 3 * styles_.h2.leading;
    heading(sect, shown_number(number, " ") + title, std::min(depth, 6), p, keep);
    // A plan states its goals before the year: "Måluppfyllelse: – Ej bedömd"
    // under each would say nothing (seed 001 has no such line). An assessed
    // goal, in any kind of report, shows its status.
    const bool unassessed = !assesses_goals(in_.report.meta.kind) && s.goal && s.goal->status == GoalStatus::ej_bedomd;
    if (s.goal && !unassessed) goal_status(sect, s.goal->status);
    blocks(s.body, pointer_join(p, "body"), sect, depth + 1);
}

void Layouter::goal_status(std::size_t parent, GoalStatus status) {
    std::size_t e = element("P", parent);
    std::vector<Span> spans{{"Måluppfyllelse: ", styles_.body.font, styles_.body.size},
                            {std::string(status_symbol(status)) + " " + std::string(status_word(status)), styles_.bold.font,
                             styles_.body.size}};
    place_paragraph(e, spans, styles_.body, 0, styles_.paragraph_gap);
}

void Layouter::heading(std::size_t parent, const std::string& text, int level, const std::string& pointer, double keep) {
    const TextStyle& st = level <= 1 ? styles_.h1 : level == 2 ? styles_.h2 : styles_.h3;
    auto lines = wrap(text, st, content_width());
    double needed = st.space_before + static_cast<double>(lines.size()) * st.leading + 3 * styles_.body.leading + keep;
    // No heading stranded at the foot of a page: it needs room for three
    // lines after it (and the block after it takes it along to the next
    // page when its own start does not fit: see break_page).
    if (y_ - needed < margin_bottom) break_page();
    else if (y_ < top()) move_down(st.space_before);
    std::size_t e = element(fmt::format("H{}", std::clamp(level, 1, 6)), parent);
    structure_[e].title = text;
    LastHeading h{e, text, level, pointer};
    if (!heading_run_ends_page())
        heading_run_ = HeadingRun{{}, pages_.size() - 1, pages_.back().content.size(), 0, outline_.size(), anchors_.size(), y_};
    heading_run_->headings.push_back(h);
    draw_heading(h);
    if (heading_run_->page == pages_.size() - 1) heading_run_->content_end = pages_.back().content.size();
    else heading_run_.reset();  // a heading longer than a page
}

void Layouter::draw_heading(const LastHeading& h) {
    const TextStyle& st = h.level <= 1 ? styles_.h1 : h.level == 2 ? styles_.h2 : styles_.h3;
    if (!h.pointer.empty()) heading_pages_[h.pointer] = page_number_in_part();
    if (!h.pointer.empty()) heading_targets_[h.pointer] = {pages_.size() - 1, y_};
    if (!h.pointer.empty() && in_toc_.count(h.pointer)) outline_.push_back({h.text, h.level, pages_.size() - 1, y_});
    for (const auto& line : wrap(h.text, st, content_width())) {
        ensure(st.leading);  // only a heading longer than a page goes on over the page break
        place_line(h.element, line, margin_left, y_ - st.size, st.colour);
        y_ -= st.leading;
    }
    move_down(st.space_after);
}

// A table about to go on a landscape page takes the headings just above it
// along, when nothing came between them: no heading is left alone. When
// its section began the page and what came before the table (the headings,
// a line or two of introduction: "Gäller från och med 2021-05-20") fits the
// top of a landscape page with room for the table's start, the page itself
// turns, with what is on it moved up to the landscape page's top.
void Layouter::turn_page_with_heading() {
    landscape_ = true;
    const bool section_began_page = heading_run_ && heading_run_->page == pages_.size() - 1 && heading_run_->content_begin == 0;
    const double used = top() - y_;
    const double landscape_room = a4_short - margin_top - margin_bottom;
    if (section_began_page && page_width() < page_height() && used < landscape_room / 3) {
        turn_page();
        return;
    }
    if (heading_run_ends_page()) {
        break_page();
        return;
    }
    new_page();
}

// The page being laid out becomes landscape: everything on it, and every
// bookmark, link and link target on it, moves up by the difference in height.
void Layouter::turn_page() {
    Page& page = pages_.back();
    const std::size_t index = pages_.size() - 1;
    const double dy = page.width - page.height;  // negative: the top comes down
    std::swap(page.width, page.height);
    for (auto& group : page.content)
        for (auto& item : group.items)
            std::visit(
                [&](auto& it) {
                    using T = std::decay_t<decltype(it)>;
                    if constexpr (std::is_same_v<T, LineItem>) {
                        it.y1 += dy, it.y2 += dy;
                    } else if constexpr (std::is_same_v<T, PathItem>) {
                        for (auto& pt : it.points) pt.second += dy;
                    } else {
                        it.y += dy;
                    }
                },
                item);
    for (auto& link : page.links) link.y += dy;
    for (auto& entry : outline_)
        if (entry.page == index) entry.y += dy;
    for (auto& [pointer, target] : heading_targets_)
        if (target.first == index) target.second += dy;
    if (heading_run_ && heading_run_->page == index) heading_run_->y_begin += dy;
    y_ += dy;
}

void Layouter::list(const List& l, const std::string& p, std::size_t parent) {
    std::size_t list_e = element("L", parent);
    for (std::size_t i = 0; i < l.items.size(); ++i) {
        std::size_t li = element("LI", list_e);
        std::string label = l.ordered ? fmt::format("{}.", i + 1) : "\u2022";
        std::string text = render(pointer_join(pointer_join(p, "items"), i), l.items[i]);
        list_item(li, label, text, styles_.body);
    }
    move_down(styles_.paragraph_gap);
}

void Layouter::list_item(std::size_t li, const std::string& label, const std::string& text, const TextStyle& st) {
    const double indent = 16;
    auto lines = wrap(text, st, content_width() - indent);
    ensure(std::min<double>(2, static_cast<double>(lines.size())) * st.leading);
    std::size_t lbl = element("Lbl", li), body = element("LBody", li);
    place_line(lbl, wrap(label, st, indent).front(), margin_left + 2, y_ - st.size, st.colour);
    for (const auto& line : lines) {
        ensure(st.leading);
        place_line(body, line, margin_left + indent, y_ - st.size, st.colour);
        y_ -= st.leading;
    }
    move_down(2);
}

// ---- the cover letter (tjänsteskrivelse) ------------------------------------------

void Layouter::cover_letter(const CoverLetter& c) {
    start_part(PartKind::cover_letter);
    anchor("/meta");
    anchor("/cover_letter");
    const Meta& m = in_.report.meta;
    std::size_t part = element("Part", root_);
    structure_[part].title = "Tjänsteskrivelse";
    outline_.push_back({"Tjänsteskrivelse: " + c.title, 1, pages_.size() - 1, y_});
    // The letterhead: municipality and förvaltning left, date and Dnr right.
    // Each line is a paragraph of its own, read as such.
    double top_y = y_;
    place_paragraph(element("P", part), {{m.municipality.name, styles_.bold.font, 12}}, styles_.body, 0, 0);
    if (m.administration)
        place_paragraph(element("P", part), {{*m.administration, styles_.body.font, 10}}, styles_.body, 0, 0);
    double left_end = y_;
    y_ = top_y;
    std::string right = "Tjänsteskrivelse\nDatum " + date_text(m) + (m.dnr ? "\nDnr " + *m.dnr : "");
    place_paragraph(element("P", part), {{right, styles_.body.font, 10}}, styles_.body, content_width() * 0.62, 0);
    y_ = std::min(y_, left_end);
    move_down(22);
    std::size_t title = element("H1", part);
    paragraph_text(title, c.title, styles_.h1, 0, 10);
    anchor("/cover_letter/summary");
    cover_heading(part, "Sammanfattning av ärendet");
    blocks(c.summary, "/cover_letter/summary", part, 3);
    anchor("/cover_letter/proposals");
    cover_heading(part, "Förvaltningens förslag till beslut");
    std::size_t props = element("L", part);
    for (std::size_t i = 0; i < c.proposals.size(); ++i)
        list_item(element("LI", props), fmt::format("{}.", i + 1),
                  render(pointer_join("/cover_letter/proposals", i), c.proposals[i]), styles_.body);
    move_down(styles_.paragraph_gap);
    if (!c.basis.empty()) {
        anchor("/cover_letter/basis");
        cover_heading(part, "Underlag för beslut");
        for (std::size_t i = 0; i < c.basis.size(); ++i)
            paragraph_text(element("P", part), render(pointer_join("/cover_letter/basis", i), c.basis[i]), styles_.body, 0, 2);
        move_down(styles_.paragraph_gap);
    }
    if (!c.send_to.empty()) {
        cover_heading(part, "Beslutet skickas till");
        for (const auto& s : c.send_to) paragraph_text(element("P", part), s, styles_.body, 0, 2);
        move_down(styles_.paragraph_gap);
    }
    if (!c.background.empty()) {
        anchor("/cover_letter/background");
        cover_heading(part, "Bakgrund");
        blocks(c.background, "/cover_letter/background", part, 3);
    }
    if (!c.signatures.empty()) {
        anchor("/cover_letter/signatures");
        signatures(part, c.signatures);
    }
}

void Layouter::cover_heading(std::size_t parent, const std::string& text) { heading(parent, text, 2, ""); }

// One field per signatory, in signing order: room for the signature, a rule,
// the name and the title. `tertial sign` fills the field.
void Layouter::signatures(std::size_t parent, const std::vector<std::string>& ids) {
    cover_heading(parent, "Underskrifter");
    const double field_h = 42, block_h = field_h + 2 * styles_.body.leading + 10;
    for (const auto& id : ids) {
        const Signatory* who = nullptr;
        for (const auto& s : in_.report.meta.signatories)
            if (s.id == id) who = &s;
        if (!who) continue;
        ensure(block_h);
        double field_top = y_;
        y_ -= field_h;
        add_item(std::nullopt, LineItem{margin_left, y_, margin_left + 220, y_, 0.5, styles_.rule_colour, {}});
        std::size_t form = element("Form", parent);
        signature_fields_.push_back({id, who->name, who->title, pages_.size() - 1, margin_left, y_, 220, field_top - y_, form});
        move_down(4);
        place_paragraph(element("P", parent), {{who->name, styles_.bold.font, styles_.body.size}}, styles_.body, 0, 0);
        place_paragraph(element("P", parent), {{who->title, styles_.body.font, styles_.body.size}}, styles_.body, 0, 10);
    }
}

// ---- entry points ------------------------------------------------------------------

HouseStyle default_house_style() {
    HouseStyle s;
    s.font_family = "Liberation Sans";
    s.primary_colour = "#1F3864";
    s.accent_colour = "#2E75B6";
    s.header_left = "{administration}";
    s.header_right = "Datum {date}";
    s.footer_left = "{title}";
    s.footer_right = "Sida {page}({pages})";
    return s;
}

}  // namespace tertial::pdf
