#include "features/chat/chat.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/chat/routes.hpp"
#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

json::object message_json(SQLite::Statement& row) {
  // columns: network_id, seq, author_id, display_name, body, created_at, client_id, edited_at, deleted_at
  json::object out{
      {"network_id", row.getColumn(0).getInt64()},
      {"seq", row.getColumn(1).getInt64()},
      {"author", json::object{{"id", row.getColumn(2).getInt64()}, {"display_name", row.getColumn(3).getString()}}},
      {"body", row.getColumn(4).getString()},
      {"created_at", row.getColumn(5).getString()},
      {"client_id", row.getColumn(6).getString()}};
  if (!row.getColumn(7).isNull()) out["edited_at"] = row.getColumn(7).getString();
  if (!row.getColumn(8).isNull()) out["deleted"] = true;
  return out;
}

constexpr const char* select_messages =
    "SELECT c.network_id, c.seq, c.author_id, a.display_name, c.body, c.created_at, c.client_id, c.edited_at, "
    "c.deleted_at FROM chat_message c JOIN account a ON a.id = c.author_id ";

result<std::int64_t> network_field(const json::object& payload) {
  return integer_field(payload, "network_id", 1, std::numeric_limits<std::int64_t>::max());
}

struct posted {
  json::object message;
  bool is_new = false;
};

