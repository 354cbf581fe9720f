#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "features/demo/demo_population.hpp"
#include "platform/credentials.hpp"
#include "support/clients.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;
using kreds::platform::role;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

json::object parse(const http_result& response) {
  boost::system::error_code ec;
  auto value = json::parse(response.body, ec);
  INFO(response.body);
  REQUIRE_FALSE(ec);
  return value.as_object();
}

// A server whose database holds the demo municipality (Aarhus) with
// `seekers` job seekers, plus a second municipality with its own caseworker.
struct demo_fixture {
  test_server server;
  std::string caseworker, other_caseworker;

  explicit demo_fixture(int seekers = 60) {
    {
      SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE, 5000);
      kreds::features::demo_options options;
      options.seekers = seekers;
      options.caseworkers_per_municipality = 2;
      options.history_months = 0;  // today's pool only: the tests count it
      REQUIRE(kreds::features::create_demo(db, *shipped_taxonomy(), options,
                                           kreds::platform::hash_password(kreds::features::demo_password).value(),
                                           kreds::system_now()));
    }
    server.add_account("461", role::caseworker, "cw@odense.dk", "caseworker-pw-2");
    caseworker = login(server.port(), "jobraadgiver1@aarhus.demo.kreds.dk", kreds::features::demo_password);
    other_caseworker = login(server.port(), "cw@odense.dk", "caseworker-pw-2");
    REQUIRE_FALSE(caseworker.empty());
  }

  json::object call(const std::string& method, const std::string& target, const std::string& body = {},
                    int expected = 200) {
    auto response = api_call(server.port(), caseworker, method, target, body);
    INFO(method << " " << target << " -> " << response.body);
    REQUIRE(response.status == expected);
    return response.body.empty() ? json::object{} : parse(response);
  }

  // Starts a proposal and waits (on the caseworker's WebSocket) until it is ready.
  json::object ready_proposal(ws_client& socket) {
    auto started = call("POST", "/api/v1/proposals", R"({"seed":3})", 202);
    const auto id = started.at("id").as_int64();
    auto done = socket.read_type("proposal.ready", 30s);
    REQUIRE(done);
    return call("GET", "/api/v1/proposals/" + std::to_string(id));
  }
};

}  // namespace

TEST_CASE("networks: a proposal runs off the network threads, reports progress and explains every member",
          "[integration][networks]") {
  demo_fixture f;
  ws_client socket;
  REQUIRE(socket.connect(f.server.port(), f.caseworker) == 101);
  auto pool = f.call("GET", "/api/v1/pool");
  {
    // Only seekers triaged to a network track wait; the demo triages everyone.
    SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
    const auto on_network_tracks = db.execAndGet(
                                         "SELECT count(*) FROM track_decision WHERE track IN ('network', "
                                         "'network_sparring') AND municipality_id = "
                                         "(SELECT id FROM municipality WHERE code = '751')")
                                       .getInt64();
    CHECK(on_network_tracks >= 50);
    CHECK(pool.at("count").as_int64() == on_network_tracks);
    for (const auto& s : pool.at("waiting").as_array()) CHECK(s.at("track").as_string() != "individual");
    // The list comes a bounded page at a time (limits.list_page, 100); every page says where the next starts.
    CHECK(static_cast<std::int64_t>(pool.at("waiting").as_array().size()) ==
          std::min<std::int64_t>(100, on_network_tracks));
    std::int64_t seen = 0;
    for (json::value next = 0; !next.is_null();) {
      const auto page = f.call("GET", "/api/v1/pool?limit=40&offset=" + std::to_string(next.as_int64()));
      seen += static_cast<std::int64_t>(page.at("waiting").as_array().size());
      CHECK(page.at("total").as_int64() == on_network_tracks);
      next = page.at("next_offset");
    }
    CHECK(seen == on_network_tracks);
    CHECK(f.call("GET", "/api/v1/pool?limit=101", "", 400).at("error").at("field") == "limit");
  }

  auto started = f.call("POST", "/api/v1/proposals", R"({"seed":3})", 202);
  CHECK(started.at("status").as_string() == "running");
  auto progress = socket.read_type("proposal.progress", 30s);
  REQUIRE(progress);
  auto ready = socket.read_type("proposal.ready", 30s);
  REQUIRE(ready);
  auto proposal = f.call("GET", "/api/v1/proposals/" + std::to_string(started.at("id").as_int64()) + "?lang=en");
  CHECK(proposal.at("status").as_string() == "ready");
  CHECK(proposal.at("report").as_object().at("hard_violations").as_int64() == 0);
  const auto& networks = proposal.at("networks").as_array();
  REQUIRE_FALSE(networks.empty());
  int placed = 0;
  for (const auto& n : networks) {
    const auto& members = n.as_object().at("members").as_array();
    CHECK(members.size() >= 6);
    CHECK(members.size() <= 8);
    for (const auto& m : members) {
      CHECK_FALSE(m.as_object().at("explanation").as_string().empty());
      ++placed;
    }
  }
  CHECK(placed + static_cast<int>(proposal.at("unplaced").as_array().size()) == pool.at("count").as_int64());
  for (const auto& u : proposal.at("unplaced").as_array()) CHECK_FALSE(u.as_object().at("reason").as_string().empty());

  // Another caseworker, even of the same municipality, sees no such proposal.
  CHECK(api_call(f.server.port(), f.other_caseworker, "GET",
                 "/api/v1/proposals/" + std::to_string(started.at("id").as_int64()))
            .status == 404);
}

