// Life inside a network against the real server with real WebSocket
// clients: weekly goals and check-ins, buddies, meetings and their calendar
// file, outcomes, help requests, leaving, unread counts and the digest.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <set>

#include "support/clients.hpp"
#include "support/network_fixture.hpp"

using namespace kreds::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string frame(const std::string& type, json::object payload) {
  return json::serialize(json::object{{"type", type}, {"payload", std::move(payload)}});
}

// Sends a message with an id and reads until the reply to it (events that
// arrive meanwhile are skipped); the reply's envelope.
json::object exchange(ws_client& client, const std::string& type, json::object payload) {
  static int next = 0;
  const auto id = "q" + std::to_string(++next);
  const auto text = json::serialize(json::object{{"type", type}, {"id", id}, {"payload", std::move(payload)}});
  REQUIRE(client.send_text(text));
  for (;;) {
    auto frame_text = client.read();
    INFO(text);
    REQUIRE(frame_text);
    auto envelope = json::parse(*frame_text).as_object();
    if (const auto* got = envelope.if_contains("id"); got && got->is_string() && got->as_string() == id)
      return envelope;
  }
}

// Sends a message and returns the payload of its reply, which must be of `reply_type`.
json::object ask(ws_client& client, const std::string& type, json::object payload, const std::string& reply_type) {
  auto reply = exchange(client, type, std::move(payload));
  INFO(json::serialize(reply));
  REQUIRE(reply.at("type").as_string() == reply_type);
  return reply.at("payload").as_object();
}

// Sends a message that must be refused; returns the error payload.
json::object refused(ws_client& client, const std::string& type, json::object payload) {
  auto reply = exchange(client, type, std::move(payload));
  INFO(type << " -> " << json::serialize(reply));
  REQUIRE(reply.at("type") == "error");
  return reply.at("payload").as_object();
}

// No event of this type is queued for the client: a ping's pong comes first.
// (Events are published before the action's reply, so ask for this after it.)
bool nothing_of_type(ws_client& client, const std::string& type) {
  REQUIRE(client.send_text(frame("ping", {{"probe", true}})));
  for (;;) {
    auto text = client.read();
    REQUIRE(text);
    const auto got = message_type(*text);
    if (got == type) return false;
    if (got == "pong") return true;
  }
}

struct connected : network_fixture {
  ws_client as_anne, as_bent, as_outsider, as_foreign, as_caseworker;
  std::string caseworker_cookie;

  explicit connected(std::vector<std::string> overrides = {}) : network_fixture(std::move(overrides)) {
    caseworker_cookie = login(server.port(), "cw@a.dk", "caseworker-pw-1");
    REQUIRE(as_anne.connect(server.port(), anne_cookie) == 101);
    REQUIRE(as_bent.connect(server.port(), bent_cookie) == 101);
    REQUIRE(as_outsider.connect(server.port(), outsider_cookie) == 101);
    REQUIRE(as_foreign.connect(server.port(), foreign_cookie) == 101);
    REQUIRE(as_caseworker.connect(server.port(), caseworker_cookie) == 101);
    // "welcome" comes once each socket is subscribed to its networks.
    for (auto* client : {&as_anne, &as_bent, &as_outsider, &as_foreign, &as_caseworker})
      REQUIRE(client->read_type("welcome"));
  }

