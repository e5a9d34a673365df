// What `tertial build` writes for each report: one entry per output format.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "commands.hpp"

namespace tertial::pdf {
class Resources;
}

namespace tertial::cli {

class BuildProgress;

// Shared by the outputs of one build, which may be made on several threads
// at once: the plugins, and fonts loaded once (safe to share: see
// pdf::Resources).
struct BuildContext {
    PluginHost& host;
    // By pdf::Resources::key (font family, logo); filled while planning,
    // only read while making.
    std::map<std::string, std::unique_ptr<pdf::Resources>> fonts;
    // PDFs still to be laid out with each house style's resources, as
    // planned: after the last one's layout, what only layout needs is freed
    // before its PDF is written (the run's peak memory is then lower).
    std::map<std::string, std::size_t> layouts_left;
    // The same for the first layout pass: after the last one, the
    // hyphenation patterns go (every paragraph is broken by then).
    std::map<std::string, std::size_t> first_passes_left;
    // The outputs still to read each report's model and resolution (a PDF
    // is done with them once laid out), as planned: after the last, both
    // are freed before the PDF is written (10 000 rows: the model and the
    // figures, about 10 MB, no longer held beside the file being made).
    // A report with no entry keeps its model.
    struct ModelReaders {
        LoadedReport* report;
        std::size_t left;
    };
    std::map<const LoadedReport*, ModelReaders> model_readers;
    // One output of `r` will not read its model or resolution again.
    void done_with_model(const LoadedReport& r);
    // `r` itself, to change, when it was planned (its entry above); else null.
    LoadedReport* planned(const LoadedReport& r);
    std::mutex layouts_lock;  // guards both counts and model_readers while making
    BuildProgress* progress = nullptr;  // pages laid out, PDFs being written; may be null
    // A build with a core to spare: a PDF's first layout pass has a helper
    // thread (pdf::LayoutInput::helper_thread), and its pages are drawn on
    // a second thread as well (pdf::EmitOptions::page_helper).
    bool layout_helper = false;
    bool page_helper = false;
    BuildContext(PluginHost& h);
    ~BuildContext();
};

// A format is one function with this signature and one line in the table:
// it returns the file's bytes, or throws std::runtime_error with a message.
struct OutputFormat {
    const char* name;
    const char* extension;
    std::function<std::string(const LoadedReport&, BuildContext&)> write;
    // Called for every output of this format the build will make, before
    // the first is made; may be empty.
    std::function<void(const LoadedReport&, BuildContext&)> plan = {};
};

const std::vector<OutputFormat>& output_formats();

// The house style of the municipality plugin the report names (loaded in
// `host`), or the default one; its logo file's path made whole (the plugin
// names it relative to the folder the plugin is in).
HouseStyle report_house_style(const Report& report, const PluginHost& host);
// pdf::Resources::load() of that style; a logo that cannot be used is
// refused naming the plugin, its file and the logo file (pdf::ImageError).
std::unique_ptr<pdf::Resources> load_resources(const Report& report, const PluginHost& host);

}  // namespace tertial::cli