awaitable<result<reply>> post(context& ctx, connection& from, const envelope& message) {
  const auto& payload = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(payload, {"network_id", "client_id", "body"}));
  auto network = network_field(payload);
  KREDS_CO_RETURN_IF_ERROR(network);
  auto client_id = string_field(payload, "client_id", 1, 64);
  KREDS_CO_RETURN_IF_ERROR(client_id);
  auto body = string_field(payload, "body", 1, ctx.settings().limits.chat_max_characters);
  KREDS_CO_RETURN_IF_ERROR(body);
  const auto& who = from.who();
  auto storing = write_db<posted>(
      ctx.writer(),
      [who, network = *network, client_id = *client_id, body = *body, limit = &ctx.post_limit(),
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<posted> {
        if (!in_network(db, who, network)) return not_in_network();
        {
          // A retry after a lost acknowledgement: the same message, not a new
          // one, and answered even while the poster is rate-limited.
          SQLite::Statement again(db, std::string(select_messages) + "WHERE c.author_id = ? AND c.client_id = ?");
          storage::bind_all(again, who.account_id, client_id);
          if (again.executeStep()) {
            if (again.getColumn(0).getInt64() != network) {
              return kreds::error{errc::conflict, "client_id was already used for another network", "client_id"};
            }
            return posted{message_json(again), false};
          }
        }
        if (const auto wait = limit->try_post(who.account_id); wait > 0) {
          return kreds::error{errc::rate_limited, "slow down: you can post again in " + std::to_string(wait) + " s"}
              .with_retry_after(wait);
        }
        SQLite::Statement insert(
            db,
            "INSERT INTO chat_message (network_id, municipality_id, seq, author_id, client_id, body, "
            "created_at) VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM chat_message "
            "WHERE network_id = ?1), ?3, ?4, ?5, ?6)");
        storage::bind_all(insert, network, who.municipality_id, who.account_id, client_id, body, now);
        insert.exec();
        SQLite::Statement stored(db, std::string(select_messages) + "WHERE c.id = ?");
        stored.bind(1, db.getLastInsertRowid());
        stored.executeStep();
        return posted{message_json(stored), true};
      },
      // On the writer thread, in commit order: members see sequence order.
      [&ctx](const posted& result_message) {
        if (!result_message.is_new) return;
        ctx.hub().publish(
            "network:" + std::to_string(result_message.message.at("network_id").as_int64()),
            std::make_shared<const std::string>(serialize_message("chat.message", {}, result_message.message)));
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  const auto& m = stored->message;
  co_return reply{"chat.ack", json::object{{"network_id", m.at("network_id")},
                                           {"seq", m.at("seq")},
                                           {"client_id", m.at("client_id")},
                                           {"created_at", m.at("created_at")}}};
}

// {"since": {"12": 40, "15": 0}} -> every message after those, network by network, in order.
awaitable<result<reply>> sync(context& ctx, connection& from, const envelope& message) {
  const auto& payload = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(payload, {"since"}));
  const auto* since = payload.if_contains("since");
  if (!since || !since->is_object() || since->as_object().size() > 50) {
    co_return kreds::error{errc::invalid_field,
                           "since must map up to 50 network ids to the last sequence number you have", "since"};
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> wanted;
  for (const auto& entry : since->as_object()) {
    std::int64_t network = 0;
    const std::string key(entry.key());
    if (key.empty() || key.size() > 18 ||
        !std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
        !entry.value().is_int64() || entry.value().as_int64() < 0) {
      co_return kreds::error{errc::invalid_field, "since." + key + " must be a network id mapped to a number >= 0",
                             "since"};
    }
    network = std::stoll(key);
    wanted.emplace_back(network, entry.value().as_int64());
  }
  const auto batch = static_cast<std::int64_t>(ctx.settings().limits.chat_sync_batch);
  auto reading = read_db<json::array>(
      ctx.readers(), [who = from.who(), wanted, batch](SQLite::Database& db) -> result<json::array> {
        json::array networks;
        for (const auto& [network, after] : wanted) {
          if (!in_network(db, who, network)) return not_in_network();
          SQLite::Statement query(
              db, std::string(select_messages) + "WHERE c.network_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?");
          storage::bind_all(query, network, after, batch + 1);
          json::array messages;
          while (query.executeStep()) messages.push_back(message_json(query));
          const bool more = static_cast<std::int64_t>(messages.size()) > batch;
          if (more) messages.pop_back();
          networks.push_back(json::object{{"network_id", network}, {"messages", std::move(messages)}, {"more", more}});
        }
        return networks;
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"chat.synced", json::object{{"networks", std::move(*found)}}};
}

// {"network_id", "before_seq" (optional), "limit" (1-200)} -> older messages, oldest first.
awaitable<result<reply>> history(context& ctx, connection& from, const envelope& message) {
  const auto& payload = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(payload, {"network_id", "before_seq", "limit"}));
  auto network = network_field(payload);
  KREDS_CO_RETURN_IF_ERROR(network);
  std::int64_t before = std::numeric_limits<std::int64_t>::max();
  if (payload.contains("before_seq")) {
    auto value = integer_field(payload, "before_seq", 1, std::numeric_limits<std::int64_t>::max());
    KREDS_CO_RETURN_IF_ERROR(value);
    before = *value;
  }
  std::int64_t limit = 50;
  if (payload.contains("limit")) {
    auto value = integer_field(payload, "limit", 1, 200);
    KREDS_CO_RETURN_IF_ERROR(value);
    limit = *value;
  }
  auto reading = read_db<json::array>(
      ctx.readers(),
      [who = from.who(), network = *network, before, limit](SQLite::Database& db) -> result<json::array> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement query(
            db, std::string(select_messages) + "WHERE c.network_id = ? AND c.seq < ? ORDER BY c.seq DESC LIMIT ?");
        storage::bind_all(query, network, before, limit);
        json::array messages;
        while (query.executeStep()) messages.push_back(message_json(query));
        std::reverse(messages.begin(), messages.end());
        return messages;
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"chat.page", json::object{{"network_id", *network}, {"messages", std::move(*found)}}};
}

// chat.edit {network_id, seq, body} and chat.delete {network_id, seq}: the
// author's own messages only. A deletion keeps the message's place (seq) as a
// tombstone with its body erased. Members get chat.updated with the message.
awaitable<result<reply>> revise(context& ctx, connection& from, const envelope& message, bool erase) {
  const auto& payload = message.payload.as_object();
  if (auto known =
          erase ? only_fields(payload, {"network_id", "seq"}) : only_fields(payload, {"network_id", "seq", "body"});
      !known) {
    co_return std::move(known).err();
  }
  auto network = network_field(payload);
  KREDS_CO_RETURN_IF_ERROR(network);
  auto seq = integer_field(payload, "seq", 1, std::numeric_limits<std::int64_t>::max());
  KREDS_CO_RETURN_IF_ERROR(seq);
  std::string body;
  if (!erase) {
    auto text = string_field(payload, "body", 1, ctx.settings().limits.chat_max_characters);
    KREDS_CO_RETURN_IF_ERROR(text);
    body = std::move(*text);
  }
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), network = *network, seq = *seq, body, erase,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement update(db,
                                 erase ? "UPDATE chat_message SET body = '', deleted_at = ?1 WHERE network_id = ?2 AND "
                                         "seq = ?3 AND author_id = ?4 AND deleted_at IS NULL"
                                       : "UPDATE chat_message SET body = ?5, edited_at = ?1 WHERE network_id = ?2 AND "
                                         "seq = ?3 AND author_id = ?4 AND deleted_at IS NULL");
        storage::bind_all(update, now, network, seq, who.account_id);
        if (!erase) update.bind(5, body);
        if (update.exec() == 0) {
          return kreds::error{errc::forbidden, "you can change only your own messages that are not deleted", "seq"};
        }
        SQLite::Statement changed(db, std::string(select_messages) + "WHERE c.network_id = ? AND c.seq = ?");
        storage::bind_all(changed, network, seq);
        changed.executeStep();
        return message_json(changed);
      },
      [&ctx](const json::object& changed) {
        ctx.hub().publish("network:" + std::to_string(changed.at("network_id").as_int64()),
                          std::make_shared<const std::string>(serialize_message("chat.updated", {}, changed)));
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"chat.updated", std::move(*stored)};
}

