#include "cli/cli.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/program_options.hpp>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/config.hpp"
#include "app/logging.hpp"
#include "net/server.hpp"
#include "storage/backup.hpp"
#include "storage/migrations.hpp"

#ifndef KREDS_VERSION
#define KREDS_VERSION "0.0.0"
#endif

namespace kreds::cli {
namespace {

namespace po = boost::program_options;

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr const char* default_config = "config/kreds.toml";

constexpr const char* overview = R"(kreds — peer job-search networks for Danish municipalities

Usage: kreds <command> [options]

Commands:
  serve        run the server (HTTP, JSON API and WebSocket on one port)
  migrate      apply the database migrations and exit
  backup FILE  write a consistent copy of the database to FILE (safe while serving)
  version      print the version and the schema version

Run 'kreds <command> --help' for the options of a command.
)";

struct common_options {
  std::string config_path = default_config;
  bool config_given = false;
  std::vector<std::string> overrides;
};

// Options every command that reads the config takes.
po::options_description config_options(common_options& common, bool with_server_flags) {
  po::options_description options("Configuration");
  options.add_options()
      ("config,c", po::value(&common.config_path), "config file (default config/kreds.toml when present)")
      ("database", po::value<std::string>(), "database file (database.path)")
      ("set", po::value(&common.overrides)->composing(),
       "override any key: --set section.key=value (repeatable)");
  if (with_server_flags) {
    options.add_options()
        ("listen", po::value<std::string>(), "address to listen on (server.listen)")
        ("port", po::value<std::string>(), "port, 0 for any free port (server.port)")
        ("web-root", po::value<std::string>(), "directory of the web client (web.root)")
        ("log-level", po::value<std::string>(), "trace, debug, info, warn, error or off (log.level)")
        ("log-format", po::value<std::string>(), "text or json (log.format)");
  }
  return options;
}

std::string toml_string(const std::string& value) {
  std::string quoted = "\"";
  for (char ch : value) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  return quoted + "\"";
}

// Turns the dedicated flags into overrides, applied after --set ones so the
// more specific flag wins.
result<app::config> load(const po::variables_map& vm, common_options& common) {
  common.config_given = vm.count("config") > 0 && !vm["config"].defaulted();
  std::string path = common.config_path;
  if (!common.config_given && !std::filesystem::exists(path)) path.clear();
  auto overrides = common.overrides;
  const std::pair<const char*, const char*> flags[] = {
      {"database", "database.path"}, {"listen", "server.listen"},   {"web-root", "web.root"},
      {"log-level", "log.level"},    {"log-format", "log.format"},
  };
  for (const auto& [flag, key] : flags) {
    if (vm.count(flag)) overrides.push_back(std::string(key) + "=" + toml_string(vm[flag].as<std::string>()));
  }
  if (vm.count("port")) overrides.push_back("server.port=" + vm["port"].as<std::string>());
  return app::load_config(path, overrides);
}

int usage_error(const std::string& message) {
  std::cerr << "kreds: " << message << "\n";
  return exit_usage;
}

int fail(const kreds::error& failure) {
  std::cerr << "kreds: " << failure.message() << "\n";
  return failure.code() == errc::invalid_field ? exit_usage : exit_failed;
}

struct parsed {
  po::variables_map vm;
  bool help = false;
};

result<parsed> parse(const std::vector<std::string>& args, po::options_description& options,
                     const po::positional_options_description& positional = {}) {
  options.add_options()("help,h", "show this help");
  parsed out;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), out.vm);
    po::notify(out.vm);
  } catch (const po::error& failure) {
    return kreds::error{errc::invalid_field, failure.what()};
  }
  out.help = out.vm.count("help") > 0;
  return out;
}