  std::int64_t count(const std::string& sql) {
    SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

std::string week_of(ws_client& client, std::int64_t network) {
  return std::string(ask(client, "goal.list", {{"network_id", network}}, "goal.board").at("week").as_string());
}

json::array goals(std::initializer_list<json::object> list) {
  json::array out;
  for (const auto& goal : list) out.push_back(goal);
  return out;
}

}  // namespace

TEST_CASE("goals: a member sets goals and checks in - the network sees counts, the buddy the details",
          "[integration][goals]") {
  connected f;
  const auto week = week_of(f.as_anne, f.network);
  const auto set = ask(f.as_anne, "goal.set",
                       {{"network_id", f.network},
                        {"week", week},
                        {"goals", goals({{{"kind", "applications"}, {"target", 3}, {"text", "Lager og logistik"}},
                                         {{"kind", "contacts"}, {"target", 2}}})}},
                       "goal.week");
  REQUIRE(set.at("goals").as_array().size() == 2);
  CHECK(set.at("checked_in_at").is_null());
  // The network is told the counts only.
  const auto progress = payload_of(*f.as_bent.read_type("goal.progress"));
  CHECK(progress.at("display_name").as_string() == "Anne");
  CHECK(progress.at("goals_set").as_int64() == 2);
  CHECK_FALSE(progress.contains("goals"));

  const auto& first = set.at("goals").as_array()[0].as_object();
  const auto& second = set.at("goals").as_array()[1].as_object();
  // Every goal needs a result; then the check-in records what was done.
  CHECK(refused(f.as_anne, "goal.checkin",
                {{"network_id", f.network},
                 {"week", week},
                 {"results", json::array{json::object{{"goal_id", first.at("id")}, {"done", 3}}}}})
            .at("field") == "results");
  const auto checked = ask(f.as_anne, "goal.checkin",
                           {{"network_id", f.network},
                            {"week", week},
                            {"note", "Godt med samtalen torsdag"},
                            {"results", json::array{json::object{{"goal_id", first.at("id")}, {"done", 4}},
                                                    json::object{{"goal_id", second.at("id")}, {"done", 1}}}}},
                           "goal.week");
  CHECK_FALSE(checked.at("checked_in_at").is_null());
  CHECK(checked.at("note").as_string() == "Godt med samtalen torsdag");

  // Two members are each other's buddies: Bent sees Anne's goals and note.
  const auto board = ask(f.as_bent, "goal.list", {{"network_id", f.network}, {"week", week}}, "goal.board");
  bool saw_anne = false;
  for (const auto& row : board.at("members").as_array()) {
    const auto& member = row.as_object();
    if (member.at("account_id").as_int64() != f.anne) continue;
    saw_anne = true;
    CHECK(member.at("goals_met").as_int64() == 1);
    CHECK(member.at("checked_in") == true);
    REQUIRE(member.contains("goals"));
    CHECK(member.at("note").as_string() == "Godt med samtalen torsdag");
  }
  CHECK(saw_anne);
  // The caseworker sees the counts only.
  const auto staff_view = ask(f.as_caseworker, "goal.list", {{"network_id", f.network}}, "goal.board");
  for (const auto& row : staff_view.at("members").as_array()) CHECK_FALSE(row.as_object().contains("goals"));

  // After the check-in the week's goals are fixed.
  CHECK(refused(f.as_anne, "goal.set",
                {{"network_id", f.network}, {"week", week}, {"goals", goals({{{"kind", "course"}, {"target", 1}}})}})
            .at("code") == "conflict");
}

TEST_CASE("goals: bad input is refused by field and changes nothing - outsiders are refused", "[integration][goals]") {
  connected f;
  const auto week = week_of(f.as_anne, f.network);
  auto goal = json::object{{"kind", "applications"}, {"target", 3}};
  CHECK(refused(f.as_anne, "goal.set", {{"network_id", f.network}, {"week", "2026-11-25"}, {"goals", goals({goal})}})
            .at("field") == "week");
  CHECK(refused(f.as_anne, "goal.set", {{"network_id", f.network}, {"week", "2020-01-06"}, {"goals", goals({goal})}})
            .at("field") == "week");
  CHECK(refused(f.as_anne, "goal.set", {{"network_id", f.network}, {"week", week}, {"goals", json::array{}}})
            .at("field") == "goals");
  CHECK(refused(f.as_anne, "goal.set",
                {{"network_id", f.network}, {"week", week}, {"goals", goals({goal, goal, goal, goal, goal, goal})}})
            .at("field") == "goals");
  CHECK(refused(f.as_anne, "goal.set",
                {{"network_id", f.network}, {"week", week}, {"goals", goals({{{"kind", "sleep"}, {"target", 3}}})}})
            .at("field") == "goals[0].kind");
  CHECK(refused(f.as_anne, "goal.set",
                {{"network_id", f.network}, {"week", week}, {"goals", goals({{{"kind", "course"}, {"target", 0}}})}})
            .at("field") == "goals[0].target");
  CHECK(refused(f.as_anne, "goal.checkin",
                {{"network_id", f.network},
                 {"week", week},
                 {"results", json::array{json::object{{"goal_id", 1}, {"done", 1}}}}})
            .at("code") == "conflict");
  CHECK(refused(f.as_outsider, "goal.set", {{"network_id", f.network}, {"week", week}, {"goals", goals({goal})}})
            .at("code") == "forbidden");
  CHECK(refused(f.as_foreign, "goal.list", {{"network_id", f.network}}).at("code") == "forbidden");
  CHECK(refused(f.as_caseworker, "goal.set", {{"network_id", f.network}, {"week", week}, {"goals", goals({goal})}})
            .at("code") == "forbidden");
  CHECK(f.count("SELECT count(*) FROM weekly_goal") == 0);
}

TEST_CASE("buddies: pairs hold for a period, rotate after it, and are seen only by the network",
          "[integration][buddies]") {
  network_fixture f{{"network.buddy_rotation_weeks=1"}};
  // Two more members: four make two pairs.
  const auto carl = f.server.add_account("751", kreds::platform::role::seeker, "carl@a.dk", "carl-password", "Carl");
  const auto dina = f.server.add_account("751", kreds::platform::role::seeker, "dina@a.dk", "dina-password", "Dina");
  {
    SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE);
    for (auto id : {carl, dina}) {
      db.exec("INSERT INTO network_member (network_id, account_id, municipality_id, joined_at) SELECT " +
              std::to_string(f.network) +
              ", id, municipality_id, '2026-01-01T00:00:00Z' FROM account WHERE id = " + std::to_string(id));
    }
  }
  ws_client anne, outsider;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(outsider.connect(f.server.port(), f.outsider_cookie) == 101);
  auto pairing = [&] { return ask(anne, "buddy.current", {{"network_id", f.network}}, "buddy.pairing"); };
  const auto first = pairing();
  REQUIRE(first.at("groups").as_array().size() == 2);
  REQUIRE(first.at("buddies").as_array().size() == 1);
  const auto first_buddy = first.at("buddies").as_array()[0].as_object().at("account_id").as_int64();
  CHECK(pairing() == first);  // stable within the period

