#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

using namespace kreds;

namespace {

std::unique_ptr<SQLite::Database> memory_db() {
  auto db = storage::open_database({":memory:"});
  REQUIRE(db);
  return std::move(*db);
}

int table_count(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").getInt();
}

}  // namespace

TEST_CASE("migrations: a fresh database gets every bundled migration", "[storage][migrations]") {
  auto db = memory_db();
  auto report = storage::migrate(*db);
  REQUIRE(report);
  CHECK(report->from_version == 0);
  CHECK(report->to_version == static_cast<int>(schema::bundled_migrations().size()));
  CHECK(*storage::schema_version(*db) == report->to_version);
  CHECK(db->tableExists("municipality"));
  CHECK(db->tableExists("account"));
}

TEST_CASE("migrations: running them again changes nothing", "[storage][migrations]") {
  auto db = memory_db();
  REQUIRE(storage::migrate(*db));
  const int tables = table_count(*db);
  auto again = storage::migrate(*db);
  REQUIRE(again);
  CHECK(again->from_version == again->to_version);
  CHECK(table_count(*db) == tables);
}

TEST_CASE("migrations: a failing migration leaves the database unchanged", "[storage][migrations]") {
  auto db = memory_db();
  const schema::migration steps[] = {
      {1, "0001_good.sql", "CREATE TABLE first (id INTEGER PRIMARY KEY);"},
      {2, "0002_bad.sql", "CREATE TABLE second (id INTEGER PRIMARY KEY); INSERT INTO missing VALUES (1);"},
  };
  auto report = storage::migrate(*db, steps);
  REQUIRE_FALSE(report);
  CHECK_THAT(report.err().message(), Catch::Contains("0002_bad.sql") && Catch::Contains("missing"));
  CHECK(*storage::schema_version(*db) == 0);
  CHECK(table_count(*db) == 0);
}

TEST_CASE("migrations: only the pending ones run on an older database", "[storage][migrations]") {
  auto db = memory_db();
  const schema::migration first[] = {{1, "0001_a.sql", "CREATE TABLE a (id INTEGER);"}};
  REQUIRE(storage::migrate(*db, first));
  const schema::migration both[] = {{1, "0001_a.sql", "CREATE TABLE a (id INTEGER);"},
                                    {2, "0002_b.sql", "CREATE TABLE b (id INTEGER);"}};
  auto report = storage::migrate(*db, both);
  REQUIRE(report);
  CHECK(report->from_version == 1);
  CHECK(report->to_version == 2);
  CHECK(db->tableExists("b"));
}

TEST_CASE("migrations: a database newer than this build is refused", "[storage][migrations]") {
  auto db = memory_db();
  db->exec("PRAGMA user_version = 999");
  auto report = storage::migrate(*db);
  REQUIRE_FALSE(report);
  CHECK_THAT(report.err().message(), Catch::Contains("999"));
}

TEST_CASE("migrations: numbers out of sequence are refused before touching the database", "[storage][migrations]") {
  auto db = memory_db();
  const schema::migration gap[] = {{1, "0001_a.sql", "CREATE TABLE a (id INTEGER);"},
                                   {3, "0003_c.sql", "CREATE TABLE c (id INTEGER);"}};
  REQUIRE_FALSE(storage::migrate(*db, gap));
  CHECK(table_count(*db) == 0);
}

TEST_CASE("migrations: connections enforce foreign keys", "[storage][migrations]") {
  auto db = memory_db();
  REQUIRE(storage::migrate(*db));
  CHECK_THROWS(
      db->exec("INSERT INTO account (municipality_id, role, email, display_name) "
               "VALUES (42, 'seeker', 'a@b.dk', 'A')"));
}
