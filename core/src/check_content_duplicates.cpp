// Text copied between the cover letter and a section, or between sections,
// where one copy was brought up to date and the other not: the same
// sentence with other years or other figures.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "check_content.hpp"

namespace tertial::detail {
namespace {

// How much of a sentence a key keeps: its words only (what makes two
// sentences copies), plus years, plus the figures it refers to.
enum class Keep { words, years, figures };

// A reference as printed: two figures of one value (the same amount in
// two tables) read the same; one still to fill in is not known to differ.
std::string printed(const TextRef& ref, const Resolution& res) {
    const ResolvedFigure* f = res.find(ref.figure_id);
    if (!f || !f->value) return "#";
    Display d = f->display;
    if (ref.decimals) d.decimals = ref.decimals;
    return format_number(ref.abs ? f->value->abs() : *f->value, d, NumberStyle::plain);
}

std::string key_of(const Sentence& s, Keep keep, const Resolution& res) {
    std::string key;
    for (const auto& t : s) {
        if (t.kind == TokenKind::mark) continue;
        if (t.kind == TokenKind::word)
            key += t.text;
        else if (keep != Keep::words && year_of(t))
            key += t.text;
        else if (keep == Keep::figures && t.kind == TokenKind::reference)
            key += printed(*t.ref, res);
        else
            key += "#";
        key += ' ';
    }
    return key;
}

bool is_unit(const Token& t) {
    static const std::set<std::string, std::less<>> units = {"kr", "kronor", "tkr", "mnkr", "mkr", "procent"};
    return t.kind == TokenKind::word && units.count(t.text);
}

// A sentence as it reads in print, references rendered, units and signs
// left out: what a review mark's `previous` (last year's text as printed)
// is compared with.
std::string printed_key(const Sentence& s, const Resolution& res) {
    std::string key;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Token& t = s[i];
        if (t.kind == TokenKind::mark || (i > 0 && is_unit(t) && s[i - 1].kind != TokenKind::word)) continue;
        if (t.kind == TokenKind::reference) {
            const ResolvedFigure* f = res.find(t.ref->figure_id);
            if (!f || !f->value) return "";  // not printed yet: cannot be last year's
            Display d = f->display;
            if (t.ref->decimals) d.decimals = t.ref->decimals;
            key += format_number(f->value->abs(), d, NumberStyle::plain);
        } else {
            key += t.text;
        }
        key += ' ';
    }
    return key;
}

std::size_t word_count(const Sentence& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](const Token& t) { return t.kind == TokenKind::word; }));
}

struct Copy {
    const ContentText* text;
    const Sentence* sentence;
    std::string figures;  // key_of(*sentence, Keep::figures): copies equal in it are not compared
};

// The first token where two copies differ (they have the same words, so
// their tokens pair up one to one).
std::size_t first_difference(const Sentence& a, const Sentence& b, const Resolution& res) {
    std::size_t i = 0, j = 0;
    for (;;) {
        while (i < a.size() && a[i].kind == TokenKind::mark) ++i;
        while (j < b.size() && b[j].kind == TokenKind::mark) ++j;
        if (i >= a.size() || j >= b.size()) return std::min(i, a.size() - 1);
        Sentence one{a[i]}, other{b[j]};
        if (key_of(one, Keep::figures, res) != key_of(other, Keep::figures, res)) return i;
        ++i;
        ++j;
    }
}

std::string shown(const ContentText& t, const Token& tok) { return quote(t, tok.offset, tok); }

// True if the copy is last year's sentence as it was (its review mark's
// `previous`): this copy was not edited.
bool unedited(const Copy& c, const Resolution& res) {
    if (!c.text->review) return false;
    std::string key = printed_key(*c.sentence, res);
    if (key.empty()) return false;
    for (const auto& prev : c.text->review->previous) {
        const Words words = split_words(prev);  // the tokens are views into it
        for (const auto& s : words.sentences)
            if (printed_key(s, res) == key) return true;
    }
    return false;
}

class DuplicateChecker {
public:
    DuplicateChecker(const Resolution& res, Diagnostics& diags) : res_(res), diags_(diags) {}

    void add(const ContentText& t) {
        for (const auto& s : t.words.sentences)
            if (word_count(s) >= 8) groups_[key_of(s, Keep::words, res_)].push_back({&t, &s, key_of(s, Keep::figures, res_)});
    }

    // Every pair of copies that differ in years or figures. A sentence
    // repeated word for word throughout a long report (boilerplate) is
    // one group of equal copies: that is seen once, not in every pair.
    void report() {
        for (const auto& [key, copies] : groups_) {
            bool all_equal = std::all_of(copies.begin(), copies.end(),
                                         [&](const Copy& c) { return c.figures == copies.front().figures; });
            if (all_equal) continue;
            for (std::size_t i = 0; i < copies.size(); ++i)
                for (std::size_t j = i + 1; j < copies.size(); ++j) pair(copies[i], copies[j]);
        }
    }

private:
    void pair(const Copy& a, const Copy& b) {
        if (a.text == b.text || a.figures == b.figures) return;
        const Token& ta = (*a.sentence)[first_difference(*a.sentence, *b.sentence, res_)];
        const Token& tb = (*b.sentence)[first_difference(*b.sentence, *a.sentence, res_)];
        // Which copy was left behind: the one with the earlier year, else the
        // one still as last year's, else (not known) the later one.
        auto ya = year_of(ta), yb = year_of(tb);
        bool a_stale;
        std::string why;
        if (ya && yb && *ya != *yb) {
            a_stale = *ya < *yb;
        } else if (bool ua = unedited(a, res_); ua != unedited(b, res_)) {
            a_stale = ua;
        } else {
            warn(b, tb, a, ta, "one of the two was changed and the other not");
            return;
        }
        const Copy& stale = a_stale ? a : b;
        const Copy& other = a_stale ? b : a;
        warn(stale, a_stale ? ta : tb, other, a_stale ? tb : ta, "this copy was not brought up to date");
    }

    void warn(const Copy& here, const Token& at, const Copy& there, const Token& there_at, const std::string& verdict) {
        if (!warned_.insert({here.text->pointer, at.offset}).second) return;
        diags_.warning_at("text.stale_copy", here.text->pointer, at.offset,
                          fmt::format("this sentence is also at {} with '{}' where it has '{}' here: {}", there.text->pointer,
                                      shown(*there.text, there_at), shown(*here.text, at), verdict));
    }

    const Resolution& res_;
    Diagnostics& diags_;
    std::map<std::string, std::vector<Copy>> groups_;
    std::set<std::pair<std::string, std::size_t>> warned_;
};

}  // namespace

void check_duplicates(const Resolution& resolution, const std::vector<ContentText>& texts, Diagnostics& diagnostics) {
    DuplicateChecker checker(resolution, diagnostics);
    for (const auto& t : texts) checker.add(t);
    checker.report();
}

}  // namespace tertial::detail
