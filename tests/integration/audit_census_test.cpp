// The audit census: every API route and WebSocket message declares what its
// reply reveals about other people (platform/audit.hpp), the declarations are
// the table in docs/privacy.md, and a staff read of people's data leaves a
// row each of those people sees in their access log.
#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "support/clients.hpp"
#include "support/network_fixture.hpp"
#include "support/test_server.hpp"

namespace json = boost::json;
using namespace kreds::testing;
using kreds::platform::declared_use;
using kreds::platform::reveals;

namespace {

std::string census_row(const std::string& kind, const declared_use& entry) {
  std::string keys;
  for (const auto key : entry.use.person_keys) {
    if (key.empty()) continue;
    keys += (keys.empty() ? "`" : ", `") + std::string(key) + "`";
  }
  const auto action = entry.use.action.empty() ? std::string("—") : "`" + std::string(entry.use.action) + "`";
  return "| " + kind + " | `" + entry.name + "` | " + std::string(kreds::platform::to_string(entry.use.what)) + " | " +
         action + " | " + (keys.empty() ? "—" : keys) + " |";
}

std::set<std::string> registered_rows(kreds::platform::context& ctx) {
  std::set<std::string> rows;
  for (const auto& entry : ctx.api().census()) rows.insert(census_row("HTTP", entry));
  for (const auto& entry : ctx.messages().census()) rows.insert(census_row("WebSocket", entry));
  return rows;
}

std::set<std::string> documented_rows() {
  std::ifstream in(std::string(KREDS_SOURCE_DIR) + "/docs/privacy.md");
  std::set<std::string> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "<!-- audit census: begin -->") inside = true;
    if (line == "<!-- audit census: end -->") inside = false;
    if (inside && (line.starts_with("| HTTP |") || line.starts_with("| WebSocket |"))) rows.insert(line);
  }
  return rows;
}

std::string listed(const std::set<std::string>& rows) {
  std::string out;
  for (const auto& row : rows) out += row + "\n";
  return out;
}

}  // namespace

TEST_CASE("audit census: every registered route and message is declared as docs/privacy.md lists it",
          "[integration][audit]") {
  test_server server;
  const auto registered = registered_rows(server.context());
  const auto documented = documented_rows();
  std::set<std::string> undocumented, stale;
  for (const auto& row : registered) {
    if (!documented.contains(row)) undocumented.insert(row);
  }
  for (const auto& row : documented) {
    if (!registered.contains(row)) stale.insert(row);
  }
  std::string table_at = "(tables agree)";
  if (!undocumented.empty() || !stale.empty()) {
    // The table as registered, to paste into docs/privacy.md after review.
    std::ofstream(server.directory().file("census.md")) << listed(registered);
    std::filesystem::copy_file(server.directory().file("census.md"),
                               std::filesystem::temp_directory_path() / "kreds-audit-census.md",
                               std::filesystem::copy_options::overwrite_existing);
    table_at = (std::filesystem::temp_directory_path() / "kreds-audit-census.md").string();
  }
  INFO("the registered table: " << table_at);
  INFO("registered but not in docs/privacy.md's census (or declared otherwise there):\n" << listed(undocumented));
  INFO("in docs/privacy.md's census but not registered so:\n" << listed(stale));
  CHECK(registered.size() > 70);
  CHECK(undocumented.empty());
  CHECK(stale.empty());
}

TEST_CASE("audit census: a declaration that shows people says how it is logged and where the reply names them",
          "[integration][audit]") {
  test_server server;
  auto entries = server.context().api().census();
  for (auto& entry : server.context().messages().census()) entries.push_back(entry);
  for (const auto& entry : entries) {
    INFO(entry.name);
    if (entry.use.what == reveals::nobody) {
      CHECK(entry.use.action.empty());
      continue;
    }
    CHECK(entry.use.action.size() >= 4);
    if (entry.use.what == reveals::people) {
      CHECK(entry.use.purpose.size() >= 3);
      CHECK(entry.use.purpose.size() <= 200);
      CHECK_FALSE(entry.use.person_keys[0].empty());
    }
  }
}

