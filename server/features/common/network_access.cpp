#include "features/common/network_access.hpp"
#include "storage/binding.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kreds::features {

bool in_network(SQLite::Database& db, const caller& who, std::int64_t network_id) {
  SQLite::Statement query(
      db,
      "SELECT 1 FROM network n WHERE n.id = ? AND n.municipality_id = ? AND n.closed_at IS NULL "
      "AND (n.facilitator_id = ? OR EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = n.id "
      "AND m.account_id = ? AND m.left_at IS NULL))");
  storage::bind_all(query, network_id, who.municipality_id, who.account_id, who.account_id);
  return query.executeStep();
}

bool is_member(SQLite::Database& db, const caller& who, std::int64_t network_id) {
  SQLite::Statement query(
      db,
      "SELECT 1 FROM network n JOIN network_member m ON m.network_id = n.id WHERE n.id = ? "
      "AND n.municipality_id = ? AND n.closed_at IS NULL AND m.account_id = ? AND m.left_at IS NULL");
  storage::bind_all(query, network_id, who.municipality_id, who.account_id);
  return query.executeStep();
}

std::vector<std::int64_t> networks_of(SQLite::Database& db, const caller& who) {
  // Two indexed lookups (facilitated, member of) rather than a subquery per
  // network of the municipality: every WebSocket open asks this.
  SQLite::Statement query(
      db,
      "SELECT n.id FROM network n WHERE n.municipality_id = ?1 AND n.closed_at IS NULL AND "
      "n.facilitator_id = ?2 UNION SELECT n.id FROM network_member m JOIN network n ON n.id = m.network_id "
      "WHERE m.account_id = ?2 AND m.left_at IS NULL AND n.municipality_id = ?1 AND n.closed_at IS NULL "
      "ORDER BY 1");
  storage::bind_all(query, who.municipality_id, who.account_id);
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

}  // namespace kreds::features
