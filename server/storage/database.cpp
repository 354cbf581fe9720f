#include "storage/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <filesystem>

namespace kreds::storage {

kreds::error to_error(const SQLite::Exception& failure) {
  const int primary = failure.getErrorCode() & 0xff;
  std::string message = std::string("database: ") + failure.what();
  switch (primary) {
    case SQLITE_CONSTRAINT:
      return kreds::error{errc::conflict, std::move(message)}.with_private_message();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return kreds::error{errc::unavailable, std::move(message)}.with_private_message();
    default:
      return kreds::error{errc::storage_failure, std::move(message)};
  }
}

result<std::unique_ptr<SQLite::Database>> open_database(const database_options& options, access mode) {
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL" && options.synchronous != "EXTRA") {
    return kreds::error{errc::invalid_field,
                        "synchronous must be NORMAL, FULL or EXTRA, not '" + options.synchronous + "'",
                        "database.synchronous"};
  }
  try {
    const bool writable = mode == access::read_write;
    if (writable && options.path != ":memory:" && options.path.rfind("file:", 0) != 0) {
      const auto parent = std::filesystem::path(options.path).parent_path();
      std::error_code ignored;
      if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
    }
    const int flags = (writable ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE : SQLite::OPEN_READONLY) |
                      SQLite::OPEN_URI | SQLITE_OPEN_NOMUTEX;
    auto db = std::make_unique<SQLite::Database>(options.path, flags, static_cast<int>(options.busy_timeout.count()));
    // WAL lets readers work while the writer commits; it is a property of the
    // file, so only a writable connection needs to (and can) set it.
    if (writable && options.path != ":memory:") db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA synchronous = " + options.synchronous);
    // Deleted and overwritten content is zeroed in the file, so an erased
    // person's text does not linger in free space (see truncate_wal too).
    if (writable) db->exec("PRAGMA secure_delete = ON");
    return db;
  } catch (const SQLite::Exception& failure) {
    return to_error(failure);
  }
}

bool truncate_wal(SQLite::Database& db) {
  SQLite::Statement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  return checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0;
}

}  // namespace kreds::storage
