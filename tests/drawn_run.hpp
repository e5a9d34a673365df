// The run a laid-out TextItem draws, whether its own or made from the line
// of a broken paragraph it refers to (TextItem::lines), as a value: for
// tests that read text, fonts and widths off a pdf::Document.
#pragma once

#include "tertial/pdf/display.hpp"

namespace tertial::test {

inline pdf::GlyphRun drawn(const pdf::TextItem& t) {
    pdf::GlyphRun scratch;
    return t.drawn(scratch);
}

}  // namespace tertial::test
