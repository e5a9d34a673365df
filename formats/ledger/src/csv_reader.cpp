// CSV exports through libcsv: encoding (UTF-8, BOM, Windows-1252 via iconv) and separator found from the bytes.
#include <csv.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include <fmt/format.h>

#include "text.hpp"
#include "tertial/ledger/ledger.hpp"

namespace tertial::ledger {
namespace {

// Windows-1252 to UTF-8. Five bytes have no character in it (0x81, 0x8D,
// 0x8F, 0x90, 0x9D); iconv refuses them, and so do we, naming the line.
std::string from_windows_1252(std::string_view bytes, const std::string& file) {
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw LedgerError(fmt::format("{}: error: iconv cannot convert from Windows-1252 on this system", file));
    std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
    std::string out(bytes.size() * 3 + 4, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<std::size_t>(-1)) {
        std::size_t at = bytes.size() - in_left;
        std::size_t line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n');
        throw LedgerError(fmt::format("{}:{}: error: the file is neither UTF-8 nor Windows-1252 (byte 0x{:02X} has no "
                                      "character in either); save the export as UTF-8 CSV",
                                      file, line, static_cast<unsigned char>(bytes[at])));
    }
    out.resize(out.size() - out_left);
    return out;
}

// The separator: ';' as Swedish spreadsheets write it, else ',' or a tab,
// whichever separates more fields on the lines near the top (outside quotes).
char find_delimiter(const std::vector<std::string>& lines) {
    std::size_t most[3] = {0, 0, 0};
    const char candidates[3] = {';', ',', '\t'};
    for (std::size_t i = 0; i < lines.size() && i < 50; ++i) {
        std::size_t n[3] = {0, 0, 0};
        bool quoted = false;
        for (char c : lines[i]) {
            if (c == '"') quoted = !quoted;
            for (int k = 0; k < 3; ++k)
                if (!quoted && c == candidates[k]) ++n[k];
        }
        for (int k = 0; k < 3; ++k) most[k] = std::max(most[k], n[k]);
    }
    if (most[2] > most[0] && most[2] > most[1]) return '\t';
    return most[0] > 0 && most[0] >= most[1] ? ';' : ',';
}

struct Collector {
    Grid* grid;
    RawRow row;
    std::size_t line = 0;
};

void on_field(void* s, std::size_t len, void* data) {
    auto* c = static_cast<Collector*>(data);
    c->row.cells.push_back({std::string(static_cast<const char*>(s), len), false});
}

void on_row(int, void* data) {
    auto* c = static_cast<Collector*>(data);
    c->grid->rows.push_back(std::move(c->row));
    c->row = RawRow{};
}

}  // namespace

Grid read_csv(std::string_view bytes, const std::string& file) {
    Grid grid;
    grid.file = file;
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
        throw LedgerError(fmt::format("{}: error: the file is UTF-16; save the export as CSV in UTF-8 (or Windows-1252)", file));
    if (bytes.starts_with("PK\x03\x04"))
        throw LedgerError(fmt::format("{}: error: the file is a ZIP archive (an XLSX workbook?), not CSV; name it .xlsx", file));
    std::string text;
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        grid.assumptions.push_back("UTF-8 with BOM");
    }
    if (auto bad = invalid_utf8_at(bytes)) {
        text = from_windows_1252(bytes, file);
        std::size_t line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
        grid.assumptions.push_back(fmt::format("Windows-1252 (line {} is not valid UTF-8)", line));
    } else {
        text = std::string(bytes);
        if (grid.assumptions.empty()) grid.assumptions.push_back("UTF-8");
    }
    if (text.find('\0') != std::string::npos)
        throw LedgerError(fmt::format("{}: error: the file holds NUL bytes: it is not a CSV text file", file));
    grid.raw_lines = split_lines(text);
    grid.delimiter = find_delimiter(grid.raw_lines);
    grid.assumptions.push_back(grid.delimiter == ';'   ? "';'-separated"
                               : grid.delimiter == ',' ? "','-separated"
                                                       : "tab-separated");

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    std::unique_ptr<csv_parser, void (*)(csv_parser*)> freer(&parser, csv_free);
    csv_set_delim(&parser, static_cast<unsigned char>(grid.delimiter));
    Collector c{&grid, {}, 0};
    std::size_t start = 0;
    for (std::size_t i = 0; i < grid.raw_lines.size(); ++i) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        if (parser.pstate == 0) c.row.line = i + 1;  // a row begins on this line
        std::size_t len = end - start;
        if (csv_parse(&parser, text.data() + start, len, on_field, on_row, &c) != len)
            throw LedgerError(fmt::format("{}:{}: error: {} (a '\"' inside a quoted field is written twice: \"\")", file,
                                          i + 1, csv_strerror(csv_error(&parser))));
        start = end;
    }
    if (csv_fini(&parser, on_field, on_row, &c) != 0)
        throw LedgerError(fmt::format("{}:{}: error: a quoted field is not closed by the end of the file", file,
                                      c.row.line));
    return grid;
}

}  // namespace tertial::ledger
