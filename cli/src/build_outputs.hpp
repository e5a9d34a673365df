// Making the outputs of `tertial build`, several at once.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "outputs.hpp"
#include "tertial/cli/atomic_output.hpp"

namespace tertial::cli {

class BuildProgress;

struct PlannedOutput {
    const LoadedReport* report;
    const OutputFormat* format;
    std::filesystem::path target;
};

// Why an output was not made, for the caller to say.
struct OutputFailure {
    enum class Kind { layout, make, stage } kind;
    std::size_t index = 0;  // in the plan
    std::string message;
    std::string code, pointer;  // a layout error's
};

// Makes every output of `plan` on `jobs` threads and stages each into
// `files` as soon as it is made (so at most about `jobs` outputs are in
// memory at a time). The outputs are the same bytes whatever `jobs` is:
// each is made from its report alone; what the threads share (fonts,
// hyphenation patterns, shaped text) gives the same result to every one.
// On failure, the first failure in plan order: the one a build of one
// output at a time would have stopped at (every output before it in the
// plan is taken before it, and finished). Staging stays on this thread,
// which alone may change the registry the signal handler reads.
std::optional<OutputFailure> make_outputs(const std::vector<PlannedOutput>& plan, BuildContext& context,
                                          AtomicFileSet& files, unsigned jobs, BuildProgress& progress);

// How many threads make_outputs() makes `outputs` outputs on, given `jobs`:
// one means the calling thread makes them all, one after the other.
inline unsigned output_threads(std::size_t outputs, unsigned jobs) {
    return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs, outputs)));
}

}  // namespace tertial::cli
