// Running CPU-heavy work (password hashing) on the CPU queue from a
// coroutine, so the network threads never block:
//
//   auto hashing = run_cpu<std::string>(ctx.cpu(), ctx.metrics(), cpu_queue::priority::other, [=] { return hash(pw);
//   }); auto hash = co_await std::move(hashing);   // result<std::string>
//
// (Create the awaitable in its own statement; see storage_calls.hpp for why.)
//
// The coroutine resumes on its own executor (platform/completion.hpp) with
// the function's value, or with errc::busy (retry_after_seconds set) at once
// when the queue is full.
#pragma once

#include "core/result.hpp"
#include "platform/completion.hpp"
#include "platform/cpu_queue.hpp"
#include "platform/metrics.hpp"

namespace kreds::platform {

// How long a refused caller is asked to wait: a full queue drains in about this.
inline constexpr long cpu_busy_retry_seconds = 2;

// Counts each job run in metrics().password_hashes and each refusal in cpu_queue_refused.
template <class R, class Fn>
boost::asio::awaitable<result<R>> run_cpu(cpu_queue& queue, platform::metrics& counts, cpu_queue::priority level,
                                          Fn fn) {
  return await_completion<result<R>>([&queue, &counts, level, fn = std::move(fn)](auto done) mutable {
    const bool queued = queue.try_post(level, [work = std::move(fn), done, &counts]() mutable {
      ++counts.password_hashes;
      done(result<R>(work()));
    });
    if (!queued) {
      ++counts.cpu_queue_refused;
      done(result<R>(
          kreds::error{errc::busy, "the server is busy; try again shortly"}.with_retry_after(cpu_busy_retry_seconds)));
    }
  });
}

}  // namespace kreds::platform
