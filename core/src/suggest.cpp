// Edit distance and closest-name suggestions for error messages.
#include "tertial/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace tertial {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> before_prev(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    std::iota(prev.begin(), prev.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
            // Two neighbours swapped ("titel" for "title") is one slip, not two.
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before_prev[j - 2] + 1);
        }
        std::swap(before_prev, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string fold(std::string_view s) {
    static constexpr std::pair<std::string_view, char> letters[] = {{"å", 'a'}, {"ä", 'a'}, {"ö", 'o'}, {"é", 'e'},
                                                                    {"Å", 'a'}, {"Ä", 'a'}, {"Ö", 'o'}, {"É", 'e'}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto letter = std::find_if(std::begin(letters), std::end(letters),
                                   [&](const auto& l) { return s.substr(i).starts_with(l.first); });
        if (letter != std::end(letters)) {
            out += letter->second;
            i += letter->first.size();
            continue;
        }
        char c = s[i++];
        out += c == ' ' || c == '-' ? '_' : c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string_view>& candidates) {
    // Written as a person would ("Uppnås delvis" for "uppnas_delvis"): the
    // name itself, whatever its distance.
    std::string folded = fold(name);
    for (auto c : candidates)
        if (c != name && fold(c) == folded) return std::string(c);
    std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    bool tied = false;
    for (auto c : candidates) {
        std::size_t d = edit_distance(folded, fold(c));
        if (d < best_distance) {
            best_distance = d;
            best = std::string(c);
            tied = false;
        } else if (d == best_distance && best && *best != c) {
            tied = true;
        }
    }
    // Two names equally close is a guess, not a suggestion: "mkr" is as near
    // to "kr" as to "mnkr", and guessing wrong there is a factor of a million.
    if (tied) return std::nullopt;
    return best;
}

std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string>& candidates) {
    return closest_match(name, std::vector<std::string_view>(candidates.begin(), candidates.end()));
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
    auto m = closest_match(name, candidates);
    return m ? ", did you mean '" + *m + "'?" : "";
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    return did_you_mean(name, std::vector<std::string_view>(candidates.begin(), candidates.end()));
}

}  // namespace tertial
