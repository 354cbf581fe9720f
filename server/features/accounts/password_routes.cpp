// A person's own sign-in: changing the password, and logging out of every
// browser at once (docs/api.md, "Accounts").
//
//   POST   /api/v1/me/password {current_password, new_password}
//   DELETE /api/v1/me/sessions
//   POST   /api/v1/accounts/{id}/password-reset {reason}
//
// A password change proves the current password first — counted by the
// login throttle before it is hashed, like a login, so the route is no way
// around the lockout — then stores the new hash and ends every session of
// the account; the browser that asked gets a fresh session, every other one
// (and every open WebSocket, closed with 4001) must log in again.
//
// A password reset is for the person who forgot theirs: whoever may unlock
// the account (a caseworker: job seekers; an administrator: anyone of the
// municipality but themselves) ends every session and WebSocket of it,
// clears its password and gets a one-time code for it, shown once and valid
// auth.invitation_days — handed over in person like an invitation's until
// e-mail reaches people — with which the person sets a new password on the
// invitation page (a browser where no one is logged in). Audited with the
// reason.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/accounts/invitation_code.hpp"
#include "features/accounts/login_record.hpp"
#include "features/accounts/routes.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/cpu_work.hpp"
#include "platform/credentials.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"
#include "storage/row.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

namespace {

// The caller's sign-in: the e-mail the throttle counts by, and the stored hash.
struct own_login {
  std::string email;
  std::string password_hash;
};

awaitable<result<own_login>> read_own_login(context& ctx, std::int64_t account_id) {
  auto reading = read_db<own_login>(ctx.readers(), [account_id](SQLite::Database& db) -> result<own_login> {
    SQLite::Statement query(db, "SELECT email, coalesce(password_hash, '') FROM account WHERE id = ? AND active = 1");
    query.bind(1, account_id);
    if (!query.executeStep()) return kreds::error{errc::unauthenticated, "the account is no longer active"};
    const auto [email, hash] = storage::read_row<std::string, std::string>(query);
    return own_login{email, hash};
  });
  co_return co_await std::move(reading);
}

// The new hash when `current` is the password of `stored` (hashing on the CPU queue), else unauthenticated.
awaitable<result<std::string>> rehash(context& ctx, std::string stored, std::string current, std::string next) {
  auto work = [stored = std::move(stored), current = std::move(current),
               next = std::move(next)]() -> result<std::string> {
    if (stored.empty() || !verify_password(stored, current)) {
      return kreds::error{errc::unauthenticated, "the current password is wrong", "current_password"};
    }
    return hash_password(next);
  };
  auto hashing = run_cpu<result<std::string>>(ctx.cpu(), ctx.metrics(), cpu_queue::priority::login, std::move(work));
  auto hashed = co_await std::move(hashing);
  KREDS_CO_RETURN_IF_ERROR(hashed);
  co_return std::move(*hashed);
}

// POST /api/v1/me/password {current_password, new_password}
awaitable<result<http_reply>> change_password(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"current_password", "new_password"}));
  auto current = string_field(*body, "current_password", 1, 128);
  KREDS_CO_RETURN_IF_ERROR(current);
  auto next = string_field(*body, "new_password", 10, 128);
  KREDS_CO_RETURN_IF_ERROR(next);
  if (*next == *current) {
    co_return kreds::error{errc::invalid_field, "the new password must differ from the current one", "new_password"};
  }
  auto reading = read_own_login(ctx, who.account_id);
  auto own = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(own);
  const auto attempt = ctx.throttle().begin(own->email, request.remote_address);
  login_rejection rejected{own->email, {who.account_id}, request.remote_address, {}};
  if (attempt.retry_after > 0) {
    rejected.reason = "throttled";
    auto recording = record_rejection(ctx, std::move(rejected), request.request_id);
    KREDS_CO_CHECK(co_await std::move(recording));
    co_return kreds::error{errc::rate_limited,
                           "too many failed attempts; try again in " + std::to_string(attempt.retry_after) + " s"}
        .with_retry_after(attempt.retry_after);
  }
  auto hashing = rehash(ctx, std::move(own->password_hash), std::move(*current), std::move(*next));
  auto hashed = co_await std::move(hashing);
  if (!hashed) {
    if (hashed.err().code() == errc::unauthenticated) {
      rejected.reason = "wrong_password";
      auto recording = record_rejection(ctx, std::move(rejected), request.request_id);
      KREDS_CO_CHECK(co_await std::move(recording));
    }
    co_return std::move(hashed).err();
  }
  ctx.throttle().succeeded(own->email, request.remote_address, attempt);
  auto storing = write_db<void>(
      ctx.writer(),
      [id = who.account_id, hash = std::move(*hashed), now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        SQLite::Statement update(db, "UPDATE account SET password_hash = ? WHERE id = ? AND active = 1");
        storage::bind_all(update, hash, id);
        if (update.exec() == 0) return kreds::error{errc::unauthenticated, "the account is no longer active"};
        void_open_codes(db, id, now);  // a reset code handed out earlier no longer works
        return {};
      });
  KREDS_CO_CHECK(co_await std::move(storing));
  auto ending = ctx.sessions().end_all(who.account_id);
  KREDS_CO_CHECK(co_await std::move(ending));
  ctx.connections().close_account(who.account_id);
  auto creating = ctx.sessions().create(who.account_id, who.municipality_id);
  auto session = co_await std::move(creating);
  KREDS_CO_RETURN_IF_ERROR(session);
  log_info(request.request_id, "account {} changed its password; its other sessions ended", who.account_id);
  http_reply reply = json_reply(200, R"({"changed":true})");
  reply.headers.emplace_back("Set-Cookie", std::move(session->cookie));
  co_return reply;
}

