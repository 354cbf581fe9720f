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

long login_throttle::wait_locked(const std::string& email, const std::string& address, clock::time_point now) {
  long wait = 0;
  if (auto found = accounts_.find(email); found != accounts_.end()) {
    wait = std::max(wait, blocked_for(found->second, per_account_, now));
  }
  if (auto found = addresses_.find(address); found != addresses_.end()) {
    wait = std::max(wait, blocked_for(found->second, per_address_, now));
  }
  return wait;
}

// Bounds memory under a spray of addresses: forgets entries whose failures have all expired.
void login_throttle::prune(clock::time_point now) {
  auto forget_expired = [&](std::unordered_map<std::string, history>& entries, int limit) {
    if (entries.size() <= 100000) return;
    for (auto it = entries.begin(); it != entries.end();) {
      blocked_for(it->second, limit, now);
      it = it->second.failures.empty() ? entries.erase(it) : std::next(it);
    }
  };
  forget_expired(addresses_, per_address_);
  forget_expired(accounts_, per_account_);
}

login_throttle::attempt login_throttle::begin(const std::string& email, const std::string& address,
                                              clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (const auto wait = wait_locked(email, address, now); wait > 0) return {wait, now};
  prune(now);
  accounts_[email].failures.push_back(now);
  addresses_[address].failures.push_back(now);
  return {0, now};
}

void login_throttle::succeeded(const std::string& email, const std::string& address, const attempt& reserved) {
  std::lock_guard lock(mutex_);
  accounts_.erase(email);
  if (auto found = addresses_.find(address); found != addresses_.end()) {
    auto& failures = found->second.failures;
    if (auto it = std::find(failures.begin(), failures.end(), reserved.at); it != failures.end()) failures.erase(it);
    if (failures.empty()) addresses_.erase(found);
  }
}

}  // namespace kreds::platform
