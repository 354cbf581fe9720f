// kreds: the server and its administration commands (see cli/cli.hpp).
#include "cli/cli.hpp"

int main(int argc, char** argv) { return kreds::cli::run_cli(argc, argv); }
