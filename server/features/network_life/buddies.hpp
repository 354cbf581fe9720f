// Buddies: members of a network paired for a few weeks at a time
// (`network.buddy_rotation_weeks`), rotating so that nobody is paired with
// the same person again while the network's size allows it; with an odd
// number one group has three (docs/protocol.md, "Buddies").
//
// pair_buddies() is the pure rule; ensure_buddy_groups() stores a period's
// groups the first time they are needed (on the writer) and buddy_groups()
// reads them. Periods are counted from the Monday of the network's first week.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>
#include "features/common/feature.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// How often two members were buddies before, and how many periods ago last.
struct pair_history {
  int times = 0;
  int periods_ago = 0;
};
using buddy_history = std::map<std::pair<std::int64_t, std::int64_t>, pair_history>;  // key: (smaller id, larger id)

// Groups of two (one of three when the count is odd) covering `members`,
// with as few repeat pairs as possible and, among repeats, the pairs that
// were together longest ago. `seed` varies the choice among equal ones.
// Fewer than two members give one group (or none).
std::vector<std::vector<std::int64_t>> pair_buddies(std::vector<std::int64_t> members, const buddy_history& history,
                                                    std::uint64_t seed);

struct buddy_period {
  std::chrono::sys_days start;
  std::chrono::sys_days end;  // the last day
};

// The rotation period of `network_id` that contains `day`.
buddy_period period_containing(SQLite::Database& db, std::int64_t network_id, std::chrono::sys_days day,
                               int rotation_weeks);

// Creates the period's groups if there are none yet, and puts current
// members without a group into the smallest one. Writer only.
void ensure_buddy_groups(SQLite::Database& db, std::int64_t network_id, const buddy_period& period);

// The period's groups of current members (account ids).
std::vector<std::vector<std::int64_t>> buddy_groups(SQLite::Database& db, std::int64_t network_id,
                                                    const buddy_period& period);

// The caller's buddies in those groups (empty when not in one).
std::vector<std::int64_t> buddies_of(const std::vector<std::vector<std::int64_t>>& groups, std::int64_t account_id);

}  // namespace kreds::features
