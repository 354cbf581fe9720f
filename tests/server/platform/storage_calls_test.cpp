// read_db: a read that throws is that request's error, not the end of the
// reader thread (or of the process).
#include <SQLiteCpp/Database.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>
#include <optional>
#include <stdexcept>

#include "platform/storage_calls.hpp"
#include "storage/database.hpp"
#include "support/temp_dir.hpp"

using namespace kreds;

TEST_CASE("storage calls: a read that throws answers an internal error and the reader keeps serving",
          "[unit][storage]") {
  testing::temp_dir dir;
  storage::database_options options{dir.file("reads.sqlite3")};
  REQUIRE(storage::open_database(options));  // creates the file
  auto readers = storage::reader_pool::open(options, storage::reader_options{1, 16});
  REQUIRE(readers);
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::optional<result<int>> failed, served;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto failing = platform::read_db<int>(
            **readers, [](SQLite::Database&) -> result<int> { throw std::runtime_error("a row that cannot be read"); });
        failed.emplace(co_await std::move(failing));
        auto working = platform::read_db<int>(
            **readers, [](SQLite::Database& db) -> result<int> { return db.execAndGet("SELECT 41 + 1").getInt(); });
        served.emplace(co_await std::move(working));
        guard.reset();
      },
      boost::asio::detached);
  io.run();
  REQUIRE(failed);
  REQUIRE_FALSE(*failed);
  CHECK(failed->err().code() == errc::internal);
  CHECK(failed->err().message_is_private());
  REQUIRE(served);
  REQUIRE(*served);
  CHECK(**served == 42);
}
