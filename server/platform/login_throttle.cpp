#include "platform/login_throttle.hpp"

#include <algorithm>

namespace kreds::platform {

long login_throttle::blocked_for(history& h, int limit, clock::time_point now) {
  while (!h.failures.empty() && h.failures.front() + window_ <= now) h.failures.pop_front();
  if (static_cast<int>(h.failures.size()) < limit) return 0;
  // Locked until the oldest failure that still counts leaves the window.
  const auto free_at = h.failures[h.failures.size() - static_cast<std::size_t>(limit)] + window_;
  return std::max<long>(1, std::chrono::duration_cast<std::chrono::seconds>(free_at - now).count());
}

long login_throttle::retry_after(const std::string& email, const std::string& address, clock::time_point now) {
  std::lock_guard lock(mutex_);
  long wait = 0;
  if (auto found = accounts_.find(email); found != accounts_.end()) {
    wait = std::max(wait, blocked_for(found->second, per_account_, now));
  }
  if (auto found = addresses_.find(address); found != addresses_.end()) {
    wait = std::max(wait, blocked_for(found->second, per_address_, now));
  }
  return wait;
}

void login_throttle::record_failure(const std::string& email, const std::string& address, clock::time_point now) {
  std::lock_guard lock(mutex_);
  // Bound memory under a spray of addresses: forget entries whose failures have all expired.
  auto prune = [&](std::unordered_map<std::string, history>& entries, int limit) {
    if (entries.size() <= 100000) return;
    for (auto it = entries.begin(); it != entries.end();) {
      blocked_for(it->second, limit, now);
      it = it->second.failures.empty() ? entries.erase(it) : std::next(it);
    }
  };
  prune(addresses_, per_address_);
  prune(accounts_, per_account_);
  accounts_[email].failures.push_back(now);
  addresses_[address].failures.push_back(now);
}

void login_throttle::record_success(const std::string& email) {
  std::lock_guard lock(mutex_);
  accounts_.erase(email);
}

}  // namespace kreds::platform
