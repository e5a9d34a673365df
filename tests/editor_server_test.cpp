// `tertial edit`'s server over a real socket: state, edits, refusals, security, the file on disk.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "outputs.hpp"
#include "run_binary.hpp"
#include "tertial/editor/editor.hpp"
#include "tertial/editor/session.hpp"

namespace tertial {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::slurp;

const fs::path seed000 = fs::path(TERTIAL_SOURCE_DIR) / "examples/ostersund/san-tertial-1-2020.json";

// Seed 000 rolled over to 2021 by the real binary, once for all tests.
const std::string& rolled_seed() {
    static const std::string text = [] {
        fs::path out = fs::temp_directory_path() / ("tertial-editor-rolled-" + std::to_string(::getpid()) + ".json");
        auto r = test::run_tertial({"rollover", seed000.string(), "--to", "2021", "-o", out.string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        std::string t = slurp(out);
        fs::remove(out);
        return t;
    }();
    return text;
}

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// Lines of `a` not in `b`, counted with repetition (a rough diff size).
int lines_not_in(const std::string& a, const std::string& b) {
    std::map<std::string, int> count;
    std::istringstream sb(b), sa(a);
    for (std::string l; std::getline(sb, l);) ++count[l];
    int n = 0;
    for (std::string l; std::getline(sa, l);)
        if (count[l]-- <= 0) ++n;
    return n;
}

class EditorServer : public ::testing::Test {
protected:
    void SetUp() override {
        file_ = dir_.path() / "report.json";
        write(file_, rolled_seed());
        session_ = std::make_unique<editor::Session>(
            file_, host_, [this](const Report& r) { return cli::report_house_style(r, host_); });
        server_ = std::make_unique<editor::Server>(*session_, 0);
        thread_ = std::thread([this] { server_->listen(); });
        client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
        client_->set_read_timeout(60, 0);
        for (int i = 0; i < 200 && !client_->Get("/api/status?token=" + server_->token()); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    void TearDown() override {
        server_->stop();
        thread_.join();
    }

    httplib::Headers token_header() const { return {{"X-Tertial-Token", server_->token()}}; }
    json get_json(const std::string& path, int expect = 200) {
        auto r = client_->Get(path.c_str(), token_header());
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << r->body;
        return json::parse(r->body);
    }
    httplib::Result post(const std::string& path, const json& body, httplib::Headers headers = {}) {
        if (headers.empty()) headers = token_header();
        return client_->Post(path.c_str(), headers, body.dump(), "application/json");
    }
    json post_json(const std::string& path, const json& body, int expect) {
        auto r = post(path, body);
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << r->body;
        return json::parse(r->body);
    }
    json state() { return get_json("/api/state"); }
    json edit(const json& ops, int expect = 200) {
        return post_json("/api/edit", {{"revision", state()["revision"]}, {"ops", ops}}, expect);
    }
    // The first to-do of `kind` whose pointer contains `part`.
    std::string todo_pointer(const json& s, const std::string& kind, const std::string& part) {
        for (const auto& t : s["todo"])
            if (t["kind"] == kind && t["pointer"].get<std::string>().find(part) != std::string::npos)
                return t["pointer"];
        ADD_FAILURE() << "no " << kind << " to-do at " << part;
        return "";
    }
    json on_disk() { return json::parse(slurp(file_)); }

    test::TempDir dir_;
    fs::path file_;
    PluginHost host_{{fs::path(TERTIAL_PLUGIN_DIR)}};
    std::unique_ptr<editor::Session> session_;
    std::unique_ptr<editor::Server> server_;
    std::thread thread_;
    std::unique_ptr<httplib::Client> client_;
};

TEST_F(EditorServer, LoadsTheReportWithEverythingThePageShows) {
    json s = state();
    EXPECT_EQ(s["revision"], 1);
    EXPECT_EQ(s["file"], "report.json");
    EXPECT_EQ(s["disk_changed"], false);
    EXPECT_EQ(s["report"], on_disk());
    EXPECT_GT(s["figures"].size(), 100u);
    EXPECT_FALSE(s["cells"].empty());
    EXPECT_FALSE(s["texts"].empty());
    EXPECT_EQ(s["outline"][0]["pointer"], "/meta");
    EXPECT_EQ(s["outline"][1]["title"], "Sammanfattning");
    EXPECT_FALSE(s["todo"].empty());
    EXPECT_FALSE(s["pages"].empty());
    EXPECT_EQ(s["pages"][0][1], 1);
    EXPECT_EQ(s["can_undo"], false);
    // A computed cell says so, with its calculation.
    bool computed = false;
    for (const auto& [p, c] : s["cells"].items()) computed |= c["computed"] == true && c.contains("calc");
    EXPECT_TRUE(computed);
}

TEST_F(EditorServer, EditsACellAsTypedAndSavesTheCanonicalValue) {
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    std::string before = slurp(file_);
    json s = edit({{{"op", "amount"}, {"path", cell}, {"text", "1 234,5"}}});
    EXPECT_EQ(s["revision"], 2);
    EXPECT_EQ(on_disk().at(json::json_pointer(cell)), "1234.5");
    EXPECT_EQ(s["report"], on_disk());
    EXPECT_EQ(s["cells"][cell]["printed"], "1\u00A0234,5");
    // Written by Tertial's writer: only that cell's lines change.
    std::string after = slurp(file_);
    EXPECT_LE(lines_not_in(after, before), 1);
    EXPECT_LE(lines_not_in(before, after), 3);
    EXPECT_EQ(s["can_undo"], true);
}

TEST_F(EditorServer, EditsAText) {
    json s = edit({{{"op", "replace"}, {"path", "/cover_letter/summary/0/text"},
                    {"value", "Prognosen visar ett resultat enligt budget."}}});
    EXPECT_EQ(on_disk()["cover_letter"]["summary"][0]["text"], "Prognosen visar ett resultat enligt budget.");
    EXPECT_EQ(s["revision"], 2);
}

TEST_F(EditorServer, AcceptsAReviewMarkByRemovingIt) {
    json before = state();
    std::string mark = todo_pointer(before, "review", "/review");
    json s = edit({{{"op", "remove"}, {"path", mark}}});
    EXPECT_FALSE(on_disk().contains(json::json_pointer(mark)));
    EXPECT_EQ(s["todo"].size(), before["todo"].size() - 1);
}

TEST_F(EditorServer, ClearsAMetaTodoWhenItsFieldIsFilled) {
    ASSERT_TRUE(on_disk()["meta"].contains("todo"));
    edit({{{"op", "add"}, {"path", "/meta/dnr"}, {"value", "SAN 2021/17"}}});
    json todo = on_disk()["meta"].value("todo", json::array());
    EXPECT_EQ(std::count(todo.begin(), todo.end(), "dnr"), 0);
    EXPECT_EQ(on_disk()["meta"]["dnr"], "SAN 2021/17");
}

TEST_F(EditorServer, RefusedEditsLeaveTheFileByteIdentical) {
    std::string before = slurp(file_);
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    json r = edit({{{"op", "replace"}, {"path", "/body/999/text"}, {"value", "x"}}}, 422);
    EXPECT_NE(r["error"].get<std::string>().find("/body/999/text"), std::string::npos) << r;
    r = edit({{{"op", "amount"}, {"path", cell}, {"text", "12,3,4"}}}, 422);
    EXPECT_NE(r["error"].get<std::string>().find("\"12,3,4\" är inget belopp"), std::string::npos) << r;
    r = edit({{{"op", "replace"}, {"path", "no-slash"}, {"value", 1}}}, 422);
    // A reference to a figure that does not exist is an error the file did not have.
    r = edit({{{"op", "replace"}, {"path", "/cover_letter/summary/0/text"}, {"value", "Se {{finns.inte}}."}}}, 422);
    ASSERT_FALSE(r["diagnostics"].empty()) << r;
    EXPECT_EQ(r["diagnostics"][0]["severity"], "error");
    // All or nothing: a good op before a bad one is not saved either.
    edit({{{"op", "amount"}, {"path", cell}, {"text", "5"}}, {{"op", "remove"}, {"path", "/nope"}}}, 422);
    // Not a report any more.
    r = edit({{{"op", "replace"}, {"path", "/meta/kind"}, {"value", "roman"}}}, 422);
    EXPECT_FALSE(r["diagnostics"].empty());
    EXPECT_EQ(slurp(file_), before);
    EXPECT_EQ(state()["revision"], 1);
}

TEST_F(EditorServer, StaleRevisionIsRefusedWith409) {
    std::string before = slurp(file_);
    json r = post_json("/api/edit", {{"revision", 0}, {"ops", {{{"op", "remove"}, {"path", "/meta/todo"}}}}}, 409);
    EXPECT_TRUE(r.contains("error"));
    EXPECT_EQ(slurp(file_), before);
}

TEST_F(EditorServer, TokenHostAndOriginAreChecked) {
    const std::string t = server_->token();
    const std::string port = std::to_string(server_->port());
    auto status = [&](httplib::Result r) { return r ? r->status : -1; };
    EXPECT_EQ(status(client_->Get("/api/state")), 403);
    EXPECT_EQ(status(client_->Get("/api/state?token=0123")), 403);
    EXPECT_EQ(status(client_->Get(("/api/state?token=" + std::string(32, '0')).c_str())), 403);
    EXPECT_EQ(status(client_->Get(("/api/status?token=" + t).c_str())), 200);
    EXPECT_EQ(status(client_->Get("/api/status", {{"X-Tertial-Token", t}})), 200);
    // DNS rebinding: the right token under another name is still refused.
    EXPECT_EQ(status(client_->Get("/api/status", {{"X-Tertial-Token", t}, {"Host", "evil.example:" + port}})), 403);
    EXPECT_EQ(status(client_->Get("/api/status", {{"X-Tertial-Token", t}, {"Host", "localhost:" + port}})), 200);
    EXPECT_EQ(status(client_->Get("/api/status", {{"X-Tertial-Token", t}, {"Origin", "http://evil.example"}})), 403);
    EXPECT_EQ(status(client_->Get("/api/status", {{"X-Tertial-Token", t}, {"Origin", "http://127.0.0.1:" + port}})), 200);
    // A POST needs the token in its header, not the query, and JSON.
    json body{{"revision", 1}, {"ops", {{{"op", "remove"}, {"path", "/meta/todo"}}}}};
    std::string before = slurp(file_);
    EXPECT_EQ(status(client_->Post(("/api/edit?token=" + t).c_str(), body.dump(), "application/json")), 403);
    EXPECT_EQ(status(post("/api/edit", body, {{"X-Tertial-Token", "x"}})), 403);
    EXPECT_EQ(status(post("/api/edit", body, {{"X-Tertial-Token", t}, {"Origin", "http://evil.example"}})), 403);
    EXPECT_EQ(status(client_->Post("/api/edit", {{"X-Tertial-Token", t}}, body.dump(), "text/plain")), 415);
    EXPECT_EQ(slurp(file_), before);
    // Nothing but the editor: no other file.
    EXPECT_EQ(status(client_->Get(("/..%2f..%2fetc%2fpasswd?token=" + t).c_str())), 404);
    EXPECT_EQ(status(client_->Get(("/report.json?token=" + t).c_str())), 404);
}

TEST_F(EditorServer, AChangeOnDiskIsNeverOverwritten) {
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    int revision = state()["revision"];
    std::string theirs = slurp(file_) + "\n";
    write(file_, theirs);
    EXPECT_EQ(get_json("/api/status")["disk_changed"], true);
    json r = post_json("/api/edit", {{"revision", revision}, {"ops", {{{"op", "amount"}, {"path", cell}, {"text", "7"}}}}}, 409);
    EXPECT_EQ(r["disk_changed"], true);
    EXPECT_EQ(slurp(file_), theirs);
    post_json("/api/undo", {{"revision", revision}}, 409);
    EXPECT_EQ(slurp(file_), theirs);
    // Same size, same content, new time: not a change.
    json s = post_json("/api/reload", json::object(), 200);
    EXPECT_EQ(s["disk_changed"], false);
    EXPECT_EQ(s["revision"], revision + 1);
    edit({{{"op", "amount"}, {"path", cell}, {"text", "7"}}});
    EXPECT_EQ(on_disk().at(json::json_pointer(cell)), "7");
}

TEST_F(EditorServer, UndoAndRedo) {
    std::string original = slurp(file_);
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    edit({{{"op", "amount"}, {"path", cell}, {"text", "\u22122,9"}}});
    std::string edited = slurp(file_);
    EXPECT_EQ(on_disk().at(json::json_pointer(cell)), "-2.9");
    json s = post_json("/api/undo", {{"revision", 2}}, 200);
    EXPECT_EQ(slurp(file_), original);
    EXPECT_EQ(s["revision"], 3);
    EXPECT_EQ(s["can_undo"], false);
    EXPECT_EQ(s["can_redo"], true);
    s = post_json("/api/redo", {{"revision", 3}}, 200);
    EXPECT_EQ(slurp(file_), edited);
    EXPECT_EQ(s["can_redo"], false);
    post_json("/api/redo", {{"revision", 4}}, 409);
}

TEST_F(EditorServer, PreviewIsThePdfOfTheCurrentRevision) {
    auto first = client_->Get(("/api/preview.pdf?token=" + server_->token()).c_str());
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    EXPECT_EQ(first->body.substr(0, 5), "%PDF-");
    EXPECT_EQ(first->get_header_value("Content-Type"), "application/pdf");
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    edit({{{"op", "amount"}, {"path", cell}, {"text", "98 765,4"}}});
    auto second = client_->Get(("/api/preview.pdf?token=" + server_->token()).c_str());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->get_header_value("X-Tertial-Revision"), "2");
    test::TempDir d;
    write(d.path() / "p.pdf", second->body);
    auto text = test::run_shell("pdftotext -layout " + test::shell_quote(d / "p.pdf") + " -");
    EXPECT_NE(text.out.find("98 765,4"), std::string::npos);
    write(d.path() / "q.pdf", first->body);
    EXPECT_EQ(test::run_shell("pdftotext -layout " + test::shell_quote(d / "q.pdf") + " -").out.find("98 765,4"),
              std::string::npos);
}

TEST_F(EditorServer, PagesPointAtWhereBlocksStart) {
    json s = state();
    std::map<std::string, int> pages;
    for (const auto& p : s["pages"]) pages[p[0]] = p[1];
    EXPECT_EQ(pages.at("/cover_letter"), 1);
    ASSERT_TRUE(pages.count("/body"));
    EXPECT_GT(pages.at("/body"), pages.at("/cover_letter"));
    int last = 0;
    for (std::size_t i = 0; pages.count("/body/" + std::to_string(i)); ++i) {
        EXPECT_GE(pages.at("/body/" + std::to_string(i)), last);
        last = pages.at("/body/" + std::to_string(i));
    }
    EXPECT_GT(last, pages.at("/body"));
}

// The editor saves with Tertial's writer. Every example reads and writes back
// byte for byte, so the first edit of one changes only what was edited.
TEST(EditorWriter, ExamplesComeBackByteForByte) {
    for (const auto& f : test::example_files()) {
        std::string text = slurp(f);
        auto r = ::tertial::json::read_report(text);
        ASSERT_TRUE(r.report) << f;
        EXPECT_TRUE(::tertial::json::write_report(*r.report) == text) << f;
    }
}

// ---- the real binary: the lock, the .bak copy, signals -------------------------------

// `tertial edit FILE --no-browser` in the background, its first line read.
struct EditProcess {
    pid_t pid = -1;
    int out = -1;
    std::string first_line;
    explicit EditProcess(const fs::path& file) {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid = fork();
        if (pid == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            execl(TERTIAL_BINARY, "tertial", "edit", file.c_str(), "--no-browser", "--plugin-dir", TERTIAL_PLUGIN_DIR,
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        out = fds[0];
        char c;
        while (read(out, &c, 1) == 1 && c != '\n') first_line += c;
    }
    // The exit code; -1 if it ended by a signal, -2 if it had not ended
    // 30 s after `sig` (then it is killed, so a hang fails the test).
    int stop(int sig) {
        kill(pid, sig);
        int status = 0;
        bool ended = false;
        for (int i = 0; i < 3000 && !ended; ++i) {
            ended = waitpid(pid, &status, WNOHANG) == pid;
            if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (!ended) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            code = -2;
        }
        close(out);
        return code;
    }
};

TEST(EditorBinary, LocksTheFileKeepsABackupAndStopsCleanly) {
    test::TempDir dir;
    fs::path file = dir.path() / "r.json";
    write(file, rolled_seed());
    EditProcess first(file);
    ASSERT_TRUE(std::regex_match(first.first_line,
                                 std::regex(R"(Tertial editor: http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{32})")))
        << first.first_line;
    EXPECT_EQ(slurp(dir.path() / "r.json.bak"), rolled_seed());
    EXPECT_TRUE(fs::exists(dir.path() / ".r.json.lock"));
    auto second = test::run_tertial({"edit", file.string(), "--no-browser"});
    EXPECT_EQ(second.exit_code, 3);
    EXPECT_EQ(second.err, "tertial edit: error: " + file.string() + ": it is open in another tertial edit (process " +
                              std::to_string(first.pid) + "); close that one first (lock file " +
                              (dir.path() / ".r.json.lock").string() + ")\n");
    EXPECT_EQ(first.stop(SIGTERM), 0);
    EXPECT_FALSE(fs::exists(dir.path() / ".r.json.lock"));
    EXPECT_EQ(slurp(file), rolled_seed());
    // Free again once the first has stopped; Ctrl-C stops it the same way.
    EditProcess again(file);
    EXPECT_TRUE(again.first_line.starts_with("Tertial editor: ")) << again.first_line;
    EXPECT_EQ(again.stop(SIGINT), 0);
}

TEST(EditorBinary, RefusesAFileThatIsNoReport) {
    test::TempDir dir;
    write(dir.path() / "bad.json", "{\"format\": ");
    auto r = test::run_tertial({"edit", "bad.json", "--no-browser"}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.err.ends_with("tertial edit: error: bad.json does not read as a report; nothing opened\n")) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "bad.json.bak"));
    EXPECT_FALSE(fs::exists(dir.path() / ".bad.json.lock"));
}

// ---- the import: the same run as `tertial import`, nothing changed until accepted --------

std::string base64(const std::string& bytes) {
    static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
        out += digits[n >> 18 & 63];
        out += digits[n >> 12 & 63];
        out += i + 1 < bytes.size() ? digits[n >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? digits[n & 63] : '=';
    }
    return out;
}

// A test export of the ledger (tests/data/ledger) for the rolled report's period, 2021.
std::string export_2021(const char* file) {
    std::string text = slurp(fs::path(TERTIAL_SOURCE_DIR) / "tests/data/ledger" / file);
    auto at = text.find("2020-01 – 2020-04");
    EXPECT_NE(at, std::string::npos);
    return text.replace(at, std::string("2020-01 – 2020-04").size(), "2021-01 – 2021-04");
}

json ledger_import(int revision, const std::string& name, const std::string& bytes) {
    return {{"revision", revision},
            {"kind", "ledger"},
            {"files", {{{"name", name}, {"data", base64(bytes)}, {"modified", "2021-05-04"}}}}};
}

const std::string kTaxor = "/body/4/body/0/body/0/rows/0/cells/utfall";

TEST_F(EditorServer, ImportShowsTheReconciliationAndChangesThenSavesWhenAccepted) {
    std::string before = slurp(file_);
    std::string csv = export_2021("ostersund-comma.csv");
    json r = post_json("/api/import", ledger_import(1, "huvudbok-2021-04.csv", csv), 200);
    const json& v = r["import"];
    EXPECT_EQ(v["kind"], "ledger");
    EXPECT_EQ(v["date"], "2021-05-04");
    EXPECT_EQ(v["mapping"]["table"], "drift");
    EXPECT_EQ(v["reconciliation"]["total"], "4\u00a0227\u00a0067,79");
    EXPECT_EQ(v["reconciliation"]["imported"], "3\u00a0234\u00a0567,79");
    EXPECT_EQ(v["reconciliation"]["left_out"], "992\u00a0500,00");
    EXPECT_EQ(v["reconciliation"]["unmapped"].size(), 0u);
    EXPECT_EQ(v["changes"][0]["where"], "taxor (Taxor och avgifter)");
    EXPECT_EQ(v["changes"][0]["pointer"], kTaxor);
    EXPECT_EQ(v["changes"][0]["change"], "(tom) → 1,0 (exakt 1,01234567)");
    ASSERT_TRUE(v["id"].is_string());
    // A dry run: the file, the revision and the undo stack as they were.
    EXPECT_EQ(slurp(file_), before);
    json s = state();
    EXPECT_EQ(s["revision"], 1);
    EXPECT_EQ(s["can_undo"], false);

    s = post_json("/api/import/accept", {{"revision", 1}, {"import", v["id"]}}, 200);
    EXPECT_EQ(s["revision"], 2);
    EXPECT_EQ(s["can_undo"], true);
    json disk = on_disk();
    EXPECT_EQ(disk.at(json::json_pointer(kTaxor)), "1.01234567");
    const json& source = disk.at(json::json_pointer("/body/4/body/0/body/0/sources/0"));
    EXPECT_EQ(source["file"], "huvudbok-2021-04.csv");
    EXPECT_EQ(source["date"], "2021-05-04");
    EXPECT_EQ(source["rows"], 27);
    EXPECT_EQ(source["sum"], "4227067.79");
    test::TempDir d;
    write(d.path() / "e.csv", csv);
    EXPECT_EQ(source["sha256"], test::run_shell("sha256sum " + test::shell_quote(d / "e.csv")).out.substr(0, 64));
    // Accepted once only; undone like any edit.
    post_json("/api/import/accept", {{"revision", 2}, {"import", v["id"]}}, 409);
    post_json("/api/undo", {{"revision", 2}}, 200);
    EXPECT_EQ(slurp(file_), before);
}

TEST_F(EditorServer, ImportWithAnUnmappedCodeIsRefusedWithTheCommandsMessage) {
    std::string before = slurp(file_);
    json r = post_json("/api/import", ledger_import(1, "huvudbok.csv", export_2021("bad-unmapped.csv")), 422);
    EXPECT_EQ(r["error"],
              "huvudbok.csv: error: 3 codes no rule of mapping 'drift_utfall' maps (give them a rule, an exclusion with "
              "its reason, or name an \"other\" row):\n"
              "  konto 9110, ansvar 300000, verksamhet 7000: 1 234,50 kr (1 line)\n"
              "  konto 9110, ansvar 310010, verksamhet 7000: 100,00 kr (1 line)\n"
              "  konto 9120, ansvar 300000, verksamhet 7000: -234,25 kr (1 line)");
    const json& rec = r["import"]["reconciliation"];
    ASSERT_EQ(rec["unmapped"].size(), 3u);
    EXPECT_EQ(rec["unmapped"][0]["codes"], "konto 9110, ansvar 300000, verksamhet 7000");
    EXPECT_EQ(rec["unmapped_total"], "1\u00a0100,25");
    EXPECT_FALSE(r["import"].contains("id"));
    post_json("/api/import/accept", {{"revision", 1}, {"import", "1-1"}}, 409);
    EXPECT_EQ(slurp(file_), before);
    EXPECT_EQ(state()["revision"], 1);
}

TEST_F(EditorServer, AnImportPreviewedBeforeAnEditIsNotAccepted) {
    json r = post_json("/api/import", ledger_import(1, "huvudbok.csv", export_2021("ostersund-comma.csv")), 200);
    std::string cell = todo_pointer(state(), "todo", "/cells/");
    edit({{{"op", "amount"}, {"path", cell}, {"text", "7"}}});
    std::string after_edit = slurp(file_);
    post_json("/api/import/accept", {{"revision", 2}, {"import", r["import"]["id"]}}, 409);
    EXPECT_EQ(slurp(file_), after_edit);
    // Bad requests: a file that is not base64, no date at all.
    json bad = ledger_import(2, "x.csv", "a");
    bad["files"][0]["data"] = "!!!";
    EXPECT_EQ(post_json("/api/import", bad, 400)["error"], "x.csv: innehållet är inte base64.");
    bad = ledger_import(2, "x.csv", "a");
    bad["files"][0].erase("modified");
    EXPECT_EQ(post_json("/api/import", bad, 400)["error"], "x.csv: filens ändringsdatum är okänt; ange datum.");
}

TEST_F(EditorServer, KoladaImportIsShownAsTheCommandWouldRunIt) {
    std::string before = slurp(file_);
    std::string snapshot = slurp(fs::path(TERTIAL_SOURCE_DIR) / "tests/data/kolada/ostersund-nyckeltal.json");
    json body{{"revision", 1},
              {"kind", "kolada"},
              {"files", {{{"name", "kolada.json"}, {"data", base64(snapshot)}, {"modified", "2021-05-03"}}}}};
    json v = post_json("/api/import", body, 200)["import"];
    EXPECT_EQ(v["kind"], "kolada");
    EXPECT_EQ(v["date"], "2021-05-03");
    EXPECT_EQ(v["files"], json::array({"kolada.json"}));
    EXPECT_TRUE(v["summary"].contains("filled"));
    EXPECT_FALSE(v["warnings"].empty());  // KPIs of the snapshot the report does not name, placed in the file
    EXPECT_EQ(v["warnings"][0].get<std::string>().rfind("kolada.json:", 0), 0u) << v["warnings"][0];
    EXPECT_TRUE(v["id"].is_string());
    EXPECT_EQ(slurp(file_), before);
    // Not a Kolada response: the command's message, placed in the file.
    body["files"][0]["data"] = base64("{\"count\": 1}");
    json r = post_json("/api/import", body, 422);
    EXPECT_EQ(r["error"].get<std::string>().rfind("kolada.json:1:1: error: not a Kolada API response", 0), 0u) << r["error"];
}

}  // namespace
}  // namespace tertial