TEST_CASE("networks: moves, locks, pins and exclusions are kept by a re-run and confirmation creates networks",
          "[integration][networks]") {
  demo_fixture f;
  ws_client socket;
  REQUIRE(socket.connect(f.server.port(), f.caseworker) == 101);
  const auto waiting_before = f.call("GET", "/api/v1/pool").at("count").as_int64();
  auto proposal = f.ready_proposal(socket);
  const auto id = std::to_string(proposal.at("id").as_int64());
  const auto& networks = proposal.at("networks").as_array();
  REQUIRE(networks.size() >= 3);
  const auto first_key = networks[0].as_object().at("key").as_int64();
  const auto second_key = networks[1].as_object().at("key").as_int64();
  const auto third = networks[2].as_object();
  const auto mover = networks[0].as_object().at("members").as_array()[0].as_object().at("seeker_id").as_int64();
  const auto excluded = networks[0].as_object().at("members").as_array()[1].as_object().at("seeker_id").as_int64();
  const auto pinned = third.at("members").as_array()[0].as_object().at("seeker_id").as_int64();

  auto change = [&](const std::string& body) { return f.call("POST", "/api/v1/proposals/" + id + "/changes", body); };
  auto moved = change(R"({"action":"move","seeker_id":)" + std::to_string(mover) + R"(,"to_network":)" +
                      std::to_string(second_key) + "}");
  auto find_network = [](const json::object& p, std::int64_t key) {
    for (const auto& n : p.at("networks").as_array()) {
      if (n.as_object().at("key").as_int64() == key) return n.as_object();
    }
    FAIL("network " << key << " not found");
    return json::object{};
  };
  auto target = find_network(moved, second_key);
  bool present = false;
  for (const auto& m : target.at("members").as_array()) present |= m.as_object().at("seeker_id").as_int64() == mover;
  CHECK(present);
  change(R"({"action":"exclude","seeker_id":)" + std::to_string(excluded) + "}");
  change(R"({"action":"lock","network":)" + std::to_string(second_key) + "}");
  change(R"({"action":"pin","seeker_id":)" + std::to_string(pinned) + "}");
  const auto locked_before = find_network(f.call("GET", "/api/v1/proposals/" + id), second_key).at("members");

  f.call("POST", "/api/v1/proposals/" + id + "/rerun", {}, 202);
  REQUIRE(socket.read_type("proposal.ready", 30s));
  auto rerun = f.call("GET", "/api/v1/proposals/" + id);
  CHECK(find_network(rerun, second_key).at("members") == locked_before);  // locked: untouched
  CHECK(find_network(rerun, second_key).at("locked").as_bool());
  bool pinned_kept = false;
  const auto pinned_network = find_network(rerun, third.at("key").as_int64());
  for (const auto& m : pinned_network.at("members").as_array()) {
    pinned_kept |= m.as_object().at("seeker_id").as_int64() == pinned;
  }
  CHECK(pinned_kept);
  for (const auto& n : rerun.at("networks").as_array()) {
    for (const auto& m : n.as_object().at("members").as_array())
      CHECK(m.as_object().at("seeker_id").as_int64() != excluded);
  }
  CHECK(rerun.at("excluded").as_array().size() == 1);

  // A member of the locked network will be told why, in real time.
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  std::string member_email;
  {
    SQLite::Statement email(db, "SELECT email FROM account WHERE id = ?");  // finished before later reads
    email.bind(1, mover);
    REQUIRE(email.executeStep());
    member_email = email.getColumn(0).getString();
  }
  const auto member = login(f.server.port(), member_email, kreds::features::demo_password);
  ws_client member_socket;
  REQUIRE(member_socket.connect(f.server.port(), member) == 101);
  CHECK(api_call(f.server.port(), member, "GET", "/api/v1/my-network").body == R"({"network":null})");

  auto confirmed = f.call("POST", "/api/v1/proposals/" + id + "/confirm");
  CHECK(confirmed.at("networks").as_array().size() == rerun.at("networks").as_array().size());
  auto joined = member_socket.read_type("network.joined", 10s);
  REQUIRE(joined);
  CHECK_THAT(*joined, Catch::Contains("\"why\""));
  auto mine = parse(api_call(f.server.port(), member, "GET", "/api/v1/my-network"));
  CHECK(mine.at("network").as_object().at("members").as_array().size() == locked_before.as_array().size());
  CHECK_FALSE(mine.at("network").as_object().at("why").as_string().empty());

  // Confirmed: no second confirmation, no more changes; the pool has shrunk; the record is kept.
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/proposals/" + id + "/confirm").status == 409);
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/proposals/" + id + "/changes",
                 R"({"action":"lock","network":)" + std::to_string(first_key) + "}")
            .status == 409);
  CHECK(f.call("GET", "/api/v1/pool").at("count").as_int64() < waiting_before);
  CHECK(db.execAndGet("SELECT count(*) FROM matching_proposal_event WHERE proposal_id = " + id).getInt() >= 7);
  CHECK(db.execAndGet("SELECT status FROM matching_proposal WHERE id = " + id).getString() == "confirmed");
  auto networks_list = f.call("GET", "/api/v1/networks");
  const auto network_id = networks_list.at("networks").as_array()[0].as_object().at("id").as_int64();
  auto history = f.call("GET", "/api/v1/networks/" + std::to_string(network_id) + "/history");
  CHECK_FALSE(history.at("events").as_array().empty());
  CHECK(api_call(f.server.port(), f.other_caseworker, "GET",
                 "/api/v1/networks/" + std::to_string(network_id) + "/history")
            .status == 404);
}

