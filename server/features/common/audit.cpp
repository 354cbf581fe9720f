#include "features/common/audit.hpp"
#include "storage/binding.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kreds::features {

void append_audit(SQLite::Database& db, const caller& actor, std::int64_t subject, const std::string& action,
                  const std::string& purpose, const std::string& now) {
  SQLite::Statement audit(
      db,
      "INSERT INTO audit_log (municipality_id, at, actor_id, actor_role, subject_id, action, purpose) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(audit, actor.municipality_id, now, actor.account_id, std::string(to_string(actor.role)), subject,
                    action, purpose);
  audit.exec();
}

}  // namespace kreds::features
