#include <catch2/catch.hpp>

#include <fstream>

#include "platform/config.hpp"
#include "support/temp_dir.hpp"

using kreds::platform::load_config;

namespace {

std::string write_config(const kreds::testing::temp_dir& dir, const std::string& text) {
  const auto path = dir.file("kreds.toml");
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("config: without a file every key has its documented default", "[config]") {
  auto config = load_config({}, {});
  REQUIRE(config);
  CHECK(config->server.listen == "127.0.0.1");
  CHECK(config->server.port == 8080);
  CHECK(config->database.synchronous == "FULL");
  CHECK(config->limits.ws_max_message_bytes == 64 * 1024);
  CHECK(config->log.format == "text");
  CHECK_FALSE(config->tls.enabled());
}

TEST_CASE("config: the shipped config/kreds.toml loads and documents every key", "[config]") {
  const std::string path = KREDS_SOURCE_DIR "/config/kreds.toml";
  auto config = load_config(path, {});
  REQUIRE(config);
  std::ifstream file(path);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (const auto& key : kreds::platform::known_config_keys()) {
    const auto name = key.substr(key.find('.') + 1);
    INFO(key);
    CHECK(text.find(name + " = ") != std::string::npos);
  }
}

TEST_CASE("config: values from the file replace the defaults", "[config]") {
  kreds::testing::temp_dir dir;
  auto path =
      write_config(dir, "[server]\nport = 9090\n[websocket]\nallowed_origins = [\"https://kreds.example.dk\"]\n");
  auto config = load_config(path, {});
  REQUIRE(config);
  CHECK(config->server.port == 9090);
  CHECK(config->websocket.allowed_origins == std::vector<std::string>{"https://kreds.example.dk"});
}

TEST_CASE("config: command-line overrides win over the file", "[config]") {
  kreds::testing::temp_dir dir;
  auto path = write_config(dir, "[server]\nport = 9090\n[log]\nlevel = \"warn\"\n");
  auto config = load_config(path, {"server.port=7000", "log.level=debug"});
  REQUIRE(config);
  CHECK(config->server.port == 7000);
  CHECK(config->log.level == "debug");  // a bare word is taken as a string
}

TEST_CASE("config: an unknown key is refused with its name and line", "[config]") {
  kreds::testing::temp_dir dir;
  auto path = write_config(dir, "[server]\nport = 9090\nprot = 1\n");
  auto config = load_config(path, {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("kreds.toml:3") && Catch::Contains("server.prot"));
}

TEST_CASE("config: an unknown section is refused", "[config]") {
  kreds::testing::temp_dir dir;
  auto config = load_config(write_config(dir, "\n[serverr]\nport = 1\n"), {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains(":2") && Catch::Contains("[serverr]"));
}

TEST_CASE("config: a value of the wrong type is refused with its key and line", "[config]") {
  kreds::testing::temp_dir dir;
  auto config = load_config(write_config(dir, "[limits]\n\nws_max_message_bytes = \"big\"\n"), {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("kreds.toml:3") &&
                                         Catch::Contains("limits.ws_max_message_bytes") && Catch::Contains("integer"));
  CHECK(config.err().field() == "limits.ws_max_message_bytes");
}

TEST_CASE("config: an out-of-range value is refused with the allowed range", "[config]") {
  kreds::testing::temp_dir dir;
  auto config = load_config(write_config(dir, "[server]\nport = 70000\n"), {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("server.port") && Catch::Contains("between 0 and 65535"));
}

TEST_CASE("config: a string outside its choices is refused", "[config]") {
  auto config = load_config({}, {"log.format=xml"});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("command line") && Catch::Contains("text, json"));
}

TEST_CASE("config: a listen address that is not an IP address is refused", "[config]") {
  auto config = load_config({}, {"server.listen=localhost"});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("server.listen"));
}

TEST_CASE("config: allowed origins must be scheme and host only", "[config]") {
  auto config = load_config({}, {"websocket.allowed_origins=[\"https://a.dk/path\"]"});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("websocket.allowed_origins"));
  CHECK_FALSE(load_config({}, {"websocket.allowed_origins=[1]"}));
}

TEST_CASE("config: TLS needs both certificate and key", "[config]") {
  auto config = load_config({}, {"tls.certificate=/etc/kreds/cert.pem"});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("tls.private_key"));
}

TEST_CASE("config: TOML syntax errors name the line", "[config]") {
  kreds::testing::temp_dir dir;
  auto config = load_config(write_config(dir, "[server]\nport = = 1\n"), {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("kreds.toml:2"));
}

TEST_CASE("config: a missing config file is an error", "[config]") {
  auto config = load_config("/nonexistent/kreds.toml", {});
  REQUIRE_FALSE(config);
  CHECK_THAT(config.err().message(), Catch::Contains("/nonexistent/kreds.toml"));
}

TEST_CASE("config: a malformed override is refused", "[config]") {
  CHECK_FALSE(load_config({}, {"port"}));
  CHECK_FALSE(load_config({}, {"=3"}));
  CHECK_FALSE(load_config({}, {"port=3"}));  // top-level key, not section.key
}

TEST_CASE("config: the public URL is an origin, and https there means the server is served over HTTPS", "[config]") {
  for (const auto* bad : {"kreds.aarhus.dk", "https://kreds.aarhus.dk/app", "ftp://kreds.aarhus.dk", "https://"}) {
    auto config = load_config({}, {std::string("server.public_url=\"") + bad + "\""});
    INFO(bad);
    REQUIRE_FALSE(config);
    CHECK_THAT(config.err().message(), Catch::Contains("server.public_url"));
  }
  auto plain = load_config({}, {});
  REQUIRE(plain);
  CHECK_FALSE(plain->served_over_https());
  auto proxied = load_config({}, {"server.public_url=\"https://kreds.aarhus.dk\""});
  REQUIRE(proxied);
  CHECK(proxied->served_over_https());
  auto http_only = load_config({}, {"server.public_url=\"http://kreds.test:8080\""});
  REQUIRE(http_only);
  CHECK_FALSE(http_only->served_over_https());
}

TEST_CASE("config: the metrics listener's address and port are checked like the server's", "[config]") {
  auto host = load_config({}, {"metrics.listen=\"localhost\""});
  REQUIRE_FALSE(host);
  CHECK_THAT(host.err().message(), Catch::Contains("metrics.listen"));
  auto port = load_config({}, {"metrics.port=70000"});
  REQUIRE_FALSE(port);
  CHECK_THAT(port.err().message(), Catch::Contains("metrics.port") && Catch::Contains("between 0 and 65535"));
  auto fine = load_config({}, {"metrics.listen=\"::1\"", "metrics.port=0"});
  REQUIRE(fine);
  CHECK(fine->metrics.port == 0);
}
