#include "support/test_server.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "features/accounts/provisioning.hpp"
#include "platform/credentials.hpp"
#include "platform/logging.hpp"

namespace kreds::testing {
namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

std::shared_ptr<const taxonomy::taxonomy> shipped_taxonomy() {
  static std::once_flag once;
  static std::shared_ptr<const taxonomy::taxonomy> loaded;
  std::call_once(once, [] {
    auto file = taxonomy::taxonomy::load_file(KREDS_SOURCE_DIR "/config/taxonomy/esco-1.1.tsv");
    if (!file) throw std::runtime_error(file.err().to_string());
    loaded = std::make_shared<const taxonomy::taxonomy>(std::move(*file));
  });
  return loaded;
}

test_server::test_server(std::vector<std::string> overrides) {
  (void)platform::setup_logging(std::getenv("KREDS_TEST_LOG") ? std::getenv("KREDS_TEST_LOG") : "warn", "text");
  write_file(dir_.path() / "web" / "index.html", "<!doctype html><title>Kreds</title>");
  write_file(dir_.path() / "web" / "app" / "app.js", "export const answer = 42;\n");
  write_file(dir_.path() / "web" / "app" / "style.css", "body { margin: 0 }\n");
  write_file(dir_.path() / "web" / ".hidden", "hidden\n");
  // What a web root holds besides the client (never served).
  write_file(dir_.path() / "web" / "package.json", "{\"name\": \"kreds-web\"}\n");
  write_file(dir_.path() / "web" / "node_modules" / "dkfds" / "package.json", "{}\n");
  write_file(dir_.path() / "secret.txt", "outside the web root\n");

  std::vector<std::string> all = {
      "server.port=0",
      "metrics.port=0",
      "database.path=\"" + dir_.file("kreds.sqlite3") + "\"",
      "web.root=\"" + web_root() + "\"",
  };
  all.insert(all.end(), overrides.begin(), overrides.end());
  auto settings = platform::load_config({}, all);
  if (!settings) throw std::runtime_error(settings.err().message());
  auto opened = kreds::application::open(std::move(*settings), shipped_taxonomy(), [offset = offset_shared_] {
    return kreds::system_now() + std::chrono::seconds(offset->load());
  });
  if (!opened) throw std::runtime_error(opened.err().message());
  app_ = std::move(*opened);
  server_ = std::make_unique<net::server>(app_->context());
  if (auto started = server_->start(); !started) throw std::runtime_error(started.err().message());
  port_ = server_->local_endpoint().port();
  metrics_port_ = server_->metrics_endpoint().port();
  thread_ = std::thread([this] { server_->run(); });
}

test_server::~test_server() {
  server_->stop();
  thread_.join();
  app_->stop();
}

}  // namespace kreds::testing

namespace kreds::testing {

std::int64_t test_server::add_account(const std::string& municipality_code, platform::role role,
                                      const std::string& email, const std::string& password,
                                      const std::string& display_name) {
  (void)platform::init_credentials();
  SQLite::Database db(dir_.file("kreds.sqlite3"), SQLite::OPEN_READWRITE, 5000);
  SQLite::Statement find(db, "SELECT id FROM municipality WHERE code = ?");
  find.bind(1, municipality_code);
  std::int64_t municipality = 0;
  if (find.executeStep()) {
    municipality = find.getColumn(0).getInt64();
  } else {
    municipality = features::create_municipality(db, municipality_code, "Kommune " + municipality_code).value();
  }
  const auto hash = password.empty() ? std::string() : platform::hash_password(password).value();
  return features::create_account(db, municipality, role, email, display_name, hash).value();
}

}  // namespace kreds::testing
