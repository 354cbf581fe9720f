#include "support/clients.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <cctype>

namespace kreds::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// Runs the io_context until `done` or the timeout; cancels what is left.
template <class Stream>
bool run_until(asio::io_context& io, Stream& stream, const bool& done, std::chrono::milliseconds timeout) {
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(deadline - std::chrono::steady_clock::now());
  }
  if (done) return true;
  beast::get_lowest_layer(stream).cancel();
  io.restart();
  io.run_for(1s);
  return false;  // timed out, even though the cancelled operation has now completed
}

tcp::endpoint loopback(unsigned short port) { return {asio::ip::make_address("127.0.0.1"), port}; }

}  // namespace

http_result http_request(unsigned short port, const std::string& method, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                         std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  http_result out;
  bool done = false;
  beast::error_code ec;
  stream.async_connect(loopback(port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, timeout) || ec) {
    out.error = "connect: " + ec.message();
    return out;
  }
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") request.prepare_payload();
  done = false;
  http::async_write(stream, request, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, timeout) || ec) {
    out.error = "write: " + ec.message();
    return out;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  done = false;
  http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, timeout) || ec) {
    out.error = "read: " + ec.message();
    return out;
  }
  auto response = parser.release();
  out.status = response.result_int();
  out.body = response.body();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.headers[name] = std::string(field.value());
  }
  return out;
}

std::string raw_exchange(unsigned short port, const std::string& bytes, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  bool done = false;
  beast::error_code ec;
  stream.async_connect(loopback(port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, timeout) || ec) return {};
  done = false;
  asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done, timeout)) return {};
  std::string received;
  std::array<char, 4096> chunk;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    done = false;
    std::size_t got = 0;
    stream.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t n) {
      ec = e;
      got = n;
      done = true;
    });
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !run_until(io, stream, done, left)) break;
    received.append(chunk.data(), got);
    if (ec) break;
  }
  return received;
}

ws_client::ws_client() : ws_(io_) {}

ws_client::~ws_client() {
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

int ws_client::connect(unsigned short port, const std::string& cookie, const std::string& origin,
                       const std::string& target, std::size_t receive_buffer) {
  bool done = false;
  beast::error_code ec;
  auto& socket = beast::get_lowest_layer(ws_).socket();
  socket.open(tcp::v4());
  if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(receive_buffer)));
  beast::get_lowest_layer(ws_).async_connect(loopback(port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(io_, ws_, done, 5s) || ec) return 0;
  ws_.set_option(websocket::stream_base::decorator([origin, cookie](websocket::request_type& request) {
    if (!origin.empty()) request.set(http::field::origin, origin);
    if (!cookie.empty()) request.set(http::field::cookie, cookie);
  }));
  websocket::response_type response;
  done = false;
  ws_.async_handshake(response, "127.0.0.1:" + std::to_string(port), target, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(io_, ws_, done, 5s)) return 0;
  return response.result_int();
}

bool ws_client::send_text(const std::string& text, std::chrono::milliseconds timeout) {
  bool done = false;
  beast::error_code ec;
  ws_.text(true);
  ws_.async_write(asio::buffer(text), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  return run_until(io_, ws_, done, timeout) && !ec;
}

bool ws_client::send_binary(const std::string& bytes, std::chrono::milliseconds timeout) {
  bool done = false;
  beast::error_code ec;
  ws_.binary(true);
  ws_.async_write(asio::buffer(bytes), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  return run_until(io_, ws_, done, timeout) && !ec;
}

bool ws_client::send_raw(const std::string& bytes, std::chrono::milliseconds timeout) {
  bool done = false;
  beast::error_code ec;
  asio::async_write(beast::get_lowest_layer(ws_), asio::buffer(bytes), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  return run_until(io_, ws_, done, timeout) && !ec;
}

std::optional<std::string> ws_client::read(std::chrono::milliseconds timeout) {
  if (closed_) return std::nullopt;
  bool done = false;
  beast::error_code ec;
  buffer_.clear();
  ws_.async_read(buffer_, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_until(io_, ws_, done, timeout)) {
    close_error_ = "timed out";
    return std::nullopt;
  }
  if (ec) {
    closed_ = true;
    close_code_ = ws_.reason().code;
    close_error_ = ec.message();
    return std::nullopt;
  }
  return beast::buffers_to_string(buffer_.data());
}

std::optional<std::string> ws_client::read_type(const std::string& type, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto message =
        read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!message) return std::nullopt;
    if (message_type(*message) == type) return message;
  }
  return std::nullopt;
}

std::string message_type(const std::string& json) {
  boost::system::error_code ec;
  auto value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) return {};
  auto* type = value.as_object().if_contains("type");
  return type && type->is_string() ? std::string(type->get_string()) : std::string();
}

}  // namespace kreds::testing

namespace kreds::testing {

std::string session_cookie(const http_result& reply) {
  const auto found = reply.headers.find("set-cookie");
  if (found == reply.headers.end()) return {};
  return found->second.substr(0, found->second.find(';'));
}

std::string login(unsigned short port, const std::string& email, const std::string& password,
                  const std::string& origin) {
  boost::json::object body{{"email", email}, {"password", password}};
  auto response = http_request(port, "POST", "/api/v1/session",
                               {{"Content-Type", "application/json"},
                                {"Origin", origin.empty() ? "http://127.0.0.1:" + std::to_string(port) : origin}},
                               boost::json::serialize(body), std::chrono::seconds(20));
  if (response.status != 200) return {};
  return session_cookie(response);
}

http_result api_call(unsigned short port, const std::string& cookie, const std::string& method,
                     const std::string& target, const std::string& json_body) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
  if (method != "GET" && method != "HEAD") headers.emplace_back("Origin", "http://127.0.0.1:" + std::to_string(port));
  if (!json_body.empty()) headers.emplace_back("Content-Type", "application/json");
  return http_request(port, method, target, headers, json_body, std::chrono::seconds(20));
}

}  // namespace kreds::testing
