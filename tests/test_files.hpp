// Files the tests read: whole files as bytes, every example report, what a
// directory holds, and a PDF made to break readers.
#pragma once

#include <algorithm>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tertial::test {

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "size-mtime" of a file: what the tests' caches of built fixtures are keyed
// by, so that a rebuilt tertial or a changed seed makes them again.
inline std::string file_stamp(const std::filesystem::path& p) {
    return std::to_string(std::filesystem::file_size(p)) + "-" +
           std::to_string(std::filesystem::last_write_time(p).time_since_epoch().count());
}

inline void spit(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// Every example report, examples/*/*.json (the README's glob), sorted. Deeper
// folders hold inputs for the examples (examples/ostersund/2021/: a ledger
// export and a Kolada snapshot), not reports.
inline std::vector<std::filesystem::path> example_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& dir : std::filesystem::directory_iterator(std::filesystem::path(TERTIAL_SOURCE_DIR) / "examples")) {
        if (!dir.is_directory()) continue;
        for (const auto& e : std::filesystem::directory_iterator(dir.path()))
            if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Everything under `dir`: each path (relative) with its type and
// permissions, and for a file its modification time and bytes. Equal
// snapshots mean nothing was added, removed, changed or even rewritten with
// the same bytes. (A directory's own time is left out: a temporary file
// made and removed again changes it.)
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        auto status = e.symlink_status();
        std::string meta = std::to_string(static_cast<int>(status.type())) + " " +
                           std::to_string(static_cast<unsigned>(status.permissions()));
        if (e.is_regular_file())
            meta += " " + std::to_string(e.last_write_time().time_since_epoch().count()) + "\n" + slurp(e.path());
        out[fs::relative(e.path(), dir).string()] = meta;
    }
    return out;
}

// A small PDF whose /Names entry nests `depth` dictionaries, one in the
// other: PoDoFo 0.9.8 overflows its stack on 50 000 and takes minutes on
// a few thousand (../shared/notes/podofo-0.9.8.md §9).
inline std::string nested_pdf(int depth) {
    std::string body;
    for (int i = 0; i < depth; ++i) body += "<< /EmbeddedFiles ";
    body += "1";
    for (int i = 0; i < depth; ++i) body += " >>";
    std::vector<std::string> objects{"<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                                     body};
    std::string pdf = "%PDF-1.7\n";
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        at.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    std::size_t xref = pdf.size();
    pdf += "xref\n0 4\n0000000000 65535 f \n";
    char entry[32];
    for (auto a : at) {
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", a);
        pdf += entry;
    }
    return pdf + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
}

}  // namespace tertial::test
