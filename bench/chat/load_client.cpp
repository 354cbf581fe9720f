#include "load_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <deque>
#include <optional>
#include <random>
#include <unordered_map>

namespace kreds::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto with_error = asio::as_tuple(asio::use_awaitable);

// A realistic chat line, with a non-ASCII letter as Danish text has.
constexpr const char* post_body = "Hej alle! Jeg har lige sendt en ansøgning til lageret i Brabrand. Krydser fingre.";

double milliseconds_between(clock::time_point from, clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string post_client_id(std::size_t post) { return "b" + std::to_string(post); }

// The post number in a client_id or envelope id "b<number>"; nothing for anything else.
std::optional<std::size_t> post_number(std::string_view id) {
  if (id.size() < 2 || id.front() != 'b') return std::nullopt;
  std::size_t number = 0;
  const auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), number);
  if (ec != std::errc{} || end != id.data() + id.size()) return std::nullopt;
  return number;
}

std::string_view string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

std::int64_t integer_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_int64() ? value->get_int64() : 0;
}

const json::object& object_at(const json::object& object, std::string_view key) {
  static const json::object empty;
  const auto* value = object.if_contains(key);
  return value && value->is_object() ? value->get_object() : empty;
}

struct connection {
  connection(asio::io_context& io, std::size_t member_index) : ws(io), member(member_index) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> outgoing;
  std::size_t member;
  std::int64_t last_seq = 0;  // of the member's network, as received live
  bool open = false;
  bool writing = false;
};

struct post_record {
  clock::time_point sent;
  std::size_t step = 0;
  std::size_t author = 0;  // member index
  std::int64_t seq = 0;
  bool acked = false;
};

}  // namespace

