#include "platform/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace kreds::platform {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, std::string_view value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

}  // namespace

histogram::histogram(std::initializer_list<double> bounds) {
  for (double bound : bounds) {
    if (size_ < max_buckets) bounds_[size_++] = bound;
  }
}

void histogram::observe(double value) noexcept {
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.begin() + static_cast<std::ptrdiff_t>(size_), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, value) * 1e6), std::memory_order_relaxed);
}

void histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= size_; ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < size_ ? number(bounds_[i]) : "+Inf";
    sample(out, std::string(name) + "_bucket", prefix + "le=\"" + le + "\"", std::to_string(cumulative));
  }
  sample(out, std::string(name) + "_sum", labels,
         number(static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6));
  sample(out, std::string(name) + "_count", labels, std::to_string(cumulative));
}

metrics::metrics()
    : request_seconds_{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
      commit_seconds_{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
      commit_batch_size_{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024} {}

void metrics::count_request(std::string_view route, int status, std::chrono::nanoseconds duration) {
  request_seconds_.observe(std::chrono::duration<double>(duration).count());
  std::lock_guard lock(requests_mutex_);
  ++requests_[{std::string(route), status}];
}

void metrics::observe_commit(std::size_t batch_size, std::chrono::nanoseconds duration) noexcept {
  commit_seconds_.observe(std::chrono::duration<double>(duration).count());
  commit_batch_size_.observe(static_cast<double>(batch_size));
}

std::string metrics::render() const {
  std::string out;
  header(out, "kreds_open_connections", "gauge", "Open client connections by kind.");
  sample(out, "kreds_open_connections", "kind=\"http\"", std::to_string(http_connections.load()));
  sample(out, "kreds_open_connections", "kind=\"websocket\"", std::to_string(websocket_connections.load()));

  header(out, "kreds_connections_refused_total", "counter", "Connections refused at the connection cap.");
  sample(out, "kreds_connections_refused_total", {}, std::to_string(connections_refused.load()));
  header(out, "kreds_accept_failures_total", "counter",
         "Failed accepts (out of file descriptors), each retried after a back-off.");
  sample(out, "kreds_accept_failures_total", {}, std::to_string(accept_failures.load()));

  header(out, "kreds_password_hashes_total", "counter", "Password hashes computed or verified (logins, invitations).");
  sample(out, "kreds_password_hashes_total", {}, std::to_string(password_hashes.load()));
  header(out, "kreds_cpu_queue_refused_total", "counter",
         "Password hashing jobs refused with 503 busy: the queue was full.");
  sample(out, "kreds_cpu_queue_refused_total", {}, std::to_string(cpu_queue_refused.load()));

  header(out, "kreds_http_requests_total", "counter", "HTTP requests by route and status.");
  {
    std::lock_guard lock(requests_mutex_);
    for (const auto& [key, count] : requests_) {
      sample(out, "kreds_http_requests_total",
             "route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"", std::to_string(count));
    }
  }
  header(out, "kreds_http_request_duration_seconds", "histogram", "HTTP request latency.");
  request_seconds_.render(out, "kreds_http_request_duration_seconds");

  header(out, "kreds_websocket_messages_total", "counter", "WebSocket messages received and sent.");
  sample(out, "kreds_websocket_messages_total", "direction=\"in\"", std::to_string(websocket_messages_in.load()));
  sample(out, "kreds_websocket_messages_total", "direction=\"out\"", std::to_string(websocket_messages_out.load()));
  header(out, "kreds_websocket_slow_consumers_closed_total", "counter",
         "WebSockets closed because their outgoing queue was full.");
  sample(out, "kreds_websocket_slow_consumers_closed_total", {},
         std::to_string(websocket_slow_consumers_closed.load()));

  header(out, "kreds_storage_commit_duration_seconds", "histogram", "Time to run and commit one write batch.");
  commit_seconds_.render(out, "kreds_storage_commit_duration_seconds");
  header(out, "kreds_storage_commit_batch_size", "histogram", "Write jobs per committed transaction.");
  commit_batch_size_.render(out, "kreds_storage_commit_batch_size");
  return out;
}

}  // namespace kreds::platform
