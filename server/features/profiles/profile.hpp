// A seeker's profile: the value, its validation against the taxonomy, its
// JSON form (docs/api.md) and its rows in SQLite.
//
// parse_profile() checks every field of untrusted input and names the first
// field at fault; nothing partial is ever stored. Storage functions run on a
// storage thread with that thread's connection and may throw
// SQLite::Exception (the storage layer turns it into an error value).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "taxonomy/taxonomy.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct profile_goal {
  std::string kind;  // occupation, education, own_business
  std::string occupation_id;
  std::string isco_code;
};

struct profile_language {
  std::string code;   // ISO 639-1
  std::string level;  // basic, good, fluent, native
};

// Weekly availability: slot = day * 3 + part, day 0 = Monday, part 0 =
// morning, 1 = afternoon, 2 = evening; bit `slot` set when available.
inline constexpr int availability_slots = 21;
std::string slot_name(int slot);
std::optional<int> parse_slot(std::string_view name);

struct profile {
  std::vector<profile_goal> goals;
  std::vector<std::string> skills;
  std::vector<profile_language> languages;
  std::string postcode;
  std::uint32_t availability = 0;
  std::string meeting_preference;
  std::string target_group;
  std::string unemployed_since;  // YYYY-MM-DD
  int education_level = 0;       // ISCED 2011, 0-8
  std::string introduction;
};

result<profile> parse_profile(const boost::json::object& body, const taxonomy::taxonomy& taxonomy, time_point now);

// The profile (or the empty form when there is none yet), with labels in
// `language` ("da" falls back to English).
boost::json::object profile_json(const std::optional<profile>& value, const taxonomy::taxonomy& taxonomy,
                                 std::string_view language);

std::optional<profile> load_profile(SQLite::Database& db, std::int64_t account_id);
void save_profile(SQLite::Database& db, std::int64_t account_id, std::int64_t municipality_id, const profile& value,
                  const std::string& now);

}  // namespace kreds::features
