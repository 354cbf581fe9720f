// The platform's services, and the narrow context every feature receives.
//
// Owns the configuration, the clock, the storage (writer and reader pool),
// the CPU pool for slow work (password hashing), the taxonomy, sessions, the
// login throttle and post limit, the hub, the connection directory and its
// hooks, the metrics, the pilot settings and the two routers (HTTP API,
// WebSocket messages). It knows no feature: features register their routes,
// messages and connection hooks into it (server/features/*/routes.hpp), and
// feature state lives in the application (server/application/).
//
// open() migrates the database and fails with a message saying what to fix;
// stop() drains and closes storage and must be called after the network has
// stopped. Routes and hooks are added before the server accepts; after that
// every accessor is safe from any thread.
//
// Threads it owns: the writer's thread (storage/writer.hpp), the reader
// pool's threads (storage/reader_pool.hpp) and one CPU thread (cpu(): password
// hashing, logins first, bounded by limits.hash_queue_max).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/api_router.hpp"
#include "platform/client_address.hpp"
#include "platform/config.hpp"
#include "platform/connection_directory.hpp"
#include "platform/connection_hooks.hpp"
#include "platform/cpu_queue.hpp"
#include "platform/hub.hpp"
#include "platform/login_throttle.hpp"
#include "platform/message_router.hpp"
#include "platform/metrics.hpp"
#include "platform/pilot_settings.hpp"
#include "platform/rate_limits.hpp"
#include "platform/session_store.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"
#include "taxonomy/taxonomy.hpp"

namespace kreds::platform {

class context {
 public:
  // taxonomy: an already loaded one (tests share one), else settings.taxonomy.path is loaded.
  static result<std::unique_ptr<context>> open(config settings, std::shared_ptr<const taxonomy::taxonomy> loaded,
                                               kreds::clock now);
  ~context();
  context(const context&) = delete;
  context& operator=(const context&) = delete;

  const config& settings() const noexcept { return settings_; }
  // Whose X-Forwarded-For is believed (server.trusted_proxies).
  const trusted_proxies& proxies() const noexcept { return proxies_; }
  time_point now() const { return now_(); }
  platform::metrics& metrics() noexcept { return metrics_; }
  platform::hub& hub() noexcept { return hub_; }
  storage::writer& writer() noexcept { return *writer_; }
  storage::reader_pool& readers() noexcept { return *readers_; }
  cpu_queue& cpu() noexcept { return *cpu_; }
  const taxonomy::taxonomy& taxonomy() const noexcept { return *taxonomy_; }
  session_store& sessions() noexcept { return *sessions_; }
  login_throttle& throttle() noexcept { return *throttle_; }
  per_minute_limit& post_limit() noexcept { return *post_limit_; }
  per_minute_limit& message_limit() noexcept { return *message_limit_; }
  connection_directory& connections() noexcept { return connections_; }
  connection_hooks& hooks() noexcept { return hooks_; }
  api_router& api() noexcept { return *api_; }
  message_router& messages() noexcept { return messages_; }
  // The pilot settings in force for a municipality (platform/pilot_settings.hpp):
  // network sizes, cadence, weights, triage points, retention, baseline.
  std::shared_ptr<const config> pilot(std::int64_t municipality_id) const {
    return pilot_settings_->of(municipality_id);
  }
  platform::pilot_settings& pilot_settings() noexcept { return *pilot_settings_; }

  // /readyz: the database answers and has every migration applied.
  boost::asio::awaitable<result<int>> check_ready();

  // Finishes queued CPU work and writes, commits, closes the database. Idempotent.
  void stop();

 private:
  context(config settings, kreds::clock now);
  result<void> open_storage(std::shared_ptr<const taxonomy::taxonomy> loaded);

  config settings_;
  trusted_proxies proxies_;
  kreds::clock now_;
  platform::metrics metrics_;
  platform::hub hub_;
  std::unique_ptr<cpu_queue> cpu_;
  std::shared_ptr<const taxonomy::taxonomy> taxonomy_;
  std::unique_ptr<storage::writer> writer_;
  std::unique_ptr<storage::reader_pool> readers_;
  std::unique_ptr<session_store> sessions_;
  std::optional<login_throttle> throttle_;
  std::optional<per_minute_limit> post_limit_;
  std::optional<per_minute_limit> message_limit_;
  std::optional<per_minute_limit> change_limit_;
  connection_directory connections_;
  connection_hooks hooks_;
  std::optional<api_router> api_;
  message_router messages_;
  std::unique_ptr<platform::pilot_settings> pilot_settings_;
};

}  // namespace kreds::platform
