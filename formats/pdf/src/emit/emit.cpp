// emit_pdf(): the laid-out Document as tagged PDF/A-3 through PoDoFo 0.9.8.
// Content streams are written by hand (kerned TJ with glyph ids, marked
// content per structure element), and so are the structure tree's
// elements and parent tree (struct_syntax.hpp); the outline, metadata,
// output intent and associated files are built as objects, in a fixed
// order, so the same Document always gives the same bytes.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <stdexcept>

#include "emit_content.hpp"
#include "emit_module.hpp"
#include "page_drafts.hpp"
#include "struct_syntax.hpp"

namespace tertial::pdf {
namespace {

using namespace PoDoFo;
using namespace emit_detail;

class Emitter {
public:
    // With `own` (the same document, given to be consumed), what has been
    // written is freed as the file is made: a page's content once its
    // stream is, the structure once its objects are, an attachment once
    // compressed (2 000 sections: heap peak 83.7 -> 58.8 MB).
    Emitter(const Document& d, const EmitOptions& o, Document* own = nullptr) : d_(d), own_(own), o_(o) {
        creating_.unlock();
    }

    std::string run() {
        doc_.SetPdfVersion(ePdfVersion_1_7);
        doc_.SetWriteMode(ePdfWriteMode_Clean);
        if (d_.pages.empty()) throw std::invalid_argument("a PDF needs at least one page");
        reachable_ = check_document(d_);
        GlyphRun scratch;
        for (const Page& page : d_.pages)
            for (const ContentGroup& g : page.content)
                for (const Item& it : g.items)
                    if (const auto* t = std::get_if<TextItem>(&it)) fonts_.scan(t->drawn(scratch));
        fonts_.create(doc_);
        for (const Image& image : d_.images) images_.push_back(embed_image(doc_, image));
        {
            // Each page's stream is drawn and compressed apart (page_drafts.cpp),
            // ahead on a second thread when the caller has a core to spare,
            // beginning while this one cuts the fonts; its objects are made in
            // pages(), in page order.
            PageDrafts drafts(d_, fonts_, images_, o_.page_helper);
            fonts_.cut();
            pages(drafts);
        }
        if (own_) std::vector<std::shared_ptr<const void>>().swap(own_->keep);  // what the drawn lines pointed into
        acro_form();
        structure();
        std::vector<std::vector<std::size_t>>().swap(parent_tree_pages_);
        if (own_) std::deque<StructElement>().swap(own_->structure);
        outline();
        metadata();
        output_intent();
        attachments();
        catalog();
        doc_.EmbedSubsetFonts();
        fonts_.finish(doc_);

        return write_file(doc_, std::move(written_));
    }

private:
    void pages(PageDrafts& drafts) {
        content_.resize(d_.structure.size());
        for (const Page& page : d_.pages) {
            if (!(page.width > 0) || !(page.height > 0)) throw std::invalid_argument("a page has no size");
            // The page objects are made here and the page tree below, not
            // with PoDoFo's CreatePage: 0.9.8 walks and copies the whole
            // /Kids array for every page it adds, quadratic in the pages.
            PdfObject* p = doc_.GetObjects().CreateObject("Page");
            p->GetDictionary().AddKey("MediaBox", raw(data_array({0, 0, page.width, page.height})));
            page_refs_.push_back(p->Reference());
            page_objects_.push_back(p);
        }
        build_page_tree(doc_, page_objects_);
        for (std::size_t pi = 0; pi < d_.pages.size(); ++pi) {
            const Page& page = d_.pages[pi];
            PdfObject* p = page_objects_[pi];
            PageDraft draft = drafts.take(pi);
            for (std::size_t mcid = 0; mcid < draft.mcid_elements.size(); ++mcid)
                content_[draft.mcid_elements[mcid]].pieces.push_back({{pi, mcid}, static_cast<int>(mcid), {}});
            for (const ContentGroup& g : page.content)
                if (g.element && role(*g.element) == "Figure")
                    for (const Item& it : g.items) extend_box(content_[*g.element], pi, it);

            PdfObject* contents = doc_.GetObjects().CreateObject();
            set_packed(*contents, draft.packed);

            PdfDictionary& dict = p->GetDictionary();
            dict.AddKey("Contents", contents->Reference());
            dict.AddKey("Resources", page_resources(draft.fonts, draft.images, images_));
            dict.AddKey("Tabs", PdfName("S"));
            if (!d_.structure.empty()) {
                dict.AddKey("StructParents", PdfVariant(static_cast<pdf_int64>(pi)));
                parent_tree_pages_.push_back(std::move(draft.mcid_elements));
            }
            annotations(pi);
            if (own_) std::vector<ContentGroup>().swap(own_->pages[pi].content);
        }
    }

