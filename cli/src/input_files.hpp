// Reading the files named on the command line: regular files only, each kind up to a size limit.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "tertial/date.hpp"

namespace tertial::cli {

// What a file is read as: it decides the size limit and the words of the messages.
enum class InputKind {
    report,          // a report's JSON
    pdf,             // a PDF (extract, sign, verify)
    report_or_pdf,   // rollover's input: JSON or PDF, told apart once read
    credential,      // a key, certificate or PKCS#12 file (sign --p12/--cert/--key, verify --trust)
    ledger_export,   // import ledger: a CSV or XLSX export
    ledger_mapping,  // import ledger --map: a mapping's JSON
    kolada,          // a saved Kolada API response (import kolada)
    word_document,   // a .docx (import docx)
    crl,             // a certificate revocation list (verify and ltv --crl)
};

// The most a file of this kind may have, in bytes.
std::uint64_t input_limit(InputKind kind);

// Reads a whole input file; nullopt after printing why not ("FILE: error: ..."):
// it cannot be opened, it is not a regular file (a directory, FIFO, device
// or socket, refused before it is opened for reading, so a FIFO never
// blocks), or it is larger than input_limit(kind). Every input file
// Tertial reads goes through here (plugins are loaded by the PluginHost).
std::optional<std::string> read_input(const std::string& path, InputKind kind, std::ostream& err);

// The message for a file of `size` bytes over the limit of `kind`, or
// nullopt if it is within it (for rollover, which learns only after
// reading whether its input is a PDF or a report).
std::optional<std::string> over_limit(const std::string& path, std::uint64_t size, InputKind kind);

// The day a file was last modified, in this computer's time zone (nullopt
// if it cannot be told): the date an import records for its figures unless
// --date says otherwise. (The file's SHA-256 is formats/imports' sha256_hex.)
std::optional<Date> file_date(const std::string& path);

}  // namespace tertial::cli
