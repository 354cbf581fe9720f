// The open connections of one server, so that shutdown can reach them.
//
// Each HTTP or WebSocket session registers itself (weakly) under its id and
// removes itself when it ends. shut_down_all() asks every live session to
// close: idle HTTP connections close at once, busy ones after their
// response, WebSockets with close code 1001. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace kreds::net {

class closable {
 public:
  virtual ~closable() = default;
  // Called from any thread; the session posts the work to its own strand.
  virtual void shut_down() = 0;
};

class session_registry {
 public:
  void add(std::uint64_t id, std::weak_ptr<closable> session);
  void remove(std::uint64_t id);
  void shut_down_all();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<closable>> sessions_;
};

}  // namespace kreds::net
