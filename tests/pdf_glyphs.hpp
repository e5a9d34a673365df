// Where every glyph of a page is drawn, read back from the content stream
// (Td, Tf, TJ/Tj with the font's /W widths and ToUnicode), grouped by the
// marked content (MCID) it is in: typesetting tests measure what a reader
// sees, not what the layout meant to draw. Only what Tertial's emitter
// writes is understood: text placed with Td inside BT/ET, never scaled (no
// Tm, no cm around text), two-byte glyph codes, Identity-H CID fonts.
#pragma once

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace tertial::test::glyphs {

struct Glyph {
    double x = 0, y = 0;  // the glyph's origin on the page, points
    double advance = 0;   // to the next glyph's origin as drawn (its width plus any TJ adjustment after it)
    char32_t ch = 0;      // from ToUnicode (0 when it maps to nothing)
    double size = 0;
    std::string font;     // the font resource's BaseFont
};

// (page index, MCID) -> the glyphs drawn in that marked content, in order.
using Marked = std::map<std::pair<int, int>, std::vector<Glyph>>;

struct FontInfo {
    std::string name;
    std::map<int, double> widths;      // glyph code -> width in 1/1000 em
    std::map<int, char32_t> unicode;   // glyph code -> its (first) character
    double default_width = 1000;
};

inline int hex_value(const std::string& h) { return static_cast<int>(std::stoul(h, nullptr, 16)); }

inline FontInfo read_font(QPDFObjectHandle font) {
    FontInfo f;
    f.name = font.getKey("/BaseFont").isName() ? font.getKey("/BaseFont").getName() : "";
    QPDFObjectHandle descendants = font.getKey("/DescendantFonts");
    if (descendants.isArray() && descendants.getArrayNItems() > 0) {
        QPDFObjectHandle cid = descendants.getArrayItem(0);
        if (cid.getKey("/DW").isNumber()) f.default_width = cid.getKey("/DW").getNumericValue();
        QPDFObjectHandle w = cid.getKey("/W");
        for (int i = 0; w.isArray() && i < w.getArrayNItems();) {
            int first = static_cast<int>(w.getArrayItem(i).getIntValue());
            QPDFObjectHandle next = w.getArrayItem(i + 1);
            if (next.isArray()) {
                for (int k = 0; k < next.getArrayNItems(); ++k) f.widths[first + k] = next.getArrayItem(k).getNumericValue();
                i += 2;
            } else {
                int last = static_cast<int>(next.getIntValue());
                for (int g = first; g <= last; ++g) f.widths[g] = w.getArrayItem(i + 2).getNumericValue();
                i += 3;
            }
        }
    }
    QPDFObjectHandle tu = font.getKey("/ToUnicode");
    if (tu.isStream()) {
        auto data = tu.getStreamData(qpdf_dl_generalized);
        std::string cmap(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
        // "<0012> <002C>" pairs of bfchar sections (the emitter writes no bfrange).
        static const std::regex pair("<([0-9A-Fa-f]{4})>\\s*<([0-9A-Fa-f]{4,})>");
        for (auto it = std::sregex_iterator(cmap.begin(), cmap.end(), pair); it != std::sregex_iterator(); ++it) {
            std::string utf16 = (*it)[2].str();
            char32_t cp = static_cast<char32_t>(hex_value(utf16.substr(0, 4)));
            if (cp >= 0xD800 && cp < 0xDC00 && utf16.size() >= 8)
                cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<char32_t>(hex_value(utf16.substr(4, 4))) - 0xDC00);
            f.unicode[hex_value((*it)[1].str())] = cp;
        }
    }
    return f;
}

class PageGlyphs : public QPDFObjectHandle::ParserCallbacks {
public:
    PageGlyphs(int page, QPDFObjectHandle resources, Marked& out) : page_(page), resources_(resources), out_(out) {}

    void handleObject(QPDFObjectHandle o) override {
        if (!o.isOperator()) {
            operands_.push_back(o);
            return;
        }
        const std::string op = o.getOperatorValue();
        if (op == "BDC" || op == "BMC") {
            std::optional<int> mcid;
            if (op == "BDC" && operands_.size() == 2 && operands_[1].isDictionary() && operands_[1].getKey("/MCID").isInteger())
                mcid = static_cast<int>(operands_[1].getKey("/MCID").getIntValue());
            marks_.push_back(mcid);
        } else if (op == "EMC") {
            if (!marks_.empty()) marks_.pop_back();
        } else if (op == "BT") {
            x_ = y_ = 0;
        } else if (op == "Tf" && operands_.size() == 2) {
            font_ = &font(operands_[0].getName());
            size_ = operands_[1].getNumericValue();
        } else if (op == "Td" && operands_.size() == 2) {
            x_ += operands_[0].getNumericValue();
            y_ += operands_[1].getNumericValue();
            pen_ = x_;
            last_ = nullptr;
        } else if (op == "Tj" && operands_.size() == 1) {
            show(operands_[0]);
        } else if (op == "TJ" && operands_.size() == 1 && operands_[0].isArray()) {
            for (int i = 0; i < operands_[0].getArrayNItems(); ++i) {
                QPDFObjectHandle e = operands_[0].getArrayItem(i);
                if (e.isNumber()) {
                    double shift = -e.getNumericValue() / 1000.0 * size_;
                    pen_ += shift;
                    if (last_) last_->advance += shift;
                } else {
                    show(e);
                }
            }
        }
        operands_.clear();
    }
    void handleEOF() override {}

private:
    const FontInfo& font(const std::string& resource) {
        auto it = fonts_.find(resource);
        if (it == fonts_.end()) it = fonts_.emplace(resource, read_font(resources_.getKey("/Font").getKey(resource))).first;
        return it->second;
    }

    void show(QPDFObjectHandle s) {
        if (!s.isString() || !font_) return;
        std::string bytes = s.getStringValue();
        std::optional<int> mcid;
        for (auto it = marks_.rbegin(); it != marks_.rend() && !mcid; ++it) mcid = *it;
        for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
            int code = (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
            auto w = font_->widths.find(code);
            double width = (w == font_->widths.end() ? font_->default_width : w->second) / 1000.0 * size_;
            auto u = font_->unicode.find(code);
            Glyph g{pen_, y_, width, u == font_->unicode.end() ? 0 : u->second, size_, font_->name};
            pen_ += width;
            if (mcid) {
                auto& list = out_[{page_, *mcid}];
                list.push_back(g);
                last_ = &list.back();
            } else {
                last_ = nullptr;
            }
        }
    }

    int page_;
    QPDFObjectHandle resources_;
    Marked& out_;
    std::map<std::string, FontInfo> fonts_;
    std::vector<QPDFObjectHandle> operands_;
    std::vector<std::optional<int>> marks_;
    const FontInfo* font_ = nullptr;
    double size_ = 0, x_ = 0, y_ = 0, pen_ = 0;
    Glyph* last_ = nullptr;  // the glyph a TJ adjustment after it moves the next one from
};

// Every page's tagged glyphs.
inline Marked read(QPDF& pdf) {
    Marked out;
    auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
    for (std::size_t i = 0; i < pages.size(); ++i) {
        PageGlyphs reader(static_cast<int>(i), pages[i].getObjectHandle().getKey("/Resources"), out);
        pages[i].parseContents(&reader);
    }
    return out;
}

}  // namespace tertial::test::glyphs
