// One HTTP connection: reads requests, answers them, and hands the socket to
// a WebSocket session on an upgrade to /ws.
//
// Requests are read under the limits of platform::limits (431 for a too-large
// head, 413 for a too-large body, 408 for a request not complete in time;
// an idle keep-alive connection is closed silently). Each response carries
// the security headers. Runs as a coroutine on the connection's strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace kreds::net {

struct shared_state;

// Which listener a connection came in on: the public port (the client, the
// API, WebSockets, health) or the metrics listener (GET /metrics only).
enum class listener { public_port, metrics };

// tls: null for plain HTTP; the context must outlive the session.
void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<shared_state> shared,
                        boost::asio::ssl::context* tls, listener which = listener::public_port);

}  // namespace kreds::net
