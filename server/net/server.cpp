#include "net/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "net/http_session.hpp"
#include "net/shared_state.hpp"
#include "platform/logging.hpp"

namespace kreds::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct server::state {
  state(platform::context& context, bool with_signals)
      : ctx(context),
        io(context.settings().server.threads),
        acceptor(io),
        metrics_acceptor(io),
        signals(io),
        handle_signals(with_signals),
        shared(std::make_shared<shared_state>(context)) {}

  platform::context& ctx;
  asio::io_context io;
  tcp::acceptor acceptor;
  tcp::acceptor metrics_acceptor;  // metrics.listen:metrics.port, GET /metrics only
  asio::signal_set signals;
  bool handle_signals;
  std::optional<asio::ssl::context> tls;
  std::shared_ptr<shared_state> shared;
  std::size_t max_connections = 0;  // limits.max_connections, capped by the open-file limit

  std::mutex mutex;
  std::condition_variable finished;
  bool stop_requested = false;
  bool done = false;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> metrics_loop();
  void begin_shutdown();
};

asio::awaitable<void> server::state::accept_loop() {
  asio::steady_timer pause(io);
  const auto first_pause = std::chrono::milliseconds(50);
  auto next_pause = first_pause;
  std::uint64_t failed = 0;  // in a row
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of file descriptors and the like: keep serving the open sockets,
      // wait (50 ms doubling to 1 s) and try again; said once, not per try.
      ++ctx.metrics().accept_failures;
      if (failed++ == 0) platform::log_warn({}, "accept failed: {}; retrying with back-off", ec.message());
      pause.expires_after(next_pause);
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      next_pause = std::min<std::chrono::milliseconds>(next_pause * 2, std::chrono::seconds(1));
      continue;
    }
    if (failed > 0) {
      platform::log_info({}, "accepting again after {} failed attempt(s)", failed);
      failed = 0;
      next_pause = first_pause;
    }
    const auto open =
        static_cast<std::size_t>(ctx.metrics().http_connections.load() + ctx.metrics().websocket_connections.load());
    if (open >= max_connections) {
      ++ctx.metrics().connections_refused;
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    start_http_session(std::move(socket), shared, tls ? &*tls : nullptr);
  }
}

// The metrics listener: few connections (a scraper), no TLS, GET /metrics only. A failed accept waits a second.
asio::awaitable<void> server::state::metrics_loop() {
  asio::steady_timer pause(io);
  for (;;) {
    auto [ec, socket] =
        co_await metrics_acceptor.async_accept(asio::make_strand(io), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted || !metrics_acceptor.is_open()) co_return;
      pause.expires_after(std::chrono::seconds(1));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    start_http_session(std::move(socket), shared, nullptr, listener::metrics);
  }
}

void server::state::begin_shutdown() {
  if (shared->stopping.exchange(true)) return;
  platform::log_info({}, "shutting down: closing {} connection(s)", shared->registry.size());
  boost::system::error_code ignored;
  acceptor.close(ignored);
  metrics_acceptor.close(ignored);
  signals.cancel(ignored);
  shared->registry.shut_down_all();
}

namespace {

// Binds `acceptor` to address:port and listens; the error says what to fix, naming the section's keys.
result<void> listen_on(tcp::acceptor& acceptor, const std::string& listen, int port, const std::string& section) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(listen, ec);
  if (ec) return kreds::error{errc::invalid_field, section + ".listen: not an IP address", section + ".listen"};
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  const auto where = listen + ":" + std::to_string(port);
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return kreds::error{errc::unavailable, "cannot open a socket for " + where + ": " + ec.message()};
  }
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    return kreds::error{errc::unavailable,
                        "cannot listen on " + where + " (" + section + ".port): " + ec.message() +
                            (ec == asio::error::address_in_use
                                 ? " (another program uses the port; choose another with " + section + ".port)"
                                 : "")};
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return kreds::error{errc::unavailable, "cannot listen on " + where + ": " + ec.message()};
  }
  return {};
}

