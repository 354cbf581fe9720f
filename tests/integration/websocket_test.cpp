#include <catch2/catch.hpp>

#include <fstream>

#include <boost/json.hpp>

#include <memory>
#include <thread>
#include <vector>

#include "support/clients.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;

namespace {

// A seeker's session cookie on `server`.
std::string seeker_cookie(test_server& server, const std::string& origin = {}) {
  server.add_account("751", kreds::platform::role::seeker, "seeker@example.dk", "seeker-password-1");
  auto cookie = login(server.port(), "seeker@example.dk", "seeker-password-1", origin);
  REQUIRE_FALSE(cookie.empty());
  return cookie;
}

// A seeker's socket, connected and past its welcome.
void connect_welcomed(test_server& server, ws_client& client) {
  REQUIRE(client.connect(server.port(), seeker_cookie(server)) == 101);
  REQUIRE(client.read_type("welcome"));
}

}  // namespace

TEST_CASE("websocket: a ping gets a pong with the same id and payload", "[integration][websocket]") {
  test_server server;
  const auto cookie = seeker_cookie(server);
  ws_client client;
  REQUIRE(client.connect(server.port(), cookie) == 101);
  auto welcome = client.read();
  REQUIRE(welcome);
  CHECK(message_type(*welcome) == "welcome");
  REQUIRE(client.send_text(R"({"type":"ping","id":"c-1","payload":{"n":42}})"));
  auto pong = client.read();
  REQUIRE(pong);
  CHECK(*pong == R"({"type":"pong","id":"c-1","payload":{"n":42}})");
}

TEST_CASE("websocket: the welcome carries the server's configured chat limits", "[integration][websocket]") {
  test_server server({"limits.chat_max_characters=300", "limits.chat_messages_per_minute=7"});
  const auto cookie = seeker_cookie(server);
  ws_client client;
  REQUIRE(client.connect(server.port(), cookie) == 101);
  auto welcome = client.read();
  REQUIRE(welcome);
  const auto message = boost::json::parse(*welcome).as_object();
  CHECK(message.at("type").as_string() == "welcome");
  const auto& limits = message.at("payload").at("limits").as_object();
  CHECK(limits.at("chat_max_characters").as_int64() == 300);
  CHECK(limits.at("chat_messages_per_minute").as_int64() == 7);
}

TEST_CASE("websocket: the browser's own origin may connect - a foreign origin gets 403", "[integration][websocket]") {
  test_server server;
  const auto cookie = seeker_cookie(server);
  ws_client own;
  CHECK(own.connect(server.port(), cookie, "http://127.0.0.1:" + std::to_string(server.port())) == 101);
  ws_client foreign;
  CHECK(foreign.connect(server.port(), cookie, "http://evil.example") == 403);
}

