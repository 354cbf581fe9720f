#include "platform/config.hpp"

#include <toml++/toml.h>
#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <sstream>
#include <variant>

#include "platform/client_address.hpp"

namespace kreds::platform {
namespace {

using int_setter = std::function<void(config&, std::int64_t)>;
using string_setter = std::function<void(config&, std::string)>;
using list_setter = std::function<void(config&, std::vector<std::string>)>;
using real_setter = std::function<void(config&, double)>;

struct key_spec {
  std::string_view section;
  std::string_view name;
  std::variant<int_setter, string_setter, list_setter, real_setter> apply;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::vector<std::string_view> choices;                 // allowed strings; empty = any
  std::function<std::string(const std::string&)> check;  // extra string rule; "" = fine
};

std::string check_address(const std::string& value) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(value, ec);
  return ec ? "must be an IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0 or ::1" : "";
}

std::string check_origin(const std::string& value) {
  const bool scheme = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
  const auto host = value.substr(value.find("://") == std::string::npos ? 0 : value.find("://") + 3);
  if (!scheme || host.empty() || host.find('/') != std::string::npos) {
    return "must hold origins like \"https://kreds.example.dk\" (scheme and host, optional port, no path)";
  }
  return "";
}

template <class Seconds>
int_setter seconds(Seconds config::*section, std::chrono::seconds Seconds::*field) {
  return [=](config& c, std::int64_t v) { (c.*section).*field = std::chrono::seconds(v); };
}

// Every configuration key, one line each: long because it is the table of
// keys, read top to bottom like config/kreds.toml, not because it branches.
const std::vector<key_spec>& specs() {
  static const std::vector<key_spec> all = [] {
    std::vector<key_spec> s;
    auto integer = [&](std::string_view section, std::string_view name, std::int64_t min, std::int64_t max,
                       int_setter set) {
      s.push_back({section, name, std::move(set), min, max, {}, {}});
    };
    auto text = [&](std::string_view section, std::string_view name, std::vector<std::string_view> choices,
                    string_setter set, std::function<std::string(const std::string&)> check = {}) {
      s.push_back({section, name, std::move(set), 0, 0, std::move(choices), std::move(check)});
    };
    using L = limits;
    auto real = [&](std::string_view section, std::string_view name, std::int64_t min, std::int64_t max,
                    real_setter set) {
      s.push_back({section, name, std::move(set), min, max, {}, {}});
    };

    text(
        "server", "listen", {}, [](config& c, std::string v) { c.server.listen = std::move(v); }, check_address);
    integer("server", "port", 0, 65535, [](config& c, std::int64_t v) { c.server.port = static_cast<int>(v); });
    integer("server", "threads", 1, 64, [](config& c, std::int64_t v) { c.server.threads = static_cast<int>(v); });
    s.push_back({"server",
                 "trusted_proxies",
                 list_setter([](config& c, std::vector<std::string> v) { c.server.trusted_proxies = std::move(v); }),
                 0,
                 0,
                 {},
                 trusted_proxies::check_entry});
    text(
        "server", "public_url", {}, [](config& c, std::string v) { c.server.public_url = std::move(v); },
        [](const std::string& v) { return v.empty() ? "" : check_origin(v); });

    text(
        "metrics", "listen", {}, [](config& c, std::string v) { c.metrics.listen = std::move(v); }, check_address);
    integer("metrics", "port", 0, 65535, [](config& c, std::int64_t v) { c.metrics.port = static_cast<int>(v); });

    text(
        "database", "path", {}, [](config& c, std::string v) { c.database.path = std::move(v); },
        [](const std::string& v) { return v.empty() ? "must not be empty" : ""; });
    text("database", "synchronous", {"NORMAL", "FULL", "EXTRA"},
         [](config& c, std::string v) { c.database.synchronous = std::move(v); });
    integer("database", "busy_timeout_ms", 0, 600000,
            [](config& c, std::int64_t v) { c.database.busy_timeout = std::chrono::milliseconds(v); });
    integer("database", "readers", 1, 64,
            [](config& c, std::int64_t v) { c.readers.threads = static_cast<std::size_t>(v); });
    integer("database", "commit_max_batch", 1, 100000,
            [](config& c, std::int64_t v) { c.writer.max_batch = static_cast<std::size_t>(v); });
    integer("database", "commit_max_delay_us", 0, 1000000,
            [](config& c, std::int64_t v) { c.writer.max_delay = std::chrono::microseconds(v); });
    integer("database", "write_queue", 1, 10000000, [](config& c, std::int64_t v) {
      c.writer.max_queue = static_cast<std::size_t>(v);
      c.readers.max_queue = static_cast<std::size_t>(v);
    });

    text(
        "web", "root", {}, [](config& c, std::string v) { c.web.root = std::move(v); },
        [](const std::string& v) { return v.empty() ? "must not be empty" : ""; });
    integer("web", "max_age_seconds", 0, 31536000,
            [](config& c, std::int64_t v) { c.web.max_age_seconds = static_cast<int>(v); });

    s.push_back({"websocket",
                 "allowed_origins",
                 list_setter([](config& c, std::vector<std::string> v) { c.websocket.allowed_origins = std::move(v); }),
                 0,
                 0,
                 {},
                 check_origin});

    text("tls", "certificate", {}, [](config& c, std::string v) { c.tls.certificate = std::move(v); });
    text("tls", "private_key", {}, [](config& c, std::string v) { c.tls.private_key = std::move(v); });

    text("log", "level", {"trace", "debug", "info", "warn", "error", "off"},
         [](config& c, std::string v) { c.log.level = std::move(v); });
    text("log", "format", {"text", "json"}, [](config& c, std::string v) { c.log.format = std::move(v); });

    auto auth = [](int config::auth_section::*field) {
      return [=](config& c, std::int64_t v) { c.auth.*field = static_cast<int>(v); };
    };
    using A = config::auth_section;
    integer("auth", "session_idle_minutes", 1, 10080, auth(&A::session_idle_minutes));
    integer("auth", "session_lifetime_hours", 1, 720, auth(&A::session_lifetime_hours));
    integer("auth", "invitation_days", 1, 90, auth(&A::invitation_days));
    integer("auth", "login_failures_per_account", 1, 1000, auth(&A::login_failures_per_account));
    integer("auth", "login_failures_per_address", 1, 100000, auth(&A::login_failures_per_address));
    integer("auth", "login_lockout_minutes", 1, 1440, auth(&A::login_lockout_minutes));
    integer("auth", "account_block_failures", 0, 1000, auth(&A::account_block_failures));
    integer("auth", "login_log_days", 1, 3650, auth(&A::login_log_days));

    using M = config::matching_section;
    auto whole = [](int M::*field) {
      return [=](config& c, std::int64_t v) { c.matching.*field = static_cast<int>(v); };
    };
    auto weight = [](double M::*field) { return [=](config& c, double v) { c.matching.*field = v; }; };
    integer("matching", "min_size", 2, 20, whole(&M::min_size));
    integer("matching", "max_size", 2, 20, whole(&M::max_size));
    integer("matching", "min_shared_slots", 0, 21, whole(&M::min_shared_slots));
    integer("matching", "target_shared_slots", 1, 21, whole(&M::target_shared_slots));
    real("matching", "max_travel_km", 1, 500, weight(&M::max_travel_km));
    real("matching", "weight_goal", 0, 100, weight(&M::weight_goal));
    real("matching", "weight_skill", 0, 100, weight(&M::weight_skill));
    real("matching", "weight_schedule", 0, 100, weight(&M::weight_schedule));
    real("matching", "weight_place", 0, 100, weight(&M::weight_place));
    real("matching", "weight_lonely", 0, 100, weight(&M::weight_lonely));
    real("matching", "weight_repeat", 0, 100, weight(&M::weight_repeat));
    integer("matching", "threads", 1, 64, whole(&M::threads));

    integer("network", "buddy_rotation_weeks", 1, 26,
            [](config& c, std::int64_t v) { c.network.buddy_rotation_weeks = static_cast<int>(v); });
    integer("network", "meeting_every_weeks", 1, 12,
            [](config& c, std::int64_t v) { c.network.meeting_every_weeks = static_cast<int>(v); });

    using T = config::triage_section;
    auto points = [](double T::*field) { return [=](config& c, double v) { c.triage.*field = v; }; };
    for (const auto& [name, field] : std::vector<std::pair<const char*, double T::*>>{
             {"points_per_unemployed_week", &T::points_per_unemployed_week},
             {"points_per_earlier_long_spell", &T::points_per_earlier_long_spell},
             {"points_low_education", &T::points_low_education},
             {"points_target_group_sick_listed", &T::points_target_group_sick_listed},
             {"points_target_group_flex_job", &T::points_target_group_flex_job},
             {"points_target_group_young", &T::points_target_group_young},
             {"points_expects_no_job", &T::points_expects_no_job},
             {"points_expects_unsure", &T::points_expects_unsure},
             {"points_limits_on_work", &T::points_limits_on_work},
             {"points_not_confident", &T::points_not_confident},
             {"points_wants_caseworker", &T::points_wants_caseworker},
             {"points_no_network_wish", &T::points_no_network_wish},
             {"sparring_from", &T::sparring_from},
             {"individual_from", &T::individual_from}}) {
      real("triage", name, 0, 100, points(field));
    }

    using S = config::signals_section;
    auto signal = [](int S::*field) {
      return [=](config& c, std::int64_t v) { c.signals.*field = static_cast<int>(v); };
    };
    integer("signals", "long_term_warning_weeks", 1, 104, signal(&S::long_term_warning_weeks));
    integer("signals", "inactive_days", 1, 365, signal(&S::inactive_days));
    integer("signals", "goals_missed_weeks", 1, 26, signal(&S::goals_missed_weeks));
    integer("signals", "help_unanswered_hours", 1, 720, signal(&S::help_unanswered_hours));
    integer("signals", "evaluate_every_seconds", 1, 86400, signal(&S::evaluate_every_seconds));

    using W = config::staff_time_section;
    auto minutes = [](int W::*field) {
      return [=](config& c, std::int64_t v) { c.staff_time.*field = static_cast<int>(v); };
    };
    integer("staff_time", "triage", 1, 600, minutes(&W::triage));
    integer("staff_time", "alert", 1, 600, minutes(&W::alert));
    integer("staff_time", "help_answer", 1, 600, minutes(&W::help_answer));
    integer("staff_time", "moderation", 1, 600, minutes(&W::moderation));
    integer("staff_time", "move", 1, 600, minutes(&W::move));
    integer("staff_time", "formation", 1, 600, minutes(&W::formation));
    integer("staff_time", "outcome", 1, 600, minutes(&W::outcome));

    using R = config::retention_section;
    auto days = [](int R::*field) {
      return [=](config& c, std::int64_t v) { c.retention.*field = static_cast<int>(v); };
    };
    integer("retention", "chat_messages_days", 30, 3650, days(&R::chat_messages_days));
    integer("retention", "help_requests_days", 30, 3650, days(&R::help_requests_days));
    integer("retention", "alerts_days", 30, 3650, days(&R::alerts_days));
    integer("retention", "audit_log_days", 180, 3650, days(&R::audit_log_days));
    integer("retention", "closed_accounts_days", 30, 3650, days(&R::closed_accounts_days));
    integer("retention", "case_records_days", 365, 3650, days(&R::case_records_days));
    integer("retention", "unaccepted_invitations_days", 1, 3650, days(&R::unaccepted_invitations_days));
    integer("retention", "run_every_hours", 1, 168, days(&R::run_every_hours));

    integer("dashboard", "baseline_minutes_per_seeker_month", 1, 6000,
            [](config& c, std::int64_t v) { c.dashboard.baseline_minutes_per_seeker_month = static_cast<int>(v); });

    text(
        "taxonomy", "path", {}, [](config& c, std::string v) { c.taxonomy.path = std::move(v); },
        [](const std::string& v) { return v.empty() ? "must not be empty" : ""; });

    auto size = [](std::size_t L::*field) {
      return [=](config& c, std::int64_t v) { c.limits.*field = static_cast<std::size_t>(v); };
    };
    integer("limits", "http_max_body_bytes", 1024, 1LL << 30, size(&L::http_max_body_bytes));
    integer("limits", "http_max_header_bytes", 1024, 1 << 20, size(&L::http_max_header_bytes));
    integer("limits", "http_request_timeout_seconds", 1, 3600, seconds(&config::limits, &L::http_request_timeout));
    integer("limits", "http_idle_timeout_seconds", 1, 3600, seconds(&config::limits, &L::http_idle_timeout));
    integer("limits", "max_connections", 1, 1000000, size(&L::max_connections));
    integer("limits", "descriptor_reserve", 16, 100000, size(&L::descriptor_reserve));
    integer("limits", "ws_max_message_bytes", 256, 16 << 20, size(&L::ws_max_message_bytes));
    integer("limits", "ws_queue_messages", 1, 1000000, size(&L::ws_queue_messages));
    integer("limits", "ws_queue_bytes", 1024, 1LL << 30, size(&L::ws_queue_bytes));
    integer("limits", "ws_idle_timeout_seconds", 2, 3600, seconds(&config::limits, &L::ws_idle_timeout));
    integer("limits", "ws_handshake_timeout_seconds", 1, 600, seconds(&config::limits, &L::ws_handshake_timeout));
    integer("limits", "ws_per_account", 1, 1000, size(&L::ws_per_account));
    integer("limits", "ws_messages_per_minute", 10, 100000, size(&L::ws_messages_per_minute));
    integer("limits", "ws_changes_per_minute", 1, 100000, size(&L::ws_changes_per_minute));
    integer("limits", "chat_max_characters", 1, 20000, size(&L::chat_max_characters));
    integer("limits", "chat_messages_per_minute", 1, 100000, size(&L::chat_messages_per_minute));
    integer("limits", "chat_sync_batch", 10, 10000, size(&L::chat_sync_batch));
    integer("limits", "meetings_ahead", 1, 1000, size(&L::meetings_ahead));
    integer("limits", "list_page", 10, 1000, size(&L::list_page));
    integer("limits", "hash_queue_max", 1, 100000, size(&L::hash_queue_max));
    integer("limits", "session_sweep_seconds", 1, 3600, seconds(&config::limits, &L::session_sweep_interval));
    integer("limits", "shutdown_grace_seconds", 1, 9, seconds(&config::limits, &L::shutdown_grace));
    return s;
  }();
  return all;
}

// A file's errors name the line; other sources (the command line, the
// pilot settings) are one-liners.
std::string where(std::string_view source, const toml::source_region& region) {
  if (source == "command line" || source == "pilot settings") return std::string(source);
  return std::string(source) + ":" + std::to_string(region.begin.line);
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string known_sections() {
  std::vector<std::string_view> sections;
  for (const auto& s : specs()) {
    if (std::find(sections.begin(), sections.end(), s.section) == sections.end()) sections.push_back(s.section);
  }
  return join(sections);
}

kreds::error bad(std::string_view source, const toml::source_region& region, const std::string& key,
                 const std::string& what) {
  return {errc::invalid_field, where(source, region) + ": " + key + " " + what, key};
}

result<void> apply_value(config& c, const key_spec& spec, const toml::node& node, std::string_view source) {
  const std::string key = std::string(spec.section) + "." + std::string(spec.name);
  if (auto* set = std::get_if<int_setter>(&spec.apply)) {
    auto value = node.value_exact<std::int64_t>();
    if (!value) return bad(source, node.source(), key, "must be an integer");
    if (*value < spec.min || *value > spec.max) {
      return bad(source, node.source(), key,
                 "must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max) + ", not " +
                     std::to_string(*value));
    }
    (*set)(c, *value);
    return {};
  }
  if (auto* set = std::get_if<real_setter>(&spec.apply)) {
    auto value = node.value<double>();  // integers are accepted as numbers too
    if (!value || !(node.is_floating_point() || node.is_integer()))
      return bad(source, node.source(), key, "must be a number");
    if (*value < static_cast<double>(spec.min) || *value > static_cast<double>(spec.max)) {
      return bad(source, node.source(), key,
                 "must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max));
    }
    (*set)(c, *value);
    return {};
  }
  auto check_string = [&](const std::string& value) -> std::string {
    if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end()) {
      return "must be one of " + join(spec.choices) + ", not \"" + value + "\"";
    }
    return spec.check ? spec.check(value) : "";
  };
  if (auto* set = std::get_if<string_setter>(&spec.apply)) {
    auto value = node.value_exact<std::string>();
    if (!value) return bad(source, node.source(), key, "must be a string");
    if (auto problem = check_string(*value); !problem.empty()) return bad(source, node.source(), key, problem);
    (*set)(c, std::move(*value));
    return {};
  }
  const auto* array = node.as_array();
  if (!array) return bad(source, node.source(), key, "must be an array of strings");
  std::vector<std::string> values;
  for (const auto& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) return bad(source, element.source(), key, "must be an array of strings");
    if (auto problem = check_string(*value); !problem.empty()) return bad(source, element.source(), key, problem);
    values.push_back(std::move(*value));
  }
  std::get<list_setter>(spec.apply)(c, std::move(values));
  return {};
}

result<void> apply_table(config& c, const toml::table& root, std::string_view source) {
  for (const auto& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    const bool known_section =
        std::any_of(specs().begin(), specs().end(), [&](const key_spec& s) { return s.section == section; });
    const auto* table = section_node.as_table();
    if (!known_section || !table) {
      return kreds::error{errc::invalid_field,
                          where(source, section_key.source()) + ": unknown " +
                              (table ? "section [" + section + "]" : "key '" + section + "'") +
                              "; known sections: " + known_sections(),
                          section};
    }
    for (const auto& [name_key, value] : *table) {
      const std::string name(name_key.str());
      auto spec = std::find_if(specs().begin(), specs().end(),
                               [&](const key_spec& s) { return s.section == section && s.name == name; });
      if (spec == specs().end()) {
        std::vector<std::string_view> names;
        for (const auto& s : specs()) {
          if (s.section == section) names.push_back(s.name);
        }
        return kreds::error{errc::invalid_field,
                            where(source, name_key.source()) + ": unknown key '" + section + "." + name +
                                "'; known keys in [" + section + "]: " + join(names),
                            section + "." + name};
      }
      if (auto applied = apply_value(c, *spec, value, source); !applied) return applied;
    }
  }
  return {};
}

result<toml::table> parse(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& failure) {
    return kreds::error{errc::invalid_field,
                        where(source, failure.source()) + ": " + std::string(failure.description())};
  }
}