// chat.report {network_id, seq, reason}: tells the network's caseworker.
awaitable<result<reply>> report(context& ctx, connection& from, const envelope& message) {
  const auto& payload = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(payload, {"network_id", "seq", "reason"}));
  auto network = network_field(payload);
  KREDS_CO_RETURN_IF_ERROR(network);
  auto seq = integer_field(payload, "seq", 1, std::numeric_limits<std::int64_t>::max());
  KREDS_CO_RETURN_IF_ERROR(seq);
  auto reason = string_field(payload, "reason", 3, 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  auto storing = write_db<std::int64_t>(
      ctx.writer(),
      [who = from.who(), network = *network, seq = *seq, reason = *reason,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<std::int64_t> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement insert(
            db,
            "INSERT INTO chat_report (municipality_id, message_id, reporter_id, reason, created_at) "
            "SELECT ?, id, ?, ?, ? FROM chat_message WHERE network_id = ? AND seq = ?");
        storage::bind_all(insert, who.municipality_id, who.account_id, reason, now, network, seq);
        if (insert.exec() == 0) return kreds::error{errc::not_found, "no such message", "seq"};
        SQLite::Statement facilitator(db, "SELECT facilitator_id FROM network WHERE id = ?");
        facilitator.bind(1, network);
        facilitator.executeStep();
        return facilitator.getColumn(0).getInt64();
      });
  auto caseworker = co_await std::move(storing);
  if (!caseworker) {
    if (caseworker.err().code() == errc::conflict)
      co_return kreds::error{errc::conflict, "you have already reported this message"};
    co_return std::move(caseworker).err();
  }
  ctx.hub().publish("account:" + std::to_string(*caseworker),
                    std::make_shared<const std::string>(
                        serialize_message("chat.reported", {}, json::object{{"network_id", *network}, {"seq", *seq}})));
  co_return reply{"chat.report_received", json::object{{"network_id", *network}, {"seq", *seq}}};
}

// presence.query {}: the state of everyone in the caller's networks, and of nobody else.
awaitable<result<reply>> presence_query(context& ctx, connection& from, const envelope& message) {
  KREDS_CO_CHECK(only_fields(message.payload.as_object(), {}));
  auto reading =
      read_db<json::array>(ctx.readers(), [who = from.who(), &ctx](SQLite::Database& db) -> result<json::array> {
        json::array members;
        for (auto network : networks_of(db, who)) {
          SQLite::Statement query(
              db,
              "SELECT a.id, a.display_name FROM account a WHERE a.id IN (SELECT account_id FROM "
              "network_member WHERE network_id = ?1 AND left_at IS NULL UNION SELECT facilitator_id "
              "FROM network WHERE id = ?1) ORDER BY a.display_name");
          query.bind(1, network);
          while (query.executeStep()) {
            const auto id = query.getColumn(0).getInt64();
            members.push_back(json::object{{"network_id", network},
                                           {"account_id", id},
                                           {"display_name", query.getColumn(1).getString()},
                                           {"state", ctx.connections().presence_of(id)}});
          }
        }
        return members;
      });
  auto members = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(members);
  co_return reply{"presence.list", json::object{{"members", std::move(*members)}}};
}

