// Real HTTP and WebSocket clients for the integration tests, on Beast, each
// with its own io_context and every operation bounded in time (a test never
// hangs on a silent server). Loopback only. One thread per client object.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kreds::testing {

using namespace std::chrono_literals;

struct http_result {
  int status = 0;  // 0 when the exchange failed
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string error;
};

http_result http_request(unsigned short port, const std::string& method, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& headers = {},
                         const std::string& body = {}, std::chrono::milliseconds timeout = 5s);

// Sends `bytes` as they are, then reads until the server closes or `timeout`
// passes (or `wait_before_reading` first, for slow requests). Returns what
// the server sent.
std::string raw_exchange(unsigned short port, const std::string& bytes, std::chrono::milliseconds timeout = 5s);

class ws_client {
 public:
  ws_client();
  ~ws_client();

  // Connects and upgrades. Returns the HTTP status of the handshake
  // response (101 on success).
  // cookie: the Cookie header ("kreds_session=..."), empty for none.
  int connect(unsigned short port, const std::string& cookie, const std::string& origin = {},
              const std::string& target = "/ws", std::size_t receive_buffer = 0);

  bool send_text(const std::string& text, std::chrono::milliseconds timeout = 5s);
  bool send_binary(const std::string& bytes, std::chrono::milliseconds timeout = 5s);
  // Bytes written straight to the socket, bypassing the WebSocket framing (to send a malformed frame).
  bool send_raw(const std::string& bytes, std::chrono::milliseconds timeout = 5s);
  // The next message, or nothing when the connection closed or timed out.
  std::optional<std::string> read(std::chrono::milliseconds timeout = 5s);
  // Reads until a message of this "type" arrives.
  std::optional<std::string> read_type(const std::string& type, std::chrono::milliseconds timeout = 5s);

  // The close code the server sent, once read() has seen the close.
  int close_code() const { return close_code_; }
  bool closed() const { return closed_; }
  // How the connection ended, for test messages.
  const std::string& close_error() const { return close_error_; }

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  int close_code_ = 0;
  std::string close_error_;
  bool closed_ = false;
};

// The "type" field of a JSON envelope, or "" if it has none.
std::string message_type(const std::string& json);

// Logs in through the API; returns the Cookie header value, or "" on failure.
// origin: the Origin header to send, default the server's own.
// The session cookie ("name=value") a reply sets; "" when it sets none.
std::string session_cookie(const http_result& reply);

std::string login(unsigned short port, const std::string& email, const std::string& password,
                  const std::string& origin = {});

// A JSON API call as a browser would make it: with the session cookie and,
// for state-changing methods, the server's own Origin.
http_result api_call(unsigned short port, const std::string& cookie, const std::string& method,
                     const std::string& target, const std::string& json_body = {});

}  // namespace kreds::testing
