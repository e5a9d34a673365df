// Source positions found by scanning the text: a batch equals single lookups, and each place is the right one.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_files.hpp"
#include "tertial/json/source_map.hpp"

namespace tertial::test {
namespace {

namespace fs = std::filesystem;
using json::SourcePosition;
using json::SourceQuery;

SourcePosition at(std::size_t line, std::size_t column) { return {line, column}; }

std::vector<SourcePosition> find(std::string_view text, const std::vector<SourceQuery>& queries) {
    return json::find_positions(text, queries);
}

// Every pointer of a document, each with what its place should start with:
// a key's opening quote for an object member, the value for the rest.
void pointers(const nlohmann::json& j, const std::string& pointer, std::vector<std::pair<std::string, char>>& out,
              char first) {
    out.emplace_back(pointer, first);
    auto start = [](const nlohmann::json& v) {
        return v.is_object() ? '{' : v.is_array() ? '[' : v.is_string() ? '"' : v.dump()[0];
    };
    if (j.is_object())
        for (const auto& [key, v] : j.items()) pointers(v, pointer_join(pointer, key), out, '"');
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) pointers(j[i], pointer_join(pointer, i), out, start(j[i]));
}

// The byte a line:column names (columns count UTF-8 characters).
std::size_t offset_of(std::string_view text, SourcePosition pos) {
    std::size_t i = 0;
    for (std::size_t line = 1; line < pos.line; ++i)
        if (text[i] == '\n') ++line;
    for (std::size_t column = 1; column < pos.column; ++column)
        do ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80);
    return i;
}

std::vector<fs::path> example_reports() {
    std::vector<fs::path> out;
    for (const auto& dir : fs::directory_iterator(fs::path(TERTIAL_SOURCE_DIR) / "examples"))
        for (const auto& f : fs::directory_iterator(dir.path()))
            if (f.path().extension() == ".json") out.push_back(f.path());
    EXPECT_GE(out.size(), 4u);
    return out;
}

TEST(SourceMap, EveryPointerOfEveryExampleInOneScanIsWhereItStarts) {
    for (const auto& path : example_reports()) {
        SCOPED_TRACE(path.string());
        std::string text = slurp(path);
        std::vector<std::pair<std::string, char>> all;
        auto root = nlohmann::json::parse(text);
        pointers(root, "", all, root.is_object() ? '{' : '[');
        std::vector<SourceQuery> queries;
        for (const auto& [p, first] : all) queries.push_back({p});
        auto found = find(text, queries);
        ASSERT_EQ(found.size(), all.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            std::size_t o = offset_of(text, found[i]);
            ASSERT_LT(o, text.size()) << all[i].first;
            EXPECT_EQ(text[o], all[i].second) << all[i].first << " at " << found[i].line << ":" << found[i].column;
        }
        // One pointer asked alone is where the batch put it (a sample: each alone scans the whole text).
        for (std::size_t i = 0; i < all.size(); i += 97)
            EXPECT_EQ(json::position_of_pointer(text, all[i].first), found[i]) << all[i].first;
    }
}

const std::string doc =
    "\n\n  {\"a\": {\"b\": [1, {\"c\": true}, \"x\"]},\n"
    "   \"a~1b\": 1, \"a/b\": 2, \"c~d\": 3, \"\\u00e5r\": 4, \"q\\\"k\": 5,\n"
    "   \"rows\": [{\"id\": \"r1\", \"cells\": {\"x\": \"1\"}}, {\"id\": \"r2\", \"cells\": {\"x\": \"2\", \"y\": \"3\"}}]}\n";

TEST(SourceMap, MembersElementsAndEscapedKeys) {
    auto found = find(doc, {{""}, {"/a"}, {"/a/b"}, {"/a/b/0"}, {"/a/b/1/c"}, {"/a/b/2"}, {"/a~01b"}, {"/a~1b"},
                            {"/c~0d"}, {"/år"}, {"/q\"k"}, {"/rows/1/cells/y"}, {"/rows/0/cells/x"}});
    std::vector<SourcePosition> want{at(3, 3),  at(3, 4),  at(3, 10), at(3, 16), at(3, 20), at(3, 32), at(4, 4),
                                     at(4, 15), at(4, 25), at(4, 35), at(4, 49), at(5, 81), at(5, 36)};
    EXPECT_EQ(found, want);
}

TEST(SourceMap, AMissingPointerIsAtItsNearestAncestor) {
    auto found = find(doc, {{"/a/b/9"}, {"/a/b/1/c/d"}, {"/rows/1/cells/z"}, {"/nope"}, {"/nope/x"}, {"nope"}, {"/a~1b/x"}});
    std::vector<SourcePosition> want{at(3, 10), at(3, 20), at(5, 61), at(3, 3), at(3, 3), at(1, 1), at(4, 15)};
    EXPECT_EQ(found, want);
    EXPECT_EQ(json::position_of_pointer(doc, "/rows/1/cells/z"), at(5, 61));
}

