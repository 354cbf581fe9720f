#include "features/accounts/login_record.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

using boost::asio::awaitable;
namespace json = boost::json;

namespace {

void insert_row(SQLite::Database& db, const login_rejection& rejected, std::optional<std::int64_t> account,
                const std::string& now) {
  SQLite::Statement insert(
      db, "INSERT INTO login_rejection (at, email, account_id, address, reason) VALUES (?, ?, ?, ?, ?)");
  storage::bind_all(insert, now, rejected.email, account, rejected.address, rejected.reason);
  insert.exec();
}

// Blocks the account when its rejections of the last 24 hours reach the threshold.
bool block_if_due(SQLite::Database& db, std::int64_t account, int threshold, time_point now) {
  SQLite::Statement recent(db, "SELECT count(*) FROM login_rejection WHERE account_id = ? AND at > ?");
  storage::bind_all(recent, account, to_iso(now - std::chrono::hours(24)));
  recent.executeStep();
  if (recent.getColumn(0).getInt() < threshold) return false;
  SQLite::Statement block(db, "UPDATE account SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL");
  storage::bind_all(block, to_iso(now), account);
  return block.exec() > 0;
}

}  // namespace

std::vector<std::int64_t> record_rejection(SQLite::Database& db, const login_rejection& rejected,
                                           const config::auth_section& policy, time_point now) {
  const auto stamp = to_iso(now);
  SQLite::Statement prune(db, "DELETE FROM login_rejection WHERE at < ?");
  prune.bind(1, to_iso(now - std::chrono::hours(24) * policy.login_log_days));
  prune.exec();
  if (rejected.accounts.empty()) insert_row(db, rejected, std::nullopt, stamp);
  std::vector<std::int64_t> blocked;
  for (const auto account : rejected.accounts) {
    insert_row(db, rejected, account, stamp);
    if (policy.account_block_failures > 0 && block_if_due(db, account, policy.account_block_failures, now)) {
      blocked.push_back(account);
    }
  }
  return blocked;
}

awaitable<result<void>> record_rejection(context& ctx, login_rejection rejected, std::string request_id) {
  log_info(request_id, "login rejected: {}", rejected.reason);
  auto recording = write_db<std::vector<std::int64_t>>(
      ctx.writer(), [rejected, policy = ctx.settings().auth, now = ctx.now()](SQLite::Database& db) {
        return result<std::vector<std::int64_t>>(record_rejection(db, rejected, policy, now));
      });
  auto blocked = co_await std::move(recording);
  KREDS_CO_RETURN_IF_ERROR(blocked);
  for (const auto account : *blocked) {
    log_warn(request_id, "account {} blocked after {} rejected logins within 24 h; a staff member can unlock it",
             account, ctx.settings().auth.account_block_failures);
  }
  co_return result<void>{};
}

result<account_action> account_action_of(const http_request& request) {
  const auto target = id_parameter(request, "id");
  if (!target) return kreds::error{errc::not_found, "no such account"};
  auto body = parse_json_object(request.body);
  KREDS_RETURN_IF_ERROR(body);
  KREDS_CHECK(only_fields(*body, {"reason"}));
  auto reason = string_field(*body, "reason", 3, 190);
  KREDS_RETURN_IF_ERROR(reason);
  return account_action{*target, std::move(*reason)};
}

awaitable<result<http_reply>> unlock_account(context& ctx, const http_request& request, const caller& who) {
  auto action = account_action_of(request);
  KREDS_CO_RETURN_IF_ERROR(action);
  auto unlocking = write_db<void>(
      ctx.writer(),
      [who, target = action->account_id, reason = action->reason,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        // Tenancy: only accounts of the caller's municipality exist for the caller.
        SQLite::Statement found(
            db, "SELECT role, blocked_at IS NOT NULL FROM account WHERE id = ? AND municipality_id = ?");
        storage::bind_all(found, target, who.municipality_id);
        if (!found.executeStep()) return kreds::error{errc::not_found, "no such account"};
        if (who.role == role::caseworker && found.getColumn(0).getString() != "seeker") {
          return kreds::error{errc::forbidden,
                              "a caseworker can unlock job seekers' accounts only; ask an administrator"};
        }
        if (found.getColumn(1).getInt() == 0) return kreds::error{errc::conflict, "the account is not blocked"};
        SQLite::Statement unlock(db, "UPDATE account SET blocked_at = NULL WHERE id = ?");
        unlock.bind(1, target);
        unlock.exec();
        append_audit(db, who, target, "unlock", "unlock after failed logins: " + reason, now);
        return {};
      });
  auto unlocked = co_await std::move(unlocking);
  KREDS_CO_RETURN_IF_ERROR(unlocked);
  log_info(request.request_id, "account {} unlocked account {}", who.account_id, action->account_id);
  co_return json_reply(200, R"({"unlocked":true})");
}

}  // namespace kreds::features
