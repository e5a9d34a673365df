// XLSX exports through libzip and pugixml: a sheet's cells as stored (numbers as their decimal text).
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <pugixml.hpp>

#include <fmt/format.h>

#include "text.hpp"
#include "tertial/ledger/ledger.hpp"

namespace tertial::ledger {
namespace {

// A part of the package larger than this is refused: a sheet of a million
// export lines is some 100 MB of XML; a "zip bomb" is far larger.
constexpr zip_uint64_t max_part = zip_uint64_t(512) << 20;

class Package {
public:
    Package(std::string_view bytes, const std::string& file) : file_(file) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (src) archive_ = zip_open_from_source(src, ZIP_RDONLY, &error);
        if (!archive_) {
            if (src) zip_source_free(src);
            std::string why = zip_error_strerror(&error);
            zip_error_fini(&error);
            throw LedgerError(fmt::format("{}: error: not an XLSX workbook (the ZIP archive cannot be read: {})", file, why));
        }
        zip_error_fini(&error);
    }
    ~Package() {
        if (archive_) zip_discard(archive_);
    }
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    // The part's bytes, or nullopt if the package has no such part.
    std::optional<std::string> part(const std::string& name) const {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat(archive_, name.c_str(), 0, &st) != 0) return std::nullopt;
        if (!(st.valid & ZIP_STAT_SIZE) || st.size > max_part)
            throw LedgerError(fmt::format("{}: error: the workbook's part {} is larger than 512 MiB unpacked", file_, name));
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(archive_, name.c_str(), 0), zip_fclose);
        if (!f) throw LedgerError(fmt::format("{}: error: the workbook's part {} cannot be read: {}", file_, name, zip_strerror(archive_)));
        std::string out(static_cast<std::size_t>(st.size), '\0');
        zip_int64_t n = zip_fread(f.get(), out.data(), st.size);
        if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
            throw LedgerError(fmt::format("{}: error: the workbook's part {} is damaged", file_, name));
        return out;
    }

private:
    std::string file_;
    zip_t* archive_ = nullptr;
};

std::string_view local_name(const char* name) {
    std::string_view n = name;
    auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
    for (auto c : node.children())
        if (local_name(c.name()) == name) return c;
    return {};
}

pugi::xml_document parse(const std::string& text, const std::string& file, const std::string& part) {
    pugi::xml_document doc;
    auto ok = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!ok) throw LedgerError(fmt::format("{}: error: the workbook's part {} is not well-formed XML: {}", file, part, ok.description()));
    return doc;
}

// Every <t> below `node`, joined: a shared or inline string, rich text too.
std::string text_of(pugi::xml_node node) {
    std::string out;
    for (auto n : node.children()) {
        if (local_name(n.name()) == "t") out += n.text().get();
        else if (local_name(n.name()) == "r") out += text_of(n);
    }
    return out;
}

// "B12" -> column index 1 (0-based); nullopt when there are no letters.
std::optional<std::size_t> column_of(std::string_view ref) {
    std::size_t col = 0, letters = 0;
    for (char c : ref) {
        if (c < 'A' || c > 'Z') break;
        col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
        if (++letters > 3) return std::nullopt;
    }
    if (letters == 0) return std::nullopt;
    return col - 1;
}

struct SheetRef {
    std::string name, part;
};

