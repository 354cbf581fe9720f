// Creating municipalities and accounts directly in the database: for the
// `kreds admin create` and `kreds demo` commands and for tests. (Everyday
// account creation goes through invitations, see account_routes.cpp.)
// Functions run on the caller's connection, inside the caller's transaction,
// and may throw SQLite::Exception; the caller must hold the only writer.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

result<std::int64_t> create_municipality(SQLite::Database& db, const std::string& code, const std::string& name);

// password_hash from hash_password(); empty leaves the account without a
// password (it cannot log in until a password is set).
result<std::int64_t> create_account(SQLite::Database& db, std::int64_t municipality_id, role account_role,
                                    const std::string& email, const std::string& display_name,
                                    const std::string& password_hash);

// Checks an administrator's input: code 1-16 of [0-9a-z-], name 1-100,
// e-mail shape, password 10-128 characters.
result<void> validate_new_admin(const std::string& code, const std::string& name, const std::string& email,
                                const std::string& display_name, const std::string& password);

}  // namespace kreds::features
