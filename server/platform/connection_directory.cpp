#include "platform/connection_directory.hpp"

#include <algorithm>

namespace kreds::platform {

void connection_directory::add(const caller& who, const std::shared_ptr<closable_connection>& connection,
                               const std::shared_ptr<subscriber>& events) {
  std::lock_guard lock(mutex_);
  entries_.push_back({who.session, who.account_id, connection, events, connection.get()});
}

std::vector<std::shared_ptr<subscriber>> connection_directory::connections_of_account(std::int64_t account_id) const {
  std::vector<std::shared_ptr<subscriber>> found;
  std::lock_guard lock(mutex_);
  for (const auto& e : entries_) {
    if (e.account_id != account_id) continue;
    if (auto live = e.events.lock()) found.push_back(std::move(live));
  }
  return found;
}

void connection_directory::subscribe_account(std::int64_t account_id, const std::string& topic, hub& events) {
  for (const auto& connection : connections_of_account(account_id)) events.subscribe(topic, connection);
}

void connection_directory::unsubscribe_account(std::int64_t account_id, const std::string& topic, hub& events) {
  for (const auto& connection : connections_of_account(account_id)) events.unsubscribe(topic, connection.get());
}

void connection_directory::remove(const closable_connection* connection) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const entry& e) { return e.key == connection || e.connection.expired(); });
}

template <class Match>
std::size_t connection_directory::close_matching(Match match) {
  std::vector<std::shared_ptr<closable_connection>> closing;
  {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
      if (!match(e)) continue;
      if (auto connection = e.connection.lock()) closing.push_back(std::move(connection));
    }
  }
  for (auto& connection : closing) connection->end_session();
  return closing.size();
}

std::size_t connection_directory::close_session(const token_hash& session) {
  return close_matching([&](const entry& e) { return e.session == session; });
}

std::size_t connection_directory::close_account(std::int64_t account_id) {
  return close_matching([&](const entry& e) { return e.account_id == account_id; });
}

std::size_t connection_directory::connections_of(std::int64_t account_id) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [&](const entry& e) {
    return e.account_id == account_id && !e.connection.expired();
  }));
}

void connection_directory::set_away(std::int64_t account_id, bool away) {
  std::lock_guard lock(mutex_);
  std::erase(away_, account_id);
  if (away) away_.push_back(account_id);
}

std::string connection_directory::presence_of(std::int64_t account_id) const {
  const bool online = connections_of(account_id) > 0;
  std::lock_guard lock(mutex_);
  if (!online) return "offline";
  return std::find(away_.begin(), away_.end(), account_id) != away_.end() ? "away" : "online";
}

std::size_t connection_directory::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace kreds::platform