// "limits.ws_queue_messages=64" is already TOML; "log.level=debug" is not,
// so a value that does not parse is retried as a quoted string.
result<toml::table> parse_override(const std::string& item, std::string_view source) {
  const auto equals = item.find('=');
  if (equals == std::string::npos || equals == 0) {
    return kreds::error{errc::invalid_field, std::string(source) + ": '" + item + "' must look like section.key=value"};
  }
  if (auto table = parse(item, source)) return table;
  std::string quoted = item.substr(0, equals) + "=\"";
  for (char ch : item.substr(equals + 1)) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  quoted += '"';
  return parse(quoted, source);
}

}  // namespace

namespace {

// Rules that span keys, checked after every key is applied.
result<config> checked(config c) {
  if (c.matching.min_size > c.matching.max_size) {
    return kreds::error{errc::invalid_field, "matching.min_size must not exceed matching.max_size",
                        "matching.min_size"};
  }
  if (c.triage.sparring_from >= c.triage.individual_from) {
    return kreds::error{errc::invalid_field, "triage.sparring_from must be below triage.individual_from",
                        "triage.sparring_from"};
  }
  if (c.tls.certificate.empty() != c.tls.private_key.empty()) {
    return kreds::error{errc::invalid_field,
                        "tls.certificate and tls.private_key must be set together (both empty turns TLS off)", "tls"};
  }
  return c;
}

}  // namespace

