#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "support/clients.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;
using kreds::platform::role;
namespace json = boost::json;

namespace {

json::object parse(const http_result& response) {
  boost::system::error_code ec;
  auto value = json::parse(response.body, ec);
  INFO(response.body);
  REQUIRE_FALSE(ec);
  REQUIRE(value.is_object());
  return value.as_object();
}

std::string error_field(const http_result& response) {
  auto body = parse(response);
  const auto& error = body.at("error").as_object();
  return error.contains("field") ? std::string(error.at("field").as_string()) : std::string();
}

// A profile that passes validation; tests break one field at a time.
json::object valid_profile() {
  return {
      {"goals", json::array{json::object{{"kind", "occupation"},
                                         {"occupation_id", "occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"},
                                         {"isco_code", "2512"}},
                            json::object{{"kind", "education"}}}},
      {"skills", json::array{}},
      {"languages",
       json::array{json::object{{"code", "da"}, {"level", "native"}}, json::object{{"code", "en"}, {"level", "good"}}}},
      {"postcode", "8000"},
      {"availability", json::array{"mon_morning", "thu_evening"}},
      {"meeting_preference", "both"},
      {"target_group", "insured_unemployed"},
      {"unemployed_since", "2026-05-01"},
      {"education_level", 6},
      {"introduction", "Jeg er <b>datalog</b> & søger job."},
  };
}

struct municipality_fixture {
  test_server server;
  std::string caseworker_a, seeker_a, seeker_a2, caseworker_b, admin_a;
  std::int64_t seeker_a_id = 0, seeker_b_id = 0;

  municipality_fixture() {
    server.add_account("751", role::admin, "admin@a.dk", "admin-password-1");
    server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
    seeker_a_id = server.add_account("751", role::seeker, "s1@a.dk", "seeker-password-1", "Anne A");
    server.add_account("751", role::seeker, "s2@a.dk", "seeker-password-2", "Bent A");
    server.add_account("461", role::caseworker, "cw@b.dk", "caseworker-pw-2");
    seeker_b_id = server.add_account("461", role::seeker, "s1@b.dk", "seeker-password-3", "Carla B");
    admin_a = login(server.port(), "admin@a.dk", "admin-password-1");
    caseworker_a = login(server.port(), "cw@a.dk", "caseworker-pw-1");
    seeker_a = login(server.port(), "s1@a.dk", "seeker-password-1");
    seeker_a2 = login(server.port(), "s2@a.dk", "seeker-password-2");
    caseworker_b = login(server.port(), "cw@b.dk", "caseworker-pw-2");
    REQUIRE_FALSE(caseworker_a.empty());
    REQUIRE_FALSE(caseworker_b.empty());
    REQUIRE_FALSE(seeker_a.empty());
  }
};

}  // namespace

TEST_CASE("accounts: invitation, consent, login and profile edit work end to end", "[integration][accounts]") {
  test_server server;
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  REQUIRE_FALSE(caseworker.empty());

  auto invited = api_call(server.port(), caseworker, "POST", "/api/v1/invitations",
                          R"({"email":"Ny.Person@Example.dk","display_name":"Ny Person","role":"seeker"})");
  REQUIRE(invited.status == 201);
  const std::string code(parse(invited).at("code").as_string());

  auto shown = api_call(server.port(), {}, "GET", "/api/v1/invitations/" + code);
  REQUIRE(shown.status == 200);
  auto invitation = parse(shown);
  CHECK(invitation.at("email").as_string() == "ny.person@example.dk");
  const std::string version(invitation.at("consent").as_object().at("version").as_string());
  CHECK(invitation.at("consent").as_object().at("paragraphs").as_object().at("da").as_array().size() >= 3);

  auto weak = api_call(server.port(), {}, "POST", "/api/v1/invitations/" + code + "/accept",
                       R"({"password":"short","consent_version":")" + version + "\"}");
  CHECK(weak.status == 400);
  CHECK(error_field(weak) == "password");
  auto no_consent = api_call(server.port(), {}, "POST", "/api/v1/invitations/" + code + "/accept",
                             R"({"password":"a-good-password"})");
  CHECK(no_consent.status == 400);
  CHECK(error_field(no_consent) == "consent_version");

  auto accepted = api_call(server.port(), {}, "POST", "/api/v1/invitations/" + code + "/accept",
                           R"({"password":"a-good-password","consent_version":")" + version + "\"}");
  REQUIRE(accepted.status == 200);
  CHECK_THAT(accepted.headers.at("set-cookie"), Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
  CHECK(parse(accepted).at("account").as_object().at("consent").as_object().at("version").as_string() == version);
  CHECK(api_call(server.port(), {}, "GET", "/api/v1/invitations/" + code).status == 404);  // used up

  const auto seeker = login(server.port(), "ny.person@example.dk", "a-good-password");
  REQUIRE_FALSE(seeker.empty());
  auto empty = api_call(server.port(), seeker, "GET", "/api/v1/profile");
  REQUIRE(empty.status == 200);
  CHECK(parse(empty).at("goals").as_array().empty());

  auto saved = api_call(server.port(), seeker, "PUT", "/api/v1/profile?lang=en", json::serialize(valid_profile()));
  INFO(saved.body);
  REQUIRE(saved.status == 200);
  auto reread = parse(api_call(server.port(), seeker, "GET", "/api/v1/profile?lang=en"));
  CHECK(reread.at("goals").as_array()[0].as_object().at("label").as_string() == "software developer");
  CHECK(reread.at("introduction").as_string() == "Jeg er <b>datalog</b> & søger job.");
  CHECK(reread.at("availability").as_array().size() == 2);
}

