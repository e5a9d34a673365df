// Dispatch: one table of subcommands, "did you mean", exit codes.
#include "tertial/cli/cli.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <string_view>
#include <vector>

#include "commands.hpp"
#include "edit_import_module.hpp"
#include "terminal_text.hpp"
#include "tertial/pdf/sign.hpp"
#include "tertial/suggest.hpp"

namespace tertial::cli {
namespace {

std::vector<std::string_view> command_names() {
    std::vector<std::string_view> names;
    for (const auto& c : commands()) names.push_back(c.name);
    return names;
}

// Usage lines as the user types them ("tertial build ..."), from the table.
class UsageFormatter : public CLI::Formatter {
public:
    std::string make_usage(const CLI::App* app, std::string name) const override {
        for (const auto& c : commands()) {
            if (app->get_name() == c.name) return fmt::format("Usage: {}\n", c.usage);
            // A group's subcommand (import ledger): the group's usage lines for it.
            if (app->get_parent() && app->get_parent()->get_name() == c.name) {
                std::string prefix = fmt::format("tertial {} {} ", c.name, app->get_name());
                std::vector<std::string> lines;
                std::string_view rest = c.usage;
                while (!rest.empty()) {
                    auto nl = rest.find('\n');
                    std::string_view line = rest.substr(0, nl);
                    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
                    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
                    if (line.starts_with(prefix)) lines.emplace_back(line);
                }
                if (lines.empty()) return fmt::format("Usage: {}\n", c.usage);
                return fmt::format("Usage: {}\n", fmt::join(lines, "\n       "));
            }
        }
        if (app->get_parent() == nullptr) return "Usage: tertial COMMAND [OPTIONS] ...  (tertial COMMAND --help for each)\n";
        return CLI::Formatter::make_usage(app, std::move(name));
    }
};

// CLI11 reads "-r.json" as the short option -r with the value ".json"; no
// command has -r, so it ends the subcommand there, and then says what is
// missing ("files is required"). The unknown option is what to fix.
std::string first_problem(const CLI::App& app, const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::RequiredError*>(&e))
        for (const auto& arg : app.remaining(true))
            if (arg.size() > 1 && arg[0] == '-') return "The following argument was not expected: " + arg;
    // An option that is not repeatable, given twice (see one_value_per_option).
    std::string what = e.what();
    if (auto at = what.find(": At Most 1 required but received "); dynamic_cast<const CLI::ArgumentMismatch*>(&e) && at != std::string::npos)
        return fmt::format("{} is given {} times; it takes one value, given once", what.substr(0, at),
                           what.substr(at + std::string_view(": At Most 1 required but received ").size()));
    return what;
}

// The one rule for options that take values, on every command: each
// occurrence takes exactly one value, so an option never swallows the input
// file after it (`--plugin-dir DIR report.json` is DIR, then a report), and
// an option that may be given more than once is repeated for each value
// (`--plugin-dir A --plugin-dir B`; no comma lists, as paths may hold
// commas). An option that is not repeatable, given twice, is an error.
void one_value_per_option(CLI::App& command) {
    for (CLI::Option* option : command.get_options()) {
        if (!option->nonpositional() || option->get_items_expected_max() == 0) continue;
        option->allow_extra_args(false);
        if (option->get_items_expected_max() == 1) option->multi_option_policy(CLI::MultiOptionPolicy::Throw);
    }
}

}  // namespace

namespace {
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
}  // namespace

int run(const std::vector<std::string>& args, std::ostream& raw_out, std::ostream& raw_err) {
    // Everything printed passes one filter: file names, keys and values from
    // inputs appear in many messages, and none may reach a terminal raw.
    TerminalSafeBuf out_buf(raw_out.rdbuf()), err_buf(raw_err.rdbuf());
    std::ostream out(&out_buf), err(&err_buf);
    int code = run_command(args, out, err);
    out.flush();
    err.flush();
    return code;
}

namespace {

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    reset_plugin_options();
    CLI::App app{"Tertial: Swedish committee reports (tertialrapport, delårsrapport, verksamhetsplan,\n"
                 "kvalitetsrapport) checked to the last decimal, with every figure computed.",
                 "tertial"};
    app.formatter(std::make_shared<UsageFormatter>());
    app.require_subcommand(1);
    app.set_version_flag("--version", "tertial 0.1.0");
    std::function<int(std::ostream&, std::ostream&)> action;
    for (const auto& c : commands()) {
        CLI::App* sub = app.add_subcommand(c.name, c.help);
        auto bound = c.setup(*sub);
        one_value_per_option(*sub);
        sub->callback([&action, bound] { action = bound; });
    }

    if (!args.empty() && !args.front().empty() && args.front()[0] != '-') {
        auto names = command_names();
        if (std::find(names.begin(), names.end(), args.front()) == names.end()) {
            fmt::print(err, "tertial: unknown command '{}'{}\nRun 'tertial --help' for the list of commands.\n", args.front(),
                       did_you_mean(args.front(), names));
            return exit_usage;
        }
    }
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them back to front
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        std::string help = app.help();
        // The innermost command named: `tertial import ledger --help`.
        for (const CLI::App* at = &app; at;) {
            const CLI::App* next = nullptr;
            for (auto* sub : at->get_subcommands())
                if (sub->parsed()) help = (next = sub)->help();
            at = next;
        }
        out << help;
        return exit_ok;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << "\n";
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        std::string context;
        for (auto* sub : app.get_subcommands()) {
            context = fmt::format(" {}", sub->get_name());
            for (auto* nested : sub->get_subcommands()) context += fmt::format(" {}", nested->get_name());
        }
        fmt::print(err, "tertial{}: {}\nRun 'tertial{} --help' for usage.\n", context, first_problem(app, e), context);
        return exit_usage;
    }
    try {
        return action(out, err);
    } catch (const pdf::ModuleError& e) {  // an installation problem, not a bug
        fmt::print(err, "tertial: error: {}\n", e.what());
        return exit_io;
    } catch (const ModuleError& e) {  // the same, for the edit and import module
        fmt::print(err, "tertial: error: {}\n", e.what());
        return exit_io;
    } catch (const std::exception& e) {
        fmt::print(err, "tertial: internal error: {}\nThis is a bug in Tertial; please report it with the input.\n", e.what());
        return exit_internal;
    }
}

}  // namespace

}  // namespace tertial::cli
