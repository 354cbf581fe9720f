// Leaving a network (docs/protocol.md, "Leaving"): by choice with an
// optional reason (network.leave), or after reporting an outcome without
// staying as a mentor. The membership is closed, never deleted; the seat
// opens; the member's sockets stop receiving the network's events and the
// others are told.
#pragma once

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>
#include "features/common/feature.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// Closes the open membership (writer only); false when there was none.
bool close_membership(SQLite::Database& db, std::int64_t network_id, std::int64_t account_id, const std::string& reason,
                      const std::string& now);

// After the commit: unsubscribes the account's sockets from the network and
// tells the members. `member` = {"network_id", "account_id", "display_name"}.
void announce_departure(context& ctx, const boost::json::object& member);

}  // namespace kreds::features