TEST_CASE("accounts: every bad profile field is refused by name and nothing is stored", "[integration][accounts]") {
  test_server server;
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  struct breakage {
    std::string field;
    std::string value;  // JSON text
    std::string expected_field;
  };
  const std::string developer = R"("occupation_id":"occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1")";
  const std::vector<breakage> cases = {
      {"goals", "[]", "goals"},
      {"goals", R"([{"kind":"occupation","occupation_id":"occupation/nope","isco_code":"2512"}])",
       "goals[0].occupation_id"},
      {"goals", R"([{"kind":"occupation",)" + developer + R"(,"isco_code":"9999"}])", "goals[0].isco_code"},
      {"goals", R"([{"kind":"astronaut"}])", "goals[0].kind"},
      {"goals", R"([{"kind":"education"},{"kind":"education"}])", "goals[1]"},
      {"goals",
       R"([{"kind":"education"},{"kind":"own_business"},{"kind":"occupation",)" + developer +
           R"(,"isco_code":"2512"},{"kind":"occupation"}])",
       "goals"},
      {"skills", R"([{"id":"skill/unknown"}])", "skills[0].id"},
      {"languages", R"([{"code":"xx","level":"good"}])", "languages[0].code"},
      {"languages", R"([{"code":"da","level":"perfect"}])", "languages[0].level"},
      {"postcode", R"("12345")", "postcode"},
      {"postcode", R"("0100")", "postcode"},
      {"postcode", "8000", "postcode"},
      {"availability", R"(["mon_night"])", "availability[0]"},
      {"availability", R"(["mon_morning","mon_morning"])", "availability[1]"},
      {"meeting_preference", R"("telepathy")", "meeting_preference"},
      {"target_group", R"("everyone")", "target_group"},
      {"unemployed_since", R"("2026-02-30")", "unemployed_since"},
      {"unemployed_since", R"("2999-01-01")", "unemployed_since"},
      {"education_level", "9", "education_level"},
      {"education_level", R"("high")", "education_level"},
      {"introduction", "\"" + std::string(501, 'x') + "\"", "introduction"},
      {"shoe_size", "44", "shoe_size"},
  };
  for (const auto& c : cases) {
    auto body = valid_profile();
    body[c.field] = json::parse(c.value);
    auto response = api_call(server.port(), seeker, "PUT", "/api/v1/profile", json::serialize(body));
    INFO(c.field << " = " << c.value << " -> " << response.body);
    CHECK(response.status == 400);
    CHECK(error_field(response) == c.expected_field);
  }
  CHECK(api_call(server.port(), seeker, "PUT", "/api/v1/profile", "{not json").status == 400);
  CHECK(parse(api_call(server.port(), seeker, "GET", "/api/v1/profile")).at("postcode").is_null());
}

TEST_CASE("accounts: a seeker cannot read another seeker or do a caseworker's work", "[integration][accounts]") {
  municipality_fixture f;
  const auto other = std::to_string(f.seeker_a_id + 1);
  CHECK(api_call(f.server.port(), f.seeker_a2, "GET",
                 "/api/v1/seekers/" + std::to_string(f.seeker_a_id) + "/profile?purpose=curious")
            .status == 403);
  CHECK(api_call(f.server.port(), f.seeker_a, "GET", "/api/v1/seekers").status == 403);
  CHECK(api_call(f.server.port(), f.seeker_a, "POST", "/api/v1/invitations",
                 R"({"email":"x@y.dk","display_name":"X","role":"seeker"})")
            .status == 403);
  CHECK(api_call(f.server.port(), f.caseworker_a, "GET", "/api/v1/profile").status == 403);
  CHECK(api_call(f.server.port(), f.caseworker_a, "POST", "/api/v1/invitations",
                 R"({"email":"x@y.dk","display_name":"X","role":"caseworker"})")
            .status == 403);
  CHECK(api_call(f.server.port(), f.admin_a, "GET", "/api/v1/seekers").status == 403);
  CHECK(api_call(f.server.port(), f.admin_a, "GET",
                 "/api/v1/seekers/" + std::to_string(f.seeker_a_id) + "/profile?purpose=statistics")
            .status == 403);
  CHECK(api_call(f.server.port(), {}, "GET", "/api/v1/me").status == 401);
}

TEST_CASE("accounts: a caseworker of one municipality reaches nothing of another", "[integration][accounts]") {
  municipality_fixture f;
  const auto b_seeker = std::to_string(f.seeker_b_id);
  // Every route that takes an id answers as if the id did not exist.
  CHECK(api_call(f.server.port(), f.caseworker_a, "GET", "/api/v1/seekers/" + b_seeker + "/profile?purpose=look")
            .status == 404);
  CHECK(api_call(f.server.port(), f.admin_a, "POST", "/api/v1/accounts/" + b_seeker + "/deactivate").status == 404);
  auto listed = parse(api_call(f.server.port(), f.caseworker_a, "GET", "/api/v1/seekers"));
  for (const auto& seeker : listed.at("seekers").as_array()) {
    CHECK(seeker.as_object().at("id").as_int64() != f.seeker_b_id);
  }
  CHECK(listed.at("seekers").as_array().size() == 2);
  // Inviting an e-mail that exists in the other municipality creates a separate account here.
  CHECK(api_call(f.server.port(), f.caseworker_a, "POST", "/api/v1/invitations",
                 R"({"email":"s1@b.dk","display_name":"Same Mail","role":"seeker"})")
            .status == 201);
  // The refused read and deactivation left no audit rows about the other
  // municipality's seeker; the list logged its two seekers, the invitation one.
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + b_seeker).getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'read_seeker_list'").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'invite'").getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log").getInt() == 3);
}

