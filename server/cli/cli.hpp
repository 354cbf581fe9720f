// The `kreds` command line: serve, migrate, backup, version, and help.
//
// run_cli() parses argv, runs one subcommand and returns the process exit
// code: 0 on success, 1 when the work failed (port in use, failed
// migration, ...), 2 for a usage or configuration error. Messages go to
// stderr and say what to fix. Called once, from main().
#pragma once

namespace kreds::cli {

int run_cli(int argc, char** argv);

}  // namespace kreds::cli
