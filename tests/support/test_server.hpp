// The real Kreds server, in-process, on 127.0.0.1 port 0, for integration
// tests: its own temporary database and web root, and any config overrides
// ("limits.ws_queue_bytes=4096"). Stopped and joined by the destructor.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/application.hpp"
#include "net/server.hpp"
#include "support/temp_dir.hpp"

namespace kreds::testing {

class test_server {
 public:
  explicit test_server(std::vector<std::string> overrides = {});
  ~test_server();
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  unsigned short port() const { return port_; }
  app::application& application() { return *app_; }
  const temp_dir& directory() const { return dir_; }
  // The web root holds index.html, app.js, style.css and secret/ outside it
  // sits next to it, for traversal tests.
  std::string web_root() const { return dir_.file("web"); }

 private:
  temp_dir dir_;
  std::unique_ptr<app::application> app_;
  std::unique_ptr<net::server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
};

}  // namespace kreds::testing
