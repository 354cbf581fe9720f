#include "app/application.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/json.hpp>

#include "app/alerts.hpp"
#include "app/buddies.hpp"
#include "app/case_outcomes.hpp"
#include "app/goals.hpp"
#include "app/help_requests.hpp"
#include "app/leads.hpp"
#include "app/meetings.hpp"
#include "app/membership.hpp"
#include "app/outcomes.hpp"
#include "app/personal_data.hpp"
#include "app/dashboard.hpp"
#include "app/retention.hpp"
#include "app/portfolio.hpp"
#include "app/staff_time.hpp"
#include "app/logging.hpp"
#include "app/routes.hpp"
#include "app/storage_calls.hpp"
#include "app/triage.hpp"
#include "app/visits.hpp"
#include "storage/migrations.hpp"

#ifndef KREDS_VERSION
#define KREDS_VERSION "0.0.0"
#endif

namespace kreds::app {

result<std::unique_ptr<application>> application::open(config settings,
                                                       std::shared_ptr<const taxonomy::taxonomy> loaded,
                                                       app::clock now) {
  std::unique_ptr<application> app(new application(std::move(settings), std::move(now)));
  const auto& database = app->settings_.database;
  if (auto ready = init_credentials(); !ready) return std::move(ready).err();

  if (!loaded) {
    auto file = taxonomy::taxonomy::load_file(app->settings_.taxonomy.path);
    if (!file) {
      return kreds::error{errc::invalid_field,
                          "taxonomy.path: cannot load " + app->settings_.taxonomy.path + ": " + file.err().to_string(),
                          "taxonomy.path"};
    }
    loaded = std::make_shared<const taxonomy::taxonomy>(std::move(*file));
  }
  app->taxonomy_ = std::move(loaded);

  auto connection = storage::open_database(database, storage::access::read_write);
  if (!connection) {
    return kreds::error{connection.err().code(),
                        "cannot open the database at " + database.path + ": " + connection.err().message()};
  }
  auto migrated = storage::migrate(**connection);
  if (!migrated) return std::move(migrated).err();
  if (migrated->to_version != migrated->from_version) {
    log_info({}, "database {}: migrated from schema version {} to {}", database.path, migrated->from_version,
             migrated->to_version);
  }

  app->pilot_settings_ = std::make_unique<app::pilot_settings>(app->settings_);
  for (const auto& skipped : app->pilot_settings_->load(**connection)) {
    log_warn({}, "a stored pilot setting no longer applies and is ignored: {}", skipped);
  }

  auto writer_options = app->settings_.writer;
  writer_options.on_commit = [metrics = &app->metrics_](std::size_t batch, std::chrono::nanoseconds time) {
    metrics->observe_commit(batch, time);
  };
  app->writer_ = std::make_unique<storage::writer>(std::move(*connection), std::move(writer_options));

  auto readers = storage::reader_pool::open(database, app->settings_.readers);
  if (!readers) return std::move(readers).err();
  app->readers_ = std::move(*readers);

  app->sessions_ = std::make_unique<session_store>(*app->writer_, *app->readers_, app->settings_, app->now_);
  const auto& auth = app->settings_.auth;
  app->throttle_.emplace(auth.login_failures_per_account, auth.login_failures_per_address,
                         std::chrono::minutes(auth.login_lockout_minutes));
  app->api_.emplace(
      [sessions = app->sessions_.get()](const http_request& request) { return sessions->authenticate(request.cookie); },
      app->settings_.websocket.allowed_origins);
  app->proposals_ = std::make_unique<proposal_manager>(*app);
  app->chat_limit_.emplace(app->settings_.limits.chat_messages_per_minute);
  app->register_routes();
  app->signals_ = std::make_unique<periodic_task>(std::chrono::seconds(app->settings_.signals.evaluate_every_seconds),
                                                  [raw = app.get()] { evaluate_signals_now(*raw); });
  app->retention_ = std::make_unique<periodic_task>(std::chrono::hours(app->settings_.retention.run_every_hours),
                                                    [raw = app.get()] { run_retention_now(*raw).wait(); });
  return app;
}

application::application(config settings, app::clock now) : settings_(std::move(settings)), now_(std::move(now)) {}

application::~application() { stop(); }

void application::stop() {
  if (signals_) signals_->stop();
  if (retention_) retention_->stop();
  if (proposals_) proposals_->stop();
  cpu_.join();
  if (readers_) readers_->stop();
  if (writer_) writer_->stop();
}

boost::asio::awaitable<result<int>> application::check_ready() {
  const int expected = static_cast<int>(schema::bundled_migrations().size());
  auto version_pending = read_db<int>(*readers_, [](SQLite::Database& db) -> result<int> {
    return db.execAndGet("PRAGMA user_version").getInt();
  });
  auto version = co_await std::move(version_pending);
  if (!version) co_return version;
  if (*version != expected) {
    co_return kreds::error{errc::unavailable, "schema version " + std::to_string(*version) + ", expected " +
                                                  std::to_string(expected)};
  }
  co_return version;
}

void application::register_routes() {
  api_->add("GET", "/api/v1/version", public_route,
            [](const http_request&, const caller*) -> boost::asio::awaitable<result<http_reply>> {
    boost::json::object body{{"name", "kreds"},
                             {"version", KREDS_VERSION},
                             {"schema_version", schema::bundled_migrations().size()},
                             {"protocol", 1}};
    co_return json_reply(200, boost::json::serialize(body));
  });

  register_account_routes(*this, *api_);
  register_profile_routes(*this, *api_);
  register_taxonomy_routes(*this, *api_);
  register_network_routes(*this, *api_);
  register_meeting_routes(*this, *api_);
  register_triage_routes(*this, *api_);
  register_case_outcome_routes(*this, *api_);
  register_alert_routes(*this, *api_);
  register_portfolio_routes(*this, *api_);
  register_staff_time_routes(*this, *api_);
  register_privacy_routes(*this, *api_);
  register_pilot_settings_routes(*this, *api_);
  register_dashboard_routes(*this, *api_);

  register_chat_messages(*this, messages_);
  register_lead_messages(*this, messages_);
  register_goal_messages(*this, messages_);
  register_buddy_messages(*this, messages_);
  register_meeting_messages(*this, messages_);
  register_outcome_messages(*this, messages_);
  register_help_messages(*this, messages_);
  register_membership_messages(*this, messages_);
  register_visit_messages(*this, messages_);
  messages_.add("ping", permission::use_session,
                [](connection&, const envelope& message) -> boost::asio::awaitable<result<reply>> {
                  co_return reply{"pong", message.payload};
                });
}

}  // namespace kreds::app