TEST_CASE("networks: do-not-group pairs are never proposed together", "[integration][networks]") {
  demo_fixture f(24);
  auto pool = f.call("GET", "/api/v1/pool");
  const auto& waiting = pool.at("waiting").as_array();
  const auto a = waiting[0].as_object().at("seeker_id").as_int64();
  const auto b = waiting[1].as_object().at("seeker_id").as_int64();
  const auto pair =
      R"({"seeker_a":)" + std::to_string(a) + R"(,"seeker_b":)" + std::to_string(b) + R"(,"reason":"konflikt")";
  f.call("POST", "/api/v1/do-not-group", pair + "}", 201);
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/do-not-group", pair + "}").status == 409);
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/do-not-group",
                 R"({"seeker_a":)" + std::to_string(a) + R"(,"seeker_b":)" + std::to_string(a) + R"(,"reason":"same"})")
            .status == 400);
  CHECK(f.call("GET", "/api/v1/do-not-group").at("pairs").as_array().size() == 1);
  ws_client socket;
  REQUIRE(socket.connect(f.server.port(), f.caseworker) == 101);
  auto proposal = f.ready_proposal(socket);
  for (const auto& n : proposal.at("networks").as_array()) {
    bool has_a = false, has_b = false;
    for (const auto& m : n.as_object().at("members").as_array()) {
      has_a |= m.as_object().at("seeker_id").as_int64() == a;
      has_b |= m.as_object().at("seeker_id").as_int64() == b;
    }
    CHECK_FALSE((has_a && has_b));
  }
  // The other municipality cannot see or remove the pair, nor name these seekers.
  CHECK(parse(api_call(f.server.port(), f.other_caseworker, "GET", "/api/v1/do-not-group"))
            .at("pairs")
            .as_array()
            .empty());
  CHECK(api_call(f.server.port(), f.other_caseworker, "DELETE",
                 "/api/v1/do-not-group/" + std::to_string(a) + "/" + std::to_string(b))
            .status == 404);
  CHECK(api_call(f.server.port(), f.other_caseworker, "POST", "/api/v1/do-not-group", pair + "}").status == 404);
  f.call("DELETE", "/api/v1/do-not-group/" + std::to_string(b) + "/" + std::to_string(a), {}, 204);
  CHECK(f.call("GET", "/api/v1/do-not-group").at("pairs").as_array().empty());
}