TEST_CASE("accounts: caseworker reads are audited before the data is sent and shown to the seeker",
          "[integration][accounts]") {
  municipality_fixture f;
  const auto target = "/api/v1/seekers/" + std::to_string(f.seeker_a_id) + "/profile";
  auto no_purpose = api_call(f.server.port(), f.caseworker_a, "GET", target);
  CHECK(no_purpose.status == 400);
  CHECK(error_field(no_purpose) == "purpose");
  auto read = api_call(f.server.port(), f.caseworker_a, "GET", target + "?purpose=forberede%20netv%C3%A6rksm%C3%B8de");
  REQUIRE(read.status == 200);
  CHECK(parse(read).at("seeker").as_object().at("display_name").as_string() == "Anne A");

  auto log = parse(api_call(f.server.port(), f.seeker_a, "GET", "/api/v1/me/access-log"));
  REQUIRE(log.at("entries").as_array().size() == 1);
  const auto& entry = log.at("entries").as_array()[0].as_object();
  CHECK(entry.at("purpose").as_string() == "forberede netværksmøde");
  CHECK(entry.at("by_role").as_string() == "caseworker");
  CHECK(parse(api_call(f.server.port(), f.seeker_a2, "GET", "/api/v1/me/access-log")).at("entries").as_array().empty());

  SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READWRITE);
  CHECK_THROWS(db.exec("UPDATE audit_log SET purpose = 'nothing'"));
  CHECK_THROWS(db.exec("DELETE FROM audit_log"));
}

TEST_CASE("accounts: repeated failed logins are throttled without revealing accounts", "[integration][accounts]") {
  test_server server({"auth.login_failures_per_account=3"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  auto attempt = [&](const std::string& email, const std::string& password) {
    return api_call(server.port(), {}, "POST", "/api/v1/session",
                    json::serialize(json::object{{"email", email}, {"password", password}}));
  };
  auto wrong_user = attempt("nobody@a.dk", "whatever-pass");
  auto wrong_password = attempt("s@a.dk", "whatever-pass");
  CHECK(wrong_user.status == 401);
  CHECK(wrong_password.status == 401);
  CHECK(parse(wrong_user).at("error").as_object().at("message") ==
        parse(wrong_password).at("error").as_object().at("message"));
  attempt("s@a.dk", "whatever-pass");
  attempt("s@a.dk", "whatever-pass");                    // the third failure locks the e-mail
  auto locked = attempt("s@a.dk", "seeker-password-1");  // even the right password now waits
  CHECK(locked.status == 429);
  CHECK(parse(locked).at("error").as_object().at("retry_after_seconds").as_int64() > 0);
  CHECK(locked.headers.count("retry-after") == 1);
  CHECK(attempt("nobody2@a.dk", "x").status == 401);  // another e-mail is not locked
}

TEST_CASE("accounts: logout and deactivation close the user's WebSockets at once", "[integration][accounts]") {
  municipality_fixture f;
  ws_client seeker_socket, other_socket;
  REQUIRE(seeker_socket.connect(f.server.port(), f.seeker_a) == 101);
  REQUIRE(other_socket.connect(f.server.port(), f.seeker_a2) == 101);
  REQUIRE(seeker_socket.read_type("welcome"));
  REQUIRE(other_socket.read_type("welcome"));

  auto out = api_call(f.server.port(), f.seeker_a, "DELETE", "/api/v1/session");
  CHECK(out.status == 204);
  CHECK_THAT(out.headers.at("set-cookie"), Catch::Contains("Max-Age=0"));
  CHECK_FALSE(seeker_socket.read(std::chrono::seconds(1)));
  CHECK(seeker_socket.close_code() == 4001);
  CHECK(api_call(f.server.port(), f.seeker_a, "GET", "/api/v1/me").status == 401);

  auto deactivated = api_call(f.server.port(), f.admin_a, "POST",
                              "/api/v1/accounts/" + std::to_string(f.seeker_a_id + 1) + "/deactivate");
  CHECK(deactivated.status == 200);
  CHECK_FALSE(other_socket.read(std::chrono::seconds(1)));
  CHECK(other_socket.close_code() == 4001);
  CHECK(login(f.server.port(), "s2@a.dk", "seeker-password-2").empty());
}

TEST_CASE("accounts: withdrawing consent stops participation", "[integration][accounts]") {
  test_server server;
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  auto invited = parse(api_call(server.port(), caseworker, "POST", "/api/v1/invitations",
                                R"({"email":"w@a.dk","display_name":"W","role":"seeker"})"));
  const std::string code(invited.at("code").as_string());
  REQUIRE(api_call(server.port(), {}, "POST", "/api/v1/invitations/" + code + "/accept",
                   R"({"password":"a-good-password","consent_version":"2026-1"})")
              .status == 200);
  const auto seeker = login(server.port(), "w@a.dk", "a-good-password");
  auto withdrawn = api_call(server.port(), seeker, "POST", "/api/v1/consent/withdraw", R"({"reason":"fik job"})");
  CHECK(withdrawn.status == 200);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 401);
  CHECK(login(server.port(), "w@a.dk", "a-good-password").empty());
  SQLite::Database db(server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT withdrawal_reason FROM consent").getString() == "fik job");
  CHECK(db.execAndGet("SELECT withdrawn_at IS NOT NULL FROM consent").getInt() == 1);
  // Staff no longer see the citizen: profile, triage and outcome are refused, saying why, and nothing is logged.
  const auto id = std::to_string(db.execAndGet("SELECT id FROM account WHERE email = 'w@a.dk'").getInt64());
  const auto audit_rows = db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + id).getInt();
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/seekers/" + id + "/profile?purpose=opf%C3%B8lgning"},
           {"GET", "/api/v1/seekers/" + id + "/triage?purpose=opf%C3%B8lgning"},
           {"GET", "/api/v1/seekers/" + id + "/outcome?purpose=opf%C3%B8lgning"},
           {"POST", "/api/v1/seekers/" + id + "/outcome"}}) {
    const auto refused = api_call(
        server.port(), caseworker, method, path,
        method == "POST" ? R"({"kind": "job", "date": "2026-12-01", "purpose": "opfølgning"})" : std::string());
    INFO(method << " " << path << " -> " << refused.body);
    CHECK(refused.status == 403);
    CHECK_THAT(refused.body, Catch::Contains("withdrawn consent"));
  }
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + id).getInt() == audit_rows);
}

