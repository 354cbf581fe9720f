// `kreds backup FILE`: a consistent copy of a live database.
//
// Uses SQLite's online backup API on its own connection, so it is safe while
// the server runs and writes: the copy is one consistent snapshot. The copy
// is written to FILE.partial and renamed into place only when complete; an
// existing FILE is never overwritten. Call from any thread.
#pragma once

#include <string>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace kreds::storage {

struct backup_report {
  int pages = 0;
};

result<backup_report> backup_database(const database_options& source, const std::string& destination);

}  // namespace kreds::storage