class load_client::impl {
 public:
  impl(unsigned short port, std::vector<member> members)
      : members_(std::move(members)),
        endpoint_(asio::ip::make_address("127.0.0.1"), port),
        host_("127.0.0.1:" + std::to_string(port)),
        origin_("http://" + host_),
        work_(asio::make_work_guard(io_)) {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      connections_.push_back(std::make_unique<connection>(io_, i));
      networks_[members_[i].network_id].members.push_back(i);
    }
    poster_order_.resize(members_.size());
    for (std::size_t i = 0; i < poster_order_.size(); ++i) poster_order_[i] = i;
    std::shuffle(poster_order_.begin(), poster_order_.end(), std::mt19937(1));
  }

  ~impl() {
    closing_ = true;
    for (auto& c : connections_) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(c->ws).socket().close(ignored);
    }
    work_.reset();
    io_.restart();
    io_.run_for(2s);  // lets every coroutine see its socket closed and end
  }

  std::size_t connect_all(std::size_t parallel, std::chrono::seconds timeout) {
    for (std::size_t k = 0; k < std::max<std::size_t>(parallel, 1); ++k) {
      asio::co_spawn(io_, open_in_turn(), asio::detached);
    }
    run_until([&] { return welcomed_ + failed_to_open_ >= connections_.size(); }, clock::now() + timeout);
    return open_connections();
  }

  void settle(std::chrono::milliseconds quiet, std::chrono::seconds limit) {
    last_frame_at_ = clock::now();
    run_until([&] { return clock::now() - last_frame_at_ >= quiet; }, clock::now() + limit, 20ms);
  }

  step_report post_at_rate(double per_second, std::chrono::milliseconds window, std::chrono::seconds drain_limit) {
    steps_.emplace_back();
    auto& step = steps_.back();
    step.offered_per_s = per_second;
    window_open_ = true;
    asio::co_spawn(io_, pace(per_second, window), asio::detached);
    run_until([&] { return !window_open_; }, clock::now() + window + 10s);
    run_until([&] { return step.acked + step.failed >= step.sent && step.delivered >= step.expected_deliveries; },
              clock::now() + drain_limit);
    return step;
  }

  verification verify_acknowledged(std::chrono::seconds timeout) {
    verification result;
    pending_syncs_ = 0;
    for (const auto& [network_id, network] : networks_) {
      if (network.acked_unverified.empty()) continue;
      if (request_sync(network_id, network.stored.size())) ++pending_syncs_;
    }
    result.complete = run_until([&] { return pending_syncs_ == 0; }, clock::now() + timeout);
    for (auto& [network_id, network] : networks_) {
      for (auto post : network.acked_unverified) {
        ++result.checked;
        if (!stored_once_at_seq(network, post)) ++result.lost;
      }
      network.acked_unverified.clear();
    }
    result.order_errors = sync_order_errors_;
    sync_order_errors_ = 0;
    return result;
  }

  std::size_t open_connections() const {
    return static_cast<std::size_t>(
        std::count_if(connections_.begin(), connections_.end(), [](const auto& c) { return c->open; }));
  }
  std::size_t closed_by_server() const { return closed_by_server_; }
  std::size_t sequence_gaps() const { return sequence_gaps_; }
  std::string first_error() const { return first_error_; }

 private:
  struct network_state {
    std::vector<std::size_t> members;  // member indices
    std::size_t open_members = 0;
    std::vector<std::size_t> acked_unverified;  // post numbers
    // What chat.sync returned so far: the post number stored at seq i + 1
    // (-1 for a message that is not the benchmark's).
    std::vector<std::int64_t> stored;
  };

  // Runs the io_context until `done()` or the deadline. Returns done().
  template <class Done>
  bool run_until(Done done, clock::time_point deadline, clock::duration poll = 100ms) {
    while (!done()) {
      const auto now = clock::now();
      if (now >= deadline) return false;
      io_.run_one_until(std::min(deadline, now + poll));
    }
    return true;
  }

  void note_error(std::string what) {
    if (first_error_.empty()) first_error_ = std::move(what);
  }

  // ---- opening -------------------------------------------------------------

  asio::awaitable<void> open_in_turn() {
    while (next_to_open_ < connections_.size()) {
      auto& c = *connections_[next_to_open_++];
      if (!co_await open(c)) ++failed_to_open_;
    }
  }

  asio::awaitable<bool> open(connection& c) {
    auto& tcp = beast::get_lowest_layer(c.ws);
    tcp.expires_after(10s);
    auto [connect_error] = co_await tcp.async_connect(endpoint_, with_error);
    if (connect_error) {
      note_error("connect: " + connect_error.message());
      co_return false;
    }
    boost::system::error_code ignored;
    tcp.socket().set_option(asio::ip::tcp::no_delay(true), ignored);  // small frames go out at once
    tcp.expires_never();
    c.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    c.ws.set_option(websocket::stream_base::decorator(
        [origin = origin_, cookie = members_[c.member].cookie](websocket::request_type& request) {
          request.set(beast::http::field::origin, origin);
          request.set(beast::http::field::cookie, cookie);
        }));
    auto [handshake_error] = co_await c.ws.async_handshake(host_, "/ws", with_error);
    if (handshake_error) {
      note_error("WebSocket handshake: " + handshake_error.message());
      co_return false;
    }
    c.open = true;
    ++networks_[members_[c.member].network_id].open_members;
    asio::co_spawn(io_, read_frames(c), asio::detached);
    co_return true;
  }

  // ---- reading -------------------------------------------------------------

  asio::awaitable<void> read_frames(connection& c) {
    for (;;) {
      auto [ec, bytes] = co_await c.ws.async_read(c.buffer, with_error);
      if (ec) break;
      on_frame(c, std::string_view(static_cast<const char*>(c.buffer.data().data()), c.buffer.size()));
      c.buffer.consume(c.buffer.size());
    }
    c.open = false;
    --networks_[members_[c.member].network_id].open_members;
    if (!closing_) {
      ++closed_by_server_;
      note_error("a connection was closed by the server");
    }
  }

  void on_frame(connection& c, std::string_view text) {
    last_frame_at_ = clock::now();
    unsigned char scratch[4096];
    json::monotonic_resource arena(scratch, sizeof scratch);
    boost::system::error_code ec;
    auto value = json::parse(text, ec, &arena);
    if (ec || !value.is_object()) {
      note_error("unreadable frame: " + std::string(text.substr(0, 200)));
      return;
    }
    const auto& envelope = value.get_object();
    const auto type = string_at(envelope, "type");
    const auto& payload = object_at(envelope, "payload");
    if (type == "chat.message") {
      on_chat_message(c, payload);
    } else if (type == "chat.ack") {
      on_ack(payload);
    } else if (type == "chat.synced") {
      on_synced(payload);
    } else if (type == "welcome") {
      ++welcomed_;
    } else if (type == "error") {
      on_error(envelope, text);
    }
    // presence events are not measured.
  }

  void on_chat_message(connection& c, const json::object& message) {
    const auto seq = integer_at(message, "seq");
    if (seq != c.last_seq + 1) ++sequence_gaps_;
    c.last_seq = std::max(c.last_seq, seq);
    if (integer_at(object_at(message, "author"), "id") == members_[c.member].account_id) return;  // own echo
    const auto post = post_number(string_at(message, "client_id"));
    if (!post || *post >= posts_.size()) return;
    auto& step = steps_[posts_[*post].step];
    step.delivery_ms.push_back(milliseconds_between(posts_[*post].sent, clock::now()));
    ++step.delivered;
    if (window_open_) ++steps_.back().delivered_in_window;
  }

  void on_ack(const json::object& ack) {
    const auto number = post_number(string_at(ack, "client_id"));
    if (!number || *number >= posts_.size() || posts_[*number].acked) return;
    auto& post = posts_[*number];
    post.acked = true;
    post.seq = integer_at(ack, "seq");
    auto& step = steps_[post.step];
    step.ack_ms.push_back(milliseconds_between(post.sent, clock::now()));
    ++step.acked;
    if (window_open_) ++steps_.back().acked_in_window;
    auto& network = networks_[members_[post.author].network_id];
    if (network.open_members > 0) step.expected_deliveries += network.open_members - 1;
    network.acked_unverified.push_back(*number);
  }

  void on_error(const json::object& envelope, std::string_view text) {
    note_error("error reply: " + std::string(text.substr(0, 300)));
    const auto post = post_number(string_at(envelope, "id"));
    if (post && *post < posts_.size()) ++steps_[posts_[*post].step].failed;
    if (string_at(envelope, "id").starts_with("s")) --pending_syncs_;
  }

  // ---- writing -------------------------------------------------------------

  void send(connection& c, std::string frame) {
    c.outgoing.push_back(std::move(frame));
    if (c.writing) return;
    c.writing = true;
    asio::co_spawn(io_, write_queued(c), asio::detached);
  }

  asio::awaitable<void> write_queued(connection& c) {
    while (!c.outgoing.empty() && c.open) {
      c.ws.text(true);
      auto [ec, bytes] = co_await c.ws.async_write(asio::buffer(c.outgoing.front()), with_error);
      if (ec) break;
      c.outgoing.pop_front();
    }
    c.writing = false;
  }

  // ---- posting -------------------------------------------------------------

  asio::awaitable<void> pace(double per_second, std::chrono::milliseconds window) {
    asio::steady_timer tick(io_);
    const auto start = clock::now();
    std::size_t sent = 0;
    for (auto elapsed = clock::duration{}; elapsed < window; elapsed = clock::now() - start) {
      const auto due = static_cast<std::size_t>(per_second * std::chrono::duration<double>(elapsed).count());
      for (; sent < due; ++sent) post_one();
      tick.expires_after(1ms);
      co_await tick.async_wait(with_error);
    }
    steps_.back().window_s = std::chrono::duration<double>(clock::now() - start).count();
    window_open_ = false;
  }

  void post_one() {
    auto& author = next_author();
    const auto number = posts_.size();
    posts_.push_back({clock::now(), steps_.size() - 1, author.member});
    ++steps_.back().sent;
    const auto id = post_client_id(number);
    send(author,
         json::serialize(json::object{{"type", "chat.post"},
                                      {"id", id},
                                      {"payload", json::object{{"network_id", members_[author.member].network_id},
                                                               {"client_id", id},
                                                               {"body", post_body}}}}));
  }

  // Members post in a fixed shuffled order, so consecutive posts come from
  // different networks and each member posts rarely.
  connection& next_author() {
    for (std::size_t tries = 0; tries < poster_order_.size(); ++tries) {
      auto& c = *connections_[poster_order_[next_author_++ % poster_order_.size()]];
      if (c.open) return c;
    }
    return *connections_[poster_order_[next_author_++ % poster_order_.size()]];
  }

  // ---- verifying -----------------------------------------------------------

  bool request_sync(std::int64_t network_id, std::size_t after_seq) {
    const auto& network = networks_[network_id];
    for (auto member : network.members) {
      auto& c = *connections_[member];
      if (!c.open) continue;
      send(c, json::serialize(json::object{
                  {"type", "chat.sync"},
                  {"id", "s" + std::to_string(network_id)},
                  {"payload", json::object{{"since", json::object{{std::to_string(network_id),
                                                                   static_cast<std::int64_t>(after_seq)}}}}}}));
      return true;
    }
    note_error("no open connection to verify network " + std::to_string(network_id));
    return false;
  }

  void on_synced(const json::object& payload) {
    const auto* networks = payload.if_contains("networks");
    if (!networks || !networks->is_array()) return;
    for (const auto& entry : networks->get_array()) {
      if (!entry.is_object()) continue;
      const auto network_id = integer_at(entry.get_object(), "network_id");
      auto& network = networks_[network_id];
      const auto* messages = entry.get_object().if_contains("messages");
      if (messages && messages->is_array()) record_synced(network, messages->get_array());
      const auto* more = entry.get_object().if_contains("more");
      if (more && more->is_bool() && more->get_bool()) {
        request_sync(network_id, network.stored.size());
      } else {
        --pending_syncs_;
      }
    }
  }

  void record_synced(network_state& network, const json::array& messages) {
    for (const auto& message : messages) {
      if (!message.is_object()) continue;
      const auto seq = integer_at(message.get_object(), "seq");
      if (seq != static_cast<std::int64_t>(network.stored.size()) + 1) ++sync_order_errors_;
      if (seq < 1) continue;
      const auto post = post_number(string_at(message.get_object(), "client_id"));
      const auto position = static_cast<std::size_t>(seq - 1);
      if (position >= network.stored.size()) network.stored.resize(position + 1, -1);
      network.stored[position] = post ? static_cast<std::int64_t>(*post) : -1;
      if (post) ++stored_count_[*post];
    }
  }

  bool stored_once_at_seq(const network_state& network, std::size_t post) const {
    const auto seq = posts_[post].seq;
    if (seq < 1 || static_cast<std::size_t>(seq) > network.stored.size()) return false;
    if (network.stored[static_cast<std::size_t>(seq - 1)] != static_cast<std::int64_t>(post)) return false;
    const auto count = stored_count_.find(post);
    return count != stored_count_.end() && count->second == 1;
  }

  std::vector<member> members_;
  asio::ip::tcp::endpoint endpoint_;
  std::string host_;
  std::string origin_;
  asio::io_context io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::unique_ptr<connection>> connections_;
  std::unordered_map<std::int64_t, network_state> networks_;
  std::vector<std::size_t> poster_order_;
  std::size_t next_author_ = 0;

  std::size_t next_to_open_ = 0;
  std::size_t welcomed_ = 0;
  std::size_t failed_to_open_ = 0;
  std::size_t closed_by_server_ = 0;
  bool closing_ = false;

  std::vector<post_record> posts_;
  std::deque<step_report> steps_;  // a deque: references to a step stay valid
  bool window_open_ = false;

  std::size_t pending_syncs_ = 0;
  std::size_t sync_order_errors_ = 0;
  std::unordered_map<std::size_t, int> stored_count_;  // post number -> times chat.sync returned it

  std::size_t sequence_gaps_ = 0;
  clock::time_point last_frame_at_ = clock::now();
  std::string first_error_;
};

load_client::load_client(unsigned short port, std::vector<member> members)
    : impl_(std::make_unique<impl>(port, std::move(members))) {}
load_client::~load_client() = default;

std::size_t load_client::connect_all(std::size_t parallel, std::chrono::seconds timeout) {
  return impl_->connect_all(parallel, timeout);
}
void load_client::settle(std::chrono::milliseconds quiet, std::chrono::seconds limit) { impl_->settle(quiet, limit); }
step_report load_client::post_at_rate(double per_second, std::chrono::milliseconds window,
                                      std::chrono::seconds drain_limit) {
  return impl_->post_at_rate(per_second, window, drain_limit);
}
verification load_client::verify_acknowledged(std::chrono::seconds timeout) {
  return impl_->verify_acknowledged(timeout);
}
std::size_t load_client::open_connections() const { return impl_->open_connections(); }
std::size_t load_client::closed_by_server() const { return impl_->closed_by_server(); }
std::size_t load_client::sequence_gaps() const { return impl_->sequence_gaps(); }
std::string load_client::first_error() const { return impl_->first_error(); }

}  // namespace kreds::bench
