#include "storage/writer.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <exception>

namespace kreds::storage {
namespace {

result<void> run_guarded(const write_job& job, SQLite::Database& db) {
  try {
    return job.work(db);
  } catch (const SQLite::Exception& failure) {
    return to_error(failure);
  } catch (const std::exception& failure) {
    return kreds::error{errc::internal, std::string("write failed: ") + failure.what()};
  }
}

}  // namespace

writer::writer(std::unique_ptr<SQLite::Database> db, writer_options options)
    : db_(std::move(db)), options_(std::move(options)) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  thread_ = std::thread([this] { run(); });
}

writer::~writer() { stop(); }

void writer::submit(write_job job) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < options_.max_queue) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  job.done(kreds::error{errc::unavailable,
                        stopping_ ? "the server is shutting down" : "the database is busy; try again shortly"});
}

void writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::size_t writer::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void writer::run() {
  for (;;) {
    auto batch = take_batch();
    if (batch.empty()) return;  // stopping and drained
    run_batch(batch);
  }
}

std::deque<write_job> writer::take_batch() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return {};
  // Commit cost is per transaction, not per job: while under max_batch, give
  // concurrent callers up to max_delay to join this one.
  if (!stopping_ && queue_.size() < options_.max_batch && options_.max_delay.count() > 0) {
    wake_.wait_for(lock, options_.max_delay, [&] { return stopping_ || queue_.size() >= options_.max_batch; });
  }
  std::deque<write_job> batch;
  // A job that runs alone is a batch of its own; a batch stops before one.
  while (!queue_.empty() && batch.size() < options_.max_batch) {
    if (queue_.front().alone && !batch.empty()) break;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    if (batch.back().alone) break;
  }
  return batch;
}

void writer::run_batch(std::deque<write_job>& batch) {
  if (batch.size() == 1 && batch.front().alone) {
    auto outcome = run_guarded(batch.front(), *db_);
    batch.front().done(std::move(outcome));
    return;
  }
  std::vector<result<void>> results;
  results.reserve(batch.size());
  const auto started = std::chrono::steady_clock::now();
  result<void> commit;
  try {
    db_->exec("BEGIN IMMEDIATE");
    for (auto& job : batch) {
      db_->exec("SAVEPOINT job");
      auto outcome = run_guarded(job, *db_);
      if (!outcome) db_->exec("ROLLBACK TO job");
      db_->exec("RELEASE job");
      results.push_back(std::move(outcome));
    }
    db_->exec("COMMIT");
  } catch (const SQLite::Exception& failure) {
    commit = to_error(failure);
    try {
      db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // Nothing to roll back: BEGIN itself failed.
    }
  }
  const auto commit_time = std::chrono::steady_clock::now() - started;
  if (options_.on_commit) options_.on_commit(batch.size(), commit_time);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!commit) {
      batch[i].done(commit.err());
    } else {
      batch[i].done(std::move(results[i]));
    }
  }
}

}  // namespace kreds::storage