    // The page's annotations: links, then signature fields, each in its
    // structure element (OBJR) when it has one.
    void annotations(std::size_t pi) {
        const Page& page = d_.pages[pi];
        PdfArray annots;
        std::size_t index = 0;
        for (const LinkAnnotation& l : page.links) {
            PdfObject* a = doc_.GetObjects().CreateObject("Annot");
            PdfDictionary& dict = a->GetDictionary();
            dict.AddKey("Subtype", PdfName("Link"));
            dict.AddKey("Rect", raw(data_array({l.x, l.y, l.x + l.w, l.y + l.h})));
            dict.AddKey("F", PdfVariant(static_cast<pdf_int64>(4)));  // Print, as PDF/A requires
            dict.AddKey("Border", raw("[0 0 0]"));
            if (!l.uri.empty()) {
                PdfDictionary action;
                action.AddKey("S", PdfName("URI"));
                action.AddKey("URI", PdfString(l.uri));
                dict.AddKey("A", action);
            } else {
                dict.AddKey("Dest", destination(page_refs_[l.target_page], l.target_y));
            }
            if (!l.description.empty()) dict.AddKey("Contents", text_string(l.description));
            tag_annotation(a, l.element, pi, index);
            annots.push_back(a->Reference());
            ++index;
        }
        for (const SignatureField& f : d_.signature_fields) {
            if (f.page != pi) continue;
            PdfObject* field = signature_field(f);
            tag_annotation(field, f.element, pi, index);
            annots.push_back(field->Reference());
            ++index;
        }
        if (!annots.empty()) page_objects_[pi]->GetDictionary().AddKey("Annots", annots);
    }

    void tag_annotation(PdfObject* annotation, const std::optional<std::size_t>& element, std::size_t pi, std::size_t index) {
        if (!element || d_.structure.empty()) return;
        std::size_t key = d_.pages.size() + annotation_elements_.size();
        annotation->GetDictionary().AddKey("StructParent", PdfVariant(static_cast<pdf_int64>(key)));
        annotation_elements_.push_back(*element);
        content_[*element].pieces.push_back({{pi, annotation_order + index}, -1, annotation->Reference().ObjectNumber()});
    }

    // An empty signature field merged with its widget: printable, with an
    // empty appearance (PDF/A wants one for every widget), filled later by
    // an incremental update that sets /V and a new /AP.
    PdfObject* signature_field(const SignatureField& f) {
        PdfObject* appearance = doc_.GetObjects().CreateObject("XObject");
        PdfDictionary& ad = appearance->GetDictionary();
        ad.AddKey("Subtype", PdfName("Form"));
        ad.AddKey("BBox", raw(data_array({0, 0, f.w, f.h})));
        ad.AddKey("Resources", PdfDictionary());
        PdfMemoryInputStream empty("", 0);
        appearance->GetStream()->Set(&empty, TVecFilters());

        PdfObject* field = doc_.GetObjects().CreateObject("Annot");
        PdfDictionary& dict = field->GetDictionary();
        dict.AddKey("Subtype", PdfName("Widget"));
        dict.AddKey("FT", PdfName("Sig"));
        dict.AddKey("T", text_string(f.name));
        if (!f.description.empty()) dict.AddKey("TU", text_string(f.description));
        dict.AddKey("Rect", raw(data_array({f.x, f.y, f.x + f.w, f.y + f.h})));
        dict.AddKey("F", PdfVariant(static_cast<pdf_int64>(4)));  // Print, as PDF/A requires
        dict.AddKey("P", page_refs_[f.page]);
        PdfDictionary ap;
        ap.AddKey("N", appearance->Reference());
        dict.AddKey("AP", ap);
        fields_.push_back(field->Reference());
        return field;
    }

