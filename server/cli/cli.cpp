#include "cli/cli.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <unistd.h>
#include <boost/program_options.hpp>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "application/application.hpp"
#include "features/accounts/provisioning.hpp"
#include "features/demo/demo_population.hpp"
#include "net/server.hpp"
#include "platform/config.hpp"
#include "platform/credentials.hpp"
#include "platform/logging.hpp"
#include "storage/backup.hpp"
#include "storage/migrations.hpp"
#include "taxonomy/esco_import.hpp"

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
  admin create create a municipality and its first admin (password read from stdin)
  demo         fill the database with a demo municipality and print its logins
  taxonomy import DIR [--language en|da]
               derive config/taxonomy/esco-1.1.tsv from an official ESCO CSV download

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
  options.add_options()("config,c", po::value(&common.config_path),
                        "config file (default config/kreds.toml when present)")("database", po::value<std::string>(),
                                                                                "database file (database.path)")(
      "set", po::value(&common.overrides)->composing(), "override any key: --set section.key=value (repeatable)");
  if (with_server_flags) {
    options.add_options()("listen", po::value<std::string>(), "address to listen on (server.listen)")(
        "port", po::value<std::string>(), "port, 0 for any free port (server.port)")(
        "web-root", po::value<std::string>(), "directory of the web client (web.root)")(
        "log-level", po::value<std::string>(), "trace, debug, info, warn, error or off (log.level)")(
        "log-format", po::value<std::string>(), "text or json (log.format)");
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
result<platform::config> load(const po::variables_map& vm, common_options& common) {
  common.config_given = vm.count("config") > 0 && !vm["config"].defaulted();
  std::string path = common.config_path;
  if (!common.config_given && !std::filesystem::exists(path)) path.clear();
  auto overrides = common.overrides;
  const std::pair<const char*, const char*> flags[] = {
      {"database", "database.path"}, {"listen", "server.listen"},  {"web-root", "web.root"},
      {"log-level", "log.level"},    {"log-format", "log.format"},
  };
  for (const auto& [flag, key] : flags) {
    if (vm.count(flag)) overrides.push_back(std::string(key) + "=" + toml_string(vm[flag].as<std::string>()));
  }
  if (vm.count("port")) overrides.push_back("server.port=" + vm["port"].as<std::string>());
  return platform::load_config(path, overrides);
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
  if (auto logging = platform::setup_logging(settings->log.level, settings->log.format); !logging) {
    return fail(logging.err());
  }
  auto application = kreds::application::open(*settings);
  if (!application) {
    platform::log_error({}, "{}", application.err().message());
    return exit_failed;
  }
  net::server server((*application)->context(), true);
  if (auto started = server.start(); !started) {
    platform::log_error({}, "{}", started.err().message());
    (*application)->stop();
    return started.err().code() == errc::invalid_field ? exit_usage : exit_failed;
  }
  const auto endpoint = server.local_endpoint();
  const std::string scheme = settings->tls.enabled() ? "https" : "http";
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  const auto metrics = server.metrics_endpoint();
  platform::log_info({}, "metrics on http://{}:{}/metrics", metrics.address().to_string(), metrics.port());
  platform::log_info({}, "kreds {} listening on {}://{}:{} (database {}, {} thread(s))", KREDS_VERSION, scheme, host,
                     endpoint.port(), settings->database.path, settings->server.threads);
  server.run();
  (*application)->stop();
  platform::log_info({}, "stopped cleanly");
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
  std::cout << "backed up " << settings->database.path << " to " << destination << " (" << report->pages << " pages)\n";
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

int taxonomy(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string action, source, language = "en", output = "config/taxonomy/esco-1.1.tsv";
  options.add_options()("action", po::value(&action), "import")("dir", po::value(&source),
                                                                "directory of the ESCO CSV files")(
      "language", po::value(&language), "language code of the pack, as in its file names (en, da, ...)")(
      "output", po::value(&output), "the derived file to write (merged with its other languages)");
  po::positional_options_description positional;
  positional.add("action", 1).add("dir", 1);
  auto cmd = parse(args, options, positional);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds taxonomy --help)");
  if (cmd->help) {
    std::cout << "Usage: kreds taxonomy import DIR [--language en] [--output FILE]\n\n"
                 "Reads one language pack of the official ESCO CSV download (occupations_<lang>.csv,\n"
                 "ISCOGroups_<lang>.csv, ...) and writes the compact taxonomy file Kreds ships,\n"
                 "keeping the file's other languages. Nothing is written when a file is malformed.\n\n"
              << options;
    return exit_ok;
  }
  if (action != "import") return usage_error("taxonomy: the only action is 'import' (see kreds taxonomy --help)");
  if (source.empty()) return usage_error("taxonomy import needs the directory of the ESCO CSV files");
  taxonomy::import_options import;
  import.output = output;
  auto report = taxonomy::import_esco(source, language, import);
  if (!report) {
    std::cerr << "kreds: taxonomy import failed, nothing written: " << report.err().to_string() << "\n";
    return exit_failed;
  }
  std::cout << "wrote " << report->output.string() << ": " << report->occupations << " occupations, "
            << report->isco_groups << " ISCO groups, " << report->skill_groups << " skill groups, "
            << report->transversal_skills << " transversal skills, " << report->language_skills << " language skills, "
            << report->labels << " labels (" << report->bytes << " bytes)\n";
  return exit_ok;
}

// Opens and migrates the database for a command that writes outside the server.
result<std::unique_ptr<SQLite::Database>> open_migrated(const platform::config& settings) {
  auto db = storage::open_database(settings.database);
  KREDS_RETURN_IF_ERROR(db);
  KREDS_CHECK(storage::migrate(**db));
  return db;
}

int admin(const std::vector<std::string>& args) {
  common_options common;
  auto options = config_options(common, false);
  std::string action, code, name, email, display_name;
  options.add_options()("action", po::value(&action), "create")("municipality-code", po::value(&code),
                                                                "the municipality's code, e.g. its kommunekode 751")(
      "municipality-name", po::value(&name), "the municipality's name, e.g. \"Aarhus Kommune\"")(
      "email", po::value(&email), "the first admin's e-mail (login)")("name", po::value(&display_name),
                                                                      "the first admin's name");
  po::positional_options_description positional;
  positional.add("action", 1);
  auto cmd = parse(args, options, positional);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds admin --help)");
  if (cmd->help) {
    std::cout << "Usage: kreds admin create --municipality-code CODE --municipality-name NAME --email E --name N\n\n"
                 "Creates a municipality and its first admin. The admin's password (10-128 characters) is read\n"
                 "from the first line of standard input, so it never shows in the process list.\n\n"
              << options;
    return exit_ok;
  }
  if (action != "create") return usage_error("admin: the only action is 'create' (see kreds admin --help)");
  if (isatty(STDIN_FILENO)) std::cerr << "Password for " << email << ": ";
  std::string password;
  std::getline(std::cin, password);
  if (auto valid = features::validate_new_admin(code, name, email, display_name, password); !valid) {
    return usage_error(valid.err().message());
  }
  auto settings = load(cmd->vm, common);
  if (!settings) return fail(settings.err());
  if (auto ready = platform::init_credentials(); !ready) return fail(ready.err());
  auto db = open_migrated(*settings);
  if (!db) return fail(db.err());
  auto hashed = platform::hash_password(password);
  if (!hashed) return fail(hashed.err());
  try {
    SQLite::Transaction transaction(**db);
    auto municipality = features::create_municipality(**db, code, name);
    if (!municipality) return fail(municipality.err());
    auto account = features::create_account(**db, *municipality, platform::role::admin, email, display_name, *hashed);
    if (!account) return fail(account.err());
    transaction.commit();
  } catch (const SQLite::Exception& failure) {
    return fail(storage::to_error(failure));
  }
  std::cout << "created " << name << " (" << code << ") with admin " << email << "\n";
  return exit_ok;
}

