// The structure tree's objects as syntax (struct_syntax.hpp): the same
// bytes as append_syntax gives for PoDoFo dictionaries and arrays holding
// these values, without a PoDoFo object per element.
#include "struct_syntax.hpp"

namespace tertial::pdf::emit_detail {

namespace {

void put_text(std::string& out, std::string_view key, const std::optional<PoDoFo::PdfString>& text) {
    if (!text) return;
    out += key;
    append_syntax(out, PoDoFo::PdfVariant(*text));
    out += '\n';
}

}  // namespace

void KidsSyntax::added() { append_array_separator(text_, ++count_); }

void KidsSyntax::mcid(int mcid) {
    append_integer(text_, mcid);
    added();
}

// A dictionary with /Type, then its keys in byte order: /MCID or /Obj, then /Pg.
void KidsSyntax::mcr(std::uint32_t page, int mcid) {
    text_ += "<<\n/Type /MCR\n/MCID ";
    append_integer(text_, mcid);
    end_with_page(page);
}

void KidsSyntax::objr(std::uint32_t page, std::uint32_t annotation) {
    text_ += "<<\n/Type /OBJR\n/Obj ";
    append_reference(text_, annotation);
    end_with_page(page);
}

void KidsSyntax::end_with_page(std::uint32_t page) {
    text_ += "\n/Pg ";
    append_reference(text_, page);
    text_ += "\n>>";
    added();
}

void KidsSyntax::element(std::uint32_t number) {
    append_reference(text_, number);
    added();
}

void KidsSyntax::clear() {
    text_.clear();
    count_ = 0;
}

void KidsSyntax::append_to(std::string& out) const {
    if (count_ == 1) {
        out.append(text_, 0, text_.size() - 1);  // without its separator
        return;
    }
    out += "[ ";
    out += text_;
    out += ']';
}

// Keys in PdfName order (bytes): A, ActualText, Alt, K, Lang, P, Pg, S, T.
void append_struct_elem(std::string& out, const StructElemSyntax& e) {
    out += "<<\n/Type /StructElem\n";
    if (e.attributes && !e.attributes->empty()) {
        out += "/A ";
        if (e.attributes->size() == 1) append_syntax(out, (*e.attributes)[0]);
        else append_syntax(out, PoDoFo::PdfVariant(*e.attributes));
        out += '\n';
    }
    put_text(out, "/ActualText ", e.actual_text);
    put_text(out, "/Alt ", e.alt);
    if (e.kids && !e.kids->empty()) {
        out += "/K ";
        e.kids->append_to(out);
        out += '\n';
    }
    put_text(out, "/Lang ", e.lang);
    out += "/P ";
    append_reference(out, e.parent);
    out += '\n';
    if (e.page) {
        out += "/Pg ";
        append_reference(out, *e.page);
        out += '\n';
    }
    out += "/S ";
    append_name(out, e.role);
    out += '\n';
    put_text(out, "/T ", e.title);
    out += ">>";
}

void ParentTreeSyntax::key(std::size_t key) {
    append_integer(text_, static_cast<long long>(key));
    append_array_separator(text_, ++count_);
}

void ParentTreeSyntax::begin_array() {
    text_ += "[ ";
    array_count_ = 0;
}

void ParentTreeSyntax::array_element(std::uint32_t number) {
    append_reference(text_, number);
    append_array_separator(text_, ++array_count_);
}

void ParentTreeSyntax::end_array() {
    text_ += ']';
    append_array_separator(text_, ++count_);
}

void ParentTreeSyntax::element(std::uint32_t number) {
    append_reference(text_, number);
    append_array_separator(text_, ++count_);
}

std::string ParentTreeSyntax::finish() {
    std::string done = std::move(text_) + "]\n>>";
    text_ = "<<\n/Nums [ ";
    count_ = 0;
    return done;
}

}  // namespace tertial::pdf::emit_detail
