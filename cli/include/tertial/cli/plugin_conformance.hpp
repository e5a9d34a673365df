// The plugin conformance suite: what every plugin must do beyond loading,
// one implementation for `tertial plugins --conformance` and the in-tree tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tertial/plugin_host.hpp"

namespace tertial::cli {

// One check of the suite: an id and, in one line, what a conforming plugin does.
struct ConformanceCheck {
    std::string id;
    std::string requirement;
};

// Every check, in the order they are run and printed.
const std::vector<ConformanceCheck>& conformance_checks();

// Runs the checks on plugin files. The plugins a plugin names (a
// municipality's committee plugins) and the ones it is compared with (key
// figures unique across plugins) are those found on `search_dirs`, searched
// as `tertial` searches them. A plugin's registered checks are also run on
// each of `examples` (report files) that names it.
class Conformance {
public:
    explicit Conformance(std::vector<std::filesystem::path> search_dirs, std::vector<std::filesystem::path> examples = {});
    ~Conformance();
    Conformance(const Conformance&) = delete;
    Conformance& operator=(const Conformance&) = delete;

    // What check `check_id` finds wrong with `plugin`, one line each; empty
    // when it conforms. A plugin that does not load fails every check with
    // the loader's messages.
    std::vector<std::string> run(const std::string& check_id, const PluginFile& plugin);

    // Load plugin files that other users could change (--allow-unsafe-plugins).
    void allow_unsafe(bool allow);

    struct State;  // the hosts the checks share (plugin_conformance.cpp)

private:
    std::unique_ptr<State> s_;
};

}  // namespace tertial::cli