int demo(const std::vector<std::string>& args) {
  common_options common;
  auto options = config_options(common, false);
  features::demo_options demo;
  bool if_empty = false;
  options.add_options()("seed", po::value(&demo.seed)->default_value(1),
                        "random seed: the same seed gives the same population")(
      "seekers", po::value(&demo.seekers)->default_value(2000), "job seekers in all")(
      "municipalities", po::value(&demo.municipalities)->default_value(1), "municipalities, 1-12 (Aarhus first)")(
      "caseworkers", po::value(&demo.caseworkers_per_municipality)->default_value(10), "caseworkers per municipality")(
      "history-months", po::value(&demo.history_months)->default_value(18),
      "months of simulated history (past participants, networks, outcomes) for the dashboard; 0 for none")(
      "if-empty", po::bool_switch(&if_empty), "do nothing when the database already has a municipality");
  auto cmd = parse(args, options);
  if (!cmd) return usage_error(cmd.err().message() + " (see kreds demo --help)");
  if (cmd->help) {
    std::cout
        << "Usage: kreds demo [options]\n\nCreates demo municipalities with an admin, caseworkers and job seekers\n"
           "with realistic profiles, and prints the demo logins.\n\n"
        << options;
    return exit_ok;
  }
  auto settings = load(cmd->vm, common);
  if (!settings) return fail(settings.err());
  if (auto ready = platform::init_credentials(); !ready) return fail(ready.err());
  auto db = open_migrated(*settings);
  if (!db) return fail(db.err());
  if (if_empty && (*db)->execAndGet("SELECT count(*) FROM municipality").getInt() > 0) {
    std::cout << "demo: the database already has data; nothing added\n";
    return exit_ok;
  }
  auto taxonomy = taxonomy::taxonomy::load_file(settings->taxonomy.path);
  if (!taxonomy) return fail({errc::invalid_field, "taxonomy.path: " + taxonomy.err().to_string(), "taxonomy.path"});
  auto hashed = platform::hash_password(features::demo_password);
  if (!hashed) return fail(hashed.err());
  result<features::demo_report> report = kreds::error{errc::internal, "not run"};
  try {
    report = features::create_demo(**db, *taxonomy, demo, *hashed, kreds::system_now());
  } catch (const SQLite::Exception& failure) {
    return fail(storage::to_error(failure));
  }
  if (!report) return fail(report.err());
  std::cout << "demo: created " << report->municipalities << " municipality(ies), " << report->caseworkers
            << " caseworkers and " << report->seekers << " job seekers\n";
  if (report->past_participants > 0) {
    std::cout << "demo: simulated " << demo.history_months << " months of history: " << report->past_participants
              << " past participants in " << report->past_networks << " networks\n";
  }
  for (const auto& login : report->logins) {
    std::cout << "demo login: " << login.role << " " << login.email << " " << report->password << "\n";
  }
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
  if (command == "taxonomy") return taxonomy(args);
  if (command == "admin") return admin(args);
  if (command == "demo") return demo(args);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << overview;
    return exit_ok;
  }
  std::cerr << "kreds: unknown command '" << command << "'\n\n" << overview;
  return exit_usage;
}

}  // namespace kreds::cli