// The connections this process can hold: raises the soft open-file limit as
// far as the hard one allows, and caps connections so that
// limits.descriptor_reserve descriptors stay free for the database, its WAL,
// the readers, logs and backups. Says what the limit allows.
std::size_t connection_cap(const platform::limits& limits) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return limits.max_connections;
  const rlim_t wanted = limits.max_connections + limits.descriptor_reserve;
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < wanted) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, files.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) files = raised;
  }
  if (files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= wanted) {
    platform::log_info({}, "open files: limit {}, connections at most {} (limits.max_connections)",
                       files.rlim_cur == RLIM_INFINITY ? std::string("unlimited") : std::to_string(files.rlim_cur),
                       limits.max_connections);
    return limits.max_connections;
  }
  const auto cap = files.rlim_cur > limits.descriptor_reserve + 1 ? files.rlim_cur - limits.descriptor_reserve : 1;
  platform::log_warn({},
                     "open files are limited to {} (RLIMIT_NOFILE, hard limit {}): connections at most {} instead of "
                     "limits.max_connections = {}, keeping {} descriptors for the database and logs; raise the limit "
                     "(LimitNOFILE= in the service unit, ulimit -n) to allow more",
                     files.rlim_cur,
                     files.rlim_max == RLIM_INFINITY ? std::string("unlimited") : std::to_string(files.rlim_max), cap,
                     limits.max_connections, limits.descriptor_reserve);
  return static_cast<std::size_t>(cap);
}

}  // namespace

server::server(platform::context& context, bool handle_signals)
    : state_(std::make_unique<state>(context, handle_signals)) {}

server::~server() = default;

result<void> server::start() {
  auto& s = *state_;
  const auto& settings = s.ctx.settings();

  std::error_code fs_error;
  s.shared->web_root = std::filesystem::canonical(settings.web.root, fs_error);
  if (fs_error || !std::filesystem::is_directory(s.shared->web_root)) {
    return kreds::error{errc::invalid_field, "web.root: " + settings.web.root + " is not a directory", "web.root"};
  }

  if (settings.tls.enabled()) {
    s.tls.emplace(asio::ssl::context::tls_server);
    s.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                       asio::ssl::context::single_dh_use);
    boost::system::error_code ec;
    s.tls->use_certificate_chain_file(settings.tls.certificate, ec);
    if (ec) {
      return kreds::error{errc::invalid_field,
                          "tls.certificate: cannot load " + settings.tls.certificate + ": " + ec.message(),
                          "tls.certificate"};
    }
    s.tls->use_private_key_file(settings.tls.private_key, asio::ssl::context::pem, ec);
    if (ec) {
      return kreds::error{errc::invalid_field,
                          "tls.private_key: cannot load " + settings.tls.private_key + ": " + ec.message(),
                          "tls.private_key"};
    }
  }

  KREDS_CHECK(listen_on(s.acceptor, settings.server.listen, settings.server.port, "server"));
  KREDS_CHECK(listen_on(s.metrics_acceptor, settings.metrics.listen, settings.metrics.port, "metrics"));

  s.max_connections = connection_cap(settings.limits);
  asio::co_spawn(s.io, s.accept_loop(), asio::detached);
  asio::co_spawn(s.io, s.metrics_loop(), asio::detached);
  if (s.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](boost::system::error_code error, int signal) {
      if (error) return;
      platform::log_info({}, "received {}", signal == SIGINT ? "SIGINT" : "SIGTERM");
      {
        std::lock_guard lock(s.mutex);
        s.stop_requested = true;
      }
      s.finished.notify_all();
      s.begin_shutdown();
    });
  }
  return {};
}

tcp::endpoint server::local_endpoint() const {
  boost::system::error_code ignored;
  return state_->acceptor.local_endpoint(ignored);
}

tcp::endpoint server::metrics_endpoint() const {
  boost::system::error_code ignored;
  return state_->metrics_acceptor.local_endpoint(ignored);
}

void server::run() {
  auto& s = *state_;
  // Forces the remaining connections closed once the grace period after a
  // stop request has passed, so shutdown is bounded.
  std::thread watchdog([&s] {
    std::unique_lock lock(s.mutex);
    s.finished.wait(lock, [&] { return s.stop_requested || s.done; });
    if (s.done) return;
    if (!s.finished.wait_for(lock, s.ctx.settings().limits.shutdown_grace, [&] { return s.done; })) {
      platform::log_warn({}, "shutdown grace period over; closing the remaining connections");
      s.io.stop();
    }
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < s.ctx.settings().server.threads; ++i) threads.emplace_back([&s] { s.io.run(); });
  s.io.run();
  for (auto& thread : threads) thread.join();
  {
    std::lock_guard lock(s.mutex);
    s.done = true;
  }
  s.finished.notify_all();
  watchdog.join();
}

void server::stop() {
  auto& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    s.stop_requested = true;
  }
  s.finished.notify_all();
  asio::post(s.io, [&s] { s.begin_shutdown(); });
}

}  // namespace kreds::net
