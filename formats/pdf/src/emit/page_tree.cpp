// The PDF's page tree, balanced, built over page objects made beforehand.
#include <algorithm>
#include <vector>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

using namespace PoDoFo;

namespace {

constexpr std::size_t fanout = 64;

using Nodes = std::vector<PdfObject*>;

void hang(PdfObject* node, Nodes::const_iterator first, Nodes::const_iterator last) {
    PdfArray kids;
    kids.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) {
        kids.push_back((*it)->Reference());
        (*it)->GetDictionary().AddKey("Parent", node->Reference());
    }
    node->GetDictionary().AddKey("Kids", kids);
}

}  // namespace

// Not PoDoFo's CreatePage: 0.9.8 walks and copies the whole /Kids array for
// every page it adds, quadratic in the pages (44 % of a 6 000-page build).
// The root is the document's own /Pages node; up to `fanout` pages hang
// from it directly, as CreatePage hung them, so such a file is the same
// byte for byte. Above that, nodes of at most `fanout` kids each: a reader
// finds a page of 6 000 through two nodes.
void build_page_tree(PdfMemDocument& doc, const Nodes& pages) {
    PdfObject* root = doc.GetPagesTree()->GetObject();
    Nodes level = pages;
    std::vector<std::size_t> counts(level.size(), 1);
    while (level.size() > fanout) {
        Nodes up;
        std::vector<std::size_t> up_counts;
        for (std::size_t i = 0; i < level.size(); i += fanout) {
            std::size_t end = std::min(level.size(), i + fanout), count = 0;
            PdfObject* node = doc.GetObjects().CreateObject("Pages");
            hang(node, level.begin() + static_cast<std::ptrdiff_t>(i), level.begin() + static_cast<std::ptrdiff_t>(end));
            for (std::size_t k = i; k < end; ++k) count += counts[k];
            node->GetDictionary().AddKey("Count", PdfVariant(static_cast<pdf_int64>(count)));
            up.push_back(node);
            up_counts.push_back(count);
        }
        level = std::move(up);
        counts = std::move(up_counts);
    }
    hang(root, level.begin(), level.end());
    root->GetDictionary().AddKey("Count", PdfVariant(static_cast<pdf_int64>(pages.size())));
}

}  // namespace tertial::pdf::emit_detail
