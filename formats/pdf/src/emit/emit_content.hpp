// The emitter's content streams: a page's drawing operators (PageWriter),
// where each structure element's content is, and the small PDF values the
// emitter's parts share (number arrays, destinations).
#pragma once

#include <podofo/podofo.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {

// A page's /Resources: the fonts and images it draws, in order of use.
PoDoFo::PdfDictionary page_resources(const std::vector<const FontTable::Entry*>& fonts,
                                     const std::vector<std::size_t>& images, const std::vector<EmbeddedImage>& embedded);

// Where a piece of marked content or an annotation sits in reading order.
using Position = std::pair<std::size_t, std::size_t>;  // page, MCID (annotations after the page's content)
constexpr std::size_t annotation_order = std::numeric_limits<std::size_t>::max() / 2;
// After every position: no content at all.
constexpr Position nowhere{std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};

struct ElementContent {
    struct Piece {
        Position position;
        int mcid = -1;                // marked content, or
        std::uint32_t annotation = 0;  // an annotation (OBJR): its object number
    };
    std::vector<Piece> pieces;
    // Figure: the bounding box of its content on the first page it is on.
    bool has_box = false;
    std::size_t box_page = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

    void extend(std::size_t page, double ax, double ay, double bx, double by) {
        if (!has_box) {
            has_box = true, box_page = page;
            x0 = std::min(ax, bx), y0 = std::min(ay, by), x1 = std::max(ax, bx), y1 = std::max(ay, by);
        } else if (page == box_page) {
            x0 = std::min({x0, ax, bx}), y0 = std::min({y0, ay, by});
            x1 = std::max({x1, ax, bx}), y1 = std::max({y1, ay, by});
        }
    }
};

// One page's content stream. The text state and fill colour are tracked
// at the top level (never inside q/Q), so they are set only on change.
class PageWriter {
public:
    PageWriter(FontTable& fonts, const std::vector<EmbeddedImage>& images) : fonts_(fonts), images_(images) {}

    std::string out;
    std::vector<const FontTable::Entry*> used;  // fonts for /Resources, in order of use
    std::vector<std::size_t> used_images;       // indices into the images, for /Resources /XObject

    // The resource name of image i: "Im1" for the first.
    static std::string image_resource(std::size_t i) { return "Im" + std::to_string(i + 1); }

    void item(const Item& it);

private:
    void draw(const TextItem& t);
    void draw(const LineItem& l);
    void draw(const RectItem& r);
    void draw(const PathItem& p);
    void draw(const ImageItem& i);

    FontTable& fonts_;
    const std::vector<EmbeddedImage>& images_;
    const FontTable::Entry* font_ = nullptr;
    double size_ = -1;
    std::optional<Colour> fill_;
    GlyphRun scratch_;  // a held run with its space after it (TextItem::drawn)
    std::u32string wanted_;  // the text a run shows, decoded (its memory reused run to run)
};

// The area an item covers, for a Figure's /BBox.
void extend_box(ElementContent& c, std::size_t page, const Item& item);
std::string data_array(const std::vector<double>& values);
// A destination: the page, scrolled so that `top` is at the top of the window.
PoDoFo::PdfArray destination(const PoDoFo::PdfReference& page, double top);

}  // namespace tertial::pdf::emit_detail
