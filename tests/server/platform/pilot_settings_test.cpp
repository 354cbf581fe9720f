#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "platform/pilot_settings.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

using namespace kreds;

namespace {

std::unique_ptr<SQLite::Database> fresh() {
  auto db = storage::open_database({":memory:"});
  REQUIRE(db);
  REQUIRE(storage::migrate(**db));
  (*db)->exec("INSERT INTO municipality (id, code, name) VALUES (1, '751', 'Aarhus'), (2, '101', 'København')");
  (*db)->exec(
      "INSERT INTO account (id, municipality_id, role, email, display_name) VALUES (1, 1, 'admin', 'a@x.dk', 'Admin')");
  return std::move(*db);
}

void store(SQLite::Database& db, const std::string& key, const std::string& value) {
  db.exec("INSERT INTO pilot_setting (municipality_id, key, value, changed_by, changed_at) VALUES (1, '" + key +
          "', '" + value + "', 1, '2026-11-24T10:00:00Z')");
}

}  // namespace

TEST_CASE("pilot settings: every key is a numeric config key", "[pilot]") {
  const platform::config defaults;
  for (const auto key : platform::pilot_setting_keys()) {
    INFO(key);
    const auto kind = platform::describe_numeric_key(key);
    REQUIRE(kind);
    const auto value = platform::pilot_setting_value(defaults, key);
    CHECK(value >= kind->min);
    CHECK(value <= kind->max);
  }
}

TEST_CASE("pilot settings: stored values apply to their municipality only", "[pilot]") {
  auto db = fresh();
  store(*db, "matching.max_size", "10");
  store(*db, "triage.sparring_from", "2.25");
  platform::pilot_settings pilot(platform::config{});
  CHECK(pilot.load(*db).empty());
  CHECK(pilot.of(1)->matching.max_size == 10);
  CHECK(pilot.of(1)->triage.sparring_from == 2.25);
  CHECK(pilot.of(2)->matching.max_size == 8);
}

TEST_CASE("pilot settings: a stored value that no longer passes is skipped and reported, the rest apply", "[pilot]") {
  auto db = fresh();
  store(*db, "matching.max_size", "10");
  store(*db, "matching.min_size", "99");    // out of range
  store(*db, "matching.no_such_key", "1");  // a key a newer version dropped
  platform::pilot_settings pilot(platform::config{});
  const auto skipped = pilot.load(*db);
  REQUIRE(skipped.size() == 2);
  CHECK_THAT(skipped[0] + skipped[1], Catch::Contains("matching.min_size") && Catch::Contains("matching.no_such_key"));
  CHECK(pilot.of(1)->matching.max_size == 10);
  CHECK(pilot.of(1)->matching.min_size == 6);
}

TEST_CASE("pilot settings: a change is checked against what is stored, naming the key", "[pilot]") {
  auto db = fresh();
  store(*db, "matching.min_size", "7");
  platform::pilot_settings pilot(platform::config{});
  pilot.load(*db);
  const auto refused = pilot.with_changes(*db, 1, {"matching.max_size=6"});
  REQUIRE_FALSE(refused);
  CHECK(refused.err().field() == "matching.min_size");
  const auto accepted = pilot.with_changes(*db, 1, {"matching.max_size=9"});
  REQUIRE(accepted);
  CHECK(accepted->matching.min_size == 7);
  CHECK(accepted->matching.max_size == 9);
  CHECK(pilot.of(1)->matching.max_size == 8);  // not in force until replaced
}