    // /SigFlags 1 (SignaturesExist: the document has signature fields);
    // signing adds AppendOnly.
    void acro_form() {
        if (fields_.empty()) return;
        PdfObject* form = doc_.GetObjects().CreateObject();
        form->GetDictionary().AddKey("Fields", fields_);
        form->GetDictionary().AddKey("SigFlags", PdfVariant(static_cast<pdf_int64>(1)));
        catalog_.AddKey("AcroForm", form->Reference());
    }

    const std::string& role(std::size_t e) const { return d_.structure[e].role; }

    // The first position of any content in each element's subtree
    // (`nowhere` when it has none), children before their parents.
    void first_positions() {
        const auto& s = d_.structure;
        first_.assign(s.size(), nowhere);
        std::vector<std::pair<std::size_t, bool>> stack{{0, false}};  // element, its children done
        while (!stack.empty()) {
            auto [e, children_done] = stack.back();
            stack.pop_back();
            if (!children_done) {
                stack.push_back({e, true});
                for (std::size_t c : s[e].children) stack.push_back({c, false});
                continue;
            }
            Position best = nowhere;
            for (const auto& piece : content_[e].pieces) best = std::min(best, piece.position);
            for (std::size_t c : s[e].children) best = std::min(best, first_[c]);
            first_[e] = best;
        }
    }

    // The tree's elements and parent tree are written as syntax, not made as
    // PoDoFo objects (a long table's cells, and the parent tree's arrays of
    // references, took some 13 MB of PoDoFo's objects at 10 000 rows), with
    // the numbers PoDoFo would have given them: the reachable elements in
    // order, then the parent tree.
    void structure() {
        const auto& s = d_.structure;
        if (s.empty()) return;
        PdfObject* root = doc_.GetObjects().CreateObject("StructTreeRoot");
        auto count = static_cast<std::size_t>(std::count(reachable_.begin(), reachable_.end(), true));
        std::uint32_t next = reserve_object_numbers(doc_.GetObjects(), count + 1);
        std::vector<std::uint32_t> numbers(s.size(), 0);  // 0: not in the tree
        for (std::size_t e = 0; e < s.size(); ++e)
            if (reachable_[e]) numbers[e] = next++;
        const std::uint32_t parent_tree = next;

        first_positions();
        written_.reserve(count + 1);
        std::string syntax;
        KidsSyntax kids;
        for (std::size_t e = 0; e < s.size(); ++e) {
            if (!numbers[e]) continue;
            syntax.clear();
            element_syntax(e, numbers, root->Reference().ObjectNumber(), kids, syntax);
            written_.add(numbers[e], syntax);
            // Read by no one once the element is written (first_ holds
            // what its parent needs).
            std::vector<ElementContent::Piece>().swap(content_[e].pieces);
            if (own_) own_->structure[e] = StructElement();
        }
        std::vector<ElementContent>().swap(content_);
        std::vector<Position>().swap(first_);
        written_.add(parent_tree, parent_tree_syntax(numbers));

        PdfDictionary& r = root->GetDictionary();
        r.AddKey("K", PdfReference(numbers[0], 0));
        r.AddKey("ParentTree", PdfReference(parent_tree, 0));
        r.AddKey("ParentTreeNextKey", PdfVariant(static_cast<pdf_int64>(d_.pages.size() + annotation_elements_.size())));
        catalog_.AddKey("StructTreeRoot", root->Reference());
        catalog_.AddKey("MarkInfo", marked());
    }

