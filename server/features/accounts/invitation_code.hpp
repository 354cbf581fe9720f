// A one-time code that lets a person set the password of an account: an
// invitation's, or a staff password reset's. Only the code's hash is
// stored; the code is shown once, to whoever made it, and is used up when
// the person accepts it (POST /api/v1/invitations/{code}/accept).
#pragma once

#include <cstdint>
#include <string>

#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

enum class code_purpose { invitation, reset };

// On the writer: stores `code` for `account_id`, made by `who`, valid until `expires`. Any earlier open code of
// the account is void from now on: only the newest can set the password.
void store_invitation_code(SQLite::Database& db, const caller& who, std::int64_t account_id, const std::string& code,
                           code_purpose purpose, const std::string& created, const std::string& expires);

// On the writer: voids every open code of the account (its password was just set, by a code or by the person).
void void_open_codes(SQLite::Database& db, std::int64_t account_id, const std::string& now);

}  // namespace kreds::features