// presence.set {"state": "online" | "away"}.
awaitable<result<reply>> presence_set(context& ctx, connection& from, const envelope& message) {
  const auto& payload = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(payload, {"state"}));
  auto state = string_field(payload, "state", 1, 10);
  KREDS_CO_RETURN_IF_ERROR(state);
  if (*state != "online" && *state != "away")
    co_return kreds::error{errc::invalid_field, "state must be online or away", "state"};
  ctx.connections().set_away(from.who().account_id, *state == "away");
  auto announcing = announce_presence(ctx, from.who());
  KREDS_CO_CHECK(co_await std::move(announcing));
  co_return reply{"presence.set", json::object{{"state", *state}}};
}

}  // namespace

boost::asio::awaitable<result<void>> announce_presence(context& ctx, const caller& who) {
  auto reading = read_db<std::vector<std::int64_t>>(
      ctx.readers(), [who](SQLite::Database& db) -> result<std::vector<std::int64_t>> { return networks_of(db, who); });
  auto networks = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(networks);
  const auto state = ctx.connections().presence_of(who.account_id);
  for (auto network : *networks) {
    ctx.hub().publish("network:" + std::to_string(network), std::make_shared<const std::string>(serialize_message(
                                                                "presence", {},
                                                                json::object{{"network_id", network},
                                                                             {"account_id", who.account_id},
                                                                             {"display_name", who.display_name},
                                                                             {"state", state}})));
  }
  co_return result<void>{};
}

void register_chat_connection_hooks(context& ctx, connection_hooks& hooks) {
  // A new socket hears the chat of every network the account is in or
  // facilitates, and the members see the account online.
  hooks.on_open([&ctx](caller who, std::shared_ptr<subscriber> events) -> boost::asio::awaitable<void> {
    auto finding = read_db<std::vector<std::int64_t>>(
        ctx.readers(),
        [who](SQLite::Database& db) -> result<std::vector<std::int64_t>> { return networks_of(db, who); });
    auto networks = co_await std::move(finding);
    if (networks) {
      for (auto id : *networks) ctx.hub().subscribe("network:" + std::to_string(id), events);
    }
    auto announcing = announce_presence(ctx, who);
    (void)co_await std::move(announcing);
  });
  // If it was the account's last socket, its networks see it offline.
  hooks.on_close([&ctx](caller who, std::shared_ptr<subscriber>) -> boost::asio::awaitable<void> {
    auto leaving = announce_presence(ctx, who);
    (void)co_await std::move(leaving);
  });
}

// What a page of chat names: the messages' authors.
constexpr data_use chat_shown = shows_people("read_chat", "facilitating: the network's conversation", "author.id");

void register_chat_messages(context& ctx, message_router& messages) {
  messages.add("chat.post", permission::use_session, effect::changes, reveals_nobody, ctx, post);
  messages.add("chat.sync", permission::use_session, effect::reads, chat_shown, ctx, sync);
  messages.add("chat.history", permission::use_session, effect::reads, chat_shown, ctx, history);
  messages.add("presence.query", permission::use_session, effect::reads,
               shows_people("read_presence", "facilitating: who is online", "account_id"), ctx, presence_query);
  messages.add("presence.set", permission::use_session, effect::changes, reveals_nobody, ctx, presence_set);
  messages.add("chat.edit", permission::use_session, effect::changes, reveals_nobody,
               [&ctx](connection& from, const envelope& message) { return revise(ctx, from, message, false); });
  messages.add("chat.delete", permission::use_session, effect::changes, reveals_nobody,
               [&ctx](connection& from, const envelope& message) { return revise(ctx, from, message, true); });
  messages.add("chat.report", permission::use_session, effect::changes, reveals_nobody, ctx, report);
}

}  // namespace kreds::features
