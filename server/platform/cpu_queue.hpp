// The CPU queue: slow, CPU-bound work (password hashing) on its own threads,
// off the network threads, with a bounded wait and two priorities.
//
// A job is either a login or something else (accepting an invitation,
// changing a password): logins run first, so a flood of other requests
// cannot make logins wait behind it. At most `max_waiting` jobs wait; a job
// beyond that is refused at once (try_post returns false) and the caller
// answers 503 busy with a retry time, instead of queueing without bound.
// stop() runs what is queued, then joins. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kreds::platform {

class cpu_queue {
 public:
  enum class priority { login, other };

  cpu_queue(std::size_t threads, std::size_t max_waiting);
  ~cpu_queue();
  cpu_queue(const cpu_queue&) = delete;
  cpu_queue& operator=(const cpu_queue&) = delete;

  // Queues `job`; false (and `job` dropped) when max_waiting jobs already wait or after stop().
  bool try_post(priority level, std::function<void()> job);
  std::size_t waiting() const;
  void stop();

 private:
  void run();

  const std::size_t max_waiting_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> logins_;
  std::deque<std::function<void()>> others_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kreds::platform
