// `tertial edit`: the command line of the local editor (editor/ does the work, in the edit and import module).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands.hpp"
#include "outputs.hpp"
#include "tertial/cli/cli.hpp"
#include "edit_import_module.hpp"

namespace tertial::cli {
namespace {

struct EditOptions {
    std::string file;
    int port = 0;
    bool no_browser = false;
    std::vector<std::string> plugin_dirs;
};

int run_edit(const EditOptions& o, std::ostream& out, std::ostream& err) {
    PluginHost host(plugin_search_path(o.plugin_dirs));
    host.allow_unsafe(allow_unsafe_plugins());
    editor::Options options{o.file, o.port, !o.no_browser, &host,
                            [&host](const Report& r) { return report_house_style(r, host); }};
    switch (edit_import_module().edit(options, out, err)) {
    case editor::Outcome::stopped: return exit_ok;
    case editor::Outcome::report_unreadable: return exit_report_errors;
    case editor::Outcome::busy:
    case editor::Outcome::io_error: return exit_io;
    }
    return exit_internal;
}

}  // namespace

std::function<int(std::ostream&, std::ostream&)> setup_edit(CLI::App& app) {
    auto o = std::make_shared<EditOptions>();
    app.add_option("file", o->file, "The report to edit (JSON); changes are saved to it as they are made")
        ->required()
        ->type_name("FILE");
    app.add_option("--port", o->port, "Listen on this port of 127.0.0.1 (default: a free one)")
        ->type_name("N")
        ->check(CLI::Range(1, 65535));
    app.add_flag("--no-browser", o->no_browser, "Only print the address; do not open a browser");
    add_plugin_dir_option(app, o->plugin_dirs);
    return [o](std::ostream& out, std::ostream& err) { return run_edit(*o, out, err); };
}

}  // namespace tertial::cli
