// The structure tree's objects written as syntax, never as PoDoFo objects:
// a StructElem's dictionary and /K, and the parent tree, byte for byte what
// PoDoFo 0.9.8 writes for the same values (tests/pdf_file_writer_test.cpp
// writes them both ways).
#pragma once

#include <podofo/podofo.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

// A /K value built a kid at a time: one kid is written as itself, more as
// an array. Pages and objects are given by object number (generation 0).
class KidsSyntax {
public:
    void mcid(int mcid);                    // marked content on the element's /Pg
    void mcr(std::uint32_t page, int mcid);  // marked content on another page
    void objr(std::uint32_t page, std::uint32_t annotation);
    void element(std::uint32_t number);
    bool empty() const { return count_ == 0; }
    void clear();
    void append_to(std::string& out) const;

private:
    void end_with_page(std::uint32_t page);  // an MCR's or OBJR's /Pg, and the kid is added
    void added();
    std::string text_;  // each kid followed by its separator in an array
    std::size_t count_ = 0;
};

struct StructElemSyntax {
    std::string_view role;                  // /S
    std::uint32_t parent = 0;               // /P
    std::optional<std::uint32_t> page;      // /Pg
    const PoDoFo::PdfArray* attributes = nullptr;  // /A: one dictionary as itself, more as an array
    std::optional<PoDoFo::PdfString> alt, title, lang, actual_text;
    const KidsSyntax* kids = nullptr;       // /K, unless empty
};

// The dictionary: /Type first, then the keys in byte order, as PoDoFo's map has them.
void append_struct_elem(std::string& out, const StructElemSyntax& e);

// The parent tree's dictionary, << /Nums [ key value ... ] >>, a key and its
// value at a time: an array of elements (a page's, by MCID) or one element
// (an annotation's).
class ParentTreeSyntax {
public:
    void key(std::size_t key);
    void begin_array();
    void array_element(std::uint32_t number);
    void end_array();
    void element(std::uint32_t number);
    // The dictionary's syntax; the writer is empty again.
    std::string finish();

private:
    std::string text_ = "<<\n/Nums [ ";
    std::size_t count_ = 0;        // entries of /Nums, keys and values
    std::size_t array_count_ = 0;  // elements of the open array
};

}  // namespace tertial::pdf::emit_detail
