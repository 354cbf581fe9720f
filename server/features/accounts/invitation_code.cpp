#include "features/accounts/invitation_code.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "platform/credentials.hpp"

namespace kreds::features {

void void_open_codes(SQLite::Database& db, std::int64_t account_id, const std::string& now) {
  SQLite::Statement void_codes(db,
                               "UPDATE invitation SET accepted_at = ? WHERE account_id = ? AND accepted_at IS NULL");
  void_codes.bind(1, now);
  void_codes.bind(2, account_id);
  void_codes.exec();
}

void store_invitation_code(SQLite::Database& db, const caller& who, std::int64_t account_id, const std::string& code,
                           code_purpose purpose, const std::string& created, const std::string& expires) {
  void_open_codes(db, account_id, created);
  const auto hash = hash_token(normalize_invitation_code(code));
  SQLite::Statement invitation(db,
                               "INSERT INTO invitation (municipality_id, code_hash, account_id, invited_by, "
                               "created_at, expires_at, purpose) VALUES (?, ?, ?, ?, ?, ?, ?)");
  invitation.bind(1, who.municipality_id);
  invitation.bind(2, hash.data(), static_cast<int>(hash.size()));
  invitation.bind(3, account_id);
  invitation.bind(4, who.account_id);
  invitation.bind(5, created);
  invitation.bind(6, expires);
  invitation.bind(7, purpose == code_purpose::reset ? "reset" : "invitation");
  invitation.exec();
}

}  // namespace kreds::features
