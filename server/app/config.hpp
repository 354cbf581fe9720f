// The server's configuration: defaults, config/kreds.toml, and command-line
// overrides, validated in one pass.
//
// load_config() starts from the defaults below, applies the TOML file (if
// any), then each override ("section.key=value", TOML syntax; a bare word is
// taken as a string), and validates every key on the way. An unknown key, a
// wrong type or an out-of-range value is an error naming the key and where
// it came from (file and line, or the command line); nothing is half-applied.
// The result is a plain value, read-only once the server starts.
#pragma once

#include <string>
#include <vector>

#include "app/limits.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::app {

struct config {
  struct server_section {
    std::string listen = "127.0.0.1";
    int port = 8080;
    int threads = 2;
  } server;

  storage::database_options database;
  storage::writer_options writer;
  storage::reader_options readers;

  struct web_section {
    std::string root = "web";
    int max_age_seconds = 3600;  // Cache-Control max-age for assets (not HTML)
  } web;

  struct websocket_section {
    // Origins allowed to open /ws ("https://kreds.example.dk"). Empty: only
    // the server's own origin (the Origin's host equals the Host header).
    std::vector<std::string> allowed_origins;
  } websocket;

  struct tls_section {
    std::string certificate;  // PEM chain; TLS is on when both are set
    std::string private_key;
    bool enabled() const { return !certificate.empty(); }
  } tls;

  struct log_section {
    std::string level = "info";  // trace, debug, info, warn, error, off
    std::string format = "text";  // text or json
  } log;

  app::limits limits;
};

// path: the TOML file, or empty for defaults only. A missing file is an error.
result<config> load_config(const std::string& path, const std::vector<std::string>& overrides);

// Every key as "section.key", for --help and tests.
std::vector<std::string> known_config_keys();

}  // namespace kreds::app
