// Login sessions: created at login, checked on every authenticated request
// and WebSocket upgrade, ended by logout, deactivation or consent withdrawal.
//
// The browser holds a 256-bit random token in an HttpOnly, SameSite=Strict
// cookie; the database holds only its BLAKE2b hash. A session ends after
// `auth.session_idle_minutes` without use and `auth.session_lifetime_hours`
// after login, and with its account. Coroutine members must run on an
// executor (they await storage); the object itself is thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/access.hpp"
#include "platform/config.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::platform {

struct new_session {
  std::string token;   // for the cookie only; never stored
  std::string cookie;  // the Set-Cookie header value
};

// What a WebSocket remembers of its session's last check. Until
// `recheck_at` a new read could not tell anything new: the session's use
// needs no new record yet, so it cannot be idle, and its lifetime is not
// over. (Logout, deactivation and consent withdrawal close the socket
// themselves.)
struct session_check {
  time_point recheck_at{};  // the earlier of its lifetime's end and its last recorded use + touch_after()
};

class session_store {
 public:
  session_store(storage::writer& writer, storage::reader_pool& readers, const config& settings, kreds::clock now);

  // The caller behind a Cookie header, or errc::unauthenticated. Counts as
  // use of the session (see touch_after()).
  boost::asio::awaitable<result<caller>> authenticate(std::string_view cookie_header);
  // The same check for a WebSocket's session, known by its hash: every
  // message runs it, so a socket stops working when its session ends. Reads
  // the database (and records the use) only once `state` has run out.
  boost::asio::awaitable<result<void>> recheck(token_hash session, session_check& state);
  // Deletes every session past its idle time or lifetime (run on a timer,
  // from any thread) and hands their hashes to `ended` after the commit, so
  // their open WebSockets are closed (4001) although they send nothing.
  void sweep(std::function<void(std::vector<token_hash>)> ended);
  // A session's last use is written at most this often: half the idle time,
  // at most a minute, so a session in constant use never looks idle.
  std::chrono::seconds touch_after() const;
  boost::asio::awaitable<result<new_session>> create(std::int64_t account_id, std::int64_t municipality_id);
  boost::asio::awaitable<result<void>> end(const token_hash& session);
  boost::asio::awaitable<result<void>> end_all(std::int64_t account_id);

  // The Set-Cookie value that deletes the session cookie.
  std::string cleared_cookie() const;
  const std::string& cookie_name() const { return cookie_name_; }

 private:
  struct live_session {
    caller who;
    time_point recheck_at;
  };
  boost::asio::awaitable<result<live_session>> check(token_hash hash);

  storage::writer& writer_;
  storage::reader_pool& readers_;
  const config& settings_;
  kreds::clock now_;
  std::string cookie_name_;
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name);

}  // namespace kreds::platform
