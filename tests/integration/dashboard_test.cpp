// The municipality's dashboard, pilot settings and the retention job against
// the real server: aggregates only for the admin (and nobody else), no route
// or message that gives an admin a seeker's personal data, settings that are
// validated and take effect, and a retention run that deletes exactly what
// has expired and compacts the file.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <map>

#include "features/privacy/retention.hpp"
#include "support/clients.hpp"
#include "support/network_fixture.hpp"

using namespace kreds::testing;
namespace json = boost::json;

namespace {

// A route pattern with its {parameters} filled in: {network_id} with the
// network, {table} with a dashboard table, any other with `person`. (No
// std::regex: GCC 12 warns falsely inside it under the sanitizers.)
std::string filled(const std::string& pattern, std::int64_t network, std::int64_t person) {
  std::string out;
  for (std::size_t at = 0; at < pattern.size();) {
    const auto open = pattern.find('{', at);
    if (open == std::string::npos) {
      out += pattern.substr(at);
      break;
    }
    const auto close = pattern.find('}', open);
    out += pattern.substr(at, open - at);
    const auto name = pattern.substr(open + 1, close - open - 1);
    out += name == "network_id" ? std::to_string(network)
           : name == "table"    ? std::string("outcomes_by_track")
                                : std::to_string(person);
    at = close + 1;
  }
  return out;
}

struct dashboard_fixture : network_fixture {
  std::string database = server.directory().file("kreds.sqlite3");
  std::int64_t admin = server.add_account("751", kreds::platform::role::admin, "admin@a.dk", "admin-password", "Admin");
  std::string admin_cookie = login(server.port(), "admin@a.dk", "admin-password");

  dashboard_fixture() {
    SQLite::Database db(database, SQLite::OPEN_READWRITE, 5000);
    for (auto id : {anne, bent, outsider}) {
      db.exec(
          "INSERT INTO profile (account_id, municipality_id, postcode, availability, meeting_preference, target_group, "
          "unemployed_since, education_level, introduction, updated_at) SELECT id, municipality_id, '8000', 7, 'both', "
          "'insured_unemployed', '2026-05-04', 3, 'Kvisthamster ' || display_name, '2026-01-01T00:00:00Z' FROM account "
          "WHERE id = " +
          std::to_string(id));
      db.exec(
          "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, "
          "decided_by, decided_at) "
          "SELECT municipality_id, id, 'network', 'network', 1, '[]', id, '" +
          kreds::to_iso_date(kreds::day_of(kreds::system_now()) - std::chrono::days(100)) +
          "T09:00:00Z' FROM account WHERE id "
          "= " +
          std::to_string(id));
    }
    db.exec(
        "INSERT INTO outcome (network_id, municipality_id, account_id, kind, on_date, stay_as_mentor, reported_at) "
        "SELECT " +
        std::to_string(network) +
        ", municipality_id, id, 'job', '2026-03-02', 0, '2026-03-02T10:00:00Z' FROM account WHERE id = " +
        std::to_string(anne));
  }

  // `n` more seekers on the network track who started with the others (100 days ago), without profiles or logins.
  void add_cohort(int n) {
    SQLite::Database db(database, SQLite::OPEN_READWRITE, 5000);
    for (int i = 0; i < n; ++i) {
      db.exec(
          "INSERT INTO account (municipality_id, role, email, display_name) SELECT municipality_id, 'seeker', "
          "'cohort" +
          std::to_string(i) + "@a.dk', 'Cohort' FROM account WHERE id = " + std::to_string(anne));
      db.exec(
          "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, "
          "decided_by, decided_at) SELECT municipality_id, last_insert_rowid(), 'network', 'network', 1, '[]', "
          "last_insert_rowid(), '" +
          kreds::to_iso_date(kreds::day_of(kreds::system_now()) - std::chrono::days(100)) +
          "T09:00:00Z' FROM account WHERE id = " + std::to_string(anne));
    }
  }

