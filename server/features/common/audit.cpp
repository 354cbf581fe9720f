#include "features/common/audit.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kreds::features {

void append_audit(SQLite::Database& db, const caller& actor, std::int64_t subject, const std::string& action,
                  const std::string& purpose, const std::string& now) {
  SQLite::Statement audit(db,
                          "INSERT INTO audit_log (municipality_id, at, actor_id, actor_role, subject_id, action, purpose) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  audit.bind(1, actor.municipality_id);
  audit.bind(2, now);
  audit.bind(3, actor.account_id);
  audit.bind(4, std::string(to_string(actor.role)));
  audit.bind(5, subject);
  audit.bind(6, action);
  audit.bind(7, purpose);
  audit.exec();
}

}  // namespace kreds::features
