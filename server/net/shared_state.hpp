// What every session of one server shares: the platform context, the canonical
// web root, the registry of open sessions and the id counter. Created by the
// server before it accepts; immutable apart from the thread-safe members.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "net/session_registry.hpp"
#include "platform/context.hpp"

namespace kreds::net {

struct shared_state {
  explicit shared_state(platform::context& context) : ctx(context) {}

  platform::context& ctx;
  std::filesystem::path web_root;  // canonical
  session_registry registry;
  std::atomic<std::uint64_t> next_id{1};
  std::atomic<bool> stopping{false};

  std::string next_request_id() { return "r" + std::to_string(next_id.fetch_add(1)); }
};

}  // namespace kreds::net
