// Words that state a sign against the figure's: "underskott med
// {{x|abs}}" printing a surplus, "{{x}} högre än" for a fall.
#include <fmt/format.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "check_content.hpp"

namespace tertial::detail {
namespace {

// +1: the word says the figure is positive (a surplus, a rise); -1: negative.
const std::map<std::string, int, std::less<>> words_before = {
    {"underskott", -1}, {"underskottet", -1}, {"minskning", -1}, {"minskningen", -1}, {"minskat", -1},
    {"minskade", -1},   {"minskar", -1},      {"överskott", 1},  {"överskottet", 1},  {"ökning", 1},
    {"ökningen", 1},    {"ökat", 1},          {"ökade", 1},      {"ökar", 1}};
// "{{x}} högre än …": the word right after the figure (and its unit).
const std::map<std::string, int, std::less<>> words_after = {
    {"högre", 1}, {"lägre", -1}, {"mer", 1}, {"mindre", -1}, {"fler", 1}, {"färre", -1}};

// Between the word and its figure: "underskott med", "ett underskott vid årets
// slut motsvarande", "minskning med – {{x}}". Anything else ends the search.
bool may_stand_between(const Token& t) {
    if (t.kind == TokenKind::mark) return t.text == "-" || t.text == ":";
    if (t.kind != TokenKind::word) return false;
    static const std::set<std::string, std::less<>> stop = {"och", "men", "medan", "vilket", "som", "där", "samt", "eller"};
    return !stop.count(t.text) && !words_before.count(t.text);
}

bool is_unit_word(const Token& t) {
    static const std::set<std::string, std::less<>> units = {"kr", "kronor", "tkr", "mnkr", "mkr", "procent", "procentenheter", "%"};
    return units.count(t.text) > 0;
}

class SignChecker {
public:
    SignChecker(const Resolution& res, Diagnostics& diags) : res_(res), diags_(diags) {}

    void text(const ContentText& t) {
        for (const auto& s : t.words.sentences)
            for (std::size_t k = 0; k < s.size(); ++k)
                if (s[k].kind == TokenKind::reference) reference(t, s, k);
    }

private:
    void reference(const ContentText& t, const Sentence& s, std::size_t k) {
        const ResolvedFigure* f = res_.find(s[k].ref->figure_id);
        if (!f || !f->value || f->value->is_zero()) return;
        int sign = f->value->is_negative() ? -1 : 1;
        // Without |abs a positive figure is a size ("minskning med {{x}}",
        // "underskottet på {{kostnad}}"); only a printed minus can contradict.
        if (!s[k].ref->abs && sign > 0) return;
        // The word before: at most four words back.
        for (std::size_t i = k, steps = 0; i > 0 && steps < 5; --i, ++steps) {
            const Token& w = s[i - 1];
            if (auto it = words_before.find(w.kind == TokenKind::word ? w.text : ""); it != words_before.end()) {
                if (it->second != sign) warn(t, w, s[k], quote(t, w.offset, s[k]), *f);
                return;
            }
            if (!may_stand_between(w)) break;
        }
        std::size_t j = k + 1;
        if (j < s.size() && is_unit_word(s[j])) ++j;
        if (j < s.size() && s[j].kind == TokenKind::word)
            if (auto it = words_after.find(s[j].text); it != words_after.end() && it->second != sign)
                warn(t, s[j], s[k], quote(t, s[k].offset, s[j]), *f);
    }

    void warn(const ContentText& t, const Token& word, const Token& ref, const std::string& phrase, const ResolvedFigure& f) {
        diags_.warning_at("text.sign", t.pointer, word.offset,
                          fmt::format("'{}' says {}, but {{{{{}}}}} is {}{}", phrase,
                                      sign_of_word(word.text) < 0 ? "the figure is negative" : "the figure is positive",
                                      ref.ref->figure_id, f.text(NumberStyle::plain),
                                      ref.ref->abs ? " (|abs prints it without its sign)" : ""));
    }

    static int sign_of_word(std::string_view w) {
        if (auto it = words_before.find(w); it != words_before.end()) return it->second;
        auto it = words_after.find(w);  // the caller found the word in one of the two tables
        if (it == words_after.end()) throw std::logic_error("sign_of_word: '" + std::string(w) + "' is in neither table");
        return it->second;
    }

    const Resolution& res_;
    Diagnostics& diags_;
};

}  // namespace

void check_signs(const Resolution& resolution, const std::vector<ContentText>& texts, Diagnostics& diagnostics) {
    SignChecker checker(resolution, diagnostics);
    for (const auto& t : texts) checker.text(t);
}

}  // namespace tertial::detail
