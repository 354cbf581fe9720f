#include "platform/hub.hpp"

#include <algorithm>

namespace kreds::platform {

void hub::subscribe(const std::string& topic, const std::shared_ptr<subscriber>& who) {
  std::lock_guard lock(mutex_);
  auto& list = topics_[topic];
  std::erase_if(list, [](const auto& weak) { return weak.expired(); });
  const bool present = std::any_of(list.begin(), list.end(), [&](const auto& w) { return w.lock() == who; });
  if (!present) list.push_back(who);
}

void hub::unsubscribe(const std::string& topic, const subscriber* who) {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  if (found == topics_.end()) return;
  std::erase_if(found->second, [&](const auto& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == who;
  });
  if (found->second.empty()) topics_.erase(found);
}

std::size_t hub::publish(const std::string& topic, const shared_payload& message) {
  std::vector<std::shared_ptr<subscriber>> receivers;
  {
    std::lock_guard lock(mutex_);
    auto found = topics_.find(topic);
    if (found == topics_.end()) return 0;
    receivers.reserve(found->second.size());
    for (const auto& weak : found->second) {
      if (auto strong = weak.lock()) receivers.push_back(std::move(strong));
    }
  }
  // Deliver outside the lock: a subscriber may (un)subscribe from deliver().
  for (const auto& receiver : receivers) receiver->deliver(message);
  return receivers.size();
}

std::size_t hub::subscribers(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  if (found == topics_.end()) return 0;
  return static_cast<std::size_t>(
      std::count_if(found->second.begin(), found->second.end(), [](const auto& w) { return !w.expired(); }));
}

}  // namespace kreds::platform