    // Element e's dictionary (struct_syntax.hpp) into `out`.
    void element_syntax(std::size_t e, const std::vector<std::uint32_t>& numbers, std::uint32_t root, KidsSyntax& kids,
                        std::string& out) {
        const StructElement& el = d_.structure[e];
        if (el.role.empty()) throw std::invalid_argument("structure element " + std::to_string(e) + " has no role");
        StructElemSyntax x;
        x.role = el.role;
        x.parent = el.parent ? numbers[*el.parent] : root;
        if (el.alt) x.alt = text_string(*el.alt);
        if (el.title) x.title = text_string(*el.title);
        if (el.lang) x.lang = text_string(*el.lang);
        if (el.actual_text) x.actual_text = text_string(*el.actual_text);

        PdfArray attributes;
        if (el.scope || el.col_span > 1) {
            PdfDictionary a;
            a.AddKey("O", PdfName("Table"));
            if (el.scope) a.AddKey("Scope", PdfName(*el.scope));
            if (el.col_span > 1) a.AddKey("ColSpan", PdfVariant(static_cast<pdf_int64>(el.col_span)));
            attributes.push_back(a);
        }
        ElementContent& c = content_[e];
        if (el.role == "Figure" && c.has_box) {
            PdfDictionary a;
            a.AddKey("O", PdfName("Layout"));
            a.AddKey("BBox", raw(data_array({c.x0, c.y0, c.x1, c.y1})));
            attributes.push_back(a);
        }
        x.attributes = &attributes;

        // /K: the children in their order, with the element's own
        // content merged in by position in the page sequence.
        auto& pieces = c.pieces;
        std::stable_sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
        std::optional<std::size_t> own_page;
        if (!pieces.empty()) {
            own_page = pieces.front().position.first;
            x.page = page_refs_[*own_page].ObjectNumber();
        }
        kids.clear();
        std::size_t next = 0;
        auto piece = [&](const ElementContent::Piece& p) {
            std::size_t page = p.position.first;
            if (p.mcid >= 0 && page == own_page) kids.mcid(p.mcid);
            else if (p.mcid >= 0) kids.mcr(page_refs_[page].ObjectNumber(), p.mcid);
            else kids.objr(page_refs_[page].ObjectNumber(), p.annotation);
        };
        for (std::size_t child : el.children) {
            if (first_[child] != nowhere)
                while (next < pieces.size() && pieces[next].position < first_[child]) piece(pieces[next++]);
            kids.element(numbers[child]);
        }
        while (next < pieces.size()) piece(pieces[next++]);
        x.kids = &kids;
        append_struct_elem(out, x);
    }

    // /Nums: each page's elements by MCID, then each annotation's element;
    // a page's list freed once written.
    std::string parent_tree_syntax(const std::vector<std::uint32_t>& numbers) {
        ParentTreeSyntax tree;
        for (std::size_t pi = 0; pi < parent_tree_pages_.size(); ++pi) {
            tree.key(pi);
            tree.begin_array();
            for (std::size_t e : parent_tree_pages_[pi]) tree.array_element(numbers[e]);
            tree.end_array();
            std::vector<std::size_t>().swap(parent_tree_pages_[pi]);
        }
        for (std::size_t k = 0; k < annotation_elements_.size(); ++k) {
            tree.key(d_.pages.size() + k);
            tree.element(numbers[annotation_elements_[k]]);
        }
        return tree.finish();
    }

    static PdfDictionary marked() {
        PdfDictionary m;
        m.AddKey("Marked", PdfVariant(true));
        return m;
    }

    // Bookmarks; every item with sub-items starts closed, so the panel
    // opens on the list of main headings.
    void outline() {
        if (d_.outline.empty()) return;
        PdfObject* root = doc_.GetObjects().CreateObject("Outlines");
        auto [first, last] = outline_items(d_.outline, root->Reference());
        root->GetDictionary().AddKey("First", first);
        root->GetDictionary().AddKey("Last", last);
        root->GetDictionary().AddKey("Count", PdfVariant(static_cast<pdf_int64>(d_.outline.size())));
        catalog_.AddKey("Outlines", root->Reference());
        catalog_.AddKey("PageMode", PdfName("UseOutlines"));
    }

    std::pair<PdfReference, PdfReference> outline_items(const std::vector<Outline>& items, const PdfReference& parent) {
        std::vector<PdfObject*> objects;
        for (std::size_t i = 0; i < items.size(); ++i) objects.push_back(doc_.GetObjects().CreateObject());
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Outline& o = items[i];
            if (o.page >= d_.pages.size())
                throw std::invalid_argument("bookmark '" + o.title + "' goes to page " + std::to_string(o.page + 1) +
                                            ", which does not exist");
            PdfDictionary& dict = objects[i]->GetDictionary();
            dict.AddKey("Title", text_string(o.title));
            dict.AddKey("Parent", parent);
            if (i > 0) dict.AddKey("Prev", objects[i - 1]->Reference());
            if (i + 1 < items.size()) dict.AddKey("Next", objects[i + 1]->Reference());
            dict.AddKey("Dest", destination(page_refs_[o.page], o.y));
            if (!o.children.empty()) {
                auto [first, last] = outline_items(o.children, objects[i]->Reference());
                dict.AddKey("First", first);
                dict.AddKey("Last", last);
                dict.AddKey("Count", PdfVariant(-static_cast<pdf_int64>(o.children.size())));
            }
        }
        return {objects.front()->Reference(), objects.back()->Reference()};
    }