TEST_CASE("networks: bad changes are refused and change nothing - only caseworkers form networks",
          "[integration][networks]") {
  demo_fixture f(30);
  ws_client socket;
  REQUIRE(socket.connect(f.server.port(), f.caseworker) == 101);
  auto proposal = f.ready_proposal(socket);
  const auto id = std::to_string(proposal.at("id").as_int64());
  auto refused = [&](const std::string& body, int status) {
    auto response = api_call(f.server.port(), f.caseworker, "POST", "/api/v1/proposals/" + id + "/changes", body);
    INFO(body << " -> " << response.body);
    CHECK(response.status == status);
  };
  refused(R"({"action":"teleport","seeker_id":1})", 400);
  refused(R"({"action":"move","seeker_id":999999,"to_network":1})", 404);
  refused(R"({"action":"lock","network":999})", 404);
  refused(R"({"action":"move","seeker_id":"x","to_network":1})", 400);
  refused(R"({"action":"include","seeker_id":)" +
              std::to_string(proposal.at("networks")
                                 .as_array()[0]
                                 .as_object()
                                 .at("members")
                                 .as_array()[0]
                                 .as_object()
                                 .at("seeker_id")
                                 .as_int64()) +
              "}",
          409);
  refused("[]", 400);
  CHECK(f.call("GET", "/api/v1/proposals/" + id).at("networks") == proposal.at("networks"));
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/proposals", R"({"seed":-1})").status == 400);
  CHECK(api_call(f.server.port(), f.caseworker, "GET", "/api/v1/proposals/abc").status == 404);

  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  const auto seeker_email = db.execAndGet("SELECT email FROM account WHERE role = 'seeker' LIMIT 1").getString();
  const auto seeker = login(f.server.port(), seeker_email, kreds::features::demo_password);
  REQUIRE_FALSE(seeker.empty());
  CHECK(api_call(f.server.port(), seeker, "GET", "/api/v1/pool").status == 403);
  CHECK(api_call(f.server.port(), seeker, "POST", "/api/v1/proposals", "{}").status == 403);
  const auto admin = login(f.server.port(), "admin@aarhus.demo.kreds.dk", kreds::features::demo_password);
  CHECK(api_call(f.server.port(), admin, "GET", "/api/v1/pool").status == 403);
}

TEST_CASE("networks: a running proposal can be cancelled and keeps what it found", "[integration][networks]") {
  demo_fixture f(400);
  ws_client socket;
  REQUIRE(socket.connect(f.server.port(), f.caseworker) == 101);
  auto started = f.call("POST", "/api/v1/proposals", R"({"seed":5})", 202);
  const auto id = std::to_string(started.at("id").as_int64());
  CHECK(api_call(f.server.port(), f.caseworker, "POST", "/api/v1/proposals", "{}").status == 409);  // one at a time
  f.call("POST", "/api/v1/proposals/" + id + "/cancel");
  auto ready = socket.read_type("proposal.ready", 30s);
  REQUIRE(ready);
  auto proposal = f.call("GET", "/api/v1/proposals/" + id);
  const std::string status(proposal.at("status").as_string());
  // A fast machine may finish before the cancel lands; either way the result is usable.
  CHECK((status == "cancelled" || status == "ready"));
  CHECK(proposal.at("report").as_object().at("hard_violations").as_int64() == 0);
}
