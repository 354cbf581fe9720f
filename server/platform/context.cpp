#include "platform/context.hpp"

#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>

#include "platform/credentials.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "schema/migrations.hpp"
#include "storage/migrations.hpp"

#ifndef KREDS_VERSION
#define KREDS_VERSION "0.0.0"
#endif

namespace kreds::platform {

namespace {

// The platform's own: the version and the WebSocket's ping.
void register_platform_routes(api_router& api, message_router& messages) {
  api.add("GET", "/api/v1/version", public_route, reveals_nobody,
          [](const http_request&, const caller*) -> boost::asio::awaitable<result<http_reply>> {
            boost::json::object body{{"name", "kreds"},
                                     {"version", KREDS_VERSION},
                                     {"schema_version", schema::bundled_migrations().size()},
                                     {"protocol", 1}};
            co_return json_reply(200, json_text(body));
          });
  messages.add("ping", permission::use_session, effect::reads, reveals_nobody,
               [](connection&, const envelope& message) -> boost::asio::awaitable<result<reply>> {
                 co_return reply{"pong", message.payload};
               });
}

}  // namespace

result<std::unique_ptr<context>> context::open(config settings, std::shared_ptr<const taxonomy::taxonomy> loaded,
                                               kreds::clock now) {
  std::unique_ptr<context> ctx(new context(std::move(settings), std::move(now)));
  KREDS_CHECK(init_credentials());
  auto proxies = trusted_proxies::parse(ctx->settings_.server.trusted_proxies);
  KREDS_RETURN_IF_ERROR(proxies);
  ctx->proxies_ = std::move(*proxies);
  KREDS_CHECK(ctx->open_storage(std::move(loaded)));

  const auto& auth = ctx->settings_.auth;
  ctx->sessions_ = std::make_unique<session_store>(*ctx->writer_, *ctx->readers_, ctx->settings_, ctx->now_);
  ctx->throttle_.emplace(auth.login_failures_per_account, auth.login_failures_per_address,
                         std::chrono::minutes(auth.login_lockout_minutes));
  ctx->post_limit_.emplace(ctx->settings_.limits.chat_messages_per_minute);
  ctx->message_limit_.emplace(ctx->settings_.limits.ws_messages_per_minute);
  ctx->messages_.set_rate_limit(&*ctx->message_limit_);
  ctx->change_limit_.emplace(ctx->settings_.limits.ws_changes_per_minute);
  ctx->messages_.set_change_limit(&*ctx->change_limit_);
  // Half the send queue: a reply always fits beside the pushes already queued.
  ctx->messages_.set_reply_limit(ctx->settings_.limits.ws_queue_bytes / 2);
  ctx->api_.emplace(
      [sessions = ctx->sessions_.get()](const http_request& request) { return sessions->authenticate(request.cookie); },
      make_auditor(*ctx->writer_, ctx->now_), ctx->settings_.websocket.allowed_origins);
  ctx->messages_.set_auditor(make_auditor(*ctx->writer_, ctx->now_));
  register_platform_routes(*ctx->api_, ctx->messages_);
  return ctx;
}

// The taxonomy, the migrated database, the pilot settings, the writer and the readers.
result<void> context::open_storage(std::shared_ptr<const taxonomy::taxonomy> loaded) {
  const auto& database = settings_.database;
  if (!loaded) {
    auto file = taxonomy::taxonomy::load_file(settings_.taxonomy.path);
    if (!file) {
      return kreds::error{errc::invalid_field,
                          "taxonomy.path: cannot load " + settings_.taxonomy.path + ": " + file.err().to_string(),
                          "taxonomy.path"};
    }
    loaded = std::make_shared<const taxonomy::taxonomy>(std::move(*file));
  }
  taxonomy_ = std::move(loaded);

  auto connection = storage::open_database(database, storage::access::read_write);
  if (!connection) {
    return kreds::error{connection.err().code(),
                        "cannot open the database at " + database.path + ": " + connection.err().message()};
  }
  auto migrated = storage::migrate(**connection);
  KREDS_RETURN_IF_ERROR(migrated);
  if (migrated->to_version != migrated->from_version) {
    log_info({}, "database {}: migrated from schema version {} to {}", database.path, migrated->from_version,
             migrated->to_version);
  }

  pilot_settings_ = std::make_unique<platform::pilot_settings>(settings_);
  for (const auto& skipped : pilot_settings_->load(**connection)) {
    log_warn({}, "a stored pilot setting no longer applies and is ignored: {}", skipped);
  }

  auto writer_options = settings_.writer;
  writer_options.on_commit = [metrics = &metrics_](std::size_t batch, std::chrono::nanoseconds time) {
    metrics->observe_commit(batch, time);
  };
  writer_ = std::make_unique<storage::writer>(std::move(*connection), std::move(writer_options));

  auto readers = storage::reader_pool::open(database, settings_.readers);
  KREDS_RETURN_IF_ERROR(readers);
  readers_ = std::move(*readers);
  return {};
}

context::context(config settings, kreds::clock now)
    : settings_(std::move(settings)),
      now_(std::move(now)),
      cpu_(std::make_unique<cpu_queue>(1, settings_.limits.hash_queue_max)) {}

context::~context() { stop(); }

void context::stop() {
  cpu_->stop();
  if (readers_) readers_->stop();
  if (writer_) writer_->stop();
}

boost::asio::awaitable<result<int>> context::check_ready() {
  const int expected = static_cast<int>(schema::bundled_migrations().size());
  auto version_pending = read_db<int>(
      *readers_, [](SQLite::Database& db) -> result<int> { return db.execAndGet("PRAGMA user_version").getInt(); });
  auto version = co_await std::move(version_pending);
  if (!version) co_return version;
  if (*version != expected) {
    co_return kreds::error{errc::unavailable,
                           "schema version " + std::to_string(*version) + ", expected " + std::to_string(expected)};
  }
  co_return version;
}

}  // namespace kreds::platform