  http_result get(const std::string& cookie, const std::string& target) const {
    return api_call(server.port(), cookie, "GET", target);
  }
};

const json::object& table_named(const json::object& dashboard, const std::string& id) {
  for (const auto& t : dashboard.at("tables").as_array()) {
    if (t.at("id").as_string() == id) return t.as_object();
  }
  FAIL("no table " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("dashboard: a view of fewer people than the minimum population is withheld as a whole, JSON and CSV",
          "[dashboard]") {
  dashboard_fixture f;
  const auto reply = f.get(f.admin_cookie, "/api/v1/dashboard");
  REQUIRE(reply.status == 200);
  const auto body = json::parse(reply.body).as_object();
  CHECK(body.at("withheld").at("minimum_population") == json::value(20));
  CHECK(body.at("tables").as_array().empty());
  CHECK(body.at("survival").as_array().empty());
  CHECK(body.at("staff_series").as_array().empty());
  CHECK(body.at("health_series").as_array().empty());
  CHECK(body.at("choices").at("caseworkers").as_array().size() == 1);
  CHECK(reply.body.find("Kvisthamster") == std::string::npos);
  CHECK(reply.body.find("anne@a.dk") == std::string::npos);
  const auto csv = f.get(f.admin_cookie, "/api/v1/dashboard/outcomes_by_track.csv?lang=da");
  CHECK(csv.status == 409);
  CHECK(json::parse(csv.body).at("error").at("message").as_string().find("fewer than 20") != std::string::npos);
}

TEST_CASE("dashboard: the admin sees perturbed counts, the same in every table and curve, as JSON and CSV",
          "[dashboard]") {
  dashboard_fixture f;
  f.add_cohort(30);
  const auto reply = f.get(f.admin_cookie, "/api/v1/dashboard");
  REQUIRE(reply.status == 200);
  const auto body = json::parse(reply.body).as_object();
  CHECK(body.at("withheld").is_null());
  CHECK(body.at("tables").as_array().size() == 8);
  // 33 people on the network track: shown within ±3 of that.
  const auto& by_track = table_named(body, "outcomes_by_track");
  const auto& network_row = by_track.at("rows").as_array().at(0).as_object();
  CHECK(network_row.at("key").as_string() == "network");
  const auto network_people = network_row.at("cells").as_array().at(0).as_int64();
  CHECK(network_people >= 30);
  CHECK(network_people <= 36);
  CHECK(reply.body.find("Kvisthamster") == std::string::npos);
  CHECK(reply.body.find("anne@a.dk") == std::string::npos);
  // A track's people show the same in every table and in the curves' data.
  for (std::size_t track = 0; track < 3; ++track) {
    const auto shown =
        table_named(body, "outcomes_by_track").at("rows").as_array().at(track).at("cells").as_array().at(0);
    CHECK(table_named(body, "time_to_job").at("rows").as_array().at(track).at("cells").as_array().at(0) == shown);
    CHECK(table_named(body, "exits_other").at("rows").as_array().at(track).at("cells").as_array().at(0) == shown);
    CHECK(body.at("survival").as_array().at(track).at("people") == shown);
  }
  // Asking again gives the same numbers.
  CHECK(json::parse(f.get(f.admin_cookie, "/api/v1/dashboard").body).at("tables") == body.at("tables"));

  const auto csv = f.get(f.admin_cookie, "/api/v1/dashboard/outcomes_by_track.csv?lang=da");
  REQUIRE(csv.status == 200);
  CHECK(csv.headers.at("content-type").find("text/csv") == 0);
  CHECK(csv.headers.at("content-disposition").find("attachment; filename=\"kreds-outcomes_by_track-") == 0);
  CHECK(csv.body.find("Række;Personer;") != std::string::npos);
  CHECK(csv.body.find("Netværk;" + std::to_string(network_people) + ";") != std::string::npos);
  const auto english = f.get(f.admin_cookie, "/api/v1/dashboard/outcomes_by_track.csv?lang=en");
  CHECK(english.body.find("Row,People,") != std::string::npos);
}

TEST_CASE("dashboard: bad filters are refused with the field named", "[dashboard]") {
  dashboard_fixture f;
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"from=2026-13", "from"},
                                                        {"from=2026-03-01", "from"},  // a day, not a month
                                                        {"to=yesterday", "to"},
                                                        {"to=2026-04-30", "to"},
                                                        {"from=2026-05&to=2026-04", "from"},
                                                        {"track=sofa", "track"},
                                                        {"target_group=everyone", "target_group"},
                                                        {"caseworker=abc", "caseworker"},
                                                        {"caseworker=" + std::to_string(f.anne), "caseworker"}}) {
    const auto reply = f.get(f.admin_cookie, "/api/v1/dashboard?" + query);
    INFO(query);
    CHECK(reply.status == 400);
    CHECK(json::parse(reply.body).at("error").at("field").as_string() == field);
  }
  CHECK(f.get(f.admin_cookie, "/api/v1/dashboard/nothing.csv").status == 404);
  CHECK(f.get(f.admin_cookie, "/api/v1/dashboard/outcomes_by_track.csv?lang=fr").status == 400);
  CHECK(f.get(f.admin_cookie, "/api/v1/dashboard?track=network&from=2026-01&to=2026-12").status == 200);
}

