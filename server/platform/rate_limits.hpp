// Per-account rate limits shared by features: the posts one account may make
// per minute in its networks' chat and lead lists (limits.hpp,
// chat_messages_per_minute). A sliding window over the last minute.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace kreds::platform {

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

}  // namespace kreds::platform
