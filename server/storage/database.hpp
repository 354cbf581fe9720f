// Opening Kreds' SQLite database and turning SQLite failures into kreds::error.
//
// Every connection Kreds opens goes through open_database(), so WAL mode,
// foreign keys, the busy timeout and the synchronous level are set the same
// way everywhere. A SQLite::Database is used by one thread at a time: the
// writer thread owns one, each reader thread owns one.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace SQLite {
class Database;
class Exception;
}  // namespace SQLite

namespace kreds::storage {

struct database_options {
  std::string path = "var/kreds.sqlite3";
  std::chrono::milliseconds busy_timeout{5000};
  // FULL makes every commit durable on power loss, not only on a crash of
  // the process; NORMAL trades that for speed. See config/kreds.toml.
  std::string synchronous = "FULL";
};

enum class access { read_write, read_only };

// Opens (creating when read_write) the database and applies the pragmas.
result<std::unique_ptr<SQLite::Database>> open_database(const database_options& options,
                                                        access mode = access::read_write);

// A SQLite::Exception as a kreds::error: constraint violations become
// errc::conflict, "busy" and "locked" errc::unavailable, the rest
// errc::storage_failure, with SQLite's own message.
kreds::error to_error(const SQLite::Exception& failure);

// Copies the WAL into the database and truncates it to zero bytes, so what
// was overwritten or deleted (an erasure) is no longer in the -wal file.
// Outside any transaction (a writer job that runs alone). False when a
// reader held it back (the WAL is then checkpointed later as usual).
bool truncate_wal(SQLite::Database& db);

}  // namespace kreds::storage
