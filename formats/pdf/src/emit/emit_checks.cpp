// The emitter's checks of a laid-out Document, before anything of it is
// written: a structure tree that is a tree, content and links in elements
// of it, signature fields that can be made. Each failure is an
// std::invalid_argument that says where.
#include <set>
#include <stdexcept>
#include <string>

#include "emit_impl.hpp"

namespace tertial::pdf::emit_detail {
namespace {

// The tree must be a tree: every element reached once from the root,
// children naming their parent, content only in reachable elements.
void check_structure(const Document& d, std::vector<bool>& reachable) {
    const auto& s = d.structure;
    reachable.assign(s.size(), false);
    auto in_range = [&](std::size_t e, const std::string& what) {
        if (e >= s.size())
            throw std::invalid_argument(what + " names structure element " + std::to_string(e) + ", but there are " +
                                        std::to_string(s.size()));
    };
    if (!s.empty()) {
        if (s[0].parent) throw std::invalid_argument("structure element 0 (the root) has a parent");
        std::vector<std::size_t> stack{0};
        reachable[0] = true;
        while (!stack.empty()) {
            std::size_t e = stack.back();
            stack.pop_back();
            for (std::size_t c : s[e].children) {
                in_range(c, "structure element " + std::to_string(e));
                if (s[c].parent != e)
                    throw std::invalid_argument("structure element " + std::to_string(c) + " is a child of " +
                                                std::to_string(e) + " but does not name it as its parent");
                if (reachable[c])
                    throw std::invalid_argument("structure element " + std::to_string(c) + " is in the tree twice");
                reachable[c] = true;
                stack.push_back(c);
            }
        }
    }
    for (std::size_t p = 0; p < d.pages.size(); ++p) {
        std::string where = "page " + std::to_string(p + 1);
        for (const ContentGroup& g : d.pages[p].content)
            if (g.element) {
                in_range(*g.element, "content on " + where);
                if (!reachable[*g.element])
                    throw std::invalid_argument("content on " + where + " is in structure element " +
                                                std::to_string(*g.element) + ", which is not in the tree");
            }
        for (const LinkAnnotation& l : d.pages[p].links) {
            if (l.element) in_range(*l.element, "a link on " + where);
            if (l.element && !reachable[*l.element])
                throw std::invalid_argument("a link on " + where + " is in a structure element not in the tree");
            if (l.target_page >= d.pages.size())
                throw std::invalid_argument("a link on " + where + " goes to page " +
                                            std::to_string(l.target_page + 1) + ", which does not exist");
        }
    }
}

void check_signature_fields(const Document& d, const std::vector<bool>& reachable) {
    std::set<std::string> names;
    for (const SignatureField& f : d.signature_fields) {
        if (f.name.empty()) throw std::invalid_argument("a signature field has no name");
        if (!names.insert(f.name).second)
            throw std::invalid_argument("two signature fields are called '" + f.name + "'");
        if (f.page >= d.pages.size())
            throw std::invalid_argument("signature field '" + f.name + "' is on page " + std::to_string(f.page + 1) +
                                        ", which does not exist");
        if (!(f.w > 0) || !(f.h > 0)) throw std::invalid_argument("signature field '" + f.name + "' has no size");
        if (f.element) {
            if (*f.element >= d.structure.size() || !reachable[*f.element])
                throw std::invalid_argument("signature field '" + f.name + "' names structure element " +
                                            std::to_string(*f.element) + ", which is not in the tree");
        }
    }
}

}  // namespace

std::vector<bool> check_document(const Document& d) {
    std::vector<bool> reachable;
    check_structure(d, reachable);
    check_signature_fields(d, reachable);
    return reachable;
}

}  // namespace tertial::pdf::emit_detail
