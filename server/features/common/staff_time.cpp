#include "features/common/staff_time.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <cmath>
#include <map>

#include "features/common/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

void record_staff_time(SQLite::Database& db, const caller& caseworker, std::optional<std::int64_t> seeker,
                       std::optional<std::int64_t> network, const std::string& action, int minutes,
                       const std::string& now, const std::string& note) {
  SQLite::Statement insert(
      db,
      "INSERT INTO staff_time (municipality_id, caseworker_id, account_id, network_id, action, minutes, "
      "on_date, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(insert, caseworker.municipality_id, caseworker.account_id);
  storage::bind_optional(insert, 3, seeker);
  storage::bind_optional(insert, 4, network);
  insert.bind(5, action);
  insert.bind(6, minutes);
  insert.bind(7, now.substr(0, 10));
  insert.bind(8, note);
  insert.bind(9, now);
  insert.exec();
}

std::map<std::int64_t, double> staff_minutes_by_seeker(SQLite::Database& db, std::int64_t municipality_id,
                                                       const std::string& from, const std::string& to) {
  // Entries about one seeker count for them; entries about a network are
  // shared among the members it had then.
  std::map<std::int64_t, double> minutes_of;
  SQLite::Statement direct(
      db,
      "SELECT account_id, sum(minutes) FROM staff_time WHERE municipality_id = ?1 AND on_date >= ?2 "
      "AND on_date < ?3 AND account_id IS NOT NULL GROUP BY account_id");
  storage::bind_all(direct, municipality_id, from, to);
  while (direct.executeStep()) minutes_of[direct.getColumn(0).getInt64()] += direct.getColumn(1).getDouble();
  SQLite::Statement shared(
      db,
      "SELECT t.minutes, m.account_id, (SELECT count(*) FROM network_member k WHERE k.network_id = t.network_id "
      "AND k.joined_at <= t.created_at AND (k.left_at IS NULL OR k.left_at > t.created_at)) FROM staff_time t "
      "JOIN network_member m ON m.network_id = t.network_id AND m.joined_at <= t.created_at AND "
      "(m.left_at IS NULL OR m.left_at > t.created_at) WHERE t.municipality_id = ?1 AND t.on_date >= ?2 "
      "AND t.on_date < ?3 AND t.account_id IS NULL AND t.network_id IS NOT NULL");
  storage::bind_all(shared, municipality_id, from, to);
  while (shared.executeStep()) {
    const auto members = shared.getColumn(2).getInt();
    if (members > 0) minutes_of[shared.getColumn(1).getInt64()] += shared.getColumn(0).getDouble() / members;
  }
  return minutes_of;
}

namespace {

http_reply ok(int status, const json::object& body) { return json_reply(status, json_text(body)); }

// POST /api/v1/time {minutes, date, seeker_id?, note?}
awaitable<result<http_reply>> add_entry(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"minutes", "date", "seeker_id", "note"}));
  auto minutes = integer_field(*body, "minutes", 1, 600);
  KREDS_CO_RETURN_IF_ERROR(minutes);
  auto date = string_field(*body, "date", 10, 10);
  KREDS_CO_RETURN_IF_ERROR(date);
  const auto day = parse_iso_date(*date);
  const auto today = day_of(ctx.now());
  if (!day || *day > today || *day < today - std::chrono::days(90)) {
    co_return kreds::error{errc::invalid_field, "date must be a date within the last 90 days", "date"};
  }
  std::optional<std::int64_t> seeker;
  if (body->contains("seeker_id") && !body->at("seeker_id").is_null()) {
    auto id = integer_field(*body, "seeker_id", 1, std::numeric_limits<std::int64_t>::max());
    KREDS_CO_RETURN_IF_ERROR(id);
    seeker = *id;
  }
  auto note = optional_string_field(*body, "note", 300);
  KREDS_CO_RETURN_IF_ERROR(note);
  auto storing =
      write_db<bool>(ctx.writer(),
                     [who, minutes = static_cast<int>(*minutes), date = *date, seeker, note = note->value_or(""),
                      now = to_iso(ctx.now())](SQLite::Database& db) -> result<bool> {
                       if (seeker) {
                         SQLite::Statement exists(
                             db, "SELECT 1 FROM account WHERE id = ? AND municipality_id = ? AND role = 'seeker'");
                         storage::bind_all(exists, *seeker, who.municipality_id);
                         if (!exists.executeStep())
                           return kreds::error{errc::invalid_field, "no such seeker in your municipality", "seeker_id"};
                       }
                       record_staff_time(db, who, seeker, std::nullopt, "manual", minutes, date + now.substr(10), note);
                       return true;
                     });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(201, {{"minutes", *minutes}, {"date", *date}});
}

