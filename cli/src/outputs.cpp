// The output formats of `tertial build`: the resolved JSON and the PDF.
#include "outputs.hpp"

#include <fmt/format.h>

#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::cli {
namespace {

std::string write_json(const LoadedReport& r, BuildContext&) { return json::write_report(*r.read.report, &*r.resolution); }

void plan_pdf(const LoadedReport& r, BuildContext& ctx) {
    ++ctx.layouts_left[pdf::Resources::key(report_house_style(*r.read.report, ctx.host))];
}

std::string write_pdf(const LoadedReport& r, BuildContext& ctx) {
    HouseStyle style = report_house_style(*r.read.report, ctx.host);
    auto& fonts = ctx.fonts[pdf::Resources::key(style)];
    if (!fonts) fonts = load_resources(*r.read.report, ctx.host);
    // The input file itself is embedded, byte for byte: the PDF alone
    // carries the whole report, and `tertial extract` gives it back.
    pdf::Document document = pdf::layout_report({*r.read.report, *r.resolution, style, *fonts, r.text});
    // The last layout with these fonts: the hyphenation patterns and the
    // text cache go before the file is made (seed 000: peak 31.8 -> 29.7 MB).
    auto left = ctx.layouts_left.find(pdf::Resources::key(style));
    if (left != ctx.layouts_left.end() && left->second > 0 && --left->second == 0) fonts->release_layout_parts();
    return pdf::emit_pdf(document);
}

}  // namespace

namespace {

// The municipality plugin whose house style the report uses, or none.
const LoadedPlugin* house_style_plugin(const Report& report, const PluginHost& host) {
    for (const auto& id : report.meta.plugins)
        for (const auto& p : host.loaded())
            if (p->id == id && p->house_style) return p.get();
    return nullptr;
}

}  // namespace

HouseStyle report_house_style(const Report& report, const PluginHost& host) {
    const LoadedPlugin* p = house_style_plugin(report, host);
    if (!p) return pdf::default_house_style();
    HouseStyle style = *p->house_style;
    // The plugin names its logo relative to its own folder.
    if (style.logo_file) style.logo_file = (p->file.parent_path() / *style.logo_file).lexically_normal().string();
    return style;
}

std::unique_ptr<pdf::Resources> load_resources(const Report& report, const PluginHost& host) {
    HouseStyle style = report_house_style(report, host);
    try {
        return pdf::Resources::load(style);
    } catch (const pdf::ImageError& e) {
        const LoadedPlugin* p = house_style_plugin(report, host);
        throw pdf::ImageError(fmt::format("the house style of plugin '{}' ({}): {}", p ? p->id : "?",
                                          p ? p->file.string() : "", e.what()));
    }
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
