// Small string helpers shared inside core (not part of the installed API).
#pragma once

#include <string>
#include <string_view>

namespace tertial::detail {

// `s` with every occurrence of `from` (not empty) replaced by `to`, left to
// right; a replacement is never searched again.
inline std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size());
    std::size_t last = 0;
    for (std::size_t at = s.find(from); at != std::string_view::npos; at = s.find(from, last)) {
        out.append(s, last, at - last);
        out.append(to);
        last = at + from.size();
    }
    out.append(s, last);
    return out;
}

}  // namespace tertial::detail
