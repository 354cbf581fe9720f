#include "support/test_server.hpp"

#include <fstream>
#include <stdexcept>

#include "app/logging.hpp"

namespace kreds::testing {
namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

test_server::test_server(std::vector<std::string> overrides) {
  (void)app::setup_logging("warn", "text");
  write_file(dir_.path() / "web" / "index.html", "<!doctype html><title>Kreds</title>");
  write_file(dir_.path() / "web" / "app.js", "export const answer = 42;\n");
  write_file(dir_.path() / "web" / "style.css", "body { margin: 0 }\n");
  write_file(dir_.path() / "web" / ".hidden", "hidden\n");
  write_file(dir_.path() / "secret.txt", "outside the web root\n");

  std::vector<std::string> all = {
      "server.port=0",
      "database.path=\"" + dir_.file("kreds.sqlite3") + "\"",
      "web.root=\"" + web_root() + "\"",
  };
  all.insert(all.end(), overrides.begin(), overrides.end());
  auto settings = app::load_config({}, all);
  if (!settings) throw std::runtime_error(settings.err().message());
  auto opened = app::application::open(std::move(*settings));
  if (!opened) throw std::runtime_error(opened.err().message());
  app_ = std::move(*opened);
  server_ = std::make_unique<net::server>(*app_);
  if (auto started = server_->start(); !started) throw std::runtime_error(started.err().message());
  port_ = server_->local_endpoint().port();
  thread_ = std::thread([this] { server_->run(); });
}

test_server::~test_server() {
  server_->stop();
  thread_.join();
  app_->stop();
}

}  // namespace kreds::testing