// GET /api/v1/time-report?month=YYYY-MM
awaitable<result<http_reply>> report(context& ctx, const http_request& request, const caller& who) {
  const auto month = query_parameter(request.query, "month").value_or(to_iso(ctx.now()).substr(0, 7));
  const auto first = parse_iso_date(month + "-01");
  if (month.size() != 7 || !first) co_return kreds::error{errc::invalid_field, "month must be YYYY-MM", "month"};
  const std::chrono::year_month_day ymd{*first};
  const auto next = std::chrono::sys_days{ymd + std::chrono::months(1)};
  auto reading = read_db<json::object>(
      ctx.readers(),
      [who, month, from = to_iso_date(*first), to = to_iso_date(next)](SQLite::Database& db) -> result<json::object> {
        const auto minutes_of = staff_minutes_by_seeker(db, who.municipality_id, from, to);
        std::map<std::string, std::pair<int, double>> by_track;  // track -> seekers, minutes
        // Each seeker counts under their track at the end of the month.
        SQLite::Statement seekers(
            db,
            "SELECT a.id, coalesce((SELECT d.track FROM track_decision d WHERE d.account_id = a.id AND "
            "d.decided_at < ?2 ORDER BY d.id DESC LIMIT 1), 'untriaged') FROM account a "
            "WHERE a.municipality_id = ?1 AND a.role = 'seeker' AND a.created_at < ?2");
        storage::bind_all(seekers, who.municipality_id, to);
        while (seekers.executeStep()) {
          auto& row = by_track[seekers.getColumn(1).getString()];
          ++row.first;
          if (const auto found = minutes_of.find(seekers.getColumn(0).getInt64()); found != minutes_of.end())
            row.second += found->second;
        }
        json::array rows;
        for (const auto& track : {"network", "network_sparring", "individual", "untriaged"}) {
          const auto [count, minutes] = by_track[track];
          rows.push_back(
              json::object{{"track", track},
                           {"seekers", count},
                           {"minutes", static_cast<std::int64_t>(std::llround(minutes))},
                           {"minutes_per_seeker",
                            count > 0 ? json::value(std::round(minutes / count * 10) / 10) : json::value(nullptr)}});
        }
        json::array actions;
        SQLite::Statement by_action(
            db,
            "SELECT action, count(*), sum(minutes) FROM staff_time WHERE municipality_id = ?1 AND "
            "on_date >= ?2 AND on_date < ?3 GROUP BY action ORDER BY 3 DESC");
        storage::bind_all(by_action, who.municipality_id, from, to);
        while (by_action.executeStep()) {
          actions.push_back(json::object{{"action", by_action.getColumn(0).getString()},
                                         {"count", by_action.getColumn(1).getInt64()},
                                         {"minutes", by_action.getColumn(2).getInt64()}});
        }
        SQLite::Statement mine(db,
                               "SELECT coalesce(sum(minutes), 0) FROM staff_time WHERE caseworker_id = ?1 AND on_date "
                               ">= ?2 AND on_date < ?3");
        storage::bind_all(mine, who.account_id, from, to);
        mine.executeStep();
        return json::object{{"month", month},
                            {"rows", std::move(rows)},
                            {"by_action", std::move(actions)},
                            {"mine", json::object{{"minutes", mine.getColumn(0).getInt64()}}}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, *found);
}

}  // namespace

void register_staff_time_routes(context& ctx, api_router& api) {
  api.add("POST", "/api/v1/time", permission::record_staff_time, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return add_entry(ctx, request, *who); });
  api.add("GET", "/api/v1/time-report", permission::record_staff_time, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return report(ctx, request, *who); });
}

}  // namespace kreds::features
