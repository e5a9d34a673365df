// The output formats of `tertial build`: the resolved JSON and the PDF.
#include "outputs.hpp"

#include "build_progress.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::cli {
namespace {

std::string write_json(const LoadedReport& r, BuildContext&) { return json::write_report(*r.read.report, &*r.resolution); }

// Planning runs on one thread, before any output is made: the fonts of
// every family are loaded here, so that the threads making PDFs only read
// the map.
void plan_pdf(const LoadedReport& r, BuildContext& ctx) {
    HouseStyle style = report_house_style(*r.read.report, ctx.host);
    ++ctx.layouts_left[style.font_family];
    auto& fonts = ctx.fonts[style.font_family];
    if (!fonts) fonts = pdf::Resources::load(style);
}

std::string write_pdf(const LoadedReport& r, BuildContext& ctx) {
    HouseStyle style = report_house_style(*r.read.report, ctx.host);
    auto& fonts = ctx.fonts[style.font_family];
    if (!fonts) fonts = pdf::Resources::load(style);  // not planned (a caller of write alone)
    // The input file itself is embedded, byte for byte: the PDF alone
    // carries the whole report, and `tertial extract` gives it back.
    pdf::LayoutInput input{*r.read.report, *r.resolution, style, *fonts, r.text};
    if (ctx.progress) input.on_page = [progress = ctx.progress](int pass, std::size_t) { progress->page(pass); };
    pdf::Document document = pdf::layout_report(input);
    // The last layout with these fonts (of every report made at once: each
    // counts down after its layout is done): the hyphenation patterns and
    // the text cache go before the file is made (seed 000: peak 31.8 ->
    // 29.7 MB).
    {
        std::lock_guard<std::mutex> held(ctx.layouts_lock);
        auto left = ctx.layouts_left.find(style.font_family);
        if (left != ctx.layouts_left.end() && left->second > 0 && --left->second == 0) fonts->release_layout_parts();
    }
    if (ctx.progress) ctx.progress->writing(+1);
    struct Written {
        BuildProgress* progress;
        ~Written() {
            if (progress) progress->writing(-1);
        }
    } written{ctx.progress};
    return pdf::emit_pdf(document);
}

}  // namespace

HouseStyle report_house_style(const Report& report, const PluginHost& host) {
    for (const auto& id : report.meta.plugins)
        for (const auto& p : host.loaded())
            if (p->id == id && p->house_style) return *p->house_style;
    return pdf::default_house_style();
}

BuildContext::BuildContext(PluginHost& h) : host(h) {}
BuildContext::~BuildContext() = default;

const std::vector<OutputFormat>& output_formats() {
    static const std::vector<OutputFormat> table{
        {"json", ".json", write_json},
        {"pdf", ".pdf", write_pdf, plan_pdf},
    };
    return table;
}

}  // namespace tertial::cli
