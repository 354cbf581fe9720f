#include "features/network_life/outcomes.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/network_life/routes.hpp"
#include "features/networks/membership.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

// An outcome as the network sees it.
json::object outcome_json(SQLite::Database& db, std::int64_t outcome_id) {
  SQLite::Statement query(
      db,
      "SELECT o.id, o.network_id, o.account_id, a.display_name, o.kind, o.on_date, o.stay_as_mentor "
      "FROM outcome o JOIN account a ON a.id = o.account_id WHERE o.id = ?");
  query.bind(1, outcome_id);
  if (!query.executeStep()) return {};
  json::array congratulations;
  SQLite::Statement cheers(db,
                           "SELECT c.account_id, a.display_name FROM outcome_congratulation c JOIN account a ON "
                           "a.id = c.account_id WHERE c.outcome_id = ? ORDER BY c.created_at, c.account_id");
  cheers.bind(1, outcome_id);
  while (cheers.executeStep()) {
    congratulations.push_back(json::object{{"account_id", cheers.getColumn(0).getInt64()},
                                           {"display_name", cheers.getColumn(1).getString()}});
  }
  return json::object{{"id", query.getColumn(0).getInt64()},
                      {"network_id", query.getColumn(1).getInt64()},
                      {"account_id", query.getColumn(2).getInt64()},
                      {"display_name", query.getColumn(3).getString()},
                      {"kind", query.getColumn(4).getString()},
                      {"date", query.getColumn(5).getString()},
                      {"stay_as_mentor", query.getColumn(6).getInt() != 0},
                      {"congratulations", std::move(congratulations)}};
}

struct reported {
  json::object outcome;  // with the member's own details
  json::object shared;   // what the network sees
  bool left = false;
};

// What a member reports, checked.
struct outcome_input {
  std::int64_t network = 0;
  std::string kind;
  std::string date;
  std::optional<std::int64_t> hours;
  std::string sector;
  std::string note;
  bool stay = false;
};

result<outcome_input> parse_outcome(const json::object& p, std::chrono::sys_days today) {
  KREDS_CHECK(only_fields(p, {"network_id", "kind", "date", "hours_per_week", "sector", "note", "stay_as_mentor"}));
  outcome_input in;
  auto network = id_field(p, "network_id");
  KREDS_RETURN_IF_ERROR(network);
  in.network = *network;
  auto kind = string_field(p, "kind", 1, 20);
  KREDS_RETURN_IF_ERROR(kind);
  if (*kind != "job" && *kind != "education" && *kind != "other") {
    return kreds::error{errc::invalid_field, "kind must be job, education or other", "kind"};
  }
  in.kind = *kind;
  auto date_text = string_field(p, "date", 10, 10);
  KREDS_RETURN_IF_ERROR(date_text);
  const auto date = parse_iso_date(*date_text);
  if (!date) return kreds::error{errc::invalid_field, "date must be a date (YYYY-MM-DD)", "date"};
  if (*date < today - std::chrono::days(366) || *date > today + std::chrono::days(90)) {
    return kreds::error{errc::invalid_field, "date must be within the last year or the next 90 days", "date"};
  }
  in.date = *date_text;
  if (p.contains("hours_per_week") && !p.at("hours_per_week").is_null()) {
    auto value = integer_field(p, "hours_per_week", 1, 60);
    KREDS_RETURN_IF_ERROR(value);
    in.hours = *value;
  }
  auto sector = optional_string_field(p, "sector", 100);
  KREDS_RETURN_IF_ERROR(sector);
  in.sector = sector->value_or("");
  auto note = optional_string_field(p, "note", 500);
  KREDS_RETURN_IF_ERROR(note);
  in.note = note->value_or("");
  auto stay = bool_field(p, "stay_as_mentor");
  KREDS_RETURN_IF_ERROR(stay);
  in.stay = *stay;
  return in;
}

