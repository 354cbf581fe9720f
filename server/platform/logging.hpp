// Structured logging on spdlog: human-readable lines by default, JSON lines
// with `log.format = "json"`.
//
// Every line about a connection or request carries its id ("c12", "r345"):
// call log_info(id, ...) and friends rather than spdlog directly, so the id
// lands in its own field in JSON and in brackets in text. The id travels in
// a thread_local only for the duration of the synchronous spdlog call, so
// coroutines switching threads cannot mix ids. Thread-safe.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "core/result.hpp"

namespace kreds::platform {

// Installs the default logger (stderr). Call once at start-up.
result<void> setup_logging(std::string_view level, std::string_view format);

namespace detail {
struct scoped_log_id {
  explicit scoped_log_id(std::string_view id) noexcept;
  ~scoped_log_id();
  scoped_log_id(const scoped_log_id&) = delete;
  scoped_log_id& operator=(const scoped_log_id&) = delete;
};
}  // namespace detail

template <class... Args>
void log_at(spdlog::level::level_enum level, std::string_view id, spdlog::format_string_t<Args...> format,
            Args&&... args) {
  if (!spdlog::should_log(level)) return;
  detail::scoped_log_id scope(id);
  spdlog::log(level, format, std::forward<Args>(args)...);
}

template <class... Args>
void log_debug(std::string_view id, spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::debug, id, format, std::forward<Args>(args)...);
}
template <class... Args>
void log_info(std::string_view id, spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::info, id, format, std::forward<Args>(args)...);
}
template <class... Args>
void log_warn(std::string_view id, spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::warn, id, format, std::forward<Args>(args)...);
}
template <class... Args>
void log_error(std::string_view id, spdlog::format_string_t<Args...> format, Args&&... args) {
  log_at(spdlog::level::err, id, format, std::forward<Args>(args)...);
}

}  // namespace kreds::platform
