#include "platform/cpu_queue.hpp"

namespace kreds::platform {

cpu_queue::cpu_queue(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

cpu_queue::~cpu_queue() { stop(); }

bool cpu_queue::try_post(priority level, std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || logins_.size() + others_.size() >= max_waiting_) return false;
    (level == priority::login ? logins_ : others_).push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

std::size_t cpu_queue::waiting() const {
  std::lock_guard lock(mutex_);
  return logins_.size() + others_.size();
}

void cpu_queue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void cpu_queue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !logins_.empty() || !others_.empty(); });
      auto& from = !logins_.empty() ? logins_ : others_;
      if (from.empty()) return;  // stopping, nothing left
      job = std::move(from.front());
      from.pop_front();
    }
    job();
  }
}

}  // namespace kreds::platform
