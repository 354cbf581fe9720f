#include "features/networks/membership.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/networks/routes.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

bool close_membership(SQLite::Database& db, std::int64_t network_id, std::int64_t account_id, const std::string& reason,
                      const std::string& now) {
  SQLite::Statement update(
      db,
      "UPDATE network_member SET left_at = ?, left_reason = ? WHERE network_id = ? AND account_id = ? "
      "AND left_at IS NULL");
  storage::bind_all(update, now, reason, network_id, account_id);
  return update.exec() > 0;
}

void announce_departure(context& ctx, const json::object& member) {
  const auto network = member.at("network_id").as_int64();
  ctx.connections().unsubscribe_account(member.at("account_id").as_int64(), "network:" + std::to_string(network),
                                        ctx.hub());
  publish_to_network(ctx, network, "member.left", member);
}

namespace {

// network.leave {network_id, reason?}
awaitable<result<reply>> leave(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "reason"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto reason = optional_string_field(p, "reason", 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), network = *network, reason = reason->value_or(""),
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
        if (!is_member(db, who, network)) return not_in_network();
        close_membership(db, network, who.account_id, reason, now);
        auto member = member_json(db, who.account_id);
        member["network_id"] = network;
        return member;
      },
      [&ctx](const json::object& member) { announce_departure(ctx, member); });
  auto left = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(left);
  co_return reply{"network.left", json::object{{"network_id", left->at("network_id")}}};
}

}  // namespace

void register_membership_messages(context& ctx, message_router& messages) {
  messages.add("network.leave", permission::use_session, effect::changes, reveals_nobody, ctx, leave);
}

}  // namespace kreds::features