// The sheet to read: the first, or the one named; and whether the workbook counts dates from 1904.
SheetRef find_sheet(const Package& pkg, const std::string& file, const std::optional<std::string>& wanted, bool& date1904) {
    auto wb_text = pkg.part("xl/workbook.xml");
    if (!wb_text) throw LedgerError(fmt::format("{}: error: not an XLSX workbook (it has no xl/workbook.xml)", file));
    auto wb = parse(*wb_text, file, "xl/workbook.xml");
    auto workbook = child(wb, "workbook");
    std::string d1904 = child(workbook, "workbookPr").attribute("date1904").as_string();
    date1904 = d1904 == "1" || d1904 == "true";
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    for (auto s : child(workbook, "sheets").children()) {
        if (local_name(s.name()) != "sheet") continue;
        std::string rid;
        for (auto a : s.attributes())
            if (local_name(a.name()) == "id") rid = a.value();
        sheets.emplace_back(s.attribute("name").as_string(), rid);
    }
    if (sheets.empty()) throw LedgerError(fmt::format("{}: error: the workbook has no sheets", file));
    auto chosen = sheets.begin();
    if (wanted) {
        chosen = std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.first == *wanted; });
        if (chosen == sheets.end()) {
            std::vector<std::string> names;
            for (const auto& s : sheets) names.push_back("'" + s.first + "'");
            throw LedgerError(fmt::format("{}: error: the workbook has no sheet '{}'; its sheets: {}", file, *wanted,
                                          fmt::join(names, ", ")));
        }
    }
    auto rels_text = pkg.part("xl/_rels/workbook.xml.rels");
    if (!rels_text) throw LedgerError(fmt::format("{}: error: the workbook has no xl/_rels/workbook.xml.rels", file));
    auto rels = parse(*rels_text, file, "xl/_rels/workbook.xml.rels");
    for (auto r : child(rels, "Relationships").children()) {
        if (std::string(r.attribute("Id").as_string()) != chosen->second) continue;
        std::string target = r.attribute("Target").as_string();
        return {chosen->first, target.starts_with('/') ? target.substr(1) : "xl/" + target};
    }
    throw LedgerError(fmt::format("{}: error: the workbook's sheet '{}' has no part", file, chosen->first));
}

std::vector<std::string> shared_strings(const Package& pkg, const std::string& file) {
    std::vector<std::string> out;
    auto text = pkg.part("xl/sharedStrings.xml");
    if (!text) return out;
    auto doc = parse(*text, file, "xl/sharedStrings.xml");
    for (auto si : child(doc, "sst").children())
        if (local_name(si.name()) == "si") out.push_back(text_of(si));
    return out;
}

}  // namespace

Grid read_xlsx(std::string_view bytes, const std::string& file, const std::optional<std::string>& sheet) {
    Grid grid;
    grid.file = file;
    grid.xlsx = true;
    Package pkg(bytes, file);
    SheetRef ref = find_sheet(pkg, file, sheet, grid.date1904);
    grid.sheet = ref.name;
    auto strings = shared_strings(pkg, file);
    auto sheet_text = pkg.part(ref.part);
    if (!sheet_text) throw LedgerError(fmt::format("{}: error: the workbook's sheet '{}' ({}) is missing", file, ref.name, ref.part));
    auto doc = parse(*sheet_text, file, ref.part);
    sheet_text.reset();
    std::size_t row_number = 0;
    for (auto row : child(child(doc, "worksheet"), "sheetData").children()) {
        if (local_name(row.name()) != "row") continue;
        RawRow out;
        out.line = row.attribute("r") ? row.attribute("r").as_ullong() : row_number + 1;
        row_number = out.line;
        for (auto c : row.children()) {
            if (local_name(c.name()) != "c") continue;
            std::size_t col = out.cells.size();
            if (auto given = column_of(c.attribute("r").as_string())) col = *given;
            if (col > 16383) throw LedgerError(fmt::format("{}: error: {}!{}: a cell beyond column XFD", file, ref.name, c.attribute("r").as_string()));
            if (out.cells.size() <= col) out.cells.resize(col + 1);
            RawCell& cell = out.cells[col];
            std::string type = c.attribute("t").as_string();
            std::string v = child(c, "v").text().get();
            if (type == "s") {
                std::size_t i = std::strtoull(v.c_str(), nullptr, 10);
                if (v.empty() || i >= strings.size())
                    throw LedgerError(fmt::format("{}: error: {}!{}: refers to shared string {}, which the workbook does not have",
                                                  file, ref.name, c.attribute("r").as_string(), v));
                cell.text = strings[i];
            } else if (type == "inlineStr") {
                cell.text = text_of(child(c, "is"));
            } else if (type == "str" || type == "e" || type == "d" || type == "b") {
                cell.text = v;  // a formula's text, an error ("#N/A"), an ISO date, a boolean
            } else {
                cell.text = v;
                cell.number = !v.empty();
            }
        }
        grid.rows.push_back(std::move(out));
    }
    grid.assumptions.push_back(fmt::format("sheet '{}'", ref.name));
    if (grid.date1904) grid.assumptions.push_back("dates in the 1904 system");
    return grid;
}

}  // namespace tertial::ledger
