// The audit log, and what every route and message declares about the
// personal data it returns (docs/privacy.md, "Who looked at your data").
//
// Every API route and WebSocket message type says, where it is registered,
// whether its reply reveals personal data of people other than the caller:
//
//   reveals_nobody          the caller's own data, aggregates, public data,
//                           or an acknowledgement
//   shows_people("read_pool", "forming networks: the waiting pool",
//                "seeker_id")
//                           people's data: when staff (a caseworker or an
//                           admin) call it, the router finds every person
//                           the reply names — the integers under the declared
//                           keys ("members.account_id" is the key account_id
//                           inside "members") — and writes one audit row per
//                           person before the reply is sent; if the rows
//                           cannot be written, the reply is not sent
//   audited_by_handler("read_profile")
//                           the handler writes its own row in the same
//                           transaction as the read (a read of one named
//                           citizen with a stated purpose, or a reply that is
//                           not JSON)
//
// A seeker reading what fellow members share in their network is not
// audited: that is the network working. The census test
// (tests/integration/audit_census_test.cpp) holds every registration against
// the table in docs/privacy.md, so a new route cannot go undeclared.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/fwd.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::storage {
class writer;
}  // namespace kreds::storage

namespace kreds::platform {

enum class reveals { nobody, people, handler_audits };

// Every text is a string literal (the routers keep the views).
struct data_use {
  platform::reveals what = reveals::nobody;
  std::string_view action;                        // the audit row's action: "read_pool"
  std::string_view purpose;                       // the audit row's purpose, 3..200 characters
  std::array<std::string_view, 6> person_keys{};  // where the reply names people
};

inline constexpr data_use reveals_nobody{};
constexpr data_use shows_people(std::string_view action, std::string_view purpose, std::string_view key,
                                std::string_view key2 = {}, std::string_view key3 = {}, std::string_view key4 = {}) {
  return {reveals::people, action, purpose, {key, key2, key3, key4}};
}
constexpr data_use audited_by_handler(std::string_view action) { return {reveals::handler_audits, action, {}, {}}; }

std::string_view to_string(reveals what) noexcept;

// One registration as the census sees it: "GET /api/v1/pool" or "chat.sync".
struct declared_use {
  std::string name;
  data_use use;
};

// Staff reads are audited; a seeker reading what fellow members share is not.
bool is_staff(role r) noexcept;

// The people a reply names: every integer under one of `keys` ("key", or
// "parent.key" for a key inside the object or array held by "parent"), at
// any depth of `value`, without repeats, in order of first appearance.
std::vector<std::int64_t> people_in(const boost::json::value& value, const std::array<std::string_view, 6>& keys);

// Appends one audit row. Runs on the writer thread; may throw SQLite::Exception.
void append_audit(SQLite::Database& db, const caller& actor, std::int64_t subject, const std::string& action,
                  const std::string& purpose, const std::string& now);

// Writes the rows for people a staff caller was shown (the caller
// excluded, only accounts of the caller's municipality).
using auditor = std::function<boost::asio::awaitable<result<void>>(const caller&, std::vector<std::int64_t>, data_use)>;
auditor make_auditor(storage::writer& writer, kreds::clock now);

// What the routers do after a handler succeeded: for a staff caller of a
// shows_people route, writes a row for each person `reply` names. A reply
// that should name people and is not JSON is refused (internal error):
// `where` names the route or message for the log.
boost::asio::awaitable<result<void>> audit_reply(const auditor& write, data_use use, const caller* who,
                                                 const boost::json::value* reply, std::string where);

}  // namespace kreds::platform
