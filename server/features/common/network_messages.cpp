#include "features/common/network_messages.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <limits>

#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;

kreds::error not_in_network() { return {errc::forbidden, "you are not in this network", "network_id"}; }

result<std::int64_t> id_field(const json::object& payload, std::string_view name) {
  return integer_field(payload, name, 1, std::numeric_limits<std::int64_t>::max());
}

result<bool> bool_field(const json::object& payload, std::string_view name) {
  const auto* found = payload.if_contains(name);
  if (!found || !found->is_bool()) {
    return kreds::error{errc::invalid_field, std::string(name) + " must be true or false", std::string(name)};
  }
  return found->as_bool();
}

bool valid_web_link(std::string_view link) {
  if (link.empty()) return true;
  const bool web = link.starts_with("https://") || link.starts_with("http://");
  return web && link.size() > 8 && std::none_of(link.begin(), link.end(), [](unsigned char ch) {
           return ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\';
         });
}

void publish_to_network(context& ctx, std::int64_t network_id, std::string_view type, const json::value& payload) {
  ctx.hub().publish("network:" + std::to_string(network_id),
                    std::make_shared<const std::string>(serialize_message(type, {}, payload)));
}

void publish_to_account(context& ctx, std::int64_t account_id, std::string_view type, const json::value& payload) {
  ctx.hub().publish("account:" + std::to_string(account_id),
                    std::make_shared<const std::string>(serialize_message(type, {}, payload)));
}

json::object person_json(SQLite::Database& db, std::int64_t account_id) {
  SQLite::Statement name(db, "SELECT display_name FROM account WHERE id = ?");
  name.bind(1, account_id);
  return json::object{{"id", account_id},
                      {"display_name", name.executeStep() ? name.getColumn(0).getString() : std::string()}};
}

json::object member_json(SQLite::Database& db, std::int64_t account_id) {
  auto person = person_json(db, account_id);
  return json::object{{"account_id", account_id}, {"display_name", person.at("display_name")}};
}

std::vector<network_member_row> current_members(SQLite::Database& db, std::int64_t network_id) {
  SQLite::Statement query(db,
                          "SELECT a.id, a.display_name, m.alumnus_since IS NOT NULL FROM network_member m "
                          "JOIN account a ON a.id = m.account_id WHERE m.network_id = ? AND m.left_at IS NULL "
                          "ORDER BY a.display_name, a.id");
  query.bind(1, network_id);
  std::vector<network_member_row> members;
  while (query.executeStep()) {
    members.push_back(
        {query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getInt() != 0});
  }
  return members;
}

bool facilitates(SQLite::Database& db, const caller& who, std::int64_t network_id) {
  SQLite::Statement query(db,
                          "SELECT 1 FROM network WHERE id = ? AND municipality_id = ? AND facilitator_id = ? "
                          "AND closed_at IS NULL");
  storage::bind_all(query, network_id, who.municipality_id, who.account_id);
  return query.executeStep();
}

std::int64_t facilitator_of(SQLite::Database& db, std::int64_t network_id) {
  SQLite::Statement query(db, "SELECT facilitator_id FROM network WHERE id = ?");
  query.bind(1, network_id);
  return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

}  // namespace kreds::features
