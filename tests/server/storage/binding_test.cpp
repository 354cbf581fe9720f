// bind_all and read_row: values go in by position and come back typed, with
// std::optional standing for SQL NULL both ways.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "storage/binding.hpp"
#include "storage/row.hpp"

namespace {

SQLite::Database memory_db() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t (i INTEGER, n INTEGER, r REAL, s TEXT, o TEXT, b INTEGER)");
  return db;
}

}  // namespace

TEST_CASE("bind_all binds in order and an empty optional binds NULL, read_row reads the same values back") {
  auto db = memory_db();
  SQLite::Statement insert(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
  const std::optional<std::string> none;
  kreds::storage::bind_all(insert, 7, std::int64_t{1} << 40, 2.5, std::string("tekst"), none, true);
  insert.exec();

  SQLite::Statement query(db, "SELECT i, n, r, s, o, b, o IS NULL FROM t");
  REQUIRE(query.executeStep());
  const auto [i, n, r, s, o, b, o_is_null] =
      kreds::storage::read_row<int, std::int64_t, double, std::string, std::optional<std::string>, bool, bool>(query);
  CHECK(i == 7);
  CHECK(n == (std::int64_t{1} << 40));
  CHECK(r == 2.5);
  CHECK(s == "tekst");
  CHECK_FALSE(o.has_value());
  CHECK(b);
  CHECK(o_is_null);
}

TEST_CASE("read_row gives an optional its value when the column is not NULL") {
  auto db = memory_db();
  SQLite::Statement insert(db, "INSERT INTO t (i, o) VALUES (?, ?)");
  kreds::storage::bind_all(insert, std::optional<int>(3), std::optional<std::string>("x"));
  insert.exec();
  SQLite::Statement query(db, "SELECT i, o, n FROM t");
  REQUIRE(query.executeStep());
  const auto [i, o, n] =
      kreds::storage::read_row<std::optional<int>, std::optional<std::string>, std::optional<std::int64_t>>(query);
  CHECK(i == std::optional<int>(3));
  CHECK(o == std::optional<std::string>("x"));
  CHECK_FALSE(n.has_value());
}