  std::set<std::int64_t> buddies_seen{first_buddy};
  for (int week = 1; week <= 2; ++week) {
    f.advance_in_use(std::chrono::days(7));
    const auto next = pairing();
    CHECK(next.at("period_start") != first.at("period_start"));
    buddies_seen.insert(next.at("buddies").as_array()[0].as_object().at("account_id").as_int64());
  }
  CHECK(buddies_seen.size() == 3);  // three periods, three different buddies: no repeats
  CHECK(refused(outsider, "buddy.current", {{"network_id", f.network}}).at("code") == "forbidden");
}

TEST_CASE("meetings: scheduled, answered, downloaded as iCalendar, attended and cancelled", "[integration][meetings]") {
  connected f;
  const auto starts =
      kreds::to_iso(std::chrono::floor<std::chrono::hours>(kreds::system_now()) + std::chrono::hours(48));
  const auto created = ask(f.as_anne, "meeting.create",
                           {{"network_id", f.network},
                            {"client_id", "m1"},
                            {"starts_at", starts},
                            {"duration_minutes", 90},
                            {"place", "Jobcenter Aarhus, lokale 2"},
                            {"template", "lead_round"}},
                           "meeting.created");
  const auto meeting = created.at("id").as_int64();
  CHECK(created.at("title").as_string() == "Jobnetværk: Leadsrunde");
  CHECK(created.at("agenda").as_string().find("Runden rundt") != std::string::npos);
  CHECK(payload_of(*f.as_bent.read_type("meeting.added")).at("id").as_int64() == meeting);
  // A retry with the same client_id is the same meeting.
  CHECK(ask(f.as_anne, "meeting.create",
            {{"network_id", f.network},
             {"client_id", "m1"},
             {"starts_at", starts},
             {"duration_minutes", 90},
             {"place", "Jobcenter Aarhus, lokale 2"},
             {"template", "lead_round"}},
            "meeting.created")
            .at("id")
            .as_int64() == meeting);
  CHECK(f.count("SELECT count(*) FROM meeting") == 1);

  const auto answered = ask(f.as_bent, "meeting.rsvp",
                            {{"network_id", f.network}, {"meeting_id", meeting}, {"answer", "yes"}}, "meeting.updated");
  CHECK(answered.at("rsvps").as_array().size() == 1);
  CHECK(payload_of(*f.as_anne.read_type("meeting.updated")).at("rsvps").as_array()[0].as_object().at("answer") ==
        "yes");

  // The calendar file, for members only.
  const auto path = "/api/v1/networks/" + std::to_string(f.network) + "/meetings/" + std::to_string(meeting) + ".ics";
  const auto file = api_call(f.server.port(), f.bent_cookie, "GET", path);
  REQUIRE(file.status == 200);
  CHECK(file.headers.at("content-type").starts_with("text/calendar"));
  CHECK(file.headers.at("content-disposition").find("attachment") != std::string::npos);
  CHECK(file.body.starts_with("BEGIN:VCALENDAR\r\n"));
  CHECK(file.body.find("\r\nUID:meeting-" + std::to_string(meeting) + "@kreds\r\n") != std::string::npos);
  std::string dtstart = "DTSTART:";
  for (char ch : starts) {
    if (ch != '-' && ch != ':') dtstart += ch;
  }
  CHECK(file.body.find("\r\n" + dtstart + "\r\n") != std::string::npos);
  CHECK(file.body.find("LOCATION:Jobcenter Aarhus\\, lokale 2") != std::string::npos);
  CHECK(api_call(f.server.port(), f.outsider_cookie, "GET", path).status == 403);
  CHECK(api_call(f.server.port(), f.bent_cookie, "GET",
                 "/api/v1/networks/" + std::to_string(f.network) + "/meetings/999.ics")
            .status == 404);
  CHECK(http_request(f.server.port(), "GET", path).status == 401);

  // Attendance once it has started, by whoever scheduled it.
  CHECK(refused(f.as_anne, "meeting.attendance",
                {{"network_id", f.network}, {"meeting_id", meeting}, {"present", json::array{f.bent}}})
            .at("code") == "conflict");
  f.server.advance(std::chrono::hours(50));  // past its end, whatever the minute now
  CHECK(refused(f.as_bent, "meeting.attendance",
                {{"network_id", f.network}, {"meeting_id", meeting}, {"present", json::array{f.bent}}})
            .at("code") == "forbidden");
  CHECK(refused(f.as_anne, "meeting.attendance",
                {{"network_id", f.network}, {"meeting_id", meeting}, {"present", json::array{f.outsider}}})
            .at("field") == "present");
  const auto attended =
      ask(f.as_anne, "meeting.attendance",
          {{"network_id", f.network}, {"meeting_id", meeting}, {"present", json::array{f.bent}}}, "meeting.updated");
  REQUIRE(attended.at("attendance").as_array().size() == 2);
  CHECK(attended.at("attendance_recorded_by").at("id").as_int64() == f.anne);  // who recorded it, for everyone to see
  CHECK(f.count("SELECT count(*) FROM meeting_attendance WHERE present = 1") == 1);
  CHECK(refused(f.as_bent, "meeting.rsvp", {{"network_id", f.network}, {"meeting_id", meeting}, {"answer", "no"}})
            .at("code") == "conflict");

  // A later meeting is cancelled by the caseworker; the past one is listed as past.
  const auto later = kreds::to_iso(kreds::system_now() + std::chrono::hours(24 * 7));
  const auto second = ask(f.as_bent, "meeting.create",
                          {{"network_id", f.network},
                           {"client_id", "m2"},
                           {"starts_at", later},
                           {"duration_minutes", 60},
                           {"online_link", "https://meet.example.dk/kreds"},
                           {"template", "interview_practice"}},
                          "meeting.created")
                          .at("id")
                          .as_int64();
  CHECK(refused(f.as_anne, "meeting.cancel", {{"network_id", f.network}, {"meeting_id", second}}).at("code") ==
        "forbidden");
  CHECK_FALSE(
      ask(f.as_caseworker, "meeting.cancel", {{"network_id", f.network}, {"meeting_id", second}}, "meeting.updated")
          .at("cancelled_at")
          .is_null());
  const auto list = ask(f.as_anne, "meeting.list", {{"network_id", f.network}}, "meeting.list");
  CHECK(list.at("past").as_array().size() == 1);
  CHECK(list.at("upcoming").as_array().size() == 1);
  // The next meeting is due network.meeting_every_weeks (2) after the latest
  // one that was not cancelled.
  CHECK(list.at("cadence_weeks").as_int64() == 2);
  const auto held = kreds::parse_iso_time(std::string(list.at("past").as_array().at(0).at("starts_at").as_string()));
  REQUIRE(held);
  CHECK(list.at("next_due").as_string() == kreds::to_iso_date(kreds::day_of(*held) + std::chrono::days(14)));
  // (The clock moved two days: the morning's browser session has ended; log in again.)
  const auto cancelled_file =
      api_call(f.server.port(), login(f.server.port(), "anne@a.dk", "anne-password"), "GET",
               "/api/v1/networks/" + std::to_string(f.network) + "/meetings/" + std::to_string(second) + ".ics");
  INFO(cancelled_file.status << " " << cancelled_file.body);
  CHECK(cancelled_file.body.find("\r\nSTATUS:CANCELLED\r\n") != std::string::npos);
}

