#include "net/http_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>

#include "net/shared_state.hpp"
#include "net/static_files.hpp"
#include "net/websocket_session.hpp"
#include "platform/api_router.hpp"
#include "platform/logging.hpp"
#include "platform/origin_policy.hpp"

namespace kreds::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using clock = std::chrono::steady_clock;
constexpr auto with_error = asio::as_tuple(asio::use_awaitable);

// No inline script or style anywhere: the web client is ES modules and CSS
// files served from 'self'. Images may be data: URIs (the design system's
// icons).
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

template <class Body>
void add_common_headers(http::response<Body>& response, std::string_view request_id, bool https) {
  response.set(http::field::server, "kreds");
  response.set("Content-Security-Policy", content_security_policy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (https) response.set(http::field::strict_transport_security, "max-age=31536000");
  response.set("X-Request-Id", request_id);
}

struct outcome {
  http::message_generator message;
  int status;
  std::string_view route;
};

template <class Stream>
class http_session final : public closable, public std::enable_shared_from_this<http_session<Stream>> {
 public:
  http_session(Stream stream, std::shared_ptr<shared_state> shared, std::uint64_t id, listener which)
      : stream_(std::move(stream)),
        shared_(std::move(shared)),
        which_(which),
        limits_(shared_->ctx.settings().limits),
        id_(id),
        log_id_("c" + std::to_string(id)),
        request_timer_(stream_.get_executor()) {
    ++shared_->ctx.metrics().http_connections;
  }

  ~http_session() override {
    --shared_->ctx.metrics().http_connections;
    shared_->registry.remove(id_);
  }

  void shut_down() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closing_ = true;
      // A session waiting for a request is closed now; a busy one closes
      // after it has sent its response.
      // (The error_code overload: after a hand-off to a WebSocket the socket is gone.)
      boost::system::error_code ignored;
      if (!self->busy_ && !self->handed_off_) beast::get_lowest_layer(self->stream_).socket().cancel(ignored);
    });
  }

  asio::awaitable<void> run() {
    auto self = this->shared_from_this();
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      beast::get_lowest_layer(stream_).expires_after(limits_.http_request_timeout);
      auto [ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, with_error);
      if (ec) {
        platform::log_debug(log_id_, "TLS handshake failed: {}", ec.message());
        co_return;
      }
    }
    for (;;) {
      if (closing_) break;
      // An idle keep-alive connection is closed without a word...
      if (buffer_.size() == 0) {
        beast::get_lowest_layer(stream_).expires_after(limits_.http_idle_timeout);
        auto [ec, bytes] = co_await stream_.async_read_some(buffer_.prepare(2048), with_error);
        if (ec) break;
        buffer_.commit(bytes);
      }
      // ...but one that has started a request must finish it in time.
      beast::get_lowest_layer(stream_).expires_never();
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(limits_.http_max_header_bytes));
      parser.body_limit(limits_.http_max_body_bytes);
      arm_request_timer();
      auto reading = read_request(parser);
      const auto ec = co_await std::move(reading);
      request_timer_.cancel();
      const auto started = clock::now();
      const auto request_id = shared_->next_request_id();

      if (ec) {
        if (ec == http::error::end_of_stream || (closing_ && !timed_out_)) break;
        if (const auto failure = read_failure(ec)) co_await refuse(*failure, request_id, 11, "invalid", started);
        break;
      }

      auto request = parser.release();
      if (const auto ambiguous = framing_failure(request)) {
        co_await refuse(*ambiguous, request_id, request.version(), "invalid", started);
        break;  // what follows on this connection cannot be framed safely
      }
      // The metrics listener upgrades nothing: there /ws is just another path it does not serve.
      if (beast::websocket::is_upgrade(request) && which_ == listener::public_port) {
        auto who = co_await check_upgrade(request, request_id);
        if (!who) {
          co_await refuse(who.err(), request_id, request.version(), "ws", started);
          break;
        }
        shared_->ctx.metrics().count_request("ws", 101, clock::now() - started);
        handed_off_ = true;
        start_websocket_session(std::move(stream_), std::move(request), shared_, std::move(*who));
        co_return;
      }

      busy_ = true;
      const bool keep_alive = request.keep_alive();
      auto answer = co_await respond(std::move(request), request_id);
      shared_->ctx.metrics().count_request(answer.route, answer.status, clock::now() - started);
      beast::get_lowest_layer(stream_).expires_after(limits_.http_request_timeout);
      auto [write_error, written] = co_await beast::async_write(stream_, std::move(answer.message), with_error);
      busy_ = false;
      if (write_error || !keep_alive || closing_) break;
    }
    co_await close();
  }

 private:
  // Answers a request with `failure` before the connection closes (the
  // caller breaks out of its loop), counted under `route`.
  asio::awaitable<void> refuse(kreds::error failure, std::string request_id, unsigned version, std::string route,
                               clock::time_point started) {
    platform::log_info(log_id_, "{}: refused: {}", request_id, failure.message());
    auto reply = error_response(failure, request_id, version, false);
    shared_->ctx.metrics().count_request(route, reply.result_int(), clock::now() - started);
    beast::get_lowest_layer(stream_).expires_after(limits_.http_request_timeout);
    co_await http::async_write(stream_, reply, with_error);
  }

  // The client's address: the peer's, or from a trusted proxy the one its
  // X-Forwarded-For names (platform/client_address.hpp); every such header
  // of the request, in order.
  std::string client_address(const http::request<http::string_body>& request) const {
    boost::system::error_code ignored;
    const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ignored).address();
    std::string forwarded;
    const auto [first, last] = request.equal_range("X-Forwarded-For");
    for (auto field = first; field != last; ++field) {
      if (!forwarded.empty()) forwarded += ',';
      forwarded += std::string(field->value());
    }
    return shared_->ctx.proxies().client_address(peer, forwarded);
  }

  // Reads one request into `parser`. Beast's header_limit counts only the
  // part of the head not yet parsed, so a thousand short header lines would
  // pass it one by one: here the head is counted as a whole.
  asio::awaitable<boost::system::error_code> read_request(http::request_parser<http::string_body>& parser) {
    std::size_t head = 0;
    while (!parser.is_header_done()) {
      auto [ec, bytes] = co_await http::async_read_some(stream_, buffer_, parser, with_error);
      if (ec) co_return ec;
      head += bytes;
      if (head > limits_.http_max_header_bytes) co_return http::error::header_limit;
    }
    if (parser.is_done()) co_return boost::system::error_code{};
    auto [ec, bytes] = co_await http::async_read(stream_, buffer_, parser, with_error);
    co_return ec;
  }

  // A request that has started must be complete within the timeout; the
  // timer cancels the read (unless the socket went to a WebSocket).
  void arm_request_timer() {
    timed_out_ = false;
    request_timer_.expires_after(limits_.http_request_timeout);
    request_timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (self->handed_off_) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().cancel(ignored);
    });
  }

  // What to tell the client whose request could not be read, if anything
  // (a connection that just went away gets no answer).
  std::optional<kreds::error> read_failure(const boost::system::error_code& ec) const {
    if (timed_out_) {
      return kreds::error{errc::request_timeout, "the request was not complete within " +
                                                     std::to_string(limits_.http_request_timeout.count()) + " s"};
    }
    if (ec == http::error::header_limit) {
      return kreds::error{errc::headers_too_large, "the request head is larger than " +
                                                       std::to_string(limits_.http_max_header_bytes) + " bytes"};
    }
    if (ec == http::error::body_limit) {
      return kreds::error{errc::payload_too_large,
                          "the request body is larger than " + std::to_string(limits_.http_max_body_bytes) + " bytes"};
    }
    if (ec.category() == make_error_code(http::error::bad_target).category() || ec == http::error::partial_message) {
      return kreds::error{errc::bad_request, "malformed HTTP request: " + ec.message()};
    }
    return std::nullopt;
  }

  // RFC 9112 §6.3: a request with Transfer-Encoding and Content-Length, or
  // whose last transfer coding is not chunked, has no safe length; it gets
  // 400 and the connection is closed (request smuggling).
  static std::optional<kreds::error> framing_failure(const http::request<http::string_body>& request) {
    if (request.find(http::field::transfer_encoding) == request.end()) return std::nullopt;
    if (request.find(http::field::content_length) != request.end()) {
      return kreds::error{errc::bad_request, "a request may not carry both Transfer-Encoding and Content-Length"};
    }
    if (!request.chunked()) return kreds::error{errc::bad_request, "the last Transfer-Encoding must be chunked"};
    return std::nullopt;
  }

  asio::awaitable<void> close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      boost::system::error_code ignored;
      stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    } else {
      co_await stream_.async_shutdown(with_error);
    }
  }

  http::response<http::string_body> error_response(const kreds::error& failure, std::string_view request_id,
                                                   unsigned version, bool keep_alive) {
    auto reply = platform::error_reply(failure, request_id);
    http::response<http::string_body> response{static_cast<http::status>(reply.status), version};
    add_common_headers(response, request_id, shared_->ctx.settings().served_over_https());
    response.set(http::field::content_type, reply.content_type);
    response.set(http::field::cache_control, "no-store");
    response.body() = std::move(reply.body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
  }

  // Path, shutdown, Origin and session: who may open this WebSocket.
  asio::awaitable<result<platform::caller>> check_upgrade(const upgrade_request& request, std::string_view request_id) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target || target->encoded_path() != "/ws") {
      co_return kreds::error{errc::not_found, "WebSockets are served at /ws only"};
    }
    if (shared_->stopping) co_return kreds::error{errc::unavailable, "the server is shutting down"};
    const auto origin = request[http::field::origin];
    if (!platform::origin_allowed(origin, request[http::field::host],
                                  shared_->ctx.settings().websocket.allowed_origins)) {
      platform::log_info(log_id_, "{}: WebSocket from origin '{}' refused", request_id, origin);
      co_return kreds::error{errc::forbidden, "this origin may not open a WebSocket to this server"};
    }
    auto authenticating = shared_->ctx.sessions().authenticate(request[http::field::cookie]);
    auto who = co_await std::move(authenticating);
    KREDS_CO_RETURN_IF_ERROR(who);
    // One account cannot hold the server's sockets: a tab or two per device is plenty.
    const auto limit = limits_.ws_per_account;
    if (shared_->ctx.connections().connections_of(who->account_id) >= limit) {
      co_return kreds::error{errc::rate_limited,
                             "this account already has " + std::to_string(limit) + " open connections; close one"}
          .with_retry_after(10);
    }
    co_return who;
  }

  outcome finish(http::response<http::string_body> response, std::string_view request_id, std::string_view route,
                 bool keep_alive) {
    add_common_headers(response, request_id, shared_->ctx.settings().served_over_https());
    response.keep_alive(keep_alive && !closing_);
    response.prepare_payload();
    const int status = response.result_int();
    return {http::message_generator(std::move(response)), status, route};
  }

  outcome reply_to(platform::http_reply reply, const upgrade_request& request, std::string_view request_id,
                   std::string_view route) {
    http::response<http::string_body> response{static_cast<http::status>(reply.status), request.version()};
    response.set(http::field::content_type, reply.content_type);
    response.set(http::field::cache_control, "no-store");
    for (auto& [name, value] : reply.headers) response.set(name, value);
    if (request.method() != http::verb::head) response.body() = std::move(reply.body);
    return finish(std::move(response), request_id, route, request.keep_alive());
  }

  outcome failed(const kreds::error& failure, const upgrade_request& request, std::string_view request_id,
                 std::string_view route) {
    return reply_to(platform::error_reply(failure, request_id), request, request_id, route);
  }

  // The metrics listener answers GET /metrics and nothing else.
  outcome metrics_answer(const upgrade_request& request, std::string_view request_id, const std::string& path,
                         bool read_only) {
    if (path != "/metrics")
      return failed({errc::not_found, "only /metrics is served here"}, request, request_id, "metrics");
    if (!read_only) {
      return failed({errc::method_not_allowed, "only GET and HEAD are allowed here"}, request, request_id, "metrics");
    }
    platform::http_reply metrics{200, shared_->ctx.metrics().render(), "text/plain; version=0.0.4; charset=utf-8", {}};
    return reply_to(std::move(metrics), request, request_id, "metrics");
  }

  asio::awaitable<outcome> respond(upgrade_request request, std::string request_id) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target) co_return failed({errc::bad_request, "malformed request target"}, request, request_id, "invalid");
    const std::string path(target->encoded_path());
    const bool read_only = request.method() == http::verb::get || request.method() == http::verb::head;
    if (which_ == listener::metrics) co_return metrics_answer(request, request_id, path, read_only);
    if (path == "/metrics") {
      co_return failed({errc::not_found, "metrics are served on the metrics listener (metrics.listen, metrics.port)"},
                       request, request_id, "metrics");
    }

    if (path.rfind("/api/", 0) == 0) {
      platform::http_request call;
      call.method = std::string(request.method_string());
      call.path = path;
      call.query = std::string(target->encoded_query());
      call.body = std::move(request.body());
      call.content_type = std::string(request[http::field::content_type]);
      call.origin = std::string(request[http::field::origin]);
      call.host = std::string(request[http::field::host]);
      call.cookie = std::string(request[http::field::cookie]);
      call.request_id = request_id;
      call.remote_address = client_address(request);
      auto reply = co_await shared_->ctx.api().handle(std::move(call));
      co_return reply_to(std::move(reply), request, request_id, "api");
    }

    if (path == "/healthz" || path == "/readyz" || path == "/ws") {
      if (!read_only) {
        co_return failed({errc::method_not_allowed, "only GET and HEAD are allowed here"}, request, request_id,
                         path.substr(1));
      }
      if (path == "/healthz")
        co_return reply_to(platform::json_reply(200, R"({"status":"ok"})"), request, request_id, "healthz");
      if (path == "/ws") {
        co_return failed({errc::bad_request, "/ws expects a WebSocket upgrade"}, request, request_id, "ws");
      }
      if (path == "/readyz") {
        auto ready = co_await shared_->ctx.check_ready();
        if (!ready) {
          co_return failed({errc::unavailable, "not ready: " + ready.err().message()}, request, request_id, "readyz");
        }
        co_return reply_to(
            platform::json_reply(200, R"({"status":"ready","schema_version":)" + std::to_string(*ready) + "}"), request,
            request_id, "readyz");
      }
    }

    if (!read_only) {
      co_return failed({errc::method_not_allowed, "static files allow only GET and HEAD"}, request, request_id,
                       "static");
    }
    co_return serve_file(request, path, request_id);
  }

  outcome serve_file(const upgrade_request& request, const std::string& path, std::string_view request_id) {
    auto file = resolve_static_file(shared_->web_root, path);
    if (!file) return failed(file.err(), request, request_id, "static");
    const auto cache = file->revalidate
                           ? std::string("no-cache")
                           : "public, max-age=" + std::to_string(shared_->ctx.settings().web.max_age_seconds);
    if (request[http::field::if_none_match] == file->etag) {
      http::response<http::string_body> response{http::status::not_modified, request.version()};
      response.set(http::field::etag, file->etag);
      response.set(http::field::cache_control, cache);
      return finish(std::move(response), request_id, "static", request.keep_alive());
    }
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(file->path.c_str(), beast::file_mode::scan, ec);
    if (ec) return failed({errc::not_found, "no such file"}, request, request_id, "static");
    http::response<http::file_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, file->content_type);
    response.set(http::field::etag, file->etag);
    response.set(http::field::cache_control, cache);
    add_common_headers(response, request_id, shared_->ctx.settings().served_over_https());
    response.keep_alive(request.keep_alive() && !closing_);
    if (request.method() == http::verb::head) {
      response.content_length(file->size);
      http::response<http::empty_body> head{response.base()};
      return {http::message_generator(std::move(head)), 200, "static"};
    }
    response.body() = std::move(body);
    response.prepare_payload();
    return {http::message_generator(std::move(response)), 200, "static"};
  }

  Stream stream_;
  std::shared_ptr<shared_state> shared_;
  listener which_;
  const platform::limits& limits_;
  std::uint64_t id_;
  std::string log_id_;
  beast::flat_buffer buffer_;
  asio::steady_timer request_timer_;
  bool timed_out_ = false;
  bool busy_ = false;
  bool closing_ = false;
  bool handed_off_ = false;  // the socket now belongs to a WebSocket session
};

template <class Stream>
void launch(Stream stream, std::shared_ptr<shared_state> shared, listener which) {
  const auto id = shared->next_id.fetch_add(1);
  auto executor = stream.get_executor();
  auto session = std::make_shared<http_session<Stream>>(std::move(stream), shared, id, which);
  shared->registry.add(id, session);
  asio::co_spawn(executor, session->run(), [id, shared](std::exception_ptr failure) {
    // An exception escaping a session ends that session only.
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      platform::log_error("c" + std::to_string(id), "session failed: {}", e.what());
    }
  });
}

}  // namespace

void start_http_session(asio::ip::tcp::socket socket, std::shared_ptr<shared_state> shared, asio::ssl::context* tls,
                        listener which) {
  if (tls && which == listener::public_port) {
    launch(tls_stream(beast::tcp_stream(std::move(socket)), *tls), std::move(shared), which);
  } else {
    launch(plain_stream(std::move(socket)), std::move(shared), which);
  }
}

}  // namespace kreds::net
