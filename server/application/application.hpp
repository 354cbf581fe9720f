// The composition root: everything of Kreds that is not the network edge.
//
// open() builds the platform (platform/context.hpp: configuration, storage,
// sessions, routers, ...), registers every feature's routes, messages and
// connection hooks (server/features/*/routes.hpp) and owns the state that
// belongs to features rather than to the platform: the matching proposals in
// progress and the scheduled jobs. It fails with a message saying what to
// fix. stop() must be called after the network has stopped.
//
// Threads, and who owns them:
//   the network threads              net::server (server.threads)
//   the writer thread                storage::writer, owned by the context
//   the reader threads               storage::reader_pool, owned by the context
//   the CPU thread (password hashes) the context's cpu() pool
//   the matching threads             features::proposal_manager, owned here
//   the signals, retention and session-sweep jobs
//                                    three platform::periodic_task, owned here
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/config.hpp"
#include "taxonomy/taxonomy.hpp"

namespace kreds::platform {
class context;
class periodic_task;
}  // namespace kreds::platform

namespace kreds::features {
class proposal_manager;
}  // namespace kreds::features

namespace kreds {

class application {
 public:
  // taxonomy: an already loaded one (tests share one), else settings.taxonomy.path is loaded.
  static result<std::unique_ptr<application>> open(platform::config settings,
                                                   std::shared_ptr<const taxonomy::taxonomy> loaded = nullptr,
                                                   kreds::clock now = system_now);
  ~application();
  application(const application&) = delete;
  application& operator=(const application&) = delete;

  // What the network edge and the features see.
  platform::context& context() noexcept { return *context_; }

  // Stops the scheduled jobs and matching, then the platform (finishes
  // queued writes, commits, closes the database). Idempotent.
  void stop();

 private:
  application() = default;
  void register_features();

  std::unique_ptr<platform::context> context_;
  std::unique_ptr<features::proposal_manager> proposals_;
  std::unique_ptr<platform::periodic_task> signals_;    // evaluates drift signals (features/followup/alerts.hpp)
  std::unique_ptr<platform::periodic_task> retention_;  // deletes expired data (features/privacy/retention.hpp)
  std::unique_ptr<platform::periodic_task> sessions_;   // ends idle and expired sessions, closing their sockets
};

}  // namespace kreds
