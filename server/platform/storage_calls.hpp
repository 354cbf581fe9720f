// Awaiting storage from a coroutine without blocking the network thread.
//
//   auto id_pending = write_db<std::int64_t>(ctx.writer(), [=](SQLite::Database& db) -> result<std::int64_t> {...});
//   auto id = co_await std::move(id_pending);
//
// Always create the awaitable in its own statement, then co_await it: g++ 12
// mishandles a lambda temporary with non-trivial captures inside a co_await
// full-expression (it is destroyed twice), so never write
// `co_await write_db<T>(writer, [s = some_string] ...)`.
//
// The function runs on the storage thread; the coroutine resumes on its own
// executor (its connection's strand) with the result, after the commit for
// writes (platform/completion.hpp). The function must capture by value
// anything the coroutine frame might not outlive — it does outlive the call
// here, since the coroutine waits, but keep captures explicit.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <SQLiteCpp/Exception.h>

#include "core/result.hpp"
#include "platform/completion.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::platform {

// Does nothing after a commit.
struct no_after_commit {
  template <class V>
  void operator()(const V&) const noexcept {}
};

// after_commit(const T&) runs on the writer thread right after the commit and
// before the coroutine resumes: commits, and so these calls, happen in one
// order for all callers (chat uses it to publish messages in sequence order).
template <class T, class Fn, class After = no_after_commit>
boost::asio::awaitable<result<T>> write_db(storage::writer& writer, Fn fn, After after_commit = {}) {
  return await_completion<result<T>>([&writer, fn = std::move(fn), after_commit](auto done) mutable {
    auto produced = std::make_shared<std::optional<result<T>>>();
    writer.submit(storage::write_job{[work = std::move(fn), produced](SQLite::Database& db) mutable -> result<void> {
                                       if constexpr (std::is_void_v<T>) {
                                         return work(db);
                                       } else {
                                         auto outcome = work(db);
                                         KREDS_RETURN_IF_ERROR(outcome);
                                         produced->emplace(std::move(outcome));
                                         return {};
                                       }
                                     },
                                     [done, produced, after_commit](result<void> committed) mutable {
                                       if constexpr (std::is_void_v<T>) {
                                         done(std::move(committed));
                                       } else if (!committed) {
                                         done(result<T>(std::move(committed).err()));
                                       } else {
                                         after_commit(***produced);
                                         done(std::move(**produced));
                                       }
                                     }});
  });
}

template <class T, class Fn>
boost::asio::awaitable<result<T>> read_db(storage::reader_pool& readers, Fn fn) {
  return await_completion<result<T>>([&readers, fn = std::move(fn)](auto done) mutable {
    readers.submit([work = std::move(fn), done](SQLite::Database* db, const kreds::error* refused) mutable {
      if (!db) {
        done(result<T>(*refused));
        return;
      }
      // A throw is this request's failure, never the reader thread's (or the process's) end.
      std::optional<result<T>> outcome;
      try {
        outcome.emplace(work(*db));
      } catch (const SQLite::Exception& failure) {
        outcome.emplace(storage::to_error(failure));
      } catch (const std::exception& failure) {
        outcome.emplace(kreds::error{errc::internal, std::string("read failed: ") + failure.what()});
      }
      done(std::move(*outcome));
    });
  });
}

// Runs fn(db) -> result<void> on the writer by itself, between batches and
// outside any transaction: for what SQLite refuses inside one (a WAL
// checkpoint, VACUUM). It must not fail halfway: nothing rolls it back.
template <class Fn>
boost::asio::awaitable<result<void>> run_alone(storage::writer& writer, Fn fn) {
  return await_completion<result<void>>([&writer, fn = std::move(fn)](auto done) mutable {
    writer.submit(
        storage::write_job{std::move(fn), [done](result<void> outcome) mutable { done(std::move(outcome)); }, true});
  });
}

}  // namespace kreds::platform
