#include "storage/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <filesystem>

namespace kreds::storage {

result<backup_report> backup_database(const database_options& source, const std::string& destination) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (destination.empty()) return kreds::error{errc::invalid_field, "backup: no destination file given", "FILE"};
  if (fs::exists(destination, ec)) {
    return kreds::error{errc::conflict, "backup: " + destination + " already exists; choose a new file name", "FILE"};
  }
  if (!fs::exists(source.path, ec)) {
    return kreds::error{errc::not_found, "backup: no database at " + source.path, "database.path"};
  }
  auto from = open_database(source, access::read_only);
  KREDS_RETURN_IF_ERROR(from);

  const std::string partial = destination + ".partial";
  fs::remove(partial, ec);
  try {
    int pages = 0;
    {
      SQLite::Database to(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(to, **from);
      // -1 copies every page in one step under one read transaction: a single
      // consistent snapshot even while the server keeps writing.
      int status = backup.executeStep(-1);
      while (status == SQLITE_BUSY || status == SQLITE_LOCKED) status = backup.executeStep(-1);
      pages = backup.getTotalPageCount();
    }
    fs::rename(partial, destination, ec);
    if (ec) {
      fs::remove(partial, ec);
      return kreds::error{errc::storage_failure, "backup: cannot move the copy into place at " + destination};
    }
    return backup_report{pages};
  } catch (const SQLite::Exception& failure) {
    fs::remove(partial, ec);
    auto failed = to_error(failure);
    return kreds::error{failed.code(), "backup: " + failed.message()};
  }
}

}  // namespace kreds::storage
