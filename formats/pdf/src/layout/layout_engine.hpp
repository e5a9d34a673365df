// The layout engine's state and primitives, shared by its parts (text,
// tables, charts): pages, the flow cursor, the structure tree, styles.
#pragma once

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "tertial/pdf/display.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "threads.hpp"

namespace tertial::pdf {

// The document's date as printed ("2021-05-11"), "ej satt" in a draft that
// leaves it to fill in.
std::string date_text(const Meta& m);

inline constexpr double a4_short = 595.276, a4_long = 841.89;
inline constexpr double margin_left = 68, margin_right = 62, margin_top = 82, margin_bottom = 70;
inline constexpr double letterhead_logo_height = 30, letterhead_logo_width = 120;

// How a table's column is sized: a text column wraps and shares the width
// left; a figure column is as wide as its widest figure and title word.
enum ColumnSizing { flexible = 0, fixed = 1 };

struct TextStyle {
    const Font* font = nullptr;
    double size = 10;
    double leading = 13;
    Colour colour;
    double space_before = 0, space_after = 0;
};

struct Styles {
    TextStyle body, bold, small, small_bold, title, subtitle, h1, h2, h3, table, table_bold, header;
    Colour rule_colour{0.55, 0.55, 0.55};
    Colour light_rule{0.8, 0.8, 0.8};
    Colour shade{0.93, 0.93, 0.93};
    Colour primary, accent;  // the house style's: headings; the letterhead rule and charts' first series
    double paragraph_gap = 7;
};

enum class PartKind { cover_letter, report };

struct OutlineEntry {
    std::string title;
    int level = 1;
    std::size_t page = 0;
    double y = 0;
};

class Layouter {
public:
    Layouter(const LayoutInput& input, std::map<std::string, std::size_t> heading_pages);
    Document run();
    // The first pass when a second follows: run() without the headers,
    // footers and document, for the pages of the headings. A first pass
    // that keeps no body (lay_out()) holds no more than a page at a time;
    // one that does keeps its pages for take_body_from().
    void lay_out();
    void lay_out_keeping_body();
    // The second pass lays out what comes before the body again (its table
    // of contents now has the pages) and, if that ends exactly where it
    // ended in `first` (lay_out_keeping_body()), takes `first`'s body
    // instead of laying it out again: the pages are the same, only the
    // contents' numbers and links differ. Otherwise it lays out all.
    void take_body_from(Layouter& first) { donor_ = &first; }
    bool took_body() const { return took_body_; }
    std::map<std::string, std::size_t> heading_pages() const { return heading_pages_; }
    // Where each numbered heading starts (page index, y of its top), from
    // the first pass, for the table of contents' links.
    using Targets = std::map<std::string, std::pair<std::size_t, double>>;
    Targets heading_targets() const { return heading_targets_; }
    // Given to the second pass only, which then reports its pages as pass 2.
    void known_targets(Targets t) {
        known_heading_targets_ = std::move(t);
        pass_ = 2;
    }

    // --- parts (layout.cpp) ---
    void cover_letter(const CoverLetter& c);
    void report_body();

