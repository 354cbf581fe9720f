#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/writer.hpp"
#include "support/temp_dir.hpp"

using namespace kreds;
using namespace std::chrono_literals;

namespace {

struct fixture {
  testing::temp_dir dir;
  storage::database_options options{dir.file("writer.sqlite3")};

  fixture() {
    auto db = storage::open_database(options);
    REQUIRE(db);
    (*db)->exec("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    (*db)->exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    (*db)->exec("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
  }

  std::unique_ptr<storage::writer> make_writer(storage::writer_options writer_options) {
    auto db = storage::open_database(options);
    REQUIRE(db);
    return std::make_unique<storage::writer>(std::move(*db), std::move(writer_options));
  }

  int count(const std::string& table) {
    auto db = storage::open_database(options, storage::access::read_only);
    REQUIRE(db);
    return (*db)->execAndGet("SELECT count(*) FROM " + table).getInt();
  }
};

storage::write_job insert(std::string name, std::promise<result<void>>& done) {
  return {[name](SQLite::Database& db) -> result<void> {
            SQLite::Statement insert(db, "INSERT INTO item (name) VALUES (?)");
            insert.bind(1, name);
            insert.exec();
            return {};
          },
          [&done](result<void> outcome) { done.set_value(std::move(outcome)); }};
}

}  // namespace

TEST_CASE("writer: concurrent writes are committed together in few transactions", "[storage][writer]") {
  fixture f;
  std::mutex mutex;
  std::vector<std::size_t> batches;
  storage::writer_options options;
  options.max_delay = 50ms;
  options.on_commit = [&](std::size_t size, std::chrono::nanoseconds) {
    std::lock_guard lock(mutex);
    batches.push_back(size);
  };
  auto writer = f.make_writer(options);
  std::vector<std::promise<result<void>>> done(100);
  for (int i = 0; i < 100; ++i) writer->submit(insert("item " + std::to_string(i), done[i]));
  for (auto& d : done) CHECK(d.get_future().get().has_value());
  writer->stop();
  std::size_t total = 0;
  for (auto size : batches) total += size;
  CHECK(total == 100);
  CHECK(batches.size() < 100);
  CHECK(f.count("item") == 100);
}

TEST_CASE("writer: a batch never exceeds max_batch jobs", "[storage][writer]") {
  fixture f;
  std::atomic<std::size_t> largest{0};
  storage::writer_options options;
  options.max_batch = 7;
  options.max_delay = 20ms;
  options.on_commit = [&](std::size_t size, std::chrono::nanoseconds) {
    if (size > largest) largest = size;
  };
  auto writer = f.make_writer(options);
  std::vector<std::promise<result<void>>> done(50);
  for (int i = 0; i < 50; ++i) writer->submit(insert("n" + std::to_string(i), done[i]));
  for (auto& d : done) REQUIRE(d.get_future().get());
  CHECK(largest <= 7);
  CHECK(largest >= 1);
}

TEST_CASE("writer: a caller is completed only after its write is visible to other connections", "[storage][writer]") {
  fixture f;
  auto writer = f.make_writer({});
  std::promise<int> seen;
  writer->submit({[](SQLite::Database& db) -> result<void> {
                    db.exec("INSERT INTO item (name) VALUES ('durable')");
                    return {};
                  },
                  [&](result<void> outcome) {
                    REQUIRE(outcome);
                    seen.set_value(f.count("item"));
                  }});
  CHECK(seen.get_future().get() == 1);
}

TEST_CASE("writer: a failing job is rolled back alone and reports a conflict", "[storage][writer]") {
  fixture f;
  storage::writer_options options;
  options.max_delay = 50ms;
  auto writer = f.make_writer(options);
  std::promise<result<void>> first, duplicate, third;
  writer->submit(insert("same", first));
  writer->submit(insert("same", duplicate));
  writer->submit(insert("other", third));
  CHECK(first.get_future().get().has_value());
  auto failed = duplicate.get_future().get();
  REQUIRE_FALSE(failed);
  CHECK(failed.err().code() == errc::conflict);
  CHECK_THAT(failed.err().message(), Catch::Contains("UNIQUE"));
  CHECK(third.get_future().get().has_value());
  CHECK(f.count("item") == 2);
}

TEST_CASE("writer: a job that returns an error leaves no trace", "[storage][writer]") {
  fixture f;
  auto writer = f.make_writer({});
  std::promise<result<void>> done;
  writer->submit({[](SQLite::Database& db) -> result<void> {
                    db.exec("INSERT INTO item (name) VALUES ('half')");
                    return kreds::error{errc::invalid_field, "changed my mind", "name"};
                  },
                  [&](result<void> outcome) { done.set_value(std::move(outcome)); }});
  auto outcome = done.get_future().get();
  REQUIRE_FALSE(outcome);
  CHECK(outcome.err().field() == "name");
  CHECK(f.count("item") == 0);
}

TEST_CASE("writer: when the commit fails every job of the batch gets the error and nothing is stored",
          "[storage][writer]") {
  fixture f;
  storage::writer_options options;
  options.max_delay = 100ms;
  auto writer = f.make_writer(options);
  std::promise<result<void>> good, orphan;
  writer->submit(insert("innocent", good));
  // A deferred foreign key is checked only at COMMIT.
  writer->submit({[](SQLite::Database& db) -> result<void> {
                    db.exec("INSERT INTO child (parent_id) VALUES (42)");
                    return {};
                  },
                  [&](result<void> outcome) { orphan.set_value(std::move(outcome)); }});
  auto first = good.get_future().get();
  auto second = orphan.get_future().get();
  REQUIRE_FALSE(first);
  REQUIRE_FALSE(second);
  CHECK(first.err().code() == errc::conflict);
  CHECK(f.count("item") == 0);

  std::promise<result<void>> after;
  writer->submit(insert("after", after));
  CHECK(after.get_future().get().has_value());
  CHECK(f.count("item") == 1);
}

TEST_CASE("writer: stop runs every queued job before returning", "[storage][writer]") {
  fixture f;
  storage::writer_options options;
  options.max_batch = 4;
  auto writer = f.make_writer(options);
  std::atomic<int> succeeded{0};
  for (int i = 0; i < 40; ++i) {
    writer->submit({[i](SQLite::Database& db) -> result<void> {
                      db.exec("INSERT INTO item (name) VALUES ('q" + std::to_string(i) + "')");
                      return {};
                    },
                    [&](result<void> outcome) { succeeded += outcome ? 1 : 0; }});
  }
  writer->stop();
  CHECK(succeeded == 40);
  CHECK(f.count("item") == 40);
}

TEST_CASE("writer: a stopped writer refuses new jobs at once", "[storage][writer]") {
  fixture f;
  auto writer = f.make_writer({});
  writer->stop();
  std::promise<result<void>> done;
  writer->submit(insert("late", done));
  auto outcome = done.get_future().get();
  REQUIRE_FALSE(outcome);
  CHECK(outcome.err().code() == errc::unavailable);
}

TEST_CASE("writer: a full queue refuses new jobs instead of growing", "[storage][writer]") {
  fixture f;
  storage::writer_options options;
  options.max_queue = 2;
  options.max_batch = 1;
  auto writer = f.make_writer(options);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<result<void>> blocker;
  writer->submit({[gate](SQLite::Database&) -> result<void> {
                    gate.wait();
                    return {};
                  },
                  [&](result<void> outcome) { blocker.set_value(std::move(outcome)); }});
  // The writer thread is now inside the first job; fill the queue behind it.
  std::vector<std::promise<result<void>>> queued(3);
  std::this_thread::yield();
  int refused = 0;
  for (auto& q : queued) writer->submit(insert("x" + std::to_string(&q - queued.data()), q));
  release.set_value();
  for (auto& q : queued) {
    auto outcome = q.get_future().get();
    if (!outcome) {
      CHECK(outcome.err().code() == errc::unavailable);
      ++refused;
    }
  }
  CHECK(refused >= 1);
  CHECK(blocker.get_future().get().has_value());
}

TEST_CASE("writer: a job marked alone runs outside a transaction between the batches around it", "[storage][writer]") {
  fixture f;
  std::promise<result<void>> before, after, vacuum_done;
  std::atomic<bool> in_transaction{true};
  storage::writer_options options;
  options.max_delay = 50ms;
  auto w = f.make_writer(options);
  w->submit(insert("before", before));
  storage::write_job vacuum{[&](SQLite::Database& db) -> result<void> {
                              in_transaction = !db.getHandle() || sqlite3_get_autocommit(db.getHandle()) == 0;
                              db.exec("VACUUM");  // SQLite refuses this inside a transaction
                              return {};
                            },
                            [&](result<void> outcome) { vacuum_done.set_value(std::move(outcome)); }, true};
  w->submit(std::move(vacuum));
  w->submit(insert("after", after));
  REQUIRE(before.get_future().get());
  auto vacuumed = vacuum_done.get_future().get();
  REQUIRE(vacuumed);
  CHECK_FALSE(in_transaction);
  REQUIRE(after.get_future().get());
  CHECK(f.count("item") == 2);
}
