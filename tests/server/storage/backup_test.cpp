#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "storage/backup.hpp"
#include "storage/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace kreds;

TEST_CASE("backup: the copy holds the same data and schema version", "[storage][backup]") {
  testing::temp_dir dir;
  storage::database_options source{dir.file("live.sqlite3")};
  {
    auto db = storage::open_database(source);
    REQUIRE(db);
    REQUIRE(storage::migrate(**db));
    (*db)->exec("INSERT INTO municipality (code, name) VALUES ('751', 'Aarhus')");
  }
  auto report = storage::backup_database(source, dir.file("copy.sqlite3"));
  REQUIRE(report);
  CHECK(report->pages > 0);
  SQLite::Database copy(dir.file("copy.sqlite3"));
  CHECK(copy.execAndGet("SELECT name FROM municipality").getString() == "Aarhus");
  CHECK(copy.execAndGet("PRAGMA user_version").getInt() == static_cast<int>(schema::bundled_migrations().size()));
  CHECK_FALSE(std::filesystem::exists(dir.file("copy.sqlite3.partial")));
}

TEST_CASE("backup: an existing destination is never overwritten", "[storage][backup]") {
  testing::temp_dir dir;
  storage::database_options source{dir.file("live.sqlite3")};
  REQUIRE(storage::open_database(source));
  std::ofstream(dir.file("taken")) << "precious";
  auto report = storage::backup_database(source, dir.file("taken"));
  REQUIRE_FALSE(report);
  CHECK(report.err().code() == errc::conflict);
  std::ifstream kept(dir.file("taken"));
  std::string text;
  kept >> text;
  CHECK(text == "precious");
}

TEST_CASE("backup: a missing source database is reported, not created", "[storage][backup]") {
  testing::temp_dir dir;
  auto report = storage::backup_database({dir.file("absent.sqlite3")}, dir.file("copy.sqlite3"));
  REQUIRE_FALSE(report);
  CHECK(report.err().code() == errc::not_found);
  CHECK_FALSE(std::filesystem::exists(dir.file("absent.sqlite3")));
}
