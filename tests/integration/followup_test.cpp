// Differentiated effort against the real server: triage with and without
// an override, drift signals raising alerts exactly once, the inbox's
// acknowledge / snooze / resolve, moving a member to individual effort,
// hiding a reported message, and the staff-time report.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <map>
#include <set>
#include <thread>

#include "features/followup/alerts.hpp"
#include "support/clients.hpp"
#include "support/network_fixture.hpp"

using namespace kreds::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// The network fixture with profiles for its seekers and the caseworker logged in.
struct followup : network_fixture {
  std::string caseworker;

  explicit followup(std::vector<std::string> overrides = {}) : network_fixture(std::move(overrides)) {
    SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE);
    for (auto [id, since, education, group] :
         {std::tuple{anne, "2026-05-04", 2, "insured_unemployed"},
          std::tuple{bent, "2026-10-05", 6, "insured_unemployed"}, std::tuple{outsider, "2026-09-01", 4, "young"}}) {
      db.exec(
          "INSERT INTO profile (account_id, municipality_id, postcode, availability, meeting_preference, target_group, "
          "unemployed_since, education_level, updated_at) SELECT id, municipality_id, '8000', 7, 'both', '" +
          std::string(group) + "', '" + since + "', " + std::to_string(education) +
          ", '2026-01-01T00:00:00Z' FROM account WHERE id = " + std::to_string(id));
    }
    caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  }

  // Runs the signal evaluation now, as the scheduled job does; how many alerts it raised.
  std::size_t evaluate_signals() { return kreds::features::evaluate_signals_now(server.context()).get(); }

  json::value call(const std::string& cookie, const std::string& method, const std::string& target,
                   const std::string& body = {}, int expected = 200) {
    auto reply = api_call(server.port(), cookie, method, target, body);
    INFO(method << " " << target << " " << body << " -> " << reply.status << " " << reply.body);
    REQUIRE(reply.status == expected);
    return reply.body.empty() ? json::value() : json::parse(reply.body);
  }

  std::int64_t count(const std::string& sql) {
    SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }

  std::string triage_path(std::int64_t seeker) { return "/api/v1/seekers/" + std::to_string(seeker) + "/triage"; }
};

const std::string all_answers =
    R"({"expects_job_soon":"no","confident_applying":"no","wants_network":"yes","wants_caseworker_contact":"yes",)"
    R"("limits_on_work":"no","limits_on_hours":"no","wants_help_cv":"yes","wants_help_interview":"no",)"
    R"("wants_help_direction":"no","knows_people_in_field":"yes"})";

}  // namespace

TEST_CASE("triage: the seeker's answers, the suggestion, an override with its reason, all shown to the seeker",
          "[integration][triage]") {
  followup f;
  // The self-assessment: every question, known answers only.
  f.call(f.anne_cookie, "PUT", "/api/v1/me/assessment", R"({"answers":{"expects_job_soon":"no"}})", 400);
  f.call(f.anne_cookie, "PUT", "/api/v1/me/assessment",
         R"({"answers":)" + std::string(all_answers).replace(all_answers.find("\"no\""), 4, "\"maybe\"") + "}", 400);
  f.call(f.anne_cookie, "PUT", "/api/v1/me/assessment", R"({"answers":)" + all_answers + R"(,"wish":"nowhere"})", 400);
  CHECK(f.count("SELECT count(*) FROM self_assessment") == 0);
  f.call(f.anne_cookie, "PUT", "/api/v1/me/assessment", R"({"answers":)" + all_answers + R"(,"wish":"network"})");

  // The caseworker's audited view: facts, answers, score and factors, wish.
  f.call(f.caseworker, "GET", f.triage_path(f.anne), {}, 400);  // no purpose
  const auto view = f.call(f.caseworker, "GET", f.triage_path(f.anne) + "?purpose=visitation").as_object();
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'read_triage' AND subject_id = " +
                std::to_string(f.anne)) == 1);
  CHECK(view.at("wish").as_string() == "network");
  CHECK(view.at("assessment").at("answers").at("expects_job_soon").as_string() == "no");
  const std::string suggested(view.at("suggested_track").as_string());
  CHECK(suggested == "individual");  // 29 weeks, low education, expects no job, not confident, wants contact
  bool has_weeks = false;
  for (const auto& factor : view.at("factors").as_array()) {  // view is a local
    if (factor.at("factor") == "unemployment_weeks") has_weeks = factor.at("text").as_string().starts_with("Ledig i ");
  }
  CHECK(has_weeks);

  // Deciding otherwise than suggested needs a reason, and nothing is stored without one.
  const auto refused = f.call(f.caseworker, "POST", f.triage_path(f.anne), R"({"track":"network"})", 400);
  CHECK(refused.at("error").at("field").as_string() == "reason");
  f.call(f.caseworker, "POST", f.triage_path(f.anne), R"({"track":"nowhere","reason":"abc"})", 400);
  CHECK(f.count("SELECT count(*) FROM track_decision") == 0);
  const auto decided =
      f.call(f.caseworker, "POST", f.triage_path(f.anne),
             R"({"track":"network","reason":"Ønsker selv netværk og har et godt netværk i branchen"})", 201);
  CHECK(decided.at("overridden") == true);
  CHECK(decided.at("suggested_track").as_string() == "individual");
  // Following the suggestion needs no reason.
  CHECK(f.call(f.caseworker, "POST", f.triage_path(f.bent), R"({"track":"network"})", 201).at("overridden") == false);

  // The seeker sees the decision, the suggestion, the factors and the reason.
  const auto mine = f.call(f.anne_cookie, "GET", "/api/v1/me/track").as_object();
  CHECK(mine.at("track").at("track").as_string() == "network");
  CHECK(mine.at("track").at("reason").as_string().starts_with("Ønsker selv"));
  CHECK(mine.at("track").at("wish").as_string() == "network");
  CHECK(mine.at("track").at("factors").as_array().size() == 9);
  CHECK(mine.at("history").as_array().size() == 1);
  // Seekers cannot triage, other municipalities cannot see.
  f.call(f.bent_cookie, "POST", f.triage_path(f.anne), R"({"track":"individual","reason":"abc"})", 403);
  CHECK(f.count("SELECT count(*) FROM track_decision WHERE decided_by = " + std::to_string(f.anne)) == 0);
  const auto other = login(f.server.port(), "cw@b.dk", "pw-cw-b-123");
  f.call(other, "GET", f.triage_path(f.anne) + "?purpose=curious", {}, 404);
}

