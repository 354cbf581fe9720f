// The municipality's pilot dashboard (docs/dashboard.md), for the role
// admin: results, not process — aggregates only, never a person.
//
//   GET /api/v1/dashboard?from&to&track&target_group&caseworker
//   GET /api/v1/dashboard/{table}.csv?lang&<the same filters>
//
// Everyone's start is their first track decision (the track they were
// given: "intention to treat"). The event is the first job or education
// they report in a network or their caseworker records (case outcome); people still searching are censored at today,
// people who left for another reason (an "other" outcome, leaving every network without an outcome, a closed account)
// at that day. Every table goes through protect_cells() (disclosure.hpp) before it leaves the server, and a
// filtered view of fewer people than disclosure_limits::minimum_population is withheld as a whole.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "features/dashboard/dashboard_table.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// The dashboard as GET /api/v1/dashboard answers it, and its tables for the CSV export (none when withheld).
struct dashboard_view {
  boost::json::object body;
  std::vector<dashboard_table> tables;
  // Withheld as a whole (the body says why).
  bool withheld() const { return !body.at("withheld").is_null(); }
};

// The dashboard of a municipality for a query string of filters, as of `today`; a bad filter is an
// invalid_field error naming it.
result<dashboard_view> build_dashboard(SQLite::Database& db, std::int64_t municipality_id, const std::string& query,
                                       std::chrono::sys_days today, int baseline_minutes);

}  // namespace kreds::features
