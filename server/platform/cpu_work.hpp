// Running CPU-heavy work (password hashing, matching) on the CPU pool from
// a coroutine, so the network threads never block:
//
//   auto hashing = run_cpu<result<std::string>>(pool, [=] { return hash_password(pw); });
//   auto hash = co_await std::move(hashing);
//
// (Create the awaitable in its own statement; see storage_calls.hpp for why.)
//
// The coroutine resumes on its own executor with the function's result
// (platform/completion.hpp).
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "platform/completion.hpp"

namespace kreds::platform {

template <class R, class Fn>
boost::asio::awaitable<R> run_cpu(boost::asio::thread_pool& pool, Fn fn) {
  return await_completion<R>([&pool, fn = std::move(fn)](auto done) mutable {
    boost::asio::post(pool, [work = std::move(fn), done]() mutable { done(work()); });
  });
}

}  // namespace kreds::platform
