#include "features/privacy/retention.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <memory>
#include <vector>

#include "features/privacy/personal_data.hpp"
#include "platform/context.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;

namespace {

std::string days_before(time_point now, int days) { return to_iso(now - std::chrono::days(days)); }

std::int64_t run(SQLite::Database& db, const char* sql, std::int64_t municipality_id, const std::string& cutoff) {
  SQLite::Statement statement(db, sql);
  storage::bind_all(statement, municipality_id, cutoff);
  return statement.exec();
}

std::string summary(const retention_counts& counts) {
  std::string out;
  for (const auto& [table, count] : counts) {
    if (count > 0) out += (out.empty() ? "" : ", ") + table + " " + std::to_string(count);
  }
  return out.empty() ? "nothing" : out;
}

std::int64_t database_bytes(SQLite::Database& db) {
  return db.execAndGet("PRAGMA page_count").getInt64() * db.execAndGet("PRAGMA page_size").getInt64();
}

}  // namespace

retention_cutoffs cutoffs_for(const config::retention_section& periods, time_point now) {
  return {days_before(now, periods.chat_messages_days),
          days_before(now, periods.help_requests_days),
          days_before(now, periods.alerts_days),
          days_before(now, periods.audit_log_days),
          days_before(now, periods.closed_accounts_days),
          days_before(now, periods.case_records_days),
          days_before(now, periods.unaccepted_invitations_days)};
}

// The accounts made for invitations (a name and an e-mail, no password yet) that were never accepted and
// expired before the cutoff: closed and erased like a closed account. Returns how many.
std::int64_t erase_unaccepted_invitations(SQLite::Database& db, std::int64_t municipality_id,
                                          const retention_cutoffs& cutoffs, const std::string& now) {
  std::vector<std::int64_t> unaccepted;
  {
    SQLite::Statement accounts(
        db,
        "SELECT a.id FROM account a WHERE a.municipality_id = ?1 AND a.password_hash IS NULL AND a.erased_at IS NULL "
        "AND EXISTS (SELECT 1 FROM invitation i WHERE i.account_id = a.id) "
        "AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.account_id = a.id AND (i.accepted_at IS NOT NULL OR "
        "i.expires_at >= ?2 OR i.purpose <> 'invitation'))");
    storage::bind_all(accounts, municipality_id, cutoffs.unaccepted_invitations);
    while (accounts.executeStep()) unaccepted.push_back(accounts.getColumn(0).getInt64());
  }
  for (const auto id : unaccepted) {
    SQLite::Statement close(
        db, "UPDATE account SET active = 0, deactivated_at = coalesce(deactivated_at, ?2) WHERE id = ?1");
    storage::bind_all(close, id, now);
    close.exec();
    erase_personal_data(db, id, false, now);
  }
  return static_cast<std::int64_t>(unaccepted.size());
}