TEST_CASE("signals: an inactive member raises exactly one alert - acknowledge, snooze, resolve",
          "[integration][signals]") {
  followup f;
  // Anne and Bent joined in January and have done nothing since: both inactive.
  f.evaluate_signals();
  const auto alerts = f.call(f.caseworker, "GET", "/api/v1/alerts").at("alerts").as_array();
  REQUIRE(alerts.size() >= 2);
  CHECK(f.evaluate_signals() == 0);  // two more evaluations raise nothing new
  CHECK(f.evaluate_signals() == 0);
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'inactive' AND account_id = " + std::to_string(f.anne)) == 1);
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'inactive' AND network_id = " + std::to_string(f.network)) ==
        2);
  // Anne is also past 40 weeks? No: unemployed since May. Bent neither.
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'approaching_long_term'") == 0);

  std::int64_t id = 0;
  const auto inbox = f.call(f.caseworker, "GET", "/api/v1/alerts");  // alive for the loop
  for (const auto& a : inbox.at("alerts").as_array()) {
    if (a.at("kind") == "inactive" && a.at("seeker").at("id").as_int64() == f.anne) {
      id = a.at("id").as_int64();
      CHECK(a.at("suggested_action").as_string() == "contact");
      CHECK(a.at("text").as_string().starts_with("Ingen aktivitet i netværket i "));
      CHECK(a.at("facts").at("days").as_int64() > 14);
    }
  }
  REQUIRE(id > 0);
  const auto path = "/api/v1/alerts/" + std::to_string(id);
  CHECK(f.call(f.caseworker, "POST", path + "/acknowledge").at("status").as_string() == "acknowledged");
  f.call(f.caseworker, "POST", path + "/snooze", R"({"days":0})", 400);
  CHECK(f.call(f.caseworker, "POST", path + "/snooze", R"({"days":2})").at("status").as_string() == "snoozed");
  auto open_ids = [&] {
    std::set<std::int64_t> ids;
    const auto listed = f.call(f.caseworker, "GET", "/api/v1/alerts");
    for (const auto& a : listed.at("alerts").as_array()) ids.insert(a.at("id").as_int64());
    return ids;
  };
  CHECK_FALSE(open_ids().contains(id));
  f.server.advance(std::chrono::hours(49));  // the snooze has passed: open again
  f.caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  CHECK(open_ids().contains(id));
  f.call(f.caseworker, "POST", path + "/resolve", R"({"note":""})", 400);
  CHECK(f.call(f.caseworker, "POST", path + "/resolve", R"({"note":"Ringet op; starter på deltid i næste uge"})")
            .at("status")
            .as_string() == "resolved");
  f.call(f.caseworker, "POST", path + "/resolve", R"({"note":"Igen igen"})", 409);
  CHECK_FALSE(open_ids().contains(id));
  CHECK(f.count("SELECT count(*) FROM staff_time WHERE action = 'alert'") == 1);
  // Another caseworker's inbox does not have it, and cannot touch it.
  const auto other = login(f.server.port(), "cw@b.dk", "pw-cw-b-123");
  f.call(other, "POST", path + "/acknowledge", {}, 404);
  // Resolved is resolved: further evaluation raises nothing new for the same condition.
  CHECK(f.evaluate_signals() == 0);
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'inactive' AND account_id = " + std::to_string(f.anne)) == 1);
}

