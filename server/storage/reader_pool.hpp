// Read-only connections, each on its own thread, for queries off the
// network threads.
//
// submit() queues a job; one of the pool's threads runs it with its own
// read-only connection (WAL lets it read while the writer commits). Jobs
// complete through their own callbacks, on the reader thread. The queue is
// bounded like the writer's. All public members are thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace kreds::storage {

struct reader_options {
  std::size_t threads = 2;
  std::size_t max_queue = 20000;
};

// Runs on a reader thread. `db` is null when the pool could not be used
// (stopping or full), with `refused` saying why; the job must then report it.
using read_job = std::function<void(SQLite::Database* db, const kreds::error* refused)>;

class reader_pool {
 public:
  // Opens `options.threads` read-only connections; fails if any cannot open.
  static result<std::unique_ptr<reader_pool>> open(const database_options& database, reader_options options);
  ~reader_pool();
  reader_pool(const reader_pool&) = delete;
  reader_pool& operator=(const reader_pool&) = delete;

  void submit(read_job job);
  void stop();

 private:
  reader_pool(std::vector<std::unique_ptr<SQLite::Database>> connections, reader_options options);
  void run(SQLite::Database& db);

  reader_options options_;
  std::vector<std::unique_ptr<SQLite::Database>> connections_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<read_job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kreds::storage
