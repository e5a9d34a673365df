// Where the time of one PDF goes: reads and checks a report, then renders
// it N times, timing each phase (fonts and patterns, layout, the PDF file) in process. "cold" starts every round from fresh
// Resources (fonts loaded, nothing remembered), as a one-report run does;
// "warm" keeps them, as the second and later reports of a run do. The last
// row writes the same file again with its pages drawn on a second thread as
// well (EmitOptions::page_helper, as `tertial build` of one report does),
// and checks that the bytes are the same.
// Usage: pdf_phases REPORT.json [ROUNDS]. Prints figures; never fails on them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "commands.hpp"
#include "outputs.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Series {
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
    double median() {
        std::sort(ms.begin(), ms.end());
        return ms.empty() ? 0 : ms[ms.size() / 2];
    }
    double min() { return ms.empty() ? 0 : *std::min_element(ms.begin(), ms.end()); }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: pdf_phases REPORT.json [ROUNDS]\n";
        return 2;
    }
    const int rounds = argc > 2 ? std::max(1, std::stoi(argv[2])) : 20;
    using namespace tertial;
    PluginHost host(cli::plugin_search_path({}));

    std::map<std::string, Series> cold, warm;
    std::vector<std::string> order{"read+check", "resources", "layout", "emit", "total", "layout, 2 threads", "emit, 2 threads"};
    std::size_t bytes = 0, pages = 0;
    for (int mode = 0; mode < 2; ++mode) {
        auto& out = mode == 0 ? cold : warm;
        std::unique_ptr<pdf::Resources> kept;
        for (int i = 0; i < rounds + 1; ++i) {  // the first round warms the OS caches and is not counted
            auto t0 = Clock::now();
            auto t = Clock::now();
            auto r = cli::load_and_check(argv[1], host, std::cerr);
            if (!r || !r->resolution) {
                std::cerr << argv[1] << ": does not check; run `tertial check` on it\n";
                return 1;
            }
            double read_ms = ms_since(t);
            HouseStyle style = cli::report_house_style(*r->read.report, host);
            t = Clock::now();
            if (mode == 0 || !kept) kept = pdf::Resources::load(style);
            double resources_ms = ms_since(t);
            t = Clock::now();
            pdf::Document doc = pdf::layout_report({*r->read.report, *r->resolution, style, *kept, r->text});
            double layout_ms = ms_since(t);
            t = Clock::now();
            std::string raw = pdf::emit_pdf(doc);
            double emit_ms = ms_since(t);
            const std::string& pdf = raw;
            double total_ms = ms_since(t0);
            // The same file with its pages drawn on a second thread as well,
            // as `tertial build` of one report makes it (not in the total).
            pdf::EmitOptions helped;
            helped.page_helper = true;
            t = Clock::now();
            if (pdf::emit_pdf(doc, helped) != raw) {
                std::cerr << argv[1] << ": the pages drawn on two threads give other bytes\n";
                return 1;
            }
            double helped_ms = ms_since(t);
            // The layout again with a helper thread (LayoutInput::helper_thread),
            // from resources as cold as the first layout's (or as warm).
            std::unique_ptr<pdf::Resources> fresh;
            if (mode == 0) fresh = pdf::Resources::load(style);
            pdf::LayoutInput two{*r->read.report, *r->resolution, style, mode == 0 ? *fresh : *kept, r->text};
            two.helper_thread = true;
            t = Clock::now();
            pdf::Document doc2 = pdf::layout_report(two);
            double layout2_ms = ms_since(t);
            if (pdf::emit_pdf(doc2) != raw) {
                std::cerr << argv[1] << ": the layout with a helper thread gives other bytes\n";
                return 1;
            }
            bytes = pdf.size();
            pages = doc.pages.size();
            if (i == 0) continue;
            out["read+check"].add(read_ms);
            out["resources"].add(resources_ms);
            out["layout"].add(layout_ms);
            out["emit"].add(emit_ms);
            out["total"].add(total_ms);
            out["emit, 2 threads"].add(helped_ms);
            out["layout, 2 threads"].add(layout2_ms);
        }
    }
    std::printf("%s: %zu pages, %zu bytes, %d rounds (median / min ms)\n", argv[1], pages, bytes, rounds);
    std::printf("%-16s %18s %18s\n", "phase", "cold", "warm");
    for (const auto& name : order)
        std::printf("%-16s %8.1f / %7.1f %8.1f / %7.1f\n", name.c_str(), cold[name].median(), cold[name].min(),
                    warm[name].median(), warm[name].min());
    return 0;
}
