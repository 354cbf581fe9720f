#include "platform/pilot_settings.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

namespace kreds::platform {

namespace json = boost::json;

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
      {"triage.points_target_group_sick_listed",
       [](const config& c) { return c.triage.points_target_group_sick_listed; }},
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
      {"retention.unaccepted_invitations_days",
       [](const config& c) { return c.retention.unaccepted_invitations_days; }},
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

}  // namespace kreds::platform
