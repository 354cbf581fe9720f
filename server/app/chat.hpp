// Chat in a network over the WebSocket (docs/protocol.md, "Chat").
//
// chat.post stores a message durably and only then acknowledges it with its
// sequence number in the network; the writer publishes it to the network's
// topic right after the commit, so every online member receives messages in
// sequence order. A retry with the same client_id stores nothing new and
// gets the same sequence number. chat.sync catches a reconnecting client up
// from the last sequence number it has, per network; chat.history pages
// backwards. Only members (and the network's caseworker) may read or post.
// Presence (online / away / offline) is shared with the members of one's
// networks only: presence.query, presence.set and "presence" events.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "app/access.hpp"
#include "core/result.hpp"

namespace kreds::app {

class application;
class message_router;

void register_chat_messages(application& app, message_router& messages);

// Tells the account's networks its presence (online, away or offline), as
// the connection directory sees it now. Called when a socket opens or closes.
boost::asio::awaitable<result<void>> announce_presence(application& app, const caller& who);

// Messages per minute per account: a sliding window. Thread-safe.
class post_rate_limit {
 public:
  explicit post_rate_limit(std::size_t per_minute) : per_minute_(per_minute) {}
  // Seconds to wait before the next post is allowed; 0 records the post.
  long try_post(std::int64_t account_id, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  std::size_t per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, std::deque<std::chrono::steady_clock::time_point>> posts_;
};

}  // namespace kreds::app
