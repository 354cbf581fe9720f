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
// writes. The function must capture by value anything the coroutine frame
// might not outlive — it does outlive the call here, since the coroutine
// waits, but keep captures explicit.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <optional>
#include <type_traits>

#include <SQLiteCpp/Exception.h>

#include "core/result.hpp"
#include "storage/reader_pool.hpp"
#include "storage/writer.hpp"

namespace kreds::platform {

namespace detail {

// Resumes `handler` on its own executor with `value`, keeping that executor's
// io_context alive until then.
template <class Handler, class Value>
void resume(std::shared_ptr<Handler> handler, Value value) {
  auto executor = boost::asio::get_associated_executor(*handler);
  auto work = boost::asio::make_work_guard(executor);
  boost::asio::post(executor, [handler = std::move(handler), value = std::move(value),
                               work = std::move(work)]() mutable { (*handler)(std::move(value)); });
}

}  // namespace detail

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
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(result<T>)>(
      [&writer, after_commit](auto handler, Fn work) {
        using handler_type = decltype(handler);
        auto shared_handler = std::make_shared<handler_type>(std::move(handler));
        auto executor = boost::asio::get_associated_executor(*shared_handler);
        auto keep_alive = std::make_shared<decltype(boost::asio::make_work_guard(executor))>(
            boost::asio::make_work_guard(executor));
        auto produced = std::make_shared<std::optional<result<T>>>();
        writer.submit(storage::write_job{
            [work = std::move(work), produced](SQLite::Database& db) mutable -> result<void> {
              if constexpr (std::is_void_v<T>) {
                return work(db);
              } else {
                auto outcome = work(db);
                if (!outcome) return std::move(outcome).err();
                produced->emplace(std::move(outcome));
                return {};
              }
            },
            [shared_handler, produced, keep_alive, after_commit](result<void> committed) mutable {
              if constexpr (std::is_void_v<T>) {
                detail::resume(std::move(shared_handler), std::move(committed));
              } else {
                if (!committed) {
                  detail::resume(std::move(shared_handler), result<T>(std::move(committed).err()));
                } else {
                  after_commit(***produced);
                  detail::resume(std::move(shared_handler), std::move(**produced));
                }
              }
              keep_alive->reset();
            }});
      },
      boost::asio::use_awaitable, std::move(fn));
}

template <class T, class Fn>
boost::asio::awaitable<result<T>> read_db(storage::reader_pool& readers, Fn fn) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(result<T>)>(
      [&readers](auto handler, Fn work) {
        using handler_type = decltype(handler);
        auto shared_handler = std::make_shared<handler_type>(std::move(handler));
        auto executor = boost::asio::get_associated_executor(*shared_handler);
        auto keep_alive = std::make_shared<decltype(boost::asio::make_work_guard(executor))>(
            boost::asio::make_work_guard(executor));
        readers.submit([work = std::move(work), shared_handler, keep_alive](SQLite::Database* db,
                                                                            const kreds::error* refused) mutable {
          struct release {
            decltype(keep_alive)& guard;
            ~release() { guard->reset(); }
          } released{keep_alive};
          if (!db) {
            detail::resume(std::move(shared_handler), result<T>(*refused));
            return;
          }
          try {
            detail::resume(std::move(shared_handler), result<T>(work(*db)));
          } catch (const SQLite::Exception& failure) {
            detail::resume(std::move(shared_handler), result<T>(storage::to_error(failure)));
          }
        });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace kreds::platform