TEST(SourceMap, ValuesPassedOverMayHoldBracketsQuotesAndBackslashesInStrings) {
    std::string text = "{\"s\": \"}]\\\\\\\"{[\", \"o\": {\"k\": \"\\\\\"},\n"
                       " \"n\": -1.5e3, \"t\": [true, null, {\"x\": \"]\"}], \"z\": 1}";
    EXPECT_EQ(json::position_of_pointer(text, "/z"), at(2, 46));
    EXPECT_EQ(json::position_of_pointer(text, "/t/2/x"), at(2, 34));
    EXPECT_EQ(json::position_of_pointer(text, "/n"), at(2, 2));
}

TEST(SourceMap, WordsInAStringCountEscapesAsWritten) {
    // Decoded: "é\"\n😀 T1 år", é two bytes, the emoji four; written "\u00e9\"\n\ud83d\ude00 T1 \u00e5r".
    std::string text = "{\"t\": \"\\u00e9\\\"\\n\\ud83d\\ude00 T1 \\u00e5r\", \"n\": 5}";
    std::vector<SourceQuery> queries{{"/t", 9}, {"/t", 0}, {"/t", 2}, {"/t", 4}, {"/t", 8}, {"/t", 12}, {"/t", 100},
                                     {"/n", 3}, {"/m", 1}};
    std::vector<SourcePosition> want{at(1, 31), at(1, 8), at(1, 14), at(1, 18), at(1, 30), at(1, 34), at(1, 41),
                                     at(1, 44), at(1, 1)};
    EXPECT_EQ(find(text, queries), want);
    // Each word alone, as a diagnostic prints it.
    for (std::size_t i = 0; i < queries.size(); ++i) {
        Diagnostic d{Severity::warning, "x", std::string(queries[i].pointer), "m"};
        d.offset = queries[i].offset;
        EXPECT_EQ(json::locate(text, d), want[i]) << i;
    }
}

TEST(SourceMap, ADuplicatedKeyIsAtItsLastAppearance) {
    std::string text = "{\"a\": {\"x\": 1},\n \"a\": 2, \"s\": \"ab\", \"s\": {}}";
    auto found = find(text, {{"/a"}, {"/a/x"}, {"/s", 1}});
    EXPECT_EQ(found, (std::vector<SourcePosition>{at(2, 2), at(1, 8), at(2, 17)}));
}

TEST(SourceMap, DuplicateKeysAreFoundAtEachLaterAppearance) {
    std::string text = "{\"m\": {\"k\": 1, \"\\u006b\": 2,\n \"k\": 3}, \"l\": [{\"a/b\": 1, \"a/b\": 2}]}";
    auto d = json::find_duplicate_keys(text);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].pointer, "/m/k");
    EXPECT_EQ(d[0].key, "k");
    EXPECT_EQ(d[0].first, at(1, 8));
    EXPECT_EQ(d[0].second, at(1, 16));
    EXPECT_EQ(d[1].second, at(2, 2));
    EXPECT_EQ(d[1].first, at(1, 8));
    EXPECT_EQ(d[2].pointer, "/l/0/a~1b");
    EXPECT_EQ(d[2].first, at(2, 18));
    EXPECT_EQ(d[2].second, at(2, 28));
    EXPECT_TRUE(json::find_duplicate_keys(doc).empty());
}

TEST(SourceMap, DiagnosticsAreLocatedInOneBatchAsEachAlone) {
    std::vector<Diagnostic> ds{{Severity::error, "a", "/rows/1/cells/y", "m"},
                               {Severity::error, "b", "", "m", 7, 9},
                               {Severity::warning, "c", "/a/b/2", "m"},
                               {Severity::warning, "d", "/zz", "m"}};
    ds[2].offset = 0;
    std::vector<const Diagnostic*> all;
    for (const auto& d : ds) all.push_back(&d);
    auto found = json::locate(doc, all);
    std::vector<SourcePosition> want{at(5, 81), at(7, 9), at(3, 33), at(3, 3)};
    EXPECT_EQ(found, want);
    for (std::size_t i = 0; i < ds.size(); ++i) EXPECT_EQ(json::locate(doc, ds[i]), want[i]) << i;
    EXPECT_TRUE(json::find_positions(doc, {}).empty());
}

TEST(SourceMap, PositionOfOffsetCountsCharactersNotBytes) {
    EXPECT_EQ(json::position_of_offset("åä\nöx", 7), at(2, 2));
    EXPECT_EQ(json::position_of_offset("ab", 100), at(1, 3));
}

}  // namespace
}  // namespace tertial::test