TEST_CASE("meetings: bad input is refused by field and stores nothing", "[integration][meetings]") {
  connected f;
  const auto future = kreds::to_iso(kreds::system_now() + std::chrono::hours(24));
  json::object good{{"network_id", f.network}, {"client_id", "m"},       {"starts_at", future},
                    {"duration_minutes", 60},  {"place", "Biblioteket"}, {"template", "goal_review"}};
  auto with = [&](const std::string& key, json::value value) {
    auto changed = good;
    changed[key] = std::move(value);
    return changed;
  };
  CHECK(refused(f.as_anne, "meeting.create", with("starts_at", "2020-01-01T10:00:00Z")).at("field") == "starts_at");
  CHECK(refused(f.as_anne, "meeting.create", with("starts_at", "i morgen kl. 10")).at("field") == "starts_at");
  CHECK(refused(f.as_anne, "meeting.create", with("starts_at", "2099-01-01T10:00:00Z")).at("field") == "starts_at");
  CHECK(refused(f.as_anne, "meeting.create", with("duration_minutes", 5)).at("field") == "duration_minutes");
  CHECK(refused(f.as_anne, "meeting.create", with("template", "party")).at("field") == "template");
  CHECK(refused(f.as_anne, "meeting.create", with("online_link", "javascript:alert(1)")).at("field") == "online_link");
  CHECK(refused(f.as_anne, "meeting.create", with("place", "")).at("field") == "place");
  CHECK(refused(f.as_anne, "meeting.create", with("agenda", json::string(std::string(2001, 'a')))).at("field") ==
        "agenda");
  CHECK(refused(f.as_outsider, "meeting.create", good).at("code") == "forbidden");
  CHECK(refused(f.as_foreign, "meeting.list", {{"network_id", f.network}}).at("code") == "forbidden");
  CHECK(refused(f.as_anne, "meeting.rsvp", {{"network_id", f.network}, {"meeting_id", 1}, {"answer", "yes"}})
            .at("code") == "not_found");
  CHECK(f.count("SELECT count(*) FROM meeting") == 0);
}

