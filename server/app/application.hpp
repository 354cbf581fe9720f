// The application: everything of Kreds that is not the network edge.
//
// Owns the configuration, the storage (writer and reader pool), the hub,
// the metrics and the two routers (HTTP API, WebSocket messages) with every
// route registered. open() migrates the database and fails with a message
// saying what to fix; stop() drains and closes storage and must be called
// after the network has stopped. The accessors are safe from any thread
// once open() has returned.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>

#include "app/api_router.hpp"
#include "app/config.hpp"
#include "app/hub.hpp"
#include "app/message_router.hpp"
#include "app/metrics.hpp"
#include "core/result.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::app {

class application {
 public:
  static result<std::unique_ptr<application>> open(config settings);
  ~application();
  application(const application&) = delete;
  application& operator=(const application&) = delete;

  const config& settings() const noexcept { return settings_; }
  app::metrics& metrics() noexcept { return metrics_; }
  app::hub& hub() noexcept { return hub_; }
  storage::writer& writer() noexcept { return *writer_; }
  storage::reader_pool& readers() noexcept { return *readers_; }
  const api_router& api() const noexcept { return api_; }
  const message_router& messages() const noexcept { return messages_; }

  // /readyz: the database answers and has every migration applied.
  boost::asio::awaitable<result<int>> check_ready();

  // Finishes queued writes, commits, closes the database. Idempotent.
  void stop();

 private:
  explicit application(config settings);
  void register_routes();

  config settings_;
  app::metrics metrics_;
  app::hub hub_;
  std::unique_ptr<storage::writer> writer_;
  std::unique_ptr<storage::reader_pool> readers_;
  api_router api_;
  message_router messages_;
};

}  // namespace kreds::app
