#include "features/network_life/goals.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/network_life/buddies.hpp"
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
using std::chrono::days;
using std::chrono::sys_days;

const std::set<std::string> goal_kinds{"applications", "contacts", "course", "other"};

// The "week" field: a Monday, one of `allowed` (this week, next, last ...).
result<sys_days> week_field(const json::object& p, std::initializer_list<sys_days> allowed, const char* which) {
  auto text = string_field(p, "week", 10, 10);
  KREDS_RETURN_IF_ERROR(text);
  const auto day = parse_iso_date(*text);
  if (!day || monday_of(*day) != *day)
    return kreds::error{errc::invalid_field, "week must be a Monday (YYYY-MM-DD)", "week"};
  if (std::find(allowed.begin(), allowed.end(), *day) == allowed.end()) {
    return kreds::error{errc::invalid_field, std::string("week must be ") + which, "week"};
  }
  return *day;
}

struct goal_input {
  std::string kind;
  std::int64_t target = 1;
  std::string text;
};

result<std::vector<goal_input>> goals_field(const json::object& p) {
  const auto* list = p.if_contains("goals");
  if (!list || !list->is_array() || list->as_array().empty() || list->as_array().size() > 5) {
    return kreds::error{errc::invalid_field, "goals must be a list of 1 to 5 goals", "goals"};
  }
  std::vector<goal_input> goals;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto path = "goals[" + std::to_string(i) + "]";
    const auto& item = list->as_array()[i];
    if (!item.is_object()) return kreds::error{errc::invalid_field, path + " must be an object", path};
    const auto& goal = item.as_object();
    KREDS_CHECK(only_fields(goal, {"kind", "target", "text"}, path));
    auto kind = string_field(goal, "kind", 1, 20, path);
    KREDS_RETURN_IF_ERROR(kind);
    if (!goal_kinds.contains(*kind)) {
      return kreds::error{errc::invalid_field, "kind must be applications, contacts, course or other", path + ".kind"};
    }
    auto target = integer_field(goal, "target", 1, 50, path);
    KREDS_RETURN_IF_ERROR(target);
    auto text = optional_string_field(goal, "text", 200, path);
    KREDS_RETURN_IF_ERROR(text);
    goals.push_back({*kind, *target, text->value_or("")});
  }
  return goals;
}

// The caller's own goals and check-in for a week.
json::object week_goals_json(SQLite::Database& db, std::int64_t network, std::int64_t account,
                             const std::string& week) {
  SQLite::Statement goals(
      db,
      "SELECT id, kind, target, text, done FROM weekly_goal WHERE network_id = ? AND account_id = ? "
      "AND week = ? ORDER BY position");
  storage::bind_all(goals, network, account, week);
  json::array list;
  while (goals.executeStep()) {
    list.push_back(json::object{
        {"id", goals.getColumn(0).getInt64()},
        {"kind", goals.getColumn(1).getString()},
        {"target", goals.getColumn(2).getInt64()},
        {"text", goals.getColumn(3).getString()},
        {"done", goals.getColumn(4).isNull() ? json::value(nullptr) : json::value(goals.getColumn(4).getInt64())}});
  }
  SQLite::Statement checkin(
      db, "SELECT checked_in_at, note FROM weekly_checkin WHERE network_id = ? AND account_id = ? AND week = ?");
  storage::bind_all(checkin, network, account, week);
  const bool checked = checkin.executeStep();
  return json::object{{"network_id", network},
                      {"week", week},
                      {"goals", std::move(list)},
                      {"checked_in_at", checked ? json::value(checkin.getColumn(0).getString()) : json::value(nullptr)},
                      {"note", checked ? checkin.getColumn(1).getString() : std::string()}};
}

// One member's progress as the network sees it; with the goals and note
// when `details` (the member themself, or a buddy).
json::object progress_json(SQLite::Database& db, std::int64_t network, std::int64_t account, const std::string& week,
                           bool details) {
  auto own = week_goals_json(db, network, account, week);
  const auto& goals = own.at("goals").as_array();
  const auto met = std::count_if(goals.begin(), goals.end(), [](const json::value& g) {
    const auto& goal = g.as_object();
    return goal.at("done").is_int64() && goal.at("done").as_int64() >= goal.at("target").as_int64();
  });
  auto person = member_json(db, account);
  person["goals_set"] = goals.size();
  person["goals_met"] = met;
  person["checked_in"] = !own.at("checked_in_at").is_null();
  if (details) {
    person["goals"] = own.at("goals");
    person["note"] = own.at("note");
  }
  return person;
}