TEST_CASE("outcomes: a member who got a job leaves with congratulations and frees the seat",
          "[integration][outcomes]") {
  connected f;
  const auto today = kreds::to_iso_date(kreds::system_now());
  CHECK(refused(f.as_anne, "outcome.report",
                {{"network_id", f.network}, {"kind", "job"}, {"date", "1999-01-01"}, {"stay_as_mentor", false}})
            .at("field") == "date");
  CHECK(refused(f.as_anne, "outcome.report",
                {{"network_id", f.network}, {"kind", "lottery"}, {"date", today}, {"stay_as_mentor", false}})
            .at("field") == "kind");
  CHECK(
      refused(f.as_anne, "outcome.report", {{"network_id", f.network}, {"kind", "job"}, {"date", today}}).at("field") ==
      "stay_as_mentor");
  CHECK(refused(f.as_anne, "outcome.report",
                {{"network_id", f.network},
                 {"kind", "job"},
                 {"date", today},
                 {"hours_per_week", 80},
                 {"stay_as_mentor", false}})
            .at("field") == "hours_per_week");
  CHECK(refused(f.as_outsider, "outcome.report",
                {{"network_id", f.network}, {"kind", "job"}, {"date", today}, {"stay_as_mentor", false}})
            .at("code") == "forbidden");

  const auto own = ask(f.as_anne, "outcome.report",
                       {{"network_id", f.network},
                        {"kind", "job"},
                        {"date", today},
                        {"hours_per_week", 37},
                        {"sector", "Lager og logistik"},
                        {"note", "Fast stilling"},
                        {"stay_as_mentor", true}},
                       "outcome.reported");
  CHECK(own.at("hours_per_week").as_int64() == 37);
  const auto told = payload_of(*f.as_bent.read_type("outcome.added"));
  CHECK(told.at("display_name").as_string() == "Anne");
  CHECK_FALSE(told.contains("hours_per_week"));  // details are not the network's
  CHECK_FALSE(told.contains("note"));
  CHECK(refused(f.as_anne, "outcome.report",
                {{"network_id", f.network}, {"kind", "job"}, {"date", today}, {"stay_as_mentor", true}})
            .at("code") == "conflict");

  // Congratulations, once per person; not oneself.
  const auto outcome = told.at("id").as_int64();
  CHECK(ask(f.as_bent, "outcome.congratulate", {{"network_id", f.network}, {"outcome_id", outcome}},
            "outcome.congratulated")
            .at("display_name") == "Bent");
  CHECK(payload_of(*f.as_anne.read_type("outcome.congratulated")).at("account_id").as_int64() == f.bent);
  ask(f.as_bent, "outcome.congratulate", {{"network_id", f.network}, {"outcome_id", outcome}}, "outcome.congratulated");
  CHECK(nothing_of_type(f.as_anne, "outcome.congratulated"));
  CHECK(refused(f.as_anne, "outcome.congratulate", {{"network_id", f.network}, {"outcome_id", outcome}}).at("code") ==
        "conflict");
  CHECK(ask(f.as_anne, "outcome.list", {{"network_id", f.network}}, "outcome.list")
            .at("outcomes")
            .as_array()[0]
            .as_object()
            .at("congratulations")
            .as_array()
            .size() == 1);

  // As a mentor Anne stays in the network (and chat) but holds no seat.
  const auto mine = json::parse(api_call(f.server.port(), f.anne_cookie, "GET", "/api/v1/my-network").body);
  bool anne_alumnus = false;
  for (const auto& m : mine.at("network").at("members").as_array()) {
    if (m.at("account_id").as_int64() == f.anne) anne_alumnus = m.at("alumnus").as_bool();
  }
  CHECK(anne_alumnus);
  const auto networks = json::parse(api_call(f.server.port(), f.caseworker_cookie, "GET", "/api/v1/networks").body);
  const auto& listed = networks.at("networks").as_array()[0].as_object();
  CHECK(listed.at("members").as_int64() == 2);
  CHECK(listed.at("open_seats").as_int64() == 7);  // matching.max_size 8, one seated member
  // Who got a job waits for no network.
  const auto pool = json::parse(api_call(f.server.port(), f.caseworker_cookie, "GET", "/api/v1/pool").body);
  for (const auto& s : pool.at("waiting").as_array()) CHECK(s.at("id").as_int64() != f.anne);

  // Bent reports education and leaves: he is told, and the network no longer reaches him.
  ask(f.as_bent, "outcome.report",
      {{"network_id", f.network}, {"kind", "education"}, {"date", today}, {"stay_as_mentor", false}},
      "outcome.reported");
  CHECK(payload_of(*f.as_anne.read_type("member.left")).at("account_id").as_int64() == f.bent);
  CHECK(f.count("SELECT count(*) FROM network_member WHERE left_at IS NOT NULL AND left_reason = 'outcome'") == 1);
  REQUIRE(f.as_anne.send_text(f.post("after", "Tillykke Bent!")));
  REQUIRE(f.as_anne.read_type("chat.ack"));
  CHECK(nothing_of_type(f.as_bent, "chat.message"));
  CHECK(refused(f.as_bent, "chat.history", {{"network_id", f.network}}).at("code") == "forbidden");
}