TEST_CASE("websocket: an allow-listed origin may connect", "[integration][websocket]") {
  test_server server({R"(websocket.allowed_origins=["https://kreds.example.dk"])"});
  const auto cookie = seeker_cookie(server, "https://kreds.example.dk");
  ws_client listed;
  CHECK(listed.connect(server.port(), cookie, "https://kreds.example.dk") == 101);
  ws_client own;
  CHECK(own.connect(server.port(), cookie, "http://127.0.0.1:" + std::to_string(server.port())) == 403);
}

TEST_CASE("websocket: an upgrade anywhere but /ws is refused", "[integration][websocket]") {
  test_server server;
  const auto cookie = seeker_cookie(server);
  ws_client client;
  CHECK(client.connect(server.port(), cookie, {}, "/elsewhere") == 404);
}

TEST_CASE("websocket: malformed JSON and unknown types get errors and the socket stays usable",
          "[integration][websocket]") {
  test_server server;
  ws_client client;
  connect_welcomed(server, client);
  REQUIRE(client.send_text("{not json"));
  auto error = client.read();
  REQUIRE(error);
  CHECK(message_type(*error) == "error");
  CHECK_THAT(*error, Catch::Contains("invalid_json"));

  REQUIRE(client.send_text(R"({"type":"teleport","id":"t1"})"));
  auto unknown = client.read();
  REQUIRE(unknown);
  CHECK_THAT(*unknown, Catch::Contains("\"id\":\"t1\"") && Catch::Contains("unsupported"));

  REQUIRE(client.send_text(R"({"type":"ping","id":"after"})"));
  auto pong = client.read();
  REQUIRE(pong);
  CHECK(message_type(*pong) == "pong");
}

TEST_CASE("websocket: an oversized message closes with 1009", "[integration][websocket]") {
  test_server server({"limits.ws_max_message_bytes=1024"});
  ws_client client;
  connect_welcomed(server, client);
  client.send_text(R"({"type":"ping","payload":{"pad":")" + std::string(4096, 'x') + "\"}}");
  CHECK_FALSE(client.read());
  CHECK(client.closed());
  INFO(client.close_error());
  CHECK(client.close_code() == 1009);
}

TEST_CASE("websocket: a frame whose 64-bit length has its top bit set closes with 1002 at once",
          "[integration][websocket]") {
  test_server server;
  ws_client client;
  connect_welcomed(server, client);
  // A ping first, so the guard follows a real frame before the bad one.
  REQUIRE(client.send_text(R"({"type":"ping","id":"before"})"));
  REQUIRE(client.read_type("pong"));
  std::string header{'\x81', '\xFF', '\x80', 0, 0, 0, 0, 0, 0, 0, '\x11', '\x22', '\x33', '\x44'};
  REQUIRE(client.send_raw(header));
  CHECK_FALSE(client.read(std::chrono::seconds(2)));
  CHECK(client.closed());
  INFO(client.close_error());
  CHECK(client.close_code() == 1002);
}

TEST_CASE("websocket: a binary frame closes with 1003", "[integration][websocket]") {
  test_server server;
  ws_client client;
  connect_welcomed(server, client);
  REQUIRE(client.send_binary(std::string("\x01\x02\x03", 3)));
  CHECK_FALSE(client.read());
  CHECK(client.close_code() == 1003);
}

TEST_CASE("websocket: a client that stops reading is cut off while another is unaffected", "[integration][websocket]") {
  test_server server({"limits.ws_queue_bytes=65536", "limits.ws_queue_messages=64"});
  const auto cookie = seeker_cookie(server);
  ws_client reader;
  REQUIRE(reader.connect(server.port(), cookie) == 101);
  REQUIRE(reader.read_type("welcome"));

  ws_client sluggard;
  REQUIRE(sluggard.connect(server.port(), cookie, {}, "/ws", 4096) == 101);
  // Every ping makes the server queue a pong the sluggard never reads; once
  // the kernel buffers are full the queue passes its cap.
  const std::string ping = R"({"type":"ping","payload":{"pad":")" + std::string(30000, 'p') + "\"}}";
  auto& metrics = server.context().metrics();
  bool cut_off = false;
  for (int i = 0; i < 4000 && !cut_off; ++i) {
    cut_off = !sluggard.send_text(ping, std::chrono::seconds(2)) || metrics.websocket_slow_consumers_closed > 0;
  }
  CHECK(cut_off);
  CHECK(metrics.websocket_slow_consumers_closed == 1);

  REQUIRE(reader.send_text(R"({"type":"ping","id":"still-here"})"));
  auto pong = reader.read();
  REQUIRE(pong);
  CHECK_THAT(*pong, Catch::Contains("still-here"));
}

TEST_CASE("websocket: an upgrade without a valid session gets 401", "[integration][websocket]") {
  test_server server;
  ws_client anonymous;
  CHECK(anonymous.connect(server.port(), "") == 401);
  ws_client forged;
  CHECK(forged.connect(server.port(), "kreds_session=not-a-real-token") == 401);
}

TEST_CASE("websocket: one account holds at most limits.ws_per_account sockets, one more is refused with 429",
          "[integration][websocket]") {
  test_server server({"limits.ws_per_account=3"});
  server.add_account("751", kreds::platform::role::seeker, "s@a.dk", "seeker-password-1");
  server.add_account("751", kreds::platform::role::seeker, "t@a.dk", "seeker-password-2");
  const auto cookie = login(server.port(), "s@a.dk", "seeker-password-1");
  std::vector<std::unique_ptr<ws_client>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<ws_client>());
    REQUIRE(open.back()->connect(server.port(), cookie) == 101);
    REQUIRE(open.back()->read_type("welcome"));
  }
  ws_client fourth;
  CHECK(fourth.connect(server.port(), cookie) == 429);
  // Another account is not affected.
  ws_client other;
  CHECK(other.connect(server.port(), login(server.port(), "t@a.dk", "seeker-password-2")) == 101);
  // Closing one frees a place.
  open.pop_back();
  bool reopened = false;
  for (int attempt = 0; attempt < 20 && !reopened; ++attempt) {
    ws_client again;
    reopened = again.connect(server.port(), cookie) == 101;
    if (!reopened) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(reopened);
}

