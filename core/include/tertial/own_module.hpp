// Tertial's own modules (libtertial_pdf_sign.so, libtertial_pdf_pkcs11.so,
// libtertial_edit_import.so): shared libraries beside Tertial's, opened by
// the commands that need them, so that every other command starts without
// their libraries. Each exports one C function that returns its table of
// functions; both sides are built from this tree together.
#pragma once

#include <stdexcept>
#include <string>

namespace tertial {

// Opens the module at `path` (never unloaded: what it made may live until
// the process ends) and returns what its function `symbol` returns. Throws
// std::runtime_error with why it cannot (the loader's message, without the
// path, which the caller names with what the module is).
const void* open_own_module(const std::string& path, const char* symbol);

}  // namespace tertial