// POST /api/v1/accounts/{id}/password-reset {reason}
awaitable<result<http_reply>> reset_password(context& ctx, const http_request& request, const caller& who) {
  auto action = account_action_of(request);
  KREDS_CO_RETURN_IF_ERROR(action);
  if (action->account_id == who.account_id) {
    co_return kreds::error{errc::conflict, "change your own password on your account page"};
  }
  const auto code = new_invitation_code();
  const auto now = ctx.now();
  const auto expires = to_iso(now + std::chrono::days(ctx.settings().auth.invitation_days));
  auto resetting = write_db<void>(
      ctx.writer(),
      [who, target = action->account_id, reason = action->reason, code, expires,
       now = to_iso(now)](SQLite::Database& db) -> result<void> {
        // Tenancy: only active accounts of the caller's municipality exist for the caller.
        SQLite::Statement found(db, "SELECT role FROM account WHERE id = ? AND municipality_id = ? AND active = 1");
        storage::bind_all(found, target, who.municipality_id);
        if (!found.executeStep()) return kreds::error{errc::not_found, "no such account"};
        if (who.role == role::caseworker && found.getColumn(0).getString() != "seeker") {
          return kreds::error{errc::forbidden,
                              "a caseworker can reset job seekers' passwords only; ask an administrator"};
        }
        SQLite::Statement clear(db, "UPDATE account SET password_hash = NULL, blocked_at = NULL WHERE id = ?");
        clear.bind(1, target);
        clear.exec();
        store_invitation_code(db, who, target, code, code_purpose::reset, now, expires);
        append_audit(db, who, target, "reset_password", "password reset: " + reason, now);
        return {};
      });
  KREDS_CO_CHECK(co_await std::move(resetting));
  auto ending = ctx.sessions().end_all(action->account_id);
  KREDS_CO_CHECK(co_await std::move(ending));
  ctx.connections().close_account(action->account_id);
  log_info(request.request_id, "account {} reset the password of account {}", who.account_id, action->account_id);
  co_return json_reply(
      201, json_text(json::object{{"code", code}, {"link", "/invitation.html#" + code}, {"expires_at", expires}}));
}

// DELETE /api/v1/me/sessions: log out everywhere.
awaitable<result<http_reply>> end_every_session(context& ctx, const http_request& request, const caller& who) {
  auto ending = ctx.sessions().end_all(who.account_id);
  KREDS_CO_CHECK(co_await std::move(ending));
  ctx.connections().close_account(who.account_id);
  log_info(request.request_id, "account {} logged out everywhere", who.account_id);
  http_reply reply{204, {}, "application/json", {{"Set-Cookie", ctx.sessions().cleared_cookie()}}};
  co_return reply;
}

}  // namespace

void register_password_routes(context& ctx, api_router& api) {
  api.add("POST", "/api/v1/me/password", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return change_password(ctx, request, *who); });
  api.add("POST", "/api/v1/accounts/{id}/password-reset", permission::unlock_accounts,
          audited_by_handler("reset_password"),
          [&ctx](const http_request& request, const caller* who) { return reset_password(ctx, request, *who); });
  api.add("DELETE", "/api/v1/me/sessions", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return end_every_session(ctx, request, *who); });
}

}  // namespace kreds::features
