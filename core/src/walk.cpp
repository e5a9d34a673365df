// Walking the block tree; the single place that knows where blocks live.
#include "tertial/walk.hpp"

#include "tertial/diagnostics.hpp"

namespace tertial {
namespace {

using BlockVisitor = std::function<void(const Block&, const std::string&)>;

// Const and mutable walks share one body: BlocksT is `const Blocks` or `Blocks`.
template <class BlocksT, class Visit>
void walk_blocks(BlocksT& blocks, const std::string& pointer, const Visit& visit) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        std::string p = pointer_join(pointer, i);
        visit(blocks[i], p);
        if (auto* s = std::get_if<Section>(&blocks[i].content)) walk_blocks(s->body, pointer_join(p, "body"), visit);
    }
}

template <class BlockT, class Visit>
void texts_of_block(BlockT& block, const std::string& p, const Visit& visit) {
    std::visit(
        [&](auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Section>) {
                visit(b.title, pointer_join(p, "title"));
            } else if constexpr (std::is_same_v<T, Chart>) {
                visit(b.title, pointer_join(p, "title"));
                visit(b.alt, pointer_join(p, "alt"));
            } else if constexpr (std::is_same_v<T, Paragraph>) {
                visit(b.text, pointer_join(p, "text"));
            } else if constexpr (std::is_same_v<T, List>) {
                for (std::size_t i = 0; i < b.items.size(); ++i) visit(b.items[i], pointer_join(pointer_join(p, "items"), i));
            } else if constexpr (std::is_same_v<T, Assignments>) {
                for (std::size_t i = 0; i < b.items.size(); ++i) {
                    auto& a = b.items[i];
                    std::string ip = pointer_join(pointer_join(p, "items"), i);
                    visit(a.text, pointer_join(ip, "text"));
                    if (a.clarification) visit(*a.clarification, pointer_join(ip, "clarification"));
                    if (a.note) visit(*a.note, pointer_join(ip, "note"));
                    for (std::size_t k = 0; k < a.comment.size(); ++k)
                        visit(a.comment[k], pointer_join(pointer_join(ip, "comment"), k));
                }
            } else if constexpr (std::is_same_v<T, KeyFigures>) {
                for (std::size_t g = 0; g < b.groups.size(); ++g)
                    for (std::size_t k = 0; k < b.groups[g].items.size(); ++k)
                        visit(b.groups[g].items[k].comment,
                              pointer_join(pointer_join(pointer_join(pointer_join(p, "groups"), g), "items"), k) +
                                  "/comment");
            } else if constexpr (std::is_same_v<T, Table>) {
                if (b.caption) visit(*b.caption, pointer_join(p, "caption"));
                for (std::size_t c = 0; c < b.columns.size(); ++c)
                    visit(b.columns[c].title, pointer_join(pointer_join(pointer_join(p, "columns"), c), "title"));
                for (std::size_t r = 0; r < b.rows.size(); ++r)
                    visit(b.rows[r].label, pointer_join(pointer_join(pointer_join(p, "rows"), r), "label"));
                for (std::size_t r = 0; r < b.rows.size(); ++r)
                    for (auto& [col, cell] : b.rows[r].cells)
                        if (auto* s = std::get_if<std::string>(&cell))
                            visit(*s, pointer_join(pointer_join(pointer_join(pointer_join(p, "rows"), r), "cells"), col));
                if (b.note) visit(*b.note, pointer_join(p, "note"));
            }
        },
        block.content);
}

void number_sections(const Blocks& blocks, const std::string& pointer, const std::string& prefix, int& counter,
                     std::vector<std::pair<std::string, std::string>>& out) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto* s = std::get_if<Section>(&blocks[i].content);
        if (!s) continue;
        std::string p = pointer_join(pointer, i);
        if (s->numbered) {
            std::string number = prefix.empty() ? std::to_string(++counter) : prefix + "." + std::to_string(++counter);
            out.emplace_back(p, number);
            int child = 0;
            number_sections(s->body, pointer_join(p, "body"), number, child, out);
        } else {
            number_sections(s->body, pointer_join(p, "body"), prefix, counter, out);
        }
    }
}

}  // namespace

namespace {

template <class ReportT, class Visit>
void blocks_of_report(ReportT& report, const Visit& visit) {
    if (report.cover_letter) {
        walk_blocks(report.cover_letter->summary, "/cover_letter/summary", visit);
        walk_blocks(report.cover_letter->background, "/cover_letter/background", visit);
    }
    walk_blocks(report.body, "/body", visit);
}

template <class ReportT, class Visit>
void texts_of_report(ReportT& report, const Visit& visit) {
    auto in_block = [&](auto& b, const std::string& p) { texts_of_block(b, p, visit); };
    if (auto& cl = report.cover_letter) {
        walk_blocks(cl->summary, "/cover_letter/summary", in_block);
        for (std::size_t i = 0; i < cl->proposals.size(); ++i) visit(cl->proposals[i], pointer_join("/cover_letter/proposals", i));
        for (std::size_t i = 0; i < cl->basis.size(); ++i) visit(cl->basis[i], pointer_join("/cover_letter/basis", i));
        walk_blocks(cl->background, "/cover_letter/background", in_block);
    }
    walk_blocks(report.body, "/body", in_block);
}

}  // namespace

void for_each_block(const Report& report, const BlockVisitor& visit) { blocks_of_report(report, visit); }

void for_each_block(Report& report, const std::function<void(Block&, const std::string& pointer)>& visit) {
    blocks_of_report(report, visit);
}

void for_each_text(const Report& report,
                   const std::function<void(const std::string& text, const std::string& pointer)>& visit) {
    texts_of_report(report, visit);
}

void for_each_text(Report& report, const std::function<void(std::string& text, const std::string& pointer)>& visit) {
    texts_of_report(report, visit);
}

std::vector<std::pair<std::string, std::string>> section_numbers(const Report& report) {
    std::vector<std::pair<std::string, std::string>> out;
    int counter = 0;
    number_sections(report.body, "/body", "", counter, out);
    return out;
}

}  // namespace tertial
