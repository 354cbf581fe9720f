// Who belongs to which network: the one check behind every network
// feature (chat, presence, job leads). Members with an open membership and
// the network's own caseworker belong; the network must be open and of the
// caller's municipality. Run on a storage thread; may throw SQLite::Exception.
#pragma once

#include <cstdint>
#include <vector>

#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

bool in_network(SQLite::Database& db, const caller& who, std::int64_t network_id);

// A member with an open membership (not the caseworker): goals, meetings
// RSVPs, outcomes, help requests and leaving are for members.
bool is_member(SQLite::Database& db, const caller& who, std::int64_t network_id);

// The open networks the account is a member or the caseworker of.
std::vector<std::int64_t> networks_of(SQLite::Database& db, const caller& who);

}  // namespace kreds::features