    // --- filling the text cache ahead (layout_warm.cpp) ---
    // The first pass and a helper laying out the body from its end meet
    // here: `begun` counts the body's units (layout_warm.cpp) the first pass
    // has begun; the helper stops before one of those, or when `stop` is
    // set.
    struct Ahead {
        std::atomic<std::size_t> begun{0};
        std::atomic<bool> stop{false};
    };
    // Whether the report's tables have few rows in all (at most 500): their
    // short cells are cached then, and a first pass may have a helper.
    static bool few_table_rows(const Report& report);
    // This layouter (the first pass) says in `ahead` where it is.
    void tell(Ahead& ahead) { ahead_ = &ahead; }
    // This layouter (the helper) lays out the body's units from the last
    // one back, each from the top of a page of its own, and keeps nothing
    // but what the text cache keeps.
    void lay_out_from_end(Ahead& ahead);

private:
    // layout.cpp
    void toc();
    std::vector<std::pair<std::string, std::string>> toc_entries() const;
    std::set<std::string> in_toc_;  // the sections in the table of contents (and the bookmarks)
    void toc_line(std::size_t element, const std::string& text, const std::string& page, double indent,
                  const std::string& pointer);
    void blocks(const Blocks& bs, const std::string& pointer, std::size_t parent, int depth);
    // Where the body starts: what both passes must have made before it for
    // the second to take the first's body (take_body_from()).
    struct BodyStart {
        std::size_t pages = 0, groups = 0, structure = 0, outline = 0, anchors = 0, pending = 0, keep = 0, signatures = 0;
        std::size_t part_first_page = 0;
        double y = 0, measure_cap = 0;
        PartKind part = PartKind::report;
        bool landscape = false, open = false;  // open: a heading run, a web address or a page override pending
        bool operator==(const BodyStart&) const = default;
    };
    BodyStart body_start() const;
    std::optional<BodyStart> body_start_;
    std::size_t body_start_links_ = 0;  // the first page's links then (the first pass's contents have none)
    bool keeps_body_ = false;
    Layouter* donor_ = nullptr;
    bool took_body_ = false;
    void take_body(Layouter& first);
    void drop_pages();  // what lay_out_keeping_body() kept, when it is not taken
    Ahead* ahead_ = nullptr;
    bool helping_ = false;       // lay_out_from_end(): stops when ahead_->stop is set
    std::size_t units_begun_ = 0;  // the first pass's count for ahead_
    void count_unit(const Block& b, int depth);  // with ahead_, for a unit of the body
    void check_stop() const;                     // while helping: throws when told to stop
    void block(const Block& b, const std::string& pointer, std::size_t parent, int depth);
    void section(const Section& s, const std::string& pointer, std::size_t parent, int depth);
    void goal_status(std::size_t parent, GoalStatus status);
    void heading(std::size_t parent, const std::string& text, int level, const std::string& pointer, double keep = 0);
    void cover_heading(std::size_t parent, const std::string& text);
    // A heading, to draw again when it moves to the next page.
    struct LastHeading {
        std::size_t element = 0;
        std::string text;
        int level = 1;
        std::string pointer;
    };
    // The headings placed one after another with nothing after them yet
    // ("3 Ekonomi", "3.1 Drift"), and where they are on their page: a page
    // break before the content that follows takes them along, so a heading
    // never stands alone at the foot of a page.
    // A paragraph of one or two lines right after headings ("Gäller från
    // och med 2021-05-20"), carried along with them.
    struct CarriedParagraph {
        std::size_t element = 0;
        std::vector<Line> lines;
        TextStyle style;
        double indent = 0, gap_after = 0;
    };
    struct HeadingRun {
        std::vector<std::variant<LastHeading, CarriedParagraph>> headings;
        std::size_t page = 0, content_begin = 0, content_end = 0, outline_size = 0, anchors_size = 0;
        double y_begin = 0;  // the top of the first heading (below its space before)
    };
    std::optional<HeadingRun> heading_run_;
    bool carrying_ = false;  // redrawing a heading run: no page break takes it along again
    bool heading_run_ends_page() const;
    double heading_run_height() const;  // 0 unless the run ends the page
    double fresh_room() const;          // what a block has on the next page, below the headings it takes along
    void draw_heading(const LastHeading& h);
    void redraw_heading_run();
    void turn_page_with_heading();
    void turn_page();
    // The blocks still to lay out after the one being laid out, at each
    // level of sections around it (outermost first).
    struct Following {
        const Blocks* blocks = nullptr;
        std::size_t next = 0;
        std::string pointer;  // of `blocks`
        int depth = 1;
    };
    std::vector<Following> following_;
    std::optional<double> rest_of_part_height(double width);
    void list(const List& l, const std::string& pointer, std::size_t parent);
    void list_item(std::size_t li, const std::string& label, const std::string& text, const TextStyle& st);
    void signatures(std::size_t parent, const std::vector<std::string>& ids);
    std::string period_text() const;