result<config> load_config(const std::string& path, const std::vector<std::string>& overrides) {
  config c;
  if (!path.empty()) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return kreds::error{errc::not_found, path + ": cannot open the config file", "config"};
    std::stringstream text;
    text << file.rdbuf();
    auto table = parse(text.str(), path);
    KREDS_RETURN_IF_ERROR(table);
    KREDS_CHECK(apply_table(c, *table, path));
  }
  return apply_config_values(std::move(c), overrides, "command line");
}

result<config> apply_config_values(config base, const std::vector<std::string>& items, std::string_view source) {
  for (const auto& item : items) {
    auto table = parse_override(item, source);
    KREDS_RETURN_IF_ERROR(table);
    KREDS_CHECK(apply_table(base, *table, source));
  }
  return checked(std::move(base));
}

std::optional<numeric_key> describe_numeric_key(std::string_view key) {
  for (const auto& s : specs()) {
    if (std::string(s.section) + "." + std::string(s.name) != key) continue;
    if (std::holds_alternative<int_setter>(s.apply)) {
      return numeric_key{true, static_cast<double>(s.min), static_cast<double>(s.max)};
    }
    if (std::holds_alternative<real_setter>(s.apply)) {
      return numeric_key{false, static_cast<double>(s.min), static_cast<double>(s.max)};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> known_config_keys() {
  std::vector<std::string> keys;
  for (const auto& s : specs()) keys.push_back(std::string(s.section) + "." + std::string(s.name));
  return keys;
}

}  // namespace kreds::platform
