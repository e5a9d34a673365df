// The laid-out document: pages of positioned glyph runs and shapes, each in
// a structure element or marked as an artifact, and the structure tree.
// Layout produces it from the report; the emitter turns it into PDF bytes.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tertial/boxed.hpp"
#include "tertial/pdf/text.hpp"

namespace tertial::pdf {

struct Colour {
    double r = 0, g = 0, b = 0;  // 0..1, sRGB
    bool operator==(const Colour&) const = default;
};

// Coordinates are PDF points from the page's lower-left corner.
struct TextItem {
    GlyphRun run;  // one font, one size
    double x = 0, y = 0;  // baseline start
    Colour colour;
    // Drawn instead of `run` when `lines` is set: run `run_index` of line
    // `line` of a paragraph as the text cache broke it, made when drawn (a
    // long paragraph's glyphs are held once, in its words), kept alive by
    // Document::keep. `space_after` draws the space the line was broken at
    // after it (it shows nothing; extracted and tagged text keep it);
    // `drop_hyphen` leaves out the hyphen the line ends with (drawn apart,
    // as an artifact).
    const BrokenLines* lines = nullptr;
    std::uint32_t line = 0;
    std::uint16_t run_index = 0;
    bool space_after = false;
    bool drop_hyphen = false;

    // The run drawn: `run`, or the paragraph's, made in `scratch`.
    const GlyphRun& drawn(GlyphRun& scratch) const;
};

struct LineItem {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 0.5;
    Colour colour;
    std::vector<double> dash;  // empty: solid
};

struct RectItem {
    double x = 0, y = 0, w = 0, h = 0;
    std::optional<Colour> fill;
    std::optional<Colour> stroke;
    double stroke_width = 0.5;
};

// A polyline or polygon (charts).
struct PathItem {
    std::vector<std::pair<double, double>> points;
    bool closed = false;
    std::optional<Colour> fill;
    std::optional<Colour> stroke;
    double stroke_width = 1;
    std::vector<double> dash;
};

// An image (Document::images) drawn into the box x, y (lower left), w, h:
// a PNG's pixels or a PDF page's art box, scaled to fill it.
struct ImageItem {
    std::size_t image = 0;  // index into Document::images
    double x = 0, y = 0, w = 0, h = 0;
};

using Item = std::variant<TextItem, LineItem, RectItem, PathItem, ImageItem>;

// Content that belongs to one structure element (by index into
// Document::structure), or, when `element` is empty, an artifact: headers,
// footers, page numbers, rules, backgrounds.
struct ContentGroup {
    std::optional<std::size_t> element;
    std::vector<Item> items;
};

// A link to a place in the document (a table-of-contents line to its
// section). `element` is the Link structure element that holds the link's
// visible text; the annotation is added to it (OBJR), as PDF/UA requires.
struct LinkAnnotation {
    double x = 0, y = 0, w = 0, h = 0;    // the clickable area on this page
    std::size_t target_page = 0;          // index into Document::pages
    double target_y = 0;                  // the top of the destination
    std::optional<std::size_t> element;   // the Link structure element
    std::string description;              // /Contents, e.g. "Till avsnitt 3 Ekonomi, sidan 5"
    std::string uri;                      // not empty: a link to this address (a URI action), not to a page
};

// An empty signature field (AcroForm /FT /Sig, merged with its widget
// annotation) that `tertial sign` fills. `element` is its Form structure
// element (the widget is added to it as OBJR, as PDF/UA requires).
struct SignatureField {
    std::string name;         // the field's /T: signature_field_name(signatory id)
    std::string description;  // /TU, read to assistive technology: "Underskrift: Helén Eurenius, Förvaltningschef"
    std::size_t page = 0;     // index into Document::pages
    double x = 0, y = 0, w = 0, h = 0;
    std::optional<std::size_t> element;
};

// The field name for a signatory id: the id itself, with the characters a
// partial field name cannot hold ('.') and anything outside printable ASCII
// replaced by '_'.
std::string signature_field_name(const std::string& signatory_id);

struct Page {
    double width = 595.276, height = 841.89;  // A4
    std::vector<ContentGroup> content;         // in reading order
    std::vector<LinkAnnotation> links;
};

// A text an element may have, held behind one pointer: 8 bytes when absent
// (nearly always) where std::optional<std::string> takes 40. A report has
// an element per table cell, so this is most of what the tree weighs
// (15 000 sections: 280 -> 120 bytes an element). Read like an optional.
using OptionalText = OptionalBox<std::string>;

// A node of the structure tree. Roles: Document, Part, Sect, H1..H6, P, L,
// LI, Lbl, LBody, Table, THead, TBody, TR, TH, TD, Figure, Caption, TOC,
// TOCI, Link, Span, Note.
struct StructElement {
    std::string role;
    std::optional<std::size_t> parent;  // none only for the root (index 0)
    std::vector<std::size_t> children;  // in reading order
    OptionalText alt;                   // Figure: text alternative
    OptionalText scope;                 // TH: "Column" or "Row"
    OptionalText title;                 // /T, e.g. a section's title
    OptionalText lang;                  // when it differs from the document's
    OptionalText actual_text;
    std::size_t col_span = 1;           // TH, TD: /ColSpan when more than one column
};

// A picture drawn on pages, such as the house style's logo: the bytes of a
// PNG file or of a one-page PDF (drawn as a vector Form XObject). Written
// into the file once, however many pages show it.
struct Image {
    std::string name;  // where it came from, for messages: the file
    std::string data;
};

struct Attachment {
    std::string name;          // "report.json"
    std::string description;   // /Desc
    std::string mime_type;     // "application/json"
    std::string relationship;  // "Source"
    std::string data;
    // Set when `data` is the file already Flate-compressed (see
    // source_attachment()): the file's own size and MD5, as the PDF states them.
    struct Packed {
        std::size_t size = 0;
        std::array<unsigned char, 16> md5{};
    };
    std::optional<Packed> packed;
};

// What the document says about itself (Info dictionary and XMP, equal).
struct Metadata {
    std::string title;
    std::string author;    // the committee or förvaltning
    std::string subject;
    std::string keywords;
    std::string creator = "Tertial";
    std::string producer = "Tertial";
    std::string date;      // ISO date of the report: CreationDate = ModDate, never the clock
    std::string language = "sv-SE";
    std::string document_id;  // stable per report content, for /ID and xmpMM:DocumentID
};

// A bookmark: a heading and where it starts (page index, the y of its
// top), with its sub-headings (H1 > H2 > H3).
struct Outline {
    std::string title;
    std::size_t page = 0;
    double y = 0;
    std::vector<Outline> children;
};

// /PageLabels: from page `first_page` (an index into Document::pages) on,
// pages are labelled prefix + decimal numbers from `start`, as printed.
struct PageLabel {
    std::size_t first_page = 0;
    std::string prefix;
    std::size_t start = 1;
};

struct Document {
    Metadata metadata;
    FontSet fonts;
    std::vector<Page> pages;
    // [0] is the Document root. A deque: an element per table cell, added
    // one by one, never moved or held twice over as a vector's growth would.
    std::deque<StructElement> structure;
    std::vector<Attachment> attachments;
    std::vector<Image> images;     // drawn by ImageItem
    std::vector<Outline> outline;  // bookmarks; empty: none
    std::vector<SignatureField> signature_fields;  // in signing order; AcroForm /Fields
    std::vector<PageLabel> page_labels;            // empty: none; else the first starts at page 0
    // Not written to the PDF: the page index where each block, section and
    // table row of the report first puts something, by JSON pointer (the
    // editor's preview opens the page of what is being edited).
    std::vector<std::pair<std::string, std::size_t>> anchors;
    // What TextItem::lines points into: the paragraphs' lines drawn (a
    // table cell's text too), which outlive the text cache they came from.
    std::vector<std::shared_ptr<const void>> keep;
};

struct EmitOptions {
    std::string icc_profile_path = "/usr/share/color/icc/sRGB.icc";
    // Whether a second thread draws and compresses pages' content streams
    // ahead of the one making the file (seed 000: its 15 pages' streams
    // take half as long). The bytes are the same either way. For a caller
    // with a core to spare: `tertial build` of a single report.
    bool page_helper = false;
};

// PDF/A-3 (level A intent), tagged, fonts embedded as subsets with
// ToUnicode, attachments as associated files, deterministic bytes.
// Throws std::invalid_argument for a Document it cannot write correctly
// (no pages, a structure that is not a tree, content or links naming
// elements outside it, a date that is not YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]],
// a link, bookmark or signature field on a missing page, two signature
// fields with the same name) and std::runtime_error when the ICC
// profile or a font file cannot be used.
std::string emit_pdf(const Document& document, const EmitOptions& options = {});
// The same bytes from a document given up: each part is freed once it is
// in the file (a page's content, the structure, attachments), so the
// laid-out document and the file are not both whole at the end. The
// document is left with its pages, empty, and is only fit to be destroyed.
std::string emit_pdf(Document&& document, const EmitOptions& options = {});

// emit_pdf(), read_attachment() (embedded.hpp) and inspect_image()
// (image.hpp) live in a module of their own, libtertial_pdf_emit.so beside
// libtertial_pdf.so, with PoDoFo and the twenty libraries it brings (about
// 1.6 ms of a process's start-up on a 2-core machine): loaded the first
// time one of them is called, and then they throw ModuleError (sign.hpp)
// if it cannot be. load_emit_module() loads it now: before a fork, so that
// a child does not load it again under its limits. preload_emit_module()
// starts loading it on a thread of its own and returns: for a command that
// will make a PDF and has a report to check first. Not before the report's
// plugins are open: a dlopen() waits while another thread's is under way
// (started with the process, the module made the plugins wait 2 ms).
void load_emit_module();
void preload_emit_module();
// Whether preload_emit_module()'s thread is loading the module now (false
// before it is called and once the module is in, or could not be loaded):
// a thread that would otherwise wait for it may do something useful first.
bool emit_module_loading();

}  // namespace tertial::pdf
