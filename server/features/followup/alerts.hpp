// Drift signals and the caseworker's alert inbox (docs/triage.md).
//
// evaluate_signals() looks at the database as it is now and returns every
// condition that deserves a caseworker's attention (thresholds from
// `[signals]`): approaching long-term unemployment, no activity, goals
// missed weeks running, a help request unanswered, a reported message, an
// outcome. raise_alerts() stores each as an alert unless the same condition
// (kind + condition key) was raised before — evaluating again is harmless.
// The application runs both every `signals.evaluate_every_seconds` on the
// writer. Alerts are acknowledged, snoozed or resolved with a note; a
// snoozed alert whose time has passed is open again; none is ever deleted.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "features/common/feature.hpp"
#include "platform/config.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct alert_candidate {
  std::int64_t municipality_id = 0;
  std::int64_t caseworker_id = 0;
  std::optional<std::int64_t> seeker;
  std::optional<std::int64_t> network;
  std::string kind;
  std::string condition_key;
  std::string suggested_action;
  boost::json::object facts;
};

std::vector<alert_candidate> evaluate_signals(SQLite::Database& db, time_point now,
                                              const config::signals_section& thresholds);

// Stores the new ones; returns (caseworker, alert id) of each alert raised now.
std::vector<std::pair<std::int64_t, std::int64_t>> raise_alerts(SQLite::Database& db,
                                                                const std::vector<alert_candidate>& found,
                                                                time_point now);

// "open" for a snoozed alert whose time has passed, else the stored status.
std::string effective_status(const std::string& status, const std::optional<std::string>& snoozed_until,
                             time_point now);

// The alerts about one seeker that still need attention, as the inbox shows them.
boost::json::array open_alerts_of(SQLite::Database& db, std::int64_t seeker, time_point now,
                                  const std::string& language);

// Evaluates the signals now (on the writer) and tells caseworkers of new
// alerts; the future gives how many were raised, once committed (0 when the
// evaluation failed, which is logged).
std::future<std::size_t> evaluate_signals_now(context& ctx);

}  // namespace kreds::features