    // Info and XMP, equal; the report's date, never the clock.
    void metadata() {
        const Metadata& m = d_.metadata;
        if (!m.date.empty()) dates_ = parse_date(m.date);
        PdfDictionary& info = doc_.GetInfo()->GetObject()->GetDictionary();
        info.Clear();
        auto put = [&](const char* key, const std::string& value) {
            if (!value.empty()) info.AddKey(key, text_string(value));
        };
        put("Title", m.title);
        put("Author", m.author);
        put("Subject", m.subject);
        put("Keywords", m.keywords);
        put("Creator", m.creator);
        put("Producer", m.producer);
        if (dates_) {
            info.AddKey("CreationDate", PdfString(dates_->pdf));
            info.AddKey("ModDate", PdfString(dates_->pdf));
        }
        // PoDoFo's /ID is the MD5 of the Info dictionary: this makes it
        // differ between reports whose other Info entries are equal.
        put("TertialDocumentID", m.document_id);

        std::string xmp = xmp_packet(m, dates_);
        PdfObject* meta = doc_.GetObjects().CreateObject("Metadata");
        meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
        PdfMemoryInputStream stream(xmp.data(), static_cast<pdf_long>(xmp.size()));
        meta->GetStream()->Set(&stream, TVecFilters());  // unfiltered, so any tool can find it
        catalog_.AddKey("Metadata", meta->Reference());
    }

    void output_intent() {
        std::ifstream in(o_.icc_profile_path, std::ios::binary);
        std::string icc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) icc.clear();
        if (icc.size() < 128)
            throw std::runtime_error("cannot read the ICC profile " + o_.icc_profile_path +
                                     " (Debian: apt-get install icc-profiles-free)");
        PdfObject* profile = doc_.GetObjects().CreateObject();
        profile->GetDictionary().AddKey("N", PdfVariant(static_cast<pdf_int64>(3)));
        set_deflated(*profile, icc);
        PdfDictionary intent;
        intent.AddKey("Type", PdfName("OutputIntent"));
        intent.AddKey("S", PdfName("GTS_PDFA1"));
        intent.AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("Info", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("RegistryName", PdfString("http://www.color.org"));
        intent.AddKey("DestOutputProfile", profile->Reference());
        PdfArray intents;
        intents.push_back(intent);
        catalog_.AddKey("OutputIntents", intents);
    }

    // Associated files (PDF/A-3): a Filespec with AFRelationship, the
    // stream with its MIME type, date, size and checksum; listed in the
    // catalog's /AF and in the EmbeddedFiles name tree.
    void attachments() {
        if (d_.attachments.empty()) return;
        PdfArray af;
        std::map<std::string, PdfReference> names;  // by the key's bytes, as a name tree wants
        for (const Attachment& a : d_.attachments) {
            if (a.name.empty()) throw std::invalid_argument("an attachment has no name");
            PdfString key = text_string(a.name);
            std::string key_bytes = key.IsUnicode() ? "\xFE\xFF" + utf16be_hex(decode_utf8(a.name)) : a.name;

            PdfObject* file = doc_.GetObjects().CreateObject("EmbeddedFile");
            PdfDictionary& fd = file->GetDictionary();
            fd.AddKey("Subtype", PdfName(a.mime_type.empty() ? "application/octet-stream" : a.mime_type));
            PdfDictionary params;
            params.AddKey("Size", PdfVariant(static_cast<pdf_int64>(a.packed ? a.packed->size : a.data.size())));
            auto sum = a.packed ? a.packed->md5 : md5(a.data);
            params.AddKey("CheckSum", PdfString(reinterpret_cast<const char*>(sum.data()), 16, true));
            if (dates_) params.AddKey("ModDate", PdfString(dates_->pdf));
            fd.AddKey("Params", params);
            if (a.packed) set_packed(*file, a.data);
            else set_deflated(*file, a.data);

            PdfObject* spec = doc_.GetObjects().CreateObject("Filespec");
            PdfDictionary& sd = spec->GetDictionary();
            sd.AddKey("F", key);
            sd.AddKey("UF", key);
            if (!a.description.empty()) sd.AddKey("Desc", text_string(a.description));
            sd.AddKey("AFRelationship", PdfName(a.relationship.empty() ? "Unspecified" : a.relationship));
            PdfDictionary ef;
            ef.AddKey("F", file->Reference());
            ef.AddKey("UF", file->Reference());
            sd.AddKey("EF", ef);

            if (!names.emplace(key_bytes, spec->Reference()).second)
                throw std::invalid_argument("two attachments are called '" + a.name + "'");
            af.push_back(spec->Reference());
        }
        if (own_)
            for (Attachment& a : own_->attachments) std::string().swap(a.data);
        PdfArray tree;
        for (const auto& [key_bytes, ref] : names) {
            const PdfObject* spec = doc_.GetObjects().GetObject(ref);
            tree.push_back(*spec->GetDictionary().GetKey("UF"));
            tree.push_back(ref);
        }
        PdfDictionary embedded;
        embedded.AddKey("Names", tree);
        PdfObject* name_dictionary = doc_.GetObjects().CreateObject();
        name_dictionary->GetDictionary().AddKey("EmbeddedFiles", embedded);
        catalog_.AddKey("Names", name_dictionary->Reference());
        catalog_.AddKey("AF", af);
    }

