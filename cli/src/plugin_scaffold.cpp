// `tertial plugin new`: a municipality plugin's folder, ready to build
// against the installed Tertial, from the files in cli/plugin_scaffold/.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "tertial/cli/atomic_output.hpp"
#include "tertial/cli/cli.hpp"
#include "tertial/text_refs.hpp"

namespace tertial::cli {

// Every file of cli/plugin_scaffold/, generated at build time (cmake/EmbedFiles.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& plugin_scaffold_files();

namespace fs = std::filesystem;
namespace {

struct PluginNewOptions {
    std::string municipality, scb_code, id, output;
};

// "Sollefteå kommun" -> "solleftea": lower-case ASCII, Swedish letters
// without their marks, anything else an underscore, " kommun" and " stad" left out.
std::string id_for(std::string_view name) {
    static const std::pair<std::string_view, char> letters[] = {
        {"å", 'a'}, {"ä", 'a'}, {"ö", 'o'}, {"Å", 'a'}, {"Ä", 'a'}, {"Ö", 'o'}, {"é", 'e'}, {"É", 'e'}, {"ü", 'u'}, {"Ü", 'u'}};
    for (std::string_view suffix : {" kommun", " stad", " Stad", " Kommun"})
        if (name.size() > suffix.size() && name.ends_with(suffix)) name.remove_suffix(suffix.size());
    std::string id;
    for (std::size_t i = 0; i < name.size();) {
        char c = name[i];
        char out = '_';
        std::size_t step = 1;
        if (c >= 'A' && c <= 'Z') out = static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out = c;
        else
            for (const auto& [letter, plain] : letters)
                if (name.substr(i).starts_with(letter)) {
                    out = plain;
                    step = letter.size();
                }
        if (out != '_' || (!id.empty() && id.back() != '_')) id += out;
        i += step;
    }
    while (!id.empty() && id.back() == '_') id.pop_back();
    return id;
}

// The name inside a C++ string literal.
std::string cpp_literal_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

int refuse(std::ostream& err, const std::string& why) {
    fmt::print(err, "tertial plugin new: error: {}; nothing written\n", why);
    return exit_usage;
}

int run_plugin_new(const PluginNewOptions& o, std::ostream& out, std::ostream& err) {
    std::string name = o.municipality;
    if (name.find_first_not_of(' ') == std::string::npos) return refuse(err, "--municipality is empty: give its name, e.g. \"Sollefteå kommun\"");
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return refuse(err, "--municipality holds a control character (a line break or a tab?)");
    if (o.scb_code.size() != 4 || o.scb_code.find_first_not_of("0123456789") != std::string::npos)
        return refuse(err, fmt::format("--scb-code '{}' is not a kommunkod: four digits, as in SCB's list (Sollefteå is 2283)",
                                       o.scb_code));
    std::string id = o.id.empty() ? id_for(name) : o.id;
    if (!is_simple_id(id))
        return refuse(err, o.id.empty() ? fmt::format("cannot make a plugin id from '{}': give one with --id (a-z, 0-9, _; "
                                                      "starting with a letter)",
                                                      name)
                                        : fmt::format("--id '{}' is not a plugin id: a-z, 0-9 and _, starting with a letter", id));
    fs::path dir(o.output);
    std::error_code ec;
    if (fs::exists(fs::symlink_status(dir, ec))) {
        if (!fs::is_directory(dir, ec)) return refuse(err, fmt::format("{} exists and is not a folder", o.output));
        if (!fs::is_empty(dir, ec)) return refuse(err, fmt::format("{} exists and is not empty; name a new folder", o.output));
    }
    auto fill = [&](std::string_view text) {
        std::string s(text);
        s = replace_all(std::move(s), "@NAME_C@", cpp_literal_text(name));
        s = replace_all(std::move(s), "@NAME@", name);
        s = replace_all(std::move(s), "@SCB_CODE@", o.scb_code);
        s = replace_all(std::move(s), "@ID@", id);
        s = replace_all(std::move(s), "@TERTIAL_VERSION@", TERTIAL_VERSION_MAJOR_MINOR);
        return s;
    };
    std::vector<std::string> written;
    try {
        AtomicFileSet files;
        files.ensure_directory(dir);
        for (const auto& [file, text] : plugin_scaffold_files()) {
            // plugin.cpp is named after the plugin; gitignore is stored without its dot.
            std::string target = file == "plugin.cpp" ? id + ".cpp" : file == "gitignore" ? ".gitignore" : std::string(file);
            files.stage(dir / target, fill(text));
            written.push_back(target);
        }
        files.commit();
    } catch (const OutputError& e) {
        fmt::print(err, "tertial plugin new: error: {}; nothing written\n", e.what());
        return exit_io;
    }
    fmt::print(out, "wrote {}: plugin '{}' for {} (SCB {}): {}\n", o.output, id, name, o.scb_code, fmt::join(written, ", "));
    fmt::print(out, "next: fill in {}.cpp, then\n", (dir / id).string());
    fmt::print(out, "  cmake -S {0} -B {1} && cmake --build {1} && tertial plugins --conformance {1}\n", o.output,
               (dir / "build").string());
    return exit_ok;
}

}  // namespace

// The `plugin` group: tools for plugin authors.
std::function<int(std::ostream&, std::ostream&)> setup_plugin(CLI::App& app) {
    app.require_subcommand(1);
    auto chosen = std::make_shared<std::function<int(std::ostream&, std::ostream&)>>();
    auto o = std::make_shared<PluginNewOptions>();
    CLI::App* made = app.add_subcommand("new", "Write a new municipality plugin's folder: source, CMakeLists.txt and README, ready to build");
    made->add_option("--municipality", o->municipality, "The municipality's name as it writes it, e.g. \"Sollefteå kommun\"")
        ->required()
        ->type_name("NAME");
    made->add_option("--scb-code", o->scb_code, "Its kommunkod, four digits (SCB), e.g. 2283")->required()->type_name("CODE");
    made->add_option("-o,--output", o->output, "The folder to write; new or empty")->required()->type_name("DIR");
    made->add_option("--id", o->id, "The plugin id (default: from the name, e.g. solleftea)")->type_name("ID");
    made->callback([o, chosen] { *chosen = [o](std::ostream& out, std::ostream& err) { return run_plugin_new(*o, out, err); }; });
    return [chosen](std::ostream& out, std::ostream& err) { return (*chosen)(out, err); };
}

}  // namespace tertial::cli
