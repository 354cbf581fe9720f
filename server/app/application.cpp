#include "app/application.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/json.hpp>

#include "app/logging.hpp"
#include "app/storage_calls.hpp"
#include "storage/migrations.hpp"

#ifndef KREDS_VERSION
#define KREDS_VERSION "0.0.0"
#endif

namespace kreds::app {

result<std::unique_ptr<application>> application::open(config settings) {
  std::unique_ptr<application> app(new application(std::move(settings)));
  const auto& database = app->settings_.database;

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

  auto writer_options = app->settings_.writer;
  writer_options.on_commit = [metrics = &app->metrics_](std::size_t batch, std::chrono::nanoseconds time) {
    metrics->observe_commit(batch, time);
  };
  app->writer_ = std::make_unique<storage::writer>(std::move(*connection), std::move(writer_options));

  auto readers = storage::reader_pool::open(database, app->settings_.readers);
  if (!readers) return std::move(readers).err();
  app->readers_ = std::move(*readers);

  app->register_routes();
  return app;
}

application::application(config settings) : settings_(std::move(settings)) {}

application::~application() { stop(); }

void application::stop() {
  if (readers_) readers_->stop();
  if (writer_) writer_->stop();
}

boost::asio::awaitable<result<int>> application::check_ready() {
  const int expected = static_cast<int>(schema::bundled_migrations().size());
  auto version = co_await read_db<int>(*readers_, [](SQLite::Database& db) -> result<int> {
    return db.execAndGet("PRAGMA user_version").getInt();
  });
  if (!version) co_return version;
  if (*version != expected) {
    co_return kreds::error{errc::unavailable, "schema version " + std::to_string(*version) + ", expected " +
                                                  std::to_string(expected)};
  }
  co_return version;
}

void application::register_routes() {
  api_.add("GET", "/api/v1/version", [](const http_request&) -> boost::asio::awaitable<result<http_reply>> {
    boost::json::object body{{"name", "kreds"},
                             {"version", KREDS_VERSION},
                             {"schema_version", schema::bundled_migrations().size()},
                             {"protocol", 1}};
    co_return json_reply(200, boost::json::serialize(body));
  });

  messages_.add("ping", [](connection&, const envelope& message) -> boost::asio::awaitable<result<reply>> {
    co_return reply{"pong", message.payload};
  });
}

}  // namespace kreds::app
