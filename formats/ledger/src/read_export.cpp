// Which reader an export needs, and the digest its Source records.

#include <cctype>

#include <fmt/format.h>

#include "tertial/ledger/ledger.hpp"

namespace tertial::ledger {

Grid read_export(std::string_view bytes, const std::string& file, const std::optional<std::string>& sheet) {
    if (bytes.empty()) throw LedgerError(fmt::format("{}: error: the export is empty (0 bytes)", file));
    std::string lower = file;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool zip = bytes.starts_with("PK\x03\x04");
    if (zip || lower.ends_with(".xlsx") || lower.ends_with(".xlsm")) return read_xlsx(bytes, file, sheet);
    if (sheet) throw LedgerError(fmt::format("{}: error: --sheet is for XLSX workbooks; this is a CSV file", file));
    return read_csv(bytes, file);
}

}  // namespace tertial::ledger
