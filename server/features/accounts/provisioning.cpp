#include "features/accounts/provisioning.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "platform/json_input.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

result<std::int64_t> create_municipality(SQLite::Database& db, const std::string& code, const std::string& name) {
  SQLite::Statement exists(db, "SELECT 1 FROM municipality WHERE code = ?");
  exists.bind(1, code);
  if (exists.executeStep()) {
    return kreds::error{errc::conflict, "a municipality with code '" + code + "' already exists", "municipality-code"};
  }
  SQLite::Statement insert(db, "INSERT INTO municipality (code, name) VALUES (?, ?)");
  storage::bind_all(insert, code, name);
  insert.exec();
  return db.getLastInsertRowid();
}

result<std::int64_t> create_account(SQLite::Database& db, std::int64_t municipality_id, role account_role,
                                    const std::string& email, const std::string& display_name,
                                    const std::string& password_hash) {
  SQLite::Statement insert(db,
                           "INSERT INTO account (municipality_id, role, email, display_name, password_hash) "
                           "VALUES (?, ?, ?, ?, ?)");
  storage::bind_all(insert, municipality_id, std::string(to_string(account_role)), email, display_name);
  if (password_hash.empty()) {
    insert.bind(5);
  } else {
    insert.bind(5, password_hash);
  }
  insert.exec();
  return db.getLastInsertRowid();
}

result<void> validate_new_admin(const std::string& code, const std::string& name, const std::string& email,
                                const std::string& display_name, const std::string& password) {
  if (code.empty() || code.size() > 16 || !std::all_of(code.begin(), code.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '-';
      })) {
    return kreds::error{errc::invalid_field, "municipality-code must be 1-16 of 0-9, a-z and '-' (e.g. 751)",
                        "municipality-code"};
  }
  if (utf8_length(name) < 1 || utf8_length(name) > 100) {
    return kreds::error{errc::invalid_field, "municipality-name must be 1-100 characters", "municipality-name"};
  }
  const auto at = email.find('@');
  if (email.size() < 3 || email.size() > 254 || at == std::string::npos || at == 0 || at + 1 == email.size() ||
      email.find_first_of(" \t\r\n<>\",;") != std::string::npos ||
      std::any_of(email.begin(), email.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
    return kreds::error{errc::invalid_field, "email must be a lower-case e-mail address", "email"};
  }
  if (utf8_length(display_name) < 1 || utf8_length(display_name) > 100) {
    return kreds::error{errc::invalid_field, "name must be 1-100 characters", "name"};
  }
  if (utf8_length(password) < 10 || utf8_length(password) > 128) {
    return kreds::error{errc::invalid_field, "the password must be 10-128 characters", "password"};
  }
  return {};
}

}  // namespace kreds::features