TEST_CASE("dashboard: seekers and caseworkers are refused, and logged-out callers too", "[dashboard]") {
  dashboard_fixture f;
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  for (const auto& cookie : {f.anne_cookie, caseworker}) {
    CHECK(f.get(cookie, "/api/v1/dashboard").status == 403);
    CHECK(f.get(cookie, "/api/v1/dashboard/outcomes_by_track.csv").status == 403);
    CHECK(f.get(cookie, "/api/v1/pilot-settings").status == 403);
  }
  CHECK(f.get("", "/api/v1/dashboard").status == 401);
}

TEST_CASE("dashboard: no route and no message gives municipality staff a seeker's personal data",
          "[dashboard][privacy]") {
  dashboard_fixture f;
  const std::vector<std::string> secrets{"anne@a.dk", "bent@a.dk", "Kvisthamster", "\"Anne\"", "\"Bent\""};
  auto leaks = [&](const std::string& text) {
    for (const auto& secret : secrets) {
      if (text.find(secret) != std::string::npos) return secret;
    }
    return std::string();
  };
  const std::string body = json::serialize(json::object{{"seeker_id", f.anne},
                                                        {"account_id", f.anne},
                                                        {"network_id", f.network},
                                                        {"member_id", f.anne},
                                                        {"purpose", "statistics"}});
  int tried = 0;
  for (const auto& [method, pattern] : f.server.context().api().routes()) {
    const auto target = filled(pattern, f.network, f.anne);
    const auto query = "?purpose=statistics&seeker_id=" + std::to_string(f.anne);
    // A fresh session each time: a route may end the last one (logout).
    const auto cookie = login(f.server.port(), "admin@a.dk", "admin-password");
    REQUIRE_FALSE(cookie.empty());
    const auto reply = api_call(f.server.port(), cookie, method, target + query, method == "GET" ? "" : body);
    INFO(method << " " << target << " -> " << reply.status);
    CHECK(reply.status != 401);
    CHECK(leaks(reply.body).empty());
    ++tried;
  }
  CHECK(tried > 40);
  ws_client ws;
  REQUIRE(ws.connect(f.server.port(), login(f.server.port(), "admin@a.dk", "admin-password")) == 101);
  for (const auto& type : f.server.context().messages().types()) {
    const auto sent =
        json::serialize(json::object{{"type", type}, {"id", "t-" + type}, {"payload", json::parse(body)}});
    REQUIRE(ws.send_text(sent));
    // Read until this message's answer (a reply or an error with its id).
    for (int i = 0; i < 20; ++i) {
      const auto answer = ws.read(2s);
      if (!answer) break;
      INFO(type << " -> " << *answer);
      CHECK(leaks(*answer).empty());
      if (answer->find("\"t-" + type + "\"") != std::string::npos) break;
    }
  }
}

