// Reading and checking the reports of `tertial build`, several at once.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

namespace tertial::cli {

class BuildProgress;

// Reads and checks every file on up to `jobs` threads (one: on this
// thread, one after another) and hands each to `take` on this thread, in
// file order, as soon as it and every file before it are done: what is
// printed comes in the same order whatever `jobs` is. `report` is nullopt
// when the file could not be read; `said` holds what reading it printed.
// Plugins are loaded one thread at a time (the host is not thread-safe);
// their checks and calculations run at once. An exception from a check is
// thrown here, from the call of `take` that would have had its report.
// `plugins_loaded`, when set, is called (on a checking thread) each time a
// report's plugins are open, before it is checked.
using TakeChecked = std::function<void(std::optional<LoadedReport> report, const std::string& said)>;
void check_reports(const std::vector<std::string>& files, PluginHost& host, unsigned jobs, BuildProgress& progress,
                   const TakeChecked& take, const std::function<void()>& plugins_loaded = {});

}  // namespace tertial::cli