    // layout_table.cpp
    struct CellContent {
        std::string text;
        bool bold = false;
        bool right = false;  // a figure: tabular digits, aligned on the decimal comma (a header: right-aligned)
        double indent = 0;
        // Something is in the cell, if only a blank to fill in by hand or a
        // figure still to come (a to-do): its column is printed.
        bool given = true;
    };
    struct GridRow {
        std::vector<CellContent> cells;
        bool header = false;
        bool total = false;
        bool spanning = false;  // one cell across the whole table (a group heading)
        std::string pointer;    // the table row's JSON pointer, for anchors
    };
    // A grid's header, rows and columns, as every kind of table (report
    // tables, uppdrag, nyckeltal) gives them before empty columns are left out.
    struct Grid {
        GridRow header;
        std::vector<GridRow> rows;
        std::vector<int> sizing;        // per column: ColumnSizing
        std::vector<bool> row_header;   // per column: its cells head their rows (TH)
        std::vector<bool> always;       // per column: printed even when empty (the rows' labels)
    };
    std::vector<bool> leave_out_empty_columns(Grid& g) const;
    void table(const Table& t, const std::string& pointer, std::size_t parent);
    void assignments(const Assignments& a, const std::string& pointer, std::size_t parent);
    void key_figures(const KeyFigures& k, const std::string& pointer, std::size_t parent);
    // Each row's cells are freed once it is drawn (the rows are not read again).
    void grid(std::size_t table_element, const std::vector<double>& widths, const GridRow& header,
              std::vector<GridRow>& rows, const std::vector<bool>& row_header_column, const std::string& pointer,
              bool start_ensured = false);  // the caption above made room for the table's start
    // A cell's lines drawn in a row (or in a page's part of a split row):
    // a text cell's are [first, first + count) of its text broken to its
    // column; a figure is one line (no `text`), made when drawn.
    struct CellText {
        std::shared_ptr<const BrokenLines> text;
        std::size_t first = 0, count = 1;
        // `text` is the row's own (see wrap_cell): its lines are copied into
        // the page. Else it is the text cache's, shared, and the page refers
        // to its lines (the document keeps those it draws).
        bool alone = false;
    };
    using CellLines = std::vector<CellText>;  // a row's cells
    std::vector<double> column_widths(const std::vector<GridRow>& rows, const GridRow& header, const std::vector<int>& kinds);
    struct FigureShape {
        std::vector<GlyphRun> runs;
        double width = 0, integer = 0;  // points: the whole, and up to its decimal comma
    };
    FigureShape shape_figure(const std::string& text, const TextStyle& st) const;
    double figure_gap() const;
    void too_wide(const std::vector<double>& widths, const std::string& pointer) const;
    double table_start_height(const GridRow& header, const std::vector<GridRow>& rows, const std::vector<double>& widths,
                              double above);
    const TextStyle& cell_style(const GridRow& row, std::size_t c) const;
    CellLines row_lines(const GridRow& row, const std::vector<double>& widths);
    double lines_height(const GridRow& row, const CellLines& lines) const;
    double row_height(const GridRow& row, const std::vector<double>& widths);
    void draw_row(std::optional<std::size_t> tr, const GridRow& row, const std::vector<double>& widths,
                  const CellLines& lines_here, std::vector<std::optional<std::size_t>>& cells,
                  const std::vector<bool>& row_header_column, bool artifact);

    // layout_chart.cpp
    void chart(const Chart& c, const std::string& pointer, std::size_t parent);

    // layout_engine.cpp: the primitives
    void start_part(PartKind kind);
    void new_page();
    void break_page();  // new_page(), taking a heading run at the foot of the page along
    void ensure(double height);
    void move_down(double d);
    // The page being laid out (or, for headers and footers, the page they
    // go on): A4, portrait or, for a table too wide for it, landscape.
    const Page& this_page() const { return pages_[page_override_ ? *page_override_ : pages_.size() - 1]; }
    double page_width() const { return pages_.empty() ? a4_short : this_page().width; }
    double page_height() const { return pages_.empty() ? a4_long : this_page().height; }
    double top() const { return page_height() - margin_top; }
    double content_width() const {
        double w = page_width() - margin_left - margin_right;
        return measure_cap_ > 0 ? std::min(w, measure_cap_) : w;
    }
    // Text set on a landscape page after its table, at the portrait page's
    // measure (0: none); cleared by the next page.
    double measure_cap_ = 0;
    std::size_t page_number_in_part() const { return pages_.size() - part_first_page_; }
    std::size_t element(const std::string& role, std::size_t parent);
    void add_item(std::optional<std::size_t> element, Item item);
    std::vector<Line> wrap(const std::string& text, const TextStyle& st, double width);
    // The text cache's lines, shared (a document keeps those it draws in place).
    std::shared_ptr<const BrokenLines> wrap_spans(const std::vector<Span>& spans, double width, bool hyphenate = true, bool whole_names = false);
    // A table cell's text: a header never hyphenated, names and codes in any cell kept whole.
    CellText wrap_cell(const std::string& text, const TextStyle& st, double width, bool header);
    // Whether a cell's text is taken as seen once: not kept in the text cache (see wrap_cell).
    bool seen_once(const std::string& cell_text, bool header) const;
    BreakOptions break_options(double width, bool hyphenate, bool whole_names) const;
    GlyphRun shape_one(const std::string& text, const TextStyle& st);  // the first run only: digits, dots
    // A text on one line, every run of it (a chart's label with a
    // character from the fallback font is several), and its width.
    Line shape_line(const std::string& text, const TextStyle& st);
    // The line's runs drawn one after another from x, as they are (no
    // reference, no web address looked for: a chart's labels).
    void place_runs(std::optional<std::size_t> element, const Line& line, double x, double baseline, const Colour& colour);
    // The width of every run of `text` shaped, remembered as a number (TextCache::width).
    double text_width(const std::string& text, const TextStyle& st, Figures figures = Figures::text, bool store = true);

