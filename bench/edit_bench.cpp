// edit_bench: the time from an edit posted to `tertial edit` to its new PDF served, over the real HTTP API.
//
//   edit_bench TERTIAL REPORT.json [EDITS]
//
// Copies REPORT.json into a temporary directory, starts `TERTIAL edit COPY
// --no-browser` there, and EDITS times (default 30) changes one entered cell
// (POST /api/edit with an "amount" op) and fetches GET /api/preview.pdf; each
// sample is the wall clock from sending the POST to having the whole PDF.
// Prints the median and the 90th percentile, and the editor process's CPU
// time per edit (what the wall clock would be on an idle machine, near enough). Not a test: exits 0 whatever
// the figures are.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Editor {
    pid_t pid = -1;
    int port = 0;
    std::string token;
};

Editor start(const std::string& tertial, const fs::path& file) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    Editor e;
    e.pid = fork();
    if (e.pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execl(tertial.c_str(), "tertial", "edit", file.c_str(), "--no-browser", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::string line;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    std::smatch m;
    if (!std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:([0-9]+)/\?token=([0-9a-f]+))")))
        throw std::runtime_error("tertial edit did not start: " + line);
    e.port = std::stoi(m[1]);
    e.token = m[2];
    return e;
}

// The value with its last digit changed: another number, as many decimals.
std::string other_value(const std::string& v) {
    std::string out = v;
    char& last = out.back();
    last = static_cast<char>('0' + (last - '0' + 1) % 10);
    return out;
}

// CPU time (user + system) the process has used so far, in ms.
double cpu_ms(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string f;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i)
        if (i == 14 || i == 15) ticks += std::stod(f);
    return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: edit_bench TERTIAL REPORT.json [EDITS]\n";
        return 2;
    }
    const std::string tertial = argv[1];
    const fs::path report = argv[2];
    const int edits = argc > 3 ? std::stoi(argv[3]) : 30;
    fs::path dir = fs::temp_directory_path() / ("tertial-edit-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::path copy = dir / report.filename();
    fs::copy_file(report, copy);
    Editor e = start(tertial, copy);
    httplib::Client client("127.0.0.1", e.port);
    client.set_read_timeout(120, 0);
    httplib::Headers headers{{"X-Tertial-Token", e.token}};
    const std::string pdf_path = "/api/preview.pdf?token=" + e.token;

    auto state = json::parse(client.Get("/api/state", headers)->body);
    client.Get(pdf_path.c_str());  // the first PDF, with fonts and caches still cold
    // An entered cell that can change without breaking a check (a total it
    // adds up to would then disagree): the first that takes a new value.
    std::string cell, original;
    for (const auto& [pointer, c] : state["cells"].items()) {
        if (c["computed"] == true || c["printed"] == "") continue;
        json value = state["report"].at(json::json_pointer(pointer));
        if (!value.is_string()) continue;
        json body{{"revision", state["revision"]},
                  {"ops", {{{"op", "amount"}, {"path", pointer}, {"text", other_value(value.get<std::string>())}}}}};
        auto r = client.Post("/api/edit", headers, body.dump(), "application/json");
        if (r && r->status == 200) {
            cell = pointer;
            original = value.get<std::string>();
            state = json::parse(r->body);
            break;
        }
    }
    std::vector<double> total, post_only;
    double cpu_before = cpu_ms(e.pid);
    if (cell.empty()) {
        std::cerr << "edit_bench: no entered cell of " << report << " takes another value\n";
    } else {
        for (int i = 0; i < edits; ++i) {
            std::string value = i % 2 == 0 ? original : other_value(original);
            json body{{"revision", state["revision"]}, {"ops", {{{"op", "amount"}, {"path", cell}, {"text", value}}}}};
            auto t0 = Clock::now();
            auto r = client.Post("/api/edit", headers, body.dump(), "application/json");
            auto t1 = Clock::now();
            auto pdf = client.Get(pdf_path.c_str());
            auto t2 = Clock::now();
            if (!r || r->status != 200 || !pdf || pdf->status != 200 || pdf->body.compare(0, 5, "%PDF-") != 0) {
                std::cerr << "edit_bench: edit " << i << " failed: " << (r ? r->body : "no answer") << "\n";
                break;
            }
            state = json::parse(r->body);
            total.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
            post_only.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
    }
    double cpu = total.empty() ? 0 : (cpu_ms(e.pid) - cpu_before) / static_cast<double>(total.size());
    kill(e.pid, SIGTERM);
    waitpid(e.pid, nullptr, 0);
    fs::remove_all(dir);
    if (total.empty()) return 0;
    std::printf("%s: cell %s, %zu edits: edit -> PDF served median %.1f ms, p90 %.1f ms "
                "(the POST alone: median %.1f ms, p90 %.1f ms); the editor's CPU time: %.1f ms per edit\n",
                report.filename().c_str(), cell.c_str(), total.size(), percentile(total, 0.5), percentile(total, 0.9),
                percentile(post_only, 0.5), percentile(post_only, 0.9), cpu);
    return 0;
}
