#include "storage/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include "storage/database.hpp"

namespace kreds::storage {

result<int> schema_version(SQLite::Database& db) {
  try {
    return db.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& failure) {
    return to_error(failure);
  }
}

result<migration_report> migrate(SQLite::Database& db, std::span<const schema::migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return kreds::error{errc::internal, "migration " + std::string(migrations[i].name) +
                                              " is out of sequence: expected number " + std::to_string(i + 1)};
    }
  }
  auto current = schema_version(db);
  KREDS_RETURN_IF_ERROR(current);
  const int latest = static_cast<int>(migrations.size());
  migration_report report{*current, *current};
  if (*current > latest) {
    return kreds::error{errc::unavailable, "the database has schema version " + std::to_string(*current) +
                                               " but this kreds knows only up to " + std::to_string(latest) +
                                               "; run a newer kreds or restore a backup"};
  }
  if (*current == latest) return report;

  const schema::migration* running = nullptr;
  try {
    // IMMEDIATE takes the write lock up front, so two processes migrating the
    // same file cannot interleave.
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const auto& step : migrations.subspan(static_cast<std::size_t>(*current))) {
      running = &step;
      db.exec(std::string(step.sql));
      db.exec("PRAGMA user_version = " + std::to_string(step.version));
    }
    transaction.commit();
  } catch (const SQLite::Exception& failure) {
    auto failed = to_error(failure);
    return kreds::error{failed.code(), "migration " + std::string(running ? running->name : "?") +
                                           " failed, database left unchanged: " + failed.message()};
  }
  report.to_version = latest;
  return report;
}

}  // namespace kreds::storage
