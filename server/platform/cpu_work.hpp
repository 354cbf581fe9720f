// Running CPU-heavy work (password hashing, matching) on the CPU pool from
// a coroutine, so the network threads never block:
//
//   auto hashing = run_cpu<result<std::string>>(pool, [=] { return hash_password(pw); });
//   auto hash = co_await std::move(hashing);
//
// (Create the awaitable in its own statement; see storage_calls.hpp for why.)
//
// The coroutine resumes on its own executor with the function's result.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace kreds::platform {

template <class R, class Fn>
boost::asio::awaitable<R> run_cpu(boost::asio::thread_pool& pool, Fn fn) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(R)>(
      [&pool](auto handler, Fn work) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto home = boost::asio::get_associated_executor(*shared);
        boost::asio::post(pool, [shared, work = std::move(work), guard = boost::asio::make_work_guard(home)]() mutable {
          R value = work();
          auto executor = guard.get_executor();
          boost::asio::post(executor, [shared, value = std::move(value)]() mutable { (*shared)(std::move(value)); });
        });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace kreds::platform
