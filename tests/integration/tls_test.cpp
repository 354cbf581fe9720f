#include <signal.h>
#include <catch2/catch.hpp>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "support/clients.hpp"
#include "support/process.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A throwaway self-signed certificate for 127.0.0.1.
void make_certificate(const temp_dir& dir) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -keyout " +
      dir.file("key.pem") + " -out " + dir.file("cert.pem") + " 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
}

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

void connect(asio::io_context& io, tls_stream& stream, unsigned short port) {
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(asio::ssl::stream_base::client);
  (void)io;
}

http::response<http::string_body> https_request(asio::io_context& io, asio::ssl::context& context, unsigned short port,
                                                http::request<http::string_body> request) {
  tls_stream stream(io, context);
  connect(io, stream, port);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response;
}

}  // namespace

TEST_CASE("tls: HTTPS and WSS are served on the same port when a certificate is configured", "[integration][tls]") {
  temp_dir certificates;
  make_certificate(certificates);
  test_server server({"tls.certificate=\"" + certificates.file("cert.pem") + "\"",
                      "tls.private_key=\"" + certificates.file("key.pem") + "\""});
  server.add_account("751", kreds::platform::role::seeker, "secure@example.dk", "secure-password-1");
  asio::io_context io;
  asio::ssl::context client_context(asio::ssl::context::tls_client);
  client_context.set_verify_mode(asio::ssl::verify_none);

  http::request<http::string_body> login_request{http::verb::post, "/api/v1/session", 11};
  login_request.set(http::field::origin, "https://127.0.0.1:" + std::to_string(server.port()));
  login_request.set(http::field::content_type, "application/json");
  login_request.body() = R"({"email":"secure@example.dk","password":"secure-password-1"})";
  auto logged_in = https_request(io, client_context, server.port(), login_request);
  REQUIRE(logged_in.result_int() == 200);
  const std::string set_cookie(logged_in[http::field::set_cookie]);
  // Over TLS the cookie is Secure and bound to this origin.
  CHECK_THAT(set_cookie, Catch::StartsWith("__Host-kreds_session=") && Catch::Contains("; Secure") &&
                             Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));

  {
    tls_stream stream(io, client_context);
    connect(io, stream, server.port());
    http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    CHECK(response.result_int() == 200);
    CHECK(response[http::field::strict_transport_security] == "max-age=31536000");
  }
  {
    beast::websocket::stream<tls_stream> ws(io, client_context);
    connect(io, ws.next_layer(), server.port());
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(beast::websocket::stream_base::decorator(
        [cookie](beast::websocket::request_type& request) { request.set(http::field::cookie, cookie); }));
    ws.handshake("127.0.0.1", "/ws");
    beast::flat_buffer buffer;
    ws.read(buffer);
    CHECK(message_type(beast::buffers_to_string(buffer.data())) == "welcome");
    buffer.clear();
    ws.write(asio::buffer(std::string(R"({"type":"ping","id":"secure"})")));
    ws.read(buffer);
    CHECK(beast::buffers_to_string(buffer.data()) == R"({"type":"pong","id":"secure","payload":{}})");
  }
  // Plain HTTP on a TLS port gets no answer it could mistake for a page.
  CHECK(http_request(server.port(), "GET", "/healthz", {}, {}, std::chrono::seconds(2)).status == 0);
}

TEST_CASE("tls: an unreadable certificate stops start-up naming the key", "[integration][tls]") {
  temp_dir dir;
  auto result =
      run_kreds({"serve", "--port", "0", "--database", dir.file("k.sqlite3"), "--web-root", KREDS_SOURCE_DIR "/web",
                 "--set", "taxonomy.path=\"" KREDS_SOURCE_DIR "/config/taxonomy/esco-1.1.tsv\"", "--set",
                 "tls.certificate=\"" + dir.file("missing.pem") + "\"", "--set",
                 "tls.private_key=\"" + dir.file("missing.key") + "\"", "--set", "metrics.port=0"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("tls.certificate"));
}

TEST_CASE("logging: --log-format json writes one JSON object per line with ids", "[integration][logging]") {
  temp_dir dir;
  const std::string taxonomy = "taxonomy.path=\"" KREDS_SOURCE_DIR "/config/taxonomy/esco-1.1.tsv\"";
  REQUIRE(run_kreds(
              {"demo", "--seekers", "1", "--caseworkers", "1", "--database", dir.file("k.sqlite3"), "--set", taxonomy})
              .exit_code == 0);
  child_process server({KREDS_BINARY, "serve", "--port", "0", "--database", dir.file("k.sqlite3"), "--web-root",
                        KREDS_SOURCE_DIR "/web", "--log-format", "json", "--log-level", "debug", "--set", taxonomy,
                        "--set", "metrics.port=0"});
  auto line = server.wait_for("listening on", std::chrono::seconds(10));
  REQUIRE(line);
  const auto cookie = login(listening_port(*line), "admin@aarhus.demo.kreds.dk", "kreds-demo-2026");
  ws_client client;
  REQUIRE(client.connect(listening_port(*line), cookie) == 101);
  REQUIRE(server.wait_for("WebSocket open", std::chrono::seconds(5)));
  server.signal(SIGTERM);
  REQUIRE(server.wait(std::chrono::seconds(10)) == 0);
  std::istringstream lines(server.output());
  bool saw_id = false;
  int count = 0;
  for (std::string text; std::getline(lines, text);) {
    if (text.empty()) continue;
    ++count;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    INFO(text);
    REQUIRE_FALSE(ec);
    CHECK(value.as_object().contains("time"));
    CHECK(value.as_object().contains("level"));
    CHECK(value.as_object().contains("msg"));
    if (value.as_object().contains("id")) saw_id = true;
  }
  CHECK(count >= 3);
  CHECK(saw_id);
}
