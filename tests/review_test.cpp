// Review marks: core's list, change test, accept and word diff; `tertial review list|diff|accept` through the real
// binary on seed 000 rolled over to 2021 (tests/data/rollover), with exact messages and exit codes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "run_binary.hpp"
#include "tertial/json/report_json.hpp"
#include "tertial/review.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using test::run_tertial;
using test::slurp;
using test::TempDir;

const fs::path rolled = fs::path(TERTIAL_SOURCE_DIR) / "tests/data/rollover/san-tertial-1-2021.json";
const fs::path rolled_plan = fs::path(TERTIAL_SOURCE_DIR) / "tests/data/rollover/san-verksamhetsplan-2023.json";

Report read(const fs::path& file) {
    auto r = json::read_report(slurp(file));
    if (!r.report) throw std::runtime_error("cannot read " + file.string());
    return *r.report;
}

const ReviewMark* find(const std::vector<ReviewMark>& marks, const std::string& pointer) {
    for (const auto& m : marks)
        if (m.pointer == pointer) return &m;
    return nullptr;
}

// ---- core ---------------------------------------------------------------------------------

TEST(ReviewMarks, EveryMarkOfARolledOverReportWithItsTexts) {
    Report r = read(rolled);
    auto marks = review_marks(r);
    ASSERT_EQ(marks.size(), 94u);
    // A paragraph whose figures are bound to references: the words are last
    // year's, so it is unchanged although the printed figures will differ.
    const ReviewMark* summary = find(marks, "/cover_letter/summary/1/review");
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->fields, (std::vector<std::string>{"/cover_letter/summary/1/text"}));
    EXPECT_TRUE(summary->current.front().starts_with("Uppföljningen för april redovisar ett underskott med "
                                                     "{{drift.resultat.utfall|abs}}."));
    EXPECT_TRUE(summary->previous.front().starts_with("Uppföljningen för april redovisar ett underskott med 2,9\u00a0mnkr."))
        << "as printed: a no-break space before the unit";
    EXPECT_EQ(review_change(*summary), ReviewChange::unchanged);
    EXPECT_EQ(summary->removal, summary->pointer);
    // The proposals: three texts.
    const ReviewMark* proposals = find(marks, "/cover_letter/proposals_review");
    ASSERT_TRUE(proposals);
    EXPECT_EQ(proposals->current.size(), 3u);
    EXPECT_EQ(proposals->fields.back(), "/cover_letter/proposals/2");
    EXPECT_EQ(review_change(*proposals), ReviewChange::unchanged);
    // A row with two marks: accepting one removes that mark only.
    const ReviewMark* cell = find(marks, "/body/4/body/2/body/0/rows/0/review/mal");
    ASSERT_TRUE(cell);
    EXPECT_EQ(cell->fields, (std::vector<std::string>{"/body/4/body/2/body/0/rows/0/cells/mal"}));
    EXPECT_EQ(cell->removal, cell->pointer);
    // An uppdrag whose kommentar was emptied: nothing written yet.
    std::size_t empty = 0;
    for (const auto& m : marks)
        if (review_change(m) == ReviewChange::empty) {
            ++empty;
            EXPECT_TRUE(m.pointer.ends_with("/review") && m.pointer.find("/items/") != std::string::npos) << m.pointer;
            EXPECT_TRUE(m.current.empty());
        }
    EXPECT_EQ(empty, 20u);
}

TEST(ReviewMarks, AFigureProposedFromLastYearsPlanHasNoTextAndItsRowsLastMarkRemovesTheRowsReview) {
    Report r = read(rolled_plan);
    auto marks = review_marks(r);
    const ReviewMark* budget = find(marks, "/body/4/body/0/body/0/rows/0/review/budget_2023");
    ASSERT_TRUE(budget);
    EXPECT_TRUE(budget->figure);
    EXPECT_TRUE(budget->current.empty());
    EXPECT_EQ(review_change(*budget), ReviewChange::changed);
    EXPECT_EQ(budget->removal, budget->pointer) << "the row has a second mark (plan_2024)";
    ASSERT_TRUE(accept_review(r, budget->pointer));
    auto after = review_marks(r);
    EXPECT_EQ(after.size(), marks.size() - 1);
    const ReviewMark* plan = find(after, "/body/4/body/0/body/0/rows/0/review/plan_2024");
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->removal, "/body/4/body/0/body/0/rows/0/review");
}

