// Retention (docs/privacy.md, "Retention"): what Kreds deletes when it has
// been kept long enough, per municipality and per kind of data, with the
// periods from the pilot settings ([retention] in config/kreds.toml):
//
//   chat messages (and reports of them)   chat_messages_days after written
//   help requests                         help_requests_days after asked
//   resolved alerts                       alerts_days after their last change
//   audit log entries                     audit_log_days after the look
//   a deactivated seeker's account        erased closed_accounts_days after
//   an erased account's track decisions   case_records_days after it closed
//   and consent
//   an invitation never accepted (the     erased unaccepted_invitations_days
//   invited name and e-mail)              after it expired
//
// The job runs at start and every run_every_hours; deletes in one write job,
// records the counts in retention_run and the log (counts, never content),
// then compacts the file (VACUUM, outside any transaction) when it deleted
// anything. Kreds has no full-text index; a new one must be cleaned here.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <string>

#include "core/clock.hpp"
#include "features/common/feature.hpp"
#include "platform/config.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// Timestamps (ISO, UTC) before which each kind of data has expired.
struct retention_cutoffs {
  std::string chat_messages;
  std::string help_requests;
  std::string alerts;
  std::string audit_log;
  std::string closed_accounts;
  std::string case_records;
  std::string unaccepted_invitations;  // invitations that expired before this, never accepted
};

retention_cutoffs cutoffs_for(const config::retention_section& periods, time_point now);

// Rows deleted (or accounts erased) per table.
using retention_counts = std::map<std::string, std::int64_t>;

// Deletes what has expired in one municipality (writer only).
retention_counts delete_expired(SQLite::Database& db, std::int64_t municipality_id, const retention_cutoffs& cutoffs,
                                const std::string& now);

struct retention_report {
  std::map<std::int64_t, retention_counts> by_municipality;
  bool compacted = false;
  std::int64_t bytes_before = 0;
  std::int64_t bytes_after = 0;
};

// Runs the job for every municipality; the future is ready when it is done
// (or failed: the failure is logged and the report is empty).
std::future<retention_report> run_retention_now(context& ctx);

}  // namespace kreds::features
