// The application: everything of Kreds that is not the network edge.
//
// Owns the configuration, the storage (writer and reader pool), the CPU
// pool for slow work (password hashing), the taxonomy, sessions, the hub,
// the metrics and the two routers (HTTP API, WebSocket messages) with every
// route registered. open() migrates the database and fails with a message
// saying what to fix; stop() drains and closes storage and must be called
// after the network has stopped. The accessors are safe from any thread
// once open() has returned.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <optional>

#include "app/api_router.hpp"
#include "app/chat.hpp"
#include "app/clock.hpp"
#include "app/config.hpp"
#include "app/connection_directory.hpp"
#include "app/hub.hpp"
#include "app/login_throttle.hpp"
#include "app/message_router.hpp"
#include "app/metrics.hpp"
#include "app/periodic_task.hpp"
#include "app/pilot_settings.hpp"
#include "app/proposals.hpp"
#include "app/session_store.hpp"
#include "core/result.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"
#include "taxonomy/taxonomy.hpp"

namespace kreds::app {

class application {
 public:
  // taxonomy: an already loaded one (tests share one), else settings.taxonomy.path is loaded.
  static result<std::unique_ptr<application>> open(config settings,
                                                   std::shared_ptr<const taxonomy::taxonomy> loaded = nullptr,
                                                   app::clock now = system_now);
  ~application();
  application(const application&) = delete;
  application& operator=(const application&) = delete;

  const config& settings() const noexcept { return settings_; }
  app::metrics& metrics() noexcept { return metrics_; }
  app::hub& hub() noexcept { return hub_; }
  storage::writer& writer() noexcept { return *writer_; }
  storage::reader_pool& readers() noexcept { return *readers_; }
  const api_router& api() const noexcept { return *api_; }
  const message_router& messages() const noexcept { return messages_; }
  session_store& sessions() noexcept { return *sessions_; }
  connection_directory& connections() noexcept { return connections_; }
  login_throttle& throttle() noexcept { return *throttle_; }
  boost::asio::thread_pool& cpu() noexcept { return cpu_; }
  proposal_manager& proposals() noexcept { return *proposals_; }
  post_rate_limit& chat_limit() noexcept { return *chat_limit_; }
  const taxonomy::taxonomy& taxonomy() const noexcept { return *taxonomy_; }
  time_point now() const { return now_(); }
  // The pilot settings in force for a municipality (app/pilot_settings.hpp):
  // network sizes, cadence, weights, triage points, retention, baseline.
  std::shared_ptr<const config> pilot(std::int64_t municipality_id) const { return pilot_settings_->of(municipality_id); }
  app::pilot_settings& pilot_settings() noexcept { return *pilot_settings_; }

  // /readyz: the database answers and has every migration applied.
  boost::asio::awaitable<result<int>> check_ready();

  // Finishes queued writes, commits, closes the database. Idempotent.
  void stop();

 private:
  application(config settings, app::clock now);
  void register_routes();

  config settings_;
  app::clock now_;
  app::metrics metrics_;
  app::hub hub_;
  boost::asio::thread_pool cpu_{1};
  std::shared_ptr<const taxonomy::taxonomy> taxonomy_;
  std::unique_ptr<storage::writer> writer_;
  std::unique_ptr<storage::reader_pool> readers_;
  std::unique_ptr<session_store> sessions_;
  std::optional<login_throttle> throttle_;
  connection_directory connections_;
  std::unique_ptr<proposal_manager> proposals_;
  std::optional<post_rate_limit> chat_limit_;
  std::optional<api_router> api_;
  message_router messages_;
  std::unique_ptr<app::pilot_settings> pilot_settings_;
  std::unique_ptr<periodic_task> signals_;    // evaluates drift signals (app/alerts.hpp)
  std::unique_ptr<periodic_task> retention_;  // deletes expired data (app/retention.hpp)
};

}  // namespace kreds::app