TEST_CASE("portfolio: moving a member to individual effort closes the seat, the chat and records the track",
          "[integration][portfolio]") {
  followup f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));  // subscribed to the network
  REQUIRE(bent.read_type("welcome"));
  const auto net = std::to_string(f.network);
  const auto health = f.call(f.caseworker, "GET", "/api/v1/portfolio").at("networks").as_array();
  REQUIRE(health.size() == 1);
  CHECK(health[0].at("members").as_int64() == 2);
  CHECK(health[0].at("activity_7d").as_int64() == 0);
  const auto seats_before = health[0].at("open_seats").as_int64();

  const auto detail = f.call(f.caseworker, "GET", "/api/v1/portfolio/networks/" + net).as_object();
  CHECK(detail.at("members").as_array().size() == 2);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'read_network_member'") == 2);
  f.call(f.bent_cookie, "GET", "/api/v1/portfolio", {}, 403);

  const auto move = "/api/v1/networks/" + net + "/members/" + std::to_string(f.anne) + "/move";
  f.call(f.caseworker, "POST", move, R"({"to":"individual"})", 400);  // no reason
  f.call(f.caseworker, "POST", move, R"({"to":"elsewhere","reason":"Har brug for mere"})", 400);
  f.call(f.caseworker, "POST", move, R"({"to":)" + net + R"(,"reason":"Samme netværk"})", 400);
  CHECK(f.count("SELECT count(*) FROM network_member WHERE left_at IS NOT NULL") == 0);
  const auto moved =
      f.call(f.caseworker, "POST", move, R"({"to":"individual","reason":"Har brug for tættere opfølgning"})");
  CHECK(moved.at("to").as_string() == "individual");

  // Bent is told; Anne's socket no longer gets the network's chat, and she cannot post.
  CHECK(payload_of(*bent.read_type("member.left")).at("account_id").as_int64() == f.anne);
  REQUIRE(bent.send_text(f.post("b1", "Hej alle")));
  REQUIRE(bent.read_type("chat.ack"));
  REQUIRE(anne.send_text(f.post("a1", "Er jeg her stadig?")));
  // Bent's message was published before Anne's post: had it reached her, it would come first.
  auto reply = anne.read();
  while (reply && message_type(*reply) != "error") {
    CHECK(message_type(*reply) != "chat.message");
    reply = anne.read();
  }
  REQUIRE(reply);
  CHECK(message_type(*reply) == "error");
  CHECK(reply->find("forbidden") != std::string::npos);
  CHECK(f.call(f.caseworker, "GET", "/api/v1/portfolio").at("networks").as_array()[0].at("open_seats").as_int64() ==
        seats_before + 1);
  // Her track is now individual, with the reason; she waits for no network.
  const auto track = f.call(f.anne_cookie, "GET", "/api/v1/me/track").at("track").as_object();
  CHECK(track.at("track").as_string() == "individual");
  CHECK(track.at("reason").as_string() == "Har brug for tættere opfølgning");
  const auto pool = f.call(f.caseworker, "GET", "/api/v1/pool");
  for (const auto& s : pool.at("waiting").as_array()) CHECK(s.at("seeker_id").as_int64() != f.anne);
  CHECK(f.count("SELECT count(*) FROM staff_time WHERE action = 'move'") == 1);
}