TEST_CASE("accounts: invitations and sessions expire", "[integration][accounts]") {
  test_server server({"auth.invitation_days=2", "auth.session_idle_minutes=30"});
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  auto invited = parse(api_call(server.port(), caseworker, "POST", "/api/v1/invitations",
                                R"({"email":"late@a.dk","display_name":"Late","role":"seeker"})"));
  const std::string code(invited.at("code").as_string());
  CHECK(api_call(server.port(), caseworker, "GET", "/api/v1/me").status == 200);
  server.advance(std::chrono::hours(49));
  CHECK(api_call(server.port(), {}, "GET", "/api/v1/invitations/" + code).status == 404);
  CHECK(api_call(server.port(), caseworker, "GET", "/api/v1/me").status == 401);  // idle too long
}

TEST_CASE("accounts: state-changing calls need this site's Origin and JSON", "[integration][accounts]") {
  test_server server;
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  auto no_origin = http_request(server.port(), "PUT", "/api/v1/profile",
                                {{"Cookie", seeker}, {"Content-Type", "application/json"}}, "{}");
  CHECK(no_origin.status == 403);
  auto foreign =
      http_request(server.port(), "DELETE", "/api/v1/session", {{"Cookie", seeker}, {"Origin", "http://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 200);  // still logged in
  auto text = http_request(server.port(), "POST", "/api/v1/session",
                           {{"Origin", server.origin()}, {"Content-Type", "text/plain"}}, "email=x");
  CHECK(text.status == 415);
}

TEST_CASE("taxonomy search: ranked results for logged-in users, bad parameters refused", "[integration][accounts]") {
  test_server server;
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  CHECK(api_call(server.port(), {}, "GET", "/api/v1/taxonomy/search?q=nurse").status == 401);
  auto found = parse(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=software%20developer&lang=en"));
  REQUIRE_FALSE(found.at("results").as_array().empty());
  const auto& first = found.at("results").as_array()[0].as_object();
  CHECK(first.at("label").as_string() == "software developer");
  CHECK(first.at("isco_code").as_string() == "2512");
  auto languages =
      parse(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=danish&kind=language&lang=en"));
  REQUIRE_FALSE(languages.at("results").as_array().empty());
  CHECK(languages.at("results").as_array()[0].as_object().at("code").as_string() == "da");
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=").status == 400);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=a&kind=planet").status == 400);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=a&limit=0").status == 400);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/taxonomy/search?q=a&limit=5x").status == 400);
}

namespace {

// The value of an unlabelled counter on /metrics.
long metric(unsigned short port, const std::string& name) {
  const auto page = http_request(port, "GET", "/metrics").body;
  const auto at = page.find("\n" + name + " ");
  REQUIRE(at != std::string::npos);
  return std::stol(page.substr(at + name.size() + 2));
}

}  // namespace

TEST_CASE("accounts: forty concurrent wrong passwords for one e-mail get at most the allowed 401s, the rest 429",
          "[integration][accounts]") {
  test_server server({"auth.login_failures_per_account=5", "auth.login_failures_per_address=1000"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  std::vector<int> statuses(40, 0);
  std::vector<std::thread> attackers;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    attackers.emplace_back([&, i] {
      statuses[i] = api_call(server.port(), {}, "POST", "/api/v1/session",
                             R"({"email":"s@a.dk","password":"wrong-password-)" + std::to_string(i) + "\"}")
                        .status;
    });
  }
  for (auto& t : attackers) t.join();
  const auto unauthorized = std::count(statuses.begin(), statuses.end(), 401);
  const auto throttled = std::count(statuses.begin(), statuses.end(), 429);
  CHECK(unauthorized <= 5);
  CHECK(unauthorized >= 1);
  CHECK(unauthorized + throttled == 40);
  CHECK(metric(server.metrics_port(), "kreds_password_hashes_total") <= 5);
}

TEST_CASE("accounts: guessing invitation codes is throttled and hashes no password", "[integration][accounts]") {
  test_server server({"auth.login_failures_per_address=10"});
  const auto hashes_before = metric(server.metrics_port(), "kreds_password_hashes_total");
  int not_found = 0, throttled = 0;
  for (int i = 0; i < 15; ++i) {
    const auto code = "ABCDEFGHJK" + std::to_string(1000000000 + i);
    const auto reply = api_call(server.port(), {}, "POST", "/api/v1/invitations/" + code + "/accept",
                                R"({"password":"a-good-password"})");
    if (reply.status == 404) ++not_found;
    if (reply.status == 429) ++throttled;
  }
  CHECK(not_found == 10);
  CHECK(throttled == 5);
  CHECK(metric(server.metrics_port(), "kreds_password_hashes_total") == hashes_before);
}

TEST_CASE("accounts: an open WebSocket is closed with 4001 at its first message after its session went idle",
          "[integration][accounts]") {
  test_server server({"auth.session_idle_minutes=30", "limits.session_sweep_seconds=3600"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  ws_client socket;
  REQUIRE(socket.connect(server.port(), seeker) == 101);
  REQUIRE(socket.read_type("welcome"));
  REQUIRE(socket.send_text(R"({"type":"no.such","id":"m1","payload":{}})"));
  auto answered = socket.read_type("error");
  REQUIRE(answered);
  CHECK_THAT(*answered, Catch::Contains("unsupported"));  // alive: the message reached the router

  server.advance(std::chrono::minutes(31));
  REQUIRE(socket.send_text(R"({"type":"no.such","id":"m2","payload":{}})"));
  CHECK_FALSE(socket.read(std::chrono::seconds(2)));  // no reply: the message was not run
  CHECK(socket.close_code() == 4001);
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 401);
}

TEST_CASE("accounts: a silent WebSocket is closed with 4001 by the sweep once its session's lifetime is over",
          "[integration][accounts]") {
  test_server server(
      {"auth.session_lifetime_hours=1", "auth.session_idle_minutes=600", "limits.session_sweep_seconds=1"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  server.add_account("751", role::seeker, "t@a.dk", "seeker-password-2");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  ws_client socket, live, again;
  REQUIRE(socket.connect(server.port(), seeker) == 101);
  REQUIRE(socket.read_type("welcome"));

  server.advance(std::chrono::minutes(61));
  const auto fresh = login(server.port(), "t@a.dk", "seeker-password-2");  // began after the jump
  REQUIRE(live.connect(server.port(), fresh) == 101);
  REQUIRE(live.read_type("welcome"));
  CHECK_FALSE(socket.read(std::chrono::seconds(4)));  // sends nothing, is closed all the same
  INFO(socket.close_error());
  CHECK(socket.close_code() == 4001);
  CHECK(again.connect(server.port(), seeker) == 401);
  // The sweeps spared the session that has not ended.
  REQUIRE(live.send_text(R"({"type":"no.such","id":"m1","payload":{}})"));
  CHECK(live.read_type("error"));
  CHECK(api_call(server.port(), fresh, "GET", "/api/v1/me").status == 200);
}

TEST_CASE("accounts: with a one-minute idle time a session in constant use does not expire",
          "[integration][accounts]") {
  test_server server({"auth.session_idle_minutes=1"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  for (int step = 1; step <= 12; ++step) {  // three minutes, a request every 15 s
    server.advance(std::chrono::seconds(15));
    INFO("after " << step * 15 << " s");
    REQUIRE(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 200);
  }
  server.advance(std::chrono::seconds(61));
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 401);  // idle does end it
}

TEST_CASE("accounts: showing invitations by guessed codes is throttled like accepting them",
          "[integration][accounts]") {
  test_server server({"auth.login_failures_per_address=10"});
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  auto invited = parse(api_call(server.port(), caseworker, "POST", "/api/v1/invitations",
                                R"({"email":"new@a.dk","display_name":"New","role":"seeker"})"));
  const std::string real_code(invited.at("code").as_string());
  CHECK(api_call(server.port(), {}, "GET", "/api/v1/invitations/" + real_code).status == 200);  // costs nothing
  int not_found = 0, throttled = 0;
  for (int i = 0; i < 15; ++i) {
    const auto status =
        api_call(server.port(), {}, "GET", "/api/v1/invitations/ABCDEFGHJK" + std::to_string(1000000000 + i)).status;
    if (status == 404) ++not_found;
    if (status == 429) ++throttled;
  }
  CHECK(not_found == 10);
  CHECK(throttled == 5);
  // The same address cannot switch routes to go on guessing.
  CHECK(api_call(server.port(), {}, "POST", "/api/v1/invitations/ABCDEFGHJK2000000000/accept",
                 R"({"password":"a-good-password"})")
            .status == 429);
}

TEST_CASE("accounts: a WebSocket in constant use keeps its session alive for HTTP too", "[integration][accounts]") {
  test_server server({"auth.session_idle_minutes=1"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto seeker = login(server.port(), "s@a.dk", "seeker-password-1");
  ws_client socket;
  REQUIRE(socket.connect(server.port(), seeker) == 101);
  REQUIRE(socket.read_type("welcome"));
  for (int step = 1; step <= 12; ++step) {  // three minutes, a message every 15 s, no HTTP
    server.advance(std::chrono::seconds(15));
    INFO("after " << step * 15 << " s");
    REQUIRE(socket.send_text(R"({"type":"no.such","id":"m","payload":{}})"));
    REQUIRE(socket.read_type("error"));  // answered: the session lives
  }
  CHECK(api_call(server.port(), seeker, "GET", "/api/v1/me").status == 200);
}

namespace {

kreds::testing::http_result login_from(const test_server& server, const std::string& email, const std::string& password,
                                       const std::string& forwarded_for) {
  std::vector<std::pair<std::string, std::string>> headers{{"Origin", server.origin()},
                                                           {"Content-Type", "application/json"}};
  if (!forwarded_for.empty()) headers.emplace_back("X-Forwarded-For", forwarded_for);
  return http_request(server.port(), "POST", "/api/v1/session", headers,
                      json::serialize(json::object{{"email", email}, {"password", password}}));
}

}  // namespace

TEST_CASE("accounts: behind a trusted proxy one client's failures lock that client, not everyone",
          "[integration][accounts]") {
  test_server server({"server.trusted_proxies=[\"127.0.0.1\"]", "auth.login_failures_per_address=3",
                      "auth.login_failures_per_account=1000"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  for (int i = 0; i < 3; ++i) CHECK(login_from(server, "s@a.dk", "wrong-pass", "203.0.113.7").status == 401);
  CHECK(login_from(server, "s@a.dk", "seeker-password-1", "203.0.113.7").status == 429);
  // Another client behind the same proxy logs in.
  CHECK(login_from(server, "s@a.dk", "seeker-password-1", "198.51.100.9").status == 200);
  // A client cannot escape by naming another address first: the proxy appends the real one.
  CHECK(login_from(server, "s@a.dk", "seeker-password-1", "198.51.100.9, 203.0.113.7").status == 429);
  SQLite::Database db(server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM login_rejection WHERE address = '203.0.113.7'").getInt() == 5);
}

TEST_CASE("accounts: X-Forwarded-For from an untrusted peer is ignored", "[integration][accounts]") {
  test_server server({"auth.login_failures_per_address=3", "auth.login_failures_per_account=1000"});
  server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  for (int i = 0; i < 3; ++i) {
    CHECK(login_from(server, "s@a.dk", "wrong-pass", "203.0.113." + std::to_string(i)).status == 401);
  }
  CHECK(login_from(server, "s@a.dk", "seeker-password-1", "198.51.100.9").status == 429);
  SQLite::Database db(server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM login_rejection WHERE address <> '127.0.0.1'").getInt() == 0);
}

TEST_CASE("accounts: every rejected login is recorded, and N in 24 h block the account until staff unlock it",
          "[integration][accounts]") {
  test_server server({"auth.account_block_failures=3", "auth.login_failures_per_account=1000"});
  const auto seeker = server.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto other = server.add_account("751", role::seeker, "o@a.dk", "other-password-1");
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  server.add_account("461", role::caseworker, "cw@b.dk", "caseworker-pw-2");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  const auto foreign = login(server.port(), "cw@b.dk", "caseworker-pw-2");
  CHECK(login_from(server, "nobody@a.dk", "whatever-pass", "").status == 401);
  for (int i = 0; i < 3; ++i) CHECK(login_from(server, "s@a.dk", "wrong-pass", "").status == 401);
  // Blocked: the right password is refused and says so; a wrong one looks as always.
  const auto blocked = login_from(server, "s@a.dk", "seeker-password-1", "");
  CHECK(blocked.status == 403);
  CHECK_THAT(blocked.body, Catch::Contains("blocked"));
  CHECK(login_from(server, "s@a.dk", "wrong-pass", "").status == 401);
  CHECK(login_from(server, "o@a.dk", "other-password-1", "").status == 200);  // others are not affected
  SQLite::Database db(server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM login_rejection WHERE account_id IS NULL AND email = 'nobody@a.dk'")
            .getInt() == 1);
  CHECK(db.execAndGet("SELECT group_concat(reason) FROM (SELECT reason FROM login_rejection WHERE account_id = " +
                      std::to_string(seeker) + " ORDER BY id)")
            .getString() == "wrong_password,wrong_password,wrong_password,blocked,wrong_password");
  CHECK(db.execAndGet("SELECT count(*) FROM login_rejection WHERE email || address || reason LIKE '%wrong-pass%'")
            .getInt() == 0);  // no password is stored

  // The caseworker sees the block and unlocks with a reason; the seeker sees who and why.
  const auto list = parse(api_call(server.port(), caseworker, "GET", "/api/v1/seekers"));
  for (const auto& s : list.at("seekers").as_array()) {
    CHECK(s.at("blocked").as_bool() == (s.at("id").as_int64() == seeker));
  }
  const auto path = "/api/v1/accounts/" + std::to_string(seeker) + "/unlock";
  CHECK(api_call(server.port(), caseworker, "POST", path, R"({"reason":"x"})").status == 400);
  CHECK(api_call(server.port(), foreign, "POST", path, R"({"reason":"called us"})").status == 404);
  CHECK(api_call(server.port(), caseworker, "POST", "/api/v1/accounts/" + std::to_string(other) + "/unlock",
                 R"({"reason":"called us"})")
            .status == 409);
  CHECK(api_call(server.port(), caseworker, "POST", path, R"({"reason":"called us from the phone"})").status == 200);
  const auto cookie = login(server.port(), "s@a.dk", "seeker-password-1");
  REQUIRE_FALSE(cookie.empty());
  const auto log = parse(api_call(server.port(), cookie, "GET", "/api/v1/me/access-log"));
  bool unlock_seen = false;
  for (const auto& entry : log.at("entries").as_array()) {
    if (entry.at("action") == "unlock") {
      unlock_seen = true;
      CHECK_THAT(std::string(entry.at("purpose").as_string()), Catch::Contains("called us from the phone"));
    }
  }
  CHECK(unlock_seen);
}

TEST_CASE("accounts: a caseworker cannot unlock staff, an admin can", "[integration][accounts]") {
  test_server server({"auth.account_block_failures=1", "auth.login_failures_per_account=1000"});
  const auto staff = server.add_account("751", role::caseworker, "cw2@a.dk", "caseworker-pw-2");
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  server.add_account("751", role::admin, "ad@a.dk", "admin-password-1");
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  const auto admin = login(server.port(), "ad@a.dk", "admin-password-1");
  CHECK(login_from(server, "cw2@a.dk", "wrong-pass", "").status == 401);
  CHECK(login_from(server, "cw2@a.dk", "caseworker-pw-2", "").status == 403);
  const auto path = "/api/v1/accounts/" + std::to_string(staff) + "/unlock";
  CHECK(api_call(server.port(), caseworker, "POST", path, R"({"reason":"asked by phone"})").status == 403);
  CHECK(api_call(server.port(), admin, "POST", path, R"({"reason":"asked by phone"})").status == 200);
  CHECK(login_from(server, "cw2@a.dk", "caseworker-pw-2", "").status == 200);
}

TEST_CASE("accounts: a password change needs the current password, ends every other session and keeps this one",
          "[integration][accounts]") {
  municipality_fixture f;
  const auto port = f.server.port();
  const auto other_browser = login(port, "s1@a.dk", "seeker-password-1");
  ws_client other_socket;
  REQUIRE(other_socket.connect(port, other_browser) == 101);
  REQUIRE(other_socket.read_type("welcome"));
  auto change = [&](const std::string& body) {
    return api_call(port, f.seeker_a, "POST", "/api/v1/me/password", body);
  };
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"current_password": "wrong-password-1", "new_password": "a-new-password-1"})", "current_password"},
           {R"({"current_password": "seeker-password-1", "new_password": "short"})", "new_password"},
           {R"({"current_password": "seeker-password-1", "new_password": "seeker-password-1"})", "new_password"},
           {R"({"current_password": "seeker-password-1", "new_password": "a-new-password-1", "x": 1})", "x"},
           {R"({"new_password": "a-new-password-1"})", "current_password"}}) {
    const auto refused = change(body);
    INFO(body << " -> " << refused.body);
    CHECK((refused.status == 400 || refused.status == 401));
    CHECK(error_field(refused) == field);
  }
  // Nothing changed: both browsers are still in, the old password still works.
  CHECK(api_call(port, other_browser, "GET", "/api/v1/me").status == 200);
  const auto changed = change(R"({"current_password": "seeker-password-1", "new_password": "a-new-password-1"})");
  REQUIRE(changed.status == 200);
  const auto fresh = session_cookie(changed);
  CHECK(api_call(port, fresh, "GET", "/api/v1/me").status == 200);
  CHECK(api_call(port, f.seeker_a, "GET", "/api/v1/me").status == 401);
  CHECK(api_call(port, other_browser, "GET", "/api/v1/me").status == 401);
  CHECK_FALSE(other_socket.read(std::chrono::seconds(1)));
  CHECK(other_socket.close_code() == 4001);
  CHECK(login(port, "s1@a.dk", "seeker-password-1").empty());
  CHECK_FALSE(login(port, "s1@a.dk", "a-new-password-1").empty());
  // The wrong current password was recorded like a failed login (and so was the old password's login above).
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY, 5000);
  CHECK(db.execAndGet("SELECT count(*) FROM login_rejection WHERE email = 's1@a.dk' AND reason = 'wrong_password'")
            .getInt() == 2);
}

TEST_CASE("accounts: guessing the current password is throttled together with logins", "[integration][accounts]") {
  municipality_fixture f;
  const auto port = f.server.port();
  int refused = 0, throttled = 0;
  for (int i = 0; i < 8; ++i) {
    const auto guess =
        api_call(port, f.seeker_a, "POST", "/api/v1/me/password",
                 R"({"current_password": "guess-)" + std::to_string(i) + R"(", "new_password": "a-new-password-1"})");
    refused += guess.status == 401;
    throttled += guess.status == 429;
  }
  CHECK(refused == 5);
  CHECK(throttled == 3);
  // The lockout is the login's: the right password is refused too until it passes.
  CHECK(api_call(port, f.seeker_a, "POST", "/api/v1/me/password",
                 R"({"current_password": "seeker-password-1", "new_password": "a-new-password-1"})")
            .status == 429);
  CHECK(login(port, "s1@a.dk", "seeker-password-1").empty());
  CHECK(api_call(port, f.seeker_a, "GET", "/api/v1/me").status == 200);  // the session itself stays
}

TEST_CASE("accounts: logging out everywhere ends every session and WebSocket of the account, and only its own",
          "[integration][accounts]") {
  municipality_fixture f;
  const auto port = f.server.port();
  const auto phone = login(port, "s1@a.dk", "seeker-password-1");
  ws_client phone_socket, other_socket;
  REQUIRE(phone_socket.connect(port, phone) == 101);
  REQUIRE(other_socket.connect(port, f.seeker_a2) == 101);
  REQUIRE(phone_socket.read_type("welcome"));
  REQUIRE(other_socket.read_type("welcome"));
  const auto out = api_call(port, f.seeker_a, "DELETE", "/api/v1/me/sessions");
  CHECK(out.status == 204);
  CHECK_THAT(out.headers.at("set-cookie"), Catch::Contains("Max-Age=0"));
  CHECK(api_call(port, f.seeker_a, "GET", "/api/v1/me").status == 401);
  CHECK(api_call(port, phone, "GET", "/api/v1/me").status == 401);
  CHECK_FALSE(phone_socket.read(std::chrono::seconds(1)));
  CHECK(phone_socket.close_code() == 4001);
  // Another seeker is untouched.
  CHECK(api_call(port, f.seeker_a2, "GET", "/api/v1/me").status == 200);
  CHECK(other_socket.send_text(R"({"type": "ping", "id": "p-1"})"));
  CHECK(other_socket.read_type("pong"));
  CHECK(api_call(port, "", "DELETE", "/api/v1/me/sessions").status == 401);
}

TEST_CASE("accounts: behind a proxy at an https public URL the cookie is __Host- and Secure, and HSTS is sent",
          "[integration][accounts]") {
  test_server proxied({"server.public_url=\"https://kreds.aarhus.dk\""});
  proxied.add_account("751", role::seeker, "s@a.dk", "seeker-password-1");
  const auto session = api_call(proxied.port(), "", "POST", "/api/v1/session",
                                R"({"email": "s@a.dk", "password": "seeker-password-1"})");
  REQUIRE(session.status == 200);
  const auto& cookie = session.headers.at("set-cookie");
  CHECK(cookie.rfind("__Host-kreds_session=", 0) == 0);
  CHECK_THAT(cookie, Catch::Contains("; Secure") && Catch::Contains("HttpOnly") && Catch::Contains("Path=/"));
  CHECK(session.headers.at("strict-transport-security") == "max-age=31536000");
  // Reached directly (no public URL, no TLS): neither.
  municipality_fixture f;
  const auto direct = api_call(f.server.port(), "", "POST", "/api/v1/session",
                               R"({"email": "s1@a.dk", "password": "seeker-password-1"})");
  REQUIRE(direct.status == 200);
  CHECK(direct.headers.at("set-cookie").rfind("kreds_session=", 0) == 0);
  CHECK(direct.headers.count("strict-transport-security") == 0);
}

TEST_CASE("accounts: an invitation cannot be accepted in a browser where someone is logged in",
          "[integration][accounts]") {
  municipality_fixture f;
  const auto port = f.server.port();
  const auto invited = api_call(port, f.caseworker_a, "POST", "/api/v1/invitations",
                                R"({"email": "new@a.dk", "display_name": "New Seeker", "role": "seeker"})");
  REQUIRE(invited.status == 201);
  const auto code = std::string(json::parse(invited.body).at("code").as_string());
  const std::string path = "/api/v1/invitations/" + code + "/accept";
  const std::string body = R"({"password": "new-password-12", "consent_version": ")" +
                           std::string(json::parse(api_call(port, "", "GET", "/api/v1/invitations/" + code).body)
                                           .at("consent")
                                           .at("version")
                                           .as_string()) +
                           "\"}";
  // The inviter's own session, and any other logged-in one: refused, and nothing is accepted.
  for (const auto& cookie : {f.caseworker_a, f.admin_a, f.seeker_a}) {
    const auto refused = api_call(port, cookie, "POST", path, body);
    CHECK(refused.status == 403);
    CHECK(error_field(refused) == "session");
  }
  CHECK(api_call(port, "", "GET", "/api/v1/invitations/" + code).status == 200);  // still open
  // The invitee's own browser (no session): accepted.
  CHECK(api_call(port, "", "POST", path, body).status == 200);
  CHECK_FALSE(login(port, "new@a.dk", "new-password-12").empty());
}

TEST_CASE("accounts: the seeker list comes a bounded page at a time, each page audited for whom it shows",
          "[integration][accounts]") {
  test_server server({"limits.list_page=10"});
  server.add_account("751", role::caseworker, "cw@a.dk", "caseworker-pw-1");
  for (int i = 0; i < 23; ++i) {
    server.add_account("751", role::seeker, "s" + std::to_string(i) + "@a.dk", "seeker-password-1",
                       "Seeker " + std::to_string(100 + i));
  }
  const auto caseworker = login(server.port(), "cw@a.dk", "caseworker-pw-1");
  std::vector<std::string> names;
  std::vector<std::size_t> sizes;
  std::string path = "/api/v1/seekers";
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = parse(api_call(server.port(), caseworker, "GET", path));
    CHECK(page.at("total").as_int64() == 23);
    sizes.push_back(page.at("seekers").as_array().size());
    for (const auto& s : page.at("seekers").as_array()) names.emplace_back(s.at("display_name").as_string());
    if (page.at("next_offset").is_null()) break;
    path = "/api/v1/seekers?offset=" + std::to_string(page.at("next_offset").as_int64());
  }
  CHECK(sizes == std::vector<std::size_t>{10, 10, 3});
  CHECK(names.size() == 23);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(parse(api_call(server.port(), caseworker, "GET", "/api/v1/seekers?limit=4&offset=20"))
            .at("seekers")
            .as_array()
            .size() == 3);
  for (const auto* bad : {"limit=0", "limit=11", "limit=abc", "offset=-1", "offset=1.5"}) {
    const auto refused = api_call(server.port(), caseworker, "GET", std::string("/api/v1/seekers?") + bad);
    INFO(bad);
    CHECK(refused.status == 400);
    CHECK(error_field(refused) == std::string(bad).substr(0, std::string(bad).find('=')));
  }
  // One audit row per seeker shown: 23 for the three pages, 3 for the last look.
  SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'read_seeker_list'").getInt() == 26);
}

TEST_CASE("accounts: a password reset ends every session of the account and gives a one-time code to set a new one",
          "[integration][accounts]") {
  municipality_fixture f;
  const auto port = f.server.port();
  ws_client socket;
  REQUIRE(socket.connect(port, f.seeker_a) == 101);
  REQUIRE(socket.read_type("welcome"));
  const auto path = "/api/v1/accounts/" + std::to_string(f.seeker_a_id) + "/password-reset";
  // Refused, and nothing changes: a seeker, a caseworker of another municipality, no reason, a caseworker on staff.
  CHECK(api_call(port, f.seeker_a2, "POST", path, R"({"reason": "glemt"})").status == 403);
  CHECK(api_call(port, f.caseworker_b, "POST", path, R"({"reason": "glemt kode"})").status == 404);
  CHECK(error_field(api_call(port, f.caseworker_a, "POST", path, R"({"reason": ""})")) == "reason");
  const auto admin_id = parse(api_call(port, f.admin_a, "GET", "/api/v1/me")).at("account").at("id").as_int64();
  CHECK(api_call(port, f.caseworker_a, "POST", "/api/v1/accounts/" + std::to_string(admin_id) + "/password-reset",
                 R"({"reason": "glemt kode"})")
            .status == 403);
  CHECK(api_call(port, f.admin_a, "POST", "/api/v1/accounts/" + std::to_string(admin_id) + "/password-reset",
                 R"({"reason": "glemt kode"})")
            .status == 409);
  CHECK(api_call(port, f.seeker_a, "GET", "/api/v1/me").status == 200);

  // A first code, then a second: only the newest works.
  const auto first = api_call(port, f.caseworker_a, "POST", path, R"({"reason": "har glemt sin adgangskode"})");
  REQUIRE(first.status == 201);
  const std::string old_code(parse(first).at("code").as_string());
  const auto reset = api_call(port, f.caseworker_a, "POST", path, R"({"reason": "ringede igen"})");
  REQUIRE(reset.status == 201);
  const std::string code(parse(reset).at("code").as_string());
  CHECK(api_call(port, "", "GET", "/api/v1/invitations/" + old_code).status == 404);
  CHECK(api_call(port, f.seeker_a, "GET", "/api/v1/me").status == 401);
  CHECK_FALSE(socket.read(std::chrono::seconds(1)));
  CHECK(socket.close_code() == 4001);
  CHECK(login(port, "s1@a.dk", "seeker-password-1").empty());
  // The person sets a new password with the code — a reset asks for no new consent — and logs in with it.
  const auto shown = parse(api_call(port, "", "GET", "/api/v1/invitations/" + code));
  CHECK_FALSE(shown.contains("consent"));
  const auto accepted =
      api_call(port, "", "POST", "/api/v1/invitations/" + code + "/accept", R"({"password": "a-fresh-password-1"})");
  CHECK(accepted.status == 200);
  CHECK_FALSE(login(port, "s1@a.dk", "a-fresh-password-1").empty());
  CHECK(api_call(port, "", "GET", "/api/v1/invitations/" + code).status == 404);  // used up
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'reset_password' AND subject_id = " +
                      std::to_string(f.seeker_a_id))
            .getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM consent WHERE account_id = " + std::to_string(f.seeker_a_id)).getInt() <=
        1);  // no consent row added by the reset
}
