// Rejected logins and blocked accounts (schema/0010_login_security.sql).
//
// Every rejected login is recorded: the e-mail tried, the accounts it names
// (none when there is no such account, and none for a throttled attempt,
// which is refused before any lookup), the client's address (through
// trusted proxies) and why — a wrong password, the throttle, a blocked
// account, a full hashing queue. Never the password. Rows older than
// auth.login_log_days go as new ones are written.
//
// With auth.account_block_failures = N > 0, an account with N rejections
// within 24 hours is blocked: even its right password is refused (403,
// "blocked") until a staff member unlocks it with a reason — a caseworker
// for a seeker, an admin for anyone of the municipality — and the unlock is
// written to the audit log the person sees.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/api_router.hpp"
#include "platform/config.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct login_rejection {
  std::string email;
  std::vector<std::int64_t> accounts;  // the accounts the e-mail names
  std::string address;
  std::string reason;  // wrong_password, throttled, blocked, busy
};

// On the writer: records it, prunes old rows, blocks what reached the
// threshold. Returns the accounts blocked by this rejection.
std::vector<std::int64_t> record_rejection(SQLite::Database& db, const login_rejection& rejected,
                                           const config::auth_section& policy, time_point now);

// The same from a coroutine; logs the rejection under the request id.
boost::asio::awaitable<result<void>> record_rejection(context& ctx, login_rejection rejected, std::string request_id);

// What a staff member asks to do to an account ({id} in the path) and the reason they give for the audit log
// ({"reason"}, 3 to 190 characters): unlock it, reset its password. Bad input is an error naming the field.
struct account_action {
  std::int64_t account_id = 0;
  std::string reason;
};
result<account_action> account_action_of(const http_request& request);

// POST /api/v1/accounts/{id}/unlock {"reason"}
boost::asio::awaitable<result<http_reply>> unlock_account(context& ctx, const http_request& request, const caller& who);

}  // namespace kreds::features
