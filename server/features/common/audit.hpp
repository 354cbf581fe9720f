// The audit log: every read or change of another person's personal data by
// staff appends a row (who, whose, what, why, when) in the same transaction
// as the read or change, before any data is sent. The table refuses updates
// and deletes (schema/0002). Runs on a storage thread; may throw
// SQLite::Exception.
#pragma once

#include <cstdint>
#include <string>

#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

void append_audit(SQLite::Database& db, const caller& actor, std::int64_t subject, const std::string& action,
                  const std::string& purpose, const std::string& now);

}  // namespace kreds::features