int serve(const std::vector<std::string>& args) {
  common_options common;
  auto options = config_options(common, true);
  auto cmd = parse(args, options);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds serve --help)");
  if (cmd->help) {
    std::cout << "Usage: kreds serve [options]\n\nRuns the server until SIGINT or SIGTERM.\n\n" << options;
    return exit_ok;
  }
  auto settings = load(cmd->vm, common);
  if (!settings) return fail(settings.err());
  if (auto logging = app::setup_logging(settings->log.level, settings->log.format); !logging) {
    return fail(logging.err());
  }
  auto application = app::application::open(*settings);
  if (!application) {
    app::log_error({}, "{}", application.err().message());
    return exit_failed;
  }
  net::server server(**application, true);
  if (auto started = server.start(); !started) {
    app::log_error({}, "{}", started.err().message());
    (*application)->stop();
    return started.err().code() == errc::invalid_field ? exit_usage : exit_failed;
  }
  const auto endpoint = server.local_endpoint();
  const std::string scheme = settings->tls.enabled() ? "https" : "http";
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  app::log_info({}, "kreds {} listening on {}://{}:{} (database {}, {} thread(s))", KREDS_VERSION, scheme, host,
                endpoint.port(), settings->database.path, settings->server.threads);
  server.run();
  (*application)->stop();
  app::log_info({}, "stopped cleanly");
  return exit_ok;
}

int migrate(const std::vector<std::string>& args) {
  common_options common;
  auto options = config_options(common, false);
  auto cmd = parse(args, options);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds migrate --help)");
  if (cmd->help) {
    std::cout << "Usage: kreds migrate [options]\n\nApplies pending migrations and exits.\n\n" << options;
    return exit_ok;
  }
  auto settings = load(cmd->vm, common);
  if (!settings) return fail(settings.err());
  auto db = storage::open_database(settings->database);
  if (!db) return fail(db.err());
  auto report = storage::migrate(**db);
  if (!report) return fail(report.err());
  std::cout << "database " << settings->database.path << ": schema version " << report->from_version;
  if (report->to_version != report->from_version) std::cout << " -> " << report->to_version;
  std::cout << (report->to_version == report->from_version ? " (up to date)\n" : "\n");
  return exit_ok;
}

int backup(const std::vector<std::string>& args) {
  common_options common;
  auto options = config_options(common, false);
  std::string destination;
  options.add_options()("file", po::value(&destination), "destination file");
  po::positional_options_description positional;
  positional.add("file", 1);
  auto cmd = parse(args, options, positional);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds backup --help)");
  if (cmd->help) {
    std::cout << "Usage: kreds backup FILE [options]\n\nWrites a consistent copy of the database to FILE,\n"
                 "also while the server runs. FILE must not exist.\n\n"
              << options;
    return exit_ok;
  }
  if (destination.empty()) return usage_error("backup needs a destination FILE (see kreds backup --help)");
  auto settings = load(cmd->vm, common);
  if (!settings) return fail(settings.err());
  auto report = storage::backup_database(settings->database, destination);
  if (!report) return fail(report.err());
  std::cout << "backed up " << settings->database.path << " to " << destination << " (" << report->pages
            << " pages)\n";
  return exit_ok;
}

int version(const std::vector<std::string>& args) {
  po::options_description options("Options");
  auto cmd = parse(args, options);
  if (!cmd) return usage_error(cmd.err().message());
  if (cmd->help) {
    std::cout << "Usage: kreds version\n\nPrints the version of kreds and of its database schema.\n";
    return exit_ok;
  }
  std::cout << "kreds " << KREDS_VERSION << " (schema version " << schema::bundled_migrations().size() << ")\n";
  return exit_ok;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << overview;
    return exit_usage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "serve") return serve(args);
  if (command == "migrate") return migrate(args);
  if (command == "backup") return backup(args);
  if (command == "version" || command == "--version") return version(args);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << overview;
    return exit_ok;
  }
  std::cerr << "kreds: unknown command '" << command << "'\n\n" << overview;
  return exit_usage;
}

}  // namespace kreds::cli
