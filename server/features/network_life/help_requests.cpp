#include "features/network_life/help_requests.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/common/staff_time.hpp"
#include "features/network_life/routes.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

constexpr const char* select_request =
    "SELECT id, network_id, account_id, text, created_at, answer, answered_at, answered_by, client_id FROM "
    "help_request ";

json::object request_json(SQLite::Database& db, SQLite::Statement& row) {
  return json::object{
      {"id", row.getColumn(0).getInt64()},
      {"network_id", row.getColumn(1).getInt64()},
      {"asker", person_json(db, row.getColumn(2).getInt64())},
      {"text", row.getColumn(3).getString()},
      {"created_at", row.getColumn(4).getString()},
      {"answer", row.getColumn(5).isNull() ? json::value(nullptr) : json::value(row.getColumn(5).getString())},
      {"answered_at", row.getColumn(6).isNull() ? json::value(nullptr) : json::value(row.getColumn(6).getString())},
      {"answered_by",
       row.getColumn(7).isNull() ? json::value(nullptr) : json::value(person_json(db, row.getColumn(7).getInt64()))},
      {"client_id", row.getColumn(8).getString()}};
}

json::object load_request(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement row(db, std::string(select_request) + "WHERE id = ?");
  row.bind(1, id);
  return row.executeStep() ? request_json(db, row) : json::object{};
}

struct asked {
  json::object request;
  std::int64_t caseworker = 0;
  bool is_new = false;
};

// help.ask {network_id, client_id, text}
awaitable<result<reply>> ask(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "client_id", "text"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto client_id = string_field(p, "client_id", 1, 64);
  KREDS_CO_RETURN_IF_ERROR(client_id);
  auto text = string_field(p, "text", 3, 2000);
  KREDS_CO_RETURN_IF_ERROR(text);
  auto storing = write_db<asked>(
      ctx.writer(),
      [who = from.who(), network = *network, client_id = *client_id, text = *text,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<asked> {
        if (!is_member(db, who, network)) return not_in_network();
        const auto caseworker = facilitator_of(db, network);
        SQLite::Statement again(db, "SELECT id, network_id FROM help_request WHERE account_id = ? AND client_id = ?");
        storage::bind_all(again, who.account_id, client_id);
        if (again.executeStep()) {
          if (again.getColumn(1).getInt64() != network) {
            return kreds::error{errc::conflict, "client_id was already used for another network", "client_id"};
          }
          return asked{load_request(db, again.getColumn(0).getInt64()), caseworker, false};
        }
        SQLite::Statement insert(db,
                                 "INSERT INTO help_request (network_id, municipality_id, account_id, client_id, text, "
                                 "created_at) VALUES (?, ?, ?, ?, ?, ?)");
        storage::bind_all(insert, network, who.municipality_id, who.account_id, client_id, text, now);
        insert.exec();
        return asked{load_request(db, db.getLastInsertRowid()), caseworker, true};
      },
      [&ctx](const asked& done) {
        if (done.is_new) publish_to_account(ctx, done.caseworker, "help.requested", done.request);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"help.asked", std::move(stored->request)};
}

// help.answer {request_id, text}
awaitable<result<reply>> answer(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"request_id", "text"}));
  auto request = id_field(p, "request_id");
  KREDS_CO_RETURN_IF_ERROR(request);
  auto text = string_field(p, "text", 1, 2000);
  KREDS_CO_RETURN_IF_ERROR(text);
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), request = *request, text = *text, now = to_iso(ctx.now()),
       minutes = ctx.settings().staff_time.help_answer](SQLite::Database& db) -> result<json::object> {
        SQLite::Statement found(
            db, "SELECT network_id, answered_at, account_id FROM help_request WHERE id = ? AND municipality_id = ?");
        storage::bind_all(found, request, who.municipality_id);
        if (!found.executeStep() || !facilitates(db, who, found.getColumn(0).getInt64())) {
          return kreds::error{errc::not_found, "no such request among your networks", "request_id"};
        }
        if (!found.getColumn(1).isNull())
          return kreds::error{errc::conflict, "the request has already been answered", "request_id"};
        SQLite::Statement update(db,
                                 "UPDATE help_request SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?");
        storage::bind_all(update, text, who.account_id, now, request);
        update.exec();
        record_staff_time(db, who, found.getColumn(2).getInt64(), found.getColumn(0).getInt64(), "help_answer", minutes,
                          now);
        return load_request(db, request);
      },
      [&ctx](const json::object& done) {
        publish_to_account(ctx, done.at("asker").as_object().at("id").as_int64(), "help.answered", done);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"help.answered", std::move(*stored)};
}

// help.list {}
awaitable<result<reply>> list(context& ctx, connection& from, const envelope& message) {
  KREDS_CO_CHECK(only_fields(message.payload.as_object(), {}));
  auto reading = read_db<json::object>(ctx.readers(), [who = from.who()](SQLite::Database& db) -> result<json::object> {
    SQLite::Statement rows(db,
                           std::string(select_request) +
                               "WHERE municipality_id = ? AND (account_id = ? OR network_id IN (SELECT id FROM network "
                               "WHERE facilitator_id = ? AND municipality_id = ?)) "
                               "ORDER BY answered_at IS NOT NULL, created_at DESC, id DESC LIMIT 200");
    storage::bind_all(rows, who.municipality_id, who.account_id, who.account_id, who.municipality_id);
    json::array requests;
    while (rows.executeStep()) requests.push_back(request_json(db, rows));
    return json::object{{"requests", std::move(requests)}};
  });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"help.list", std::move(*found)};
}

}  // namespace

// What a help-request reply names: who asked and who answered.
constexpr data_use help_shown =
    shows_people("read_help_requests", "facilitating: help requests", "asker.id", "answered_by.id");

void register_help_messages(context& ctx, message_router& messages) {
  messages.add("help.ask", permission::use_session, effect::changes, reveals_nobody, ctx, ask);
  messages.add("help.answer", permission::use_session, effect::changes, help_shown, ctx, answer);
  messages.add("help.list", permission::use_session, effect::reads, help_shown, ctx, list);
}

}  // namespace kreds::features
