// Staff time (docs/api.md, "Triage and follow-up"): every caseworker action
// that counts is logged with its estimated minutes from `[staff_time]`, and
// caseworkers add manual entries; the report gives caseworker minutes per
// seeker per month by track — the evidence that networks free staff time
// for individual effort. record_staff_time() runs on the writer, in the
// action's own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/access.hpp"

namespace SQLite {
class Database;
}

namespace kreds::app {

class application;
class api_router;

void record_staff_time(SQLite::Database& db, const caller& caseworker, std::optional<std::int64_t> seeker,
                       std::optional<std::int64_t> network, const std::string& action, int minutes,
                       const std::string& now, const std::string& note = {});

void register_staff_time_routes(application& app, api_router& api);

}  // namespace kreds::app
