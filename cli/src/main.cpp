// The `tertial` binary: everything is in the tertial_cli library.
#include <csignal>
#include <iostream>

#include "heap.hpp"
#include "tertial/cli/cli.hpp"

int main(int argc, char** argv) {
    tertial::cli::tune_heap();
    // Over a file-size limit a write fails (EFBIG) and the output is rolled
    // back with a message, instead of the process being killed half way.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    return tertial::cli::run(args, std::cout, std::cerr);
}