retention_counts delete_expired(SQLite::Database& db, std::int64_t municipality_id, const retention_cutoffs& cutoffs,
                                const std::string& now) {
  retention_counts counts;
  counts["chat_report"] = run(db,
                              "DELETE FROM chat_report WHERE message_id IN (SELECT id FROM chat_message "
                              "WHERE municipality_id = ?1 AND created_at < ?2)",
                              municipality_id, cutoffs.chat_messages);
  counts["chat_message"] = run(db, "DELETE FROM chat_message WHERE municipality_id = ?1 AND created_at < ?2",
                               municipality_id, cutoffs.chat_messages);
  counts["help_request"] = run(db, "DELETE FROM help_request WHERE municipality_id = ?1 AND created_at < ?2",
                               municipality_id, cutoffs.help_requests);
  counts["alert"] = run(db, "DELETE FROM alert WHERE municipality_id = ?1 AND status = 'resolved' AND updated_at < ?2",
                        municipality_id, cutoffs.alerts);
  // The audit log refuses deletes newer than the recorded cutoff (schema 0008).
  run(db,
      "INSERT INTO audit_log_cutoff (municipality_id, cutoff) VALUES (?1, ?2) "
      "ON CONFLICT (municipality_id) DO UPDATE SET cutoff = excluded.cutoff",
      municipality_id, cutoffs.audit_log);
  counts["audit_log"] =
      run(db, "DELETE FROM audit_log WHERE municipality_id = ?1 AND at < ?2", municipality_id, cutoffs.audit_log);

  std::vector<std::int64_t> closed;
  {
    SQLite::Statement accounts(
        db,
        "SELECT id FROM account WHERE municipality_id = ?1 AND role = 'seeker' AND deactivated_at IS NOT NULL "
        "AND deactivated_at < ?2 AND erased_at IS NULL");
    storage::bind_all(accounts, municipality_id, cutoffs.closed_accounts);
    while (accounts.executeStep()) closed.push_back(accounts.getColumn(0).getInt64());
  }
  for (const auto id : closed) erase_personal_data(db, id, false, now);
  counts["account_erased"] = static_cast<std::int64_t>(closed.size());
  counts["invitation_unaccepted"] = erase_unaccepted_invitations(db, municipality_id, cutoffs, now);

  const char* erased_before =
      "SELECT id FROM account WHERE municipality_id = ?1 AND erased_at IS NOT NULL AND deactivated_at < ?2";
  counts["track_decision"] =
      run(db, (std::string("DELETE FROM track_decision WHERE account_id IN (") + erased_before + ")").c_str(),
          municipality_id, cutoffs.case_records);
  counts["consent"] = run(db, (std::string("DELETE FROM consent WHERE account_id IN (") + erased_before + ")").c_str(),
                          municipality_id, cutoffs.case_records);
  return counts;
}

std::future<retention_report> run_retention_now(context& ctx) {
  auto promise = std::make_shared<std::promise<retention_report>>();
  auto future = promise->get_future();
  auto report = std::make_shared<retention_report>();
  ctx.writer().submit(storage::write_job{
      [&ctx, report](SQLite::Database& db) -> result<void> {
        const auto now = ctx.now();
        std::vector<std::int64_t> municipalities;
        {
          SQLite::Statement ids(db, "SELECT id FROM municipality ORDER BY id");
          while (ids.executeStep()) municipalities.push_back(ids.getColumn(0).getInt64());
        }
        for (const auto id : municipalities) {
          auto counts = delete_expired(db, id, cutoffs_for(ctx.pilot(id)->retention, now), to_iso(now));
          json::object deleted;
          for (const auto& [table, count] : counts) deleted[table] = count;
          SQLite::Statement record(db, "INSERT INTO retention_run (municipality_id, ran_at, deleted) VALUES (?, ?, ?)");
          storage::bind_all(record, id, to_iso(now), json_text(deleted));
          record.exec();
          report->by_municipality[id] = std::move(counts);
        }
        return {};
      },
      [&ctx, report, promise](result<void> committed) {
        if (!committed) {
          log_warn({}, "retention: the run failed and deleted nothing: {}", committed.err().message());
          promise->set_value({});
          return;
        }
        std::int64_t total = 0;
        for (const auto& [id, counts] : report->by_municipality) {
          log_info({}, "retention: municipality {}: deleted {}", id, summary(counts));
          for (const auto& [table, count] : counts) total += count;
        }
        if (total == 0) {
          promise->set_value(*report);
          return;
        }
        // Deleted rows leave free pages in the file; VACUUM gives them back.
        ctx.writer().submit(storage::write_job{[report](SQLite::Database& db) -> result<void> {
                                                 report->bytes_before = database_bytes(db);
                                                 db.exec("VACUUM");
                                                 (void)storage::truncate_wal(db);  // erased text leaves the -wal too
                                                 report->bytes_after = database_bytes(db);
                                                 report->compacted = true;
                                                 return {};
                                               },
                                               [report, promise](result<void> vacuumed) {
                                                 if (vacuumed) {
                                                   log_info({}, "retention: compacted the database from {} to {} bytes",
                                                            report->bytes_before, report->bytes_after);
                                                 } else {
                                                   log_warn({}, "retention: compaction failed: {}",
                                                            vacuumed.err().message());
                                                 }
                                                 promise->set_value(*report);
                                               },
                                               true});
      }});
  return future;
}

}  // namespace kreds::features
