#include "app/pilot_settings.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

#include "app/api_router.hpp"
#include "app/application.hpp"
#include "app/json_input.hpp"
#include "app/storage_calls.hpp"

namespace kreds::app {

namespace json = boost::json;
using boost::asio::awaitable;

namespace {

using getter = std::function<double(const config&)>;

const std::vector<std::pair<std::string_view, getter>>& pilot_keys() {
  static const std::vector<std::pair<std::string_view, getter>> keys{
      {"matching.min_size", [](const config& c) { return c.matching.min_size; }},
      {"matching.max_size", [](const config& c) { return c.matching.max_size; }},
      {"matching.min_shared_slots", [](const config& c) { return c.matching.min_shared_slots; }},
      {"matching.target_shared_slots", [](const config& c) { return c.matching.target_shared_slots; }},
      {"matching.max_travel_km", [](const config& c) { return c.matching.max_travel_km; }},
      {"matching.weight_goal", [](const config& c) { return c.matching.weight_goal; }},
      {"matching.weight_skill", [](const config& c) { return c.matching.weight_skill; }},
      {"matching.weight_schedule", [](const config& c) { return c.matching.weight_schedule; }},
      {"matching.weight_place", [](const config& c) { return c.matching.weight_place; }},
      {"matching.weight_lonely", [](const config& c) { return c.matching.weight_lonely; }},
      {"matching.weight_repeat", [](const config& c) { return c.matching.weight_repeat; }},
      {"network.buddy_rotation_weeks", [](const config& c) { return c.network.buddy_rotation_weeks; }},
      {"network.meeting_every_weeks", [](const config& c) { return c.network.meeting_every_weeks; }},
      {"triage.points_per_unemployed_week", [](const config& c) { return c.triage.points_per_unemployed_week; }},
      {"triage.points_per_earlier_long_spell", [](const config& c) { return c.triage.points_per_earlier_long_spell; }},
      {"triage.points_low_education", [](const config& c) { return c.triage.points_low_education; }},
      {"triage.points_target_group_sick_listed", [](const config& c) { return c.triage.points_target_group_sick_listed; }},
      {"triage.points_target_group_flex_job", [](const config& c) { return c.triage.points_target_group_flex_job; }},
      {"triage.points_target_group_young", [](const config& c) { return c.triage.points_target_group_young; }},
      {"triage.points_expects_no_job", [](const config& c) { return c.triage.points_expects_no_job; }},
      {"triage.points_expects_unsure", [](const config& c) { return c.triage.points_expects_unsure; }},
      {"triage.points_limits_on_work", [](const config& c) { return c.triage.points_limits_on_work; }},
      {"triage.points_not_confident", [](const config& c) { return c.triage.points_not_confident; }},
      {"triage.points_wants_caseworker", [](const config& c) { return c.triage.points_wants_caseworker; }},
      {"triage.points_no_network_wish", [](const config& c) { return c.triage.points_no_network_wish; }},
      {"triage.sparring_from", [](const config& c) { return c.triage.sparring_from; }},
      {"triage.individual_from", [](const config& c) { return c.triage.individual_from; }},
      {"retention.chat_messages_days", [](const config& c) { return c.retention.chat_messages_days; }},
      {"retention.help_requests_days", [](const config& c) { return c.retention.help_requests_days; }},
      {"retention.alerts_days", [](const config& c) { return c.retention.alerts_days; }},
      {"retention.audit_log_days", [](const config& c) { return c.retention.audit_log_days; }},
      {"retention.closed_accounts_days", [](const config& c) { return c.retention.closed_accounts_days; }},
      {"retention.case_records_days", [](const config& c) { return c.retention.case_records_days; }},
      {"dashboard.baseline_minutes_per_seeker_month",
       [](const config& c) { return c.dashboard.baseline_minutes_per_seeker_month; }},
  };
  return keys;
}

// "key=value" as config items, from what is stored for a municipality.
std::vector<std::string> stored_items(SQLite::Database& db, std::int64_t municipality_id) {
  SQLite::Statement rows(db, "SELECT key, value FROM pilot_setting WHERE municipality_id = ? ORDER BY key");
  rows.bind(1, municipality_id);
  std::vector<std::string> items;
  while (rows.executeStep()) items.push_back(rows.getColumn(0).getString() + "=" + rows.getColumn(1).getString());
  return items;
}

std::string number_text(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

json::value number_json(double value, bool integer) {
  if (integer) return static_cast<std::int64_t>(std::llround(value));
  return value;
}

json::object settings_json(SQLite::Database& db, const pilot_settings& pilot, const config& current,
                           std::int64_t municipality_id) {
  json::array list;
  for (const auto& [key, get] : pilot_keys()) {
    const auto kind = describe_numeric_key(key);
    list.push_back(json::object{{"key", key},
                                {"type", kind->integer ? "integer" : "number"},
                                {"min", number_json(kind->min, kind->integer)},
                                {"max", number_json(kind->max, kind->integer)},
                                {"value", number_json(get(current), kind->integer)},
                                {"default", number_json(get(pilot.base()), kind->integer)}});
  }
  json::object out{{"settings", std::move(list)}, {"changed_at", nullptr}, {"changed_by", nullptr},
                   {"last_retention_run", nullptr}};
  SQLite::Statement latest(db, "SELECT s.changed_at, a.display_name FROM pilot_setting s JOIN account a ON a.id = s.changed_by "
                               "WHERE s.municipality_id = ? ORDER BY s.changed_at DESC LIMIT 1");
  latest.bind(1, municipality_id);
  if (latest.executeStep()) {
    out["changed_at"] = latest.getColumn(0).getString();
    out["changed_by"] = latest.getColumn(1).getString();
  }
  SQLite::Statement run(db, "SELECT ran_at, deleted FROM retention_run WHERE municipality_id = ? ORDER BY id DESC LIMIT 1");
  run.bind(1, municipality_id);
  if (run.executeStep()) {
    out["last_retention_run"] = json::object{{"ran_at", run.getColumn(0).getString()},
                                             {"deleted", json::parse(run.getColumn(1).getString())}};
  }
  return out;
}

// GET /api/v1/pilot-settings
awaitable<result<http_reply>> show(application& app, const caller& who) {
  auto reading = read_db<json::object>(app.readers(), [&app, who](SQLite::Database& db) -> result<json::object> {
    return settings_json(db, app.pilot_settings(), *app.pilot_settings().of(who.municipality_id), who.municipality_id);
  });
  auto found = co_await std::move(reading);
  if (!found) co_return std::move(found).err();
  co_return json_reply(200, json::serialize(*found));
}

// PUT /api/v1/pilot-settings {"values": {"matching.min_size": 5, ...}}
awaitable<result<http_reply>> change(application& app, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  if (!body) co_return std::move(body).err();
  if (auto known = only_fields(*body, {"values"}); !known) co_return std::move(known).err();
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
      co_return kreds::error{errc::invalid_field, key + (kind->integer ? " must be a whole number" : " must be a number"), key};
    }
  }
  struct saved_settings {
    config settings;
    json::object body;
  };
  auto saving = write_db<saved_settings>(
      app.writer(),
      [&app, who, changes, now = to_iso(app.now())](SQLite::Database& db) -> result<saved_settings> {
    std::vector<std::string> items;
    for (const auto& [key, value] : changes) items.push_back(key + "=" + value);
    auto changed = app.pilot_settings().with_changes(db, who.municipality_id, items);
    if (!changed) return std::move(changed).err();
    SQLite::Statement upsert(db,
                             "INSERT INTO pilot_setting (municipality_id, key, value, changed_by, changed_at) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (municipality_id, key) DO UPDATE SET value = excluded.value, "
                             "changed_by = excluded.changed_by, changed_at = excluded.changed_at");
    for (const auto& [key, value] : changes) {
      upsert.bind(1, who.municipality_id);
      upsert.bind(2, key);
      upsert.bind(3, value);
      upsert.bind(4, who.account_id);
      upsert.bind(5, now);
      upsert.exec();
      upsert.reset();
    }
    auto answer = settings_json(db, app.pilot_settings(), *changed, who.municipality_id);
    return saved_settings{std::move(*changed), std::move(answer)};
  },
      // In force once stored, in commit order.
      [&app, municipality = who.municipality_id](const saved_settings& saved) {
        app.pilot_settings().replace(municipality, saved.settings);
      });
  auto saved = co_await std::move(saving);
  if (!saved) co_return std::move(saved).err();
  co_return json_reply(200, json::serialize(saved->body));
}

}  // namespace

