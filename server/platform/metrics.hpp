// The server's metrics, rendered at /metrics in the Prometheus text format.
//
// A fixed set of counters, gauges and histograms; the hot paths only touch
// atomics (the per-route request counter takes a short mutex). Safe to
// update from any thread; render() takes a consistent-enough snapshot.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace kreds::platform {

class histogram {
 public:
  // Upper bounds of the buckets; +Inf is implicit.
  explicit histogram(std::initializer_list<double> bounds);
  void observe(double value) noexcept;
  void render(std::string& out, std::string_view name, std::string_view labels = {}) const;

 private:
  static constexpr std::size_t max_buckets = 16;
  std::array<double, max_buckets> bounds_{};
  std::size_t size_ = 0;
  std::array<std::atomic<std::uint64_t>, max_buckets + 1> counts_{};
  std::atomic<std::uint64_t> sum_micros_{0};  // sum in millionths of the unit
};

class metrics {
 public:
  metrics();

  std::atomic<std::int64_t> http_connections{0};
  std::atomic<std::int64_t> websocket_connections{0};
  std::atomic<std::uint64_t> websocket_messages_in{0};
  std::atomic<std::uint64_t> websocket_messages_out{0};
  std::atomic<std::uint64_t> websocket_slow_consumers_closed{0};
  std::atomic<std::uint64_t> connections_refused{0};
  std::atomic<std::uint64_t> accept_failures{0};    // accept() failed (out of descriptors); retried with back-off
  std::atomic<std::uint64_t> password_hashes{0};    // password hashes computed or verified
  std::atomic<std::uint64_t> cpu_queue_refused{0};  // hashing jobs refused: the queue was full

  // route: a small fixed vocabulary ("static", "api", "ws", "healthz", ...).
  void count_request(std::string_view route, int status, std::chrono::nanoseconds duration);
  void observe_commit(std::size_t batch_size, std::chrono::nanoseconds duration) noexcept;

  std::string render() const;

 private:
  mutable std::mutex requests_mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  histogram request_seconds_;
  histogram commit_seconds_;
  histogram commit_batch_size_;
};

}  // namespace kreds::platform
