// Wall-clock time as Kreds stores it: UTC, ISO 8601 text
// ("2026-11-24T09:30:00Z"), which sorts correctly in SQL. The application
// holds one `clock` so tests can move time. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kreds {

using time_point = std::chrono::system_clock::time_point;
using clock = std::function<time_point()>;

inline time_point system_now() { return std::chrono::system_clock::now(); }

std::string to_iso(time_point at);
// "YYYY-MM-DD" of `at`.
std::string to_iso_date(time_point at);
// Parses "YYYY-MM-DD"; nothing when malformed or not a real date.
std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text);
// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]Z" (UTC); nothing when malformed.
std::optional<time_point> parse_iso_time(std::string_view text);

// The day of `at` (UTC) and the Monday of its ISO week.
std::chrono::sys_days day_of(time_point at);
std::chrono::sys_days monday_of(std::chrono::sys_days day);
std::string to_iso_date(std::chrono::sys_days day);

}  // namespace kreds
