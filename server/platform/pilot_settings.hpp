// The pilot settings (docs/dashboard.md, "Pilot settings"): the part of the
// configuration a municipality's administrator changes on the configuration
// screen — network sizes and meeting cadence, matching weights, triage
// points and thresholds, retention periods and the dashboard's baseline.
//
// config/kreds.toml gives every municipality its starting values; a value
// saved on the screen is stored in pilot_setting and overrides it for that
// municipality only. A change is validated with the same rules as the file
// (range, type, and rules across keys such as min_size <= max_size) against
// everything already stored, and is all-or-nothing. of() hands out an
// immutable snapshot, so a request keeps the values it started with while
// a change lands. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "platform/config.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::platform {

// The keys the screen may change, in the screen's order.
const std::vector<std::string_view>& pilot_setting_keys();

// A pilot key's value in `settings` (all of them are numbers).
double pilot_setting_value(const config& settings, std::string_view key);

class pilot_settings {
 public:
  explicit pilot_settings(const config& base);

  // The settings in force for a municipality.
  std::shared_ptr<const config> of(std::int64_t municipality_id) const;
  const config& base() const noexcept { return *base_; }

  // Applies the stored values of every municipality (at start). A stored
  // value that no longer passes (a range narrowed since) is skipped and
  // reported in the returned list.
  std::vector<std::string> load(SQLite::Database& db);

  // The settings `items` ("key=value") would give on top of what is stored
  // for the municipality; an error names the key. Runs on the writer.
  result<config> with_changes(SQLite::Database& db, std::int64_t municipality_id,
                              const std::vector<std::string>& items) const;

  void replace(std::int64_t municipality_id, config settings);

 private:
  std::shared_ptr<const config> base_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<const config>> by_municipality_;
};

}  // namespace kreds::platform
