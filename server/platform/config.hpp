// The server's configuration: defaults, config/kreds.toml, and command-line
// overrides, validated in one pass.
//
// load_config() starts from the defaults below, applies the TOML file (if
// any), then each override ("section.key=value", TOML syntax; a bare word is
// taken as a string), and validates every key on the way. An unknown key, a
// wrong type or an out-of-range value is an error naming the key and where
// it came from (file and line, or the command line); nothing is half-applied.
// The result is a plain value, read-only once the server starts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "platform/limits.hpp"
#include "storage/database.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::platform {

struct config {
  struct server_section {
    std::string listen = "127.0.0.1";
    int port = 8080;
    int threads = 2;
    // Proxies whose X-Forwarded-For is believed (platform/client_address.hpp).
    std::vector<std::string> trusted_proxies;
    // The origin users reach Kreds at ("https://kreds.example.dk"), when a
    // proxy terminates TLS in front of it; "" when Kreds is reached directly.
    std::string public_url;
  } server;

  // Prometheus metrics on a listener of their own, never on the public port.
  struct metrics_section {
    std::string listen = "127.0.0.1";
    int port = 9464;  // 0: any free port (said in the log)
  } metrics;

  storage::database_options database;
  storage::writer_options writer;
  storage::reader_options readers;

  struct web_section {
    std::string root = "web";
    int max_age_seconds = 3600;  // Cache-Control max-age for assets (not HTML)
  } web;

  struct websocket_section {
    // Origins allowed to open /ws ("https://kreds.example.dk"). Empty: only
    // the server's own origin (the Origin's host equals the Host header).
    std::vector<std::string> allowed_origins;
  } websocket;

  struct tls_section {
    std::string certificate;  // PEM chain; TLS is on when both are set
    std::string private_key;
    bool enabled() const { return !certificate.empty(); }
  } tls;

  // Users reach the server over HTTPS (its own TLS, or an https public_url
  // behind a proxy): the session cookie is __Host- and Secure, and every
  // answer carries Strict-Transport-Security.
  bool served_over_https() const { return tls.enabled() || server.public_url.rfind("https://", 0) == 0; }

  struct log_section {
    std::string level = "info";   // trace, debug, info, warn, error, off
    std::string format = "text";  // text or json
  } log;

  struct auth_section {
    int session_idle_minutes = 60;       // a session unused this long ends
    int session_lifetime_hours = 12;     // and every session ends after this
    int invitation_days = 14;            // an invitation code is valid this long
    int login_failures_per_account = 5;  // failures within the lockout window...
    int login_failures_per_address = 20;
    int login_lockout_minutes = 15;  // ...refuse further attempts this long
    int account_block_failures =
        0;                    // this many rejected logins in 24 h block the account until staff unlock it (0: never)
    int login_log_days = 90;  // rejected logins are kept this long
  } auth;

  // Network formation (docs/matching.md); weights of the soft terms.
  struct matching_section {
    int min_size = 6;
    int max_size = 8;
    int min_shared_slots = 1;
    int target_shared_slots = 6;
    double max_travel_km = 25.0;
    double weight_goal = 4.0;
    double weight_skill = 1.0;
    double weight_schedule = 1.0;
    double weight_place = 1.0;
    double weight_lonely = 3.0;
    double weight_repeat = 2.0;
    int threads = 2;
  } matching;

  // Life inside a network (docs/protocol.md).
  struct network_section {
    int buddy_rotation_weeks = 2;  // buddies are paired anew this often
    int meeting_every_weeks = 2;   // a network meets this often; the next meeting is due after it
  } network;

  // The needs score behind a suggested track (docs/triage.md): points per
  // factor; the score suggests network below `sparring_from`, network with
  // sparring below `individual_from`, else individual effort.
  struct triage_section {
    double points_per_unemployed_week = 0.04;
    double points_per_earlier_long_spell = 1.0;
    double points_low_education = 1.0;  // education level 0-2 (ISCED)
    double points_target_group_sick_listed = 1.5;
    double points_target_group_flex_job = 1.5;
    double points_target_group_young = 0.5;
    double points_expects_no_job = 1.5;
    double points_expects_unsure = 0.75;
    double points_limits_on_work = 1.0;
    double points_not_confident = 1.0;
    double points_wants_caseworker = 0.5;
    double points_no_network_wish = 1.0;
    double sparring_from = 2.5;
    double individual_from = 4.5;
  } triage;

  // Drift signals: when the caseworker's inbox gets an alert.
  struct signals_section {
    int long_term_warning_weeks = 40;  // unemployed this long: approaching long-term (52)
    int inactive_days = 14;            // no chat, lead, goal or check-in this long
    int goals_missed_weeks = 2;        // weeks running with goals not met or no check-in
    int help_unanswered_hours = 48;
    int evaluate_every_seconds = 300;
  } signals;

  // Estimated caseworker minutes per action, for the staff-time report.
  struct staff_time_section {
    int triage = 20;
    int alert = 10;
    int help_answer = 10;
    int moderation = 5;
    int move = 15;
    int formation = 30;  // per network confirmed
    int outcome = 10;    // recording how a seeker's course ended
  } staff_time;

  // How long data is kept (docs/privacy.md, "Retention"): a scheduled job
  // deletes what is older, then compacts the database file.
  struct retention_section {
    int chat_messages_days = 730;          // chat messages (and reports of them), from when they were written
    int help_requests_days = 730;          // help requests, from when they were asked
    int alerts_days = 730;                 // resolved alerts, from their last change
    int audit_log_days = 1825;             // who looked at whose data, from the look
    int closed_accounts_days = 365;        // a seeker's account after it was deactivated: then erased
    int case_records_days = 1825;          // track decisions and consent of an erased account, after its closing
    int unaccepted_invitations_days = 30;  // an invitation never accepted: its account (name, e-mail) after expiry
    int run_every_hours = 24;
  } retention;

  // The municipality's dashboard (docs/dashboard.md).
  struct dashboard_section {
    // Caseworker minutes per seeker per month in ordinary individual case
    // handling: what a network seeker's time is compared with (hours freed).
    int baseline_minutes_per_seeker_month = 90;
  } dashboard;

  struct taxonomy_section {
    std::string path = "config/taxonomy/esco-1.1.tsv";  // the shipped ESCO taxonomy
  } taxonomy;

  platform::limits limits;
};

// path: the TOML file, or empty for defaults only. A missing file is an error.
result<config> load_config(const std::string& path, const std::vector<std::string>& overrides);

// Applies "section.key=value" items (TOML values) on top of `base`, with the
// same checks as load_config; `source` names where they came from in errors
// ("pilot settings"). The error's field is the key.
result<config> apply_config_values(config base, const std::vector<std::string>& items, std::string_view source);

// Every key as "section.key", for --help and tests.
std::vector<std::string> known_config_keys();

// A numeric key's type and range; nullopt for unknown or non-numeric keys.
struct numeric_key {
  bool integer;
  double min;
  double max;
};
std::optional<numeric_key> describe_numeric_key(std::string_view key);

}  // namespace kreds::platform