const std::vector<std::string_view>& pilot_setting_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const auto& [key, get] : pilot_keys()) out.push_back(key);
    return out;
  }();
  return keys;
}

double pilot_setting_value(const config& settings, std::string_view key) {
  for (const auto& [name, get] : pilot_keys()) {
    if (name == key) return get(settings);
  }
  return std::nan("");
}

pilot_settings::pilot_settings(const config& base) : base_(std::make_shared<const config>(base)) {}

std::shared_ptr<const config> pilot_settings::of(std::int64_t municipality_id) const {
  std::lock_guard lock(mutex_);
  const auto found = by_municipality_.find(municipality_id);
  return found == by_municipality_.end() ? base_ : found->second;
}

std::vector<std::string> pilot_settings::load(SQLite::Database& db) {
  std::vector<std::string> skipped;
  SQLite::Statement municipalities(db, "SELECT DISTINCT municipality_id FROM pilot_setting");
  while (municipalities.executeStep()) {
    const auto id = municipalities.getColumn(0).getInt64();
    config settings = *base_;
    for (const auto& item : stored_items(db, id)) {
      auto applied = apply_config_values(settings, {item}, "pilot settings");
      if (applied) {
        settings = std::move(*applied);
      } else {
        skipped.push_back("municipality " + std::to_string(id) + ": " + applied.err().message());
      }
    }
    replace(id, std::move(settings));
  }
  return skipped;
}

result<config> pilot_settings::with_changes(SQLite::Database& db, std::int64_t municipality_id,
                                            const std::vector<std::string>& items) const {
  auto all = stored_items(db, municipality_id);
  all.insert(all.end(), items.begin(), items.end());
  return apply_config_values(*base_, all, "pilot settings");
}

void pilot_settings::replace(std::int64_t municipality_id, config settings) {
  auto shared = std::make_shared<const config>(std::move(settings));
  std::lock_guard lock(mutex_);
  by_municipality_[municipality_id] = std::move(shared);
}

void register_pilot_settings_routes(application& app, api_router& api) {
  api.add("GET", "/api/v1/pilot-settings", permission::run_pilot,
          [&app](const http_request&, const caller* who) { return show(app, *who); });
  api.add("PUT", "/api/v1/pilot-settings", permission::run_pilot,
          [&app](const http_request& request, const caller* who) { return change(app, request, *who); });
}

}  // namespace kreds::app