TEST_CASE("help: a private request reaches the caseworker only, and the answer the member", "[integration][help]") {
  connected f;
  CHECK(refused(f.as_anne, "help.ask", {{"network_id", f.network}, {"client_id", "h1"}, {"text", "?"}}).at("field") ==
        "text");
  CHECK(refused(f.as_outsider, "help.ask", {{"network_id", f.network}, {"client_id", "h1"}, {"text", "Kan I hjælpe?"}})
            .at("code") == "forbidden");
  const auto asked = ask(
      f.as_anne, "help.ask",
      {{"network_id", f.network}, {"client_id", "h1"}, {"text", "Jeg har brug for hjælp til mit CV"}}, "help.asked");
  const auto request = asked.at("id").as_int64();
  CHECK(payload_of(*f.as_caseworker.read_type("help.requested")).at("id").as_int64() == request);
  CHECK(nothing_of_type(f.as_bent, "help.requested"));
  CHECK(ask(f.as_anne, "help.ask",
            {{"network_id", f.network}, {"client_id", "h1"}, {"text", "Jeg har brug for hjælp til mit CV"}},
            "help.asked")
            .at("id")
            .as_int64() == request);  // a retry
  CHECK(ask(f.as_bent, "help.list", {}, "help.list").at("requests").as_array().empty());
  CHECK(ask(f.as_caseworker, "help.list", {}, "help.list").at("requests").as_array().size() == 1);

  CHECK(refused(f.as_bent, "help.answer", {{"request_id", request}, {"text", "Nej"}}).at("code") == "not_found");
  const auto answered = ask(f.as_caseworker, "help.answer",
                            {{"request_id", request}, {"text", "Jeg ringer dig op i morgen"}}, "help.answered");
  CHECK(answered.at("answered_by").as_object().at("display_name").as_string() == "Test Person");
  CHECK(payload_of(*f.as_anne.read_type("help.answered")).at("answer").as_string() == "Jeg ringer dig op i morgen");
  CHECK(refused(f.as_caseworker, "help.answer", {{"request_id", request}, {"text", "Igen"}}).at("code") == "conflict");
}

