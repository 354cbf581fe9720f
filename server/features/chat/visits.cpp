#include "features/chat/visits.hpp"

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

std::int64_t read_mark(SQLite::Database& db, std::int64_t account, std::int64_t network) {
  SQLite::Statement query(db, "SELECT read_seq FROM network_visit WHERE account_id = ? AND network_id = ?");
  storage::bind_all(query, account, network);
  return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

// {"network_id", "last_seq", "read_seq", "unread"}: unread counts other
// people's messages (tombstones excluded) after the read mark.
json::object unread_json(SQLite::Database& db, std::int64_t account, std::int64_t network) {
  const auto read = read_mark(db, account, network);
  SQLite::Statement query(db,
                          "SELECT (SELECT coalesce(max(seq), 0) FROM chat_message WHERE network_id = ?1), "
                          "(SELECT count(*) FROM chat_message WHERE network_id = ?1 AND seq > ?2 AND author_id <> ?3 "
                          "AND deleted_at IS NULL)");
  storage::bind_all(query, network, read, account);
  query.executeStep();
  return json::object{{"network_id", network},
                      {"last_seq", query.getColumn(0).getInt64()},
                      {"read_seq", read},
                      {"unread", query.getColumn(1).getInt64()}};
}

// chat.read {network_id, seq}
awaitable<result<reply>> mark_read(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "seq"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto seq = integer_field(p, "seq", 0, std::numeric_limits<std::int64_t>::max());
  KREDS_CO_RETURN_IF_ERROR(seq);
  auto storing = write_db<json::object>(
      ctx.writer(), [who = from.who(), network = *network, seq = *seq](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement upsert(
            db,
            "INSERT INTO network_visit (account_id, network_id, read_seq) VALUES (?1, ?2, "
            "min(?3, (SELECT coalesce(max(seq), 0) FROM chat_message WHERE network_id = ?2))) "
            "ON CONFLICT (account_id, network_id) DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)");
        storage::bind_all(upsert, who.account_id, network, seq);
        upsert.exec();
        auto state = unread_json(db, who.account_id, network);
        state["seq"] = state.at("read_seq");
        return state;
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"chat.read", json::object{{"network_id", stored->at("network_id")},
                                            {"seq", stored->at("seq")},
                                            {"unread", stored->at("unread")}}};
}

// network.unread {}
awaitable<result<reply>> unread(context& ctx, connection& from, const envelope& message) {
  KREDS_CO_CHECK(only_fields(message.payload.as_object(), {}));
  auto reading = read_db<json::object>(ctx.readers(), [who = from.who()](SQLite::Database& db) -> result<json::object> {
    json::array networks;
    for (auto network : networks_of(db, who)) networks.push_back(unread_json(db, who.account_id, network));
    return json::object{{"networks", std::move(networks)}};
  });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"network.unread", std::move(*found)};
}

std::int64_t count_since(SQLite::Database& db, const char* sql, std::int64_t network, const std::string& since,
                         std::int64_t account) {
  SQLite::Statement query(db, sql);
  storage::bind_all(query, network, since, account);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

// The previous visit, if any, and the moment the digest counts from (the
// previous visit, or the network's creation for a first visit).
struct digest_window {
  std::optional<std::string> previous;
  std::string since;
};

digest_window window_for(SQLite::Database& db, std::int64_t account, std::int64_t network) {
  digest_window out;
  SQLite::Statement visit(db, "SELECT visited_at FROM network_visit WHERE account_id = ? AND network_id = ?");
  storage::bind_all(visit, account, network);
  if (visit.executeStep() && !visit.getColumn(0).isNull()) out.previous = visit.getColumn(0).getString();
  out.since = out.previous.value_or("");
  if (!out.previous) {
    SQLite::Statement created(db, "SELECT created_at FROM network WHERE id = ?");
    created.bind(1, network);
    if (created.executeStep()) out.since = created.getColumn(0).getString();
  }
  return out;
}

// Meetings others planned since `since` that are still ahead.
json::array new_meetings(SQLite::Database& db, std::int64_t network, const std::string& since, std::int64_t account,
                         const std::string& now) {
  json::array meetings;
  SQLite::Statement query(db,
                          "SELECT m.id, m.template, m.starts_at, m.duration_minutes, m.place, m.online_link, "
                          "a.display_name FROM meeting m JOIN account a ON a.id = m.created_by WHERE "
                          "m.network_id = ? AND m.created_at > ? AND m.created_by <> ? AND m.cancelled_at IS NULL "
                          "AND m.starts_at > ? ORDER BY m.starts_at");
  storage::bind_all(query, network, since, account, now);
  while (query.executeStep()) {
    meetings.push_back(json::object{{"id", query.getColumn(0).getInt64()},
                                    {"template", query.getColumn(1).getString()},
                                    {"starts_at", query.getColumn(2).getString()},
                                    {"duration_minutes", query.getColumn(3).getInt64()},
                                    {"place", query.getColumn(4).getString()},
                                    {"online_link", query.getColumn(5).getString()},
                                    {"created_by", query.getColumn(6).getString()}});
  }
  return meetings;
}

// Outcomes others reported since `since`.
json::array new_outcomes(SQLite::Database& db, std::int64_t network, const std::string& since, std::int64_t account) {
  json::array outcomes;
  SQLite::Statement query(db,
                          "SELECT o.account_id, a.display_name, o.kind, o.on_date FROM outcome o JOIN account a "
                          "ON a.id = o.account_id WHERE o.network_id = ? AND o.reported_at > ? AND o.account_id <> ? "
                          "ORDER BY o.reported_at");
  storage::bind_all(query, network, since, account);
  while (query.executeStep()) {
    outcomes.push_back(json::object{{"account_id", query.getColumn(0).getInt64()},
                                    {"display_name", query.getColumn(1).getString()},
                                    {"kind", query.getColumn(2).getString()},
                                    {"date", query.getColumn(3).getString()}});
  }
  return outcomes;
}

void record_visit(SQLite::Database& db, std::int64_t account, std::int64_t network, const std::string& now) {
  SQLite::Statement record(db,
                           "INSERT INTO network_visit (account_id, network_id, visited_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (account_id, network_id) DO UPDATE SET visited_at = excluded.visited_at");
  storage::bind_all(record, account, network, now);
  record.exec();
}

// The digest itself: counts and lists of what others did since the window opened.
json::object digest_json(SQLite::Database& db, std::int64_t account, std::int64_t network, const std::string& now) {
  const auto window = window_for(db, account, network);
  const auto& since = window.since;
  const auto count = [&](const char* sql) { return count_since(db, sql, network, since, account); };
  return json::object{
      {"network_id", network},
      {"since", window.previous ? json::value(*window.previous) : json::value(nullptr)},
      {"messages", count("SELECT count(*) FROM chat_message WHERE network_id = ?1 AND created_at > ?2 "
                         "AND author_id <> ?3 AND deleted_at IS NULL")},
      {"leads", count("SELECT count(*) FROM job_lead WHERE network_id = ?1 AND created_at > ?2 AND shared_by <> ?3")},
      {"meetings", new_meetings(db, network, since, account, now)},
      {"outcomes", new_outcomes(db, network, since, account)},
      {"joined", count("SELECT count(*) FROM network_member WHERE network_id = ?1 AND joined_at > ?2 "
                       "AND account_id <> ?3")},
      {"left", count("SELECT count(*) FROM network_member WHERE network_id = ?1 AND left_at > ?2 "
                     "AND account_id <> ?3")}};
}

// network.digest {network_id}: what happened since the previous digest; records this visit.
awaitable<result<reply>> digest(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), network = *network, now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        auto out = digest_json(db, who.account_id, network, now);
        record_visit(db, who.account_id, network, now);
        return out;
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"network.digest", std::move(*stored)};
}

}  // namespace

void register_visit_messages(context& ctx, message_router& messages) {
  messages.add("chat.read", permission::use_session, effect::changes, reveals_nobody, ctx, mark_read);
  messages.add("network.unread", permission::use_session, effect::reads, reveals_nobody, ctx, unread);
  messages.add("network.digest", permission::use_session, effect::reads,
               shows_people("read_network_digest", "facilitating: what happened in the network", "outcomes.account_id"),
               ctx, digest);
}

}  // namespace kreds::features
