// Checks on running text: amounts typed instead of bound to figures, and the
// same phrase followed by different amounts (seed 000's 4,3 vs 4,4 mnkr).
#include <fmt/format.h>

#include <map>
#include <regex>

#include "tertial/resolve.hpp"
#include "tertial/walk.hpp"
#include "strings.hpp"

namespace tertial {
namespace {

// One amount in a text, typed or rendered from a reference.
struct Mention {
    std::string context;  // the last words before it, lowercased
    Unit unit = Unit::unknown;
    Decimal value;  // without sign: "underskott med 2,9" and −2,9 are one amount
    std::string shown;
    std::string pointer;
    bool typed = false;
};

// Spaces and minus signs in their plain forms, so one pattern finds them.
std::string normalise(std::string s) {
    s = detail::replace_all(s, "\u2212", "-");
    s = detail::replace_all(s, "\u00A0", " ");
    s = detail::replace_all(s, "\u202F", " ");
    s = detail::replace_all(s, "\u2013", " - ");
    s = detail::replace_all(s, "\u2014", " - ");
    return s;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s = detail::replace_all(s, "\u00C5", "\u00E5");
    s = detail::replace_all(s, "\u00C4", "\u00E4");
    s = detail::replace_all(s, "\u00D6", "\u00F6");
    return s;
}

// The last four words before `end`: enough to tell "redovisar ett underskott
// med" from "pekar på ett underskott med", short enough to match a repeat.
std::string context_before(const std::string& text, std::size_t end) {
    std::vector<std::string> words;
    std::string word;
    auto is_letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; };
    for (std::size_t i = 0; i < end; ++i) {
        if (is_letter(static_cast<unsigned char>(text[i]))) {
            word += text[i];
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(word);
    if (words.size() < 4) return "";
    std::string out;
    for (std::size_t i = words.size() - 4; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
    return lower(out);
}

std::optional<Unit> unit_of_word(const std::string& w) {
    if (w == "mnkr" || w == "mkr" || w == "miljoner kronor") return Unit::mnkr;
    if (w == "tkr" || w == "tusen kronor") return Unit::tkr;
    if (w == "kr" || w == "kronor") return Unit::kr;
    if (w == "%" || w == "procent") return Unit::percent;
    return std::nullopt;
}

const std::regex& amount_pattern() {
    // A number (grouped "11 000" or plain), an optional decimal comma part,
    // then a money or percent unit that is a word of its own.
    static const std::regex re(R"((^|[^0-9A-Za-z,.])(-\s?)?(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?\s?(miljoner kronor|tusen kronor|mnkr|mkr|tkr|kronor|kr|%|procent)(?![A-Za-z0-9]))");
    return re;
}

class TextAmountChecker {
public:
    TextAmountChecker(const Resolution& res, Diagnostics& diags) : res_(res), diags_(diags) {}

    void text(const std::string& source, const std::string& pointer) {
        ParsedText parsed = parse_text_refs(source);
        if (parsed.error) return;  // reported by resolve()
        std::string flat;
        for (const auto& piece : parsed.pieces) {
            if (const auto* s = std::get_if<std::string>(&piece)) {
                flat += normalise(*s);
            } else {
                mention_ref(std::get<TextRef>(piece), flat, pointer);
                flat += "\x01";  // a reference is no typed amount
            }
        }
        typed_amounts(flat, pointer);
    }

private:
    void mention_ref(const TextRef& ref, const std::string& before, const std::string& pointer) {
        const ResolvedFigure* f = res_.find(ref.figure_id);
        if (!f || !f->value) return;
        Display d = f->display;
        if (ref.decimals) d.decimals = ref.decimals;
        Decimal shown_value = d.decimals ? f->value->rounded(*d.decimals) : *f->value;
        remember({context_before(before, before.size()), f->unit, shown_value.abs(),
                  format_amount(shown_value.abs(), f->unit, d, NumberStyle::plain), pointer, false});
    }

    void typed_amounts(const std::string& flat, const std::string& pointer) {
        for (std::sregex_iterator it(flat.begin(), flat.end(), amount_pattern()), end; it != end; ++it) {
            const std::smatch& m = *it;
            std::string digits = m[3].str();
            std::erase(digits, ' ');
            if (m[4].matched) {
                digits += '.';
                digits += m[4].str();
            }
            auto value = Decimal::parse(digits);
            auto unit = unit_of_word(m[5].str());
            if (!value || !unit) continue;
            std::string shown = m.str(0).substr(m[1].length());
            std::size_t start = static_cast<std::size_t>(m.position(0) + m[1].length());
            Mention mention{context_before(flat, start), *unit, *value, shown, pointer, true};
            warn_typed(mention);
            remember(mention);
        }
    }

    void warn_typed(const Mention& m) {
        std::vector<std::string> matches;
        for (const auto& f : res_.figures) {
            if (!f.value || f.unit != m.unit) continue;
            if (!f.value->abs().rounded(m.value.scale()).numerically_equal(m.value)) continue;
            if (matches.size() == 3) break;
            matches.push_back(fmt::format("{{{{{}{}}}}}", f.id, f.value->is_negative() ? "|abs" : ""));
        }
        std::string advice = matches.empty() ? "no figure has this value; add one and refer to it"
                             : matches.size() == 1
                                 ? fmt::format("figure {} has this value", matches.front())
                                 : fmt::format("figures with this value: {}", fmt::join(matches, ", "));
        diags_.warning("text.typed_amount", m.pointer,
                       fmt::format("amount '{}' is typed into the text instead of referring to a figure: {}", m.shown, advice));
    }

    void remember(const Mention& m) {
        if (m.context.empty()) return;
        auto key = std::make_pair(m.context, m.unit);
        auto [it, inserted] = seen_.emplace(key, m);
        if (inserted) return;
        const Mention& first = it->second;
        if (first.value.numerically_equal(m.value) || (!first.typed && !m.typed)) return;
        diags_.warning("text.conflict", m.pointer,
                       fmt::format("'{} {}' here, but '{} {}' at {}", m.context, m.shown, first.context, first.shown,
                                   first.pointer));
    }

    const Resolution& res_;
    Diagnostics& diags_;
    std::map<std::pair<std::string, Unit>, Mention> seen_;
};

}  // namespace

void check_text_amounts(const Report& report, const Resolution& resolution, Diagnostics& diagnostics) {
    TextAmountChecker checker(resolution, diagnostics);
    for_each_text(report, [&](const std::string& text, const std::string& pointer) {
        // Titles and captions name things ("Budget 2022 tkr"); only running
        // text states amounts.
        if (pointer.ends_with("/title") || pointer.ends_with("/caption")) return;
        checker.text(text, pointer);
    });
}

}  // namespace tertial
