// Matching proposals: a caseworker's run of the matching engine over their
// municipality's waiting pool, the review (move, exclude, pin, lock), re-runs
// and the confirmation that creates the networks.
//
// The engine runs on this object's own thread, never on a network thread;
// progress and completion are published on the caseworker's hub topic
// ("account:<id>") as proposal.progress / proposal.ready, and a run can be
// cancelled. Proposals under review live in memory (a restart discards
// unconfirmed ones); the proposal, every change and the confirmation are
// recorded in the database. Confirmation tells each new member, on their
// topic, why they were placed (network.joined). All members are thread-safe;
// coroutine members run on the caller's executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "kreds/matching/model.hpp"
#include "platform/access.hpp"

namespace kreds::features {

class proposal_manager {
 public:
  struct state;  // one proposal; defined in proposals.cpp

  explicit proposal_manager(context& ctx);
  ~proposal_manager();
  proposal_manager(const proposal_manager&) = delete;
  proposal_manager& operator=(const proposal_manager&) = delete;

  boost::asio::awaitable<result<boost::json::object>> start(const caller& who, std::optional<std::uint64_t> seed,
                                                            std::string language);
  result<boost::json::object> view(const caller& who, std::int64_t id, const std::string& language);
  result<boost::json::object> cancel(const caller& who, std::int64_t id, const std::string& language);
  result<boost::json::object> change(const caller& who, std::int64_t id, const boost::json::object& body,
                                     const std::string& language);
  boost::asio::awaitable<result<boost::json::object>> rerun(const caller& who, std::int64_t id, std::string language);
  boost::asio::awaitable<result<boost::json::object>> confirm(const caller& who, std::int64_t id);

  // Stops running engines and waits for them. Idempotent.
  void stop();

  matching::options engine_options(std::int64_t municipality_id, std::uint64_t seed) const;

 private:
  std::shared_ptr<state> find(const caller& who, std::int64_t id) const;
  void launch(const std::shared_ptr<state>& proposal);
  void run_engine(const std::shared_ptr<state>& proposal);
  void record(std::int64_t proposal_id, std::int64_t actor, std::string kind, boost::json::object detail);

  context& ctx_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<state>> proposals_;
  boost::asio::thread_pool runner_{1};
};

}  // namespace kreds::features
