// Last year's report from Word: a .docx read (libzip, pugixml) and turned into a Tertial report (tertial import docx).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tertial/decimal.hpp"
#include "tertial/model.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::docx {

// The document cannot be read at all (not a zip, encrypted, a zip bomb,
// not Word, malformed XML, merged cells in a table): the message says what
// and where; nothing is imported.
class DocxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- the document as Word holds it -------------------------------------------------

struct Run {
    std::string text;
    bool bold = false;
    bool italic = false;
};

struct DocParagraph {
    std::vector<Run> runs;
    std::string style;        // the style's name as Word knows it ("heading 1", "Title", "caption"), lower case
    int heading = 0;          // 1..9 for a heading (by style or outline level), else 0
    bool list = false;        // a numbered or bullet list item (numPr)
    bool ordered = false;     // numbered ("1.", "a)") rather than bullets
    int level = 0;            // the list item's level (ilvl)
    std::string text() const;     // the runs joined
    bool all_bold() const;        // every run with text is bold
};

struct DocCell {
    std::vector<DocParagraph> paragraphs;
    // Part of a merged cell: a column a cell spans (gridSpan) repeats it; a
    // vertical continuation (vMerge) is empty here.
    enum class Merge { none, horizontal, vertical };
    Merge merged = Merge::none;
    std::string text() const;  // paragraphs joined by a line break
    bool bold() const;
};

struct DocTable {
    std::vector<std::vector<DocCell>> rows;
    std::size_t index = 0;  // 1-based, in document order: for messages
};

struct DocBlock {
    std::variant<DocParagraph, DocTable> content;
};

struct Document {
    std::vector<DocBlock> blocks;
    std::vector<std::string> header_lines;  // the page headers' paragraphs (Datum, Dnr often live there)
    std::size_t pictures = 0;               // pictures and charts: not imported, counted for the notes
};

// Limits for a package from elsewhere, far above any real report (a
// 100-page report's document.xml is a few MB, packed about 10 to 1).
struct Limits {
    std::uint64_t part = std::uint64_t(64) << 20;   // one part unpacked
    std::uint64_t total = std::uint64_t(256) << 20; // the parts read, unpacked
    std::uint64_t ratio = 200;                      // unpacked / packed, for a part over 1 MiB
};

// Reads the package: word/document.xml (paragraphs, runs, tables), the
// styles and numbering that make headings and lists, the page headers.
// `file` names it in messages. Throws DocxError.
Document read_document(std::string_view bytes, const std::string& file, const Limits& limits = {});

// ---- the import ----------------------------------------------------------------

struct ImportRequest {
    const LoadedPlugin* municipality = nullptr;
    std::vector<const LoadedPlugin*> committees;
    std::string file;  // for messages
};

// What a controller wants to read before the new year starts.
struct ImportNotes {
    std::vector<std::string> meta;          // what meta was found from ("title: paragraph 1"), what is left to fill in
    std::vector<std::string> tables;        // one line per table: id, columns and roles, totals recognised
    std::vector<std::string> not_adding_up; // "SUMMA KOSTNADER, Prognos: printed 526,8, the rows give 526,9"
    std::vector<std::string> rounding;      // totals one off their parts' rounding, kept as printed
    std::vector<std::string> layouts;       // mapped onto a plugin layout, with the labels that did not match
    std::vector<std::string> bound;         // amounts in text bound to figures: "'2,9 mnkr' -> {{drift.resultat.utfall|abs}}"
    std::vector<std::string> left;          // amounts in text left typed, and why
    std::vector<std::string> warnings;      // what was read but not kept (pictures, a chart, text outside the parts)
    std::size_t calculations = 0;           // total cells that became calculations
};

struct ImportResult {
    Report report;
    ImportNotes notes;
};

// The report from the document. Meta comes from the document where it can
// be found; the rest is left to fill in (meta.todo, status utkast).
ImportResult import_document(const Document& document, const ImportRequest& request);

// ---- pieces, exposed for tests -----------------------------------------------------

// A printed amount, exactly: "1 200", "−2,9", "33 %", "(4,5)", "- 19 %". nullopt for anything else.
// `percent` is set when it ends with '%'.
std::optional<Decimal> parse_printed(std::string_view text, bool* percent = nullptr);

}  // namespace tertial::docx
