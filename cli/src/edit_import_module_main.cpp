// The entry point of libtertial_edit_import.so (see edit_import_module.hpp):
// the editor and the imports, behind one table of functions.
#include "edit_import_module.hpp"
#include "tertial/kolada/kolada.hpp"

namespace {

using namespace tertial;

cli::DocxRun import_docx(std::string_view bytes, const std::string& file, const docx::ImportRequest& request) {
    cli::DocxRun run;
    try {
        run.result = docx::import_document(docx::read_document(bytes, file), request);
    } catch (const docx::DocxError& e) {
        run.error = e.what();
    }
    return run;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const tertial::cli::EditImportModule* tertial_edit_import_module() {
    using namespace tertial;
    static const cli::EditImportModule module{cli::edit_import_module_version,
                                              cli::edit_import_module_layout(),
                                              editor::run,
                                              imports::run_ledger_import,
                                              imports::ledger_listing,
                                              imports::run_kolada_import,
                                              imports::kolada_listing,
                                              kolada::addresses,
                                              import_docx};
    return &module;
}