struct changed_week {
  json::object own;
  json::object progress;  // what the network is told
};

changed_week week_changed(SQLite::Database& db, std::int64_t network, std::int64_t account, const std::string& week) {
  auto progress = progress_json(db, network, account, week, false);
  progress["network_id"] = network;
  progress["week"] = week;
  return {week_goals_json(db, network, account, week), std::move(progress)};
}

awaitable<result<reply>> finish(awaitable<result<changed_week>> storing) {
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"goal.week", std::move(stored->own)};
}

void tell_network(context& ctx, const changed_week& done) {
  publish_to_network(ctx, done.progress.at("network_id").as_int64(), "goal.progress", done.progress);
}

// goal.set {network_id, week, goals: [{kind, target, text?}]}
awaitable<result<reply>> set(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "week", "goals"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  const auto this_week = monday_of(day_of(ctx.now()));
  auto week = week_field(p, {this_week, this_week + days(7)}, "this week's or next week's Monday");
  KREDS_CO_RETURN_IF_ERROR(week);
  auto goals = goals_field(p);
  KREDS_CO_RETURN_IF_ERROR(goals);
  auto storing = write_db<changed_week>(
      ctx.writer(),
      [who = from.who(), network = *network, week = to_iso_date(*week), goals = std::move(*goals),
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<changed_week> {
        if (!is_member(db, who, network)) return not_in_network();
        SQLite::Statement checked(db,
                                  "SELECT 1 FROM weekly_checkin WHERE network_id = ? AND account_id = ? AND week = ?");
        storage::bind_all(checked, network, who.account_id, week);
        if (checked.executeStep())
          return kreds::error{errc::conflict, "you have already checked in for this week", "week"};
        SQLite::Statement clear(db, "DELETE FROM weekly_goal WHERE network_id = ? AND account_id = ? AND week = ?");
        storage::bind_all(clear, network, who.account_id, week);
        clear.exec();
        SQLite::Statement insert(
            db,
            "INSERT INTO weekly_goal (network_id, municipality_id, account_id, week, position, kind, "
            "target, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < goals.size(); ++i) {
          insert.reset();
          storage::bind_all(insert, network, who.municipality_id, who.account_id, week,
                            static_cast<std::int64_t>(i + 1), goals[i].kind, goals[i].target, goals[i].text, now);
          insert.exec();
        }
        return week_changed(db, network, who.account_id, week);
      },
      [&ctx](const changed_week& done) { tell_network(ctx, done); });
  auto finishing = finish(std::move(storing));
  co_return co_await std::move(finishing);
}

// goal.checkin {network_id, week, results: [{goal_id, done}], note?}
awaitable<result<reply>> checkin(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "week", "results", "note"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  const auto this_week = monday_of(day_of(ctx.now()));
  auto week = week_field(p, {this_week, this_week - days(7)}, "this week's or last week's Monday");
  KREDS_CO_RETURN_IF_ERROR(week);
  auto note = optional_string_field(p, "note", 500);
  KREDS_CO_RETURN_IF_ERROR(note);
  const auto* list = p.if_contains("results");
  if (!list || !list->is_array() || list->as_array().empty() || list->as_array().size() > 5) {
    co_return kreds::error{errc::invalid_field, "results must be a list with one result per goal", "results"};
  }
  std::map<std::int64_t, std::int64_t> results;  // goal id -> done
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto path = "results[" + std::to_string(i) + "]";
    const auto& item = list->as_array()[i];
    if (!item.is_object()) co_return kreds::error{errc::invalid_field, path + " must be an object", path};
    KREDS_CO_CHECK(only_fields(item.as_object(), {"goal_id", "done"}, path));
    auto goal = integer_field(item.as_object(), "goal_id", 1, std::numeric_limits<std::int64_t>::max(), path);
    KREDS_CO_RETURN_IF_ERROR(goal);
    auto done = integer_field(item.as_object(), "done", 0, 1000, path);
    KREDS_CO_RETURN_IF_ERROR(done);
    if (!results.emplace(*goal, *done).second)
      co_return kreds::error{errc::invalid_field, "a goal appears twice", path + ".goal_id"};
  }
  auto storing = write_db<changed_week>(
      ctx.writer(),
      [who = from.who(), network = *network, week = to_iso_date(*week), results, note = note->value_or(""),
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<changed_week> {
        if (!is_member(db, who, network)) return not_in_network();
        SQLite::Statement goals(db, "SELECT id FROM weekly_goal WHERE network_id = ? AND account_id = ? AND week = ?");
        storage::bind_all(goals, network, who.account_id, week);
        std::set<std::int64_t> ids;
        while (goals.executeStep()) ids.insert(goals.getColumn(0).getInt64());
        if (ids.empty()) return kreds::error{errc::conflict, "set goals for this week before checking in", "week"};
        for (const auto& [goal, done] : results) {
          if (!ids.contains(goal))
            return kreds::error{errc::invalid_field,
                                "goal " + std::to_string(goal) + " is not one of your goals for this week", "results"};
        }
        if (results.size() != ids.size())
          return kreds::error{errc::invalid_field, "give a result for every goal of the week", "results"};
        SQLite::Statement update(db, "UPDATE weekly_goal SET done = ? WHERE id = ?");
        for (const auto& [goal, done] : results) {
          update.reset();
          storage::bind_all(update, done, goal);
          update.exec();
        }
        SQLite::Statement record(db,
                                 "INSERT INTO weekly_checkin (network_id, account_id, week, note, checked_in_at) "
                                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (network_id, account_id, week) DO UPDATE SET "
                                 "note = excluded.note, checked_in_at = excluded.checked_in_at");
        storage::bind_all(record, network, who.account_id, week, note, now);
        record.exec();
        return week_changed(db, network, who.account_id, week);
      },
      [&ctx](const changed_week& done) { tell_network(ctx, done); });
  auto finishing = finish(std::move(storing));
  co_return co_await std::move(finishing);
}

// goal.list {network_id, week?}
awaitable<result<reply>> board(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "week"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto week = monday_of(day_of(ctx.now()));
  if (p.contains("week")) {
    auto text = string_field(p, "week", 10, 10);
    KREDS_CO_RETURN_IF_ERROR(text);
    const auto day = parse_iso_date(*text);
    if (!day || monday_of(*day) != *day)
      co_return kreds::error{errc::invalid_field, "week must be a Monday (YYYY-MM-DD)", "week"};
    week = *day;
  }
  // Buddies see each other's goals: the week's pairs are made on first need.
  auto listing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), network = *network, week, today = day_of(ctx.now()),
       weeks = ctx.pilot(from.who().municipality_id)->network.buddy_rotation_weeks](
          SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        const auto period = period_containing(db, network, week, weeks);
        if (period.end >= today) ensure_buddy_groups(db, network, period);
        const auto buddies = buddies_of(buddy_groups(db, network, period), who.account_id);
        const auto week_text = to_iso_date(week);
        json::array members;
        for (const auto& member : current_members(db, network)) {
          const bool details = member.account_id == who.account_id ||
                               std::find(buddies.begin(), buddies.end(), member.account_id) != buddies.end();
          members.push_back(progress_json(db, network, member.account_id, week_text, details));
        }
        return json::object{{"network_id", network}, {"week", week_text}, {"members", std::move(members)}};
      });
  auto found = co_await std::move(listing);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"goal.board", std::move(*found)};
}

}  // namespace

void register_goal_messages(context& ctx, message_router& messages) {
  messages.add("goal.set", permission::use_session, effect::changes, reveals_nobody, ctx, set);
  messages.add("goal.checkin", permission::use_session, effect::changes, reveals_nobody, ctx, checkin);
  messages.add("goal.list", permission::use_session, effect::reads,
               shows_people("read_goals", "facilitating: the network's goals", "account_id"), ctx, board);
}

}  // namespace kreds::features
