#include "features/common/seeker_access.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "storage/binding.hpp"

namespace kreds::features {

result<std::string> readable_seeker(SQLite::Database& db, const caller& who, std::int64_t seeker) {
  SQLite::Statement row(db,
                        "SELECT a.display_name, EXISTS (SELECT 1 FROM consent c WHERE c.account_id = a.id AND "
                        "c.withdrawn_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.account_id = "
                        "a.id AND c.withdrawn_at IS NULL) FROM account a WHERE a.id = ? AND a.municipality_id = ? AND "
                        "a.role = 'seeker'");
  storage::bind_all(row, seeker, who.municipality_id);
  if (!row.executeStep()) return kreds::error{errc::not_found, "no such seeker"};
  if (row.getColumn(1).getInt() != 0) {
    return kreds::error{errc::forbidden,
                        "the citizen has withdrawn consent: their profile, answers and outcome are no longer shown"};
  }
  return row.getColumn(0).getString();
}

}  // namespace kreds::features