TEST(ReviewMarks, ChangedMeansTheWordsChangedNotTheFigures) {
    ReviewMark m;
    m.previous = {"Underskott med 2,9 mnkr tom april."};
    m.current = {"Underskott med {{drift.resultat.utfall|abs}} tom april."};
    EXPECT_EQ(review_change(m), ReviewChange::unchanged);
    m.current = {"Underskott med {{drift.resultat.utfall|abs}} t.o.m. april."};
    EXPECT_EQ(review_change(m), ReviewChange::changed);
    m.current = {"Underskott med 2,9 mnkr tom april."};
    EXPECT_EQ(review_change(m), ReviewChange::unchanged);
    m.current = {"Underskott med 2,9 mnkr tom april. "};
    EXPECT_EQ(review_change(m), ReviewChange::changed) << "byte for byte, blanks too";
    m.current = {"{{a}} och {{b}}"};
    m.previous = {"1 och 2 och 3"};
    EXPECT_EQ(review_change(m), ReviewChange::unchanged) << "a reference may print as anything";
    m.current = {};
    EXPECT_EQ(review_change(m), ReviewChange::empty);
    m.previous = {};
    EXPECT_EQ(review_change(m), ReviewChange::unchanged);
    m.current = {"Ny kommentar."};
    EXPECT_EQ(review_change(m), ReviewChange::changed);
}

TEST(ReviewMarks, AcceptingRemovesTheMarkAndNothingElse) {
    Report r = read(rolled);
    Report before = r;
    EXPECT_FALSE(accept_review(r, "/body/0/body/0/text"));
    EXPECT_FALSE(accept_review(r, "/body/99/review"));
    EXPECT_FALSE(accept_review(r, "/body/4/body/2/body/0/rows/0/review/budget"));
    EXPECT_TRUE(r == before);
    ASSERT_TRUE(accept_review(r, "/cover_letter/summary/0/review"));
    ASSERT_TRUE(accept_review(r, "/cover_letter/proposals_review"));
    ASSERT_TRUE(accept_review(r, "/body/4/body/2/body/0/rows/0/review/mal"));
    EXPECT_FALSE(accept_review(r, "/cover_letter/summary/0/review")) << "accepted already";
    EXPECT_EQ(review_marks(r).size(), 91u);
    // Only the marks differ.
    auto& p = std::get<Paragraph>(r.cover_letter->summary[0].content);
    EXPECT_FALSE(p.review);
    p.review = std::get<Paragraph>(before.cover_letter->summary[0].content).review;
    r.cover_letter->proposals_review = before.cover_letter->proposals_review;
    auto& table = std::get<Table>(std::get<Section>(std::get<Section>(r.body[4].content).body[2].content).body[0].content);
    ASSERT_EQ(table.rows[0].review.size(), 1u);
    EXPECT_EQ(table.rows[0].review[0].first, "kommentar");
    auto& old_table =
        std::get<Table>(std::get<Section>(std::get<Section>(before.body[4].content).body[2].content).body[0].content);
    table.rows[0].review = old_table.rows[0].review;
    EXPECT_TRUE(r == before);
}

TEST(WordDiff, WordsKeptRemovedAndAdded) {
    using K = DiffPiece::Kind;
    EXPECT_EQ(word_diff("helåret 2020 pekar på ett underskott", "helåret 2021 pekar  på ett överskott"),
              (std::vector<DiffPiece>{{K::same, "helåret"},
                                      {K::removed, "2020"},
                                      {K::added, "2021"},
                                      {K::same, "pekar på ett"},
                                      {K::removed, "underskott"},
                                      {K::added, "överskott"}}));
    EXPECT_EQ(word_diff("", "Ny text här"), (std::vector<DiffPiece>{{K::added, "Ny text här"}}));
    EXPECT_EQ(word_diff("Gammal text", ""), (std::vector<DiffPiece>{{K::removed, "Gammal text"}}));
    EXPECT_EQ(word_diff("a b c", "a b c"), (std::vector<DiffPiece>{{K::same, "a b c"}}));
    EXPECT_TRUE(word_diff("", "").empty());
}