TEST_CASE("moderation: a reported message is hidden with a reason - members see the tombstone",
          "[integration][portfolio]") {
  followup f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));  // subscribed to the network
  REQUIRE(bent.read_type("welcome"));
  REQUIRE(bent.send_text(f.post("b1", "Noget grimt")));
  const auto seq = payload_of(*bent.read_type("chat.ack")).at("seq").as_int64();
  REQUIRE(anne.send_text(json::serialize(json::object{
      {"type", "chat.report"}, {"payload", {{"network_id", f.network}, {"seq", seq}, {"reason", "Krænkende"}}}})));
  REQUIRE(anne.read_type("chat.report_received"));
  const auto net = std::to_string(f.network);
  const auto reports = f.call(f.caseworker, "GET", "/api/v1/portfolio/networks/" + net).at("reports").as_array();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].at("body").as_string() == "Noget grimt");
  const auto hide = "/api/v1/networks/" + net + "/messages/" + std::to_string(seq) + "/hide";
  f.call(f.caseworker, "POST", hide, R"({"reason":"x"})", 400);
  f.call(f.bent_cookie, "POST", hide, R"({"reason":"Jeg fortryder"})", 403);
  f.call(f.caseworker, "POST", hide, R"({"reason":"Strider mod netværkets aftaler"})");
  const auto tombstone = payload_of(*anne.read_type("chat.updated"));
  CHECK(tombstone.at("deleted") == true);
  CHECK(tombstone.at("body").as_string().empty());
  CHECK(f.count("SELECT count(*) FROM chat_message WHERE body = 'Noget grimt'") == 0);
  CHECK(f.count("SELECT count(*) FROM chat_report WHERE handled_at IS NOT NULL") == 1);
  CHECK(f.call(f.caseworker, "GET", "/api/v1/portfolio/networks/" + net).at("reports").as_array().empty());
}

TEST_CASE("staff time: actions and manual entries add up per seeker and track", "[integration][staff_time]") {
  followup f;
  f.call(f.caseworker, "POST", f.triage_path(f.anne), R"({"track":"individual","reason":"Ønsker tæt kontakt"})", 201);
  f.call(f.caseworker, "POST", f.triage_path(f.bent), R"({"track":"network"})", 201);
  const auto today = kreds::to_iso_date(kreds::system_now());
  f.call(f.caseworker, "POST", "/api/v1/time", R"({"minutes":0,"date":")" + today + "\"}", 400);
  f.call(f.caseworker, "POST", "/api/v1/time", R"({"minutes":30,"date":"2099-01-01"})", 400);
  f.call(f.caseworker, "POST", "/api/v1/time", R"({"minutes":30,"date":")" + today + R"(","seeker_id":999})", 400);
  f.call(f.caseworker, "POST", "/api/v1/time",
         R"({"minutes":40,"date":")" + today + R"(","seeker_id":)" + std::to_string(f.anne) + R"(,"note":"Samtale"})",
         201);
  const auto report = f.call(f.caseworker, "GET", "/api/v1/time-report?month=" + today.substr(0, 7)).as_object();
  std::map<std::string, json::object> rows;
  for (const auto& r : report.at("rows").as_array()) rows[std::string(r.at("track").as_string())] = r.as_object();
  CHECK(rows.at("individual").at("seekers").as_int64() == 1);
  CHECK(rows.at("individual").at("minutes").to_number<double>() == 60);  // 20 triage + 40 manual
  CHECK(rows.at("individual").at("minutes_per_seeker").to_number<double>() == 60);
  CHECK(rows.at("network").at("minutes").to_number<double>() == 20);
  CHECK(rows.at("untriaged").at("seekers").as_int64() == 1);  // the outsider
  CHECK(report.at("mine").at("minutes").as_int64() == 80);
  f.call(f.caseworker, "GET", "/api/v1/time-report?month=2026-13", {}, 400);
  f.call(f.anne_cookie, "GET", "/api/v1/time-report", {}, 403);
}

TEST_CASE("signals: the thresholds come from config", "[integration][signals]") {
  // Anne (unemployed since May) passes a 20-week warning, Bent (since October) does not;
  // with a year's grace nobody is inactive yet.
  followup f{{"signals.long_term_warning_weeks=20", "signals.inactive_days=365"}};
  f.evaluate_signals();
  CHECK(f.evaluate_signals() == 0);  // another evaluation raises nothing new
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'approaching_long_term' AND account_id = " +
                std::to_string(f.anne)) == 1);
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'approaching_long_term' AND account_id = " +
                std::to_string(f.bent)) == 0);
  CHECK(f.count("SELECT count(*) FROM alert WHERE kind = 'inactive'") == 0);
  const auto inbox = f.call(f.caseworker, "GET", "/api/v1/alerts");
  REQUIRE(inbox.at("alerts").as_array().size() == 1);
  const auto& alert = inbox.at("alerts").as_array()[0];
  CHECK(alert.at("suggested_action").as_string() == "contact");  // not triaged to a network track yet
  CHECK(alert.at("facts").at("weeks").as_int64() >= 20);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'read_alerts' AND subject_id = " +
                std::to_string(f.anne)) == 1);
  f.call(f.caseworker, "GET", "/api/v1/alerts");  // every read is logged, the same day too
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'read_alerts' AND subject_id = " +
                std::to_string(f.anne)) == 2);
  f.call(f.caseworker, "GET", "/api/v1/alerts?status=everything", {}, 400);
}
