// A small network for tests of network features (chat, presence, job
// leads): a caseworker, two members (Anne, Bent), an outsider of the same
// municipality and a seeker of another municipality in a network of its own,
// each logged in. Built straight in the test server's database.
#pragma once

#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "platform/access.hpp"
#include "support/clients.hpp"
#include "support/test_server.hpp"

namespace kreds::testing {

namespace json = boost::json;

inline json::object payload_of(const std::string& text) {
  return json::parse(text).as_object().at("payload").as_object();
}

// Puts accounts into one network directly in the database; returns its id.
inline std::int64_t make_network(const std::string& database, std::int64_t facilitator,
                                 const std::vector<std::int64_t>& members) {
  SQLite::Database db(database, SQLite::OPEN_READWRITE, 5000);
  db.exec(
      "INSERT INTO network (municipality_id, facilitator_id, created_at) SELECT municipality_id, id, "
      "'2026-01-01T00:00:00Z' FROM account WHERE id = " +
      std::to_string(facilitator));
  const auto network = db.getLastInsertRowid();
  for (auto member : members) {
    db.exec("INSERT INTO network_member (network_id, account_id, municipality_id, joined_at) SELECT " +
            std::to_string(network) +
            ", id, municipality_id, '2026-01-01T00:00:00Z' FROM account WHERE id = " + std::to_string(member));
  }
  return network;
}

struct network_fixture {
  test_server server;
  std::int64_t network = 0, anne = 0, bent = 0, outsider = 0;
  std::string anne_cookie, bent_cookie, outsider_cookie, foreign_cookie;

  // Sessions last as long as the tests' clock jumps need (idle 7 days,
  // lifetime 30 days); see advance_in_use() for longer jumps.
  static std::vector<std::string> long_sessions(std::vector<std::string> overrides) {
    overrides.insert(overrides.begin(), {"auth.session_idle_minutes=10080", "auth.session_lifetime_hours=720"});
    return overrides;
  }

  explicit network_fixture(std::vector<std::string> overrides = {}) : server(long_sessions(std::move(overrides))) {
    const auto caseworker = server.add_account("751", platform::role::caseworker, "cw@a.dk", "caseworker-pw-1");
    anne = server.add_account("751", platform::role::seeker, "anne@a.dk", "anne-password", "Anne");
    bent = server.add_account("751", platform::role::seeker, "bent@a.dk", "bent-password", "Bent");
    outsider = server.add_account("751", platform::role::seeker, "out@a.dk", "out-password", "Out");
    const auto foreign = server.add_account("461", platform::role::seeker, "far@b.dk", "far-password", "Far");
    network = make_network(server.directory().file("kreds.sqlite3"), caseworker, {anne, bent});
    make_network(server.directory().file("kreds.sqlite3"),
                 server.add_account("461", platform::role::caseworker, "cw@b.dk", "pw-cw-b-123"), {foreign});
    anne_cookie = login(server.port(), "anne@a.dk", "anne-password");
    bent_cookie = login(server.port(), "bent@a.dk", "bent-password");
    outsider_cookie = login(server.port(), "out@a.dk", "out-password");
    foreign_cookie = login(server.port(), "far@b.dk", "far-password");
  }

  // Moves the clock on a day at a time, each member using their session on
  // the way, so no session ends idle.
  void advance_in_use(std::chrono::hours by) {
    for (auto left = by; left.count() > 0; left -= std::chrono::hours(24)) {
      server.advance(std::min(left, std::chrono::hours(24)));
      for (const auto* cookie : {&anne_cookie, &bent_cookie, &outsider_cookie, &foreign_cookie}) {
        api_call(server.port(), *cookie, "GET", "/api/v1/me");
      }
    }
  }

  std::string post(const std::string& client_id, const std::string& body) const {
    return json::serialize(
        json::object{{"type", "chat.post"},
                     {"id", client_id},
                     {"payload", json::object{{"network_id", network}, {"client_id", client_id}, {"body", body}}}});
  }
};

}  // namespace kreds::testing
