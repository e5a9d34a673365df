// The `tertial` binary: everything is in the tertial_cli library.
#include <iostream>

#include "tertial/cli/cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return tertial::cli::run(args, std::cout, std::cerr);
}
