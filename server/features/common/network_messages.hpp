// What the message handlers of every network feature (chat, leads, goals,
// buddies, meetings, outcomes, help, leaving) share: the refusal for a
// network one does not belong to, reading id fields, telling a network's
// members or one account about a change, and who is in a network.
// Database helpers run on a storage thread and may throw SQLite::Exception.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// errc::forbidden naming network_id: not a member, another municipality, or closed.
kreds::error not_in_network();

// A positive id field ("network_id", "meeting_id", ...).
result<std::int64_t> id_field(const boost::json::object& payload, std::string_view name);

// A boolean field; absent is an error.
result<bool> bool_field(const boost::json::object& payload, std::string_view name);

// A web address (https:// or http://, no spaces or quotes); empty is allowed.
bool valid_web_link(std::string_view link);

// Publishes one event to every connection subscribed to the network / account.
void publish_to_network(context& ctx, std::int64_t network_id, std::string_view type,
                        const boost::json::value& payload);
void publish_to_account(context& ctx, std::int64_t account_id, std::string_view type,
                        const boost::json::value& payload);

// {"id", "display_name"} of an account (who created or answered something).
boost::json::object person_json(SQLite::Database& db, std::int64_t account_id);
// {"account_id", "display_name"} (a member in a list).
boost::json::object member_json(SQLite::Database& db, std::int64_t account_id);

struct network_member_row {
  std::int64_t account_id = 0;
  std::string display_name;
  bool alumnus = false;
};

// The network's members now (alumni who stayed as mentors included), by name.
std::vector<network_member_row> current_members(SQLite::Database& db, std::int64_t network_id);

// Whether the caller is the network's caseworker (facilitator).
bool facilitates(SQLite::Database& db, const caller& who, std::int64_t network_id);

// The network's caseworker's account id.
std::int64_t facilitator_of(SQLite::Database& db, std::int64_t network_id);

}  // namespace kreds::features
