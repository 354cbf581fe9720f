// The admin's pilot settings screen (docs/api.md, "Pilot settings"): the
// settings in force for the municipality and changing them within the
// ranges the configuration allows (platform/pilot_settings.hpp).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <charconv>
#include <cmath>

#include "features/settings/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/pilot_settings.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

namespace {

std::string number_text(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

// The latest changes of the municipality's pilot settings, newest first: key, old value (null: the file's), new
// value, who and when.
json::array settings_history(SQLite::Database& db, std::int64_t municipality_id) {
  json::array history;
  SQLite::Statement rows(
      db,
      "SELECT c.key, c.old_value, c.new_value, a.display_name, c.changed_at FROM pilot_setting_change c "
      "JOIN account a ON a.id = c.changed_by WHERE c.municipality_id = ? ORDER BY c.id DESC LIMIT 50");
  rows.bind(1, municipality_id);
  while (rows.executeStep()) {
    history.push_back(json::object{
        {"key", rows.getColumn(0).getString()},
        {"old_value", rows.getColumn(1).isNull() ? json::value(nullptr) : json::value(rows.getColumn(1).getString())},
        {"new_value", rows.getColumn(2).getString()},
        {"changed_by", rows.getColumn(3).getString()},
        {"changed_at", rows.getColumn(4).getString()}});
  }
  return history;
}

json::value number_json(double value, bool integer) {
  if (integer) return static_cast<std::int64_t>(std::llround(value));
  return value;
}

json::object settings_json(SQLite::Database& db, const pilot_settings& pilot, const config& current,
                           std::int64_t municipality_id) {
  json::array list;
  for (const auto key : pilot_setting_keys()) {
    const auto kind = describe_numeric_key(key);
    list.push_back(json::object{{"key", key},
                                {"type", kind->integer ? "integer" : "number"},
                                {"min", number_json(kind->min, kind->integer)},
                                {"max", number_json(kind->max, kind->integer)},
                                {"value", number_json(pilot_setting_value(current, key), kind->integer)},
                                {"default", number_json(pilot_setting_value(pilot.base(), key), kind->integer)}});
  }
  json::object out{
      {"settings", std::move(list)}, {"changed_at", nullptr}, {"changed_by", nullptr}, {"last_retention_run", nullptr}};
  SQLite::Statement latest(
      db,
      "SELECT s.changed_at, a.display_name FROM pilot_setting s JOIN account a ON a.id = s.changed_by "
      "WHERE s.municipality_id = ? ORDER BY s.changed_at DESC LIMIT 1");
  latest.bind(1, municipality_id);
  if (latest.executeStep()) {
    out["changed_at"] = latest.getColumn(0).getString();
    out["changed_by"] = latest.getColumn(1).getString();
  }
  out["history"] = settings_history(db, municipality_id);
  SQLite::Statement run(db,
                        "SELECT ran_at, deleted FROM retention_run WHERE municipality_id = ? ORDER BY id DESC LIMIT 1");
  run.bind(1, municipality_id);
  if (run.executeStep()) {
    out["last_retention_run"] =
        json::object{{"ran_at", run.getColumn(0).getString()}, {"deleted", json::parse(run.getColumn(1).getString())}};
  }
  return out;
}

// GET /api/v1/pilot-settings
awaitable<result<http_reply>> show(context& ctx, const caller& who) {
  auto reading = read_db<json::object>(ctx.readers(), [&ctx, who](SQLite::Database& db) -> result<json::object> {
    return settings_json(db, ctx.pilot_settings(), *ctx.pilot_settings().of(who.municipality_id), who.municipality_id);
  });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return json_reply(200, json_text(*found));
}

// PUT /api/v1/pilot-settings {"values": {"matching.min_size": 5, ...}}
awaitable<result<http_reply>> change(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"values"}));
  const auto* values = body->if_contains("values");
  if (!values || !values->is_object() || values->as_object().empty()) {
    co_return kreds::error{errc::invalid_field, "values must be an object of settings to change", "values"};
  }
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& [key_view, value] : values->as_object()) {
    const std::string key(key_view);
    const auto& keys = pilot_setting_keys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      co_return kreds::error{errc::invalid_field, key + " is not a pilot setting", key};
    }
    const auto kind = describe_numeric_key(key);
    if (value.is_int64()) {
      changes.emplace_back(key, std::to_string(value.as_int64()));
    } else if (value.is_double() && std::isfinite(value.as_double()) && !kind->integer) {
      changes.emplace_back(key, number_text(value.as_double()));
    } else {
      co_return kreds::error{errc::invalid_field,
                             key + (kind->integer ? " must be a whole number" : " must be a number"), key};
    }
  }
  struct saved_settings {
    config settings;
    json::object body;
  };
  auto saving = write_db<saved_settings>(
      ctx.writer(),
      [&ctx, who, changes, now = to_iso(ctx.now())](SQLite::Database& db) -> result<saved_settings> {
        std::vector<std::string> items;
        for (const auto& [key, value] : changes) items.push_back(key + "=" + value);
        auto changed = ctx.pilot_settings().with_changes(db, who.municipality_id, items);
        KREDS_RETURN_IF_ERROR(changed);
        // The history first: the value stored before (none: the file's) and the new one.
        SQLite::Statement history(
            db,
            "INSERT INTO pilot_setting_change (municipality_id, key, old_value, new_value, changed_by, changed_at) "
            "SELECT ?1, ?2, (SELECT value FROM pilot_setting WHERE municipality_id = ?1 AND key = ?2), ?3, ?4, ?5 "
            "WHERE (SELECT value FROM pilot_setting WHERE municipality_id = ?1 AND key = ?2) IS NOT ?3");
        SQLite::Statement upsert(
            db,
            "INSERT INTO pilot_setting (municipality_id, key, value, changed_by, changed_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (municipality_id, key) DO UPDATE SET value = excluded.value, "
            "changed_by = excluded.changed_by, changed_at = excluded.changed_at");
        for (const auto& [key, value] : changes) {
          for (auto* statement : {&history, &upsert}) {
            storage::bind_all(*statement, who.municipality_id, key, value, who.account_id, now);
            statement->exec();
            statement->reset();
          }
        }
        auto answer = settings_json(db, ctx.pilot_settings(), *changed, who.municipality_id);
        return saved_settings{std::move(*changed), std::move(answer)};
      },
      // In force once stored, in commit order.
      [&ctx, municipality = who.municipality_id](const saved_settings& saved) {
        ctx.pilot_settings().replace(municipality, saved.settings);
      });
  auto saved = co_await std::move(saving);
  KREDS_CO_RETURN_IF_ERROR(saved);
  co_return json_reply(200, json_text(saved->body));
}

}  // namespace

void register_pilot_settings_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/pilot-settings", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return show(ctx, *who); });
  api.add("PUT", "/api/v1/pilot-settings", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return change(ctx, request, *who); });
}

}  // namespace kreds::features
