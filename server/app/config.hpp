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

  struct auth_section {
    int session_idle_minutes = 60;      // a session unused this long ends
    int session_lifetime_hours = 12;    // and every session ends after this
    int invitation_days = 14;           // an invitation code is valid this long
    int login_failures_per_account = 5;  // failures within the lockout window...
    int login_failures_per_address = 20;
    int login_lockout_minutes = 15;      // ...refuse further attempts this long
  } auth;

  // Network formation (docs/matching.md); weights of the soft terms.
  struct matching_section {
    int min_size = 6;
    int max_size = 8;
    int min_shared_slots = 1;
    int target_shared_slots = 6;
    double max_travel_km = 25.0;
    double weight_goal = 4.0;
    double weight_skill = 1.0;
    double weight_schedule = 1.0;
    double weight_place = 1.0;
    double weight_lonely = 3.0;
    double weight_repeat = 2.0;
    int threads = 2;
  } matching;

  // Life inside a network (docs/protocol.md).
  struct network_section {
    int buddy_rotation_weeks = 2;  // buddies are paired anew this often
  } network;

  struct taxonomy_section {
    std::string path = "config/taxonomy/esco-1.1.tsv";  // the shipped ESCO taxonomy
  } taxonomy;

  app::limits limits;
};

// path: the TOML file, or empty for defaults only. A missing file is an error.
result<config> load_config(const std::string& path, const std::vector<std::string>& overrides);

// Every key as "section.key", for --help and tests.
std::vector<std::string> known_config_keys();

}  // namespace kreds::app
