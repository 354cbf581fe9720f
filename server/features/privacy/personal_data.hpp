// What Kreds holds about a person, table by table (docs/privacy.md): why it
// is held, how a seeker's rows are found for the export, and what erasure
// does to them — deleted, pseudonymised (the row stays for the others or
// for statistics, without what identifies the person) or kept because the
// law requires it, for how long. Every table of the schema has a rule; a
// test fails when a new table has none.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "features/common/feature.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct personal_data_rule {
  const char* table;
  const char* purpose_da;
  const char* purpose_en;
  // The person's rows (?1 = account id), or nullptr when the table holds no personal data.
  const char* export_sql;
  const char* on_erasure;  // "deleted", "pseudonymised", "kept" or "none"
  // Run at erasure (?1 = account id, ?2 = now); nullptr when nothing changes.
  const char* erase_sql;
  const char* kept_because_da;  // when kept: the legal reason; nullptr otherwise
  const char* kept_because_en;
};

// The [retention] period that deletes a table's rows in time, if any
// ("chat_messages_days"); see features/privacy/retention.hpp.
const char* retention_key_of(std::string_view table);

const std::vector<personal_data_rule>& personal_data_rules();

// {"exported_at", "account_id", "tables": {table: [row, ...]}}.
boost::json::object export_personal_data(SQLite::Database& db, std::int64_t account_id, const std::string& now);

// The export as a readable, self-contained HTML page (all text escaped).
std::string export_as_html(const boost::json::object& exported, const std::string& language);

struct erasure_counts {
  std::int64_t deleted = 0;
  std::int64_t pseudonymised = 0;
};

// Withdraws consent, closes memberships and applies every rule (writer only).
// With delete_messages the texts of the person's chat messages are erased too.
erasure_counts erase_personal_data(SQLite::Database& db, std::int64_t account_id, bool delete_messages,
                                   const std::string& now);

}  // namespace kreds::features
