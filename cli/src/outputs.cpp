// The output formats of `tertial build`: the resolved JSON and the PDF.
#include "outputs.hpp"

#include <exception>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "build_progress.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::cli {
namespace {

// Counts one of `key`'s planned layouts (or first passes) done, under
// ctx.layouts_lock: true for the last one.
bool last_of_planned(BuildContext& ctx, std::map<std::string, std::size_t>& left, const std::string& key) {
    std::lock_guard<std::mutex> held(ctx.layouts_lock);
    auto it = left.find(key);
    return it != left.end() && it->second > 0 && --it->second == 0;
}

std::string write_json(const LoadedReport& r, BuildContext& ctx) {
    std::string bytes = json::write_report(*r.read.report, &*r.resolution);
    ctx.done_with_model(r);
    return bytes;
}

// Planning runs on one thread, before any output is made: the resources
// of every house style (fonts, logo) are loaded here, so that the threads
// making PDFs only read the map.
void plan_pdf(const LoadedReport& r, BuildContext& ctx) {
    HouseStyle style = report_house_style(*r.read.report, ctx.host);
    const std::string key = pdf::Resources::key(style);
    ++ctx.layouts_left[key];
    ++ctx.first_passes_left[key];
    auto& fonts = ctx.fonts[key];
    // A house style that cannot be loaded (a font, the logo) stays unloaded
    // here: write_pdf tries again and fails as that output's failure, with
    // the message that names the plugin and the file.
    if (fonts) return;
    try {
        fonts = load_resources(*r.read.report, ctx.host);
    } catch (const std::exception&) {
    }
}

std::string write_pdf(const LoadedReport& r, BuildContext& ctx) {
    HouseStyle style = report_house_style(*r.read.report, ctx.host);
    const std::string key = pdf::Resources::key(style);
    // Planned resources are only read here (several threads make PDFs at
    // once); a caller of write alone, or a house style that failed to load
    // while planning, loads its own.
    std::unique_ptr<pdf::Resources> own;
    const pdf::Resources* fonts = nullptr;
    if (auto planned = ctx.fonts.find(key); planned != ctx.fonts.end() && planned->second)
        fonts = planned->second.get();
    else
        fonts = (own = load_resources(*r.read.report, ctx.host)).get();
    // The input file itself is embedded, byte for byte: the PDF alone
    // carries the whole report, and `tertial extract` gives it back. It is
    // compressed as the PDF holds it: by the layout's helper thread once its
    // part of the layout is done (one small report: about a millisecond
    // less before the pages), or else now, and then in a planned build
    // (where nothing else reads it) the text itself is freed while the
    // pages are laid out (50 000 rows: 7.9 MB); a layout that fails gives
    // it back, since its error names a place in it.
    std::optional<pdf::Attachment> packed;
    std::exception_ptr packing_failed;  // on the helper thread, said after the layout
    LoadedReport* owner = ctx.planned(r);
    pdf::LayoutInput input{*r.read.report, *r.resolution, style, *fonts, {}};
    input.anchors = false;  // the editor's page map: not in the file
    input.helper_thread = ctx.layout_helper;
    const bool pack_beside = input.helper_thread;
    if (pack_beside) {
        input.beside_layout = [&]() noexcept {
            try {
                packed = pdf::source_attachment(r.text);
            } catch (...) {
                packing_failed = std::current_exception();
            }
        };
    } else {
        packed = pdf::source_attachment(r.text);
        if (owner) std::string().swap(owner->text);
    }
    if (ctx.progress) input.on_page = [progress = ctx.progress](int pass, std::size_t) { progress->page(pass); };
    if (!own)
        input.between_passes = [&ctx, &key, fonts] {
            if (last_of_planned(ctx, ctx.first_passes_left, key) && fonts->hyphenator())
                fonts->hyphenator()->release_patterns();
        };
    pdf::Document document = [&] {
        try {
            return pdf::layout_report(input);
        } catch (...) {
            if (owner && !pack_beside) owner->text = pdf::attachment_bytes(*packed);
            throw;
        }
    }();
    if (packing_failed) std::rethrow_exception(packing_failed);
    if (owner && pack_beside) std::string().swap(owner->text);  // read by the helper until now
    // The last layout with these fonts (of every report made at once: each
    // counts down after its layout is done): the hyphenation patterns and
    // the text cache go before the file is made (seed 000: peak 31.8 ->
    // 29.7 MB).
    if (!own && last_of_planned(ctx, ctx.layouts_left, key)) {
        pdf::Resources& done = *ctx.fonts.find(key)->second;
        if (ctx.layout_helper) done.keep_layout_parts_until_exit();  // one small report: freed by the system
        else done.release_layout_parts();
    }
    ctx.done_with_model(r);
    document.attachments.push_back(std::move(*packed));
    if (ctx.progress) ctx.progress->writing(+1);
    struct Written {
        BuildProgress* progress;
        ~Written() {
            if (progress) progress->writing(-1);
        }
    } written{ctx.progress};
    pdf::EmitOptions options;
    options.page_helper = ctx.page_helper;
    return pdf::emit_pdf(std::move(document), options);
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

LoadedReport* BuildContext::planned(const LoadedReport& r) {
    std::lock_guard<std::mutex> held(layouts_lock);
    auto it = model_readers.find(&r);
    return it == model_readers.end() ? nullptr : it->second.report;
}

void BuildContext::done_with_model(const LoadedReport& r) {
    LoadedReport* last = nullptr;
    {
        std::lock_guard<std::mutex> held(layouts_lock);
        auto it = model_readers.find(&r);
        if (it == model_readers.end() || it->second.left == 0) return;
        if (--it->second.left > 0) return;
        last = it->second.report;
    }
    // No other output reads them now: freed outside the lock.
    last->read.report.reset();
    last->resolution.reset();
}
BuildContext::~BuildContext() = default;

const std::vector<OutputFormat>& output_formats() {
    static const std::vector<OutputFormat> table{
        {"json", ".json", write_json},
        {"pdf", ".pdf", write_pdf, plan_pdf},
    };
    return table;
}

}  // namespace tertial::cli
