// What `tertial build` writes for each report: one entry per output format.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"

namespace tertial::pdf {
class Resources;
}

namespace tertial::cli {

// Shared by the outputs of one build: the plugins, and fonts loaded once.
struct BuildContext {
    PluginHost& host;
    std::map<std::string, std::unique_ptr<pdf::Resources>> fonts;  // by font family
    BuildContext(PluginHost& h);
    ~BuildContext();
};

// A format is one function with this signature and one line in the table:
// it returns the file's bytes, or throws std::runtime_error with a message.
struct OutputFormat {
    const char* name;
    const char* extension;
    std::function<std::string(const LoadedReport&, BuildContext&)> write;
};

const std::vector<OutputFormat>& output_formats();

// The house style of the municipality plugin the report names (loaded in
// `host`), or the default one.
HouseStyle report_house_style(const Report& report, const PluginHost& host);

}  // namespace tertial::cli
