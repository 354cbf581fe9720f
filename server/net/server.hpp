// The network edge: one port serving HTTP(S), the JSON API and WebSockets,
// and a second listener (metrics.listen:metrics.port, loopback by default)
// serving only GET /metrics.
//
// start() loads TLS (when configured) and binds, failing with a message that
// says what to fix (port in use, bad address, unreadable certificate).
// run() serves on `server.threads` threads — the caller's plus the rest —
// and returns once the server has stopped. stop() (any thread, or SIGINT /
// SIGTERM when handle_signals is set) stops accepting, closes WebSockets
// with 1001, lets in-flight requests finish, and forces the rest closed
// after limits.shutdown_grace. The platform context (and its storage) outlives
// the server and is stopped by the caller after run() returns.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "core/result.hpp"
#include "platform/context.hpp"

namespace kreds::net {

class server {
 public:
  explicit server(platform::context& context, bool handle_signals = false);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  result<void> start();
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  boost::asio::ip::tcp::endpoint metrics_endpoint() const;  // the metrics listener
  void run();
  void stop();

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace kreds::net