    std::string shorten_to(const std::string& text, const TextStyle& st, double room);
    bool wider_than(const std::string& text, const TextStyle& st, double room);
    // With `from`: `line` is from->line(index) (from wrap_spans, in keep_),
    // drawn as a reference to it, not copied.
    void place_line(std::optional<std::size_t> element, const Line& line, double x, double baseline, const Colour& colour,
                    const BrokenLines* from = nullptr, std::size_t index = 0);
    void place_held(std::optional<std::size_t> element, TextItem item, const GlyphRun& run);
    void place_paragraph(std::size_t element, const std::vector<Span>& spans, const TextStyle& st, double indent, double gap_after);
    void source_lines(const Table& t, const std::string& pointer, std::size_t parent);
    void paragraph_text(std::size_t element, const std::string& text, const TextStyle& st, double indent, double gap_after);
    // The text at `pointer` as printed (its references filled in), or `raw`
    // itself when it has none: a reference, not a copy of a long paragraph.
    const std::string& render(const std::string& pointer, const std::string& raw) const;
    const std::string& render(const std::string& pointer, std::string&& raw) const = delete;
    std::string section_number(const std::string& pointer) const;
    std::string shown_number(const std::string& number, std::string_view gap) const;
    std::string figure_text(const std::string& id) const;
    void headers_and_footers();
    double letterhead_logo(double header_y);
    std::vector<Outline> nest_outline() const;
    std::string fill(const std::string& pattern, std::size_t page, std::size_t pages) const;

    const LayoutInput& in_;
    FontSet fonts_;
    Styles styles_;
    std::vector<Page> pages_;
    std::optional<std::size_t> page_override_;
    int pass_ = 1;  // for LayoutInput::on_page
    bool cache_short_cells_ = false;  // see seen_once()
    bool landscape_ = false;  // new pages are landscape (a wide table's)
    std::vector<double> min_widths_;  // column_widths(): the least each column of the last table needs
    // column_widths(): per column of the last table, the widest part of its
    // figures after the decimal comma (",5 %"), so the commas stand in a line.
    std::vector<double> figure_tails_;
    bool fits_unscaled_ = true;  // column_widths(): the last table fitted without shrinking  // add_item's page when not the current one
    std::deque<StructElement> structure_;
    std::size_t root_ = 0;
    double y_ = 0;
    PartKind part_ = PartKind::report;
    std::size_t part_first_page_ = 0;
    std::vector<std::pair<PartKind, std::size_t>> page_parts_;  // per page: part and its first page
    std::map<std::string, std::size_t> heading_pages_;
    std::map<std::string, std::size_t> known_heading_pages_;
    Targets heading_targets_, known_heading_targets_;
    // A web address in the text being placed: one Link element, with a
    // piece of text and a link annotation for each line it spans; the
    // address is complete, and given to every annotation, when the text
    // after it starts.
    struct OpenUrl {
        std::string text;
        std::size_t parent = 0;  // the element the Link elements are in
        std::vector<std::pair<std::size_t, std::size_t>> links;  // page index, index in its links
        std::vector<std::size_t> elements;                       // its Link element, once made
    };
    std::optional<OpenUrl> open_url_;
    void place_text(std::optional<std::size_t> element, TextItem item);
    void close_url();
    std::unordered_map<std::string, std::string> texts_, sections_;
    std::vector<OutlineEntry> outline_;
    // Where each block's (and table row's) first content lands, for the
    // editor's preview: a pointer waits in pending_anchors_ for add_item().
    // Nothing when LayoutInput::anchors is off.
    void anchor(std::string pointer) {
        if (in_.anchors) pending_anchors_.push_back(std::move(pointer));
    }
    std::vector<std::string> pending_anchors_;
    std::vector<std::pair<std::string, std::size_t>> anchors_;
    std::vector<std::shared_ptr<const void>> keep_;  // Document::keep
    struct SignatureSlot {
        std::string signatory, name, title;
        std::size_t page;
        double x, y, w, h;
        std::size_t element;  // its Form structure element
    };
    std::vector<SignatureSlot> signature_fields_;

};

// The helper of LayoutInput::helper_thread: started with the first pass,
// stopped by stop_layout() (or when destroyed), after which it does the
// input's beside_layout work; joined when destroyed. A thread that cannot
// be started leaves the first pass to do all the work, as without it, and
// the work beside to its caller (started() says so).
class LayoutHelper {
public:
    LayoutHelper(const LayoutInput& input, Layouter& first);
    ~LayoutHelper();
    LayoutHelper(const LayoutHelper&) = delete;
    LayoutHelper& operator=(const LayoutHelper&) = delete;

    // Returns once the helper lays out nothing more (its work beside may go on).
    void stop_layout();
    bool started() const { return thread_.joinable(); }

private:
    LayoutInput input_;  // the first pass's, without its callbacks
    std::function<void()> beside_;
    Layouter::Ahead ahead_;
    Handover laid_out_;
    std::thread thread_;
};

Colour parse_colour(const std::string& hex, Colour fallback);

}  // namespace tertial::pdf