// Records the outcome once per member and network; the member becomes an
// alumnus, and leaves unless they stay as a mentor.
result<reported> store_outcome(SQLite::Database& db, const caller& who, const outcome_input& in,
                               const std::string& now) {
  if (!is_member(db, who, in.network)) return not_in_network();
  SQLite::Statement again(db, "SELECT 1 FROM outcome WHERE network_id = ? AND account_id = ?");
  storage::bind_all(again, in.network, who.account_id);
  if (again.executeStep()) return kreds::error{errc::conflict, "you have already reported an outcome in this network"};
  SQLite::Statement insert(db,
                           "INSERT INTO outcome (network_id, municipality_id, account_id, kind, on_date, "
                           "hours_per_week, sector, note, stay_as_mentor, reported_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(insert, in.network, who.municipality_id, who.account_id, in.kind, in.date, in.hours, in.sector,
                    in.note, in.stay ? 1 : 0, now);
  insert.exec();
  const auto id = db.getLastInsertRowid();
  SQLite::Statement alumnus(db,
                            "UPDATE network_member SET alumnus_since = ? WHERE network_id = ? AND account_id = ? "
                            "AND left_at IS NULL");
  storage::bind_all(alumnus, now, in.network, who.account_id);
  alumnus.exec();
  if (!in.stay) close_membership(db, in.network, who.account_id, "outcome", now);
  auto shared = outcome_json(db, id);
  auto own = shared;
  own["hours_per_week"] = in.hours ? json::value(*in.hours) : json::value(nullptr);
  own["sector"] = in.sector;
  own["note"] = in.note;
  return reported{std::move(own), std::move(shared), !in.stay};
}

// outcome.report {network_id, kind, date, hours_per_week?, sector?, note?, stay_as_mentor}
awaitable<result<reply>> report(context& ctx, connection& from, const envelope& message) {
  auto input = parse_outcome(message.payload.as_object(), day_of(ctx.now()));
  KREDS_CO_RETURN_IF_ERROR(input);
  auto storing = write_db<reported>(
      ctx.writer(),
      [who = from.who(), in = std::move(*input), now = to_iso(ctx.now())](SQLite::Database& db) {
        return store_outcome(db, who, in, now);
      },
      [&ctx](const reported& done) {
        publish_to_network(ctx, done.shared.at("network_id").as_int64(), "outcome.added", done.shared);
        if (done.left) {
          announce_departure(ctx, json::object{{"network_id", done.shared.at("network_id")},
                                               {"account_id", done.shared.at("account_id")},
                                               {"display_name", done.shared.at("display_name")}});
        }
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"outcome.reported", std::move(stored->outcome)};
}

// outcome.congratulate {network_id, outcome_id}
awaitable<result<reply>> congratulate(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "outcome_id"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto outcome = id_field(p, "outcome_id");
  KREDS_CO_RETURN_IF_ERROR(outcome);
  struct cheered {
    json::object event;
    bool is_new = false;
  };
  auto storing = write_db<cheered>(
      ctx.writer(),
      [who = from.who(), network = *network, outcome = *outcome,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<cheered> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement exists(db, "SELECT account_id FROM outcome WHERE id = ? AND network_id = ?");
        storage::bind_all(exists, outcome, network);
        if (!exists.executeStep())
          return kreds::error{errc::not_found, "no such outcome in this network", "outcome_id"};
        if (exists.getColumn(0).getInt64() == who.account_id) {
          return kreds::error{errc::conflict, "you cannot congratulate yourself", "outcome_id"};
        }
        SQLite::Statement insert(
            db,
            "INSERT INTO outcome_congratulation (outcome_id, account_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING");
        storage::bind_all(insert, outcome, who.account_id, now);
        const bool is_new = insert.exec() > 0;
        auto event = member_json(db, who.account_id);
        event["network_id"] = network;
        event["outcome_id"] = outcome;
        return cheered{std::move(event), is_new};
      },
      [&ctx](const cheered& done) {
        if (done.is_new)
          publish_to_network(ctx, done.event.at("network_id").as_int64(), "outcome.congratulated", done.event);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"outcome.congratulated", std::move(stored->event)};
}

// outcome.list {network_id}
awaitable<result<reply>> list(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto reading = read_db<json::object>(
      ctx.readers(), [who = from.who(), network = *network](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement ids(db, "SELECT id FROM outcome WHERE network_id = ? ORDER BY reported_at DESC, id DESC");
        ids.bind(1, network);
        json::array outcomes;
        while (ids.executeStep()) outcomes.push_back(outcome_json(db, ids.getColumn(0).getInt64()));
        return json::object{{"network_id", network}, {"outcomes", std::move(outcomes)}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"outcome.list", std::move(*found)};
}

}  // namespace

// What an outcome reply names: who reported and who congratulated.
constexpr data_use outcomes_shown = shows_people("read_outcomes", "facilitating: the network's outcomes", "account_id");

void register_outcome_messages(context& ctx, message_router& messages) {
  messages.add("outcome.report", permission::use_session, effect::changes, reveals_nobody, ctx, report);
  messages.add("outcome.congratulate", permission::use_session, effect::changes, outcomes_shown, ctx, congratulate);
  messages.add("outcome.list", permission::use_session, effect::reads, outcomes_shown, ctx, list);
}

}  // namespace kreds::features
