// The real Kreds server, in-process, on 127.0.0.1 port 0, for integration
// tests: its own temporary database and web root, and any config overrides
// ("limits.ws_queue_bytes=4096"). Its clock can be moved forward. Accounts
// are created straight in its database. Stopped and joined by the
// destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "application/application.hpp"
#include "net/server.hpp"
#include "platform/access.hpp"
#include "platform/context.hpp"
#include "support/temp_dir.hpp"

namespace kreds::testing {

class test_server {
 public:
  explicit test_server(std::vector<std::string> overrides = {});
  ~test_server();
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  unsigned short port() const { return port_; }
  unsigned short metrics_port() const { return metrics_port_; }  // the metrics listener
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Creates the municipality when new, and an account with this password.
  std::int64_t add_account(const std::string& municipality_code, platform::role role, const std::string& email,
                           const std::string& password, const std::string& display_name = "Test Person");
  // Moves the server's wall clock forward.
  void advance(std::chrono::seconds by) { offset_ += by.count(); }
  kreds::application& application() { return *app_; }
  kreds::platform::context& context() { return app_->context(); }
  const temp_dir& directory() const { return dir_; }
  // The web root holds index.html, app.js, style.css and secret/ outside it
  // sits next to it, for traversal tests.
  std::string web_root() const { return dir_.file("web"); }

 private:
  temp_dir dir_;
  std::unique_ptr<kreds::application> app_;
  std::unique_ptr<net::server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  unsigned short metrics_port_ = 0;
  std::shared_ptr<std::atomic<long long>> offset_shared_ = std::make_shared<std::atomic<long long>>(0);
  std::atomic<long long>& offset_ = *offset_shared_;
};

// The shipped taxonomy, loaded once for all tests.
std::shared_ptr<const taxonomy::taxonomy> shipped_taxonomy();

}  // namespace kreds::testing