TEST_CASE("pilot settings: validated all-or-nothing, in force at once, per municipality", "[dashboard][pilot]") {
  dashboard_fixture f;
  const auto before = json::parse(f.get(f.admin_cookie, "/api/v1/pilot-settings").body).as_object();
  CHECK(before.at("changed_at").is_null());
  auto put = [&](const std::string& values) {
    return api_call(f.server.port(), f.admin_cookie, "PUT", "/api/v1/pilot-settings", "{\"values\":" + values + "}");
  };
  for (const auto& [values, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"matching.max_size": 99})", "matching.max_size"},
           {R"({"matching.min_size": 5, "matching.max_size": 4})", "matching.min_size"},
           {R"({"matching.min_size": 5.5})", "matching.min_size"},
           {R"({"triage.sparring_from": 6})", "triage.sparring_from"},
           {R"({"limits.max_connections": 5})", "limits.max_connections"},
           {R"({"retention.audit_log_days": "long"})", "retention.audit_log_days"},
           {R"({"retention.audit_log_days": 10})", "retention.audit_log_days"}}) {
    const auto reply = put(values);
    INFO(values << " -> " << reply.body);
    CHECK(reply.status == 400);
    CHECK(json::parse(reply.body).at("error").at("field").as_string() == field);
  }
  CHECK(put("[]").status == 400);
  // Nothing was stored by the refused changes.
  CHECK(json::parse(f.get(f.admin_cookie, "/api/v1/pilot-settings").body).at("changed_at").is_null());

  const auto saved = put(R"({"matching.max_size": 10, "retention.chat_messages_days": 90, "triage.sparring_from": 2})");
  REQUIRE(saved.status == 200);
  const auto after = json::parse(saved.body).as_object();
  CHECK(after.at("changed_by").as_string() == "Admin");
  for (const auto& s : after.at("settings").as_array()) {
    if (s.at("key").as_string() == "matching.max_size") {
      CHECK(s.at("value").as_int64() == 10);
      CHECK(s.at("default").as_int64() == 8);
    }
  }
  // In force: the privacy rules show the new retention, and the seats follow the new size.
  const auto rules = f.get(f.anne_cookie, "/api/v1/privacy/rules").body;
  CHECK(rules.find("\"table\":\"chat_message\"") != std::string::npos);
  const auto rule = rules.substr(rules.find("\"table\":\"chat_message\""));
  CHECK(rule.substr(0, rule.find('}')).find("\"retention_days\":90") != std::string::npos);
  CHECK(f.server.context().pilot(1)->matching.max_size == 10);
  // Another municipality keeps the file's values.
  CHECK(f.server.context().pilot(2)->matching.max_size == 8);
}

TEST_CASE("pilot settings: every change is kept with who made it, from what to what, and refused ones leave nothing",
          "[dashboard][pilot]") {
  dashboard_fixture f;
  auto put = [&](const std::string& values) {
    return api_call(f.server.port(), f.admin_cookie, "PUT", "/api/v1/pilot-settings", "{\"values\":" + values + "}");
  };
  auto history = [&] {
    return json::parse(f.get(f.admin_cookie, "/api/v1/pilot-settings").body).at("history").as_array();
  };
  CHECK(history().empty());
  REQUIRE(put(R"({"matching.max_size": 10})").status == 200);
  REQUIRE(put(R"({"matching.max_size": 9, "retention.alerts_days": 400})").status == 200);
  REQUIRE(put(R"({"matching.max_size": 9})").status == 200);  // no change: no row
  CHECK(put(R"({"matching.max_size": 99})").status == 400);
  const auto rows = history();
  REQUIRE(rows.size() == 3);
  // Newest first: the second request's two changes, then the first.
  std::map<std::string, json::object> newest;
  for (std::size_t i = 0; i < 2; ++i) newest[std::string(rows[i].at("key").as_string())] = rows[i].as_object();
  CHECK(newest.at("matching.max_size").at("old_value").as_string() == "10");
  CHECK(newest.at("matching.max_size").at("new_value").as_string() == "9");
  CHECK(newest.at("retention.alerts_days").at("old_value").is_null());  // the file's value was in force
  CHECK(rows[2].at("key").as_string() == "matching.max_size");
  CHECK(rows[2].at("old_value").is_null());
  CHECK(rows[2].at("new_value").as_string() == "10");
  for (const auto& row : rows) {
    CHECK(row.at("changed_by").as_string() == "Admin");
    CHECK(row.at("changed_at").as_string().size() == 20);
  }
  // Kept as written: the history cannot be edited.
  SQLite::Database db(f.database, SQLite::OPEN_READWRITE, 5000);
  CHECK_THROWS(db.exec("UPDATE pilot_setting_change SET new_value = '8'"));
}

