// Staff time (docs/api.md, "Triage and follow-up"): every caseworker action
// that counts is logged with its estimated minutes from `[staff_time]`, and
// caseworkers add manual entries; the report gives caseworker minutes per
// seeker per month by track — the evidence that networks free staff time
// for individual effort. record_staff_time() runs on the writer, in the
// action's own transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

void record_staff_time(SQLite::Database& db, const caller& caseworker, std::optional<std::int64_t> seeker,
                       std::optional<std::int64_t> network, const std::string& action, int minutes,
                       const std::string& now, const std::string& note = {});

// Caseworker minutes per seeker in [from, to) (dates): entries about a
// seeker count for them, entries about a network are shared among the
// members it had at the time.
std::map<std::int64_t, double> staff_minutes_by_seeker(SQLite::Database& db, std::int64_t municipality_id,
                                                       const std::string& from, const std::string& to);

}  // namespace kreds::features