    void catalog() {
        if (!d_.metadata.language.empty()) catalog_.AddKey("Lang", text_string(d_.metadata.language));
        if (!d_.page_labels.empty()) {
            // The page numbers as printed ("Sida 1(13)" is labelled 1).
            PdfArray nums;
            for (const PageLabel& l : d_.page_labels) {
                if (l.first_page >= d_.pages.size())
                    throw std::invalid_argument("a page label starts on page " + std::to_string(l.first_page + 1) +
                                                ", which does not exist");
                PdfDictionary label;
                label.AddKey("S", PdfName("D"));
                if (!l.prefix.empty()) label.AddKey("P", text_string(l.prefix));
                if (l.start != 1) label.AddKey("St", PdfVariant(static_cast<pdf_int64>(l.start)));
                nums.push_back(PdfVariant(static_cast<pdf_int64>(l.first_page)));
                nums.push_back(label);
            }
            PdfDictionary labels;
            labels.AddKey("Nums", nums);
            catalog_.AddKey("PageLabels", labels);
        }
        PdfDictionary viewer;
        viewer.AddKey("DisplayDocTitle", PdfVariant(true));
        catalog_.AddKey("ViewerPreferences", viewer);
        PdfDictionary& c = doc_.GetCatalog()->GetDictionary();
        for (const auto& [key, value] : catalog_.GetKeys()) c.AddKey(key, *value);
    }

    const Document& d_;
    Document* own_;  // d_, to be consumed; or none
    const EmitOptions& o_;
    std::unique_lock<std::mutex> creating_ = document_creation();  // held while doc_ is made
    PdfMemDocument doc_;
    FontTable fonts_;
    std::vector<EmbeddedImage> images_;  // by index in Document::images
    std::vector<bool> reachable_;
    WrittenObjects written_;  // the structure elements and parent tree, written as they are made
    std::vector<PdfReference> page_refs_;
    std::vector<PdfObject*> page_objects_;
    std::vector<ElementContent> content_;
    std::vector<std::vector<std::size_t>> parent_tree_pages_;  // per page: element by MCID
    std::vector<std::size_t> annotation_elements_;             // per annotation StructParent
    PdfArray fields_;                                          // the AcroForm's fields
    std::vector<Position> first_;  // by element, while the structure is written (first_positions)
    std::optional<Dates> dates_;
    PdfDictionary catalog_;  // entries added to the catalog at the end
};

}  // namespace

namespace {

std::string emit(const Document& document, const EmitOptions& options, Document* own) {
    prepare_libraries();
    try {
        Emitter emitter(document, options, own);
        return emitter.run();
    } catch (const PdfError& e) {
        const char* name = PdfError::ErrorName(e.GetError());
        const char* message = PdfError::ErrorMessage(e.GetError());
        throw std::runtime_error(std::string("PDF output failed in PoDoFo: ") + (name ? name : "unknown error") +
                                 (message ? std::string(" (") + message + ")" : std::string()));
    }
}

}  // namespace

std::string emit_detail::module_emit_pdf(const Document& document, const EmitOptions& options) {
    return emit(document, options, nullptr);
}

std::string emit_detail::module_emit_pdf(Document&& document, const EmitOptions& options) {
    return emit(document, options, &document);
}

}  // namespace tertial::pdf