TEST_CASE("leaving: the membership closes with its reason and the network stops reaching the leaver",
          "[integration][leaving]") {
  connected f;
  CHECK(refused(f.as_outsider, "network.leave", {{"network_id", f.network}}).at("code") == "forbidden");
  CHECK(refused(f.as_caseworker, "network.leave", {{"network_id", f.network}}).at("code") == "forbidden");
  CHECK(
      refused(f.as_bent, "network.leave", {{"network_id", f.network}, {"reason", std::string(501, 'x')}}).at("field") ==
      "reason");
  CHECK(ask(f.as_bent, "network.leave", {{"network_id", f.network}, {"reason", "Flytter til Odense"}}, "network.left")
            .at("network_id") == f.network);
  CHECK(payload_of(*f.as_anne.read_type("member.left")).at("display_name").as_string() == "Bent");
  CHECK(
      f.count("SELECT count(*) FROM network_member WHERE left_reason = 'Flytter til Odense' AND left_at IS NOT NULL") ==
      1);
  REQUIRE(f.as_anne.send_text(f.post("p1", "Held og lykke!")));
  REQUIRE(f.as_anne.read_type("chat.ack"));
  CHECK(nothing_of_type(f.as_bent, "chat.message"));
  CHECK(refused(f.as_bent, "chat.post", {{"network_id", f.network}, {"client_id", "p2"}, {"body", "Hej"}}).at("code") ==
        "forbidden");
  CHECK(refused(f.as_bent, "network.leave", {{"network_id", f.network}}).at("code") == "forbidden");
}

TEST_CASE("unread and digest: counts follow the read mark, and the digest counts since the last visit",
          "[integration][visits]") {
  connected f;
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(f.as_bent.send_text(f.post("b" + std::to_string(i), "Besked " + std::to_string(i))));
    REQUIRE(f.as_bent.read_type("chat.ack"));
  }
  REQUIRE(f.as_anne.send_text(f.post("a1", "Min egen")));
  REQUIRE(f.as_anne.read_type("chat.ack"));
  auto unread_of = [&](ws_client& client) {
    const auto state = ask(client, "network.unread", {}, "network.unread");  // keep it alive for the loop
    for (const auto& n : state.at("networks").as_array()) {
      if (n.at("network_id").as_int64() == f.network) return n.at("unread").as_int64();
    }
    return std::int64_t{-1};
  };
  CHECK(unread_of(f.as_anne) == 3);  // her own message is not unread
  CHECK(ask(f.as_anne, "chat.read", {{"network_id", f.network}, {"seq", 2}}, "chat.read").at("unread").as_int64() == 1);
  CHECK(ask(f.as_anne, "chat.read", {{"network_id", f.network}, {"seq", 1}}, "chat.read").at("seq").as_int64() ==
        2);  // never back
  CHECK(ask(f.as_anne, "chat.read", {{"network_id", f.network}, {"seq", 999}}, "chat.read").at("seq").as_int64() ==
        4);  // not past the end
  CHECK(unread_of(f.as_anne) == 0);
  CHECK(refused(f.as_outsider, "chat.read", {{"network_id", f.network}, {"seq", 1}}).at("code") == "forbidden");

  const auto first = ask(f.as_anne, "network.digest", {{"network_id", f.network}}, "network.digest");
  CHECK(first.at("since").is_null());
  CHECK(first.at("messages").as_int64() == 3);
  f.server.advance(std::chrono::seconds(2));
  REQUIRE(f.as_bent.send_text(
      frame("lead.share", {{"network_id", f.network}, {"client_id", "l1"}, {"title", "Pakkeriet søger folk"}})));
  REQUIRE(f.as_bent.read_type("lead.shared"));
  ask(f.as_bent, "outcome.report",
      {{"network_id", f.network},
       {"kind", "job"},
       {"date", kreds::to_iso_date(kreds::system_now())},
       {"stay_as_mentor", true}},
      "outcome.reported");
  f.server.advance(std::chrono::seconds(2));
  const auto second = ask(f.as_anne, "network.digest", {{"network_id", f.network}}, "network.digest");
  CHECK_FALSE(second.at("since").is_null());
  CHECK(second.at("messages").as_int64() == 0);
  CHECK(second.at("leads").as_int64() == 1);
  REQUIRE(second.at("outcomes").as_array().size() == 1);
  CHECK(second.at("outcomes").as_array()[0].as_object().at("display_name").as_string() == "Bent");
}

namespace {

// `n` meetings of the network written straight into the database (as an older database may hold them), starting
// in two days, an hour apart, each with an agenda of `agenda_characters`.
void plan_directly(connected& f, int n, std::size_t agenda_characters) {
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE, 5000);
  const auto start = std::chrono::floor<std::chrono::hours>(kreds::system_now()) + std::chrono::hours(48);
  for (int i = 0; i < n; ++i) {
    SQLite::Statement insert(
        db,
        "INSERT INTO meeting (network_id, municipality_id, created_by, client_id, template, "
        "starts_at, duration_minutes, place, online_link, agenda, created_at) SELECT id, "
        "municipality_id, ?, ?, 'lead_round', ?, 60, 'Jobcentret', '', ?, ? FROM network WHERE id = ?");
    insert.bind(1, f.anne);
    insert.bind(2, "direct-" + std::to_string(i));
    insert.bind(3, kreds::to_iso(start + std::chrono::hours(i)));
    insert.bind(4, std::string(agenda_characters, 'a'));
    insert.bind(5, kreds::to_iso(kreds::system_now()));
    insert.bind(6, f.network);
    insert.exec();
  }
}

}  // namespace

