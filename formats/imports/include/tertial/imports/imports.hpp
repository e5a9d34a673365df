// What every import shares: the file it reads as bytes, its digest, and how a change is shown.
#pragma once

#include <string>
#include <string_view>

namespace tertial::imports {

// A file's bytes and the name messages give it: the path given on the
// command line, or the name of the file the editor's page sent. A report's
// source records the name without its folder.
struct InputFile {
    std::string name;
    std::string_view bytes;
};

// The name a source records: `name` without its folder.
std::string file_name(const std::string& name);

// The SHA-256 of `bytes`, lowercase hex as sha256sum prints it (a source's `sha256`).
std::string sha256_hex(std::string_view bytes);

// A value an import changes, as every import shows it (`tertial import
// ledger`, `tertial import kolada`, the editor's import): "1 → 1,0", and
// with its place "taxor (Taxor och avgifter): 1 → 1,0". One arrow, U+2192,
// as Tertial's other messages print chains (a → b → a).
std::string change_text(std::string_view before, std::string_view after);
std::string change_text(std::string_view where, std::string_view before, std::string_view after);

}  // namespace tertial::imports
