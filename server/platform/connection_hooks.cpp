#include "platform/connection_hooks.hpp"

namespace kreds::platform {

boost::asio::awaitable<void> connection_hooks::opened(caller who, std::shared_ptr<subscriber> events) const {
  for (const auto& run : opened_) {
    auto running = run(who, events);
    co_await std::move(running);
  }
}

boost::asio::awaitable<void> connection_hooks::closed(caller who, std::shared_ptr<subscriber> events) const {
  for (const auto& run : closed_) {
    auto running = run(who, events);
    co_await std::move(running);
  }
}

}  // namespace kreds::platform