TEST_CASE("meetings: a network plans at most meetings_ahead meetings, and the list stays bounded for every member",
          "[integration][meetings]") {
  connected f({"limits.meetings_ahead=5"});
  const auto start = std::chrono::floor<std::chrono::hours>(kreds::system_now()) + std::chrono::hours(24);
  auto create = [&](int i) {
    return json::object{{"network_id", f.network},
                        {"client_id", "m" + std::to_string(i)},
                        {"starts_at", kreds::to_iso(start + std::chrono::hours(i))},
                        {"duration_minutes", 60},
                        {"place", "Jobcentret"},
                        {"template", "lead_round"}};
  };
  for (int i = 0; i < 5; ++i) ask(f.as_anne, "meeting.create", create(i), "meeting.created");
  const auto full = refused(f.as_anne, "meeting.create", create(5));
  CHECK(full.at("code") == "conflict");
  CHECK(full.at("field") == "network_id");
  CHECK(f.count("SELECT count(*) FROM meeting") == 5);
  // Even with many more in the database, the list holds the soonest five and every member stays connected.
  plan_directly(f, 40, 2000);
  const auto list = ask(f.as_bent, "meeting.list", {{"network_id", f.network}}, "meeting.list");
  const auto& upcoming = list.at("upcoming").as_array();
  REQUIRE(upcoming.size() == 5);
  CHECK(upcoming.at(0).at("starts_at").as_string() == kreds::to_iso(start));
  CHECK(nothing_of_type(f.as_bent, "error"));
}

TEST_CASE(
    "websocket: a reply larger than half the send queue is refused with payload_too_large, and the socket "
    "stays open",
    "[integration][meetings]") {
  connected f({"limits.ws_queue_bytes=16384"});
  plan_directly(f, 30, 2000);  // some 70 KB of meetings: more than the 8 KB a reply may take here
  const auto too_large = refused(f.as_bent, "meeting.list", {{"network_id", f.network}});
  CHECK(too_large.at("code") == "payload_too_large");
  CHECK(too_large.at("message").as_string().find("meeting.list") != std::string::npos);
  // Still connected, and small answers still come.
  ask(f.as_bent, "buddy.current", {{"network_id", f.network}}, "buddy.pairing");
  CHECK(nothing_of_type(f.as_anne, "error"));
}

TEST_CASE("leads: the board comes a page at a time, newest first, and every lead is reached by asking for older",
          "[integration][leads]") {
  connected f;
  {
    SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE, 5000);
    for (int i = 0; i < 250; ++i) {
      db.exec(
          "INSERT INTO job_lead (network_id, municipality_id, shared_by, client_id, title, note, created_at) "
          "SELECT id, municipality_id, " +
          std::to_string(f.anne) + ", 'l" + std::to_string(i) + "', 'Lead " + std::to_string(i) + "', '" +
          std::string(900, 'n') + "', '2026-12-01T10:00:00Z' FROM network WHERE id = " + std::to_string(f.network));
    }
  }
  std::set<std::int64_t> seen;
  std::int64_t before = 0;
  std::vector<std::size_t> pages;
  for (bool older = true; older;) {
    json::object payload{{"network_id", f.network}};
    if (before > 0) payload["before"] = before;
    const auto page = ask(f.as_bent, "lead.list", payload, "lead.board");
    const auto& leads = page.at("leads").as_array();
    pages.push_back(leads.size());
    for (const auto& lead : leads) {
      const auto id = lead.at("id").as_int64();
      CHECK((before == 0 || id < before));  // newest first, each page older than the last
      CHECK(seen.insert(id).second);
    }
    before = leads.back().at("id").as_int64();
    older = page.at("older").as_bool();
    CHECK(page.at("credit").as_array().at(0).at("shared").as_int64() == 250);  // credit counts every lead
    REQUIRE(pages.size() < 10);
  }
  CHECK(pages == std::vector<std::size_t>{100, 100, 50});
  CHECK(seen.size() == 250);
  CHECK(refused(f.as_bent, "lead.list", {{"network_id", f.network}, {"before", "old"}}).at("field") == "before");
}
