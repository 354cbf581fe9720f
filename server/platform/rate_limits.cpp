#include "platform/rate_limits.hpp"

#include <algorithm>

namespace kreds::platform {

namespace {

long seconds_until(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::max<long>(1, static_cast<long>(std::chrono::ceil<std::chrono::seconds>(to - from).count()));
}

}  // namespace

long per_minute_limit::try_post(std::int64_t account_id, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& times = posts_[account_id];
  while (!times.empty() && times.front() + std::chrono::minutes(1) <= now) times.pop_front();
  if (times.size() >= per_minute_) return seconds_until(now, times.front() + std::chrono::minutes(1));
  times.push_back(now);
  return 0;
}

}  // namespace kreds::platform
