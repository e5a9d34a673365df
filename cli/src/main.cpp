// The `tertial` binary: everything is in the tertial_cli library.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif

#include "heap.hpp"
#include "teardown.hpp"
#include "tertial/cli/cli.hpp"

namespace {

// Whether a memory checker reads the heap at exit: then it ends as
// programs usually do, every destructor run and every library's memory
// given back, so that what it reports as lost is lost.
bool checked_for_leaks() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(RUNNING_ON_VALGRIND)
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    tertial::cli::tune_heap();
    // Over a file-size limit a write fails (EFBIG) and the output is rolled
    // back with a message, instead of the process being killed half way.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    const int code = tertial::cli::run(args, std::cout, std::cerr);
    // Every output is written and in place (or rolled back) by now. What
    // exit() would still do is run the exit handlers and every library's
    // destructors (fontconfig's caches freed, PoDoFo's and GLib's statics):
    // work for memory the system takes back at once, 0.4-0.5 ms of a build
    // of seed 000 (bench/issue-21-speed.md). So the streams are flushed and
    // the process ends here, as linkers such as LLD end theirs. After a
    // build's 20-odd MB, the kernel's freeing of them is left to a stand-in
    // that ends after this process (teardown.cpp).
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    if (checked_for_leaks()) return code;
    tertial::cli::leave_teardown_behind(tertial::cli::teardown_worth_leaving);
    std::_Exit(code);
}
