// Every page's header and footer, drawn once the pages are known: the
// house style's texts filled in, the left one shortened with "…" to its
// room, the letterhead's logo, a draft's mark.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "layout_engine.hpp"
#include "tertial/todo.hpp"

namespace tertial::pdf {

// Whether `text` is wider than `room`. A text far too long (a 10 000-
// character title, in every page's header) is not shaped whole to learn
// it: 2 MB of glyphs. Its start is measured a piece at a time (pieces of
// some 256 bytes, each up to a space), until the pieces pass the room by
// more than the kerning across their joins could give back (2 em a join);
// a text that may fit is measured whole, as before.
bool Layouter::wider_than(const std::string& text, const TextStyle& st, double room) {
    constexpr std::size_t piece = 256;
    double sum = 0;
    std::size_t joins = 0;
    for (std::size_t from = 0; text.size() - from > 2 * piece;) {
        const std::size_t space = text.find(' ', from + piece);
        if (space == std::string::npos) break;
        sum += text_width(text.substr(from, space - from), st, Figures::text, false);
        from = space;  // the space begins the next piece
        if (sum > room + 2 * st.size * static_cast<double>(++joins)) return true;
    }
    return text_width(text, st) > room;
}

// The longest start of `text`, in whole characters, that fits `room` with
// "…" after it (just "…" if none does). A title of 10 000 characters fits
// with about a hundred: the length is found by doubling and then halving,
// shaping about 2 log2(100) candidates instead of one per character cut.
std::string Layouter::shorten_to(const std::string& text, const TextStyle& st, double room) {
    std::vector<std::size_t> ends{0};  // byte offsets where a character ends; ends[k]: k characters
    for (std::size_t b = 1; b <= text.size(); ++b)
        if (b == text.size() || (static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) ends.push_back(b);
    auto fits = [&](std::size_t k) { return text_width(text.substr(0, ends[k]) + "…", st) <= room; };
    const std::size_t n = ends.size() - 1;
    std::size_t good = 0, bad = 1;  // fits(good) or good == 0; bad > n or !fits(bad)
    while (bad <= n && fits(bad)) {
        good = bad;
        bad = std::min(2 * bad, n + 1);
    }
    while (bad - good > 1) {
        std::size_t mid = good + (bad - good) / 2;
        (fits(mid) ? good : bad) = mid;
    }
    return text.substr(0, ends[good]) + "…";
}

// ---- headers and footers ---------------------------------------------------------------

// The document's date as printed; a draft may not have one yet.
std::string date_text(const Meta& m) { return m.date.year ? m.date.to_string() : "ej satt"; }

std::string Layouter::fill(const std::string& pattern, std::size_t page, std::size_t pages) const {
    const Meta& m = in_.report.meta;
    std::string out = pattern;
    auto put = [&](std::string_view key, const std::string& value) {
        for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
            out.replace(at, key.size(), value);
    };
    put("{administration}", m.administration.value_or(m.committee.name));
    put("{committee}", m.committee.name);
    put("{municipality}", m.municipality.name);
    put("{title}", m.title);
    put("{date}", date_text(m));
    put("{page}", std::to_string(page));
    put("{pages}", std::to_string(pages));
    return out;
}

// The house style's logo at the left of the letterhead, on the header's
// baseline, at most 30 pt high and 120 pt wide (its proportions kept): an
// artifact, the one image drawn on every page. Returns how far the header's
// left-hand text moves right to make room for it.
double Layouter::letterhead_logo(double header_y) {
    if (!in_.resources.logo()) return 0;
    const ImageInfo& info = in_.resources.logo_info();
    double scale = std::min(letterhead_logo_height / info.height, letterhead_logo_width / info.width);
    double w = info.width * scale, h = info.height * scale;
    add_item(std::nullopt, ImageItem{0, margin_left, header_y - 2, w, h});
    return w + 10;
}

// Headers, footers and the rule under the header are artifacts: a screen
// reader skips them. Each part numbers its own pages ("Sida 2(3)"). A
// report with open items (figures to fill in, texts to review) is a draft:
// every page says "UTKAST" in black above the header, readable in black and
// white and in the extracted text.
void Layouter::headers_and_footers() {
    measure_cap_ = 0;  // the letterhead spans a landscape page's width
    const HouseStyle& hs = in_.style;
    const bool draft = has_open_items(in_.report);
    TextStyle draft_mark = styles_.bold;
    draft_mark.size = 14;
    draft_mark.colour = Colour{0, 0, 0};
    // Each part's last page, found once (not per page: a part can have thousands).
    std::vector<std::size_t> last_of_part(pages_.size());
    for (std::size_t i = pages_.size(); i-- > 0;)
        last_of_part[i] = i + 1 < pages_.size() && page_parts_[i + 1].second == page_parts_[i].second ? last_of_part[i + 1] : i;
    // A left-hand text and its room give the same shortening on every page.
    std::map<std::pair<std::string, double>, std::string> shortened;
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        auto [kind, first] = page_parts_[i];
        std::size_t last = last_of_part[i];
        std::size_t page = i - first + 1, pages = last - first + 1;
        // Artifacts first in the content stream: they are not in the reading order.
        std::vector<ContentGroup> saved = std::move(pages_[i].content);
        pages_[i].content.clear();
        page_override_ = i;
        const TextStyle& st = styles_.header;
        double header_y = page_height() - 48, footer_y = 40;
        // The right-hand text (date, page number) is placed whole; the left
        // one gets the rest of the line, shortened with "…" if need be.
        double inset = letterhead_logo(header_y);
        auto put = [&](const std::string& left_pattern, const std::string& right_pattern, double y, double indent) {
            std::string right = fill(right_pattern, page, pages), left = fill(left_pattern, page, pages);
            double right_w = 0;
            if (!right.empty()) {
                auto line = wrap(right, st, content_width()).front();
                right_w = line.width;
                place_line(std::nullopt, line, page_width() - margin_right - right_w, y, st.colour);
            }
            if (left.empty()) return;
            double room = content_width() - right_w - 24 - indent;
            auto [known, fresh] = shortened.try_emplace({left, room});
            if (fresh) known->second = wider_than(left, st, room) ? shorten_to(left, st, room) : left;
            left = known->second;
            place_line(std::nullopt, wrap(left, st, content_width()).front(), margin_left + indent, y, st.colour);
        };
        put(hs.header_left, hs.header_right, header_y, inset);
        put(hs.footer_left, hs.footer_right, footer_y, 0);
        if (draft) {
            auto line = wrap("UTKAST", draft_mark, content_width()).front();
            place_line(std::nullopt, line, (page_width() - line.width) / 2, page_height() - 30, draft_mark.colour);
        }
        add_item(std::nullopt, LineItem{margin_left, header_y - 6, page_width() - margin_right, header_y - 6, 0.6, styles_.accent, {}});
        page_override_.reset();
        for (auto& g : saved) pages_[i].content.push_back(std::move(g));
    }
}

}  // namespace tertial::pdf
