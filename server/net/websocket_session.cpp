#include "net/websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include <deque>
#include <tuple>

#include "platform/context.hpp"
#include "platform/logging.hpp"
#include "platform/message_router.hpp"

#include "net/frame_guard.hpp"
#include "net/shared_state.hpp"

namespace kreds::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
constexpr auto with_error = asio::as_tuple(asio::use_awaitable);

template <class Stream>
class websocket_session final : public closable,
                                public platform::subscriber,
                                public platform::connection,
                                public platform::closable_connection,
                                public std::enable_shared_from_this<websocket_session<Stream>> {
 public:
  websocket_session(Stream stream, std::shared_ptr<shared_state> shared, std::uint64_t id, platform::caller who)
      : ws_(std::move(stream)),
        shared_(std::move(shared)),
        limits_(shared_->ctx.settings().limits),
        id_(id),
        connection_id_("c" + std::to_string(id)),
        who_(std::move(who)) {}

  ~websocket_session() override {
    shared_->registry.remove(id_);
    shared_->ctx.connections().remove(this);
  }

  asio::awaitable<void> run(upgrade_request upgrade) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout{limits_.ws_handshake_timeout, limits_.ws_idle_timeout, true});
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(beast::http::field::server, "kreds"); }));
    ws_.read_message_max(0);  // see read_message()
    auto [accept_error] = co_await ws_.async_accept(upgrade, with_error);
    if (accept_error) {
      platform::log_debug(connection_id_, "WebSocket handshake failed: {}", accept_error.message());
      co_return;
    }
    auto& metrics = shared_->ctx.metrics();
    ++metrics.websocket_connections;
    // welcome is the first frame (docs/protocol.md): queued before anything
    // can publish to this socket.
    enqueue(std::make_shared<const std::string>(platform::serialize_message(
        "welcome", {},
        boost::json::object{
            {"connection", connection_id_},
            {"protocol", 1},
            {"limits", boost::json::object{{"chat_max_characters", limits_.chat_max_characters},
                                           {"chat_messages_per_minute", limits_.chat_messages_per_minute}}}})));
    shared_->registry.add(id_, self);
    shared_->ctx.connections().add(who_, self, self);
    // Events for this account: proposals' progress, a network joined, ...
    shared_->ctx.hub().subscribe("account:" + std::to_string(who_.account_id), self);
    // ...and whatever the features add (the chat of its networks, presence).
    auto opening = shared_->ctx.hooks().opened(who_, self);
    co_await std::move(opening);
    platform::log_debug(connection_id_, "WebSocket open for account {}", who_.account_id);
    if (shared_->stopping) shut_down();

    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, too_big] = co_await read_message(buffer);
      if (ec) {
        if (ec != websocket::error::closed && ec != asio::error::operation_aborted) {
          platform::log_debug(connection_id_, "WebSocket ended: {}", ec.message());
        }
        break;
      }
      if (too_big) {
        platform::log_info(connection_id_, "closed with 1009: message over {} bytes", limits_.ws_max_message_bytes);
        co_await close(websocket::close_reason(websocket::close_code::too_big, "message too big"));
        break;
      }
      ++metrics.websocket_messages_in;
      if (!ws_.got_text()) {
        platform::log_info(connection_id_, "closed with 1003: binary frame");
        co_await close(websocket::close_reason(websocket::close_code::unknown_data, "binary frames are not supported"));
        break;
      }
      // The session may have ended since the upgrade (idle, lifetime): every
      // message re-checks it, and counts as its use.
      auto checking = shared_->ctx.sessions().recheck(who_.session, session_check_);
      auto still = co_await std::move(checking);
      if (!still && still.err().code() == errc::unauthenticated) {
        platform::log_info(connection_id_, "closed with 4001: the session has ended");
        co_await close(websocket::close_reason(static_cast<websocket::close_code>(4001), "session ended"));
        break;
      }
      const std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
      if (still) {
        co_await shared_->ctx.messages().dispatch(*this, text);
      } else {
        shared_->ctx.messages().refuse(*this, text, still.err());
      }
      buffer.consume(buffer.size());
      // A large message must not pin its buffer for the life of the socket.
      if (buffer.capacity() > 16 * 1024) buffer.shrink_to_fit();
    }
    --metrics.websocket_connections;
    platform::log_debug(connection_id_, "WebSocket closed");
    // This socket no longer counts; if it was the last, the networks see "offline".
    shared_->ctx.connections().remove(this);
    if (!shared_->stopping) {
      auto closing = shared_->ctx.hooks().closed(who_, self);
      co_await std::move(closing);
    }
  }

  // Reads one message into `buffer`, at most ws_max_message_bytes of it. We
  // enforce the limit ourselves rather than with read_message_max: Beast's
  // own failure path closes the socket with the rest of the message unread,
  // which resets the connection and can destroy the 1009 close frame before
  // the client reads it. Here the close handshake drains the rest instead.
  asio::awaitable<std::tuple<boost::system::error_code, bool>> read_message(beast::flat_buffer& buffer) {
    const std::size_t max = limits_.ws_max_message_bytes;
    do {
      const std::size_t room = max + 1 - std::min(buffer.size(), max);
      auto [ec, bytes] = co_await ws_.async_read_some(buffer, std::min<std::size_t>(room, 16 * 1024), with_error);
      if (ec) co_return std::make_tuple(ec, false);
      if (buffer.size() > max) co_return std::make_tuple(boost::system::error_code{}, true);
    } while (!ws_.is_message_done());
    co_return std::make_tuple(boost::system::error_code{}, false);
  }

  void deliver(platform::shared_payload message) override {
    asio::dispatch(ws_.get_executor(), [self = this->shared_from_this(), message = std::move(message)]() mutable {
      self->enqueue(std::move(message));
    });
  }

  void send(platform::shared_payload message) override { deliver(std::move(message)); }

  const std::string& connection_id() const override { return connection_id_; }
  const platform::caller& who() const override { return who_; }

  void end_session() override {
    asio::dispatch(ws_.get_executor(), [self = this->shared_from_this()] {
      asio::co_spawn(self->ws_.get_executor(),
                     self->close(websocket::close_reason(static_cast<websocket::close_code>(4001), "session ended")),
                     asio::detached);
    });
  }

  void shut_down() override {
    asio::dispatch(ws_.get_executor(), [self = this->shared_from_this()] {
      asio::co_spawn(self->ws_.get_executor(),
                     self->close(websocket::close_reason(websocket::close_code::going_away, "server shutting down")),
                     asio::detached);
    });
  }

 private:
  void enqueue(platform::shared_payload message) {
    if (aborted_ || closing_) return;
    if (queue_.size() >= limits_.ws_queue_messages || queued_bytes_ + message->size() > limits_.ws_queue_bytes) {
      ++shared_->ctx.metrics().websocket_slow_consumers_closed;
      platform::log_warn(connection_id_, "disconnected: not reading ({} messages, {} bytes queued)", queue_.size(),
                         queued_bytes_);
      abort();
      return;
    }
    queued_bytes_ += message->size();
    queue_.push_back(std::move(message));
    if (!writing_) {
      writing_ = true;
      asio::co_spawn(ws_.get_executor(), write_queued(), asio::detached);
    }
  }

  asio::awaitable<void> write_queued() {
    auto self = this->shared_from_this();
    while (!queue_.empty() && !aborted_) {
      auto message = queue_.front();
      ws_.text(true);
      auto [ec, bytes] = co_await ws_.async_write(asio::buffer(*message), with_error);
      if (ec) {
        abort();
        break;
      }
      queue_.pop_front();
      queued_bytes_ -= message->size();
      ++shared_->ctx.metrics().websocket_messages_out;
    }
    writing_ = false;
  }

  asio::awaitable<void> close(websocket::close_reason reason) {
    auto self = this->shared_from_this();
    if (closing_ || aborted_) co_return;
    closing_ = true;
    auto [ec] = co_await ws_.async_close(reason, with_error);
    if (ec) abort();
  }

  // A peer that cannot take a close frame is cut off at the TCP level.
  void abort() {
    if (aborted_) return;
    aborted_ = true;
    beast::get_lowest_layer(ws_).close();
  }

  websocket::stream<frame_guard<Stream>> ws_;  // frame_guard: 1002 for a 64-bit length with its top bit set
  std::shared_ptr<shared_state> shared_;
  const platform::limits& limits_;
  std::uint64_t id_;
  std::string connection_id_;
  platform::caller who_;
  platform::session_check session_check_;  // when its session must be read again (platform/session_store.hpp)
  std::deque<platform::shared_payload> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool aborted_ = false;
};

template <class Stream>
void launch(Stream stream, upgrade_request upgrade, std::shared_ptr<shared_state> shared, platform::caller who) {
  const auto id = shared->next_id.fetch_add(1);
  auto executor = stream.get_executor();
  auto session = std::make_shared<websocket_session<Stream>>(std::move(stream), shared, id, std::move(who));
  asio::co_spawn(executor, session->run(std::move(upgrade)), [id](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      platform::log_error("c" + std::to_string(id), "WebSocket session failed: {}", e.what());
    }
  });
}

}  // namespace

void start_websocket_session(plain_stream stream, upgrade_request upgrade, std::shared_ptr<shared_state> shared,
                             platform::caller who) {
  launch(std::move(stream), std::move(upgrade), std::move(shared), std::move(who));
}

void start_websocket_session(tls_stream stream, upgrade_request upgrade, std::shared_ptr<shared_state> shared,
                             platform::caller who) {
  launch(std::move(stream), std::move(upgrade), std::move(shared), std::move(who));
}

}  // namespace kreds::net
