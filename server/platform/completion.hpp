// The one bridge from callback-style work (the writer, the reader pool, the
// CPU pool) to a coroutine: await_completion<R>(start) suspends the
// coroutine and calls start(done); `done(R)` may be called once, from any
// thread, and resumes the coroutine on its own executor (its connection's
// strand) with the value. Until then the executor's io_context is kept alive.
//
// storage_calls.hpp (read_db, write_db) and cpu_work.hpp (run_cpu) are built
// on it; a new kind of background work should be too, rather than another
// async_initiate.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <utility>

namespace kreds::platform {

namespace detail {

// Copyable (the writer's and readers' callbacks are std::function), call once.
template <class R, class Handler>
class completion {
 public:
  explicit completion(Handler handler)
      : handler_(std::make_shared<Handler>(std::move(handler))),
        guard_(std::make_shared<guard_type>(
            boost::asio::make_work_guard(boost::asio::get_associated_executor(*handler_)))) {}

  void operator()(R value) const {
    auto executor = guard_->get_executor();
    boost::asio::post(executor, [handler = handler_, guard = guard_, value = std::move(value)]() mutable {
      (*handler)(std::move(value));
      guard->reset();
    });
  }

 private:
  using guard_type =
      decltype(boost::asio::make_work_guard(boost::asio::get_associated_executor(std::declval<Handler&>())));
  std::shared_ptr<Handler> handler_;
  std::shared_ptr<guard_type> guard_;
};

}  // namespace detail

template <class R, class Start>
boost::asio::awaitable<R> await_completion(Start start) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(R)>(
      [](auto handler, Start begin) { begin(detail::completion<R, decltype(handler)>(std::move(handler))); },
      boost::asio::use_awaitable, std::move(start));
}

}  // namespace kreds::platform