TEST_CASE("retention: the job deletes expired rows, keeps the rest, records counts and compacts",
          "[dashboard][retention]") {
  dashboard_fixture f;
  {
    ws_client anne;
    REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
    REQUIRE(anne.read_type("welcome"));
    for (int i = 0; i < 4; ++i) {
      REQUIRE(anne.send_text(f.post("old-" + std::to_string(i), std::string(400, 'x'))));
      REQUIRE(anne.read_type("chat.ack"));
    }
  }
  {
    SQLite::Database db(f.database, SQLite::OPEN_READWRITE, 5000);
    db.exec("UPDATE chat_message SET created_at = '2020-01-01T00:00:00Z'");
    // A lot of old text, so the compaction has something to give back.
    for (int i = 0; i < 300; ++i) {
      db.exec(
          "INSERT INTO chat_message (network_id, municipality_id, seq, author_id, client_id, body, created_at) VALUES "
          "(" +
          std::to_string(f.network) + ", 1, " + std::to_string(1000 + i) + ", " + std::to_string(f.anne) + ", 'bulk-" +
          std::to_string(i) + "', '" + std::string(3000, 'y') + "', '2020-01-01T00:00:00Z')");
    }
  }
  ws_client ws;
  REQUIRE(ws.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(ws.read_type("welcome"));
  REQUIRE(ws.send_text(f.post("fresh", "still here")));
  REQUIRE(ws.read_type("chat.ack"));

  const auto report = kreds::features::run_retention_now(f.server.context()).get();
  REQUIRE(report.by_municipality.count(1));
  CHECK(report.by_municipality.at(1).at("chat_message") == 304);
  CHECK(report.compacted);
  CHECK(report.bytes_after < report.bytes_before);
  SQLite::Database db(f.database, SQLite::OPEN_READONLY, 5000);
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message").getInt() == 1);
  CHECK(db.execAndGet("SELECT body FROM chat_message").getString() == "still here");
  CHECK(db.execAndGet("SELECT deleted FROM retention_run WHERE municipality_id = 1 ORDER BY id DESC LIMIT 1")
            .getString()
            .find("\"chat_message\":304") != std::string::npos);
  // The admin sees the last run on the settings screen.
  const auto settings = json::parse(f.get(f.admin_cookie, "/api/v1/pilot-settings").body).as_object();
  CHECK(settings.at("last_retention_run").at("deleted").at("chat_message").as_int64() == 304);
}

TEST_CASE("case outcome: a caseworker records how a course ended, once, audited, and the dashboard counts it",
          "[dashboard][outcome]") {
  dashboard_fixture f;
  // Dates relative to today, so that the test holds whenever it runs: the fixture's seekers started 100 days ago.
  const auto day = [](int ago) {
    return kreds::to_iso_date(kreds::day_of(kreds::system_now()) - std::chrono::days(ago));
  };
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  const auto path = "/api/v1/seekers/" + std::to_string(f.outsider) + "/outcome";
  auto post = [&](const std::string& cookie, const std::string& body) {
    return api_call(f.server.port(), cookie, "POST", path, body);
  };
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"kind": "lottery", "date": ")" + day(60) + R"(", "purpose": "opfølgning"})", "kind"},
           {R"({"kind": "job", "date": "03/01/2026", "purpose": "opfølgning"})", "date"},
           {R"({"kind": "job", "date": "2099-01-01", "purpose": "opfølgning"})", "date"},
           {R"({"kind": "job", "date": ")" + day(120) + R"(", "purpose": "opfølgning"})", "date"},  // before the start
           {R"({"kind": "job", "date": ")" + day(60) + R"(", "purpose": "x"})", "purpose"},
           {R"({"kind": "job", "date": ")" + day(60) + R"(", "purpose": "opfølgning", "salary": 1})", "salary"}}) {
    const auto refused = post(caseworker, body);
    INFO(body << " -> " << refused.body);
    CHECK(refused.status == 400);
    CHECK(json::parse(refused.body).at("error").at("field").as_string() == field);
  }
  // Seekers and admins may not; another municipality's seeker is not found.
  CHECK(post(f.anne_cookie, R"({"kind": "job", "date": ")" + day(10) + R"(", "purpose": "opfølgning"})").status == 403);
  CHECK(post(f.admin_cookie, R"({"kind": "job", "date": ")" + day(10) + R"(", "purpose": "opfølgning"})").status ==
        403);
  const auto foreign = f.server.add_account("461", kreds::platform::role::seeker, "far2@b.dk", "far2-password", "Far2");
  CHECK(api_call(f.server.port(), caseworker, "POST", "/api/v1/seekers/" + std::to_string(foreign) + "/outcome",
                 R"({"kind": "job", "date": ")" + day(10) + R"(", "purpose": "opfølgning"})")
            .status == 404);
  // Anne reported hers in the network: nothing more to record.
  CHECK(api_call(f.server.port(), caseworker, "POST", "/api/v1/seekers/" + std::to_string(f.anne) + "/outcome",
                 R"({"kind": "job", "date": ")" + day(10) + R"(", "purpose": "opfølgning"})")
            .status == 409);

  const auto recorded =
      post(caseworker, R"({"kind": "education", "date": ")" + day(50) + R"(", "purpose": "opfølgning på forløbet"})");
  REQUIRE(recorded.status == 201);
  CHECK(post(caseworker, R"({"kind": "job", "date": ")" + day(40) + R"(", "purpose": "opfølgning"})").status == 409);
  const auto shown =
      json::parse(api_call(f.server.port(), caseworker, "GET", path + "?purpose=follow-up%20on%20the%20course").body)
          .as_object();
  CHECK(shown.at("outcome").at("kind").as_string() == "education");
  CHECK(shown.at("outcome").at("source").as_string() == "caseworker");
  const auto network_one =
      json::parse(
          api_call(f.server.port(), caseworker, "GET", "/api/v1/seekers/" + std::to_string(f.anne) + "/outcome").body)
          .as_object();
  CHECK(network_one.at("outcome").at("source").as_string() == "network");
  {
    SQLite::Database db(f.database, SQLite::OPEN_READONLY, 5000);
    // Recorded, read, and the two refusals that told something about the seeker (started later; already
    // recorded): four rows. Anne's "already recorded" refusal is hers.
    CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + std::to_string(f.outsider) +
                        " AND action IN ('record_outcome', 'read_outcome')")
              .getInt() == 4);
    CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + std::to_string(f.anne) +
                        " AND action = 'record_outcome'")
              .getInt() == 1);
  }
  // The seeker sees it in their export.
  CHECK(api_call(f.server.port(), f.outsider_cookie, "GET", "/api/v1/me/export")
            .body.find("\"case_outcome\":[{\"kind\":\"education\"") != std::string::npos);
  // The dashboard counts it (tests/server/features/dashboard/differencing_test.cpp checks the true counts behind
  // the noise); three people are too few to show.
  CHECK(f.get(f.admin_cookie, "/api/v1/dashboard/time_to_job.csv?lang=en").status == 409);
}
