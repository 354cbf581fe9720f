// The waiting pool of a municipality as the matching engine sees it.
//
// load_waiting_pool() reads, on a storage thread, every seeker who has
// consented, has a profile and is not in an active network, and turns the
// profiles into kreds::matching::seeker values: ISCO goals, interned skill
// ids, language levels (basic A2, good B1, fluent C1, native), postcode,
// meeting mode, availability, earlier co-membership and "do not group"
// pairs. Protected attributes are never read. The "only one of their kind"
// rule sees two kinds: young (target group) and needs_english (Danish below
// "good"). May throw SQLite::Exception.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "features/common/feature.hpp"
#include "kreds/matching/model.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct waiting_seeker {
  std::string display_name;
  std::string waiting_since;
  std::string main_goal_isco;  // empty when the first goal is not an occupation
  std::string track;           // network or network_sparring (features/followup/triage.hpp)
};

struct waiting_pool {
  std::vector<matching::seeker> seekers;
  std::unordered_map<matching::seeker_id, waiting_seeker> details;
};

waiting_pool load_waiting_pool(SQLite::Database& db, std::int64_t municipality_id);

}  // namespace kreds::features
