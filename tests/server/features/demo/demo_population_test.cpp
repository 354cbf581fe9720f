#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "features/demo/demo_population.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "support/test_server.hpp"

using namespace kreds;

namespace {

std::unique_ptr<SQLite::Database> fresh() {
  auto db = storage::open_database({":memory:"});
  REQUIRE(db);
  REQUIRE(storage::migrate(**db));
  return std::move(*db);
}

std::string fingerprint(SQLite::Database& db) {
  return db.execAndGet("SELECT group_concat(email || display_name, ',') FROM (SELECT * FROM account ORDER BY id)")
             .getString() +
         db.execAndGet(
               "SELECT group_concat(postcode || availability || target_group || unemployed_since, ',') "
               "FROM (SELECT * FROM profile ORDER BY account_id)")
             .getString() +
         db.execAndGet(
               "SELECT group_concat(ifnull(isco_code, kind), ',') FROM (SELECT * FROM profile_goal "
               "ORDER BY account_id, position)")
             .getString();
}

}  // namespace

TEST_CASE("demo: the same seed gives the same population, another seed another", "[demo]") {
  const auto& taxonomy = *testing::shipped_taxonomy();
  const auto now = kreds::time_point{} + std::chrono::days(20000);
  auto a = fresh(), b = fresh(), c = fresh();
  features::demo_options options;
  options.seekers = 200;
  REQUIRE(features::create_demo(*a, taxonomy, options, "hash", now));
  REQUIRE(features::create_demo(*b, taxonomy, options, "hash", now));
  options.seed = 2;
  REQUIRE(features::create_demo(*c, taxonomy, options, "hash", now));
  CHECK(fingerprint(*a) == fingerprint(*b));
  CHECK(fingerprint(*a) != fingerprint(*c));
}

TEST_CASE("demo: seed 1 gives the logins the README documents", "[demo]") {
  auto db = fresh();
  auto report = features::create_demo(*db, *testing::shipped_taxonomy(), {}, "hash", kreds::system_now());
  REQUIRE(report);
  REQUIRE(report->logins.size() == 3);
  CHECK(report->logins[0].email == "admin@aarhus.demo.kreds.dk");
  CHECK(report->logins[1].email == "jobraadgiver1@aarhus.demo.kreds.dk");
  CHECK(report->logins[2].email == "soeren.soerensen.1@aarhus.demo.kreds.dk");
  CHECK(report->seekers == 2000);
  CHECK(report->caseworkers == 10);
}

TEST_CASE("demo: the population is plausible", "[demo]") {
  auto db = fresh();
  features::demo_options options;
  options.seekers = 2000;
  options.history_months = 0;
  REQUIRE(features::create_demo(*db, *testing::shipped_taxonomy(), options, "hash", kreds::system_now()));
  auto share = [&](const std::string& where) {
    return db->execAndGet("SELECT 100.0 * count(*) / 2000 FROM profile p WHERE " + where).getDouble();
  };
  CHECK(share("target_group = 'insured_unemployed'") > 45);
  CHECK(share("target_group = 'flex_job'") > 1);
  CHECK(share("EXISTS (SELECT 1 FROM profile_language l WHERE l.account_id = p.account_id AND code = 'da' AND level = "
              "'native')") > 80);
  CHECK(share("EXISTS (SELECT 1 FROM profile_language l WHERE l.account_id = p.account_id AND code = 'en')") > 50);
  CHECK(
      share("EXISTS (SELECT 1 FROM profile_language l WHERE l.account_id = p.account_id AND code NOT IN ('da','en'))") >
      5);
  CHECK(share("postcode BETWEEN '8000' AND '8599'") == Approx(100));
  CHECK(db->execAndGet("SELECT count(DISTINCT substr(isco_code, 1, 1)) FROM profile_goal WHERE isco_code IS NOT NULL")
            .getInt() >= 8);
  CHECK(db->execAndGet("SELECT min(availability) FROM profile").getInt() > 0);
  CHECK(db->execAndGet("SELECT count(*) FROM consent").getInt() == 2000);
}

TEST_CASE("demo: the simulated history gives past participants, networks and outcomes, and leaves the pool alone",
          "[demo]") {
  auto db = fresh();
  features::demo_options options;
  options.seekers = 400;
  options.caseworkers_per_municipality = 3;
  const auto now = *kreds::parse_iso_time("2026-11-24T12:00:00Z");
  const auto report = features::create_demo(*db, *testing::shipped_taxonomy(), options, "hash", now);
  REQUIRE(report);
  CHECK(report->seekers == 400);
  CHECK(report->past_participants == 400);
  CHECK(report->past_networks >= 30);
  auto number = [&](const std::string& sql) { return db->execAndGet(sql).getInt(); };
  // Starts spread over the 18 months, none in the last four weeks.
  CHECK(db->execAndGet("SELECT min(decided_at) FROM track_decision").getString() < "2025-07-01");
  CHECK(number("SELECT count(DISTINCT substr(decided_at, 1, 7)) FROM track_decision") >= 16);
  CHECK(number("SELECT count(*) FROM outcome WHERE kind IN ('job', 'education')") > 100);
  CHECK(number("SELECT count(*) FROM outcome WHERE kind = 'other'") > 0);
  CHECK(number("SELECT count(*) FROM network_member WHERE alumnus_since IS NOT NULL") > 0);
  CHECK(number("SELECT count(*) FROM meeting_attendance WHERE present = 1") > 500);
  CHECK(number("SELECT count(*) FROM job_lead") > 100);
  CHECK(number("SELECT count(DISTINCT substr(on_date, 1, 7)) FROM staff_time") >= 16);
  // Everyone past on a network track sits in a network, has an outcome, or
  // was moved to individual effort: the waiting pool is today's seekers.
  CHECK(
      number("SELECT count(*) FROM account a WHERE a.role = 'seeker' AND a.email LIKE '%.tidligere%' AND a.active = 1 "
             "AND (SELECT track FROM track_decision d WHERE d.account_id = a.id ORDER BY d.id DESC LIMIT 1) <> "
             "'individual' "
             "AND NOT EXISTS (SELECT 1 FROM network_member m WHERE m.account_id = a.id AND m.left_at IS NULL) "
             "AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.account_id = a.id)") == 0);
}

TEST_CASE("demo: bad options are refused before anything is written", "[demo]") {
  auto db = fresh();
  features::demo_options options;
  options.municipalities = 13;
  CHECK_FALSE(features::create_demo(*db, *testing::shipped_taxonomy(), options, "hash", kreds::system_now()));
  options.municipalities = 1;
  options.seekers = -1;
  CHECK_FALSE(features::create_demo(*db, *testing::shipped_taxonomy(), options, "hash", kreds::system_now()));
  options.seekers = 10;
  options.history_months = 61;
  const auto refused = features::create_demo(*db, *testing::shipped_taxonomy(), options, "hash", kreds::system_now());
  REQUIRE_FALSE(refused);
  CHECK(refused.err().field() == "history_months");
  CHECK(db->execAndGet("SELECT count(*) FROM account").getInt() == 0);
}
