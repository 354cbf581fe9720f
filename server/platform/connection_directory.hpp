// Which open WebSockets belong to which session and account, so that
// logout, deactivation and consent withdrawal can close them at once.
// Sessions register on upgrade and deregister when they end; held weakly.
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "platform/access.hpp"
#include "platform/hub.hpp"

namespace kreds::platform {

// Implemented by the WebSocket session; may be called from any thread.
class closable_connection {
 public:
  virtual ~closable_connection() = default;
  // Closes the socket with code 4001 ("session ended").
  virtual void end_session() = 0;
};

class connection_directory {
 public:
  // `events` is the same connection as the hub sees it.
  void add(const caller& who, const std::shared_ptr<closable_connection>& connection,
           const std::shared_ptr<subscriber>& events);
  void remove(const closable_connection* connection);
  // Returns how many connections were asked to close.
  std::size_t close_session(const token_hash& session);
  std::size_t close_account(std::int64_t account_id);
  // Subscribes every open connection of an account to a hub topic (a network
  // it just joined).
  void subscribe_account(std::int64_t account_id, const std::string& topic, hub& events);
  // The reverse: the account left the network.
  void unsubscribe_account(std::int64_t account_id, const std::string& topic, hub& events);
  std::size_t size() const;
  // How many open connections an account has (presence: 0 is offline).
  std::size_t connections_of(std::int64_t account_id) const;
  // "away" set by the client, else "online" while connected, else "offline".
  void set_away(std::int64_t account_id, bool away);
  std::string presence_of(std::int64_t account_id) const;

 private:
  std::vector<std::shared_ptr<subscriber>> connections_of_account(std::int64_t account_id) const;

  struct entry {
    token_hash session;
    std::int64_t account_id;
    std::weak_ptr<closable_connection> connection;
    std::weak_ptr<subscriber> events;
    const closable_connection* key;
  };
  template <class Match>
  std::size_t close_matching(Match match);

  mutable std::mutex mutex_;
  std::vector<entry> entries_;
  std::vector<std::int64_t> away_;
};

}  // namespace kreds::platform
