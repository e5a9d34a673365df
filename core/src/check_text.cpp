// Checks on running text: amounts typed instead of bound to figures, and the
// same phrase followed by different amounts (seed 000's 4,3 vs 4,4 mnkr).
#include <fmt/format.h>

#include <functional>
#include <map>
#include <regex>

#include "tertial/resolve.hpp"
#include "tertial/walk.hpp"
#include "text_words.hpp"

namespace tertial {
namespace {

using detail::flatten;
using detail::FlatText;
using detail::lower;

// One amount in a text, typed or rendered from a reference.
struct Mention {
    std::string context;  // the last words before it, lowercased
    Unit unit = Unit::unknown;
    Decimal value;  // without sign: "underskott med 2,9" and −2,9 are one amount
    std::string shown;
    std::string pointer;
    bool typed = false;
    std::size_t offset = 0;  // of the amount or reference in the text
};

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
    if (w == "mnkr" || w == "miljoner kronor") return Unit::mnkr;
    if (w == "mkr") return Unit::mkr;
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

// Every amount typed in `flat`, with the last words before it.
std::vector<std::pair<TypedAmount, std::string>> scan_typed_amounts(const FlatText& flat, const Resolution& res) {
    std::vector<std::pair<TypedAmount, std::string>> out;
    const std::string& t = flat.text;
    // Every match holds a digit and a unit, and every unit holds "kr", "%"
    // or "procent": a text without them has no amount, and the pattern
    // (std::regex, the costliest step of checking a long table's labels)
    // need not run on it.
    if (t.find_first_of("0123456789") == std::string::npos ||
        (t.find("kr") == std::string::npos && t.find('%') == std::string::npos && t.find("procent") == std::string::npos))
        return out;
    for (std::sregex_iterator it(t.begin(), t.end(), amount_pattern()), end; it != end; ++it) {
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
        std::size_t start = static_cast<std::size_t>(m.position(0) + m[1].length());
        std::size_t stop = static_cast<std::size_t>(m.position(0) + m.length(0));
        TypedAmount a{flat.source[start], flat.source[stop], m.str(0).substr(m[1].length()), *unit, *value, {}};
        for (const auto& f : res.figures) {
            // "13,1 mkr" in the text is the figure in mnkr too: the same scale.
            bool same_scale = f.unit == a.unit || (krona_exponent(f.unit) && krona_exponent(f.unit) == krona_exponent(a.unit));
            if (!f.value || !same_scale) continue;
            if (!f.value->abs().rounded(a.value.scale()).numerically_equal(a.value)) continue;
            if (a.figures.size() == 3) break;
            a.figures.push_back(&f);
        }
        out.emplace_back(std::move(a), context_before(t, start));
    }
    return out;
}

class TextAmountChecker {
public:
    TextAmountChecker(const Resolution& res, Diagnostics& diags) : res_(res), diags_(diags) {}

    void text(const std::string& source, const std::string& pointer) {
        ParsedText parsed = parse_text_refs(source);
        if (parsed.error) return;  // reported by resolve()
        FlatText flat = flatten(source, parsed, [&](const TextRef& ref, const std::string& before) {
            mention_ref(ref, before, pointer);
        });
        for (auto& [amount, context] : scan_typed_amounts(flat, res_)) {
            warn_typed(amount, pointer);
            remember({std::move(context), amount.unit, amount.value, amount.shown, pointer, true, amount.from});
        }
    }

private:
    void mention_ref(const TextRef& ref, const std::string& before, const std::string& pointer) {
        const ResolvedFigure* f = res_.find(ref.figure_id);
        if (!f || !f->value) return;
        Display d = f->display;
        if (ref.decimals) d.decimals = ref.decimals;
        Decimal shown_value = d.decimals ? f->value->rounded(*d.decimals) : *f->value;
        remember({context_before(before, before.size()), f->unit, shown_value.abs(),
                  format_amount(shown_value.abs(), f->unit, d, NumberStyle::plain), pointer, false, ref.offset});
    }

    void warn_typed(const TypedAmount& m, const std::string& pointer) {
        std::vector<std::string> matches;
        for (const auto* f : m.figures)
            matches.push_back(fmt::format("{{{{{}{}}}}}", f->id, f->value->is_negative() ? "|abs" : ""));
        std::string advice = matches.empty() ? "no figure has this value; add one and refer to it"
                             : matches.size() == 1
                                 ? fmt::format("figure {} has this value", matches.front())
                                 : fmt::format("figures with this value: {}", fmt::join(matches, ", "));
        diags_.warning_at("text.typed_amount", pointer, m.from,
                       fmt::format("amount '{}' is typed into the text instead of referring to a figure: {}", m.shown, advice));
    }

    void remember(const Mention& m) {
        if (m.context.empty()) return;
        auto key = std::make_pair(m.context, m.unit);
        auto [it, inserted] = seen_.emplace(key, m);
        if (inserted) return;
        const Mention& first = it->second;
        if (first.value.numerically_equal(m.value) || (!first.typed && !m.typed)) return;
        diags_.warning_at("text.conflict", m.pointer, m.offset,
                       fmt::format("'{} {}' here, but '{} {}' at {}", m.context, m.shown, first.context, first.shown,
                                   first.pointer));
    }

    const Resolution& res_;
    Diagnostics& diags_;
    std::map<std::pair<std::string, Unit>, Mention> seen_;
};

}  // namespace

std::vector<TypedAmount> find_typed_amounts(const std::string& text, const Resolution& resolution) {
    ParsedText parsed = parse_text_refs(text);
    std::vector<TypedAmount> out;
    if (parsed.error) return out;
    for (auto& [amount, context] : scan_typed_amounts(flatten(text, parsed, [](const TextRef&, const std::string&) {}), resolution))
        out.push_back(std::move(amount));
    return out;
}

void prepare_checks() { amount_pattern(); }

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
