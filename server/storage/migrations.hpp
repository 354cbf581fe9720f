// Applying the numbered migrations of schema/ to a database.
//
// The database's schema version is `PRAGMA user_version`. migrate() applies
// every migration newer than it, in order, in one transaction: either all of
// them take effect or, on any failure, none do and the database is unchanged.
// A database newer than the migrations this build knows is refused. Call from
// the thread that owns the connection (start-up, or `kreds migrate`).
#pragma once

#include <span>

#include "core/result.hpp"
#include "schema/migrations.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::storage {

struct migration_report {
  int from_version = 0;
  int to_version = 0;
};

result<int> schema_version(SQLite::Database& db);

result<migration_report> migrate(SQLite::Database& db,
                                 std::span<const schema::migration> migrations = schema::bundled_migrations());

}  // namespace kreds::storage
