// Reading --trust and --crl paths (files or directories) for verify and ltv.
#include "trust_files.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "input_files.hpp"
#include "tertial/cli/cli.hpp"

namespace tertial::cli {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The files a path stands for: itself, or a directory's files with one of
// `endings`, in name order; nullopt after printing why not.
std::optional<std::vector<std::string>> files_of(const std::string& path, const std::vector<std::string>& endings,
                                                 const std::string& option, const std::string& command,
                                                 std::ostream& err) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path, ec)) {
        std::string ext = lower(e.path().extension().string());
        if (std::find(endings.begin(), endings.end(), ext) == endings.end()) continue;
        if (!e.is_regular_file(ec)) continue;
        out.push_back(e.path().string());
    }
    if (ec) {
        fmt::print(err, "{}: error: cannot list the directory: {}\n", path, ec.message());
        return std::nullopt;
    }
    std::sort(out.begin(), out.end());
    if (out.empty()) {
        std::string list;
        for (const auto& x : endings) list += (list.empty() ? "*" : ", *") + x;
        fmt::print(err, "tertial {}: error: {} {}: the directory holds no {} files\n", command, option, path, list);
        return std::nullopt;
    }
    return out;
}

}  // namespace

std::optional<pdf::TrustSettings> read_trust_settings(const std::vector<std::string>& trust,
                                                      const std::vector<std::string>& crls,
                                                      const std::string& command, std::ostream& err) {
    pdf::TrustSettings settings;
    for (const auto& t : trust) {
        auto files = files_of(t, {".pem", ".crt", ".cer", ".der"}, "--trust", command, err);
        if (!files) return std::nullopt;
        for (const auto& f : *files) {
            auto bytes = read_input(f, InputKind::credential, err);
            if (!bytes) return std::nullopt;
            settings.anchors.push_back({f, std::move(*bytes)});
        }
    }
    for (const auto& c : crls) {
        auto files = files_of(c, {".crl", ".pem", ".der"}, "--crl", command, err);
        if (!files) return std::nullopt;
        for (const auto& f : *files) {
            auto bytes = read_input(f, InputKind::crl, err);
            if (!bytes) return std::nullopt;
            settings.crls.push_back({f, std::move(*bytes)});
        }
    }
    return settings;
}

std::string trust_error(const std::string& what, const pdf::TrustSettings& settings) {
    for (const auto& c : settings.crls)
        if (what.rfind(c.source + ": no CRL", 0) == 0) return "--crl " + what;
    return "--trust " + what;
}

}  // namespace tertial::cli