// ---- the command ---------------------------------------------------------------------------

class ReviewCommand : public ::testing::Test {
protected:
    void SetUp() override { fs::copy_file(rolled, dir_.path() / "r.json"); }
    test::RunResult review(std::vector<std::string> args) {
        args.insert(args.begin(), "review");
        return run_tertial(args, dir_.path().string());
    }
    std::string file() const { return slurp(dir_.path() / "r.json"); }
    // Rewrites r.json with one paragraph's text changed, as an editor would.
    void edit_summary(const std::string& text) {
        Report r = read(dir_.path() / "r.json");
        std::get<Paragraph>(r.cover_letter->summary[0].content).text = text;
        std::ofstream(dir_.path() / "r.json", std::ios::binary) << json::write_report(r);
    }
    TempDir dir_;
};

TEST_F(ReviewCommand, ListShowsLastYearBesideThisYear) {
    auto r = review({"list", "r.json", "--section", "5.3"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "5.3 Investeringar\n"
              "r.json:2397:21: /body/4/body/2/body/0/rows/0/review/mal: to review: investeringar: Inventarier SAN / "
              "Kommunövergripande mål (text carried over from last year)\n"
              "  last year: 8. I Östersund är kommunen en modern och attraktiv arbetsgivare\n"
              "  this year: 8. I Östersund är kommunen en modern och attraktiv arbetsgivare\n"
              "  unchanged: this year's text is still last year's, word for word\n"
              "r.json:2402:21: /body/4/body/2/body/0/rows/0/review/kommentar: to review: investeringar: Inventarier SAN "
              "/ Kommentar (text carried over from last year)\n"
              "  last year: Investeringar enligt plan.\n"
              "  this year: Investeringar enligt plan.\n"
              "  unchanged: this year's text is still last year's, word for word\n"
              "r.json: 2 review marks (2 unchanged) in section 5.3\n");
    auto all = review({"list", "r.json"});
    EXPECT_EQ(all.exit_code, 0);
    EXPECT_TRUE(all.out.ends_with("r.json: 94 review marks (74 unchanged, 20 empty)\n")) << all.out;
    // By pointer: the marks at or under it.
    auto one = review({"list", "r.json", "/body/4/body/2"});
    EXPECT_EQ(one.out, r.out.substr(0, r.out.rfind("r.json: 2")) + "r.json: 2 review marks (2 unchanged)\n");
}

TEST_F(ReviewCommand, DiffMarksTheWordsPlainOffATerminalAndInColourOnOne) {
    edit_summary("Social- och arbetsmarknadsförvaltningen redovisar en tertialrapport tom april månad avseende viktiga "
                 "nyckeltal för nämndens ekonomi och verksamhet.");
    const std::string head =
        "r.json:180:9: /cover_letter/summary/0/review: to review: paragraph carried over from last year, "
        "\"Social- och arbetsmarknadsförvaltningen redovisar en tertia…\"\n";
    auto plain = review({"diff", "r.json", "/cover_letter/summary/0/review"});
    EXPECT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(plain.out, head +
                             "  Social- och arbetsmarknadsförvaltningen redovisar en [-delårsrapport-]{+tertialrapport+} "
                             "tom april månad avseende viktiga nyckeltal [-som har betydelse-] för [-utvecklingen av-] "
                             "nämndens ekonomi och verksamhet.\n");
    auto colour = review({"diff", "r.json", "/cover_letter/summary/0/review", "--color", "always"});
    EXPECT_EQ(colour.out, head +
                              "  Social- och arbetsmarknadsförvaltningen redovisar en \x1b[31mdelårsrapport\x1b[m "
                              "\x1b[32mtertialrapport\x1b[m tom april månad avseende viktiga nyckeltal \x1b[31msom har "
                              "betydelse\x1b[m för \x1b[31mutvecklingen av\x1b[m nämndens ekonomi och verksamhet.\n");
    // A text the rollover left as it was.
    auto same = review({"diff", "r.json", "/body/0/body/0/review"});
    EXPECT_EQ(same.out,
              "r.json:382:11: /body/0/body/0/review: to review: paragraph carried over from last year, \"Social och "
              "arbetsmarknadsnämnden ansvarar för individ- och…\"\n"
              "  (no difference: this year's text is last year's)\n");
}

TEST_F(ReviewCommand, AcceptRemovesTheMarkAndRewritesTheFileAtOnce) {
    edit_summary("Förvaltningen redovisar tertialrapport 1 för 2021.");
    ::chmod((dir_.path() / "r.json").c_str(), 0640);
    std::string before = file();
    auto r = review({"accept", "r.json", "/cover_letter/summary/0/review"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "accepted /cover_letter/summary/0/review: to review: paragraph carried over from last year, "
              "\"Förvaltningen redovisar tertialrapport 1 för 2021.\"\n"
              "wrote r.json: 1 review mark accepted, 93 left\n");
    // The file is what the writer makes of the report without that mark.
    Report expected = read(rolled);
    std::get<Paragraph>(expected.cover_letter->summary[0].content).text =
        "Förvaltningen redovisar tertialrapport 1 för 2021.";
    std::get<Paragraph>(expected.cover_letter->summary[0].content).review.reset();
    EXPECT_EQ(file(), json::write_report(expected));
    struct stat st {};
    ASSERT_EQ(::stat((dir_.path() / "r.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u) << "the file keeps its mode";
    for (const auto& e : fs::directory_iterator(dir_.path()))
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST_F(ReviewCommand, AcceptRefusesATextNobodyChangedUnlessTold) {
    std::string before = file();
    auto r = review({"accept", "r.json", "/body/0/body/0/review", "/body/2/body/0/body/0/body/0/items/0/review"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "r.json:382:11: /body/0/body/0/review: error: this year's text is still last year's, word for word; "
              "read it (`tertial review diff r.json /body/0/body/0/review`) and edit it, or pass --unchanged-ok to "
              "accept it as it is\n"
              "r.json:609:23: /body/2/body/0/body/0/body/0/items/0/review: error: this year's text is empty; read "
              "it (`tertial review diff r.json /body/2/body/0/body/0/body/0/items/0/review`) and edit it, or pass "
              "--unchanged-ok to accept it as it is\n"
              "tertial review accept: nothing written\n");
    EXPECT_EQ(file(), before);
    auto ok = review({"accept", "r.json", "/body/0/body/0/review", "--unchanged-ok"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_TRUE(ok.out.ends_with("wrote r.json: 1 review mark accepted, 93 left\n")) << ok.out;
}

TEST_F(ReviewCommand, AcceptInBulkTakesOnlyWhatWasChanged) {
    edit_summary("Förvaltningen redovisar tertialrapport 1 för 2021.");
    auto no = review({"accept", "r.json", "--all"});
    EXPECT_EQ(no.exit_code, 2);
    EXPECT_EQ(no.err,
              "tertial review accept: error: --all accepts every review mark in r.json (94) without showing them; add "
              "--yes to do so\n");
    auto all = review({"accept", "r.json", "--all", "--yes"});
    EXPECT_EQ(all.exit_code, 0) << all.err;
    EXPECT_EQ(all.out,
              "accepted /cover_letter/summary/0/review: to review: paragraph carried over from last year, "
              "\"Förvaltningen redovisar tertialrapport 1 för 2021.\"\n"
              "wrote r.json: 1 review mark accepted, 93 left\n"
              "  not accepted: 93 marks whose text is still last year's or empty; `tertial review diff r.json` shows "
              "them, --unchanged-ok accepts them as they are\n");
    // A section where nothing was changed: nothing to write.
    std::string before = file();
    auto section = review({"accept", "r.json", "--section", "5.3"});
    EXPECT_EQ(section.exit_code, 1);
    EXPECT_EQ(section.err,
              "tertial review accept: every selected mark's text is still last year's or empty: read and edit them "
              "(`tertial review diff r.json`), or pass --unchanged-ok to accept them as they are; nothing written\n");
    EXPECT_EQ(file(), before);
    auto taken = review({"accept", "r.json", "--section", "5.3", "--unchanged-ok"});
    EXPECT_EQ(taken.exit_code, 0) << taken.err;
    EXPECT_TRUE(taken.out.ends_with("wrote r.json: 2 review marks accepted, 91 left\n")) << taken.out;
    auto none = review({"accept", "r.json", "--section", "5.3"});
    EXPECT_EQ(none.exit_code, 0);
    EXPECT_EQ(none.out, "r.json: no review marks to accept; nothing written\n");
    auto list = review({"list", "r.json", "--section", "5.3"});
    EXPECT_EQ(list.out, "r.json: no review marks in section 5.3\n");
}

TEST(ReviewHelp, SaysEveryActionAndOption) {
    auto r = run_tertial({"review", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\nUsage: tertial review list|accept|diff REPORT.json [--section ID] [POINTER...]\n"),
              std::string::npos)
        << r.out;
    for (const char* option : {"--section", "--all", "--yes", "--unchanged-ok", "--color", "--plugin-dir"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option << "\n" << r.out;
    auto top = run_tertial({"--help"});
    EXPECT_NE(top.out.find("review"), std::string::npos) << top.out;
}

struct Usage {
    std::vector<std::string> args;
    int exit_code;
    std::string err;
};

TEST_F(ReviewCommand, CommandLinesThatSayTooLittleOrTooMuch) {
    std::string before = file();
    std::vector<Usage> cases = {
        {{"accept", "r.json"},
         2,
         "tertial review accept: error: say which marks to accept: POINTER..., --section ID, or --all (with --yes)\n"},
        {{"accept", "r.json", "--all", "/body/0"},
         2,
         "tertial review accept: error: --all accepts every mark; give it without POINTER or --section\n"},
        {{"list", "r.json", "--yes"}, 2, "tertial review list: error: --yes is for `tertial review accept` only\n"},
        {{"diff", "r.json", "--all"}, 2, "tertial review diff: error: --all is for `tertial review accept` only\n"},
        {{"list", "r.json", "--color", "always"}, 2, "tertial review list: error: --color is for `tertial review diff` only\n"},
        {{"list", "r.json", "/body/0/body/0/text"},
         2,
         "tertial review: error: r.json has no review mark at or under '/body/0/body/0/text'; `tertial review list "
         "r.json` shows them\n"},
        {{"accept", "r.json", "body/0"},
         2,
         "tertial review: error: r.json has no review mark at or under 'body/0'; `tertial review list r.json` shows "
         "them\n"},
        {{"list", "r.json", "--section", "5.9"},
         2,
         "tertial review: error: --section 5.9: r.json has no section with that id or number\n"},
        {{"list", "r.json", "--section", "5.3", "/body/0"},
         2,
         "tertial review: error: r.json has no review mark at or under '/body/0' in section 5.3; `tertial review list "
         "r.json` shows them\n"},
        {{"show", "r.json"},
         2,
         "tertial review: action: show not in {list,accept,diff}\nRun 'tertial review --help' for usage.\n"},
        {{"list", "nosuch.json"}, 3, "nosuch.json: error: cannot read: No such file or directory\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.args[0] + " " + c.args.back());
        auto r = review(c.args);
        EXPECT_EQ(r.exit_code, c.exit_code);
        EXPECT_EQ(r.err, c.err);
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(file(), before);
}

TEST_F(ReviewCommand, AReportThatCannotBeReadIsNeverWritten) {
    std::string broken = file();
    broken.replace(broken.find("\"status\": \"utkast\""), 18, "\"status\": \"klar\"");
    std::ofstream(dir_.path() / "r.json", std::ios::binary) << broken;
    auto r = review({"accept", "r.json", "--all", "--yes"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "r.json:21:5: error[json.value]: /meta/status: 'klar' is not one of: utkast, faststalld\n"
              "tertial review: r.json cannot be read as a report (above); nothing written\n");
    EXPECT_EQ(file(), broken);
    // A symbolic link is not replaced by a file.
    fs::copy_file(rolled, dir_.path() / "real.json");
    fs::create_symlink("real.json", dir_.path() / "link.json");
    auto link = review({"accept", "link.json", "/cover_letter/summary/0/review", "--unchanged-ok"});
    EXPECT_EQ(link.exit_code, 2);
    EXPECT_EQ(link.err,
              "tertial review accept: error: link.json is a symbolic link; Tertial replaces only regular files, never a "
              "link (write to the path of the file itself, or elsewhere); nothing written\n");
    EXPECT_TRUE(fs::is_symlink(dir_.path() / "link.json"));
    EXPECT_EQ(slurp(dir_.path() / "real.json"), slurp(rolled));
}

}  // namespace
}  // namespace tertial
