// The one writer of the database: a thread that runs write jobs in batches.
//
// Callers on any thread submit() a job: a function that reads and writes
// through the writer's own connection. The writer thread takes the queued
// jobs in a batch (up to max_batch, waiting at most max_delay for more after
// the first), runs each inside its own SAVEPOINT so a failing job is rolled
// back alone, then commits the batch once (group commit). Each job's `done`
// runs on the writer thread after that commit is durable, with the job's
// result or the commit's error; nothing is acknowledged before it is on
// disk. The queue is bounded: a job submitted to a full or stopped writer
// completes at once with errc::unavailable. stop() runs what is queued, then
// joins. All public members are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace kreds::storage {

struct writer_options {
  std::size_t max_batch = 256;                // jobs per transaction
  std::chrono::microseconds max_delay{1000};  // wait for more jobs after the first
  std::size_t max_queue = 20000;              // jobs waiting; beyond it submit() fails fast
  // Observes each commit: jobs in the batch and time spent committing.
  std::function<void(std::size_t batch_size, std::chrono::nanoseconds commit_time)> on_commit;
};

struct write_job {
  // Runs on the writer thread inside a savepoint. May throw SQLite::Exception;
  // returning or throwing an error rolls back this job only.
  std::function<result<void>(SQLite::Database&)> work;
  // Runs on the writer thread after the batch commit (or failure).
  std::function<void(result<void>)> done;
  // Runs by itself outside any transaction, between batches: for what
  // SQLite refuses inside one (VACUUM). No savepoint: it must not fail halfway.
  bool alone = false;
};

class writer {
 public:
  // Takes ownership of a connection opened read-write with open_database().
  writer(std::unique_ptr<SQLite::Database> db, writer_options options);
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  void submit(write_job job);

  // Runs every queued job, commits, and stops the thread. Idempotent.
  void stop();

  std::size_t queued() const;

 private:
  void run();
  std::deque<write_job> take_batch();
  void run_batch(std::deque<write_job>& batch);

  std::unique_ptr<SQLite::Database> db_;
  writer_options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<write_job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kreds::storage
