// Texts still last year's word for word with no review mark left on them:
// the mark was removed, the text not looked at (`tertial check --previous`).
#include <fmt/format.h>

#include <map>

#include "check_content.hpp"
#include "tertial/walk.hpp"

namespace tertial {
namespace {

using detail::Token;
using detail::TokenKind;

// A text's words, numbers and years; references as "#", since rollover
// renames the figures they point at ("utfall_2020" → "utfall_2021").
std::string wording(const detail::Words& w) {
    std::string key;
    for (const auto& s : w.sentences)
        for (const auto& t : s) {
            key += t.kind == TokenKind::reference ? std::string("#") : t.text;
            key += ' ';
        }
    return key;
}

// A text tied to its period: it has a year, a number or a figure in it.
const Token* time_bound(const detail::Words& w) {
    for (const auto& s : w.sentences)
        for (const auto& t : s)
            if (t.kind == TokenKind::number || t.kind == TokenKind::reference) return &t;
    return nullptr;
}

}  // namespace

void check_against_last_year(const Report& report, const Report& last, const std::string& last_name,
                             Diagnostics& diagnostics) {
    auto last_marks = detail::reviewable_texts(last);
    std::map<std::string, std::string> last_texts;  // wording -> pointer in last year's report
    for_each_text(last, [&](const std::string& text, const std::string& pointer) {
        if (!last_marks.count(pointer)) return;
        auto w = detail::split_words(text);
        if (!w.parsed.error && time_bound(w)) last_texts.emplace(wording(w), pointer);
    });
    auto marks = detail::reviewable_texts(report);
    for_each_text(report, [&](const std::string& text, const std::string& pointer) {
        auto mark = marks.find(pointer);
        if (mark == marks.end() || mark->second) return;  // not reviewable, or still marked
        auto w = detail::split_words(text);
        if (w.parsed.error) return;
        const Token* at = time_bound(w);
        if (!at) return;
        auto same = last_texts.find(wording(w));
        if (same == last_texts.end()) return;
        diagnostics.warning_at("text.unreviewed", pointer, at->offset,
                               fmt::format("this text is last year's word for word ({} in {}) and has no review mark "
                                           "left: was it brought up to date?",
                                           same->second, last_name));
    });
}

}  // namespace tertial