TEST_CASE("websocket: every message type counts toward one per-account limit, checked before it runs",
          "[integration][websocket]") {
  test_server server({"limits.ws_messages_per_minute=10"});
  server.add_account("751", kreds::platform::role::seeker, "s@a.dk", "seeker-password-1");
  server.add_account("751", kreds::platform::role::seeker, "t@a.dk", "seeker-password-2");
  const auto cookie = login(server.port(), "s@a.dk", "seeker-password-1");
  ws_client first, second, other;
  REQUIRE(first.connect(server.port(), cookie) == 101);
  REQUIRE(second.connect(server.port(), cookie) == 101);  // the limit is the account's, not the socket's
  REQUIRE(other.connect(server.port(), login(server.port(), "t@a.dk", "seeker-password-2")) == 101);
  REQUIRE(first.read_type("welcome"));
  REQUIRE(second.read_type("welcome"));
  REQUIRE(other.read_type("welcome"));
  for (int i = 0; i < 5; ++i) {
    REQUIRE(first.send_text(R"({"type":"ping","id":"a)" + std::to_string(i) + R"("})"));
    REQUIRE(first.read_type("pong"));
    REQUIRE(second.send_text(R"({"type":"presence.query","id":"b)" + std::to_string(i) + R"(","payload":{}})"));
    REQUIRE(second.read());  // an answer of whatever kind
  }
  REQUIRE(first.send_text(R"({"type":"ping","id":"over"})"));
  const auto refused = first.read_type("error");
  REQUIRE(refused);
  CHECK_THAT(*refused,
             Catch::Contains("rate_limited") && Catch::Contains("retry_after_seconds") && Catch::Contains("\"over\""));
  // Another account is not slowed down.
  REQUIRE(other.send_text(R"({"type":"ping","id":"c"})"));
  CHECK(other.read_type("pong"));
}

TEST_CASE("websocket: every message type declares whether it changes something, as docs/protocol.md lists them",
          "[integration][websocket]") {
  test_server server;
  std::ifstream docs(std::string(KREDS_SOURCE_DIR) + "/docs/protocol.md");
  REQUIRE(docs);
  std::string line, listed;
  for (bool inside = false; std::getline(docs, line);) {
    if (line == "<!-- changing messages: end -->") inside = false;
    if (inside) listed += line;
    if (line == "<!-- changing messages: begin -->") inside = true;
  }
  std::string registered;
  for (const auto& type : server.context().messages().changing_types()) {
    registered += (registered.empty() ? "`" : ", `") + type + "`";
  }
  CHECK(listed == registered);
  // Reads are most of the protocol; the list is not everything.
  CHECK(server.context().messages().changing_types().size() < server.context().messages().types().size());
}

TEST_CASE("websocket: messages that change something count toward a second, tighter limit, reads go on",
          "[integration][websocket]") {
  test_server server({"limits.ws_changes_per_minute=3"});
  server.add_account("751", kreds::platform::role::seeker, "s@a.dk", "seeker-password-1");
  ws_client client;
  REQUIRE(client.connect(server.port(), login(server.port(), "s@a.dk", "seeker-password-1")) == 101);
  REQUIRE(client.read_type("welcome"));
  for (int i = 0; i < 3; ++i) {
    REQUIRE(
        client.send_text(R"({"type":"presence.set","id":"p)" + std::to_string(i) + R"(","payload":{"state":"away"}})"));
    REQUIRE(client.read_type("presence.set"));
  }
  REQUIRE(client.send_text(R"({"type":"presence.set","id":"over","payload":{"state":"online"}})"));
  const auto refused = client.read_type("error");
  REQUIRE(refused);
  CHECK_THAT(*refused,
             Catch::Contains("rate_limited") && Catch::Contains("too many changes") && Catch::Contains("\"over\""));
  REQUIRE(client.send_text(R"({"type":"ping","id":"still"})"));
  CHECK(client.read_type("pong"));
}
