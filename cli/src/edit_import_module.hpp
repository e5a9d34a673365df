// The seam between the `tertial` command and its edit and import module
// (libtertial_edit_import.so, beside libtertial_core.so): the editor, the
// imports and the libraries only they use (cpp-httplib with OpenSSL's
// libssl and brotli, libzip, pugixml, libcsv), loaded by `edit` and
// `import` only. One C symbol returns the module's functions; both sides
// are built from this tree together.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/docx/docx.hpp"
#include "tertial/editor/editor.hpp"
#include "tertial/imports/kolada_run.hpp"
#include "tertial/imports/ledger_run.hpp"

namespace tertial::cli {

// What `import docx` gets back: the import, or the reason it stopped
// (a DocxError's message; the exception itself stays in the module).
struct DocxRun {
    std::optional<docx::ImportResult> result;
    std::string error;
};

struct EditImportModule {
    int version;         // edit_import_module_version
    std::size_t layout;  // edit_import_module_layout() of the module's build
    editor::Outcome (*edit)(const editor::Options& options, std::ostream& out, std::ostream& err);
    imports::LedgerRun (*run_ledger_import)(const Report& report, const imports::LedgerRequest& request, PluginHost& host);
    std::string (*ledger_listing)(const imports::LedgerRun& run);
    imports::KoladaRun (*run_kolada_import)(const Report& report, std::string_view report_text,
                                            const std::string& report_name,
                                            const std::vector<imports::KoladaSnapshot>& snapshots);
    std::string (*kolada_listing)(const imports::KoladaRun& run);
    std::vector<std::string> (*kolada_addresses)(const Report& report);
    DocxRun (*import_docx)(std::string_view bytes, const std::string& file, const docx::ImportRequest& request);
};

// Raised whenever the functions change.
inline constexpr int edit_import_module_version = 1;
inline constexpr const char* edit_import_module_file = "libtertial_edit_import.so";
inline constexpr const char* edit_import_module_symbol = "tertial_edit_import_module";

// The sizes of what crosses the seam, folded into one number: a module
// built from other headers (a field added to a run or a request) is
// refused even when nobody raised the version.
constexpr std::size_t edit_import_module_layout() {
    std::size_t sizes[] = {sizeof(EditImportModule),   sizeof(editor::Options),        sizeof(imports::LedgerRequest),
                           sizeof(imports::LedgerRun), sizeof(imports::KoladaSnapshot), sizeof(imports::KoladaRun),
                           sizeof(docx::ImportRequest), sizeof(DocxRun),               sizeof(Report),
                           sizeof(json::ReadResult)};
    std::size_t h = 0;
    for (std::size_t s : sizes) h = h * 1000003 + s;
    return h;
}

// What edit_import_module() throws when the module cannot be loaded: an
// installation problem, not a bug (exit 3, like the signature module's).
struct ModuleError : std::runtime_error {
    using std::runtime_error::runtime_error;
    ~ModuleError() override;
};

// The module, loaded the first time this is called (never unloaded: what
// it made may live until the process ends). Throws ModuleError when it is
// missing, not loadable or from another build.
const EditImportModule& edit_import_module();

}  // namespace tertial::cli

extern "C" const tertial::cli::EditImportModule* tertial_edit_import_module();
