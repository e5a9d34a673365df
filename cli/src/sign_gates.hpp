// What `tertial sign` asks of a report and a certificate before it signs, and how a signature records exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tertial/model.hpp"

namespace tertial::cli {

// Why the report is a draft, in Swedish for the signature ("status utkast,
// 142 punkter kvar att göra"), and in English for messages; nullopt if it is
// not one: its status is not "utkast" and it has no open to-dos.
struct DraftState {
    bool status_utkast = false;
    std::size_t open_items = 0;
    std::string swedish() const;
    std::string english() const;
};
std::optional<DraftState> draft_state(const Report& report);

// True when a certificate's name names the signatory: every word of the
// signatory's name is a word of the certificate's name, compared without
// case and punctuation ("Eurenius, Helén" names Helén Eurenius).
bool names_signatory(std::string_view certificate_name, std::string_view signatory_name);

// The signature's reason, as PDF readers show it:
//   "Underskrift som Förvaltningschef"
//   "…; utkast: status utkast, 3 punkter kvar att göra"          (--draft)
//   "…; i stället för Helén Eurenius: semester vecka 19"          (--on-behalf-of)
// The on-behalf-of reason comes last, so that whatever it says cannot be
// read as another part.
std::string signing_reason(const std::string& title, const std::optional<DraftState>& draft,
                           const std::optional<std::string>& signatory_name, const std::string& on_behalf_reason);

// The visible signature's last line, for whoever reads the page rather than
// the signature's details: "Utkast", "I stället för Helén Eurenius", or both
// ("Utkast, i stället för …"); empty for an ordinary signature.
std::string signature_note(bool draft, const std::optional<std::string>& signatory_name);

// What verify reads back from a reason written so.
struct ReasonParts {
    std::optional<std::string> draft;  // "status utkast, 3 punkter kvar att göra"
    std::optional<std::string> on_behalf_name, on_behalf_reason;
};
ReasonParts parse_reason(std::string_view reason);

// What verify says of a signature beyond its bytes, as labelled lines: the
// draft its reason records, and, when the certificate's name does not name
// the field's signatory, whether it was made in their place (and why) or
// not said ("MISMATCH").
std::vector<std::pair<const char*, std::string>> signer_findings(const std::string& certificate_name,
                                                                 const std::string& reason,
                                                                 const std::optional<std::string>& signatory_name);

}  // namespace tertial::cli
