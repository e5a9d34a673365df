// The report as PDF: layout (report -> pages) and the one write function.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "tertial/model.hpp"
#include "tertial/pdf/display.hpp"
#include "tertial/pdf/image.hpp"
#include "tertial/pdf/text.hpp"
#include "tertial/plugin.hpp"
#include "tertial/resolve.hpp"

namespace tertial::pdf {

// Fonts and hyphenation patterns for a house style, found through
// fontconfig (the family's regular, bold and italic faces; DejaVu Sans as
// the fallback for characters the family lacks), and its logo. Throws
// FontError naming what is missing; ImageError for a logo file that cannot
// be read or used, naming the file and what is wrong. Loaded once and
// shared by every report laid out and written with them, also by several
// threads at once (the text cache, the patterns and each font lock what
// they change); only release_layout_parts() must not run beside a layout.
class Resources {
public:
    // `style.logo_file`, when set, is the logo's path as the caller
    // resolved it (a plugin's logo is relative to the plugin's folder).
    static std::unique_ptr<Resources> load(const HouseStyle& style);
    // What load() reads for a style: the resources of one style serve any
    // other with the same key (the font family and the logo file).
    static std::string key(const HouseStyle& style);
    // Starts reading the font configuration (~0.1 ms), then the hyphenation
    // patterns (~0.7 ms), on another thread, so that they overlap with
    // reading and checking reports; load() waits for both. Optional;
    // calling it more than once does nothing more.
    static void prepare();
    FontSet fonts() const;
    const Hyphenator* hyphenator() const { return hyphenator_.get(); }
    // Shaped words and broken paragraphs of every report laid out with
    // these fonts (layout is a pure function of its input, so a report
    // rendered again, or the second layout pass, reuses the first's work).
    TextCache& text_cache() const { return *cache_; }
    // Frees what only layout uses, the hyphenation patterns and the text
    // cache (a few MB), for a caller that lays out nothing more with these
    // resources: emit_pdf() of a document already laid out then runs in
    // the memory they held. The fonts stay. layout_report() refuses
    // resources released this way (std::logic_error).
    void release_layout_parts();
    // The same for a process that ends once its file is written (`tertial
    // build` of one small report): the patterns and the text cache, and
    // the broken paragraphs the document holds, are not freed now but at
    // exit, where std::_Exit leaves their memory to the system. Freeing
    // them, some 20 000 blocks, took 0.6-0.9 ms of the main thread while
    // the file was made. Only the last resources kept so are held: a
    // process that builds again frees the ones before.
    void keep_layout_parts_until_exit();
    bool layout_released() const { return !cache_; }
    // The house style's logo, checked (none: the style has none).
    const std::optional<Image>& logo() const { return logo_; }
    const ImageInfo& logo_info() const { return logo_info_; }

private:
    std::unique_ptr<Font> regular_, bold_, italic_, fallback_;
    std::unique_ptr<Hyphenator> hyphenator_;
    std::unique_ptr<TextCache> cache_ = std::make_unique<TextCache>();
    std::optional<Image> logo_;
    ImageInfo logo_info_;
};

// A logo file read and checked (inspect_image): ImageError names the file
// and says what is wrong with it.
Image read_logo(const std::string& path, ImageInfo* info = nullptr);

// The house style used when no municipality plugin gives one.
HouseStyle default_house_style();

struct LayoutInput {
    const Report& report;
    const Resolution& resolution;
    const HouseStyle& style;
    const Resources& resources;
    // The report's JSON, embedded as the PDF's source: read, not copied (the
    // caller keeps it for the call; the document gets the one copy it owns).
    // Empty: none (a caller may add it later with attach_source()).
    std::string_view source_json;
    // Called for every page begun, on the thread laying out: pass 1 finds
    // the pages of the headings, pass 2 lays out for good. May be empty.
    std::function<void(int pass, std::size_t pages)> on_page = {};
    // Called between the passes, on the thread laying out: every paragraph
    // is broken by then (pass 2 finds them all in the text cache), so a
    // caller laying out nothing more may release the hyphenation patterns
    // (Hyphenator::release_patterns). May be empty.
    std::function<void()> between_passes = {};
    // Whether to fill Document::anchors, the editor's page map (where each
    // block and table row lands). A file made for itself (`tertial build`)
    // leaves it out: a 10 000-row table's rows took about 1.5 MB for it.
    bool anchors = true;
    // Whether a second thread lays out the body from its end while the
    // first pass lays it out from its start, so that the first pass finds
    // the second half's words and paragraphs already in the text cache
    // (seed 000: see bench/issue-21-speed.md). For a core that would
    // otherwise be idle: `tertial build` of one report. Taken only where
    // helper_thread_pays(). The document is the same.
    bool helper_thread = false;
    // Work for that helper once its part of the layout is over, while the
    // rest of the layout goes on: `tertial build` packs the report's source
    // there. Without a helper the calling thread does it at the end. Either
    // way it has run when layout_report() returns. Must not throw; may be
    // empty.
    std::function<void()> beside_layout = {};
};

// Whether LayoutInput::helper_thread is taken for this report: not when
// its tables hold over 500 rows in all, whose cells are not cached and
// which the two threads would lay out at once, holding its memory twice
// (5 000 rows: 38.6 -> 59.3 MB).
bool helper_thread_pays(const Report& report);

// Content that no page can hold the way it is written (a table with more
// columns than fit the page width): where it is, a diagnostic code and what
// to do. layout_report() throws it; the caller names the place in the file.
struct LayoutError : std::runtime_error {
    LayoutError(std::string pointer_, std::string code_, const std::string& message)
        : std::runtime_error(message), pointer(std::move(pointer_)), code(std::move(code_)) {}
    std::string pointer;  // JSON pointer of the content, e.g. "/body/2"
    std::string code;     // e.g. "layout.table_too_wide"
};

// Lays the report out: the cover letter (tjänsteskrivelse) with its own page
// numbering, then the report: title, table of contents, numbered sections,
// tables split across pages with repeated headers, charts, signatures.
Document layout_report(const LayoutInput& input);

// Embeds `json` in the document as its source ("report.json", AFRelationship
// /Source), as layout_report() does with LayoutInput::source_json. A caller
// that frees the layout's memory first (Resources::release_layout_parts)
// attaches it after, so that its copy is not made at the layout's peak.
void attach_source(Document& doc, std::string_view json);
// The source attachment attach_source() adds, compressed now as the PDF
// holds it (a report's JSON: about a tenth of its bytes): a caller may make
// it before the layout and free the text meanwhile.
Attachment source_attachment(std::string_view json);
// The bytes of an attachment, uncompressed.
std::string attachment_bytes(const Attachment& a);

// layout_report(), then emit_pdf(): the bytes of the finished PDF.
std::string write_pdf(const LayoutInput& input);

}  // namespace tertial::pdf
