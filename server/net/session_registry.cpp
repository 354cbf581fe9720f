#include "net/session_registry.hpp"

#include <vector>

namespace kreds::net {

void session_registry::add(std::uint64_t id, std::weak_ptr<closable> session) {
  std::lock_guard lock(mutex_);
  sessions_[id] = std::move(session);
}

void session_registry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void session_registry::shut_down_all() {
  std::vector<std::shared_ptr<closable>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->shut_down();
}

std::size_t session_registry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace kreds::net
