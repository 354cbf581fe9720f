// One WebSocket connection at /ws, after the HTTP upgrade was accepted.
//
// Reads text frames (JSON envelopes, see docs/protocol.md) and passes them to
// the platform's message router one at a time, in order. Binary frames
// close the connection with 1003, oversized messages with 1009 (Beast stops
// reading at the limit, nothing is buffered beyond it). Outgoing messages
// are queued with one write in flight; a peer whose queue exceeds the
// message or byte cap is disconnected. Keep-alive pings and the idle
// timeout are Beast's. Logout or deactivation of its account closes it
// with 4001. Everything runs on the connection's strand.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <cstdint>
#include <memory>

#include "platform/access.hpp"

namespace kreds::net {

struct shared_state;

using plain_stream = boost::beast::tcp_stream;
using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using upgrade_request = boost::beast::http::request<boost::beast::http::string_body>;

// who: the account authenticated from the upgrade's session cookie.
void start_websocket_session(plain_stream stream, upgrade_request upgrade, std::shared_ptr<shared_state> shared,
                             platform::caller who);
void start_websocket_session(tls_stream stream, upgrade_request upgrade, std::shared_ptr<shared_state> shared,
                             platform::caller who);

}  // namespace kreds::net
