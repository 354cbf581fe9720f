#include "storage/reader_pool.hpp"

#include <SQLiteCpp/Database.h>

namespace kreds::storage {

result<std::unique_ptr<reader_pool>> reader_pool::open(const database_options& database, reader_options options) {
  if (options.threads == 0) options.threads = 1;
  std::vector<std::unique_ptr<SQLite::Database>> connections;
  for (std::size_t i = 0; i < options.threads; ++i) {
    auto db = open_database(database, access::read_only);
    KREDS_RETURN_IF_ERROR(db);
    connections.push_back(std::move(*db));
  }
  return std::unique_ptr<reader_pool>(new reader_pool(std::move(connections), options));
}

reader_pool::reader_pool(std::vector<std::unique_ptr<SQLite::Database>> connections, reader_options options)
    : options_(options), connections_(std::move(connections)) {
  for (auto& db : connections_) {
    threads_.emplace_back([this, connection = db.get()] { run(*connection); });
  }
}

reader_pool::~reader_pool() { stop(); }

void reader_pool::submit(read_job job) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < options_.max_queue) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  const kreds::error refused{errc::unavailable, "the database is busy or shutting down"};
  job(nullptr, &refused);
}

void reader_pool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void reader_pool::run(SQLite::Database& db) {
  for (;;) {
    read_job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(&db, nullptr);
  }
}

}  // namespace kreds::storage