TEST_CASE("audit census: people_in finds the people a reply names under the declared keys, once each",
          "[unit][audit]") {
  const auto reply = json::parse(R"({"seekers":[{"id":7,"network":{"id":99}},{"id":8},{"id":7}],
      "author":{"id":3,"display_name":"A"},"count":5,"account_id":"not a number"})");
  using keys = std::array<std::string_view, 6>;
  CHECK(kreds::platform::people_in(reply, keys{"seekers.id"}) == std::vector<std::int64_t>{7, 8});
  CHECK(kreds::platform::people_in(reply, keys{"author.id", "account_id"}) == std::vector<std::int64_t>{3});
  CHECK(kreds::platform::people_in(reply, keys{"id"}) == std::vector<std::int64_t>{7, 99, 8, 3});
  CHECK(kreds::platform::people_in(reply, keys{"count.id"}).empty());
}

TEST_CASE("audit census: a caseworker's reads of lists and of a network's chat leave rows the citizens see",
          "[integration][audit]") {
  network_fixture f;
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  REQUIRE_FALSE(caseworker.empty());
  const auto actions_seen_by = [&](const std::string& cookie) {
    const auto log = api_call(f.server.port(), cookie, "GET", "/api/v1/me/access-log");
    REQUIRE(log.status == 200);
    std::multiset<std::string> actions;
    const auto body = json::parse(log.body);
    for (const auto& entry : body.at("entries").as_array()) {
      actions.insert(std::string(entry.at("action").as_string()));
      CHECK(entry.at("by_role").as_string() == "caseworker");
    }
    return actions;
  };
  CHECK(actions_seen_by(f.anne_cookie).empty());

  // A list of names is personal data: each seeker on it gets a row.
  REQUIRE(api_call(f.server.port(), caseworker, "GET", "/api/v1/seekers").status == 200);
  CHECK(actions_seen_by(f.anne_cookie).count("read_seeker_list") == 1);
  CHECK(actions_seen_by(f.outsider_cookie).count("read_seeker_list") == 1);

  // Anne writes in the network; Bent reading it is the network working (no
  // row), the facilitating caseworker reading it is logged for Anne only.
  ws_client anne, bent, staff;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(staff.connect(f.server.port(), caseworker) == 101);
  REQUIRE(anne.send_text(f.post("c1", "Hej alle")));
  REQUIRE(anne.read_type("chat.ack"));
  const auto history = R"({"type":"chat.history","payload":{"network_id":)" + std::to_string(f.network) + "}}";
  REQUIRE(bent.send_text(history));
  REQUIRE(bent.read_type("chat.page"));
  CHECK(actions_seen_by(f.anne_cookie).count("read_chat") == 0);
  REQUIRE(staff.send_text(history));
  REQUIRE(staff.read_type("chat.page"));
  CHECK(actions_seen_by(f.anne_cookie).count("read_chat") == 1);
  CHECK(actions_seen_by(f.bent_cookie).count("read_chat") == 0);  // named nowhere in the reply

  // Every read is logged, not one a day.
  REQUIRE(staff.send_text(history));
  REQUIRE(staff.read_type("chat.page"));
  CHECK(actions_seen_by(f.anne_cookie).count("read_chat") == 2);

  // The rows name the purpose the declaration gives.
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT purpose FROM audit_log WHERE action = 'read_chat' LIMIT 1").getString() ==
        "facilitating: the network's conversation");
}

TEST_CASE("audit census: when the audit row cannot be written the data is not sent", "[integration][audit]") {
  network_fixture f;
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  {
    SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE, 5000);
    db.exec(
        "CREATE TRIGGER refuse_list_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'read_seeker_list' "
        "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END");
  }
  const auto refused = api_call(f.server.port(), caseworker, "GET", "/api/v1/seekers");
  CHECK(refused.status == 500);
  CHECK_THAT(refused.body, !Catch::Contains("Anne") && !Catch::Contains("Bent"));
  CHECK_THAT(refused.body, !Catch::Contains("audit store unavailable"));  // the database's words stay in the log
  // A seeker's own routes are unaffected.
  CHECK(api_call(f.server.port(), f.anne_cookie, "GET", "/api/v1/me/access-log").status == 200);
}
