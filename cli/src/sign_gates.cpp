// The draft and signatory gates of `tertial sign`, and the signature reason that records their exceptions.
#include "sign_gates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "tertial/todo.hpp"

namespace tertial::cli {
namespace {

constexpr std::string_view draft_clause = "; utkast: ";
constexpr std::string_view on_behalf_clause = "; i stället för ";

// The words of a name, lower case: ASCII and the Latin-1 letters (Å, Ä, Ö,
// É, …) folded; anything but letters, digits and multibyte characters ends
// a word.
std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && i + 1 < name.size()) {
            auto d = static_cast<unsigned char>(name[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);
            word += static_cast<char>(c);
            word += static_cast<char>(d);
            ++i;
        } else if (c >= 0x80 || std::isalnum(c)) {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

}  // namespace

std::string DraftState::swedish() const {
    std::vector<std::string> parts;
    if (status_utkast) parts.push_back("status utkast");
    if (open_items) parts.push_back(fmt::format("{} {} kvar att göra", open_items, open_items == 1 ? "punkt" : "punkter"));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string DraftState::english() const {
    std::vector<std::string> parts;
    if (status_utkast) parts.push_back("its status is \"utkast\"");
    if (open_items) parts.push_back(fmt::format("it has {} open to-do{}", open_items, open_items == 1 ? "" : "s"));
    return fmt::format("{}", fmt::join(parts, " and "));
}

std::optional<DraftState> draft_state(const Report& report) {
    DraftState s{report.meta.status == ReportStatus::utkast, todo_list(report).size()};
    if (!s.status_utkast && s.open_items == 0) return std::nullopt;
    return s;
}

bool names_signatory(std::string_view certificate_name, std::string_view signatory_name) {
    auto wanted = name_words(signatory_name);
    auto have = name_words(certificate_name);
    std::set<std::string> words(have.begin(), have.end());
    return !wanted.empty() &&
           std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return words.count(w) > 0; });
}

std::string signing_reason(const std::string& title, const std::optional<DraftState>& draft,
                           const std::optional<std::string>& signatory_name, const std::string& on_behalf_reason) {
    std::string reason = "Underskrift som " + title;
    if (draft) reason += std::string(draft_clause) + draft->swedish();
    if (signatory_name) reason += fmt::format("{}{}: {}", on_behalf_clause, *signatory_name, on_behalf_reason);
    return reason;
}

std::string signature_note(bool draft, const std::optional<std::string>& signatory_name) {
    std::vector<std::string> parts;
    if (draft) parts.emplace_back("Utkast");
    if (signatory_name) parts.push_back((draft ? "i stället för " : "I stället för ") + *signatory_name);
    return fmt::format("{}", fmt::join(parts, ", "));
}

ReasonParts parse_reason(std::string_view reason) {
    ReasonParts parts;
    std::size_t behalf = reason.find(on_behalf_clause);
    std::string_view head = reason.substr(0, behalf);
    if (auto d = head.find(draft_clause); d != std::string_view::npos)
        parts.draft = std::string(head.substr(d + draft_clause.size()));
    if (behalf != std::string_view::npos) {
        std::string_view rest = reason.substr(behalf + on_behalf_clause.size());
        std::size_t colon = rest.find(": ");
        parts.on_behalf_name = std::string(rest.substr(0, colon));
        if (colon != std::string_view::npos) parts.on_behalf_reason = std::string(rest.substr(colon + 2));
    }
    return parts;
}

std::vector<std::pair<const char*, std::string>> signer_findings(const std::string& certificate_name,
                                                                 const std::string& reason,
                                                                 const std::optional<std::string>& signatory_name) {
    std::vector<std::pair<const char*, std::string>> lines;
    ReasonParts parts = parse_reason(reason);
    if (parts.draft) lines.emplace_back("draft", "signed as a draft (" + *parts.draft + ")");
    if (!signatory_name || names_signatory(certificate_name, *signatory_name)) return lines;
    if (parts.on_behalf_name == signatory_name)
        lines.emplace_back("on behalf", fmt::format("{} signed in place of {}: {}", certificate_name, *signatory_name,
                                                    parts.on_behalf_reason.value_or("")));
    else
        lines.emplace_back("MISMATCH", fmt::format("the certificate is issued to '{}', not to {}, whose field this "
                                                   "is, and the signature gives no reason for signing in their place",
                                                   certificate_name, *signatory_name));
    return lines;
}

}  // namespace tertial::cli
