// Shared pieces of the import: words, ids, one table.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/docx/docx.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::docx {

// Lower case, Swedish letters too (Å Ä Ö É), for comparing words.
std::string fold(std::string_view text);
// An id from words: "SUMMA INTÄKTER" -> "summa_intakter"; never empty, never starting with a digit.
std::string slug(std::string_view text, std::string_view fallback);
// `base`, or base_2, base_3 ... so that it is not in `taken`; adds it.
std::string unique_id(const std::string& base, std::set<std::string>& taken);

struct TableContext {
    int year = 0;
    Date period_end;
    std::optional<std::string> caption;
    std::string id;
};

struct TableImport {
    Table table;
    std::vector<std::string> not_adding_up, rounding;
    std::vector<bool> bold;  // per row: printed bold in Word (a total, unless its figures say otherwise)
    std::size_t calculations = 0;
    std::string summary;
};

// One Word table as a Tertial table: header rows, label, text and amount
// columns, units, roles; every figure entered as printed (recognise_totals
// follows, after a layout may have renamed rows). Throws DocxError for
// merged cells in its body.
TableImport import_table(const DocTable& source, const TableContext& context);

// Recognises the totals of a table whose rows and cells are already set (also
// after mapping onto a layout): row and column calculations, waivers.
void recognise_totals(TableImport& t);

// Maps the table onto a layout of the municipality whose row labels it
// shares: the layout's table, row and column ids. Returns the note, or
// nullopt when no layout fits.
std::optional<std::string> map_layout(TableImport& t, const LoadedPlugin& municipality, std::set<std::string>& table_ids);

// Amounts typed in running text that equal a table figure become {{references}}.
void bind_figures(Report& report, ImportNotes& notes);

// The unit a caption or header names: "(Mnkr med en decimal)", "tkr", "Antal dygn".
std::optional<Unit> unit_named(std::string_view text);

}  // namespace tertial::docx
